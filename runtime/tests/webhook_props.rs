//! Properties of webhook verification over random input: nothing an attacker
//! sends makes a verifier panic or accept, and any change to a signed request
//! is caught.

use ed25519_dalek::{Signer, SigningKey};
use fax_runtime::webhook::{signalwire, telnyx, twilio};
use http::{HeaderMap, HeaderName, HeaderValue};
use proptest::prelude::*;
use serde::de::IgnoredAny;
use std::time::{Duration, UNIX_EPOCH};

/// RFC 8032 section 7.1, TEST 1: the secret key.
const SECRET: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];

fn telnyx_key() -> telnyx::PublicKey {
    let public = SigningKey::from_bytes(&SECRET).verifying_key();
    telnyx::PublicKey::from_bytes(public.as_bytes()).expect("RFC 8032 key")
}

/// Header names the verifiers read, and some they do not.
fn header_name() -> impl Strategy<Value = HeaderName> {
    prop_oneof![
        Just(HeaderName::from_static("telnyx-signature-ed25519")),
        Just(HeaderName::from_static("telnyx-timestamp")),
        Just(HeaderName::from_static("x-twilio-signature")),
        Just(HeaderName::from_static("x-signalwire-signature")),
        "[a-z][a-z0-9-]{0,20}".prop_map(|n| HeaderName::from_bytes(n.as_bytes()).unwrap()),
    ]
}

/// Any bytes a header value may hold: printable, tab, and obs-text (0x80+).
fn header_value() -> impl Strategy<Value = HeaderValue> {
    let byte = prop_oneof![Just(b'\t'), 0x20u8..0x7f, 0x80u8..=0xff];
    let base64ish = "[A-Za-z0-9+/=]{0,100}".prop_map(String::into_bytes);
    let digits = "[0-9]{0,25}".prop_map(String::into_bytes);
    prop_oneof![proptest::collection::vec(byte, 0..100), base64ish, digits]
        .prop_map(|bytes| HeaderValue::from_bytes(&bytes).unwrap())
}

fn header_map() -> impl Strategy<Value = HeaderMap> {
    proptest::collection::vec((header_name(), header_value()), 0..6).prop_map(|pairs| {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name, value);
        }
        map
    })
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,60}",
        "https?://[a-z.]{1,12}(:[0-9]{0,6})?(/[a-zA-Z0-9%?&=._~-]{0,30})?",
        "https://\\[[0-9a-f:]{0,12}\\]?(:[0-9]{1,5})?/x",
        "https?://[a-z@:]{0,12}[?#/]?",
    ]
}

/// Form parameters that survive a round trip through form encoding.
fn form() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[A-Za-z]{1,8}", "\\PC{0,12}"), 0..8)
}

fn encode(params: &[(String, String)]) -> Vec<u8> {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        out.append_pair(name, value);
    }
    out.finish().into_bytes()
}

proptest! {
    #[test]
    fn random_requests_are_rejected_without_panicking(
        headers in header_map(),
        body in proptest::collection::vec(any::<u8>(), 0..200),
        url in url(),
        now in any::<u64>(),
    ) {
        let now = UNIX_EPOCH + Duration::from_secs(now % (1 << 40));
        prop_assert!(telnyx::verify::<IgnoredAny>(&headers, &body, &telnyx_key(), now).is_err());
        let token = twilio::AuthToken::new("12345");
        prop_assert!(twilio::verify::<IgnoredAny>(&headers, &url, &body, &token).is_err());
        let key = signalwire::SigningKey::new("PSK_test");
        prop_assert!(signalwire::verify::<IgnoredAny>(&headers, &url, &body, &key).is_err());
    }

    #[test]
    fn signed_form_verifies_and_any_changed_byte_is_caught(
        params in form(),
        path in "/[a-z]{0,10}",
        flip in any::<prop::sample::Index>(),
    ) {
        // No query: a body without parameters is read from the query instead.
        let url = format!("https://hooks.example.com{path}");
        let body = encode(&params);
        let token = twilio::AuthToken::new("12345");
        let signature = twilio::sign(&url, &body, &token).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("x-twilio-signature", HeaderValue::from_str(&signature).unwrap());
        let verified: Vec<(String, String)> =
            twilio::verify(&headers, &url, &body, &token).unwrap();
        prop_assert_eq!(verified, params.clone());

        if !body.is_empty() {
            let mut changed = body.clone();
            let i = flip.index(changed.len());
            changed[i] = if changed[i] == b'Z' { b'Y' } else { b'Z' };
            // Some changes are invisible to the signature because they do not
            // change the decoded parameters (`%41` for `A`); those are fine.
            let same = url::form_urlencoded::parse(&changed).eq(url::form_urlencoded::parse(&body));
            let result = twilio::verify::<IgnoredAny>(&headers, &url, &changed, &token);
            prop_assert_eq!(result.is_ok(), same);
        }
    }

    #[test]
    fn signed_telnyx_body_verifies_and_any_changed_byte_is_caught(
        body in "\\{\"data\":\\{\"event_type\":\"[a-z.]{1,20}\"\\}\\}",
        timestamp in 1_000_000_000u64..4_000_000_000,
        skew in 0u64..=300,
        flip in any::<prop::sample::Index>(),
    ) {
        let signing = SigningKey::from_bytes(&SECRET);
        let message = format!("{timestamp}|{body}");
        let signature = base64_encode(&signing.sign(message.as_bytes()).to_bytes());
        let mut headers = HeaderMap::new();
        headers.insert("telnyx-signature-ed25519", HeaderValue::from_str(&signature).unwrap());
        headers.insert("telnyx-timestamp", HeaderValue::from(timestamp));
        let now = UNIX_EPOCH + Duration::from_secs(timestamp + skew);
        prop_assert!(telnyx::verify::<IgnoredAny>(&headers, body.as_bytes(), &telnyx_key(), now).is_ok());

        let mut changed = body.into_bytes();
        let i = flip.index(changed.len());
        changed[i] ^= 0x01;
        prop_assert!(telnyx::verify::<IgnoredAny>(&headers, &changed, &telnyx_key(), now).is_err());
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
