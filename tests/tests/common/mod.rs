//! Shared by the wire tests: credentials with their expected `Authorization`
//! values (worked out by hand, not by the runtime), vendor payloads, and
//! helpers to read what the mock server received.
#![allow(dead_code)] // each test crate uses its own part of these helpers

use serde_json::{json, Value};
use std::time::Duration;
use wiremock::{MockServer, Request};

/// A Telnyx API key.
pub const TELNYX_KEY: &str = "KEY0123telnyxSECRETapikey42";
/// `Authorization` for [`TELNYX_KEY`].
pub const TELNYX_AUTH: &str = "Bearer KEY0123telnyxSECRETapikey42";

/// A SignalWire project id and API token.
pub const SW_PROJECT: &str = "PJ7e1d0c0a-space-project";
pub const SW_TOKEN: &str = "PTsignalwireSECRETtoken42";
/// `Authorization` for [`SW_PROJECT`]:[`SW_TOKEN`] (base64 worked out with Python).
pub const SW_AUTH: &str =
    "Basic UEo3ZTFkMGMwYS1zcGFjZS1wcm9qZWN0OlBUc2lnbmFsd2lyZVNFQ1JFVHRva2VuNDI=";

/// A Twilio account SID and auth token.
pub const TWILIO_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const TWILIO_TOKEN: &str = "twilioSECRETauthtoken42";
/// `Authorization` for [`TWILIO_SID`]:[`TWILIO_TOKEN`] (base64 worked out with Python).
pub const TWILIO_AUTH: &str =
    "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0d2lsaW9TRUNSRVRhdXRodG9rZW40Mg==";

/// A retry policy whose waits are a millisecond at most, so tests never sleep.
pub fn fast_retry(max_attempts: u32) -> fax_runtime::RetryPolicy {
    fax_runtime::RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
        ..fax_runtime::RetryPolicy::default()
    }
}

pub fn telnyx(server: &MockServer) -> fax_api::telnyx::Client {
    fax_api::telnyx::Client::new(fax_runtime::Credentials::bearer(TELNYX_KEY))
        .with_base_url(server.uri())
        .with_retry(fast_retry(3))
}

pub fn signalwire(server: &MockServer) -> fax_api::signalwire::Client {
    fax_api::signalwire::Client::new(
        "example",
        fax_runtime::Credentials::basic(SW_PROJECT, SW_TOKEN),
    )
    .with_base_url(format!("{}/api/laml/2010-04-01", server.uri()))
    .with_retry(fast_retry(3))
}

pub fn twilio(server: &MockServer) -> fax_api::twilio::Client {
    fax_api::twilio::Client::new(fax_runtime::Credentials::basic(TWILIO_SID, TWILIO_TOKEN))
        .with_base_url(server.uri())
        .with_retry(fast_retry(3))
}

/// A Telnyx fax (`fixtures/payloads/telnyx_fax.json`) with another id.
pub fn telnyx_fax(id: &str) -> Value {
    let mut fax = fax_tests::payload("telnyx_fax.json");
    fax["id"] = json!(id);
    fax
}

/// A Telnyx fax application (`fixtures/payloads/telnyx_fax_application.json`)
/// with another id.
pub fn telnyx_app(id: &str) -> Value {
    let mut app = fax_tests::payload("telnyx_fax_application.json");
    app["id"] = json!(id);
    app
}

