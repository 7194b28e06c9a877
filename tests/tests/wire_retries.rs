//! Retries: idempotent requests (GET, DELETE) on 429, 502, 503, 504 and
//! connection failures, with `Retry-After` taking the place of the backoff;
//! POST only when asked; attempts and timeouts configurable. Backoffs are a
//! millisecond here, so nothing sleeps.

mod common;

use common::*;
use fax_runtime::{Error, RetryPolicy};
use serde_json::json;
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering `first` once, then 200 with a Telnyx fax.
async fn failing_once(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_fax("f")})))
        .mount(&server)
        .await;
    server
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn get_is_retried_on_429_502_503_504() {
    for status in [429, 502, 503, 504] {
        let server = failing_once(ResponseTemplate::new(status)).await;
        let fax = telnyx(&server).get_fax("f").send().await;
        assert!(fax.is_ok(), "{status}: {fax:?}");
        assert_eq!(request_count(&server).await, 2, "{status}");
    }
}

#[tokio::test]
async fn delete_is_retried_on_502() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    twilio(&server).delete_fax("FX1").send().await.unwrap();
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn other_error_statuses_are_not_retried() {
    for status in [400, 401, 404, 409, 422, 500, 501] {
        let server = failing_once(ResponseTemplate::new(status)).await;
        let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(request_count(&server).await, 1, "{status}");
    }
}

#[tokio::test]
async fn attempts_are_limited_and_the_last_answer_is_returned() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503).set_body_json(
                json!({"errors": [{"code": "503", "title": "Service Unavailable"}]}),
            ),
        )
        .expect(4)
        .mount(&server)
        .await;
    let error = telnyx(&server)
        .with_retry(fast_retry(4))
        .get_fax("f")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.status, 503);
    assert_eq!(api.body.unwrap().errors[0].code, "503");
}

#[tokio::test]
async fn retry_after_takes_the_place_of_the_backoff() {
    // A 30 s backoff would time the test out; `Retry-After: 0` says go now.
    let server = failing_once(ResponseTemplate::new(429).insert_header("Retry-After", "0")).await;
    let slow_backoff = RetryPolicy {
        initial_backoff: Duration::from_secs(30),
        max_backoff: Duration::from_secs(30),
        ..RetryPolicy::default()
    };
    let started = Instant::now();
    let fax = tokio::time::timeout(
        Duration::from_secs(5),
        telnyx(&server).with_retry(slow_backoff).get_fax("f").send(),
    )
    .await
    .expect("Retry-After: 0 is honoured instead of the backoff");
    assert!(fax.is_ok());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_returns_at_once() {
    let server =
        failing_once(ResponseTemplate::new(503).insert_header("Retry-After", "3600")).await;
    let started = Instant::now();
    let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = failing_once(ResponseTemplate::new(503)).await;
    let error = telnyx(&server)
        .send_fax(fax_api::telnyx::types::SendFaxRequest::new("c", "+1", "+2"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_is_retried_when_asked() {
    let server = failing_once(ResponseTemplate::new(503)).await;
    let policy = RetryPolicy {
        retry_non_idempotent: true,
        ..fast_retry(3)
    };
    telnyx(&server)
        .with_retry(policy)
        .send_fax(fax_api::telnyx::types::SendFaxRequest::new("c", "+1", "+2"))
        .send()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same body is sent again"
    );
}

/// A base URL on 127.0.0.1 where nothing listens.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

#[tokio::test]
async fn connection_failures_are_retried_for_get_and_reported_with_attempts() {
    let client = fax_api::telnyx::Client::new(fax_runtime::Credentials::bearer(TELNYX_KEY))
        .with_base_url(closed_port().await)
        .with_retry(fast_retry(3));
    let error = client.get_fax("f").send().await.unwrap_err();
    let message = error.to_string();
    let Error::Transport(transport) = error else {
        panic!("expected Error::Transport, got {message}")
    };
    assert_eq!(transport.attempts, 3);
    assert_eq!(transport.operation, "get_fax");
    assert!(message.contains("3 attempts"), "{message}");
}

#[tokio::test]
async fn connection_failures_are_not_retried_for_post() {
    let client = fax_api::telnyx::Client::new(fax_runtime::Credentials::bearer(TELNYX_KEY))
        .with_base_url(closed_port().await)
        .with_retry(fast_retry(3));
    let error = client.cancel_fax("f").send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.attempts == 1),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_per_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": telnyx_fax("f")}))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    let started = Instant::now();
    let error = telnyx(&server)
        .with_timeout(Some(Duration::from_millis(50)))
        .with_retry(fast_retry(2))
        .get_fax("f")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.attempts == 2),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn without_retries_a_503_is_returned_after_one_attempt() {
    let server = failing_once(ResponseTemplate::new(503)).await;
    let error = telnyx(&server)
        .with_retry(RetryPolicy::none())
        .get_fax("f")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(request_count(&server).await, 1);
}

#[test]
fn defaults_are_sane() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_attempts, 3);
    assert!(!policy.retry_non_idempotent);
    assert!(policy.initial_backoff >= Duration::from_millis(100));
    assert!(policy.max_backoff <= Duration::from_secs(60));
    let client = fax_api::twilio::Client::new(fax_runtime::Credentials::basic("AC1", "t"));
    assert_eq!(client.api().retry_policy(), &policy);
    // The default per-attempt timeout shows in the client's Debug.
    assert!(
        format!("{client:?}").contains("timeout: Some(60s)"),
        "{client:?}"
    );
}

#[test]
fn backoff_is_exponential_jittered_and_capped() {
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(1_000),
        ..RetryPolicy::default()
    };
    for attempt in 1..=10u32 {
        let ceiling =
            (Duration::from_millis(100) * 2u32.pow(attempt - 1)).min(Duration::from_millis(1_000));
        let waits: Vec<Duration> = (0..50).map(|_| policy.backoff(attempt)).collect();
        assert!(waits.iter().all(|w| *w <= ceiling), "attempt {attempt}");
        // Jitter: fifty draws are not all the same.
        assert!(waits.iter().any(|w| *w != waits[0]), "attempt {attempt}");
    }
}
