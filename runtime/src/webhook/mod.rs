//! Verifying the webhooks vendors send while a fax is under way.
//!
//! A fax is asynchronous: whether it was delivered, failed or arrived is only
//! ever told through a webhook, and anyone who knows the webhook URL can post
//! to it. Each vendor module here checks the vendor's signature over exactly
//! the bytes the web framework received, and only then decodes the body into
//! the caller's event type, so an unverified payload never reaches typed code:
//!
//! - [`telnyx::verify`]: Ed25519 over `timestamp|body`, with a replay window.
//! - [`twilio::verify`]: HMAC-SHA1 over the URL and the sorted form parameters.
//! - [`signalwire::verify`]: the same scheme as Twilio's, keyed with the
//!   project's Signing Key.
//!
//! The functions are generic over the event type because this crate knows no
//! vendor schema: pass `fax_api::telnyx::types::FaxWebhookEvent`,
//! `fax_api::signalwire::types::FaxStatusCallback`, your own struct, or
//! [`serde::de::IgnoredAny`] to verify without decoding. Every failure is a
//! [`WebhookError`]; no input makes them panic.

mod error;
mod form_signature;
pub mod signalwire;
pub mod telnyx;
pub mod twilio;

pub use error::WebhookError;

use http::HeaderMap;
use serde::de::DeserializeOwned;

/// The value of a header that must be there once, as text. Header values may
/// carry any byte; a signature or timestamp that is not visible ASCII cannot
/// be genuine, so it is reported rather than guessed at.
fn required_header<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<&'a str, WebhookError> {
    let mut values = headers.get_all(name).iter();
    let value = values.next().ok_or(WebhookError::MissingHeader(name))?;
    if values.next().is_some() {
        return Err(WebhookError::MalformedHeader {
            name,
            reason: "sent more than once",
        });
    }
    let text = value.to_str().map_err(|_| WebhookError::MalformedHeader {
        name,
        reason: "not visible ASCII text",
    })?;
    let text = text.trim();
    if text.is_empty() {
        return Err(WebhookError::MalformedHeader {
            name,
            reason: "empty",
        });
    }
    Ok(text)
}

/// Decodes a verified JSON body into the caller's event type.
fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, WebhookError> {
    serde_json::from_slice(body).map_err(|e| WebhookError::Decode {
        format: "JSON",
        source: Box::new(e),
    })
}

/// Decodes verified form parameters (`a=1&b=2`) into the caller's event type.
fn decode_form<T: DeserializeOwned>(form: &[u8]) -> Result<T, WebhookError> {
    serde_urlencoded::from_bytes(form).map_err(|e| WebhookError::Decode {
        format: "form",
        source: Box::new(e),
    })
}
