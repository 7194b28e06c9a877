//! Response bodies off the wire: read into memory up to a limit, or handed to
//! the caller piece by piece as they arrive ([`Download`]).

use crate::error::{Error, ResponseTooLargeError, TransportError};
use crate::operation::Operation;
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use http::{HeaderMap, StatusCode};
use std::marker::PhantomData;
use std::time::Duration;
use tokio::io::{AsyncWrite, AsyncWriteExt as _};

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Longer than the limit: `Some` length when the server announced it.
    TooLarge(Option<u64>),
    /// The connection failed while reading.
    Transport(reqwest::Error),
}

impl ReadError {
    /// As the operation's error.
    pub(crate) fn into_error<E>(
        self,
        operation: &Operation,
        status: StatusCode,
        limit: u64,
        attempts: u32,
    ) -> Error<E> {
        match self {
            ReadError::TooLarge(content_length) => {
                Error::ResponseTooLarge(Box::new(ResponseTooLargeError {
                    operation: operation.id,
                    status,
                    limit,
                    content_length,
                }))
            }
            ReadError::Transport(e) => transport(operation.id, attempts, e),
        }
    }
}

/// A transport failure as the operation's error, its URL without user information.
pub(crate) fn transport<E>(
    operation: &'static str,
    attempts: u32,
    mut e: reqwest::Error,
) -> Error<E> {
    if let Some(url) = e.url_mut() {
        crate::redact::strip_userinfo(url);
        // A query may hold an API key (an `apiKey` scheme `in: query`).
        if url.query().is_some() {
            url.set_query(Some("***"));
        }
    }
    Error::Transport(TransportError {
        operation,
        attempts,
        source: Box::new(e),
    })
}

/// The whole body, refused as soon as it is known to exceed `limit` bytes:
/// from the announced `Content-Length` before reading, else while reading.
/// The chunks are appended to one buffer, sized up front when the length is announced.
pub(crate) async fn read_limited(
    response: &mut reqwest::Response,
    limit: u64,
) -> Result<Vec<u8>, ReadError> {
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit) {
        return Err(ReadError::TooLarge(announced));
    }
    let capacity = usize::try_from(announced.unwrap_or(0)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(ReadError::TooLarge(announced));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// No data arrived for longer than the client's timeout.
#[derive(Debug)]
pub struct TimedOut {
    /// What was awaited.
    pub waiting_for: &'static str,
    /// How long.
    pub after: Duration,
}

impl std::fmt::Display for TimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no {} within {:?}", self.waiting_for, self.after)
    }
}

impl std::error::Error for TimedOut {}

/// A successful response whose body is read as it arrives, never held whole:
/// for fax documents and other binary content.
///
/// Read it piece by piece with [`Download::chunk`], as a `Stream` of
/// [`Bytes`] with [`Download::into_stream`], or into a file or any
/// `AsyncWrite` with [`Download::write_to`]. The client's timeout applies to
/// each wait for data, not to the whole transfer, so a large file may take
/// as long as it needs while a stalled connection still ends.
pub struct Download<E> {
    operation: &'static str,
    response: reqwest::Response,
    idle_timeout: Option<Duration>,
    received: u64,
    error: PhantomData<fn() -> E>,
}

impl<E> std::fmt::Debug for Download<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("operation", &self.operation)
            .field("status", &self.status())
            .field("content_length", &self.content_length())
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

impl<E> Download<E> {
    pub(crate) fn new(
        operation: &Operation,
        response: reqwest::Response,
        idle_timeout: Option<Duration>,
    ) -> Self {
        Self {
            operation: operation.id,
            response,
            idle_timeout,
            received: 0,
            error: PhantomData,
        }
    }

    /// The response status (a 2xx).
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The `Content-Type`, such as `application/pdf`, if the API sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The announced length in bytes, if the API sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// How many bytes have been read so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error<E>> {
        let next = self.response.chunk();
        let result = match self.idle_timeout {
            Some(after) => match tokio::time::timeout(after, next).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(Error::Transport(TransportError {
                        operation: self.operation,
                        attempts: 1,
                        source: Box::new(TimedOut {
                            waiting_for: "body data",
                            after,
                        }),
                    }))
                }
            },
            None => next.await,
        };
        let chunk = result.map_err(|e| transport(self.operation, 1, e))?;
        if let Some(chunk) = &chunk {
            self.received += chunk.len() as u64;
        }
        Ok(chunk)
    }

    /// The body as a stream of pieces, each dropped once the caller is done with it.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, Error<E>>> {
        stream::try_unfold(self, |mut download| async move {
            Ok(download.chunk().await?.map(|chunk| (chunk, download)))
        })
    }

    /// Writes the body into `writer` as it arrives and flushes it; returns the
    /// number of bytes written. A download failure comes back as an
    /// `io::Error` whose inner error is the operation's [`Error`].
    pub async fn write_to<W>(mut self, writer: &mut W) -> std::io::Result<u64>
    where
        W: AsyncWrite + Unpin + ?Sized,
        E: std::fmt::Debug + Send + Sync + 'static,
    {
        while let Some(chunk) = self.chunk().await.map_err(std::io::Error::other)? {
            writer.write_all(&chunk).await?;
        }
        writer.flush().await?;
        Ok(self.received)
    }
}
