//! Real and realistic vendor payloads parse into the generated `fax-api` types,
//! including the ways vendors stray from their own specs.

use fax_api::{signalwire, telnyx, twilio};
use fax_tests::payload;
use serde_json::{json, Value};

/// A Twilio fax resource as the v1 API returns it.
fn twilio_fax() -> Value {
    json!({
        "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "api_version": "v1",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "direction": "outbound",
        "from": "+14155551234",
        "media_url": "https://www.example.com/fax.pdf",
        "media_sid": "MEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "num_pages": null,
        "price": null,
        "price_unit": null,
        "quality": "superfine",
        "sid": "FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "status": "queued",
        "to": "+14155554321",
        "duration": null,
        "links": {"media": "https://fax.twilio.com/v1/Faxes/FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media"},
        "url": "https://fax.twilio.com/v1/Faxes/FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    })
}

#[test]
fn twilio_fax_parses_with_every_field() {
    let fax: twilio::types::Fax = serde_json::from_value(twilio_fax()).unwrap();
    assert_eq!(
        fax.sid.as_deref(),
        Some("FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(fax.status, Some(twilio::types::FaxStatus::Queued));
    assert_eq!(fax.quality, Some(twilio::types::FaxQuality::Superfine));
    assert_eq!(
        fax.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
    assert_eq!(fax.price, None);
    assert!(fax.links.unwrap().contains_key("media"));
}

#[test]
fn twilio_price_arrives_as_a_number_or_a_numeric_string() {
    let mut as_number = twilio_fax();
    as_number["price"] = json!(-0.0070);
    let mut as_string = twilio_fax();
    as_string["price"] = json!("-0.0070");
    let a: twilio::types::Fax = serde_json::from_value(as_number).unwrap();
    let b: twilio::types::Fax = serde_json::from_value(as_string).unwrap();
    assert_eq!(a.price, Some(-0.007));
    assert_eq!(b.price, Some(-0.007));
    let mut nonsense = twilio_fax();
    nonsense["price"] = json!("a lot");
    assert!(serde_json::from_value::<twilio::types::Fax>(nonsense).is_err());
}

#[test]
fn twilio_payload_from_an_older_api_without_newer_fields() {
    let older = json!({"sid": "FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "delivered", "num_pages": "2"});
    let fax: twilio::types::Fax = serde_json::from_value(older).unwrap();
    assert_eq!(fax.status, Some(twilio::types::FaxStatus::Delivered));
    assert_eq!(fax.num_pages, Some(2));
    assert_eq!((fax.links, fax.media_url, fax.duration), (None, None, None));
}

#[test]
fn twilio_status_added_later_is_kept_not_rejected() {
    let mut fax = twilio_fax();
    fax["status"] = json!("in-review");
    let fax: twilio::types::Fax = serde_json::from_value(fax).unwrap();
    assert_eq!(
        fax.status,
        Some(twilio::types::FaxStatus::Unknown("in-review".into()))
    );
}

#[test]
fn twilio_list_page_parses() {
    let page = json!({
        "faxes": [twilio_fax(), twilio_fax()],
        "meta": {
            "first_page_url": "https://fax.twilio.com/v1/Faxes?PageSize=2&Page=0",
            "key": "faxes",
            "next_page_url": null,
            "page": 0,
            "page_size": 2,
            "previous_page_url": null,
            "url": "https://fax.twilio.com/v1/Faxes?PageSize=2&Page=0"
        }
    });
    let page: twilio::types::ListFaxResponse = serde_json::from_value(page).unwrap();
    assert_eq!(page.faxes.map(|f| f.len()), Some(2));
    assert_eq!(page.meta.and_then(|m| m.page_size), Some(2));
}

#[test]
fn telnyx_fax_and_application_parse() {
    let fax: telnyx::types::Fax = serde_json::from_value(payload("telnyx_fax.json")).unwrap();
    assert_eq!(fax.id, "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
    assert_eq!(fax.status, telnyx::types::FaxStatus::Queued);
    assert_eq!(fax.quality, Some(telnyx::types::Quality::High));
    assert_eq!(fax.created_at.unix_timestamp(), 1_588_672_752);
    assert_eq!(fax.webhook_failover_url.as_deref(), Some(""));
    let app: telnyx::types::FaxApplication =
        serde_json::from_value(payload("telnyx_fax_application.json")).unwrap();
    assert_eq!(app.id, "1293384261075731499");
    assert_eq!(
        app.anchorsite_override,
        Some(telnyx::types::AnchorsiteOverride::AmsterdamNetherlands)
    );
}

#[test]
fn telnyx_timestamps_without_an_offset_read_as_utc() {
    // Telnyx's own pages show `created_at` without a zone.
    let page = json!({
        "data": [{
            "connection_id": "c-1",
            "created_at": "2020-05-05T09:59:12",
            "direction": "outbound",
            "from": "+123",
            "id": "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0",
            "quality": "high",
            "record_type": "fax",
            "status": "queued",
            "store_media": true,
            "to": "+456",
            "updated_at": "2020-05-05T09:59:12",
            "webhook_failover_url": ""
        }],
        "meta": {"page_number": 2, "page_size": 1, "total_pages": 3, "total_results": 3}
    });
    let page: telnyx::types::ListFaxesResponse = serde_json::from_value(page).unwrap();
    assert_eq!(page.data[0].created_at.unix_timestamp(), 1_588_672_752);
}

#[test]
fn telnyx_null_in_an_optional_field_keeps_the_rest_of_the_fax() {
    let mut fax = payload("telnyx_fax.json");
    fax["from"] = Value::Null;
    fax["quality"] = Value::Null;
    let fax: telnyx::types::Fax = serde_json::from_value(fax).unwrap();
    assert_eq!((fax.from, fax.quality), (None, None));
    assert_eq!(fax.to.as_deref(), Some("+456"));
}

#[test]
fn telnyx_webhook_bodies_parse_into_their_events() {
    for (schema, event_type) in [
        ("telnyx_event_fax_queued.json", "fax.queued"),
        (
            "telnyx_event_fax_media_processed.json",
            "fax.media.processed",
        ),
        (
            "telnyx_event_fax_sending_started.json",
            "fax.sending.started",
        ),
        ("telnyx_event_fax_delivered.json", "fax.delivered"),
        ("telnyx_event_fax_failed.json", "fax.failed"),
    ] {
        let example = payload(schema);
        let event: telnyx::types::FaxWebhookEvent =
            serde_json::from_value(example).unwrap_or_else(|e| panic!("{schema}: {e}"));
        use telnyx::types::FaxEventData as E;
        let matched = matches!(
            (&event.data, event_type),
            (E::FaxQueued(_), "fax.queued")
                | (E::FaxMediaProcessed(_), "fax.media.processed")
                | (E::FaxSendingStarted(_), "fax.sending.started")
                | (E::FaxDelivered(_), "fax.delivered")
                | (E::FaxFailed(_), "fax.failed")
        );
        assert!(matched, "{schema} parsed as {:?}", event.data);
    }
}

#[test]
fn telnyx_failed_event_carries_its_reason() {
    let event: telnyx::types::FaxWebhookEvent =
        serde_json::from_value(payload("telnyx_event_fax_failed.json")).unwrap();
    let telnyx::types::FaxEventData::FaxFailed(failed) = event.data else {
        panic!("fax.failed")
    };
    assert_eq!(
        failed.payload.failure_reason,
        Some(telnyx::types::FaxFailureReason::Rejected)
    );
}

#[test]
fn telnyx_unknown_event_type_is_kept() {
    let event = json!({
        "data": {"event_type": "fax.teleported", "id": "x", "occurred_at": "2020-05-05T13:08:22Z",
                 "payload": {}, "record_type": "event"},
        "meta": {"attempt": 1, "delivered_to": "https://example.com/hooks"}
    });
    let event: telnyx::types::FaxWebhookEvent = serde_json::from_value(event).unwrap();
    assert!(
        matches!(event.data, telnyx::types::FaxEventData::Unknown(ref v) if v["event_type"] == "fax.teleported")
    );
}

#[test]
fn telnyx_error_bodies_parse_with_string_codes() {
    for (file, code) in [
        ("telnyx_error_400.json", "10015"),
        ("telnyx_error_401.json", "10009"),
        ("telnyx_error_404.json", "404"),
        ("telnyx_error_422.json", "422"),
    ] {
        let errors: telnyx::types::Errors =
            serde_json::from_value(payload(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(errors.errors[0].code, code, "{file}");
        assert!(!errors.errors[0].title.is_empty(), "{file}");
    }
}

#[test]
fn signalwire_fax_parses_with_numbers_sent_as_text() {
    let fax: signalwire::types::Fax =
        serde_json::from_value(payload("signalwire_fax.json")).unwrap();
    assert_eq!(fax.status, signalwire::types::FaxStatus::Delivered);
    assert_eq!(fax.sid, "b3877c40-da60-4998-90ad-b792e98472fx");
    assert_eq!(fax.num_pages.as_deref(), Some("3"));
    assert_eq!(fax.price.as_deref(), Some("-0.005"));
    assert_eq!(fax.duration, Some(5000));
    assert_eq!(fax.error_code, None);
}

#[test]
fn a_signed_twilio_status_callback_verifies_into_the_generated_struct() {
    use fax_runtime::webhook::twilio;
    let url = "https://fax.example.com/twilio/status";
    let body =
        b"FaxSid=FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
&FaxStatus=delivered&NumPages=2&To=%2B14155554321&From=%2B14155551234";
    let token = twilio::AuthToken::new("12345");
    let signature = twilio::sign(url, body, &token).unwrap();
    let mut headers = fax_runtime::http::HeaderMap::new();
    headers.insert(twilio::SIGNATURE_HEADER, signature.parse().unwrap());
    let status: fax_api::twilio::types::FaxStatusCallback =
        twilio::verify(&headers, url, body, &token).unwrap();
    assert_eq!(status.fax_sid, "FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(
        status.fax_status,
        Some(fax_api::twilio::types::FaxStatusCallbackFaxStatus::Delivered)
    );
    assert_eq!(status.num_pages.as_deref(), Some("2"));
    let forged = &body[..body.len() - 1];
    assert!(twilio::verify::<fax_api::twilio::types::FaxStatusCallback>(
        &headers, url, forged, &token
    )
    .is_err());
}
