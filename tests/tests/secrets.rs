//! Credentials never show: not in `Debug` of credentials, clients, request
//! builders or built requests, not in errors, not in `tracing` output. The
//! one request span per call shows operation, method, path template,
//! attempt and status instead.

mod common;

use common::*;
use fax_runtime::{Credentials, Error, Secret};
use serde_json::json;
use std::sync::{Arc, Mutex};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything that would give a credential away.
const LEAKS: &[&str] = &[
    TELNYX_KEY,
    "KEY0123telnyx",
    SW_TOKEN,
    TWILIO_TOKEN,
    // The base64 of `sid:token` and `project:token`.
    "QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0d2lsaW9TRUNSRVRhdXRodG9rZW40Mg",
    "UEo3ZTFkMGMwYS1zcGFjZS1wcm9qZWN0OlBUc2lnbmFsd2lyZVNFQ1JFVHRva2VuNDI",
];

fn assert_no_secret(what: &str, text: &str) {
    for leak in LEAKS {
        assert!(!text.contains(leak), "{what} shows `{leak}`: {text}");
    }
}

#[test]
fn credentials_and_secrets_redact_themselves() {
    let bearer = Credentials::bearer(TELNYX_KEY);
    let basic = Credentials::basic(TWILIO_SID, TWILIO_TOKEN);
    assert_no_secret("bearer", &format!("{bearer:?} {bearer:#?}"));
    assert_no_secret("basic", &format!("{basic:?} {basic:#?}"));
    // The user name is not secret and helps debugging.
    assert!(format!("{basic:?}").contains(TWILIO_SID));
    assert_no_secret("secret", &format!("{:?}", Secret::new(SW_TOKEN)));
    // The header value works, and is marked sensitive.
    let value = basic.authorization().unwrap().unwrap();
    assert_eq!(value.to_str().unwrap(), TWILIO_AUTH);
    assert!(value.is_sensitive());
    assert_no_secret("header value", &format!("{value:?}"));
}

#[test]
fn clients_builders_and_built_requests_redact_credentials() {
    let telnyx = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY));
    let twilio = fax_api::twilio::Client::new(Credentials::basic(TWILIO_SID, TWILIO_TOKEN));
    let signalwire =
        fax_api::signalwire::Client::new("acme", Credentials::basic(SW_PROJECT, SW_TOKEN));
    assert_no_secret("telnyx client", &format!("{telnyx:?} {:?}", telnyx.api()));
    assert_no_secret("twilio client", &format!("{twilio:#?}"));
    assert_no_secret("signalwire client", &format!("{signalwire:?}"));

    let builder = telnyx.get_fax("f");
    assert_no_secret("builder", &format!("{builder:?}"));
    let request = builder.to_http_request().unwrap();
    assert_no_secret(
        "telnyx request",
        &format!("{request:?} {:?}", request.headers()),
    );
    let request = twilio.fetch_fax("FX1").to_http_request().unwrap();
    assert_no_secret("twilio request", &format!("{request:?}"));
    let request = signalwire
        .get_fax(SW_PROJECT, "FX1")
        .to_http_request()
        .unwrap();
    assert_no_secret("signalwire request", &format!("{request:#?}"));
}

#[test]
fn a_credential_that_is_no_header_value_is_a_build_error_without_it() {
    let secret = "KEY0123telnyx\nSECRET";
    let client = fax_api::telnyx::Client::new(Credentials::bearer(secret));
    let error = client.get_fax("f").to_http_request().unwrap_err();
    assert!(matches!(error, Error::Build(_)), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert_no_secret("build error", &shown);
}

#[tokio::test]
async fn errors_do_not_show_credentials() {
    // An API error, a decode error and a transport error, each shown both ways.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}),
        ))
        .mount(&server)
        .await;
    let api_error = twilio(&server).fetch_fax("FX1").send().await.unwrap_err();
    assert!(matches!(api_error, Error::Api(_)));
    assert_no_secret("API error", &format!("{api_error} {api_error:?}"));

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .mount(&server)
        .await;
    let decode_error = signalwire(&server)
        .get_fax(SW_PROJECT, "FX1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(decode_error, Error::Decode(_)));
    assert_no_secret("decode error", &format!("{decode_error} {decode_error:?}"));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let transport_error = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(closed)
        .with_retry(fax_runtime::RetryPolicy::none())
        .get_fax("f")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(transport_error, Error::Transport(_)));
    assert_no_secret(
        "transport error",
        &format!("{transport_error} {transport_error:?}"),
    );
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    /// Everything logged at every level while `f` runs on this thread.
    fn install(&self) -> tracing::subscriber::DefaultGuard {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(self.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(
                tracing_subscriber::fmt::format::FmtSpan::NEW
                    | tracing_subscriber::fmt::format::FmtSpan::CLOSE,
            )
            .finish();
        tracing::subscriber::set_default(subscriber)
    }
}

