//! One verifier for the three vendors' webhooks, and one event they become.
//!
//! The signature is checked by `fax_runtime::webhook` with the vendor's own
//! scheme over the exact bytes received (Telnyx: Ed25519 over the timestamp
//! and body; Twilio and SignalWire: HMAC-SHA1 over the URL and form
//! parameters) before anything is decoded.

mod event;

use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::status::{FaxState, FaxStatus};
use event::{signalwire_event, telnyx_event, twilio_event, SignalWireWebhook};
use fax_api::telnyx::types as tx;
use fax_api::twilio::types as tw;
use fax_runtime::http::HeaderMap;
use fax_runtime::webhook::{signalwire, telnyx, twilio};
use std::time::SystemTime;
use time::OffsetDateTime;

/// The keys webhooks are verified with, one per vendor; a vendor without
/// one is refused with [`Error::NotConfigured`].
///
/// ```
/// use fax_client::{Vendor, WebhookVerifier};
/// use fax_runtime::webhook::twilio;
///
/// let verifier = WebhookVerifier::new().twilio(twilio::AuthToken::new("auth token"));
/// assert!(verifier.has_key(Vendor::Twilio));
/// assert!(!verifier.has_key(Vendor::Telnyx));
/// ```
#[derive(Debug, Clone, Default)]
pub struct WebhookVerifier {
    telnyx: Option<telnyx::PublicKey>,
    twilio: Option<twilio::AuthToken>,
    signalwire: Option<signalwire::SigningKey>,
}

/// Where a fax stands according to a verified webhook.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FaxEvent {
    /// The fax the event is about.
    pub id: FaxId,
    /// Its status.
    pub status: FaxStatus,
    /// Pages transmitted or received, when the event says.
    pub pages: Option<u32>,
    /// When the vendor says the event happened (Telnyx's `occurred_at`;
    /// Twilio's and SignalWire's callbacks carry no time).
    pub occurred_at: Option<OffsetDateTime>,
    /// When the webhook was verified, by the receiver's clock.
    pub received_at: OffsetDateTime,
    /// The reference given when sending ([`Fax::client_reference`](crate::Fax::client_reference)):
    /// Telnyx's `client_state` decoded, or the `client_reference` query
    /// parameter of Twilio's and SignalWire's callback URL.
    pub client_reference: Option<String>,
    /// The vendor's event, as decoded from the verified body.
    pub raw: VendorEvent,
}

impl FaxEvent {
    /// Whether this announces a fax arriving: Twilio and SignalWire wait
    /// for the answer to say what to do (a cXML/TwiML `<Receive/>`).
    pub fn is_arriving(&self) -> bool {
        self.status.state == FaxState::Receiving
    }
}

/// A vendor's webhook, typed by the generated client.
///
/// Vendors may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum VendorEvent {
    /// Twilio's status callback or incoming-fax request (the callback's
    /// parameters include all of the request's).
    Twilio(Box<fax_api::twilio::types::FaxStatusCallback>),
    /// A Telnyx `fax.*` event.
    Telnyx(Box<fax_api::telnyx::types::FaxWebhookEvent>),
    /// SignalWire's status callback.
    SignalWireStatus(Box<fax_api::signalwire::types::FaxStatusCallback>),
    /// SignalWire's request announcing an incoming fax.
    SignalWireIncoming(Box<fax_api::signalwire::types::InboundFaxRequest>),
}

impl WebhookVerifier {
    /// A verifier with no keys.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies Telnyx webhooks with the account's public key.
    pub fn telnyx(mut self, key: fax_runtime::webhook::telnyx::PublicKey) -> Self {
        self.telnyx = Some(key);
        self
    }

    /// Verifies Twilio webhooks with the account's auth token.
    pub fn twilio(mut self, token: fax_runtime::webhook::twilio::AuthToken) -> Self {
        self.twilio = Some(token);
        self
    }

    /// Verifies SignalWire webhooks with the project's Signing Key.
    pub fn signalwire(mut self, key: fax_runtime::webhook::signalwire::SigningKey) -> Self {
        self.signalwire = Some(key);
        self
    }

