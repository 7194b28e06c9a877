//! Support for the example programs: [`cli`], their shared command-line
//! handling, and a webhook receiver for all three vendors, small enough to copy from.
//!
//! Each route verifies the vendor's signature with the `fax-client` crate's
//! [`WebhookVerifier`] (the vendor's scheme, from `fax_runtime::webhook`)
//! before it reads anything, prints the one [`fax_client::FaxEvent`] every vendor's
//! webhook becomes, and answers 2xx; a request that fails verification gets
//! the 4xx the error names and is never decoded. It lives in a library so that tests can run it in-process; the
//! `webhook_receiver` binary only reads its options and calls [`serve`].
//!
//! A webhook URL is public, so the receiver assumes some callers are hostile
//! and bounds what each can cost it (see [`Limits`]): a connection that does
//! not finish its headers in time is closed; a request without the vendor's
//! signature header, or whose `Content-Length` is over the body limit, is
//! answered before a byte of its body is read; a body that grows past the
//! limit while streaming is cut off; a request not done in time gets 408;
//! and past a number of requests in flight, new ones get 503 at once.

pub mod cli;

// The READMEs crates.io shows for the published crates: their examples are
// compiled here, where the crates and tokio are at hand. `fax-client`'s is also the
// example of the workspace README's "One API over three vendors".
#[cfg(doctest)]
#[doc = include_str!("../generated/README.md")]
struct FaxApiReadme;

#[cfg(doctest)]
#[doc = include_str!("../runtime/README.md")]
struct FaxRuntimeReadme;

#[cfg(doctest)]
#[doc = include_str!("../fax/README.md")]
struct FaxReadme;

use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use fax_client::{FaxEvent, Vendor, WebhookVerifier};
use fax_runtime::webhook::{signalwire, telnyx, twilio, WebhookError};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// Environment variable holding the Telnyx public key (base64).
pub const TELNYX_PUBLIC_KEY: &str = fax_client::config::TELNYX_PUBLIC_KEY;
/// Environment variable holding the Twilio auth token.
pub const TWILIO_AUTH_TOKEN: &str = fax_client::config::TWILIO_AUTH_TOKEN;
/// Environment variable holding the SignalWire Signing Key.
pub const SIGNALWIRE_SIGNING_KEY: &str = fax_client::config::SIGNALWIRE_SIGNING_KEY;

/// What one caller may cost the receiver. The defaults suit fax webhooks,
/// whose bodies are a few kilobytes and which vendors send within seconds.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest body read, in bytes; a larger one gets 413, before it is read
    /// when `Content-Length` says so, as soon as it passes the limit otherwise.
    pub max_body_bytes: usize,
    /// Time a connection has to send a request's headers (also while it sits
    /// idle between requests); then it is closed.
    pub header_read_timeout: Duration,
    /// Time from the headers to the answer, reading the body included; then 408.
    pub request_timeout: Duration,
    /// Requests handled at once; one more gets 503 without waiting.
    pub max_in_flight: usize,
    /// Connections open at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_in_flight: 64,
            max_connections: 256,
        }
    }
}

/// What the receiver verifies with. A vendor without a key is not served
/// (its route answers 503), so one receiver can be tried with one vendor.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The keys of `/telnyx`, `/twilio` and `/signalwire`.
    pub verifier: WebhookVerifier,
    /// The scheme and host the vendors call (`https://fax.example.com`),
    /// when it differs from the local address, as behind a tunnel or proxy.
    /// Twilio and SignalWire sign the URL they called, so it must be the
    /// public one.
    pub public_url: Option<String>,
    /// What one caller may cost the receiver.
    pub limits: Limits,
}

impl Config {
    /// Reads the keys from [`TELNYX_PUBLIC_KEY`], [`TWILIO_AUTH_TOKEN`] and
    /// [`SIGNALWIRE_SIGNING_KEY`]; unset or empty ones leave that vendor off.
    /// A Telnyx key that is set but unusable is an error, so a typo is found
    /// at start-up rather than on the first webhook.
    pub fn from_env(public_url: Option<String>) -> Result<Self, fax_client::Error> {
        Ok(Self {
            verifier: fax_client::config::webhook_verifier_from_env()?,
            public_url,
            limits: Limits::default(),
        })
    }
}

/// Serves the receiver on `listener` until the process ends. The public URL
/// defaults to `http://` and the listener's address.
///
/// hyper serves each connection directly (rather than `axum::serve`) because
/// the header-read timeout, which closes connections that never finish a
/// request, is a setting of hyper's HTTP/1 connection.
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    let local = format!("http://{}", listener.local_addr()?);
    let limits = config.limits.clone();
    let app = router(config, local);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        let Ok(permit) = connections.clone().acquire_owned().await else {
            return Ok(()); // The semaphore is never closed.
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) => {
                // Out of file descriptors and the like pass; wait, then go on.
                eprintln!("accept failed: {err}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout);
        tokio::spawn(async move {
            // A connection ending in an error (closed by the peer, timed out)
            // concerns that peer only.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(permit);
        });
    }
}

