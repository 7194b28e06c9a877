//! Which generated structs keep the properties their schema does not name:
//! every object OpenAPI leaves open (the default, or `true`), none that
//! `additionalProperties: false` closes, and typed ones where a schema types them.

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Extra, version: '1'}
paths: {}
components:
  schemas:
    Open:
      type: object
      properties: {id: {type: string}}
    SaidOpen:
      type: object
      additionalProperties: true
      properties: {id: {type: string}}
    Closed:
      type: object
      additionalProperties: false
      properties: {id: {type: string}}
    Typed:
      type: object
      additionalProperties: {type: integer}
      properties: {id: {type: string}}
"#;

/// The text of `pub struct <name> { .. }` in the generated models.
fn struct_text(types: &str, name: &str) -> String {
    let start = types
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let end = start + types[start..].find("\n}").expect("struct ends");
    types[start..end].to_owned()
}

#[test]
fn open_objects_keep_unknown_properties_and_closed_ones_do_not() {
    let api = fax_codegen::generate("extra.yaml", SPEC, "// @generated").expect("generates");
    let types = api
        .files
        .iter()
        .find(|f| f.name == "types.rs")
        .expect("a types file");
    let json_map = "additional_properties: std::collections::BTreeMap<String, serde_json::Value>";
    for open in ["Open", "SaidOpen"] {
        let text = struct_text(&types.contents, open);
        assert!(
            text.contains("#[serde(flatten)]") && text.contains(json_map),
            "{text}"
        );
    }
    let closed = struct_text(&types.contents, "Closed");
    assert!(!closed.contains("additional_properties"), "{closed}");
    let typed = struct_text(&types.contents, "Typed");
    assert!(
        typed.contains("additional_properties: std::collections::BTreeMap<String, i64>"),
        "{typed}"
    );
}
