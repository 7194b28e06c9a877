//! Support for the example programs: [`cli`], their shared command-line
//! handling, and a webhook receiver for all three vendors, small enough to copy from.
//!
//! Each route verifies the vendor's signature with `fax_runtime::webhook`
//! before it reads anything, prints the typed event, and answers 2xx; a
//! request that fails verification gets the 4xx the error names and is never
//! decoded. It lives in a library so that tests can run it in-process; the
//! `webhook_receiver` binary only reads its options and calls [`serve`].

pub mod cli;

use axum::body::Bytes;
use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use fax_api::signalwire::types::{FaxStatusCallback, InboundFaxRequest};
use fax_api::telnyx::types::FaxWebhookEvent;
use fax_runtime::webhook::{signalwire, telnyx, twilio, WebhookError};
use std::sync::Arc;
use tokio::net::TcpListener;

/// Environment variable holding the Telnyx public key (base64).
pub const TELNYX_PUBLIC_KEY: &str = "TELNYX_PUBLIC_KEY";
/// Environment variable holding the Twilio auth token.
pub const TWILIO_AUTH_TOKEN: &str = "TWILIO_AUTH_TOKEN";
/// Environment variable holding the SignalWire Signing Key.
pub const SIGNALWIRE_SIGNING_KEY: &str = "SIGNALWIRE_SIGNING_KEY";

/// What the receiver verifies with. A vendor without a key is not served
/// (its route answers 503), so one receiver can be tried with one vendor.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Key for `/telnyx`.
    pub telnyx_key: Option<telnyx::PublicKey>,
    /// Token for `/twilio`.
    pub twilio_token: Option<twilio::AuthToken>,
    /// Key for `/signalwire`.
    pub signalwire_key: Option<signalwire::SigningKey>,
    /// The scheme and host the vendors call (`https://fax.example.com`),
    /// when it differs from the local address, as behind a tunnel or proxy.
    /// Twilio and SignalWire sign the URL they called, so it must be the
    /// public one.
    pub public_url: Option<String>,
}

impl Config {
    /// Reads the keys from [`TELNYX_PUBLIC_KEY`], [`TWILIO_AUTH_TOKEN`] and
    /// [`SIGNALWIRE_SIGNING_KEY`]; unset or empty ones leave that vendor off.
    /// A Telnyx key that is set but unusable is an error, so a typo is found
    /// at start-up rather than on the first webhook.
    pub fn from_env(public_url: Option<String>) -> Result<Self, WebhookError> {
        let var = |name| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        let telnyx_key = var(TELNYX_PUBLIC_KEY)
            .map(|text| telnyx::PublicKey::from_base64(&text))
            .transpose()?;
        Ok(Self {
            telnyx_key,
            twilio_token: var(TWILIO_AUTH_TOKEN).map(twilio::AuthToken::new),
            signalwire_key: var(SIGNALWIRE_SIGNING_KEY).map(signalwire::SigningKey::new),
            public_url,
        })
    }
}

/// Serves the receiver on `listener` until the process ends. The public URL
/// defaults to `http://` and the listener's address.
pub async fn serve(listener: TcpListener, config: Config) -> std::io::Result<()> {
    let local = format!("http://{}", listener.local_addr()?);
    axum::serve(listener, router(config, local)).await
}

/// The routes `/telnyx`, `/twilio` and `/signalwire`; `default_base` is the
/// scheme and host used when the config names no public URL.
pub fn router(config: Config, default_base: String) -> Router {
    let base = config.public_url.clone().unwrap_or(default_base);
    let state = Arc::new(AppState {
        base: base.trim_end_matches('/').to_owned(),
        config,
    });
    Router::new()
        .route("/telnyx", post(telnyx_webhook))
        .route("/twilio", post(twilio_webhook))
        .route("/signalwire", post(signalwire_webhook))
        .with_state(state)
}

struct AppState {
    base: String,
    config: Config,
}

/// A compatibility-API fax webhook: either a status change of a fax, or a fax
/// starting to arrive. Twilio and SignalWire send the same parameters, so the
/// SignalWire models serve both.
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum CompatFaxWebhook {
    Status(Box<FaxStatusCallback>),
    Inbound(Box<InboundFaxRequest>),
}

async fn telnyx_webhook(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(key) = &state.config.telnyx_key else {
        return not_configured(TELNYX_PUBLIC_KEY);
    };
    match telnyx::verify_now::<FaxWebhookEvent>(&headers, &body, key) {
        Ok(event) => {
            println!("telnyx: {:?}", event.data);
            StatusCode::OK.into_response()
        }
        Err(err) => rejected("telnyx", &err),
    }
}

async fn twilio_webhook(
    State(state): State<Arc<AppState>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(token) = &state.config.twilio_token else {
        return not_configured(TWILIO_AUTH_TOKEN);
    };
    let url = signed_url(&state.base, &uri);
    compat_answer("twilio", twilio::verify(&headers, &url, &body, token))
}

async fn signalwire_webhook(
    State(state): State<Arc<AppState>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(key) = &state.config.signalwire_key else {
        return not_configured(SIGNALWIRE_SIGNING_KEY);
    };
    let url = signed_url(&state.base, &uri);
    compat_answer("signalwire", signalwire::verify(&headers, &url, &body, key))
}

/// The URL the vendor called: the public base and the path and query as
/// received.
fn signed_url(base: &str, uri: &axum::http::Uri) -> String {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    format!("{base}{path}")
}

/// An incoming fax is accepted with the cXML/TwiML `<Receive>` verb; a status
/// callback needs no answer beyond 2xx.
fn compat_answer(vendor: &str, verified: Result<CompatFaxWebhook, WebhookError>) -> Response {
    match verified {
        Ok(CompatFaxWebhook::Status(status)) => {
            println!(
                "{vendor}: fax {} is {}",
                status.fax_sid,
                status.fax_status.as_str()
            );
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(CompatFaxWebhook::Inbound(inbound)) => {
            println!(
                "{vendor}: fax {} arriving from {}",
                inbound.fax_sid, inbound.from
            );
            let receive = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                           <Response><Receive/></Response>";
            ([(header::CONTENT_TYPE, "application/xml")], receive).into_response()
        }
        Err(err) => rejected(vendor, &err),
    }
}

fn rejected(vendor: &str, err: &WebhookError) -> Response {
    eprintln!("{vendor}: rejected: {err}");
    (err.http_status(), err.to_string()).into_response()
}

fn not_configured(variable: &str) -> Response {
    let message = format!("this receiver has no {variable}; set it to accept these webhooks");
    (StatusCode::SERVICE_UNAVAILABLE, message).into_response()
}
