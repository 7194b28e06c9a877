//! Generates every feature fixture under `fixtures/features/` into `OUT_DIR`,
//! so the generated models are compiled (and linted) with this crate and the
//! behaviour tests can use them.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let mut modules = String::new();
    for path in fixture_files("features") {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        let name = format!(
            "fixtures/features/{}",
            path.file_name().and_then(|s| s.to_str()).unwrap_or(stem)
        );
        let text = std::fs::read_to_string(&path).expect("a readable fixture");
        let generated = match fax_codegen::generate(&name, &text, "") {
            Ok(generated) => generated,
            Err(diagnostics) => {
                let all: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                panic!("fixture {name} does not generate:\n{}", all.join("\n"));
            }
        };
        let types = generated
            .files
            .iter()
            .find(|f| f.name == "types.rs")
            .expect("a types.rs file");
        let body = items_only(&types.contents);
        std::fs::write(Path::new(&out_dir).join(format!("{stem}.rs")), body)
            .expect("OUT_DIR is writable");
        let _ = writeln!(
            modules,
            "/// Models generated from `{name}`.\npub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}.rs\"));\n}}"
        );
    }
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), modules).expect("OUT_DIR is writable");
    clients(&out_dir);
}

/// A generated file without its inner docs (`//!`): `include!` takes items only.
fn items_only(contents: &str) -> String {
    contents
        .lines()
        .filter(|line| !line.starts_with("//!"))
        .fold(String::new(), |mut out, line| {
            out.push_str(line);
            out.push('\n');
            out
        })
}

/// The YAML and JSON documents of `fixtures/FOLDER/`, sorted, each (and the
/// folder) marked for cargo to rebuild on a change.
fn fixture_files(folder: &str) -> Vec<std::path::PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(folder);
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut entries: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "json")
        })
        .collect();
    entries.sort();
    for path in &entries {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    entries
}

/// Generates every fixture under `fixtures/clients/` whole (client,
/// request builders and models), so wire tests can call its operations.
fn clients(out_dir: &str) {
    let mut modules = String::new();
    for path in fixture_files("clients") {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        let name = format!("fixtures/clients/{stem}.yaml");
        let text = std::fs::read_to_string(&path).expect("a readable fixture");
        let generated = fax_codegen::generate(&name, &text, "").unwrap_or_else(|diagnostics| {
            let all: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("fixture {name} does not generate:\n{}", all.join("\n"))
        });
        let dir = Path::new(out_dir).join("clients").join(stem);
        std::fs::create_dir_all(&dir).expect("OUT_DIR is writable");
        let mut module = format!("/// The client generated from `{name}`.\npub mod {stem} {{\n");
        for file in &generated.files {
            let Some(module_name) = file.name.strip_suffix(".rs").filter(|n| *n != "mod") else {
                continue;
            };
            let body = items_only(&file.contents);
            std::fs::write(dir.join(&file.name), body).expect("OUT_DIR is writable");
            let visibility = if module_name == "client" { "" } else { "pub " };
            let _ = writeln!(
                module,
                "    {visibility}mod {module_name} {{\n        include!(concat!(env!(\"OUT_DIR\"), \"/clients/{stem}/{}\"));\n    }}",
                file.name
            );
        }
        module.push_str("    pub use client::Client;\n}\n");
        modules.push_str(&module);
    }
    std::fs::write(Path::new(out_dir).join("clients.rs"), modules).expect("OUT_DIR is writable");
}
