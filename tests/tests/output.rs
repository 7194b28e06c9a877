//! Properties of the generated source as text.

fn all_inputs() -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let features = fax_tests::fixture("features");
    let mut paths: Vec<_> = std::fs::read_dir(features)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let specs = fax_tests::repo_root().join("specs");
    paths.extend(
        std::fs::read_dir(&specs)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                (name.ends_with(".json") || name.ends_with(".yaml"))
                    && name != "manifest.yaml"
                    && !name.ends_with(".overlay.yaml")
            }),
    );
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
