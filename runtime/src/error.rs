//! The one error type of every operation. `E` is the vendor's error body type
//! (Twilio's `{code, message, …}`, Telnyx's `{errors: […]}`), generated from its spec.

use crate::operation::Operation;
use http::StatusCode;
use std::fmt;

/// Why an operation failed.
#[derive(Debug)]
pub enum Error<E> {
    /// The request could not be built: an invalid base URL, or a body or
    /// parameter that does not encode. Nothing was sent.
    Build(BuildError),
    /// No HTTP response arrived: connection, TLS or timeout failure, after any retries.
    Transport(TransportError),
    /// The API answered with an error status (4xx, 5xx).
    Api(Box<ApiError<E>>),
    /// The API answered with a success status but a body that does not decode.
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Build(_) | Error::Transport(_) => None,
        }
    }

    /// The vendor's request id, when the API answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            _ => None,
        }
    }
}

/// A request that could not be built.
#[derive(Debug)]
pub struct BuildError {
    /// The operation's id.
    pub operation: &'static str,
    /// What was wrong.
    pub message: String,
}

/// A request that got no HTTP response.
#[derive(Debug)]
pub struct TransportError {
    /// The operation's id.
    pub operation: &'static str,
    /// How many times the request was sent.
    pub attempts: u32,
    /// The transport's own error.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

/// An error status from the API.
#[derive(Debug)]
pub struct ApiError<E> {
    /// The operation's id.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template.
    pub path: &'static str,
    /// The status the API answered with.
    pub status: StatusCode,
    /// The vendor's error body, when it parsed as the spec says.
    pub body: Option<E>,
    /// The body as received (lossy UTF-8), kept whether or not it parsed.
    pub raw_body: String,
    /// The vendor's request id, for its support team.
    pub request_id: Option<String>,
}

/// A success status with a body that does not decode.
#[derive(Debug)]
pub struct DecodeError {
    /// The operation's id.
    pub operation: &'static str,
    /// The status the API answered with.
    pub status: StatusCode,
    /// The start of the body, to see what arrived.
    pub excerpt: String,
    /// What the decoder said.
    pub source: serde_json::Error,
}

/// How much of a body errors quote.
const EXCERPT_CHARS: usize = 512;

/// The first characters of a body, for error messages.
pub(crate) fn excerpt(body: &str) -> String {
    match body.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}…", &body[..end]),
        None => body.to_owned(),
    }
}

impl<E> Error<E> {
    /// A request that could not be built, for generated code to report.
    pub fn build(operation: &Operation, message: impl Into<String>) -> Self {
        Error::Build(BuildError {
            operation: operation.id,
            message: message.into(),
        })
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => write!(
                f,
                "{}: the request could not be built: {}",
                e.operation, e.message
            ),
            Error::Transport(e) => write!(
                f,
                "{}: no response after {} attempt{}: {}",
                e.operation,
                e.attempts,
                if e.attempts == 1 { "" } else { "s" },
                e.source
            ),
            Error::Api(e) => {
                write!(
                    f,
                    "{} ({} {}): HTTP {}",
                    e.operation, e.method, e.path, e.status
                )?;
                if let Some(id) = &e.request_id {
                    write!(f, " (request id {id})")?;
                }
                if !e.raw_body.is_empty() {
                    write!(f, ": {}", excerpt(&e.raw_body))?;
                }
                Ok(())
            }
            Error::Decode(e) => write!(
                f,
                "{}: HTTP {} with a body that does not decode ({}): {}",
                e.operation, e.status, e.source, e.excerpt
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e.source.as_ref()),
            Error::Decode(e) => Some(&e.source),
            Error::Build(_) | Error::Api(_) => None,
        }
    }
}
