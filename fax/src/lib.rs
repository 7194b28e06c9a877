//! One fax API over Twilio, Telnyx and SignalWire.
//!
//! Built on the generated clients of [`fax_api`] and the support of
//! [`fax_runtime`], this crate gives the three vendors one vocabulary:
//!
//! - **send** a [`Fax`] through a [`FaxClient`], an ordered list of vendor
//!   accounts ([`Provider`]), and get a [`FaxId`] that names the vendor
//!   (`telnyx:…`, storable as text) and the normalized [`FaxStatus`];
//! - **track** with [`FaxClient::fetch`], [`FaxClient::cancel`] and
//!   [`FaxClient::list`], whose statuses map each vendor's values into one
//!   [`FaxState`] and keep the vendor's own words beside it;
//! - **receive** webhooks with a [`WebhookVerifier`], which checks the
//!   vendor's signature and yields one [`FaxEvent`];
//! - **fail over safely**: a send moves to the next vendor only when the one
//!   before certainly did not take the fax (it could not be reached, its
//!   request could not be built, it answered 401, 403 or 429, or it cannot
//!   take the document as given). A fax refused as invalid is not offered
//!   elsewhere, and when the outcome is unknown (a timeout after the request
//!   was written, a reset, a 5xx) the send stops with
//!   [`Error::OutcomeUnknown`], naming the vendor that may have it. Nothing
//!   reads as `Ok` unless a vendor said it took the fax.
//!
//! # Example
//!
//! Two accounts, Telnyx first; the fax goes through Twilio when Telnyx
//! cannot be reached (here, a port nobody listens on):
//!
//! ```
//! use fax_client::{Document, Error, Fax, FaxClient, FaxState, Provider, Vendor};
//! use fax_runtime::Credentials;
//! # use wiremock::{matchers, Mock, MockServer, ResponseTemplate};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let twilio_server = MockServer::start().await;
//! # Mock::given(matchers::method("POST")).and(matchers::path("/v1/Faxes"))
//! #     .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!(
//! #         {"sid": "FX0123", "status": "queued"})))
//! #     .mount(&twilio_server).await;
//! # let unreachable = {
//! #     let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
//! #     format!("http://{}", listener.local_addr()?)
//! # };
//! // `unreachable` is a local port nobody listens on; `twilio_server` a mock
//! // server that takes the fax.
//! let telnyx = fax_api::telnyx::Client::new(Credentials::bearer("KEY"))
//!     .with_base_url(unreachable);
//! let twilio = fax_api::twilio::Client::new(Credentials::basic("AC123", "token"))
//!     .with_base_url(twilio_server.uri());
//! let client = FaxClient::new([
//!     Provider::telnyx(telnyx, "connection-id"),
//!     Provider::twilio(twilio),
//! ]);
//!
//! let fax = Fax::new("+15551230000", "+15559870000", Document::url("https://example.com/a.pdf"));
//! match client.send(&fax).await {
//!     Ok(sent) => {
//!         assert_eq!(sent.id.to_string(), "twilio:FX0123");
//!         assert_eq!(sent.status.state, FaxState::Queued);
//!         // Telnyx was tried first and certainly did not take it.
//!         assert_eq!(sent.tried[0].vendor, Vendor::Telnyx);
//!     }
//!     Err(Error::OutcomeUnknown { vendor, .. }) => {
//!         // Do not send again: look for the fax at `vendor` first.
//!         panic!("may have been sent through {vendor}");
//!     }
//!     Err(error) => panic!("not sent: {error}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [`config`] builds the accounts and webhook keys from environment
//! variables, one per credential.

mod client;
pub mod config;
mod error;
mod failover;
mod id;
mod record;
mod send;
mod status;
mod vendor;
mod webhook;

pub use client::FaxClient;
pub use error::{Attempt, Error};
pub use id::{FaxId, ParseFaxIdError, Vendor};
pub use record::{FaxRecord, ListFilter};
pub use send::{Document, Fax, Quality, Sent, CLIENT_REFERENCE_PARAM};
pub use status::{FailureReason, FaxState, FaxStatus};
pub use vendor::Provider;
pub use webhook::{FaxEvent, VendorEvent, WebhookVerifier};
