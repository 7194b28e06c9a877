//! Hand-written support for the generated fax API clients.
//!
//! Generated code calls into this crate; it never knows a vendor's schema.
//! - [`client`]: base URL, credentials, transport (reqwest + rustls), retries, tracing;
//! - [`redirect`], [`limits`] and [`body`]: which redirects are followed, the
//!   bounds on bodies, pages and redirects, and bodies read whole or streamed;
//! - [`redact`]: credentials in URLs never print;
//! - [`encode`] and [`multipart`]: parameters and bodies on the wire;
//! - [`response`]: typed results and typed errors from responses;
//! - [`pagination`]: every item of a list operation as one stream;
//! - [`codec`]: the serde adapters generated models use;
//! - [`webhook`]: verifying that a webhook came from the vendor.

pub mod body;
pub mod client;
pub mod codec;
pub mod credentials;
pub mod encode;
pub mod error;
pub mod limits;
pub mod multipart;
pub mod operation;
pub mod pagination;
pub mod redact;
pub mod redirect;
pub mod response;
pub mod retry;
pub mod secret;
pub mod webhook;

pub use body::Download;
pub use client::ApiClient;
pub use credentials::Credentials;
pub use error::{
    ApiError, BuildError, DecodeError, Error, PaginationError, PaginationStop, RedirectError,
    RedirectRefusal, ResponseTooLargeError, TransportError,
};
pub use limits::Limits;
pub use multipart::FilePart;
pub use operation::Operation;
pub use retry::RetryPolicy;
pub use secret::Secret;

/// Re-exported so generated code and users name the same versions.
pub use bytes;
pub use futures_util::Stream;
pub use http;
pub use reqwest;
