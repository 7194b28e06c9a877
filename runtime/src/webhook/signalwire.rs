//! SignalWire webhooks from the compatibility (cXML/LaML) API, which sends
//! fax status callbacks and incoming-fax requests.
//!
//! SignalWire signs them the way Twilio does (see [`super::twilio`]): a base64
//! HMAC-SHA1 of the URL and the form parameters sorted by name, keyed with the
//! project's Signing Key from the dashboard's API credentials page (not the
//! API token). The signature comes in `X-SignalWire-Signature`; requests that
//! carry only the Twilio-compatible `X-Twilio-Signature` are accepted too.
//! Like Twilio's, the signature has no timestamp: handlers should be
//! idempotent.

use super::form_signature::{self, HmacSecret, RepeatOrder};
use super::{required_header, WebhookError};
use http::HeaderMap;
use serde::de::DeserializeOwned;
use std::fmt;

/// Header holding the base64 HMAC-SHA1 signature.
pub const SIGNATURE_HEADER: &str = "x-signalwire-signature";
/// The Twilio-compatible name SignalWire also sends, read when
/// [`SIGNATURE_HEADER`] is absent.
pub const COMPAT_SIGNATURE_HEADER: &str = "x-twilio-signature";

/// SignalWire's SDKs (the compatibility `validateRequest` of
/// signalwire-typescript) sort the parameter names and keep the values of a
/// repeated name in body order, duplicates included.
const REPEAT_ORDER: RepeatOrder = RepeatOrder::BodyOrder;

/// The project's Signing Key, which keys the signature. Its `Debug` output
/// never shows it.
#[derive(Clone)]
pub struct SigningKey(HmacSecret);

impl SigningKey {
    /// Wraps the key text as the dashboard shows it.
    pub fn new(key: impl Into<String>) -> Self {
        Self(HmacSecret::new(key.into()))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningKey({:?})", self.0)
    }
}

/// Verifies a SignalWire compatibility webhook and decodes it into `T`, e.g.
/// `fax_api::signalwire::types::FaxStatusCallback` or `InboundFaxRequest`.
///
/// Arguments and decoding are as for [`super::twilio::verify`]. The values of
/// a repeated parameter name are signed in the order the body carries them,
/// duplicates kept, as SignalWire's SDKs compute it; unlike Twilio's, they
/// are not sorted, and a signature over re-sorted values is refused as
/// SignalWire's SDKs refuse it.
///
/// A request without `X-SignalWire-Signature` is checked against
/// `X-Twilio-Signature`; when that is there but empty or repeated it is a
/// [`WebhookError::MalformedHeader`] naming it, and only a request with
/// neither header is [`WebhookError::MissingHeader`].
pub fn verify<T: DeserializeOwned>(
    headers: &HeaderMap,
    url: &str,
    body: &[u8],
    key: &SigningKey,
) -> Result<T, WebhookError> {
    let (header, signature) = if headers.contains_key(SIGNATURE_HEADER) {
        (
            SIGNATURE_HEADER,
            required_header(headers, SIGNATURE_HEADER)?,
        )
    } else {
        let compat =
            required_header(headers, COMPAT_SIGNATURE_HEADER).map_err(|err| match err {
                WebhookError::MissingHeader(_) => WebhookError::MissingHeader(SIGNATURE_HEADER),
                other => other,
            })?;
        (COMPAT_SIGNATURE_HEADER, compat)
    };
    form_signature::verify(header, signature, url, body, &key.0, REPEAT_ORDER)
}

/// The `X-SignalWire-Signature` SignalWire would send for a form `body`
/// posted to exactly `url`: for testing a receiver without SignalWire.
pub fn sign(url: &str, body: &[u8], key: &SigningKey) -> Result<String, WebhookError> {
    form_signature::sign(url, body, &key.0, REPEAT_ORDER)
}
