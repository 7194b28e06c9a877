//! Spec text never breaks the build: Unicode's bidirectional controls
//! (U+202A–U+202E, U+2066–U+2069), real in right-to-left text, reach no
//! generated file raw, where rustc refuses them
//! (`text_direction_codepoint_in_comment`, `…_in_literal`). The regression
//! input `b01_bidi_controls.yaml` puts them in every place spec text reaches
//! (`tests/tests/regressions.rs` also compiles its output).

const CONTROLS: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

fn generated() -> fax_codegen::GeneratedApi {
    let path = fax_tests::fixture("regressions/b01_bidi_controls.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(CONTROLS), "the fixture holds the controls");
    fax_codegen::generate("b01_bidi_controls.yaml", &text, "").unwrap()
}

fn file<'a>(api: &'a fax_codegen::GeneratedApi, name: &str) -> &'a str {
    &api.files.iter().find(|f| f.name == name).unwrap().contents
}

#[test]
fn no_generated_file_holds_a_raw_control() {
    let api = generated();
    for file in &api.files {
        assert!(!file.contents.contains(CONTROLS), "{}", file.name);
    }
}

#[test]
fn docs_show_each_control_as_an_escape() {
    let api = generated();
    let module = file(&api, "mod.rs");
    for control in CONTROLS {
        let escape = format!("\\u{{{:04X}}}", u32::from(control));
        assert!(module.contains(&escape), "{escape} in the module docs");
    }
    // Operation, parameter and server variable docs.
    assert!(file(&api, "operations.rs").contains("Fetch \\u{202A}"));
    assert!(file(&api, "client.rs").contains("The space \\u{202A}"));
}

#[test]
fn wire_names_keep_their_controls_as_escapes_in_literals() {
    let api = generated();
    let types = file(&api, "types.rs");
    // The property `title` + controls: a field named in ASCII, renamed on the wire.
    assert!(types.contains("pub title: Option<String>"), "{types}");
    assert!(types.contains("rename = \"title\\u{202a}"), "{types}");
    // Enum values: the match arms compare with the escaped wire value.
    assert!(types.contains("\"sent\\u{202a}"), "{types}");
}

#[test]
fn identifiers_are_made_of_ascii_only() {
    let api = generated();
    for item in api.surface.items.values() {
        assert!(item.path.is_ascii(), "{}", item.path);
    }
}
