//! What a fax is made of, and what sending one gives back.

use crate::error::Attempt;
use crate::id::FaxId;
use crate::status::FaxStatus;
use fax_runtime::FilePart;
use std::path::Path;

/// The document of a fax.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Document {
    /// A public URL the vendor fetches the document from (every vendor).
    Url(String),
    /// The document itself, uploaded with the request (Telnyx only: Twilio
    /// and SignalWire fetch documents from URLs and take no upload, so
    /// sending one there is [`Error::Unsupported`](crate::Error::Unsupported)).
    File(FilePart),
}

impl Document {
    /// A document the vendor fetches from `url`.
    pub fn url(url: impl Into<String>) -> Self {
        Document::Url(url.into())
    }

    /// A document given as bytes, uploaded under `file_name`.
    pub fn bytes(bytes: impl Into<Vec<u8>>, file_name: impl Into<String>) -> Self {
        Document::File(FilePart::from_bytes(bytes).file_name(file_name))
    }

    /// A document read from a file now, uploaded under its file name.
    pub fn file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        FilePart::from_path(path).map(Document::File)
    }
}

/// The resolution a fax is sent at. Each vendor's nearest setting is used:
/// Twilio's and SignalWire's `standard`, `fine`, `superfine`; Telnyx's
/// `normal`, `high`, `very_high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Quality {
    /// About 200 × 100 dpi.
    Standard,
    /// About 200 × 200 dpi; the vendors' default.
    #[default]
    Fine,
    /// The vendor's best.
    Superfine,
}

/// A fax to send: who to, from which number, which document.
///
/// ```
/// use fax_client::{Document, Fax, Quality};
///
/// let fax = Fax::new("+15551230000", "+15559870000", Document::url("https://example.com/a.pdf"))
///     .quality(Quality::Superfine)
///     .status_callback("https://hooks.example.com/fax")
///     .client_reference("invoice-1042");
/// assert_eq!(fax.to, "+15551230000");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fax {
    /// The receiving number (E.164) or SIP address.
    pub to: String,
    /// The sending number, one the vendor lets the account send from.
    pub from: String,
    /// The document.
    pub document: Document,
    /// The resolution; `None` leaves the vendor's default (fine).
    pub quality: Option<Quality>,
    /// Where the vendor reports the fax's progress: Twilio's and
    /// SignalWire's `StatusCallback`, Telnyx's per-fax `webhook_url`.
    pub status_callback: Option<String>,
    /// Your own reference, carried back in the fax's webhooks
    /// ([`FaxEvent::client_reference`](crate::FaxEvent::client_reference)):
    /// Telnyx echoes it as `client_state` (base64 of the text); Twilio and
    /// SignalWire have no such field, so it travels as a `client_reference`
    /// query parameter of the status callback URL, which they call back as
    /// given (and sign). Without a status callback it goes only to Telnyx.
    pub client_reference: Option<String>,
}

impl Fax {
    /// A fax of `document` from `from` to `to`.
    pub fn new(to: impl Into<String>, from: impl Into<String>, document: Document) -> Self {
        Self {
            to: to.into(),
            from: from.into(),
            document,
            quality: None,
            status_callback: None,
            client_reference: None,
        }
    }

    /// Sets the resolution.
    pub fn quality(mut self, quality: Quality) -> Self {
        self.quality = Some(quality);
        self
    }

    /// Sets the URL the vendor reports progress to.
    pub fn status_callback(mut self, url: impl Into<String>) -> Self {
        self.status_callback = Some(url.into());
        self
    }

    /// Sets your own reference for the fax.
    pub fn client_reference(mut self, reference: impl Into<String>) -> Self {
        self.client_reference = Some(reference.into());
        self
    }
}

/// The name of the query parameter that carries a client reference on
/// Twilio's and SignalWire's status callback URLs.
pub const CLIENT_REFERENCE_PARAM: &str = "client_reference";

/// The status callback URL with the client reference added as a query
/// parameter, for the vendors that have no field of their own for it.
pub(crate) fn callback_with_reference(fax: &Fax) -> Option<String> {
    let callback = fax.status_callback.as_deref()?;
    let Some(reference) = fax.client_reference.as_deref() else {
        return Some(callback.to_owned());
    };
    // The parameter goes into the query, before any fragment.
    let (url, fragment) = match callback.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment)),
        None => (callback, None),
    };
    let separator = if url.contains('?') { '&' } else { '?' };
    let mut out = format!(
        "{url}{separator}{CLIENT_REFERENCE_PARAM}={}",
        url_encode(reference)
    );
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    Some(out)
}

/// Form-style percent-encoding of a query value.
fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A fax a vendor took.
#[derive(Debug)]
#[non_exhaustive]
pub struct Sent {
    /// The fax's id, naming the vendor that took it.
    pub id: FaxId,
    /// Its status in the vendor's answer (usually queued).
    pub status: FaxStatus,
    /// The vendors tried before, each of which certainly did not take the
    /// fax, with the reason. Empty when the first vendor took it.
    pub tried: Vec<Attempt>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_joins_the_callbacks_query() {
        let fax = |callback: &str| {
            Fax::new("+1", "+2", Document::url("https://example.com/a.pdf"))
                .status_callback(callback)
                .client_reference("a b&c/é")
        };
        assert_eq!(
            callback_with_reference(&fax("https://h.example/cb")).unwrap(),
            "https://h.example/cb?client_reference=a%20b%26c%2F%C3%A9"
        );
        assert_eq!(
            callback_with_reference(&fax("https://h.example/cb?x=1#top")).unwrap(),
            "https://h.example/cb?x=1&client_reference=a%20b%26c%2F%C3%A9#top"
        );
        let plain = Fax::new("+1", "+2", Document::url("u")).status_callback("https://h/cb");
        assert_eq!(callback_with_reference(&plain).unwrap(), "https://h/cb");
    }
}
