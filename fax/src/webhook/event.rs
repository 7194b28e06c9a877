//! Each vendor's verified webhook read into a [`FaxEvent`]: the fax it
//! names, its status through the vendor's table, pages, times and the
//! client reference.

use super::{FaxEvent, VendorEvent};
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
use fax_runtime::webhook::WebhookError;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// SignalWire posts two shapes; the status callback is the one with `FaxStatus`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(super) enum SignalWireWebhook {
    Status(Box<sw::FaxStatusCallback>),
    Incoming(Box<sw::InboundFaxRequest>),
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

pub(super) fn twilio_event(
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

pub(super) fn signalwire_event(
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

pub(super) fn telnyx_event(
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
