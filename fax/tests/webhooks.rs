//! Real-shaped, correctly signed webhooks of each vendor become the right
//! `FaxEvent`; a bad signature is refused, for each vendor.
//!
//! Telnyx bodies are the repository's payload fixtures (from the examples of
//! Telnyx's own document), signed with RFC 8032's first test key; Twilio and
//! SignalWire bodies carry the parameters their documents name.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::payload;
use ed25519_dalek::{Signer as _, SigningKey};
use fax_client::{Error, FailureReason, FaxEvent, FaxState, Vendor, VendorEvent, WebhookVerifier};
use fax_runtime::http::{HeaderMap, HeaderValue};
use fax_runtime::webhook::{signalwire, telnyx, twilio, WebhookError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// RFC 8032 section 7.1, TEST 1: the secret key and its public key.
const TELNYX_SECRET: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
const TELNYX_PUBLIC_B64: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const TWILIO_TOKEN: &str = "twilio-auth-token";
const SIGNALWIRE_KEY: &str = "PSK_signing_key";
/// The Unix time the Telnyx webhooks below are signed at, and verified at.
const SIGNED_AT: u64 = 1_588_684_102;

fn verifier() -> WebhookVerifier {
    WebhookVerifier::new()
        .telnyx(telnyx::PublicKey::from_base64(TELNYX_PUBLIC_B64).unwrap())
        .twilio(twilio::AuthToken::new(TWILIO_TOKEN))
        .signalwire(signalwire::SigningKey::new(SIGNALWIRE_KEY))
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// A Telnyx fixture's body as sent (compact JSON) and its signed headers.
fn telnyx_signed(body: &str, timestamp: u64) -> HeaderMap {
    let signature =
        SigningKey::from_bytes(&TELNYX_SECRET).sign(format!("{timestamp}|{body}").as_bytes());
    let mut headers = HeaderMap::new();
    headers.insert(
        telnyx::SIGNATURE_HEADER,
        HeaderValue::from_str(&STANDARD.encode(signature.to_bytes())).unwrap(),
    );
    headers.insert(telnyx::TIMESTAMP_HEADER, HeaderValue::from(timestamp));
    headers
}

fn telnyx_body(fixture: &str) -> String {
    serde_json::to_string(&payload(fixture)).unwrap()
}

fn telnyx_event(fixture: &str) -> FaxEvent {
    let body = telnyx_body(fixture);
    let headers = telnyx_signed(&body, SIGNED_AT);
    verifier()
        .verify_at(
            Vendor::Telnyx,
            &headers,
            "https://hooks.example.com/telnyx",
            body.as_bytes(),
            at(SIGNED_AT),
        )
        .unwrap_or_else(|e| panic!("{fixture}: {e}"))
}

fn form_signed(header: &'static str, signature: String) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header, HeaderValue::from_str(&signature).unwrap());
    headers
}

#[test]
fn telnyx_events_become_fax_events() {
    let delivered = telnyx_event("telnyx_event_fax_delivered.json");
    assert_eq!(
        delivered.id.to_string(),
        "telnyx:f8338808-3dc6-4f2b-942a-5d1f39255784"
    );
    assert_eq!(delivered.status.state, FaxState::Delivered);
    assert_eq!(delivered.status.vendor_status, "delivered");
    assert_eq!(delivered.pages, Some(2));
    assert_eq!(
        delivered.occurred_at.unwrap().unix_timestamp(),
        1_588_684_102
    );
    assert_eq!(delivered.received_at.unix_timestamp(), SIGNED_AT as i64);
    // `client_state` is base64 of the reference given when sending.
    assert_eq!(delivered.client_reference.as_deref(), Some("order 4711"));
    assert!(matches!(&delivered.raw, VendorEvent::Telnyx(event)
        if matches!(event.data, fax_api::telnyx::types::FaxEventData::FaxDelivered(_))));

    let failed = telnyx_event("telnyx_event_fax_failed.json");
    assert_eq!(
        failed.status.state,
        FaxState::Failed(FailureReason::Rejected)
    );
    assert_eq!(failed.status.vendor_reason.as_deref(), Some("rejected"));
    assert!(failed.status.is_final());

    for (fixture, state) in [
        ("telnyx_event_fax_queued.json", FaxState::Queued),
        (
            "telnyx_event_fax_media_processed.json",
            FaxState::Processing,
        ),
        ("telnyx_event_fax_sending_started.json", FaxState::Sending),
    ] {
        let event = telnyx_event(fixture);
        assert_eq!(event.status.state, state, "{fixture}");
        assert_eq!(event.id.vendor(), Vendor::Telnyx);
        assert!(event.occurred_at.is_some());
    }
}

#[test]
fn a_telnyx_event_type_added_later_keeps_its_raw_status() {
    let body = r#"{"data":{"event_type":"fax.teleported","id":"e1","occurred_at":"2020-05-05T13:08:22Z","payload":{"fax_id":"f1","status":"teleported"},"record_type":"event"}}"#;
    let event = verifier()
        .verify_at(
            Vendor::Telnyx,
            &telnyx_signed(body, SIGNED_AT),
            "https://hooks.example.com/telnyx",
            body.as_bytes(),
            at(SIGNED_AT),
        )
        .unwrap();
    assert_eq!(event.id.to_string(), "telnyx:f1");
    assert_eq!(event.status.state, FaxState::Unknown("teleported".into()));
    // Every Telnyx event has its time, whatever its type.
    assert_eq!(
        event.occurred_at.map(|at| at.unix_timestamp()),
        Some(1_588_684_102)
    );
}

#[test]
fn telnyx_bad_signatures_and_replays_are_refused() {
    let body = telnyx_body("telnyx_event_fax_delivered.json");
    let headers = telnyx_signed(&body, SIGNED_AT);
    let url = "https://hooks.example.com/telnyx";
    let forged = body.replace("\"delivered\"", "\"failed\"");
    let error = verifier()
        .verify_at(
            Vendor::Telnyx,
            &headers,
            url,
            forged.as_bytes(),
            at(SIGNED_AT),
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Webhook {
                vendor: Vendor::Telnyx,
                error: WebhookError::BadSignature,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.webhook_http_status(), 401);

    let replayed = verifier()
        .verify_at(
            Vendor::Telnyx,
            &headers,
            url,
            body.as_bytes(),
            at(SIGNED_AT + 3600),
        )
        .unwrap_err();
    assert_eq!(replayed.webhook_http_status(), 401);

    let unsigned = verifier()
        .verify_at(
            Vendor::Telnyx,
            &HeaderMap::new(),
            url,
            body.as_bytes(),
            at(SIGNED_AT),
        )
        .unwrap_err();
    assert_eq!(unsigned.webhook_http_status(), 400);
}

const TWILIO_CALLBACK: &str = "FaxSid=FX0123456789abcdef0123456789abcdef\
    &AccountSid=AC0123456789abcdef0123456789abcdef\
    &From=%2B14155551234&To=%2B14155554321&RemoteStationId=Example+Fax\
    &FaxStatus=delivered&ApiVersion=v1\
    &OriginalMediaUrl=https%3A%2F%2Fexample.com%2Finvoice.pdf\
    &NumPages=3&MediaUrl=https%3A%2F%2Fmedia.example.com%2Ffax.pdf";

#[test]
fn a_twilio_status_callback_becomes_a_fax_event() {
    let url = "https://hooks.example.com/fax?client_reference=invoice%201042";
    let token = twilio::AuthToken::new(TWILIO_TOKEN);
    let signature = twilio::sign(url, TWILIO_CALLBACK.as_bytes(), &token).unwrap();
    let headers = form_signed(twilio::SIGNATURE_HEADER, signature);

    let event = verifier()
        .verify(Vendor::Twilio, &headers, url, TWILIO_CALLBACK.as_bytes())
        .unwrap();
    assert_eq!(
        event.id.to_string(),
        "twilio:FX0123456789abcdef0123456789abcdef"
    );
    assert_eq!(event.status.state, FaxState::Delivered);
    assert_eq!(event.pages, Some(3));
    assert_eq!(event.occurred_at, None);
    assert_eq!(event.client_reference.as_deref(), Some("invoice 1042"));
    assert!(!event.is_arriving());
    let VendorEvent::Twilio(raw) = &event.raw else {
        panic!("{:?}", event.raw)
    };
    assert_eq!(raw.remote_station_id.as_deref(), Some("Example Fax"));

    let no_answer = TWILIO_CALLBACK.replace("FaxStatus=delivered", "FaxStatus=no-answer");
    let signature = twilio::sign(url, no_answer.as_bytes(), &token).unwrap();
    let event = verifier()
        .verify(
            Vendor::Twilio,
            &form_signed(twilio::SIGNATURE_HEADER, signature),
            url,
            no_answer.as_bytes(),
        )
        .unwrap();
    assert_eq!(
        event.status.state,
        FaxState::Failed(FailureReason::NoAnswer)
    );
    assert_eq!(event.status.vendor_reason, None);

    let failed = TWILIO_CALLBACK.replace(
        "FaxStatus=delivered",
        "FaxStatus=failed&ErrorCode=15003&ErrorMessage=Fax+transmission+failed",
    );
    let signature = twilio::sign(url, failed.as_bytes(), &token).unwrap();
    let event = verifier()
        .verify(
            Vendor::Twilio,
            &form_signed(twilio::SIGNATURE_HEADER, signature),
            url,
            failed.as_bytes(),
        )
        .unwrap();
    assert_eq!(event.status.state, FaxState::Failed(FailureReason::Other));
    assert_eq!(event.status.vendor_reason.as_deref(), Some("15003"));
}

#[test]
fn a_twilio_incoming_fax_request_is_an_arriving_fax() {
    let url = "https://hooks.example.com/incoming";
    let body = "FaxSid=FXabc&AccountSid=AC0123&From=%2B14155551234&To=%2B14155554321&ApiVersion=v1";
    let signature =
        twilio::sign(url, body.as_bytes(), &twilio::AuthToken::new(TWILIO_TOKEN)).unwrap();
    let event = verifier()
        .verify(
            Vendor::Twilio,
            &form_signed(twilio::SIGNATURE_HEADER, signature),
            url,
            body.as_bytes(),
        )
        .unwrap();
    assert_eq!(event.status.state, FaxState::Receiving);
    assert_eq!(event.status.vendor_status, "");
    assert!(event.is_arriving());
}

#[test]
fn twilio_bad_signatures_are_refused() {
    let url = "https://hooks.example.com/fax";
    let wrong_key = twilio::sign(
        url,
        TWILIO_CALLBACK.as_bytes(),
        &twilio::AuthToken::new("other"),
    );
    let headers = form_signed(twilio::SIGNATURE_HEADER, wrong_key.unwrap());
    let error = verifier()
        .verify(Vendor::Twilio, &headers, url, TWILIO_CALLBACK.as_bytes())
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Webhook {
                vendor: Vendor::Twilio,
                error: WebhookError::BadSignature,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.webhook_http_status(), 401);

    // A genuine signature on another URL (a forger reusing it) fails too.
    let token = twilio::AuthToken::new(TWILIO_TOKEN);
    let signature = twilio::sign(url, TWILIO_CALLBACK.as_bytes(), &token).unwrap();
    let error = verifier()
        .verify(
            Vendor::Twilio,
            &form_signed(twilio::SIGNATURE_HEADER, signature),
            "https://hooks.example.com/other",
            TWILIO_CALLBACK.as_bytes(),
        )
        .unwrap_err();
    assert_eq!(error.webhook_http_status(), 401);
}

const SIGNALWIRE_CALLBACK: &str = "AccountSid=b3877c40-da60-4998-90ad-b792e98472ac&ApiVersion=v1\
    &FaxSid=b3877c40-da60-4998-90ad-b792e98472fx&From=%2B13103383454&To=%2B13104456789\
    &FaxStatus=failed&NumPages=0&MediaSid=b3877c40-da60-4998-90ad-b792e98472me\
    &OriginalMediaUrl=https%3A%2F%2Fexample.com%2Ffax.pdf&RemoteStationId=\
    &ErrorCode=15002&ErrorMessage=Far+end+did+not+answer+as+a+fax+machine";

#[test]
fn a_signalwire_status_callback_becomes_a_fax_event() {
    let url = "https://hooks.example.com/signalwire";
    let key = signalwire::SigningKey::new(SIGNALWIRE_KEY);
    let signature = signalwire::sign(url, SIGNALWIRE_CALLBACK.as_bytes(), &key).unwrap();
    let event = verifier()
        .verify(
            Vendor::SignalWire,
            &form_signed(signalwire::SIGNATURE_HEADER, signature),
            url,
            SIGNALWIRE_CALLBACK.as_bytes(),
        )
        .unwrap();
    assert_eq!(
        event.id.to_string(),
        "signalwire:b3877c40-da60-4998-90ad-b792e98472fx"
    );
    assert_eq!(event.status.state, FaxState::Failed(FailureReason::Other));
    assert_eq!(event.status.vendor_status, "failed");
    assert_eq!(event.pages, Some(0));
    assert_eq!(event.client_reference, None);
    let VendorEvent::SignalWireStatus(raw) = &event.raw else {
        panic!("{:?}", event.raw)
    };
    assert_eq!(raw.error_code.as_deref(), Some("15002"));
    // The vendor's reason is kept beside the state, as Telnyx's is.
    assert_eq!(event.status.vendor_reason.as_deref(), Some("15002"));
}

#[test]
fn a_signalwire_incoming_fax_request_is_an_arriving_fax() {
    let url = "https://hooks.example.com/signalwire/incoming";
    let body = "AccountSid=4f1c2a9e-7b3d-4c8e-9a51-2d6f0e8b7c43&ApiVersion=v1\
                &FaxSid=0b9e3c51-6d2f-4a87-9e14-5c3a7f2d8b60&From=%2B13125550142&To=%2B13125550100";
    let key = signalwire::SigningKey::new(SIGNALWIRE_KEY);
    // SignalWire also sends the Twilio-compatible header name.
    let signature = signalwire::sign(url, body.as_bytes(), &key).unwrap();
    let event = verifier()
        .verify(
            Vendor::SignalWire,
            &form_signed(signalwire::COMPAT_SIGNATURE_HEADER, signature),
            url,
            body.as_bytes(),
        )
        .unwrap();
    assert_eq!(
        event.id.to_string(),
        "signalwire:0b9e3c51-6d2f-4a87-9e14-5c3a7f2d8b60"
    );
    assert!(event.is_arriving());
    assert!(matches!(event.raw, VendorEvent::SignalWireIncoming(_)));
}

#[test]
fn signalwire_bad_signatures_are_refused() {
    let url = "https://hooks.example.com/signalwire";
    // Signed with the Twilio token instead of the Signing Key.
    let wrong = twilio::sign(
        url,
        SIGNALWIRE_CALLBACK.as_bytes(),
        &twilio::AuthToken::new(TWILIO_TOKEN),
    )
    .unwrap();
    let error = verifier()
        .verify(
            Vendor::SignalWire,
            &form_signed(signalwire::SIGNATURE_HEADER, wrong),
            url,
            SIGNALWIRE_CALLBACK.as_bytes(),
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Webhook {
                vendor: Vendor::SignalWire,
                error: WebhookError::BadSignature,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.webhook_http_status(), 401);
}

#[test]
fn a_vendor_without_a_key_is_not_verified() {
    let only_twilio = WebhookVerifier::new().twilio(twilio::AuthToken::new(TWILIO_TOKEN));
    let body = telnyx_body("telnyx_event_fax_delivered.json");
    let error = only_twilio
        .verify_at(
            Vendor::Telnyx,
            &telnyx_signed(&body, SIGNED_AT),
            "https://hooks.example.com/telnyx",
            body.as_bytes(),
            at(SIGNED_AT),
        )
        .unwrap_err();
    assert!(matches!(
        error,
        Error::NotConfigured {
            vendor: Vendor::Telnyx,
            ..
        }
    ));
    assert_eq!(error.webhook_http_status(), 503);
}
