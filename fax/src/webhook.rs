//! One verifier for the three vendors' webhooks, and one event they become.
//!
//! The signature is checked by `fax_runtime::webhook` with the vendor's own
//! scheme over the exact bytes received (Telnyx: Ed25519 over the timestamp
//! and body; Twilio and SignalWire: HMAC-SHA1 over the URL and form
//! parameters) before anything is decoded.

use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::record::{pages_from_number, pages_from_text};
use crate::send::CLIENT_REFERENCE_PARAM;
use crate::status::{error_reason, FaxState, FaxStatus};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fax_api::signalwire::types as sw;
use fax_api::telnyx::types as tx;
use fax_api::twilio::types as tw;
use fax_runtime::http::HeaderMap;
use fax_runtime::webhook::{signalwire, telnyx, twilio, WebhookError};
use std::time::SystemTime;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The keys webhooks are verified with, one per vendor; a vendor without
/// one is refused with [`Error::NotConfigured`].
///
/// ```
/// use fax::{Vendor, WebhookVerifier};
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

/// SignalWire posts two shapes; the status callback is the one with `FaxStatus`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum SignalWireWebhook {
    Status(Box<sw::FaxStatusCallback>),
    Incoming(Box<sw::InboundFaxRequest>),
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
    /// use fax::{FailureReason, FaxState, Vendor, WebhookVerifier};
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
                Ok(twilio_event(callback, url, received_at)?)
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

/// A verified body that names no fax.
fn no_fax_id(vendor: Vendor, what: &str) -> Error {
    Error::Webhook {
        vendor,
        error: WebhookError::Decode {
            format: if vendor == Vendor::Telnyx {
                "JSON"
            } else {
                "form"
            },
            source: format!("the event names no fax ({what} is empty or missing)").into(),
        },
    }
}

/// The `client_reference` query parameter of the URL the vendor called.
fn reference_in_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(name, _)| name == CLIENT_REFERENCE_PARAM)
        .map(|(_, value)| value)
}

fn twilio_event(
    callback: tw::FaxStatusCallback,
    url: &str,
    received_at: OffsetDateTime,
) -> Result<FaxEvent, Error> {
    let id = FaxId::new(Vendor::Twilio, callback.fax_sid.clone())
        .ok_or_else(|| no_fax_id(Vendor::Twilio, "FaxSid"))?;
    // Only the request announcing an incoming fax may come without a status.
    let mut status = match &callback.fax_status {
        Some(status) => FaxStatus::from_twilio_callback(status),
        None => FaxStatus::new(FaxState::Receiving, "", None),
    };
    status.vendor_reason = error_reason(&callback.error_code, &callback.error_message);
    Ok(FaxEvent {
        id,
        status,
        pages: pages_from_text(callback.num_pages.as_deref()),
        occurred_at: None,
        received_at,
        client_reference: reference_in_url(url),
        raw: VendorEvent::Twilio(Box::new(callback)),
    })
}

fn signalwire_event(
    webhook: SignalWireWebhook,
    url: &str,
    received_at: OffsetDateTime,
) -> Result<FaxEvent, Error> {
    let vendor = Vendor::SignalWire;
    let client_reference = reference_in_url(url);
    match webhook {
        SignalWireWebhook::Status(callback) => Ok(FaxEvent {
            id: FaxId::new(vendor, callback.fax_sid.clone())
                .ok_or_else(|| no_fax_id(vendor, "FaxSid"))?,
            status: FaxStatus {
                vendor_reason: error_reason(&callback.error_code, &callback.error_message),
                ..FaxStatus::from_signalwire(&callback.fax_status)
            },
            pages: pages_from_text(callback.num_pages.as_deref()),
            occurred_at: None,
            received_at,
            client_reference,
            raw: VendorEvent::SignalWireStatus(callback),
        }),
        SignalWireWebhook::Incoming(request) => Ok(FaxEvent {
            id: FaxId::new(vendor, request.fax_sid.clone())
                .ok_or_else(|| no_fax_id(vendor, "FaxSid"))?,
            status: FaxStatus::new(FaxState::Receiving, "", None),
            pages: None,
            occurred_at: None,
            received_at,
            client_reference,
            raw: VendorEvent::SignalWireIncoming(request),
        }),
    }
}

