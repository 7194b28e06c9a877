//! What the fax crate's tests share: mock servers standing in for each
//! vendor, accounts pointing at them, and readers of what they received.
#![allow(dead_code)] // each test file uses its own part of this module

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fax_client::Provider;
use fax_runtime::Credentials;
use serde_json::{json, Value};
use wiremock::{MockServer, Request};

pub const TWILIO_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const TWILIO_TOKEN: &str = "twilio-token";
pub const TELNYX_KEY: &str = "KEY0123";
pub const TELNYX_CONNECTION: &str = "1293384261075731499";
pub const SW_PROJECT: &str = "b3877c40-da60-4998-90ad-b792e98472ac";
pub const SW_TOKEN: &str = "PT-signalwire-token";

pub fn twilio(server: &MockServer) -> Provider {
    let credentials = Credentials::basic(TWILIO_SID, TWILIO_TOKEN);
    Provider::twilio(fax_api::twilio::Client::new(credentials).with_base_url(server.uri()))
}

pub fn telnyx(server: &MockServer) -> Provider {
    let client = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY));
    Provider::telnyx(client.with_base_url(server.uri()), TELNYX_CONNECTION)
}

pub fn signalwire(server: &MockServer) -> Provider {
    let credentials = Credentials::basic(SW_PROJECT, SW_TOKEN);
    let client = fax_api::signalwire::Client::new("example", credentials);
    Provider::signalwire(client.with_base_url(server.uri()), SW_PROJECT)
}

pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// A vendor payload of the repository's fixtures.
pub fn payload(name: &str) -> Value {
    let path = format!(
        "{}/../tests/fixtures/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

pub fn twilio_fax(sid: &str, status: &str) -> Value {
    json!({
        "account_sid": TWILIO_SID,
        "api_version": "v1",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "direction": "outbound",
        "from": "+14155551234",
        "media_url": "https://www.example.com/fax.pdf",
        "media_sid": "MEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "num_pages": 2,
        "price": null,
        "price_unit": null,
        "quality": "fine",
        "sid": sid,
        "status": status,
        "to": "+14155554321",
        "duration": null,
        "links": {"media": format!("https://fax.twilio.com/v1/Faxes/{sid}/Media")},
        "url": format!("https://fax.twilio.com/v1/Faxes/{sid}")
    })
}

pub fn telnyx_fax(id: &str, status: &str) -> Value {
    let mut fax = payload("telnyx_fax.json");
    fax["id"] = json!(id);
    fax["status"] = json!(status);
    fax
}

pub fn signalwire_fax(sid: &str, status: &str) -> Value {
    let mut fax = payload("signalwire_fax.json");
    fax["sid"] = json!(sid);
    fax["status"] = json!(status);
    fax
}

/// Every request the server received, in order.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The one request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(
        all.len(),
        1,
        "expected one request, got {:?}",
        all.iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    all.remove(0)
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A form body's pairs, sorted by name (the order of serialization is not
/// what a vendor reads).
pub fn form(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&request.body).unwrap();
    pairs.sort();
    pairs
}

pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort();
    pairs
}

/// The query's pairs, in wire order.
pub fn query(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}
