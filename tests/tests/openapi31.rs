//! OpenAPI 3.1 documents, read through the normalize stage: for each 3.1
//! construct, a payload a vendor would send decodes with the type generated
//! from its feature fixture (compiled into this crate by `build.rs`), and the
//! rewrites that got it there are recorded.

use fax_tests::fixtures::{
    openapi31_const, openapi31_content_encoding, openapi31_defs, openapi31_document,
    openapi31_examples, openapi31_exclusive_bounds, openapi31_loose_document,
    openapi31_nested_defs, openapi31_null_member, openapi31_path_items, openapi31_prefix_items,
    openapi31_ref_siblings, openapi31_type_arrays, openapi31_union_in_all_of, openapi31_webhooks,
};
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("the payload decodes")
}

#[test]
fn type_lists_with_null_are_options_and_several_types_an_untagged_enum() {
    use openapi31_type_arrays::{Fax, FaxStatusCode};
    let fax: Fax = decode(
        json!({"id": "FX1", "note": null, "pages": null, "status_code": 404, "tags": ["a"]}),
    );
    assert_eq!((fax.note, fax.pages), (None, None));
    assert_eq!(fax.status_code, FaxStatusCode::Integer(404));
    assert_eq!(fax.tags, Some(vec!["a".to_owned()]));
    let fax: Fax = decode(json!({"id": "FX1", "pages": 3, "status_code": "busy"}));
    assert_eq!(fax.pages, Some(3));
    assert_eq!(fax.status_code, FaxStatusCode::String("busy".into()));
    // Required and nullable: absent and null both read as `None`, as for 3.0's `nullable`.
    let fax: Fax = decode(json!({"id": "FX1", "status_code": 1}));
    assert_eq!(fax.pages, None);
}

#[test]
fn const_is_a_one_value_enum() {
    use openapi31_const::{FaxEvent, FaxEventKind, FaxEventRecordType};
    let event: FaxEvent =
        decode(json!({"record_type": "event", "kind": "fax.delivered", "gone": null}));
    assert_eq!(event.record_type, FaxEventRecordType::Event);
    assert_eq!(event.kind, FaxEventKind::FaxDelivered);
    assert_eq!(event.gone, None);
}

#[test]
fn examples_lists_do_not_change_the_type() {
    let fax: openapi31_examples::Fax = decode(json!({"id": "FX2"}));
    assert_eq!(fax.id.as_deref(), Some("FX2"));
}

#[test]
fn numeric_exclusive_bounds_keep_the_number_types() {
    let quality: openapi31_exclusive_bounds::Quality =
        decode(json!({"threshold": 95, "ratio": 0.75}));
    assert_eq!((quality.threshold, quality.ratio), (Some(95), Some(0.75)));
}

#[test]
fn a_ref_with_siblings_keeps_its_type_and_takes_their_nullability() {
    use openapi31_ref_siblings::{Fax, Status};
    let fax: Fax = decode(json!({"status": "sent", "owner": null, "previous": "queued"}));
    assert_eq!(fax.status, Status::Sent);
    assert_eq!(fax.owner, None);
    assert_eq!(fax.previous, Some(Status::Queued));
    let fax: Fax = decode(json!({"status": "faxing", "owner": {"name": "Ada"}}));
    assert_eq!(fax.status, Status::Unknown("faxing".into()));
    assert_eq!(fax.owner.map(|o| o.name).as_deref(), Some("Ada"));
}

#[test]
fn a_null_member_of_a_union_is_an_option() {
    use openapi31_null_member::{Fax, FaxPayload};
    let fax: Fax = decode(json!({"owner": null, "pages": null, "payload": null}));
    assert_eq!((fax.owner, fax.pages, fax.payload), (None, None, None));
    let fax: Fax = decode(json!({"owner": {"name": "Ada"}, "pages": 2, "payload": "text"}));
    assert_eq!(fax.owner.map(|o| o.name).as_deref(), Some("Ada"));
    assert_eq!(fax.pages, Some(2));
    assert_eq!(fax.payload, Some(FaxPayload::String("text".into())));
}