    /// Whether webhooks of `vendor` can be verified.
    pub fn has_key(&self, vendor: Vendor) -> bool {
        match vendor {
            Vendor::Twilio => self.twilio.is_some(),
            Vendor::Telnyx => self.telnyx.is_some(),
            Vendor::SignalWire => self.signalwire.is_some(),
        }
    }

    /// Verifies a webhook of `vendor` and reads it as a [`FaxEvent`].
    ///
    /// `url` is the full public URL the vendor called, query included
    /// (Twilio and SignalWire sign it); `body` the raw body as received. A
    /// refused request is [`Error::Webhook`] (answer it with
    /// [`Error::webhook_http_status`]) and is never decoded.
    ///
    /// ```
    /// use fax_client::{FailureReason, FaxState, Vendor, WebhookVerifier};
    /// use fax_runtime::http::HeaderMap;
    /// use fax_runtime::webhook::twilio;
    ///
    /// let token = twilio::AuthToken::new("auth token");
    /// let verifier = WebhookVerifier::new().twilio(token.clone());
    ///
    /// // What Twilio posts to the status callback (signed here, to have one).
    /// let url = "https://hooks.example.com/fax?client_reference=invoice-1042";
    /// let body = b"FaxSid=FX123&AccountSid=AC123&FaxStatus=busy&NumPages=0";
    /// let mut headers = HeaderMap::new();
    /// headers.insert(twilio::SIGNATURE_HEADER, twilio::sign(url, body, &token)?.parse()?);
    ///
    /// let event = verifier.verify(Vendor::Twilio, &headers, url, body)?;
    /// assert_eq!(event.id.to_string(), "twilio:FX123");
    /// assert_eq!(event.status.state, FaxState::Failed(FailureReason::Busy));
    /// assert_eq!(event.status.vendor_status, "busy");
    /// assert_eq!(event.client_reference.as_deref(), Some("invoice-1042"));
    ///
    /// // One changed byte, and it is refused with 401.
    /// let forged = b"FaxSid=FX123&AccountSid=AC123&FaxStatus=sent&NumPages=0";
    /// let refused = verifier.verify(Vendor::Twilio, &headers, url, forged).unwrap_err();
    /// assert_eq!(refused.webhook_http_status(), 401);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verify(
        &self,
        vendor: Vendor,
        headers: &HeaderMap,
        url: &str,
        body: &[u8],
    ) -> Result<FaxEvent, Error> {
        self.verify_at(vendor, headers, url, body, SystemTime::now())
    }

    /// [`verify`](Self::verify) with the receiver's clock given: Telnyx's
    /// signed timestamp must be within five minutes of `now`.
    pub fn verify_at(
        &self,
        vendor: Vendor,
        headers: &HeaderMap,
        url: &str,
        body: &[u8],
        now: SystemTime,
    ) -> Result<FaxEvent, Error> {
        let refused = |error| Error::Webhook { vendor, error };
        let not_configured = Error::NotConfigured {
            vendor,
            what: "no key to verify its webhooks with",
        };
        let received_at = OffsetDateTime::from(now);
        match vendor {
            Vendor::Twilio => {
                let token = self.twilio.as_ref().ok_or(not_configured)?;
                let callback: tw::FaxStatusCallback =
                    twilio::verify(headers, url, body, token).map_err(refused)?;
                twilio_event(callback, url, received_at)
            }
            Vendor::Telnyx => {
                let key = self.telnyx.as_ref().ok_or(not_configured)?;
                let event: tx::FaxWebhookEvent =
                    telnyx::verify(headers, body, key, now).map_err(refused)?;
                telnyx_event(event, received_at)
            }
            Vendor::SignalWire => {
                let key = self.signalwire.as_ref().ok_or(not_configured)?;
                let webhook: SignalWireWebhook =
                    signalwire::verify(headers, url, body, key).map_err(refused)?;
                signalwire_event(webhook, url, received_at)
            }
        }
    }
}