/// A SignalWire fax as its "Send a Fax" page shows one.
pub fn signalwire_fax(sid: &str) -> Value {
    json!({
        "account_sid": SW_PROJECT,
        "api_version": "v1",
        "date_created": "2018-11-26T20:00:00Z",
        "date_updated": "2018-11-26T20:00:00Z",
        "direction": "outbound",
        "from": "+15556677888",
        "media_url": "https://example.com/fax.pdf",
        "media_sid": "ME0123456789abcdef",
        "num_pages": null,
        "price": null,
        "price_unit": "USD",
        "quality": "fine",
        "sid": sid,
        "status": "queued",
        "to": "+15556677999",
        "duration": null,
        "links": {"media": format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes/{sid}/Media")},
        "url": format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes/{sid}"),
        "error_code": null,
        "error_message": null
    })
}

pub fn signalwire_media(fax_sid: &str, sid: &str) -> Value {
    let uri = format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes/{fax_sid}/Media/{sid}");
    json!({
        "account_sid": SW_PROJECT,
        "content_type": "application/pdf",
        "date_created": "2018-11-26T20:00:00Z",
        "date_updated": "2018-11-26T20:00:01Z",
        "fax_sid": fax_sid,
        "sid": sid,
        "uri": uri,
        "url": uri
    })
}

/// A Twilio fax resource as the v1 API returns it.
pub fn twilio_fax(sid: &str) -> Value {
    json!({
        "account_sid": TWILIO_SID,
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
        "sid": sid,
        "status": "queued",
        "to": "+14155554321",
        "duration": null,
        "links": {"media": format!("https://fax.twilio.com/v1/Faxes/{sid}/Media")},
        "url": format!("https://fax.twilio.com/v1/Faxes/{sid}")
    })
}

pub fn twilio_media(fax_sid: &str, sid: &str) -> Value {
    json!({
        "account_sid": TWILIO_SID,
        "content_type": "application/pdf",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00Z",
        "fax_sid": fax_sid,
        "sid": sid,
        "url": format!("https://fax.twilio.com/v1/Faxes/{fax_sid}/Media/{sid}")
    })
}

/// The one request the server received; fails when there were more or fewer.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected one request, got {:?}",
        requests
            .iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect::<Vec<_>>()
    );
    requests.remove(0)
}

/// A header's value as text (`None` when absent or not text).
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// The query as decoded pairs, in wire order.
pub fn query(request: &Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Pairs from string slices, for comparing with [`query`] and [`form`].
pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A form-urlencoded body as decoded pairs, in wire order.
pub fn form(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Asserts the parts of a request every operation test checks: method,
/// path (as sent, percent-encoding kept), query pairs, `Authorization`,
/// `Accept` and `Content-Type` (`None`: no content type and an empty body).
pub fn assert_request(
    request: &Request,
    method: &str,
    path: &str,
    query_pairs: &[(&str, &str)],
    authorization: &str,
    content_type: Option<&str>,
) {
    assert_eq!(request.method.as_str(), method, "method");
    assert_eq!(request.url.path(), path, "path");
    assert_eq!(
        query(request),
        pairs(query_pairs),
        "query of {}",
        request.url
    );
    assert_eq!(
        header(request, "authorization"),
        Some(authorization),
        "authorization"
    );
    assert_eq!(
        header(request, "accept"),
        Some("application/json"),
        "accept"
    );
    assert_eq!(
        header(request, "content-type"),
        content_type,
        "content type"
    );
    if content_type.is_none() {
        assert!(
            request.body.is_empty(),
            "unexpected body {:?}",
            request.body
        );
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part's headers, lower-cased names, in order.
    pub headers: Vec<(String, String)>,
    pub content: Vec<u8>,
}

impl Part {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits a multipart body by the boundary its content type names (RFC 7578),
/// failing on anything malformed.
pub fn multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart/form-data: {content_type}"));
    let delimiter = format!("--{boundary}").into_bytes();
    let close = format!("--{boundary}--\r\n").into_bytes();
    assert!(
        body.ends_with(&close),
        "body does not end with the close delimiter"
    );
    let mut parts = Vec::new();
    let mut rest = &body[..body.len() - close.len()];
    while !rest.is_empty() {
        assert!(
            rest.starts_with(&delimiter),
            "part does not start with the boundary"
        );
        rest = &rest[delimiter.len()..];
        assert!(rest.starts_with(b"\r\n"), "boundary line not ended by CRLF");
        rest = &rest[2..];
        let head_end = find(rest, b"\r\n\r\n").expect("part head ends with a blank line");
        let head = std::str::from_utf8(&rest[..head_end]).expect("part head is text");
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(':').expect("header line");
                (name.trim().to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        rest = &rest[head_end + 4..];
        // The content runs to CRLF before the next delimiter.
        let mut next = Vec::from(&b"\r\n"[..]);
        next.extend_from_slice(&delimiter);
        let end = find(rest, &next).unwrap_or_else(|| {
            assert!(rest.ends_with(b"\r\n"), "last part not ended by CRLF");
            rest.len() - 2
        });
        parts.push(Part {
            headers,
            content: rest[..end].to_vec(),
        });
        rest = if end + 2 <= rest.len() {
            &rest[end + 2..]
        } else {
            &[]
        };
    }
    parts
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