/// What every Telnyx event payload has, whatever its type.
struct TelnyxParts {
    fax_id: String,
    status: FaxStatus,
    pages: Option<u32>,
    occurred_at: Option<OffsetDateTime>,
    client_state: Option<String>,
}

fn telnyx_event(
    event: tx::FaxWebhookEvent,
    received_at: OffsetDateTime,
) -> Result<FaxEvent, Error> {
    use tx::FaxEventData as D;
    let parts = match &event.data {
        D::FaxQueued(data) => TelnyxParts {
            fax_id: data.payload.fax_id.clone(),
            status: FaxStatus::from_telnyx(&data.payload.status, None),
            pages: None,
            occurred_at: Some(data.occurred_at),
            client_state: data.payload.client_state.clone(),
        },
        D::FaxMediaProcessed(data) => TelnyxParts {
            fax_id: data.payload.fax_id.clone(),
            status: FaxStatus::from_telnyx(&data.payload.status, None),
            pages: None,
            occurred_at: Some(data.occurred_at),
            client_state: data.payload.client_state.clone(),
        },
        D::FaxSendingStarted(data) => TelnyxParts {
            fax_id: data.payload.fax_id.clone(),
            status: FaxStatus::from_telnyx(&data.payload.status, None),
            pages: None,
            occurred_at: Some(data.occurred_at),
            client_state: data.payload.client_state.clone(),
        },
        D::FaxDelivered(data) => TelnyxParts {
            fax_id: data.payload.fax_id.clone(),
            status: FaxStatus::from_telnyx(&data.payload.status, None),
            pages: pages_from_number(data.payload.page_count),
            occurred_at: Some(data.occurred_at),
            client_state: data.payload.client_state.clone(),
        },
        D::FaxFailed(data) => TelnyxParts {
            fax_id: data.payload.fax_id.clone(),
            status: FaxStatus::from_telnyx(
                &data.payload.status,
                data.payload.failure_reason.as_ref(),
            ),
            pages: None,
            occurred_at: Some(data.occurred_at),
            client_state: data.payload.client_state.clone(),
        },
        // An event type this version does not know (kept as JSON, or a
        // variant of a newer generated client): its fax, status and time are read
        // where every fax event has them, back from its JSON, and the status
        // goes through the same table (an unknown value stays unknown).
        other => {
            let json = serde_json::to_value(other).unwrap_or_default();
            let payload = &json["payload"];
            let status = tx::FaxStatus::from(payload["status"].as_str().unwrap_or(""));
            let reason = payload["failure_reason"]
                .as_str()
                .map(tx::FaxFailureReason::from);
            TelnyxParts {
                fax_id: payload["fax_id"].as_str().unwrap_or_default().to_owned(),
                status: FaxStatus::from_telnyx(&status, reason.as_ref()),
                pages: pages_from_number(payload["page_count"].as_i64()),
                occurred_at: json["occurred_at"]
                    .as_str()
                    .and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok()),
                client_state: payload["client_state"].as_str().map(str::to_owned),
            }
        }
    };
    let id = FaxId::new(Vendor::Telnyx, parts.fax_id)
        .ok_or_else(|| no_fax_id(Vendor::Telnyx, "payload.fax_id"))?;
    // `client_state` is base64 of what was sent; anything else is not ours.
    let client_reference = parts
        .client_state
        .and_then(|state| STANDARD.decode(state).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok());
    Ok(FaxEvent {
        id,
        status: parts.status,
        pages: parts.pages,
        occurred_at: parts.occurred_at,
        received_at,
        client_reference,
        raw: VendorEvent::Telnyx(Box::new(event)),
    })
}
