//! A valid spec with a construct no Rust type expresses exactly still
//! generates: the nearest honest type, a located warning, and docs that say
//! what was approximated. Each construct has a feature fixture; here, the
//! warnings it gives and a payload read with its generated types.

use fax_codegen::Severity;
use fax_tests::fixture;
use fax_tests::fixtures::{
    approx_all_of_parts, approx_component_refs, approx_not, one_of_base_properties,
    openapi31_root_defs,
};
use serde_json::json;

/// The warnings of a feature fixture, as `(pointer, message)`.
fn warnings(name: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixture(&format!("features/{name}.yaml"))).unwrap();
    let generated = fax_codegen::generate(&format!("{name}.yaml"), &text, "")
        .unwrap_or_else(|d| panic!("{name} is refused: {d:?}"));
    assert!(generated
        .warnings
        .iter()
        .all(|w| w.severity == Severity::Warning && w.file == format!("{name}.yaml")));
    generated
        .warnings
        .into_iter()
        .map(|w| (w.pointer, w.message))
        .collect()
}

fn types_rs(name: &str) -> String {
    fax_tests::generate_fixture(&format!("features/{name}.yaml"))
}

#[test]
fn not_is_dropped_with_a_warning_and_a_not_alone_is_any_value() {
    let found = warnings("approx_not");
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Anything/not",
            "/components/schemas/Call/properties/forwarded_to/not",
            "/components/schemas/Call/properties/state/not",
        ]
    );
    assert!(found[0].1.contains("reads as any JSON value"), "{found:?}");
    assert!(found[2].1.contains("`not` dropped"), "{found:?}");
    let call: approx_not::Call = serde_json::from_value(
        json!({"id": "c1", "forwarded_to": {"any": ["thing"]}, "state": "legacy"}),
    )
    .unwrap();
    assert_eq!(call.forwarded_to, Some(json!({"any": ["thing"]})));
    assert_eq!(call.state.as_deref(), Some("legacy"));
    let anything: approx_not::Anything = serde_json::from_value(json!(42)).unwrap();
    assert_eq!(anything, json!(42));
    let docs = types_rs("approx_not");
    assert!(
        docs.contains("not checked"),
        "the docs say what was dropped"
    );
}

#[test]
fn all_of_merges_what_merges_and_warns_about_the_rest() {
    let found = warnings("approx_all_of_parts");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "/components/schemas/Attachment/allOf/1");
    assert!(found[0].1.contains("`oneOf`/`anyOf`"), "{found:?}");
    assert_eq!(found[1].0, "/components/schemas/Attachment/allOf/3");
    assert!(found[1].1.contains("not an object"), "{found:?}");
    // The `required`-only part made `name` required; the union's fields stay readable.
    let attachment: approx_all_of_parts::Attachment = serde_json::from_value(
        json!({"name": "cover.pdf", "size": 2048, "url": "https://example.com/c.pdf"}),
    )
    .unwrap();
    assert_eq!(attachment.name, "cover.pdf");
    assert_eq!(attachment.size, Some(2048));
    assert_eq!(
        attachment.additional_properties.get("url"),
        Some(&json!("https://example.com/c.pdf"))
    );
    assert!(serde_json::from_value::<approx_all_of_parts::Attachment>(json!({"size": 1})).is_err());
}

#[test]
fn root_defs_become_component_schemas_without_a_warning() {
    assert_eq!(warnings("openapi31_root_defs"), []);
    let fax: openapi31_root_defs::Fax =
        serde_json::from_value(json!({"id": "F1", "pages": 3})).unwrap();
    assert_eq!(fax.id, "F1");
    assert_eq!(fax.pages, Some(3));
}

#[test]
fn a_schema_reference_to_a_response_body_or_parameter_reads_what_it_holds() {
    let found = warnings("approx_component_refs");
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Envelope/properties/error/$ref",
            "/components/schemas/Envelope/properties/request/$ref",
            "/components/schemas/Envelope/properties/limit/$ref",
        ]
    );
    assert!(
        found[0].1.contains("is a response, not a schema"),
        "{found:?}"
    );
    let envelope: approx_component_refs::Envelope = serde_json::from_value(json!({
        "error": {"title": "Not found"},
        "request": {"to": "+15550100"},
        "limit": 20
    }))
    .unwrap();
    let error: approx_component_refs::ProblemBody = envelope.error.unwrap();
    assert_eq!(error.title.as_deref(), Some("Not found"));
    let request: approx_component_refs::NewFaxRequest = envelope.request.unwrap();
    assert_eq!(request.to, "+15550100");
    assert_eq!(envelope.limit, Some(20));
}

