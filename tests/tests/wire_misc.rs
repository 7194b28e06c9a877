//! Request and response shapes real documents have that once went wrong:
//! a non-JSON response is asked for by its media type, a path key with a
//! fragment or a query of its own, a header parameter OpenAPI ignores, XML
//! bodies, and date-times behind an alias or in a union. The operations are
//! those of `fixtures/clients/wire_misc.yaml`.

use fax_runtime::Credentials;
use fax_tests::clients::wire_misc::{types, Client};
use serde_json::json;

fn client() -> Client {
    Client::new(Credentials::none())
}

#[test]
fn a_non_json_response_is_asked_for_by_its_media_type() {
    let request = client().get_report_pdf("r1").to_http_request().unwrap();
    let accept: Vec<_> = request.headers().get_all("accept").iter().collect();
    assert_eq!(accept, ["application/pdf"]);
    let request = client().get_avatar().to_http_request().unwrap();
    assert_eq!(request.headers()["accept"], "*/*, image/png");
    let request = client().get_versioned().to_http_request().unwrap();
    assert_eq!(
        request.headers()["accept"],
        "application/vnd.example+json;version=2"
    );
    // The spec's `Accept` parameter is ignored, as OpenAPI says: no setter.
    let text = std::fs::read_to_string(fax_tests::fixture("clients/wire_misc.yaml")).unwrap();
    let generated = fax_codegen::generate("wire_misc.yaml", &text, "").unwrap();
    assert!(generated
        .warnings
        .iter()
        .any(|w| w.pointer == "/paths/~1reports~1{id}/get/parameters/1"
            && w.message.contains("`Accept` is left out")));
}

#[test]
fn a_fragment_in_a_path_key_is_not_sent_and_a_query_in_it_is_kept() {
    let request = client()
        .get_shared_link("f 1", "shared_link")
        .to_http_request()
        .unwrap();
    assert_eq!(request.uri().path(), "/files/f%201");
    assert_eq!(request.uri().query(), Some("fields=shared_link"));
    let request = client()
        .get_beta_response("r1")
        .include("usage")
        .to_http_request()
        .unwrap();
    assert_eq!(request.uri().path(), "/responses/r1");
    assert_eq!(request.uri().query(), Some("beta=true&include=usage"));
}

#[test]
fn xml_bodies_are_never_json_in_disguise() {
    // Beside a JSON body, the XML one is not generated; alone, it is text the caller writes.
    let order: types::Order = serde_json::from_value(json!({"id": 7})).unwrap();
    let request = client().place_order(order).to_http_request().unwrap();
    assert_eq!(request.headers()["content-type"], "application/json");
    let request = client()
        .post_legacy_xml("<Order><id>7</id></Order>")
        .to_http_request()
        .unwrap();
    assert_eq!(request.headers()["content-type"], "application/xml");
    assert_eq!(request.body(), b"<Order><id>7</id></Order>");
}

#[test]
fn date_times_behind_an_alias_or_in_a_union_read_rfc3339() {
    let order: types::Order = serde_json::from_value(json!({
        "id": 7,
        "placed_at": "2026-12-08T10:00:00.5Z",
        "history": ["2026-12-01T00:00:00Z"],
        "due": "2026-12-24T18:00:00+01:00"
    }))
    .unwrap();
    assert_eq!(order.placed_at.unwrap().unix_timestamp(), 1_796_724_000);
    assert_eq!(order.history.unwrap().len(), 1);
    assert!(
        matches!(order.due, Some(types::When::DateTime(_))),
        "{:?}",
        order.due
    );
    // A union with an alternative that allows null reads null as `None`.
    let order: types::Order = serde_json::from_value(json!({"labels": [null, "vip", 3]})).unwrap();
    assert_eq!(order.labels.unwrap().len(), 3);
    let back = serde_json::to_value(types::Order::default()).unwrap();
    assert_eq!(back, json!({}));
}

#[test]
fn date_times_in_headers_queries_and_paths_are_rfc3339_even_behind_an_alias() {
    let at = time::OffsetDateTime::from_unix_timestamp(1_796_724_000).unwrap();
    let request = client()
        .list_changes(at)
        .if_modified_since(at)
        .since(at)
        .to_http_request()
        .unwrap();
    assert_eq!(
        request.headers()["if-modified-since"],
        "2026-12-08T10:00:00Z"
    );
    assert_eq!(
        request.uri().query(),
        Some("since=2026-12-08T10%3A00%3A00Z")
    );
    assert_eq!(request.uri().path(), "/changes/2026-12-08T10%3A00%3A00Z");
}
