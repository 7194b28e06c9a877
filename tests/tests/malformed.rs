//! Broken specs: each gives a diagnostic naming the file and the JSON pointer
//! of the fault, and none panics.

use fax_codegen::Diagnostic;

fn diagnostics(relative: &str) -> Vec<Diagnostic> {
    let path = fax_tests::fixture(relative);
    let text = std::fs::read_to_string(path).unwrap();
    let name = format!("fixtures/{relative}");
    match fax_codegen::generate(&name, &text, "") {
        Ok(_) => panic!("{relative} should not generate"),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in &diagnostics {
                assert_eq!(d.file, name, "every diagnostic names the file");
            }
            diagnostics
        }
    }
}

fn only(relative: &str) -> Diagnostic {
    let mut all = diagnostics(relative);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn invalid_json_names_the_line_and_column() {
    let d = only("malformed/invalid_json.json");
    assert_eq!(d.line, Some((3, 30)));
    assert_eq!(d.pointer, "/info");
    assert!(d.message.contains("expected `,` or `}`"), "{d}");
}

#[test]
fn invalid_yaml_names_the_line() {
    let d = only("malformed/invalid_yaml.yaml");
    assert_eq!(d.line.map(|(line, _)| line), Some(4), "{d}");
    assert!(
        d.to_string()
            .starts_with("fixtures/malformed/invalid_yaml.yaml:4:"),
        "{d}"
    );
}

#[test]
fn a_wrong_type_names_its_pointer() {
    let d = only("malformed/wrong_type.yaml");
    assert_eq!(d.pointer, "/paths/~1faxes/get/parameters/0/required", "{d}");
    assert!(d.message.contains("expected a boolean"), "{d}");
}

#[test]
fn a_dangling_reference_names_where_it_stands() {
    let d = only("malformed/dangling_ref.yaml");
    assert_eq!(d.pointer, "/components/schemas/Fax/properties/owner/$ref");
    assert!(d.message.contains("#/components/schemas/Owner"), "{d}");
}

#[test]
fn a_reference_to_another_file_is_unsupported() {
    let d = only("malformed/external_ref.yaml");
    assert_eq!(d.pointer, "/components/schemas/Fax/properties/owner/$ref");
    assert!(d.message.contains("other files"), "{d}");
}

#[test]
fn a_cycle_of_references_is_reported_not_followed_forever() {
    let all = diagnostics("malformed/ref_cycle.yaml");
    let pointers: Vec<&str> = all.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/components/schemas/A/$ref", "/components/schemas/B/$ref"]
    );
    assert!(all[0].message.contains("cycle"), "{}", all[0]);
}

#[test]
fn openapi_3_1_is_read_and_its_rewrites_recorded() {
    let relative = "malformed/openapi_31.yaml";
    let text = std::fs::read_to_string(fax_tests::fixture(relative)).unwrap();
    let generated = fax_codegen::generate("openapi_31.yaml", &text, "").unwrap();
    let pointers: Vec<&str> = generated
        .rewrites
        .iter()
        .map(|r| r.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/openapi"], "{:?}", generated.rewrites);
    assert_eq!(generated.rewrites[0].file, "openapi_31.yaml");
}

#[test]
fn an_unknown_json_schema_dialect_is_named() {
    let d = only("malformed/unknown_dialect.yaml");
    assert_eq!(d.pointer, "/jsonSchemaDialect");
    assert!(d.message.contains("draft/2019-09"), "{d}");
    assert!(
        d.message
            .starts_with("unsupported construct: `jsonSchemaDialect`"),
        "{d}"
    );
}

#[test]
fn a_dynamic_reference_is_named_where_it_stands() {
    let d = only("malformed/dynamic_ref.yaml");
    assert_eq!(
        d.pointer,
        "/components/schemas/Tree/properties/children/items/$dynamicRef"
    );
    assert!(
        d.message
            .starts_with("unsupported construct: `$dynamicRef`"),
        "{d}"
    );
}

#[test]
fn an_invalid_leaf_deep_inside_unions_is_named_at_once() {
    let d = only("malformed/deep_invalid_leaf.yaml");
    assert_eq!(
        d.pointer,
        "/components/schemas/A/properties/p/oneOf/1/allOf/0/oneOf/1/anyOf/1/minLength"
    );
    assert_eq!(
        d.message,
        "`minLength` must be a whole number of at least 0, found the string \"three\""
    );
}

#[test]
fn swagger_2_is_an_unsupported_version() {
    let d = only("malformed/swagger_2.json");
    assert_eq!(d.pointer, "/swagger");
    assert!(d.message.starts_with("unsupported version: Swagger"), "{d}");
}

#[test]
fn diagnostics_read_as_file_pointer_message() {
    let d = only("malformed/dangling_ref.yaml");
    assert_eq!(
        d.to_string(),
        "fixtures/malformed/dangling_ref.yaml: at /components/schemas/Fax/properties/owner/$ref: \
         dangling reference `#/components/schemas/Owner`: no schema named `Owner` in components.schemas"
    );
}

#[test]
fn truncated_and_random_input_never_panics() {
    // Every prefix of a real spec is some kind of broken document.
    let text =
        std::fs::read_to_string(fax_tests::repo_root().join("specs/twilio_fax_v1.json")).unwrap();
    for end in (0..text.len()).step_by(97) {
        let prefix = &text[..end];
        let _ = fax_codegen::generate("prefix.json", prefix, "");
        let _ = fax_codegen::generate("prefix.yaml", prefix, "");
    }
}

#[test]
fn a_dangling_reference_into_a_schema_names_where_it_stands() {
    let d = only("malformed/dangling_deep_ref.yaml");
    assert_eq!(
        d.pointer,
        "/components/schemas/Fax/properties/owner_age/$ref"
    );
    assert!(
        d.message
            .contains("#/components/schemas/Owner/properties/age"),
        "{d}"
    );
}

#[test]
fn an_overlay_cannot_replace_what_the_base_defines() {
    let base = "openapi: 3.0.3\ninfo: {title: Base, version: '1'}\npaths:\n  /faxes:\n    get:\n      responses: {'200': {description: OK}}\n\
                components:\n  schemas:\n    Fax: {type: object}\n";
    let overlay = "openapi: 3.0.3\ninfo: {title: Overlay, version: '1'}\npaths:\n  /faxes:\n    get:\n      responses: {'200': {description: OK}}\n    post:\n      responses: {'201': {description: Created}}\n\
                   components:\n  schemas:\n    Fax: {type: string}\n    Extra: {type: object, properties: {id: {type: string}}}\n";
    let diagnostics =
        fax_codegen::generate_with_overlays("base.yaml", base, &[("overlay.yaml", overlay)], "")
            .unwrap_err();
    let located: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.file.as_str(), d.pointer.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            ("overlay.yaml", "/paths/~1faxes/get"),
            ("overlay.yaml", "/components/schemas/Fax")
        ]
    );
    let fine = overlay
        .replace(
            "    get:\n      responses: {'200': {description: OK}}\n    post:",
            "    post:",
        )
        .replace("    Fax: {type: string}\n", "");
    let generated =
        fax_codegen::generate_with_overlays("base.yaml", base, &[("overlay.yaml", &fine)], "")
            .unwrap();
    assert_eq!((generated.operations, generated.types), (2, 2));
}
