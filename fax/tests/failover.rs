//! Failover that never sends twice: a send moves to the next vendor only
//! when the one before certainly did not take the fax, and stops, naming the
//! vendor, when the outcome is unknown.

mod common;

use common::*;
use fax_client::{Document, Error, Fax, FaxClient, FaxState, Provider, Vendor};
use fax_runtime::{Credentials, RetryPolicy};
use serde_json::json;
use std::time::Duration;
use tokio::io::AsyncReadExt as _;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fax() -> Fax {
    Fax::new(
        "+15551230000",
        "+15559870000",
        Document::url("https://example.com/invoice.pdf"),
    )
}

/// A base URL where nothing listens: connecting is refused.
fn refusing_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

fn telnyx_at(base_url: String) -> Provider {
    let client = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY));
    Provider::telnyx(client.with_base_url(base_url), TELNYX_CONNECTION)
}

/// Telnyx at `server`, answering every send with `response`.
async fn telnyx_answering(server: &MockServer, response: ResponseTemplate) -> Provider {
    Mock::given(method("POST"))
        .and(path("/faxes"))
        .respond_with(response)
        .mount(server)
        .await;
    telnyx(server)
}

/// Twilio at `server`, taking every fax.
async fn twilio_taking(server: &MockServer) -> Provider {
    Mock::given(method("POST"))
        .and(path("/v1/Faxes"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(twilio_fax("FX0000000000000000000000000000000a", "queued")),
        )
        .mount(server)
        .await;
    twilio(server)
}

#[tokio::test]
async fn connection_refused_on_the_first_vendor_sends_through_the_second() {
    let second = MockServer::start().await;
    let client = FaxClient::new([telnyx_at(refusing_url()), twilio_taking(&second).await]);

    let sent = client.send(&fax()).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Twilio);
    assert_eq!(sent.status.state, FaxState::Queued);
    assert_eq!(sent.tried.len(), 1);
    assert_eq!(sent.tried[0].vendor, Vendor::Telnyx);
    assert!(
        matches!(
            sent.tried[0].error,
            Error::Connect {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{:?}",
        sent.tried[0].error
    );
    assert_eq!(requests(&second).await.len(), 1);
}

#[tokio::test]
async fn a_name_that_does_not_resolve_sends_through_the_second() {
    // `.invalid` never resolves (RFC 6761): the request is never written.
    let second = MockServer::start().await;
    let client = FaxClient::new([
        telnyx_at("http://fax-vendor.invalid".to_owned()),
        twilio_taking(&second).await,
    ]);
    let sent = client.send(&fax()).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Twilio);
    assert!(
        matches!(
            sent.tried[0].error,
            Error::Connect {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{:?}",
        sent.tried[0].error
    );
    assert_eq!(requests(&second).await.len(), 1);
}

#[tokio::test]
async fn a_tls_handshake_that_fails_sends_through_the_second() {
    // A server that answers the TLS greeting with plain text: the handshake
    // fails, so the request is never written.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt as _;
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = [0u8; 1024];
        let _ = stream.read(&mut buffer).await;
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
    });
    let second = MockServer::start().await;
    let client = FaxClient::new([telnyx_at(base_url), twilio_taking(&second).await]);
    let sent = client.send(&fax()).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Twilio);
    assert!(
        matches!(
            sent.tried[0].error,
            Error::Connect {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{:?}",
        sent.tried[0].error
    );
    assert_eq!(requests(&second).await.len(), 1);
}

#[tokio::test]
async fn refusals_of_the_vendors_account_or_rate_send_through_the_second() {
    for status in [401, 403, 429] {
        let first = MockServer::start().await;
        let second = MockServer::start().await;
        let body = json!({"errors": [{"code": "10009", "title": "Authentication failed"}]});
        let client = FaxClient::new([
            telnyx_answering(&first, ResponseTemplate::new(status).set_body_json(body)).await,
            twilio_taking(&second).await,
        ]);

        let sent = client.send(&fax()).await.unwrap();
        assert_eq!(sent.id.vendor(), Vendor::Twilio, "{status}");
        assert_eq!(sent.tried.len(), 1);
        assert_eq!(
            sent.tried[0].error.status().map(|s| s.as_u16()),
            Some(status)
        );
        assert!(sent.tried[0]
            .error
            .to_string()
            .contains("Authentication failed"));
        assert_eq!(requests(&first).await.len(), 1, "{status}");
        assert_eq!(requests(&second).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn a_timeout_after_the_request_was_written_stops_with_an_unknown_outcome() {
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    let slow = ResponseTemplate::new(202)
        .set_body_json(json!({"data": telnyx_fax("t1", "queued")}))
        .set_delay(Duration::from_secs(10));
    Mock::given(method("POST"))
        .and(path("/faxes"))
        .respond_with(slow)
        .mount(&first)
        .await;
    let impatient = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(first.uri())
        .with_timeout(Some(Duration::from_millis(300)));
    let client = FaxClient::new([
        Provider::telnyx(impatient, TELNYX_CONNECTION),
        twilio_taking(&second).await,
    ]);

    let error = client.send(&fax()).await.unwrap_err();
    assert!(error.may_have_been_sent());
    let Error::OutcomeUnknown {
        vendor,
        cause,
        tried,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*vendor, Vendor::Telnyx);
    assert!(matches!(**cause, Error::Transport { .. }), "{cause:?}");
    assert!(tried.is_empty());
    let message = error.to_string();
    assert!(
        message.contains("may have been sent through telnyx"),
        "{message}"
    );
    assert_eq!(requests(&first).await.len(), 1);
    assert!(requests(&second).await.is_empty());
}

#[tokio::test]
async fn a_connection_reset_mid_response_stops_with_an_unknown_outcome() {
    // A server that reads the request and hangs up without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (got_request, received) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0u8; 64 * 1024];
        let n = stream.read(&mut buffer).await.unwrap();
        let _ = got_request.send(String::from_utf8_lossy(&buffer[..n]).into_owned());
        drop(stream);
    });
    let second = MockServer::start().await;
    let client = FaxClient::new([telnyx_at(base_url), twilio_taking(&second).await]);

    let error = client.send(&fax()).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::OutcomeUnknown {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{error:?}"
    );
    let request = received.await.unwrap();
    assert!(request.starts_with("POST /faxes "), "{request}");
    assert!(requests(&second).await.is_empty());
}

#[tokio::test]
async fn server_errors_stop_with_an_unknown_outcome_without_a_retry() {
    for status in [500, 502, 503, 504] {
        let first = MockServer::start().await;
        let second = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/faxes"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&first)
            .await;
        // Even a client told to retry POSTs sends a fax once.
        let eager = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
            .with_base_url(first.uri())
            .with_retry(RetryPolicy {
                max_attempts: 3,
                initial_backoff: Duration::from_millis(1),
                retry_non_idempotent: true,
                ..RetryPolicy::default()
            });
        let client = FaxClient::new([
            Provider::telnyx(eager, TELNYX_CONNECTION),
            twilio_taking(&second).await,
        ]);

        let error = client.send(&fax()).await.unwrap_err();
        assert!(error.may_have_been_sent(), "{status}: {error:?}");
        assert_eq!(error.vendor(), Some(Vendor::Telnyx));
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(requests(&first).await.len(), 1, "{status}: sent once");
        assert!(requests(&second).await.is_empty(), "{status}");
    }
}

#[tokio::test]
async fn a_success_that_does_not_decode_is_an_unknown_outcome() {
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    let client = FaxClient::new([
        telnyx_answering(
            &first,
            ResponseTemplate::new(202).set_body_string("<html>ok</html>"),
        )
        .await,
        twilio_taking(&second).await,
    ]);
    let error = client.send(&fax()).await.unwrap_err();
    let Error::OutcomeUnknown { cause, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(matches!(**cause, Error::Response { .. }), "{cause:?}");
    assert!(requests(&second).await.is_empty());
}

#[tokio::test]
async fn a_fax_refused_as_invalid_is_not_offered_to_the_next_vendor() {
    for status in [400, 422] {
        let first = MockServer::start().await;
        let second = MockServer::start().await;
        let body = json!({"errors": [{"code": "10015", "title": "Invalid phone number"}]});
        let client = FaxClient::new([
            telnyx_answering(&first, ResponseTemplate::new(status).set_body_json(body)).await,
            twilio_taking(&second).await,
        ]);

        let error = client.send(&fax()).await.unwrap_err();
        assert!(!error.may_have_been_sent());
        let Error::NotSent { attempts, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(attempts.len(), 1);
        assert_eq!(attempts[0].vendor, Vendor::Telnyx);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(
            error.to_string().contains("Invalid phone number"),
            "{error}"
        );
        assert!(requests(&second).await.is_empty(), "{status}");
    }
}

#[tokio::test]
async fn when_every_vendor_refuses_nothing_was_sent_and_each_says_why() {
    let first = MockServer::start().await;
    let client = FaxClient::new([
        telnyx_answering(&first, ResponseTemplate::new(401)).await,
        telnyx_at(refusing_url()),
    ]);
    let error = client.send(&fax()).await.unwrap_err();
    let Error::NotSent { attempts, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(attempts.len(), 2);
    assert!(matches!(attempts[0].error, Error::Api { .. }));
    assert!(matches!(attempts[1].error, Error::Connect { .. }));
    assert!(!error.may_have_been_sent());

    let nobody = FaxClient::new([]).send(&fax()).await.unwrap_err();
    assert!(matches!(&nobody, Error::NotSent { attempts, .. } if attempts.is_empty()));
}

#[tokio::test]
async fn a_document_the_first_vendor_cannot_take_goes_to_one_that_can() {
    let second = MockServer::start().await;
    let telnyx_takes = telnyx_answering(
        &second,
        ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax("t1", "queued")})),
    )
    .await;
    let first = MockServer::start().await;
    let client = FaxClient::new([twilio(&first), telnyx_takes]);
    let upload = Fax::new(
        "+15551230000",
        "+15559870000",
        Document::bytes(b"%PDF".to_vec(), "a.pdf"),
    );
    let sent = client.send(&upload).await.unwrap();
    assert_eq!(sent.id.to_string(), "telnyx:t1");
    assert!(matches!(
        sent.tried[0].error,
        Error::Unsupported {
            vendor: Vendor::Twilio,
            ..
        }
    ));
    assert!(requests(&first).await.is_empty());
    assert_eq!(requests(&second).await.len(), 1);
}

#[tokio::test]
async fn transport_errors_say_what_happened_below_the_http_client() {
    // The HTTP client's own message is only "error sending request for url
    // (…)"; the cause (refused, timed out) is in its source chain.
    let refused = FaxClient::new([telnyx_at(refusing_url())])
        .send(&fax())
        .await
        .unwrap_err();
    let message = refused.to_string().to_lowercase();
    assert!(message.contains("connection refused"), "{message}");

    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(202)
        .set_body_json(json!({"data": telnyx_fax("t1", "queued")}))
        .set_delay(Duration::from_secs(10));
    Mock::given(method("POST"))
        .and(path("/faxes"))
        .respond_with(slow)
        .mount(&server)
        .await;
    let impatient = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(server.uri())
        .with_timeout(Some(Duration::from_millis(300)));
    let timed_out = FaxClient::new([Provider::telnyx(impatient, TELNYX_CONNECTION)])
        .send(&fax())
        .await
        .unwrap_err();
    let message = timed_out.to_string();
    assert!(message.contains("timed out"), "{message}");
}

/// A server that accepts connections and never says a word: a TLS handshake
/// with it never ends, and no request is ever written.
async fn silent_tls_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            open.push(stream);
        }
    });
    url
}

