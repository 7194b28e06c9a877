//! SignalWire's compatibility API: a form body under the project (the
//! account SID) and space; cancel by setting `Status=canceled`.

use super::runtime_error::from_runtime;
use super::SendAnswer;
use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::record::{pages_from_text, FaxRecord, ListFilter};
use crate::send::{callback_with_reference, Document, Fax, Quality};
use crate::status::{error_reason, FaxStatus};
use fax_api::signalwire::types::{
    Error as SignalWireError, Fax as SignalWireFax, FaxQuality, SendFaxRequest, UpdateFaxRequest,
    UpdateFaxStatus,
};
use fax_api::signalwire::Client;
use futures_util::stream::{BoxStream, StreamExt as _};

const VENDOR: Vendor = Vendor::SignalWire;

fn error(error: fax_runtime::Error<SignalWireError>) -> Error {
    from_runtime(VENDOR, error, |body| Some(body.message.clone()))
}

pub(super) async fn send(client: &Client, project: &str, fax: &Fax) -> Result<SendAnswer, Error> {
    let Document::Url(url) = &fax.document else {
        return Err(Error::Unsupported {
            vendor: VENDOR,
            what: "an uploaded document (it fetches the document from a URL)",
        });
    };
    let mut request = SendFaxRequest::new(url, &fax.to, &fax.from);
    if let Some(quality) = fax.quality {
        request = request.quality(match quality {
            Quality::Standard => FaxQuality::Standard,
            Quality::Fine => FaxQuality::Fine,
            Quality::Superfine => FaxQuality::Superfine,
        });
    }
    if let Some(callback) = callback_with_reference(fax) {
        request = request.status_callback(callback);
    }
    let sent = client
        .send_fax(project, request)
        .send()
        .await
        .map_err(error)?;
    let record = record(sent)?;
    Ok(SendAnswer {
        id: record.id,
        status: record.status,
    })
}

pub(super) async fn fetch(client: &Client, project: &str, id: &str) -> Result<FaxRecord, Error> {
    record(client.get_fax(project, id).send().await.map_err(error)?)
}

pub(super) async fn cancel(client: &Client, project: &str, id: &str) -> Result<(), Error> {
    let body = UpdateFaxRequest::new(UpdateFaxStatus::Canceled);
    let fax = client
        .update_fax(project, id, body)
        .send()
        .await
        .map_err(error)?;
    super::confirm_canceled(VENDOR, &record(fax)?.status)
}

pub(super) fn list<'a>(
    client: &'a Client,
    project: &str,
    filter: &ListFilter,
) -> BoxStream<'a, Result<FaxRecord, Error>> {
    let mut request = client.list_faxes(project);
    if let Some(to) = &filter.to {
        request = request.to(to);
    }
    if let Some(from) = &filter.from {
        request = request.from(from);
    }
    if let Some(size) = filter.page_size {
        request = request.page_size(i32::try_from(size).unwrap_or(i32::MAX));
    }
    request
        .stream()
        .map(|item| item.map_err(error).and_then(record))
        .boxed()
}

fn record(fax: SignalWireFax) -> Result<FaxRecord, Error> {
    let id = FaxId::new(VENDOR, fax.sid).ok_or_else(|| super::missing_id(VENDOR, "sid"))?;
    Ok(FaxRecord {
        id,
        status: FaxStatus {
            vendor_reason: error_reason(&fax.error_code, &fax.error_message),
            ..FaxStatus::from_signalwire(&fax.status)
        },
        from: Some(fax.from),
        to: Some(fax.to),
        pages: pages_from_text(fax.num_pages.as_deref()),
        created_at: Some(fax.date_created),
    })
}
