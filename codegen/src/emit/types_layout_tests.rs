//! The models written as text are the bytes `prettyplease` prints from
//! their syntax trees, and the surface read off them is the one read off
//! the trees.

use super::*;

/// The vendor specs, and a document with what could trip the text writer:
/// keyword field names, quotes and non-ASCII on the wire, types and wire
/// tables too long for a line, docs with code and `;` ends, closed, open
/// and typed-extra objects, required fields.
/// With `FAX_LAYOUT_CORPUS` set to a folder, every `.json` and `.yaml`
/// document in it as well: the check a maintainer runs over a corpus.
pub(crate) fn documents() -> Vec<(String, String)> {
    let mut documents: Vec<(String, String)> = [
        (
            "twilio_fax_v1.json",
            include_str!("../../../specs/twilio_fax_v1.json"),
        ),
        (
            "telnyx_fax.yaml",
            include_str!("../../../specs/telnyx_fax.yaml"),
        ),
        (
            "signalwire_fax.yaml",
            include_str!("../../../specs/signalwire_fax.yaml"),
        ),
    ]
    .into_iter()
    .map(|(file, text)| (file.to_owned(), text.to_owned()))
    .collect();
    if let Some(folder) = std::env::var_os("FAX_LAYOUT_CORPUS") {
        let mut paths: Vec<_> = std::fs::read_dir(folder)
            .expect("FAX_LAYOUT_CORPUS is a folder")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("the document reads");
            documents.push((path.display().to_string(), text));
        }
    }
    let long = "VeryLongSchemaNameThatKeepsGoingOnAndOnUntilItCannotFitOnOneLineAnyMore";
    let wire_values: Vec<String> = (0..8)
        .map(|i| format!("a-rather-long-wire-value-number-{i}"))
        .collect();
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Edges", "version": "1"},
        "paths": {"/holders": {"post": {
            "operationId": "createHolder",
            "requestBody": {"required": true, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Holder"}
            }}},
            "responses": {"204": {"description": "Created."}}
        }}},
        "components": {"schemas": {
            long: {"type": "object", "properties": {"x": {"type": "string"}}},
            "Holder": {
                "type": "object",
                "description": "Line one;\nline two;\n\n```\ncode { }\n```",
                "required": ["type", "list"],
                "properties": {
                    "type": {"type": "string", "description": "A keyword."},
                    "match": {"type": "integer", "deprecated": true},
                    "list": {"type": "array", "items": {"type": "string"}},
                    "long_reference": {"$ref": format!("#/components/schemas/{long}")},
                    "nested_map_of_long": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"$ref": format!("#/components/schemas/{long}")}}
                    },
                    "quote\"and\\slash": {"type": "string"},
                    "caf\u{e9}-na\u{ef}ve": {"type": "number"},
                    "when": {"type": "string", "format": "date-time", "nullable": true},
                    "an_extremely_long_property_name_that_needs_both_serde_attributes": {"type": "string", "format": "date-time"},
                    "airline.a_wire_name_long_enough_to_break_its_serde_attribute": {"type": "string", "format": "date-time"}
                },
                "additionalProperties": {"type": "integer"}
            },
            "Closed": {"type": "object", "additionalProperties": false},
            "LongAlias": {
                "type": "object",
                "additionalProperties": {"$ref": format!("#/components/schemas/{long}")}
            },
            "Open": {"type": "object"},
            "Short": {"type": "string", "enum": ["a", "b\"c", "\u{e9}t\u{e9}"]},
            "Wide": {"type": "string", "enum": wire_values},
            "OneLong": {"type": "string", "enum": [format!("{}-{}", long, long), "x"]},
            format!("{long}Kind"): {"type": "string", "enum": ["first", "second"]}
        }}
    });
    documents.push(("edges.json".to_owned(), spec.to_string()));
    documents
}

fn lowered(file: &str, text: &str) -> Api {
    let (spec, _) = crate::read_spec(file, text).expect("the document reads");
    crate::lower::lower(file, &spec).expect("the document lowers")
}

#[test]
fn models_written_as_text_are_what_prettyplease_prints() {
    let mut direct = 0;
    let mut long_way = 0;
    let mut broken = 0;
    let mut builders = 0;
    for (file, text) in documents() {
        let api = lowered(&file, &text);
        for (index, def) in api.types.iter().enumerate() {
            let docs = type_docs(def);
            let text = match &def.kind {
                TypeKind::Struct(s) => struct_text(&api, def, &docs, s),
                TypeKind::Enum(e) => enum_text(def, &docs, e),
                TypeKind::Alias(ty) => alias_text(&api, def, &docs, ty),
                TypeKind::Union(_) => continue,
            };
            if let TypeKind::Struct(s) = &def.kind {
                if def.user_built {
                    // A builder with nothing in its block is laid out from trees.
                    if body_builder_text(&api, def, s, &mut Collected::default())
                        .expect("emits")
                        .is_some()
                    {
                        builders += 1;
                    }
                }
            }
            let (laid_out, surface) = emit_type_laid_out(&api, index, true).expect("emits");
            let (printed, file_tree) =
                crate::format::print(emit_type_items(&api, index).expect("emits"));
            assert_eq!(laid_out, printed, "{file}: {}", def.name);
            assert_eq!(
                surface.finish(),
                Collected::from_file("types", &file_tree).finish(),
                "{file}: {}",
                def.name
            );
            match text {
                Some(text) => {
                    assert!(printed.starts_with(&text), "{file}: {}", def.name);
                    let text = &laid_out;
                    direct += 1;
                    let breaks = [
                        " = &[\n",
                        "<\n",
                        "#[serde(\n",
                        "!(\n",
                        "        (\n",
                        "        mut self,\n",
                        " = Some(\n",
                    ];
                    broken += breaks.iter().filter(|b| text.contains(*b)).count();
                }
                None => long_way += 1,
            }
        }
    }
    // Every model, enum and alias is written as text, long lines and all.
    assert!(direct > 40, "{direct} written as text");
    assert_eq!(long_way, 0, "laid out from trees");
    assert!(builders >= 4, "{builders} body builders");
    // The document above breaks a table, a type, an attribute, a macro call,
    // a pair, and a setter's signature and assignment.
    assert!(broken >= 7, "{broken} kinds of broken line");
}
