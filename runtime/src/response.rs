//! Turning an `http::Response` into an operation's result: the typed body on
//! a success status, a typed error otherwise. Nothing here panics on any input.

use crate::error::{excerpt, ApiError, DecodeError, Error};
use crate::operation::Operation;
use serde::de::DeserializeOwned;

/// A JSON body on success.
pub fn json<T: DeserializeOwned, E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Result<T, Error<E>> {
    let response = success(operation, response)?;
    let status = response.status();
    let body = response.into_body();
    // An empty success body reads as JSON `null`, so `Option` outputs accept it.
    let bytes: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &body
    };
    serde_json::from_slice(bytes).map_err(|source| {
        Error::Decode(Box::new(DecodeError {
            operation: operation.id,
            status,
            excerpt: excerpt(&String::from_utf8_lossy(&body)),
            source,
        }))
    })
}

/// No body expected on success (any body is ignored).
pub fn empty<E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Result<(), Error<E>> {
    success(operation, response).map(drop)
}

/// The raw bytes on success.
pub fn bytes<E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Result<Vec<u8>, Error<E>> {
    success(operation, response).map(http::Response::into_body)
}

/// The body as text on success (lossy UTF-8).
pub fn text<E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Result<String, Error<E>> {
    bytes(operation, response).map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// The response itself on a 2xx status, or the API error it carries.
fn success<E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, Error<E>> {
    if response.status().is_success() {
        return Ok(response);
    }
    Err(api_error(operation, response))
}

/// The API error an error status carries.
pub(crate) fn api_error<E: DeserializeOwned>(
    operation: &Operation,
    response: http::Response<Vec<u8>>,
) -> Error<E> {
    let request_id = operation
        .request_id_header
        .and_then(|name| response.headers().get(name))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let status = response.status();
    let raw = response.into_body();
    Error::Api(Box::new(ApiError {
        operation: operation.id,
        method: operation.method.clone(),
        path: operation.path,
        status,
        body: serde_json::from_slice(&raw).ok(),
        raw_body: String::from_utf8_lossy(&raw).into_owned(),
        request_id,
    }))
}