#[test]
fn defs_become_named_types() {
    let fax: openapi31_defs::Fax =
        decode(json!({"id": "FX1", "media": [{"url": "https://example.com/a.pdf"}]}));
    let media: Vec<openapi31_defs::Media> = fax.media.unwrap_or_default();
    assert_eq!(media[0].url, "https://example.com/a.pdf");
}

#[test]
fn tuples_of_one_type_are_lists_and_mixed_tuples_json() {
    let page: openapi31_prefix_items::Page = decode(json!({"range": [1, 9], "point": ["a", 1.5]}));
    assert_eq!(page.range, Some(vec![1, 9]));
    assert_eq!(page.point, Some(vec![json!("a"), json!(1.5)]));
}

#[test]
fn base64_content_is_text_and_raw_media_a_file_part() {
    use openapi31_content_encoding::Upload;
    // No operation sends `Upload`, so it has no constructor (generated
    // structs are `#[non_exhaustive]`); the field types are what is tested.
    fn fields(upload: &Upload) -> (&fax_runtime::FilePart, Option<&str>, Option<&str>) {
        (
            &upload.document,
            upload.preview.as_deref(),
            upload.notes.as_deref(),
        )
    }
    let _ = fields;
}

#[test]
fn a_document_without_paths_still_has_its_models() {
    let fax: openapi31_document::Fax = decode(json!({"id": "FX1"}));
    assert_eq!(fax.id, "FX1");
    let text =
        std::fs::read_to_string(fax_tests::fixture("features/openapi31_document.yaml")).unwrap();
    let generated = fax_codegen::generate("document.yaml", &text, "").unwrap();
    let pointers: Vec<&str> = generated
        .rewrites
        .iter()
        .map(|r| r.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "/openapi",
            "/jsonSchemaDialect",
            "/info/summary",
            "/info/license/identifier",
            "/paths"
        ]
    );
    let module = &generated
        .files
        .iter()
        .find(|f| f.name == "mod.rs")
        .unwrap()
        .contents;
    assert!(
        module.contains("A document with no paths at all."),
        "{module}"
    );
}

#[test]
fn shared_path_items_give_their_operations() {
    let text =
        std::fs::read_to_string(fax_tests::fixture("features/openapi31_path_items.yaml")).unwrap();
    let generated = fax_codegen::generate("path_items.yaml", &text, "").unwrap();
    assert_eq!(generated.operations, 1);
    let faxes: Vec<openapi31_path_items::Fax> = decode(json!([{"id": "FX1"}, {"id": "FX2"}]));
    assert_eq!(faxes.len(), 2);
}

#[test]
fn webhooks_become_event_models() {
    use openapi31_webhooks::{FaxDeliveredWebhook, FaxFailed, FaxFailedReason};
    let delivered: FaxDeliveredWebhook =
        decode(json!({"event_type": "fax.delivered", "fax_id": "FX1", "pages": 2}));
    assert_eq!(
        (delivered.fax_id.as_str(), delivered.pages),
        ("FX1", Some(2))
    );
    let failed: FaxFailed = decode(json!({"fax_id": "FX1", "reason": "busy"}));
    assert_eq!(failed.reason, FaxFailedReason::Busy);
    let text =
        std::fs::read_to_string(fax_tests::fixture("features/openapi31_webhooks.yaml")).unwrap();
    let generated = fax_codegen::generate("webhooks.yaml", &text, "").unwrap();
    let changes: Vec<&str> = generated
        .rewrites
        .iter()
        .map(|r| r.change.as_str())
        .collect();
    assert!(
        changes.iter().any(|c| c.contains("webhook `fax.delivered` (POST) → event model `#/components/schemas/FaxDeliveredWebhook`")),
        "{changes:?}"
    );
}

#[test]
fn a_union_with_shared_fields_gives_each_alternative_the_fields() {
    use openapi31_union_in_all_of::{Event, Reference};
    let event: Event = decode(json!({"type": "queued", "stream_id": "s1"}));
    match event {
        Event::EventQueued(queued) => assert_eq!(queued.stream_id.as_deref(), Some("s1")),
        other => panic!("read as {other:?}"),
    }
    let reference: Reference = decode(json!({"url": "https://example.com/a.png"}));
    assert_eq!(reference.file_id, None);
}

