//! Payloads as vendors really send them, where they differ from what the
//! specs promise: no such payload may lose a whole object. The bodies are the
//! project's own, built from facts reported about the vendors (SignalWire
//! fax bodies with `price_unit`, `quality` and `duration` null, media without
//! `uri`, Twilio-shaped list envelopes, page counts sent as numbers; Telnyx
//! webhook envelopes with fields the spec does not name).

mod common;

use common::*;
use fax_api::signalwire::types::{Fax, FaxMedia, ListFaxMediaResponse, ListFaxesResponse};
use fax_api::telnyx::types::{FaxEventData, FaxWebhookEvent};
use futures_util::TryStreamExt as _;
use serde_json::json;
use wiremock::matchers::{path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FAXES: &str = "/api/laml/2010-04-01/Accounts/{project}/Faxes";

fn faxes_path() -> String {
    FAXES.replace("{project}", SW_PROJECT)
}

/// A SignalWire fax that has not been priced or sent yet, with the nulls its
/// older documentation shows and its page count as a JSON number (as its
/// fax logs API sends it).
fn unpriced_fax(sid: &str) -> serde_json::Value {
    let mut fax = signalwire_fax(sid);
    fax["price_unit"] = json!(null);
    fax["quality"] = json!(null);
    fax["duration"] = json!(null);
    fax["num_pages"] = json!(2);
    fax
}

#[test]
fn signalwire_fax_with_nulls_and_a_numeric_page_count_decodes() {
    let fax: Fax = serde_json::from_value(unpriced_fax("FX1")).expect("fax decodes");
    assert_eq!(fax.sid, "FX1");
    assert_eq!(fax.price_unit, None);
    assert_eq!(fax.quality, None);
    assert_eq!(fax.duration, None);
    assert_eq!(fax.num_pages.as_deref(), Some("2"));
    // The string form still reads the same.
    let mut text = unpriced_fax("FX1");
    text["num_pages"] = json!("2");
    assert_eq!(serde_json::from_value::<Fax>(text).unwrap(), fax);
}

#[test]
fn signalwire_media_without_uri_decodes() {
    let mut media = signalwire_media("FX1", "ME1");
    media.as_object_mut().unwrap().remove("uri");
    let media: FaxMedia = serde_json::from_value(media).expect("media decodes");
    assert_eq!(media.uri, None);
    assert_eq!(media.sid, "ME1");
}

#[test]
fn a_required_text_sent_as_null_reads_as_empty_and_keeps_the_object() {
    // `account_sid` is required and not nullable in the spec.
    let mut fax = signalwire_fax("FX1");
    fax["account_sid"] = json!(null);
    let fax: Fax = serde_json::from_value(fax).expect("the fax is kept");
    assert_eq!(fax.account_sid, "");
    assert_eq!(fax.sid, "FX1");
    // Absent is not null: a required field that is missing is still refused.
    let mut missing = signalwire_fax("FX1");
    missing.as_object_mut().unwrap().remove("account_sid");
    let err = serde_json::from_value::<Fax>(missing).unwrap_err();
    assert!(err.to_string().contains("account_sid"), "{err}");
}

/// A page in the Twilio-style shape SignalWire also answers with: no flat
/// `*_uri` fields, a `meta` object of absolute `*_url` links.
fn twilio_shaped_page(base: &str, n: u32, next: Option<u32>, sids: &[&str]) -> serde_json::Value {
    let url = |n: u32| format!("{base}{}?PageSize=2&Page={n}&PageToken=PA{n}", faxes_path());
    json!({
        "faxes": sids.iter().map(|s| unpriced_fax(s)).collect::<Vec<_>>(),
        "meta": {
            "first_page_url": url(0),
            "key": "faxes",
            "next_page_url": next.map(url),
            "page": n,
            "page_size": 2,
            "previous_page_url": n.checked_sub(1).map(url),
            "url": url(n)
        }
    })
}

#[test]
fn both_list_shapes_read_into_one_type() {
    let twilio_shaped: ListFaxesResponse = serde_json::from_value(twilio_shaped_page(
        "https://example.signalwire.com",
        1,
        Some(2),
        &["FX1"],
    ))
    .expect("meta shape decodes");
    let meta = twilio_shaped.meta.as_ref().expect("meta is read");
    assert_eq!(meta.page, 1);
    assert_eq!(meta.key.as_deref(), Some("faxes"));
    assert!(meta
        .next_page_url
        .as_deref()
        .unwrap()
        .ends_with("Page=2&PageToken=PA2"));
    assert_eq!(twilio_shaped.next_page_uri, None);
    assert_eq!(twilio_shaped.faxes.len(), 1);

    let flat: ListFaxesResponse = serde_json::from_value(json!({
        "uri": faxes_path(),
        "first_page_uri": faxes_path(),
        "next_page_uri": null,
        "previous_page_uri": null,
        "page": 0,
        "page_size": 50,
        "faxes": [unpriced_fax("FX2")]
    }))
    .expect("flat shape decodes");
    assert_eq!(flat.page, Some(0));
    assert!(flat.meta.is_none());

    let media: ListFaxMediaResponse = serde_json::from_value(json!({
        "media": [signalwire_media("FX1", "ME1")],
        "meta": {"key": "media", "page": 0, "page_size": 50, "next_page_url": null}
    }))
    .expect("media list in the meta shape decodes");
    assert_eq!(media.media.unwrap().len(), 1);
}

#[tokio::test]
async fn stream_follows_meta_next_page_url_and_flat_next_page_uri() {
    let server = MockServer::start().await;
    let base = server.uri();
    // Page 0 and 1 in the Twilio-style shape, page 2 flat: one stream walks all.
    let pages = [
        twilio_shaped_page(&base, 0, Some(1), &["FX1", "FX2"]),
        twilio_shaped_page(&base, 1, Some(2), &["FX3", "FX4"]),
        json!({
            "uri": faxes_path(),
            "first_page_uri": faxes_path(),
            "next_page_uri": null,
            "previous_page_uri": null,
            "page": 2,
            "page_size": 2,
            "faxes": [unpriced_fax("FX5")]
        }),
    ];
    for (n, page) in pages.into_iter().enumerate() {
        let mock = Mock::given(path(faxes_path()));
        let mock = if n == 0 {
            mock.and(query_param_is_missing("PageToken"))
        } else {
            mock.and(query_param("PageToken", format!("PA{n}")))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let sids: Vec<String> = signalwire(&server)
        .list_faxes(SW_PROJECT)
        .stream()
        .map_ok(|fax| fax.sid)
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sids, ["FX1", "FX2", "FX3", "FX4", "FX5"]);
}

#[test]
fn telnyx_webhook_keeps_what_the_spec_does_not_name() {
    let body = json!({
        "data": {
            "event_type": "fax.delivered",
            "id": "5f0c1b9e-2a44-4c61-9a0e-3f1d2b7c8e90",
            "occurred_at": "2026-11-20T14:03:40Z",
            "record_type": "event",
            "payload": {
                "fax_id": "3a7e9d12-6b5c-4f08-8e21-c94d0b7a6f35",
                "status": "delivered",
                "page_count": 2,
                "carrier_note": "answered by machine"
            },
            "delivery_region": "us-east"
        },
        "meta": {"attempt": 1, "delivered_to": "https://hooks.example.com/fax", "version": "2.1"},
        "trace_id": "t-81"
    });
    let event: FaxWebhookEvent = serde_json::from_value(body.clone()).expect("event decodes");
    let meta = event.meta.as_ref().expect("meta");
    assert_eq!(meta.attempt, Some(1));
    assert_eq!(meta.additional_properties["version"], "2.1");
    assert_eq!(event.additional_properties["trace_id"], "t-81");
    let FaxEventData::FaxDelivered(delivered) = &event.data else {
        panic!("not a delivered event: {:?}", event.data);
    };
    assert_eq!(
        delivered.additional_properties["delivery_region"],
        "us-east"
    );
    let payload = &delivered.payload;
    assert_eq!(
        payload.additional_properties["carrier_note"],
        "answered by machine"
    );
    // Written back, nothing is lost.
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
}
