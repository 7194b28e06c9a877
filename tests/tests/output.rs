//! Properties of the generated source as text: deterministic, and already in
//! the form `rustfmt` would give it, so `generated/` passes `cargo fmt --check`.

use std::io::Write;
use std::process::{Command, Stdio};

fn all_inputs() -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let features = fax_tests::fixture("features");
    let mut paths: Vec<_> =
        std::fs::read_dir(features).unwrap().map(|e| e.unwrap().path()).collect();
    let specs = fax_tests::repo_root().join("specs");
    paths.extend(std::fs::read_dir(&specs).unwrap().map(|e| e.unwrap().path()).filter(
        |p| {
            let name = p.file_name().unwrap().to_string_lossy();
            (name.ends_with(".json") || name.ends_with(".yaml"))
                && name != "manifest.yaml"
        },
    ));
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        inputs.push((name, std::fs::read_to_string(&path).unwrap()));
    }
    inputs
}

#[test]
fn two_runs_give_the_same_bytes() {
    for (name, text) in all_inputs() {
        let first = fax_codegen::generate(&name, &text, "// header").unwrap();
        let second = fax_codegen::generate(&name, &text, "// header").unwrap();
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn output_is_rustfmt_stable() {
    let config = fax_tests::repo_root().join("rustfmt.toml");
    for (name, text) in all_inputs() {
        let generated = fax_codegen::generate(&name, &text, "// header").unwrap();
        for file in generated.files {
            let mut child = Command::new("rustfmt")
                .args(["--edition", "2021", "--emit", "stdout", "--config-path"])
                .arg(&config)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("rustfmt is installed with the toolchain (rustup component add rustfmt)");
            child.stdin.take().unwrap().write_all(file.contents.as_bytes()).unwrap();
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{name}/{}: {}",
                file.name,
                String::from_utf8_lossy(&output.stderr)
            );
            let formatted = String::from_utf8(output.stdout).unwrap();
            if formatted != file.contents {
                let diff = similar::TextDiff::from_lines(&file.contents, &formatted);
                panic!(
                    "{name}/{}: rustfmt would change:\n{}",
                    file.name,
                    diff.unified_diff()
                );
            }
        }
    }
}
