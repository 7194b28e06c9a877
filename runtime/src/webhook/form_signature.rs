//! The signature scheme Twilio defined for its webhooks and SignalWire's
//! compatibility API reuses: base64 of HMAC-SHA1, keyed with a shared secret,
//! over the full URL the vendor called followed by every form parameter of
//! the body, sorted, as `name` + `value` with nothing between.
//!
//! Three details are what published validators do rather than what the vendors
//! document, and all are reproduced because the vendors' back ends sign
//! either way:
//! - the URL is tried without its port, and with its port (the scheme's
//!   default when the URL names none);
//! - repeated parameter names are signed as each vendor's SDKs do (see
//!   [`RepeatOrder`]): exactly one way per vendor, never "either";
//! - a JSON body cannot be sorted into parameters, so the vendor signs the URL
//!   alone and puts the body's SHA-256 (hex) in the URL as `bodySHA256`.

use super::{decode_form, decode_json, WebhookError};
use crate::secret::Secret;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Length of an HMAC-SHA1 tag.
const TAG_LEN: usize = 20;

/// The query parameter that marks a JSON body signed through its hash.
const BODY_HASH_PARAM: &str = "bodySHA256";

/// A shared HMAC secret. It is a [`Secret`], so its `Debug` never shows the
/// value and receivers can log their configuration.
#[derive(Clone, Debug)]
pub(crate) struct HmacSecret(Secret);

impl HmacSecret {
    pub(crate) fn new(secret: String) -> Self {
        Self(Secret::new(secret))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.expose().is_empty()
    }

    /// HMAC accepts keys of any length, so this does not fail in practice;
    /// the error is still reported rather than assumed away.
    fn mac(&self) -> Result<Hmac<Sha1>, WebhookError> {
        Hmac::new_from_slice(self.0.expose().as_bytes())
            .map_err(|_| WebhookError::InvalidKey("the shared secret cannot key HMAC-SHA1"))
    }
}

/// How the values of a repeated parameter name (`Digits=5678&Digits=1234`)
/// enter the signed text. The vendors differ, and a receiver must follow the
/// signer exactly: one extra or reordered value and a genuine request fails.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum RepeatOrder {
    /// Sorted by value, each distinct value once: Twilio's helper libraries
    /// build a set of the values before sorting them.
    SortedDistinctValues,
    /// In the order the body carries them, duplicates kept: SignalWire's
    /// SDKs sort only the names.
    BodyOrder,
}

/// Checks `signature_b64` against the request and, when it holds, decodes the
/// body: JSON when the URL carries `bodySHA256`, form parameters otherwise
/// (from the URL's query when the body is empty, as a GET callback sends them).
pub(crate) fn verify<T: DeserializeOwned>(
    header: &'static str,
    signature_b64: &str,
    url: &str,
    body: &[u8],
    secret: &HmacSecret,
    order: RepeatOrder,
) -> Result<T, WebhookError> {
    if secret.is_empty() {
        return Err(WebhookError::InvalidKey("the shared secret is empty"));
    }
    let given = decode_signature(header, signature_b64)?;
    let parsed = url::Url::parse(url).map_err(WebhookError::InvalidUrl)?;
    let body_hash = parsed
        .query_pairs()
        .find(|(name, _)| name == BODY_HASH_PARAM)
        .map(|(_, value)| value.into_owned());

    let params = match body_hash {
        Some(_) => String::new(),
        None => concat_params(&form_pairs(body), order),
    };
    let mut authentic = false;
    for candidate in url_variants(url, &parsed) {
        authentic |= bool::from(tag(secret, &candidate, &params)?.ct_eq(&given));
    }
    if !authentic {
        return Err(WebhookError::BadSignature);
    }

    match body_hash {
        Some(expected) => {
            let actual = hex(&Sha256::digest(body));
            let expected = expected.to_ascii_lowercase();
            if !bool::from(actual.as_bytes().ct_eq(expected.as_bytes())) {
                return Err(WebhookError::BodyHashMismatch);
            }
            decode_json(body)
        }
        None if body.is_empty() => decode_form(parsed.query().unwrap_or("").as_bytes()),
        None => decode_form(body),
    }
}

/// The signature a vendor would send for this exact URL and form body (no
/// port variants): for tests of receivers, and for documentation by example.
pub(crate) fn sign(
    url: &str,
    form_body: &[u8],
    secret: &HmacSecret,
    order: RepeatOrder,
) -> Result<String, WebhookError> {
    let params = concat_params(&form_pairs(form_body), order);
    Ok(STANDARD.encode(tag(secret, url, &params)?))
}

