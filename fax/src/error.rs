//! The one error type of this crate.

use crate::id::Vendor;
use fax_runtime::http::StatusCode;
use fax_runtime::webhook::WebhookError;
use std::fmt;

/// Why an operation failed.
///
/// Every variant that concerns one vendor names it ([`Error::vendor`]).
/// Whether a fax may have been sent is never left to guess: only
/// [`Error::OutcomeUnknown`] says it may have been ([`Error::may_have_been_sent`]);
/// every other error of a send means it certainly was not.
///
/// Kinds of failure may be added, so a `match` needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The vendor cannot take the fax as given (Twilio and SignalWire fetch
    /// the document from a URL and take no upload). Nothing was sent.
    #[non_exhaustive]
    Unsupported {
        /// The vendor.
        vendor: Vendor,
        /// What it cannot take.
        what: &'static str,
    },
    /// The request could not be built (a base URL or credential that cannot
    /// be used). Nothing was sent.
    #[non_exhaustive]
    Build {
        /// The vendor.
        vendor: Vendor,
        /// What was wrong.
        message: String,
    },
    /// No connection could be made (refused, DNS, TLS): the request was
    /// never written.
    #[non_exhaustive]
    Connect {
        /// The vendor.
        vendor: Vendor,
        /// The transport's message.
        message: String,
    },
    /// The request may have been written, but no answer arrived (a timeout,
    /// a connection reset). For a send, this comes wrapped in
    /// [`Error::OutcomeUnknown`].
    #[non_exhaustive]
    Transport {
        /// The vendor.
        vendor: Vendor,
        /// The transport's message.
        message: String,
    },
    /// The vendor answered with an error status.
    #[non_exhaustive]
    Api {
        /// The vendor.
        vendor: Vendor,
        /// The status.
        status: StatusCode,
        /// The vendor's own message, when its error body parsed.
        message: Option<String>,
        /// The body as received (lossy UTF-8).
        body: String,
        /// The vendor's request id, for its support team.
        request_id: Option<String>,
    },
    /// The vendor answered, but the answer cannot be used: a success body
    /// that does not decode, a body over the size limit, a redirect not
    /// followed, or a success that does not say what was asked (a cancel
    /// answered with another status).
    #[non_exhaustive]
    Response {
        /// The vendor.
        vendor: Vendor,
        /// The status, when there was one.
        status: Option<StatusCode>,
        /// What was wrong.
        message: String,
    },
    /// A list's pages did not lead to an end; the items before were yielded.
    #[non_exhaustive]
    Pagination {
        /// The vendor.
        vendor: Vendor,
        /// Why the stream stopped.
        message: String,
    },
    /// This client has nothing configured for the vendor: no account to
    /// fetch a fax of that vendor through, or no key to verify its webhooks.
    #[non_exhaustive]
    NotConfigured {
        /// The vendor.
        vendor: Vendor,
        /// What is missing.
        what: &'static str,
    },
    /// A setting is missing or unusable (see [`crate::config`]).
    #[non_exhaustive]
    Config {
        /// The environment variable.
        variable: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A webhook was refused: the signature does not hold, or the verified
    /// body is not a fax event.
    #[non_exhaustive]
    Webhook {
        /// The vendor whose scheme was checked.
        vendor: Vendor,
        /// What failed; its [`WebhookError::http_status`] is the answer to give.
        error: WebhookError,
    },
    /// A send whose outcome is unknown: the request reached `vendor` (or may
    /// have) and no usable answer came back: a timeout after the request was
    /// written, a connection reset mid-response, a 5xx, a success body that
    /// does not decode. **The fax may have been sent**, so no other vendor
    /// was tried; look for it at `vendor` (list or webhooks) before sending again.
    #[non_exhaustive]
    OutcomeUnknown {
        /// The vendor that may have taken the fax.
        vendor: Vendor,
        /// What happened.
        cause: Box<Error>,
        /// The vendors tried before, each of which certainly did not take it.
        tried: Vec<Attempt>,
    },
    /// No vendor took the fax, and none may have. Each attempt says why,
    /// in order. The last one is why the send stopped: either no vendor was
    /// left after those that could not be reached, refused this account
    /// (401, 403) or its rate (429), or could not take the document; or a
    /// vendor refused the fax as invalid (400, 422, any other 4xx), which
    /// ends the send at once, since the next vendor would get the same fax.
    #[non_exhaustive]
    NotSent {
        /// Every vendor tried, in order, with its error.
        attempts: Vec<Attempt>,
    },
}

/// One vendor a send was tried with, and why it did not take the fax.
#[derive(Debug)]
#[non_exhaustive]
pub struct Attempt {
    /// The vendor.
    pub vendor: Vendor,
    /// Why it certainly did not take the fax.
    pub error: Error,
}

impl Attempt {
    pub(crate) fn new(vendor: Vendor, error: Error) -> Self {
        Self { vendor, error }
    }
}

