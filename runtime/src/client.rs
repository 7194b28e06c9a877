//! The shared part of every generated client: where requests go, how they
//! authenticate, and how they are sent (reqwest with rustls) and retried.

use crate::body::{Download, ReadError, TimedOut};
use crate::credentials::{Credentials, Placed};
use crate::encode::{Body, Query};
use crate::error::{Error, RedirectError, RedirectRefusal, TransportError};
use crate::limits::Limits;
use crate::operation::Operation;
use crate::redact::redact_userinfo;
use crate::redirect::{self, Decision};
use crate::retry::RetryPolicy;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT};
use http::StatusCode;
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
    limits: Limits,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &redact_userinfo(&self.base_url))
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("limits", &self.limits)
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
            http: default_http_client(),
            retry: RetryPolicy::default(),
            timeout: Some(DEFAULT_TIMEOUT),
            user_agent: concat!("fax-api/", env!("CARGO_PKG_VERSION")).to_owned(),
            limits: Limits::default(),
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

    /// Replaces the bounds on response size, pages and redirects.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Uses a `reqwest::Client` of your own (proxies, connection pools, TLS settings).
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: this
    /// client decides which redirects are safe to follow (see
    /// [`crate::redirect`]). A response that the given client reached by
    /// following a redirect itself is refused with [`Error::Redirect`].
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

    /// The bounds on response size, pages and redirects.
    pub fn limits(&self) -> &Limits {
        &self.limits
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
        let placed = self
            .credentials
            .place(operation.security)
            .map_err(|e| Error::build(operation, format!("credentials: {e}")))?;
        let mut query_string = query.to_query_string();
        let mut cookies: Vec<String> = headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value.clone())
            .collect();
        let mut auth_headers: Vec<(HeaderName, HeaderValue)> = Vec::new();
        for credential in placed {
            // A parameter the caller set wins over a credential of the same
            // name, so a name is never sent twice; of two schemes that use
            // one header (the generator warns), the first is sent.
            match credential {
                Placed::Header(name, value) => {
                    let taken = auth_headers.iter().any(|(seen, _)| *seen == name)
                        || headers
                            .iter()
                            .any(|(set, _)| name.as_str().eq_ignore_ascii_case(set));
                    if !taken {
                        auth_headers.push((name, value));
                    }
                }
                Placed::Query(part) => {
                    if !has_key(query.parts().iter().map(String::as_str), &part) {
                        if !query_string.is_empty() {
                            query_string.push('&');
                        }
                        query_string.push_str(&part);
                    }
                }
                Placed::Cookie(pair) => {
                    let set = cookies.iter().flat_map(|c| c.split("; "));
                    if !has_key(set, &pair) {
                        cookies.push(pair);
                    }
                }
            }
        }
        let mut uri = format!("{}{}", self.base_url, path);
        if !query_string.is_empty() {
            // A spec's path may carry a fixed query of its own (`/items?beta=true`).
            uri.push(if path.contains('?') { '&' } else { '?' });
            uri.push_str(&query_string);
        }
        let mut builder = http::Request::builder()
            .method(operation.method.clone())
            .uri(&uri)
            .header(USER_AGENT, &self.user_agent);
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"))
        {
            builder = builder.header(http::header::ACCEPT, "application/json");
        }
        for (name, value) in auth_headers {
            builder = builder.header(name, value);
        }
        for (name, value) in headers {
            if name.eq_ignore_ascii_case("cookie") {
                continue;
            }
            let value = HeaderValue::from_str(value)
                .map_err(|e| Error::build(operation, format!("header {name}: {e}")))?;
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| Error::build(operation, format!("header {name}: {e}")))?;
            builder = builder.header(name, value);
        }
        if !cookies.is_empty() {
            let value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|e| Error::build(operation, format!("cookie: {e}")))?;
            builder = builder.header(http::header::COOKIE, value);
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
        // The path only: the query may hold an API key.
        builder
            .body(bytes)
            .map_err(|e| Error::build(operation, format!("{}{path}: {e}", self.base_url)))
    }

    /// Sends a request, retrying as the policy allows, and reads the whole
    /// response, up to [`Limits::max_response_bytes`]. Error statuses are
    /// returned as responses; the absence of a response, a redirect not
    /// followed (see [`crate::redirect`]) and a body over the limit are
    /// errors here. One `tracing` span covers all attempts.
    pub async fn execute<E>(
        &self,
        operation: &Operation,
        request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<Vec<u8>>, Error<E>> {
        let received = self
            .execute_with_retries(operation, request, Mode::Buffered)
            .instrument(request_span(operation))
            .await?;
        match received {
            Received::Whole(response) => Ok(response),
            // Buffered attempts yield whole responses; a head is read here all the same.
            Received::Head(mut head) => {
                let status = head.status();
                let limit = self.limits.max_response_bytes;
                let body = crate::body::read_limited(&mut head, limit)
                    .await
                    .map_err(|e| e.into_error(operation, status, limit, 1))?;
                Ok(into_http_response(&head, body))
            }
        }
    }

    /// Sends a request like [`ApiClient::execute`] and, on a success status,
    /// hands over the body as it arrives instead of reading it whole: for
    /// binary content such as fax documents, of any size. An error status is
    /// read (within the size limit) and returned as the operation's API error.
    pub async fn download<E: serde::de::DeserializeOwned>(
        &self,
        operation: &Operation,
        request: http::Request<Vec<u8>>,
    ) -> Result<Download<E>, Error<E>> {
        let received = self
            .execute_with_retries(operation, request, Mode::Streaming)
            .instrument(request_span(operation))
            .await?;
        match received {
            Received::Head(head) => Ok(Download::new(operation, head, self.timeout)),
            // Streaming reads whole only the bodies of error statuses.
            Received::Whole(response) => Err(crate::response::api_error(operation, response)),
        }
    }

    /// Downloads a file at an absolute URL, such as a fax's `media_url`, as
    /// it arrives ([`Download`]). The client's credentials go only to its own
    /// origin: a URL on another host (a storage link signed in its query,
    /// say) is fetched without them.
    pub async fn download_url(
        &self,
        url: &str,
    ) -> Result<Download<serde_json::Value>, Error<serde_json::Value>> {
        let operation = &DOWNLOAD_URL;
        let target = url::Url::parse(url)
            .map_err(|e| Error::build(operation, format!("media URL `{url}`: {e}")))?;
        let base = url::Url::parse(&self.base_url)
            .map_err(|e| Error::build(operation, format!("base URL `{}`: {e}", self.base_url)))?;
        let mut builder = http::Request::builder()
            .method(http::Method::GET)
            .uri(target.as_str())
            .header(USER_AGENT, &self.user_agent);
        if target.origin() == base.origin() {
            if let Some(authorization) = self.credentials.authorization() {
                let authorization = authorization
                    .map_err(|e| Error::build(operation, format!("credentials: {e}")))?;
                builder = builder.header(AUTHORIZATION, authorization);
            }
        }
        let request = builder
            .body(Vec::new())
            .map_err(|e| Error::build(operation, format!("media URL `{url}`: {e}")))?;
        self.download(operation, request).await
    }

    async fn execute_with_retries<E>(
        &self,
        operation: &Operation,
        request: http::Request<Vec<u8>>,
        mode: Mode,
    ) -> Result<Received, Error<E>> {
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
            let wait = match self.send_once(operation, &request, mode).await {
                Ok(received) => {
                    let (status, headers) = received.status_and_headers();
                    span.record("status", status.as_u16());
                    if last || !self.retry.retries_status(status) {
                        return Ok(received);
                    }
                    match self.retry.retry_after(headers) {
                        Some(Some(wait)) => wait,
                        // The API asks for a longer pause than the policy allows.
                        Some(None) => return Ok(received),
                        None => self.retry.backoff(attempt),
                    }
                }
                Err(Attempt::Failed(error)) => return Err(error),
                Err(Attempt::Transport(e))
                    if !last && (e.is_connect() || e.is_timeout() || e.is_request()) =>
                {
                    self.retry.backoff(attempt)
                }
                Err(Attempt::Transport(e)) => {
                    return Err(crate::body::transport(operation.id, attempt, e))
                }
                Err(Attempt::TimedOut(_)) if !last => self.retry.backoff(attempt),
                Err(Attempt::TimedOut(after)) => {
                    return Err(Error::Transport(TransportError {
                        operation: operation.id,
                        attempts: attempt,
                        source: Box::new(TimedOut {
                            waiting_for: "response",
                            after,
                        }),
                    }))
                }
            };
            tracing::info!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt, following the redirects [`crate::redirect`] allows.
    /// Buffered, the whole body is read within the size limit; streaming,
    /// only an error status's body is.
    async fn send_once<E>(
        &self,
        operation: &Operation,
        request: &http::Request<Vec<u8>>,
        mode: Mode,
    ) -> Result<Received, Attempt<E>> {
        let mut target: Option<http::Uri> = None;
        let mut followed = 0;
        let mut response = loop {
            let mut copy = copy_request(request);
            if let Some(uri) = &target {
                *copy.uri_mut() = uri.clone();
            }
            let mut outgoing = reqwest::Request::try_from(copy).map_err(Attempt::Transport)?;
            // User information in a URL is never sent (the credentials are), and
            // left in, the transport's own logs would show it.
            *outgoing.url_mut() = without_userinfo(outgoing.url());
            let sent = outgoing.url().clone();
            let response = match mode {
                // The timeout covers the whole exchange, body included.
                Mode::Buffered => {
                    *outgoing.timeout_mut() = self.timeout;
                    self.http.execute(outgoing).await
                }
                // The timeout covers the response head; the body has its own per read.
                Mode::Streaming => match self.timeout {
                    Some(after) => tokio::time::timeout(after, self.http.execute(outgoing))
                        .await
                        .map_err(|_| Attempt::TimedOut(after))?,
                    None => self.http.execute(outgoing).await,
                },
            }
            .map_err(Attempt::Transport)?;
            let status = response.status();
            if without_userinfo(response.url()) != sent {
                return Err(refused(
                    operation,
                    status,
                    response.url().as_str(),
                    RedirectRefusal::FollowedByHttpClient,
                ));
            }
            if !status.is_redirection() || status == StatusCode::NOT_MODIFIED {
                break response;
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok());
            match redirect::decide(
                status,
                location,
                response.url(),
                followed,
                self.limits.max_redirects,
            ) {
                Decision::Follow(url) => {
                    followed += 1;
                    tracing::info!(
                        status = status.as_u16(),
                        location = %redact_userinfo(url.as_str()),
                        "following a redirect"
                    );
                    let uri = url.as_str().parse().map_err(|_| {
                        refused(
                            operation,
                            status,
                            url.as_str(),
                            RedirectRefusal::InvalidLocation,
                        )
                    })?;
                    target = Some(uri);
                }
                Decision::Refuse { location, reason } => {
                    return Err(refused(operation, status, &location, reason))
                }
            }
        };
        if mode == Mode::Streaming && response.status().is_success() {
            return Ok(Received::Head(response));
        }
        let status = response.status();
        let limit = self.limits.max_response_bytes;
        match crate::body::read_limited(&mut response, limit).await {
            Ok(body) => Ok(Received::Whole(into_http_response(&response, body))),
            Err(ReadError::Transport(e)) => Err(Attempt::Transport(e)),
            Err(too_large) => Err(Attempt::Failed(
                too_large.into_error(operation, status, limit, 1),
            )),
        }
    }
}

/// Whether `pair` (`name=value`) names a key one of `set` already has.
fn has_key<'a>(mut set: impl Iterator<Item = &'a str>, pair: &str) -> bool {
    let key = pair.split('=').next().unwrap_or(pair);
    set.any(|part| part.split('=').next() == Some(key))
}