fn decode_signature(header: &'static str, text: &str) -> Result<[u8; TAG_LEN], WebhookError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| WebhookError::MalformedHeader {
            name: header,
            reason: "not base64",
        })?;
    bytes.try_into().map_err(|_| WebhookError::MalformedHeader {
        name: header,
        reason: "not a 20-byte HMAC-SHA1 signature",
    })
}

fn tag(secret: &HmacSecret, url: &str, params: &str) -> Result<[u8; TAG_LEN], WebhookError> {
    let mut mac = secret.mac()?;
    mac.update(url.as_bytes());
    mac.update(params.as_bytes());
    Ok(mac.finalize().into_bytes().into())
}

/// The body's form parameters, decoded (`+` and `%XX`), in body order. Bytes
/// that are not UTF-8 become U+FFFD; such a body cannot match a signature the
/// vendor computed over text, so nothing is lost by it.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn concat_params(params: &[(String, String)], order: RepeatOrder) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    match order {
        RepeatOrder::SortedDistinctValues => {
            sorted.sort();
            sorted.dedup();
        }
        // A stable sort keeps the body order among equal names.
        RepeatOrder::BodyOrder => sorted.sort_by(|a, b| a.0.cmp(&b.0)),
    }
    sorted.iter().fold(String::new(), |mut out, (name, value)| {
        out.push_str(name);
        out.push_str(value);
        out
    })
}

/// The URL without a port and with one, built from the text as given rather
/// than re-serialised, because the signature covers the exact characters the
/// vendor used (a re-serialiser would re-escape the query).
fn url_variants(url: &str, parsed: &url::Url) -> Vec<String> {
    let Some(parts) = split_authority(url) else {
        return vec![url.to_owned()];
    };
    let without = format!("{}{}", parts.before_port, parts.after_port);
    let with = match (parts.port, parsed.port_or_known_default()) {
        (Some(_), _) => url.to_owned(),
        (None, Some(default)) => {
            format!("{}:{default}{}", parts.before_port, parts.after_port)
        }
        (None, None) => url.to_owned(),
    };
    if with == without {
        vec![without]
    } else {
        vec![without, with]
    }
}

/// A URL cut around its port: `https://user@host` | `:8443` | `/path?query`.
struct Authority<'a> {
    before_port: &'a str,
    port: Option<&'a str>,
    after_port: &'a str,
}

fn split_authority(url: &str) -> Option<Authority<'_>> {
    let authority_start = url.find("://")? + 3;
    let authority_len = url[authority_start..]
        .find(['/', '?', '#'])
        .unwrap_or(url.len() - authority_start);
    let authority_end = authority_start + authority_len;
    let authority = &url[authority_start..authority_end];
    let host_start = authority.rfind('@').map_or(0, |at| at + 1);
    let host_port = &authority[host_start..];
    // An IPv6 host is bracketed and full of colons; the port follows the `]`.
    let search_from = host_port.rfind(']').map_or(0, |close| close + 1);
    let port_colon = host_port[search_from..]
        .rfind(':')
        .map(|i| authority_start + host_start + search_from + i);
    match port_colon {
        Some(colon) => Some(Authority {
            before_port: &url[..colon],
            port: Some(&url[colon + 1..authority_end]),
            after_port: &url[authority_end..],
        }),
        None => Some(Authority {
            before_port: &url[..authority_end],
            port: None,
            after_port: &url[authority_end..],
        }),
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variants(url: &str) -> Vec<String> {
        url_variants(url, &url::Url::parse(url).unwrap())
    }

    #[test]
    fn default_port_is_added_and_removed() {
        assert_eq!(
            variants("https://a.example/p?q=1"),
            ["https://a.example/p?q=1", "https://a.example:443/p?q=1"]
        );
        assert_eq!(
            variants("http://a.example:80/p"),
            ["http://a.example/p", "http://a.example:80/p"]
        );
        assert_eq!(
            variants("https://u:pw@a.example:8443"),
            ["https://u:pw@a.example", "https://u:pw@a.example:8443"]
        );
        assert_eq!(
            variants("https://[::1]:8443/p"),
            ["https://[::1]/p", "https://[::1]:8443/p"]
        );
        assert_eq!(
            variants("https://[::1]/p"),
            ["https://[::1]/p", "https://[::1]:443/p"]
        );
    }

    #[test]
    fn repeated_names_sort_by_value_or_keep_body_order() {
        let params = form_pairs(b"To=b&A=1&To=a&To=b");
        assert_eq!(
            concat_params(&params, RepeatOrder::SortedDistinctValues),
            "A1ToaTob"
        );
        assert_eq!(
            concat_params(&params, RepeatOrder::BodyOrder),
            "A1TobToaTob"
        );
    }
}