/// Properties written beside a `oneOf` belong to every alternative: each
/// alternative's type holds them (one type for an inline property, shared),
/// and a payload with them and one alternative's fields round-trips.
#[test]
fn properties_beside_a_one_of_are_typed_in_every_alternative() {
    use one_of_base_properties::{
        CallRequest, CallRequestInstructions, CallRequestRecording, CallRequestVariant1,
        CallRequestVariant1Method, Contact,
    };
    assert_eq!(warnings("one_of_base_properties"), []);
    let by_url = json!({
        "To": "+15550100",
        "From": "+15550199",
        "Timeout": 30,
        "Recording": {"channels": 2},
        "Url": "https://example.com/answer",
        "Method": "POST"
    });
    let request: CallRequest = serde_json::from_value(by_url.clone()).unwrap();
    let CallRequest::CallRequestVariant1(call) = &request else {
        panic!("read as {request:?}")
    };
    let call: &CallRequestVariant1 = call;
    assert_eq!(
        (call.to.as_str(), call.from.as_str(), call.timeout),
        ("+15550100", "+15550199", Some(30))
    );
    let recording: Option<&CallRequestRecording> = call.recording.as_ref();
    assert_eq!(recording.and_then(|r| r.channels), Some(2));
    assert_eq!(call.url, "https://example.com/answer");
    assert_eq!(call.method, Some(CallRequestVariant1Method::Post));
    assert!(call.additional_properties.is_empty(), "{call:?}");
    assert_eq!(serde_json::to_value(&request).unwrap(), by_url);

    let written = json!({
        "To": "+15550100",
        "From": "+15550199",
        "Recording": {"channels": 1},
        "Twiml": "<Response><Say>Hello</Say></Response>"
    });
    let request: CallRequest = serde_json::from_value(written.clone()).unwrap();
    let CallRequest::CallRequestInstructions(call) = &request else {
        panic!("read as {request:?}")
    };
    let call: &CallRequestInstructions = call;
    assert_eq!(
        (call.to.as_str(), call.from.as_str()),
        ("+15550100", "+15550199")
    );
    assert_eq!(call.recording.as_ref().and_then(|r| r.channels), Some(1));
    assert_eq!(call.twiml, "<Response><Say>Hello</Say></Response>");
    assert!(call.additional_properties.is_empty(), "{call:?}");
    assert_eq!(serde_json::to_value(&request).unwrap(), written);

    // The shared fields are built like any other.
    let built = CallRequest::CallRequestInstructions(Box::new(
        CallRequestInstructions::new("+15550100", "+15550199", "<Response/>").timeout(20),
    ));
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({"To": "+15550100", "From": "+15550199", "Timeout": 20, "Twiml": "<Response/>"})
    );

    // The properties say nothing of a string: that alternative stays one.
    use one_of_base_properties::{Destination, DestinationVariant2};
    let destination: Destination = serde_json::from_value(json!("+15550100")).unwrap();
    assert_eq!(destination, Destination::String("+15550100".into()));
    let labelled = json!({"label": "desk", "number": "+15550100"});
    let destination: Destination = serde_json::from_value(labelled.clone()).unwrap();
    let Destination::DestinationVariant2(object) = &destination else {
        panic!("read as {destination:?}")
    };
    let object: &DestinationVariant2 = object;
    assert_eq!(object.label.as_deref(), Some("desk"));
    assert_eq!(object.number, "+15550100");
    assert_eq!(serde_json::to_value(&destination).unwrap(), labelled);

    // `anyOf` of `required` lists beside the properties only says which
    // must be there: the type is the object.
    let contact: Contact = serde_json::from_value(json!({"phone": "+15550100"})).unwrap();
    assert_eq!(contact.phone.as_deref(), Some("+15550100"));
    assert_eq!(contact.email, None);
}

/// An alternative that is itself a union does not get the shared
/// properties typed: a warning there, and the others still get them.
#[test]
fn properties_beside_a_one_of_of_unions_are_warned_about_where_they_are_not_typed() {
    let name = "one_of_base_beside_union.yaml";
    let text = std::fs::read_to_string(fixture(&format!("warnings/{name}"))).unwrap();
    let generated = fax_codegen::generate(name, &text, "")
        .unwrap_or_else(|d| panic!("{name} is refused: {d:?}"));
    let found: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/components/schemas/Route/oneOf/1");
    assert!(found[0].1.contains("not typed in it"), "{found:?}");
    let types = &generated
        .files
        .iter()
        .find(|f| f.name == "types.rs")
        .unwrap()
        .contents;
    let first = types
        .split("pub struct RouteVariant1 {")
        .nth(1)
        .expect("the first alternative is a struct")
        .split("\n}")
        .next()
        .unwrap();
    assert!(first.contains("pub id: String"), "{first}");
    assert!(first.contains("pub sip_uri: Option<String>"), "{first}");
}

/// Documents the generator once refused whole: they generate now, each with
/// one warning at the construct.
#[test]
fn once_refused_documents_generate_with_a_located_warning() {
    for (name, pointer, says) in [
        (
            "not_property.yaml",
            "/components/schemas/Fax/properties/anything_but_a_string/not",
            "`not` is the whole schema",
        ),
        (
            "all_of_string.yaml",
            "/components/schemas/Fax/allOf/1",
            "not an object",
        ),
    ] {
        let text = std::fs::read_to_string(fixture(&format!("warnings/{name}"))).unwrap();
        let generated = fax_codegen::generate(name, &text, "")
            .unwrap_or_else(|d| panic!("{name} is refused: {d:?}"));
        assert_eq!(
            generated.warnings.len(),
            1,
            "{name}: {:?}",
            generated.warnings
        );
        let warning = &generated.warnings[0];
        assert_eq!(warning.pointer, pointer, "{name}");
        assert!(warning.message.contains(says), "{name}: {warning}");
        assert_eq!(warning.to_string().split(": at ").next(), Some(name));
    }
}

#[test]
fn a_reference_to_nothing_is_still_an_error() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/responses/Missing'}\n";
    let errors = fax_codegen::generate("dangling.yaml", text, "").unwrap_err();
    assert_eq!(errors[0].severity, Severity::Error);
    assert_eq!(errors[0].pointer, "/components/schemas/A/properties/b/$ref");
}

/// The three fax specs generate exactly: no warning (CI runs
/// `cargo xtask codegen --check --deny-warnings`).
#[test]
fn the_fax_specs_generate_without_warnings() {
    let specs = fax_tests::repo_root().join("specs");
    for spec in [
        "telnyx_fax.yaml",
        "signalwire_fax.yaml",
        "twilio_fax_v1.json",
    ] {
        let text = std::fs::read_to_string(specs.join(spec)).unwrap();
        let generated = fax_codegen::generate(spec, &text, "").unwrap();
        assert_eq!(generated.warnings, [], "{spec}");
    }
}