#[tokio::test]
async fn a_connection_that_never_opens_fails_over_only_with_a_connect_timeout() {
    // The client's timeout alone cannot tell a stall before the request was
    // written from one after: the outcome is unknown, and nothing goes on.
    let second = MockServer::start().await;
    let stalled = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(silent_tls_url().await)
        .with_timeout(Some(Duration::from_millis(300)));
    let client = FaxClient::new([
        Provider::telnyx(stalled, TELNYX_CONNECTION),
        twilio_taking(&second).await,
    ]);
    let error = client.send(&fax()).await.unwrap_err();
    assert!(error.may_have_been_sent(), "{error:?}");
    assert!(requests(&second).await.is_empty());

    // An HTTP client with a connect timeout reports the same stall as a
    // connect error: the fax certainly was not sent, and the next vendor gets it.
    let second = MockServer::start().await;
    let http = fax_runtime::reqwest::Client::builder()
        .redirect(fax_runtime::reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let stalled = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(silent_tls_url().await)
        .with_http_client(http);
    let client = FaxClient::new([
        Provider::telnyx(stalled, TELNYX_CONNECTION),
        twilio_taking(&second).await,
    ]);
    let sent = client.send(&fax()).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Twilio);
    assert!(
        matches!(
            sent.tried[0].error,
            Error::Connect {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{:?}",
        sent.tried[0].error
    );
    assert_eq!(requests(&second).await.len(), 1);
}

#[test]
fn the_client_its_futures_and_its_errors_can_cross_threads() {
    fn send<T: Send>(_: T) {}
    fn thread_safe<T: Send + Sync + 'static>() {}
    thread_safe::<FaxClient>();
    thread_safe::<Error>();
    thread_safe::<fax_client::Sent>();
    let client = FaxClient::new([]);
    let fax = fax();
    let id: fax_client::FaxId = "twilio:FX1".parse().unwrap();
    send(client.send(&fax));
    send(client.fetch(&id));
    send(client.cancel(&id));
    send(client.list(&fax_client::ListFilter::default()));
}

#[tokio::test]
async fn a_request_the_http_client_cannot_build_was_never_sent() {
    // A base URL reqwest refuses before connecting (a scheme it does not
    // speak): nothing left the machine, so the next vendor gets the fax.
    let second = MockServer::start().await;
    let client = FaxClient::new([
        telnyx_at("ftp://127.0.0.1:21".to_owned()),
        twilio_taking(&second).await,
    ]);
    let sent = client.send(&fax()).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Twilio);
    assert!(
        matches!(
            sent.tried[0].error,
            Error::Build {
                vendor: Vendor::Telnyx,
                ..
            }
        ),
        "{:?}",
        sent.tried[0].error
    );
    assert_eq!(requests(&second).await.len(), 1);
}
