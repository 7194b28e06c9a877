//! Twilio: a form body with `MediaUrl`; cancel by setting `Status=canceled`.

use super::runtime_error::from_runtime;
use super::SendAnswer;
use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::record::{pages_from_number, FaxRecord, ListFilter};
use crate::send::{callback_with_reference, Document, Fax, Quality};
use crate::status::{FaxState, FaxStatus};
use fax_api::twilio::types::{
    CreateFaxRequest, CreateFaxRequestQuality, Fax as TwilioFax, TwilioError, UpdateFaxRequest,
    UpdateFaxRequestStatus,
};
use fax_api::twilio::Client;
use futures_util::stream::{BoxStream, StreamExt as _};

const VENDOR: Vendor = Vendor::Twilio;

fn error(error: fax_runtime::Error<TwilioError>) -> Error {
    from_runtime(VENDOR, error, |body| body.message.clone())
}

pub(super) async fn send(client: &Client, fax: &Fax) -> Result<SendAnswer, Error> {
    let Document::Url(url) = &fax.document else {
        return Err(Error::Unsupported {
            vendor: VENDOR,
            what: "an uploaded document (it fetches the document from a URL)",
        });
    };
    let mut request = CreateFaxRequest::new(&fax.to, url).from(&fax.from);
    if let Some(quality) = fax.quality {
        request = request.quality(match quality {
            Quality::Standard => CreateFaxRequestQuality::Standard,
            Quality::Fine => CreateFaxRequestQuality::Fine,
            Quality::Superfine => CreateFaxRequestQuality::Superfine,
        });
    }
    if let Some(callback) = callback_with_reference(fax) {
        request = request.status_callback(callback);
    }
    let created = client.create_fax(request).send().await.map_err(error)?;
    let record = record(created)?;
    Ok(SendAnswer {
        id: record.id,
        status: record.status,
    })
}

pub(super) async fn fetch(client: &Client, id: &str) -> Result<FaxRecord, Error> {
    record(client.fetch_fax(id).send().await.map_err(error)?)
}

pub(super) async fn cancel(client: &Client, id: &str) -> Result<(), Error> {
    let body = UpdateFaxRequest::default().status(UpdateFaxRequestStatus::Canceled);
    let fax = client
        .update_fax(id)
        .body(body)
        .send()
        .await
        .map_err(error)?;
    super::confirm_canceled(VENDOR, &record(fax)?.status)
}

pub(super) fn list<'a>(
    client: &'a Client,
    filter: &ListFilter,
) -> BoxStream<'a, Result<FaxRecord, Error>> {
    let mut request = client.list_fax();
    if let Some(to) = &filter.to {
        request = request.to(to);
    }
    if let Some(from) = &filter.from {
        request = request.from(from);
    }
    if let Some(size) = filter.page_size {
        request = request.page_size(i64::from(size));
    }
    request
        .stream()
        .map(|item| item.map_err(error).and_then(record))
        .boxed()
}

/// A fax resource in this crate's shape. A fax without a SID names nothing
/// this crate could fetch again, so it is an unusable answer.
fn record(fax: TwilioFax) -> Result<FaxRecord, Error> {
    let id = fax
        .sid
        .and_then(|sid| FaxId::new(VENDOR, sid))
        .ok_or_else(|| super::missing_id(VENDOR, "sid"))?;
    let status = match &fax.status {
        Some(status) => FaxStatus::from_twilio(status),
        None => FaxStatus::new(FaxState::Unknown(String::new()), "", None),
    };
    Ok(FaxRecord {
        id,
        status,
        from: fax.from,
        to: fax.to,
        pages: pages_from_number(fax.num_pages),
        created_at: fax.date_created,
    })
}