impl Error {
    /// The vendor the error is about; for [`Error::NotSent`], the last one tried.
    pub fn vendor(&self) -> Option<Vendor> {
        match self {
            Error::Unsupported { vendor, .. }
            | Error::Build { vendor, .. }
            | Error::Connect { vendor, .. }
            | Error::Transport { vendor, .. }
            | Error::Api { vendor, .. }
            | Error::Response { vendor, .. }
            | Error::Pagination { vendor, .. }
            | Error::NotConfigured { vendor, .. }
            | Error::Webhook { vendor, .. }
            | Error::OutcomeUnknown { vendor, .. } => Some(*vendor),
            Error::NotSent { attempts } => attempts.last().map(|attempt| attempt.vendor),
            Error::Config { .. } => None,
        }
    }

    /// The HTTP status the vendor answered with, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Response { status, .. } => *status,
            Error::OutcomeUnknown { cause, .. } => cause.status(),
            Error::NotSent { attempts } => attempts.last().and_then(|a| a.error.status()),
            _ => None,
        }
    }

    /// Whether a fax may have been sent despite the error: true only for
    /// [`Error::OutcomeUnknown`].
    pub fn may_have_been_sent(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// The status a webhook receiver should answer a refused webhook with:
    /// the verifier's (400, 401, …) for [`Error::Webhook`], 503 when the
    /// vendor is not configured, 500 otherwise.
    pub fn webhook_http_status(&self) -> StatusCode {
        match self {
            Error::Webhook { error, .. } => error.http_status(),
            Error::NotConfigured { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether a send that failed this way certainly left the fax unsent
    /// *and* says nothing about the fax itself, so the next vendor may get
    /// it: unreachable, unusable configuration, a document the vendor cannot
    /// take, or an answer refusing this vendor's account (401, 403) or rate
    /// (429).
    pub(crate) fn next_vendor_may_try(&self) -> bool {
        match self {
            Error::Unsupported { .. } | Error::Build { .. } | Error::Connect { .. } => true,
            Error::Api { status, .. } => matches!(status.as_u16(), 401 | 403 | 429),
            _ => false,
        }
    }

    /// Whether a send that failed this way certainly did not reach the
    /// vendor as an accepted fax: the vendor was never reached, or answered
    /// with a 4xx refusal.
    pub(crate) fn certainly_not_sent(&self) -> bool {
        match self {
            Error::Unsupported { .. }
            | Error::Build { .. }
            | Error::Connect { .. }
            | Error::NotConfigured { .. } => true,
            Error::Api { status, .. } => status.is_client_error(),
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unsupported { vendor, what } => {
                write!(f, "{vendor} cannot take {what}; nothing was sent")
            }
            Error::Build { vendor, message } => {
                write!(f, "{vendor}: the request could not be built: {message}")
            }
            Error::Connect { vendor, message } => {
                write!(f, "{vendor}: could not connect: {message}")
            }
            Error::Transport { vendor, message } => {
                write!(f, "{vendor}: no answer: {message}")
            }
            Error::Api {
                vendor,
                status,
                message,
                body,
                request_id,
            } => {
                write!(f, "{vendor}: HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, " (request id {id})")?;
                }
                match message {
                    Some(message) => write!(f, ": {message}"),
                    None if !body.is_empty() => write!(f, ": {}", excerpt(body)),
                    None => Ok(()),
                }
            }
            Error::Response {
                vendor,
                status,
                message,
            } => match status {
                Some(status) => write!(f, "{vendor}: unusable answer (HTTP {status}): {message}"),
                None => write!(f, "{vendor}: unusable answer: {message}"),
            },
            Error::Pagination { vendor, message } => write!(f, "{vendor}: {message}"),
            Error::NotConfigured { vendor, what } => {
                write!(f, "{vendor} is not configured: {what}")
            }
            Error::Config { variable, message } => write!(f, "{variable}: {message}"),
            Error::Webhook { vendor, error } => write!(f, "{vendor} webhook refused: {error}"),
            Error::OutcomeUnknown { vendor, cause, .. } => write!(
                f,
                "the fax may have been sent through {vendor}; the outcome is unknown: {cause}"
            ),
            Error::NotSent { attempts } => {
                f.write_str("the fax was not sent")?;
                if attempts.is_empty() {
                    return f.write_str(": no vendor is configured");
                }
                for (i, attempt) in attempts.iter().enumerate() {
                    let sep = if i == 0 { ": " } else { "; " };
                    write!(f, "{sep}{}", attempt.error)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Webhook { error, .. } => Some(error),
            Error::OutcomeUnknown { cause, .. } => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// The start of a body, for messages.
fn excerpt(body: &str) -> String {
    const CHARS: usize = 300;
    match body.char_indices().nth(CHARS) {
        Some((end, _)) => format!("{}…", &body[..end]),
        None => body.to_owned(),
    }
}
