//! Twilio webhooks: `X-Twilio-Signature`, an HMAC-SHA1 of the URL and the
//! form parameters keyed with the account's auth token.
//!
//! The signature covers the URL Twilio called, so the receiver must pass the
//! public URL (scheme, host, path and query) as configured at Twilio, not the
//! one a reverse proxy forwarded to. The signature carries no timestamp:
//! a replayed callback verifies, so handlers should be idempotent (a fax's
//! `FaxSid` and `FaxStatus` identify a status change).

use super::form_signature::{self, HmacSecret, RepeatOrder};
use super::{required_header, WebhookError};
use http::HeaderMap;
use serde::de::DeserializeOwned;
use std::fmt;

/// Header holding the base64 HMAC-SHA1 signature.
pub const SIGNATURE_HEADER: &str = "x-twilio-signature";

/// Twilio's helper libraries (twilio-python's and twilio-node's request
/// validators) sign the values of a repeated parameter sorted, each distinct
/// value once: `Digits=5678&Digits=1234&Digits=1234` is signed as
/// `Digits1234Digits5678`.
const REPEAT_ORDER: RepeatOrder = RepeatOrder::SortedDistinctValues;

/// The account's auth token (Console, "Account Info"), which keys the
/// signature. Its `Debug` output never shows it.
#[derive(Clone)]
pub struct AuthToken(HmacSecret);

impl AuthToken {
    /// Wraps the token text as Twilio shows it.
    pub fn new(token: impl Into<String>) -> Self {
        Self(HmacSecret::new(token.into()))
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AuthToken({:?})", self.0)
    }
}

/// Verifies a Twilio webhook and decodes it into `T`.
///
/// `url` is the full URL Twilio requested, query included; `body` the raw
/// body. Form bodies (the fax status callback, the incoming-fax request) are
/// decoded with `serde_urlencoded`, so `T` is a struct of the PascalCase
/// parameters such as `fax_api::signalwire::types::FaxStatusCallback`; a
/// GET callback's parameters are read from the URL. When the URL carries
/// `bodySHA256` the body is JSON, checked against that hash and decoded with
/// `serde_json`.
pub fn verify<T: DeserializeOwned>(
    headers: &HeaderMap,
    url: &str,
    body: &[u8],
    token: &AuthToken,
) -> Result<T, WebhookError> {
    let signature = required_header(headers, SIGNATURE_HEADER)?;
    form_signature::verify(
        SIGNATURE_HEADER,
        signature,
        url,
        body,
        &token.0,
        REPEAT_ORDER,
    )
}

/// The `X-Twilio-Signature` Twilio would send for a form `body` posted to
/// exactly `url`: for testing a receiver without Twilio.
pub fn sign(url: &str, body: &[u8], token: &AuthToken) -> Result<String, WebhookError> {
    form_signature::sign(url, body, &token.0, REPEAT_ORDER)
}
