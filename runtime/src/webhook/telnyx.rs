//! Telnyx webhooks: an Ed25519 signature over `timestamp|raw body`.
//!
//! Telnyx signs every webhook with the account's Ed25519 key pair and sends
//! the base64 signature in `telnyx-signature-ed25519` and the Unix time it
//! signed at in `telnyx-timestamp`. The timestamp is inside the signature, so
//! checking it against the clock turns a captured request into one that
//! expires: that is what the tolerance is for.

use super::{decode_json, required_header, WebhookError};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use http::HeaderMap;
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Header holding the base64 Ed25519 signature.
pub const SIGNATURE_HEADER: &str = "telnyx-signature-ed25519";
/// Header holding the Unix time, in seconds, the webhook was signed at.
pub const TIMESTAMP_HEADER: &str = "telnyx-timestamp";
/// How far the signed time may be from the receiver's clock, either way,
/// before the request counts as a replay: five minutes, as Telnyx's own
/// libraries default to.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The account's webhook public key, as the Mission Control portal shows it
/// (base64 of 32 bytes). Parsed once at start-up so that a wrong key is found
/// then, not on the first webhook.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads the base64 key text; surrounding whitespace (a trailing newline
    /// from an environment file) is ignored.
    pub fn from_base64(text: &str) -> Result<Self, WebhookError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| WebhookError::InvalidKey("public key is not base64"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| WebhookError::InvalidKey("public key is not 32 bytes"))?;
        Self::from_bytes(&bytes)
    }

    /// Takes the key's 32 raw bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, WebhookError> {
        VerifyingKey::from_bytes(bytes)
            .map(Self)
            .map_err(|_| WebhookError::InvalidKey("public key is not an Ed25519 point"))
    }
}

/// A public key is not a secret: showing it lets an operator see at a glance
/// which key a receiver was configured with.
impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", STANDARD.encode(self.0.as_bytes()))
    }
}

/// Verifies a Telnyx webhook and decodes its JSON body, with the
/// [`DEFAULT_TOLERANCE`] replay window.
///
/// `body` must be the raw bytes as received: re-serialised JSON differs in
/// spacing and order and will not verify. `now` is the receiver's clock
/// (`SystemTime::now()` in production; a fixed time in tests). With `T =
/// fax_api::telnyx::types::FaxWebhookEvent` the result is the typed event.
pub fn verify<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    key: &PublicKey,
    now: SystemTime,
) -> Result<T, WebhookError> {
    verify_with_tolerance(headers, body, key, now, DEFAULT_TOLERANCE)
}

/// [`verify`] with the system clock, for handlers that have no reason to
/// inject one.
pub fn verify_now<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    key: &PublicKey,
) -> Result<T, WebhookError> {
    verify(headers, body, key, SystemTime::now())
}

/// [`verify`] with a chosen replay window: wider for a receiver whose clock
/// cannot be trusted to the minute, narrower to shorten a replay's life.
///
/// The signature is checked before the time, so a `StaleTimestamp` error
/// always means a genuine Telnyx request, replayed or judged by a wrong clock.
pub fn verify_with_tolerance<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    key: &PublicKey,
    now: SystemTime,
    tolerance: Duration,
) -> Result<T, WebhookError> {
    let signature = signature(headers)?;
    let timestamp_text = required_header(headers, TIMESTAMP_HEADER)?;
    let timestamp = parse_timestamp(timestamp_text)?;

    let mut signed = Vec::with_capacity(timestamp_text.len() + 1 + body.len());
    signed.extend_from_slice(timestamp_text.as_bytes());
    signed.push(b'|');
    signed.extend_from_slice(body);
    key.0
        .verify_strict(&signed, &signature)
        .map_err(|_| WebhookError::BadSignature)?;

    let now = unix_seconds(now);
    if now.abs_diff(timestamp) > tolerance.as_secs() {
        return Err(WebhookError::StaleTimestamp {
            timestamp,
            now,
            tolerance,
        });
    }
    decode_json(body)
}

/// The signature header, decoded to the 64 bytes Ed25519 signatures have.
fn signature(headers: &HeaderMap) -> Result<Signature, WebhookError> {
    let text = required_header(headers, SIGNATURE_HEADER)?;
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| WebhookError::MalformedHeader {
            name: SIGNATURE_HEADER,
            reason: "not base64",
        })?;
    let bytes: [u8; 64] = bytes
        .try_into()
        .map_err(|_| WebhookError::MalformedHeader {
            name: SIGNATURE_HEADER,
            reason: "not a 64-byte Ed25519 signature",
        })?;
    Ok(Signature::from_bytes(&bytes))
}

/// Unix seconds as decimal digits; a sign, a fraction or a date is not what
/// Telnyx sends.
fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    let malformed = WebhookError::MalformedHeader {
        name: TIMESTAMP_HEADER,
        reason: "not Unix seconds",
    };
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed);
    }
    text.parse().map_err(|_| malformed)
}

/// The clock as Unix seconds; a clock before 1970 reads as negative.
fn unix_seconds(now: SystemTime) -> i64 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}