/// `#/$defs/NAME` written inside a response's schema means that schema's own
/// entry; it moves to the components under a free name (`Page` is taken).
#[test]
fn defs_inside_an_embedded_schema_are_what_its_references_read() {
    use openapi31_nested_defs::{GetFaxResponse, Page, Page2, Party};
    let fax: GetFaxResponse = decode(json!({
        "id": "FX1",
        "sender": {"name": "Ada"},
        "pages": [{"number": 1, "scanned_by": {"name": "Grace"}}]
    }));
    let sender: Option<Party> = fax.sender;
    assert_eq!(sender.and_then(|p| p.name).as_deref(), Some("Ada"));
    let pages: Vec<Page2> = fax.pages.unwrap_or_default();
    assert_eq!(pages[0].number, 1);
    assert_eq!(
        pages[0].scanned_by.as_ref().and_then(|p| p.name.as_deref()),
        Some("Grace")
    );
    // The document's own `Page` keeps its name and its shape.
    let page: Page = decode(json!({"cursor": "c1"}));
    assert_eq!(page.cursor, "c1");
    let text =
        std::fs::read_to_string(fax_tests::fixture("features/openapi31_nested_defs.yaml")).unwrap();
    let generated = fax_codegen::generate("nested_defs.yaml", &text, "").unwrap();
    assert_eq!(generated.warnings, []);
    let schema = "/paths/~1faxes~1{id}/get/responses/200/content/application~1json/schema";
    let moved: Vec<(&str, &str)> = generated
        .rewrites
        .iter()
        .filter(|r| r.pointer.starts_with(schema))
        .map(|r| (&r.pointer[schema.len()..], r.change.as_str()))
        .collect();
    let at = |pointer: &str| {
        moved
            .iter()
            .find(|(p, _)| *p == pointer)
            .map(|(_, change)| *change)
            .unwrap_or_else(|| panic!("no rewrite at {pointer}: {moved:?}"))
    };
    assert!(at("/$defs/Page").contains("`#/components/schemas/Page2`"));
    assert!(at("/$defs/Party").contains("`#/components/schemas/Party`"));
    assert!(at("/properties/sender/$ref").contains("`#/$defs/Party`"));
}

/// What 3.0 cannot hold is rewritten, never refused: `type` with no value
/// (a warning: any JSON value), an operation without `responses`, and a
/// `mutualTLS` security scheme.
#[test]
fn a_type_with_no_value_missing_responses_and_mutual_tls_still_generate() {
    let text =
        std::fs::read_to_string(fax_tests::fixture("features/openapi31_loose_document.yaml"))
            .unwrap();
    let generated = fax_codegen::generate("loose.yaml", &text, "")
        .unwrap_or_else(|d| panic!("the document is refused: {d:?}"));
    assert_eq!(generated.operations, 1);
    let warnings: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(
        warnings[0].0,
        "/components/schemas/Fax/properties/metadata/type"
    );
    assert!(
        warnings[0].1.contains("`type` with no value"),
        "{warnings:?}"
    );
    let rewrites: Vec<(&str, &str)> = generated
        .rewrites
        .iter()
        .map(|r| (r.pointer.as_str(), r.change.as_str()))
        .collect();
    assert!(
        rewrites
            .iter()
            .any(|(p, c)| *p == "/paths/~1faxes/post/responses"
                && c.contains("added an empty `responses`")),
        "{rewrites:?}"
    );
    assert!(
        rewrites.iter().any(
            |(p, c)| *p == "/components/securitySchemes/clientCertificate/type"
                && c.contains("x-fax-mutual-tls")
        ),
        "{rewrites:?}"
    );
    let fax: openapi31_loose_document::Fax =
        decode(json!({"to": "+15550100", "metadata": {"batch": [1, 2]}}));
    assert_eq!(fax.metadata, Some(json!({"batch": [1, 2]})));
    let fax: openapi31_loose_document::Fax = decode(json!({"to": "+15550100", "metadata": "x"}));
    assert_eq!(fax.metadata, Some(json!("x")));
}
