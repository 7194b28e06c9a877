//! Hand-written support for the generated fax API clients.
//!
//! Generated code calls into this crate; it never knows a vendor's schema.
//! - [`client`]: base URL, credentials, transport (reqwest + rustls), retries, tracing;
//! - [`redirect`], [`limits`] and [`body`]: which redirects are followed, the
//!   bounds on bodies, pages and redirects, and bodies read whole or streamed;
//! - [`redact`]: credentials in URLs never print;
//! - [`encode`] and [`multipart`]: parameters and bodies on the wire;
//! - [`response`]: typed results and typed errors from responses;
//! - [`pagination`]: every item of a list operation as one stream;
//! - [`codec`]: the serde adapters generated models use;
//! - [`webhook`]: verifying that a webhook came from the vendor.
//!
//! An application meets three parts of it directly: the [`Credentials`] and
//! [`RetryPolicy`] it gives a client, the [`Error`] every operation returns,
//! and the [`webhook`] verifiers for what the vendors post back.
//!
//! # Credentials
//!
//! Twilio and SignalWire take HTTP basic credentials (account SID or project
//! id, and a token), Telnyx a bearer API key. The secret part is a [`Secret`]:
//! `Debug` shows `***`, and the `Authorization` header built from it is marked
//! sensitive, so neither logs nor error messages carry it.
//!
//! ```
//! use fax_runtime::Credentials;
//!
//! let twilio = Credentials::basic("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "auth token");
//! let telnyx = Credentials::bearer(std::env::var("TELNYX_API_KEY").unwrap_or_default());
//! assert!(!format!("{twilio:?}").contains("auth token"));
//!
//! let header = Credentials::basic("user", "pass").authorization().expect("a basic credential")?;
//! assert_eq!(header, "Basic dXNlcjpwYXNz");
//! assert!(header.is_sensitive());
//! # let _ = telnyx;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Retries and timeouts
//!
//! By default a client makes 3 attempts with exponential backoff and full
//! jitter, on 429, 502, 503, 504 and connection failures, honouring
//! `Retry-After` up to 60 s; only GET, PUT and DELETE are retried, since
//! sending a fax twice is worse than reporting an error. Each attempt times
//! out after 60 s. Every generated `Client` has `with_retry` and
//! `with_timeout`, as [`ApiClient`] has:
//!
//! ```
//! use fax_runtime::{ApiClient, Credentials, RetryPolicy};
//! use fax_runtime::http::StatusCode;
//! use std::time::Duration;
//!
//! let patient = RetryPolicy {
//!     max_attempts: 5,
//!     max_backoff: Duration::from_secs(30),
//!     // Retry POST too: only for operations that are safe to repeat.
//!     retry_non_idempotent: true,
//!     ..RetryPolicy::default()
//! };
//! assert!(patient.retries_status(StatusCode::SERVICE_UNAVAILABLE));
//! assert!(!patient.retries_status(StatusCode::BAD_REQUEST));
//!
//! let client = ApiClient::new("https://api.telnyx.com/v2", Credentials::bearer("KEY"))
//!     .with_retry(patient)
//!     .with_timeout(Some(Duration::from_secs(20)));
//! # let _ = client;
//! let once = RetryPolicy::none(); // one attempt, no retries
//! assert_eq!(once.max_attempts, 1);
//! ```
//!
//! # Verifying webhooks
//!
//! A fax's outcome arrives as a webhook, and anyone who learns the URL can
//! post to it. [`webhook`] checks the vendor's signature over the exact bytes
//! received, and only then decodes the body into the type you ask for
//! (the generated `FaxStatusCallback`, `FaxWebhookEvent`, … of `fax-api`).
//! Each error has the HTTP status to answer with
//! ([`WebhookError::http_status`](webhook::WebhookError::http_status)).
//!
//! Twilio (and SignalWire, with its Signing Key) sign the public URL and the
//! form parameters:
//!
//! ```
//! use fax_runtime::http::HeaderMap;
//! use fax_runtime::webhook::twilio;
//! use std::collections::BTreeMap;
//!
//! let token = twilio::AuthToken::new("auth token");
//! let url = "https://fax.example.com/twilio/status";
//! let body = b"FaxSid=FX00000000000000000000000000000000&FaxStatus=delivered";
//!
//! // What Twilio sends (here signed locally, to have a request to check):
//! let mut headers = HeaderMap::new();
//! headers.insert(twilio::SIGNATURE_HEADER, twilio::sign(url, body, &token)?.parse()?);
//!
//! let params: BTreeMap<String, String> = twilio::verify(&headers, url, body, &token)?;
//! assert_eq!(params["FaxStatus"], "delivered");
//!
//! // One changed byte, and the request is refused with 401.
//! let forged = b"FaxSid=FX00000000000000000000000000000000&FaxStatus=delivereD";
//! let error = twilio::verify::<BTreeMap<String, String>>(&headers, url, forged, &token)
//!     .unwrap_err();
//! assert_eq!(error.http_status(), 401);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Telnyx signs the timestamp and the raw JSON body with Ed25519; a request
//! more than five minutes old, or from the future, is refused as a replay:
//!
//! ```no_run
//! use fax_runtime::http::HeaderMap;
//! use fax_runtime::webhook::telnyx;
//!
//! # fn handle(headers: &HeaderMap, body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! // Once, at start-up: the account's public key, base64, from the portal.
//! let key = telnyx::PublicKey::from_base64(&std::env::var("TELNYX_PUBLIC_KEY")?)?;
//!
//! // Per request: the headers and the body exactly as received.
//! let event: serde_json::Value = telnyx::verify_now(headers, body, &key)?;
//! println!("{}", event["data"]["event_type"]);
//! # Ok(())
//! # }
//! ```

pub mod body;
pub mod client;
pub mod codec;
pub mod credentials;
pub mod encode;
pub mod error;
pub mod limits;
pub mod multipart;
pub mod operation;
pub mod pagination;
pub mod redact;
pub mod redirect;
pub mod response;
pub mod retry;
pub mod secret;
pub mod security;
pub mod style;
pub mod webhook;

pub use body::Download;
pub use client::ApiClient;
pub use credentials::Credentials;
pub use error::{
    ApiError, BuildError, DecodeError, Error, PaginationError, PaginationStop, RedirectError,
    RedirectRefusal, ResponseTooLargeError, TransportError,
};
pub use limits::Limits;
pub use multipart::FilePart;
pub use operation::Operation;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use security::{KeyLocation, SchemeKind, SecurityScheme};
pub use style::Style;

/// Re-exported so generated code and users name the same versions.
pub use bytes;
pub use futures_util::Stream;
pub use http;
pub use reqwest;
