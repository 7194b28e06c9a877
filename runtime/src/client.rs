//! The shared part of every generated client: where requests go, how they
//! authenticate, and how they are sent (reqwest with rustls) and retried.

use crate::credentials::Credentials;
use crate::encode::{Body, Query};
use crate::error::{Error, TransportError};
use crate::operation::Operation;
use crate::retry::RetryPolicy;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use std::time::Duration;
use tracing::Instrument as _;

/// Base URL, credentials, transport and policies of one API client.
#[derive(Clone)]
pub struct ApiClient {
    base_url: String,
    credentials: Credentials,
    http: reqwest::Client,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    user_agent: String,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The default per-attempt timeout: generous, since a fax upload can be large.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

impl ApiClient {
    /// A client for the API at `base_url`.
    pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Self {
        Self {
            base_url: trim_base(base_url.into()),
            credentials,
            http: reqwest::Client::new(),
            retry: RetryPolicy::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: concat!("fax-api/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }

    /// Sends requests somewhere else: a proxy, a mock server in tests.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = trim_base(base_url.into());
        self
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets the timeout of each attempt (`None`: wait as long as it takes).
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses a `reqwest::Client` of your own (proxies, connection pools, TLS settings).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Sets the `User-Agent` header.
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Builds an operation's request: base URL + `path` (already encoded) +
    /// query, with authentication, user agent, extra headers and body.
    pub fn build_request<E>(
        &self,
        operation: &Operation,
        path: &str,
        query: &Query,
        headers: &[(&str, String)],
        body: Body,
    ) -> Result<http::Request<Vec<u8>>, Error<E>> {
        let mut uri = format!("{}{}", self.base_url, path);
        let query = query.to_query_string();
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(&query);
        }
        let authorization = self
            .credentials
            .authorization()
            .map_err(|e| Error::build(operation, format!("credentials: {e}")))?;
        let mut builder = http::Request::builder()
            .method(operation.method.clone())
            .uri(&uri)
            .header(AUTHORIZATION, authorization)
            .header(USER_AGENT, &self.user_agent)
            .header(http::header::ACCEPT, "application/json");
        for (name, value) in headers {
            let value = HeaderValue::from_str(value)
                .map_err(|e| Error::build(operation, format!("header {name}: {e}")))?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| Error::build(operation, format!("header {name}: {e}")))?;
            builder = builder.header(name, value);
        }
        let bytes = match body {
            Body::Empty => Vec::new(),
            Body::Bytes {
                content_type,
                bytes,
            } => {
                builder = builder.header(CONTENT_TYPE, content_type);
                bytes
            }
        };
        builder
            .body(bytes)
            .map_err(|e| Error::build(operation, format!("{uri}: {e}")))
    }

    /// Sends a request, retrying as the policy allows, and reads the whole
    /// response. Error statuses are returned as responses; only the absence
    /// of a response is an error here. One `tracing` span covers all attempts.
    pub async fn execute<E>(
        &self,
        operation: &Operation,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error<E>> {
        let span = tracing::info_span!(
            "fax_api.request",
            operation = operation.id,
            method = %operation.method,
            path = operation.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.execute_with_retries(operation, request)
            .instrument(span)
            .await
    }

    async fn execute_with_retries<E>(
        &self,
        operation: &Operation,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error<E>> {
        let may_retry = operation.is_idempotent() || self.retry.retry_non_idempotent;
        let max_attempts = if may_retry {
            self.retry.max_attempts.max(1)
        } else {
            1
        };
        let span = tracing::Span::current();
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let last = attempt >= max_attempts;
            let wait = match self.send_once(&request).await {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    if last || !self.retry.retries_status(response.status()) {
                        return Ok(response);
                    }
                    match self.retry.retry_after(response.headers()) {
                        Some(Some(wait)) => wait,
                        // The API asks for a longer pause than the policy allows.
                        Some(None) => return Ok(response),
                        None => self.retry.backoff(attempt),
                    }
                }
                Err(e) if !last && (e.is_connect() || e.is_timeout() || e.is_request()) => {
                    self.retry.backoff(attempt)
                }
                Err(e) => {
                    return Err(Error::Transport(TransportError {
                        operation: operation.id,
                        attempts: attempt,
                        source: Box::new(e),
                    }))
                }
            };
            tracing::info!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: a copy of the request through reqwest, the whole body read.
    async fn send_once(
        &self,
        request: &http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, reqwest::Error> {
        let mut outgoing = reqwest::Request::try_from(copy_request(request))?;
        *outgoing.timeout_mut() = self.timeout;
        let response = self.http.execute(outgoing).await?;
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            *headers = response.headers().clone();
        }
        let body = response.bytes().await?.to_vec();
        Ok(builder
            .body(body)
            .unwrap_or_else(|_| http::Response::new(Vec::new())))
    }
}

/// A copy of a request: `http::Request` is not `Clone` (its extensions may
/// not be), and ours carry none, so method, URI, headers and body are all.
pub(crate) fn copy_request(request: &http::Request<Vec<u8>>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

/// Base URLs are joined with paths that start with `/`.
fn trim_base(mut base_url: String) -> String {
    while base_url.ends_with('/') {
        base_url.pop();
    }
    base_url
}