/// A file fetched by URL with [`ApiClient::download_url`].
static DOWNLOAD_URL: Operation = Operation {
    id: "download_url",
    method: http::Method::GET,
    path: "(a URL given by the API)",
    request_id_header: None,
    security: &[],
};

/// The span of one operation call, over all its attempts.
fn request_span(operation: &Operation) -> tracing::Span {
    tracing::info_span!(
        "fax_api.request",
        operation = operation.id,
        method = %operation.method,
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
    )
}

/// Whether a response's body is read whole or handed over as it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Buffered,
    Streaming,
}

/// What one attempt received.
enum Received {
    /// A response read whole.
    Whole(http::Response<Vec<u8>>),
    /// A success response whose body is still to be read.
    Head(reqwest::Response),
}

impl Received {
    fn status_and_headers(&self) -> (StatusCode, &http::HeaderMap) {
        match self {
            Received::Whole(response) => (response.status(), response.headers()),
            Received::Head(response) => (response.status(), response.headers()),
        }
    }
}

/// Why an attempt got no usable response.
enum Attempt<E> {
    /// The transport failed; maybe worth another attempt.
    Transport(reqwest::Error),
    /// No response head within the timeout; maybe worth another attempt.
    TimedOut(Duration),
    /// A final answer: no other attempt would change it.
    Failed(Error<E>),
}

/// A redirect not followed, as an attempt's final error.
fn refused<E>(
    operation: &Operation,
    status: StatusCode,
    location: &str,
    reason: RedirectRefusal,
) -> Attempt<E> {
    Attempt::Failed(Error::Redirect(Box::new(RedirectError {
        operation: operation.id,
        method: operation.method.clone(),
        status,
        location: redact_userinfo(location).into_owned(),
        reason,
    })))
}

/// A URL without user information.
fn without_userinfo(url: &url::Url) -> url::Url {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url
}

/// A reqwest response's head with a body read apart.
fn into_http_response(head: &reqwest::Response, body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(body);
    *response.status_mut() = head.status();
    *response.version_mut() = head.version();
    *response.headers_mut() = head.headers().clone();
    response
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

/// The transport of a client built without one of its own: it follows no
/// redirect itself, so that [`crate::redirect`]'s rules decide.
fn default_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        // Building fails only if the TLS backend cannot start, which
        // `reqwest::Client::new` reports the same way.
        .unwrap_or_default()
}

/// Base URLs are joined with paths that start with `/`.
fn trim_base(mut base_url: String) -> String {
    while base_url.ends_with('/') {
        base_url.pop();
    }
    base_url
}
