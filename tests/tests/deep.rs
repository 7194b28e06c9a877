//! Deep documents never crash the generator: every file of `fixtures/deep/`
//! (a schema nested 60, 128 and 256 levels: objects, arrays, maps, unions and
//! all four in turn; made by `scripts/make-deep-fixtures.py`) generates, with
//! a located warning where lists and maps nest too deep for one Rust type.
//! Deeper text is refused with a located error (JSON nested over 600 levels,
//! YAML over 128). The test runs on a default test thread: the generator
//! brings its own stack. `cargo xtask corpus tests/fixtures/deep` (CI) also compiles what
//! they generate.

use fax_codegen::Severity;

#[test]
fn every_depth_generates_or_is_refused_with_a_located_error() {
    let folder = fax_tests::fixture("deep");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 15, "{files:?}");
    let mut generated = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        match fax_codegen::generate(file, &text, "") {
            Ok(api) => {
                for warning in &api.warnings {
                    assert_eq!(warning.severity, Severity::Warning);
                    assert!(
                        warning.pointer.starts_with("/components/schemas/Root"),
                        "{warning}"
                    );
                }
                generated.push(file.as_str());
            }
            Err(errors) => {
                let first = &errors[0];
                assert_eq!(first.file, *file);
                assert!(
                    first.line.is_some() || !first.pointer.is_empty(),
                    "{file}: not located: {first}"
                );
            }
        }
    }
    // Every depth up to 256 levels generates (JSON may nest 600 levels).
    assert_eq!(generated.len(), files.len(), "generated only {generated:?}");
}

/// Sixty lists inside one another are more than one Rust type may nest:
/// the innermost levels become JSON values, with a warning saying where.
#[test]
fn lists_nested_beyond_the_cap_read_as_json_with_a_warning() {
    let text = std::fs::read_to_string(fax_tests::fixture("deep/arrays_60.json")).unwrap();
    let api = fax_codegen::generate("arrays_60.json", &text, "").unwrap();
    assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
    assert!(api.warnings[0].message.contains("nested more than 32 deep"));
    let root = api.surface.items["types::Root"].to_line();
    let expected = format!(
        "types::Root: type = {}serde_json::Value{}",
        "Vec<".repeat(32),
        ">".repeat(32)
    );
    assert_eq!(root, expected);
}

/// Text nested deeper than the parser allows is a located error, never a
/// crash, however deep it goes.
#[test]
fn text_deeper_than_the_limit_is_a_located_error() {
    let depth = 100_000;
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"x\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let errors = fax_codegen::generate("deep.json", &text, "").unwrap_err();
    assert_eq!(errors[0].line, Some((1, 626)), "{}", errors[0]);
    assert!(
        errors[0].message.contains("more than 600 levels"),
        "{}",
        errors[0]
    );
    let yaml = format!(
        "openapi: 3.0.3\nx: {}{}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    let errors = fax_codegen::generate("deep.yaml", &yaml, "").unwrap_err();
    assert!(errors[0].line.is_some(), "{}", errors[0]);
}