/// The routes `/telnyx`, `/twilio` and `/signalwire`; `default_base` is the
/// scheme and host used when the config names no public URL.
pub fn router(config: Config, default_base: String) -> Router {
    let base = config.public_url.clone().unwrap_or(default_base);
    let state = Arc::new(AppState {
        base: base.trim_end_matches('/').to_owned(),
        config,
    });
    let limits = &state.config.limits;
    // Outermost first: shed load, bound the time, bound the body.
    let guards = ServiceBuilder::new()
        .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "too many requests at once; try again",
            )
        }))
        .load_shed()
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            limits.max_in_flight.max(1),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(RequestBodyLimitLayer::new(limits.max_body_bytes));
    Router::new()
        .route("/telnyx", post(telnyx_webhook))
        .route("/twilio", post(twilio_webhook))
        .route("/signalwire", post(signalwire_webhook))
        .layer(guards)
        .with_state(state)
}

struct AppState {
    base: String,
    config: Config,
}

// Each handler takes the request whole and reads its body only after the
// signature headers are seen to be there, so an unsigned request costs no
// body bytes (and, with `Expect: 100-continue`, the client sends none).

async fn telnyx_webhook(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let required = [telnyx::SIGNATURE_HEADER, telnyx::TIMESTAMP_HEADER];
    receive(&state, Vendor::Telnyx, request, &required).await
}

async fn twilio_webhook(State(state): State<Arc<AppState>>, request: Request) -> Response {
    receive(&state, Vendor::Twilio, request, &[twilio::SIGNATURE_HEADER]).await
}

async fn signalwire_webhook(State(state): State<Arc<AppState>>, request: Request) -> Response {
    // SignalWire's own header, or the Twilio-compatible one.
    let signed = [
        signalwire::SIGNATURE_HEADER,
        signalwire::COMPAT_SIGNATURE_HEADER,
    ]
    .iter()
    .any(|name| request.headers().contains_key(*name));
    if !signed {
        let missing = WebhookError::MissingHeader(signalwire::SIGNATURE_HEADER);
        return rejected("signalwire", &missing.to_string(), missing.http_status());
    }
    receive(&state, Vendor::SignalWire, request, &[]).await
}

/// Verifies a webhook of `vendor` with the configured key and answers it.
async fn receive(
    state: &AppState,
    vendor: Vendor,
    request: Request,
    required: &[&'static str],
) -> Response {
    if !state.config.verifier.has_key(vendor) {
        return not_configured(match vendor {
            Vendor::Telnyx => TELNYX_PUBLIC_KEY,
            Vendor::Twilio => TWILIO_AUTH_TOKEN,
            _ => SIGNALWIRE_SIGNING_KEY,
        });
    }
    let url = signed_url(&state.base, request.uri());
    let name = vendor.as_str();
    let (headers, body) = match signed_body(name, request, required).await {
        Ok(parts) => parts,
        Err(answer) => return answer,
    };
    match state.config.verifier.verify(vendor, &headers, &url, &body) {
        Ok(event) => answer(vendor, &event),
        Err(err) => rejected(name, &err.to_string(), err.webhook_http_status()),
    }
}

/// Telnyx wants a 2xx. Twilio and SignalWire: an arriving fax is accepted
/// with the cXML/TwiML `<Receive>` verb; a status callback needs no answer
/// beyond 2xx.
fn answer(vendor: Vendor, event: &FaxEvent) -> Response {
    println!("{vendor}: fax {} is {}", event.id, event.status);
    match vendor {
        Vendor::Telnyx => StatusCode::OK.into_response(),
        _ if event.is_arriving() => {
            let receive = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                           <Response><Receive/></Response>";
            ([(header::CONTENT_TYPE, "application/xml")], receive).into_response()
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

/// The headers and body of a request that carries every header in
/// `required`; otherwise the answer to send, without reading the body. A
/// body over the limit is answered 413 (the limit layer has already answered
/// one whose `Content-Length` said so).
async fn signed_body(
    vendor: &str,
    request: Request,
    required: &[&'static str],
) -> Result<(HeaderMap, Bytes), Response> {
    if let Some(name) = required
        .iter()
        .find(|name| !request.headers().contains_key(**name))
    {
        let missing = WebhookError::MissingHeader(name);
        return Err(rejected(
            vendor,
            &missing.to_string(),
            missing.http_status(),
        ));
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => Ok((parts.headers, bytes)),
        Err(err) if is_length_limit(&err) => {
            Err((StatusCode::PAYLOAD_TOO_LARGE, "body over the size limit").into_response())
        }
        Err(err) => {
            Err((StatusCode::BAD_REQUEST, format!("body unreadable: {err}")).into_response())
        }
    }
}

/// Whether a body error is the limit layer cutting the body off.
fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = current.source();
    }
    false
}

/// The URL the vendor called: the public base and the path and query as
/// received.
fn signed_url(base: &str, uri: &axum::http::Uri) -> String {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    format!("{base}{path}")
}

fn rejected(vendor: &str, message: &str, status: StatusCode) -> Response {
    eprintln!("{vendor}: rejected: {message}");
    (status, message.to_owned()).into_response()
}

fn not_configured(variable: &str) -> Response {
    let message = format!("this receiver has no {variable}; set it to accept these webhooks");
    (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
}
