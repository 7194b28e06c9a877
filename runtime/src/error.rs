//! The one error type of every operation. `E` is the vendor's error body type
//! (Twilio's `{code, message, …}`, Telnyx's `{errors: […]}`), generated from its spec.

use crate::operation::Operation;
use crate::redact::redact_userinfo;
use http::StatusCode;
use std::fmt;

/// Why an operation failed.
///
/// New kinds of failure may be added, so a `match` needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
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
    /// The API answered with a redirect the client does not follow (see
    /// [`RedirectRefusal`]): the request may not have been carried out.
    Redirect(Box<RedirectError>),
    /// The API answered with a body larger than the client's
    /// [`Limits::max_response_bytes`](crate::Limits::max_response_bytes).
    ResponseTooLarge(Box<ResponseTooLargeError>),
    /// A list's pages do not lead to an end: the stream stops here.
    Pagination(Box<PaginationError>),
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Redirect(redirect) => Some(redirect.status),
            Error::ResponseTooLarge(large) => Some(large.status),
            Error::Build(_) | Error::Transport(_) | Error::Pagination(_) => None,
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

/// A redirect that was not followed.
#[derive(Debug)]
pub struct RedirectError {
    /// The operation's id.
    pub operation: &'static str,
    /// The HTTP method of the request.
    pub method: http::Method,
    /// The redirect's status (301, 302, 303, 307, 308, …).
    pub status: StatusCode,
    /// The `Location` the API named, with any user information redacted.
    pub location: String,
    /// Why it was not followed.
    pub reason: RedirectRefusal,
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// 301, 302, 303 (and 300): clients may resend these as a `GET` without
    /// the body, which is a different request. Only 307 and 308 keep both.
    MethodMayChange,
    /// The `Location` is on another origin (scheme, host or port), which
    /// must receive neither the credentials nor the body.
    OtherOrigin,
    /// More redirects in a row than [`Limits::max_redirects`](crate::Limits::max_redirects).
    TooManyRedirects {
        /// The limit that was reached.
        limit: u32,
    },
    /// The `Location` header is missing from a 307/308 or is no URL.
    InvalidLocation,
    /// A `reqwest::Client` given with `with_http_client` followed a redirect
    /// itself (build it with `redirect(reqwest::redirect::Policy::none())`);
    /// `location` is where the response came from.
    FollowedByHttpClient,
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectRefusal::MethodMayChange => f.write_str(
                "this status lets a client change the method; only 307 and 308 are followed",
            ),
            RedirectRefusal::OtherOrigin => {
                f.write_str("it leads to another origin, which gets neither credentials nor body")
            }
            RedirectRefusal::TooManyRedirects { limit } => {
                write!(f, "more than {limit} redirects in a row")
            }
            RedirectRefusal::InvalidLocation => f.write_str("its Location is missing or no URL"),
            RedirectRefusal::FollowedByHttpClient => f.write_str(
                "the reqwest::Client given to the API client followed it itself \
                 (build that client with redirect::Policy::none())",
            ),
        }
    }
}

/// A response body over the size limit; the rest of it was not read.
#[derive(Debug)]
pub struct ResponseTooLargeError {
    /// The operation's id.
    pub operation: &'static str,
    /// The status the API answered with.
    pub status: StatusCode,
    /// The limit, in bytes.
    pub limit: u64,
    /// The `Content-Length` the API announced, if it did.
    pub content_length: Option<u64>,
}

/// A pager that does not lead to an end.
#[derive(Debug)]
pub struct PaginationError {
    /// The operation's id.
    pub operation: &'static str,
    /// How many pages were fetched (and their items yielded) before the stop.
    pub pages: u64,
    /// What the pages did.
    pub reason: PaginationStop,
}

/// Why a stream of pages stopped before the last page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationStop {
    /// A page linked to a page already fetched.
    RepeatedLink {
        /// The link, with any user information redacted.
        link: String,
    },
    /// A page reported a number lower than the one asked for, so the next
    /// page to ask for would not advance.
    PageDidNotAdvance {
        /// The page number asked for.
        requested: u64,
        /// The page number the response reported.
        reported: u64,
    },
    /// More pages than [`Limits::max_pages`](crate::Limits::max_pages).
    TooManyPages {
        /// The limit that was reached.
        limit: u64,
    },
}

impl fmt::Display for PaginationStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationStop::RepeatedLink { link } => {
                write!(f, "the next page link `{link}` was already fetched")
            }
            PaginationStop::PageDidNotAdvance {
                requested,
                reported,
            } => write!(
                f,
                "page {requested} was asked for and the response says it is page {reported}"
            ),
            PaginationStop::TooManyPages { limit } => {
                write!(f, "there are more than {limit} pages, the client's limit")
            }
        }
    }
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
    /// URLs in the message lose their user information.
    pub fn build(operation: &Operation, message: impl Into<String>) -> Self {
        let message = message.into();
        Error::Build(BuildError {
            operation: operation.id,
            message: redact_userinfo(&message).into_owned(),
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
                // The transport's message may quote the URL, user information and all.
                redact_userinfo(&e.source.to_string())
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
            Error::Redirect(e) => write!(
                f,
                "{} ({}): HTTP {} redirect to `{}` not followed, the request may not have been \
                 carried out: {}",
                e.operation, e.method, e.status, e.location, e.reason
            ),
            Error::ResponseTooLarge(e) => {
                write!(
                    f,
                    "{}: HTTP {} with a body over the limit of {} bytes",
                    e.operation, e.status, e.limit
                )?;
                match e.content_length {
                    Some(length) => write!(f, " (Content-Length {length})"),
                    None => Ok(()),
                }
            }
            Error::Pagination(e) => write!(
                f,
                "{}: stopped after {} page{}: {}",
                e.operation,
                e.pages,
                if e.pages == 1 { "" } else { "s" },
                e.reason
            ),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e.source.as_ref()),
            Error::Decode(e) => Some(&e.source),
            Error::Build(_)
            | Error::Api(_)
            | Error::Redirect(_)
            | Error::ResponseTooLarge(_)
            | Error::Pagination(_) => None,
        }
    }
}
