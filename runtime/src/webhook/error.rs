//! The one error type every webhook verifier returns.

use std::fmt;
use std::time::Duration;

/// Why a webhook was not accepted.
///
/// The variants say which check failed, so a log line tells a forged request
/// (`BadSignature`) from a misconfigured receiver (`InvalidKey`, `InvalidUrl`)
/// or a clock problem (`StaleTimestamp`). None of them carries a key, token or
/// expected signature: an error may be logged or sent back to the caller.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the vendor always sends is absent: the request did not come
    /// from the vendor, or a proxy stripped the header.
    MissingHeader(&'static str),
    /// A signature or timestamp header is there but cannot be what the vendor
    /// sends (not base64, wrong length, not a number, repeated, …).
    MalformedHeader {
        /// The header's name, lower case.
        name: &'static str,
        /// What is wrong with its value.
        reason: &'static str,
    },
    /// The signature is well formed but does not match this body (and URL)
    /// under the configured key: a forgery, a body changed on the way, the
    /// wrong key, or (Twilio, SignalWire) a URL that differs from the one the
    /// vendor called.
    BadSignature,
    /// The signature is genuine but its timestamp is further from now than
    /// the tolerance allows: a replayed request, or a receiver whose clock is
    /// wrong.
    StaleTimestamp {
        /// The signed timestamp, in Unix seconds.
        timestamp: i64,
        /// The receiver's clock when it checked, in Unix seconds.
        now: i64,
        /// The largest difference accepted.
        tolerance: Duration,
    },
    /// The signed URL carries `bodySHA256`, and the body does not hash to it:
    /// the URL is genuine but the body was changed.
    BodyHashMismatch,
    /// The configured key cannot be used (not base64, wrong length, not a
    /// valid Ed25519 point, or empty). This is the receiver's configuration,
    /// not the request.
    InvalidKey(&'static str),
    /// The URL given as the one the vendor called is not an absolute URL.
    InvalidUrl(url::ParseError),
    /// The request is genuine but its body does not fit the event type.
    Decode {
        /// `JSON` or `form`.
        format: &'static str,
        /// The decoder's own error.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl WebhookError {
    /// The HTTP status a receiver should answer with, so that every receiver
    /// answers alike: 400 for a request that is malformed, 401 for one that
    /// fails authentication, 500 when the receiver itself is misconfigured.
    pub fn http_status(&self) -> http::StatusCode {
        match self {
            Self::MissingHeader(_) | Self::MalformedHeader { .. } | Self::Decode { .. } => {
                http::StatusCode::BAD_REQUEST
            }
            Self::BadSignature | Self::StaleTimestamp { .. } | Self::BodyHashMismatch => {
                http::StatusCode::UNAUTHORIZED
            }
            Self::InvalidKey(_) | Self::InvalidUrl(_) => http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "webhook has no `{name}` header"),
            Self::MalformedHeader { name, reason } => {
                write!(f, "webhook header `{name}` is malformed: {reason}")
            }
            Self::BadSignature => {
                f.write_str("webhook signature does not match the request under the configured key")
            }
            Self::StaleTimestamp {
                timestamp,
                now,
                tolerance,
            } => write!(
                f,
                "webhook timestamp {timestamp} is {} s away from now ({now}), more than the \
                 {} s tolerance: a replay, or a wrong clock",
                now.abs_diff(*timestamp),
                tolerance.as_secs()
            ),
            Self::BodyHashMismatch => {
                f.write_str("webhook body does not match the `bodySHA256` the URL was signed with")
            }
            Self::InvalidKey(reason) => write!(f, "webhook verification key is unusable: {reason}"),
            Self::InvalidUrl(err) => write!(f, "webhook URL is not an absolute URL: {err}"),
            Self::Decode { format, source } => {
                write!(
                    f,
                    "verified webhook {format} body does not fit the event type: {source}"
                )
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidUrl(err) => Some(err),
            Self::Decode { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}
