//! What the runtime knows about one API operation: enough to name it in
//! errors and logs, and to decide whether it may be retried.

use crate::security::Security;
use http::Method;

/// Static facts about an operation, written by the generator next to its builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, such as `/v1/Faxes/{Sid}`: what logs show, never the values.
    pub path: &'static str,
    /// The header in which the vendor returns its request id, if it does.
    pub request_id_header: Option<&'static str>,
    /// The security requirements the spec gives the operation: which
    /// credentials its requests carry, and where (see [`crate::security`]).
    pub security: Security,
}

impl Operation {
    /// Whether repeating the request cannot change the outcome (RFC 9110 §9.2.2).
    pub fn is_idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        )
    }
}