#[tokio::test]
async fn one_span_per_request_with_its_facts_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_fax("f")})))
        .mount(&server)
        .await;
    let captured = Captured::default();
    {
        let _guard = captured.install();
        telnyx(&server)
            .get_fax("fax-id-value-7731")
            .send()
            .await
            .unwrap();
    }
    let log = captured.text();
    assert_no_secret("tracing output", &log);
    assert!(!log.contains("Bearer"), "{log}");
    // One span, opened once and closed once, for both attempts.
    let opened = log
        .lines()
        .filter(|l| l.contains("fax_api.request") && l.contains("new"))
        .count();
    let closed: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("fax_api.request") && l.contains("close"))
        .collect();
    assert_eq!((opened, closed.len()), (1, 1), "{log}");
    let closed = closed[0];
    for fact in [
        "operation=\"get_fax\"",
        "method=GET",
        "path=\"/faxes/{id}\"",
        "attempt=2",
        "status=200",
    ] {
        assert!(closed.contains(fact), "`{fact}` missing from {closed}");
    }
    // The template, not the value, names the path.
    assert!(!log.contains("fax-id-value-7731"), "{log}");
    assert!(log.contains("retrying"), "the retry is logged: {log}");
}

#[tokio::test]
async fn basic_credentials_stay_out_of_the_logs_too() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"code": 20404, "message": "nope", "more_info": "", "status": 404}),
        ))
        .mount(&server)
        .await;
    let captured = Captured::default();
    {
        let _guard = captured.install();
        let _ = twilio(&server).fetch_fax("FX1").send().await;
        let _ = signalwire(&server)
            .delete_fax(SW_PROJECT, "FX1")
            .send()
            .await;
    }
    let log = captured.text();
    assert_no_secret("tracing output", &log);
    assert!(log.contains("status=404"), "{log}");
    assert!(log.contains("operation=\"FetchFax\""), "{log}");
    assert!(log.contains("operation=\"delete_fax\""), "{log}");
}

/// A password written into the base URL (`http://user:password@host`).
const URL_PASSWORD: &str = "urlSECRETpassword99";

fn assert_no_url_password(what: &str, text: &str) {
    assert!(
        !text.contains(URL_PASSWORD),
        "{what} shows the URL's password: {text}"
    );
    assert_no_secret(what, text);
}

/// Credentials in a base URL never print: not in `Debug` of the client, not
/// in transport, redirect, API or pagination errors, not in the logs.
#[tokio::test]
async fn credentials_written_into_a_base_url_never_print() {
    let captured = Captured::default();
    let _guard = captured.install();
    let with_password = |address: &str| {
        fax_api::twilio::Client::new(Credentials::basic(TWILIO_SID, TWILIO_TOKEN))
            .with_base_url(format!("http://{TWILIO_SID}:{URL_PASSWORD}@{address}"))
            .with_retry(fast_retry(2))
    };

    // Nothing listens on this port: a transport error, after a retry.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closed = listener.local_addr().unwrap().to_string();
    drop(listener);
    let client = with_password(&closed);
    assert_no_url_password(
        "client",
        &format!("{client:?} {client:#?} {:?}", client.api()),
    );
    let error = client.fetch_fax("FX1").send().await.unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_no_url_password("transport error", &format!("{error} {error:?}"));
    let source = std::error::Error::source(&error).expect("the transport's error");
    assert_no_url_password("transport error source", &format!("{source} {source:?}"));

    // A live server: an API error, a redirect refused, a pager that repeats itself.
    let server = MockServer::start().await;
    let address = server.address().to_string();
    Mock::given(wiremock::matchers::path("/v1/Faxes/FX404"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/v1/Faxes/FX302"))
        .respond_with(ResponseTemplate::new(302).insert_header(
            "Location",
            format!("http://{TWILIO_SID}:{URL_PASSWORD}@{address}/elsewhere"),
        ))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/v1/Faxes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX1")],
            "meta": {"next_page_url": "/v1/Faxes", "page": 0, "page_size": 1}
        })))
        .mount(&server)
        .await;
    let client = with_password(&address);
    let api_error = client.fetch_fax("FX404").send().await.unwrap_err();
    assert_no_url_password("API error", &format!("{api_error} {api_error:?}"));
    let redirect = client.fetch_fax("FX302").send().await.unwrap_err();
    assert!(matches!(redirect, Error::Redirect(_)), "{redirect:?}");
    assert_no_url_password("redirect error", &format!("{redirect} {redirect:?}"));
    let results: Vec<_> =
        futures_util::StreamExt::collect::<Vec<_>>(client.list_fax().stream()).await;
    let pagination = results.into_iter().find_map(Result::err).expect("an error");
    assert!(matches!(pagination, Error::Pagination(_)), "{pagination:?}");
    assert_no_url_password("pagination error", &format!("{pagination} {pagination:?}"));

    assert_no_url_password("tracing output", &captured.text());
}
