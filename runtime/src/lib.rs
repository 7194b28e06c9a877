//! Hand-written support for the generated fax API clients.
//!
//! Generated code calls into this crate; it never knows a vendor's schema.
//! Today it holds the serde adapters the generated models use ([`codec`]);
//! transport, credentials, errors, pagination and webhook verification join it
//! as the clients grow. [`webhook`] verifies the webhooks vendors send and
//! decodes them into typed events.

pub mod codec;
pub mod webhook;
