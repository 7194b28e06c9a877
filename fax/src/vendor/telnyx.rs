//! Telnyx: JSON with `media_url`, or a multipart upload, through a
//! connection (fax application); cancel with the `cancel` action.

use super::runtime_error::from_runtime;
use super::SendAnswer;
use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::record::{FaxRecord, ListFilter};
use crate::send::{Document, Fax, Quality};
use crate::status::FaxStatus;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use fax_api::telnyx::types::{
    Errors, Fax as TelnyxFax, Quality as TelnyxQuality, SendFaxMultipartRequest, SendFaxRequest,
};
use fax_api::telnyx::Client;
use futures_util::stream::{BoxStream, StreamExt as _};

const VENDOR: Vendor = Vendor::Telnyx;

fn error(error: fax_runtime::Error<Errors>) -> Error {
    from_runtime(VENDOR, error, |body| {
        let first = body.errors.first()?;
        Some(match &first.detail {
            Some(detail) => format!("{}: {detail}", first.title),
            None => first.title.clone(),
        })
    })
}

fn quality(quality: Quality) -> TelnyxQuality {
    match quality {
        Quality::Standard => TelnyxQuality::Normal,
        Quality::Fine => TelnyxQuality::High,
        Quality::Superfine => TelnyxQuality::VeryHigh,
    }
}

pub(super) async fn send(
    client: &Client,
    connection_id: &str,
    fax: &Fax,
) -> Result<SendAnswer, Error> {
    let sent = match &fax.document {
        Document::Url(url) => {
            let mut request = SendFaxRequest::new(connection_id, &fax.from, &fax.to).media_url(url);
            if let Some(q) = fax.quality {
                request = request.quality(quality(q));
            }
            if let Some(callback) = &fax.status_callback {
                request = request.webhook_url(callback);
            }
            if let Some(reference) = &fax.client_reference {
                request = request.client_state(STANDARD.encode(reference));
            }
            client.send_fax(request).send().await
        }
        Document::File(file) => {
            // The upload request has no webhook URL or client state field.
            if fax.status_callback.is_some() || fax.client_reference.is_some() {
                return Err(Error::Unsupported {
                    vendor: VENDOR,
                    what: "a status callback or client reference with an uploaded document \
                           (its upload request has no field for them)",
                });
            }
            let mut request =
                SendFaxMultipartRequest::new(connection_id, file.clone(), &fax.from, &fax.to);
            if let Some(q) = fax.quality {
                request = request.quality(quality(q));
            }
            client.send_fax_multipart(request).send().await
        }
    };
    let record = record(sent.map_err(error)?.data)?;
    Ok(SendAnswer {
        id: record.id,
        status: record.status,
    })
}

pub(super) async fn fetch(client: &Client, id: &str) -> Result<FaxRecord, Error> {
    record(client.get_fax(id).send().await.map_err(error)?.data)
}

pub(super) async fn cancel(client: &Client, id: &str) -> Result<(), Error> {
    let answer = client.cancel_fax(id).send().await.map_err(error)?;
    // `ok` is the one result that says the command was taken; the spec
    // leaves `result` optional, and an answer without it confirms nothing.
    let answered = match answer.data.result.as_deref() {
        Some("ok") => return Ok(()),
        Some(other) => format!("`{other}`"),
        None => "without a result".to_owned(),
    };
    Err(Error::Response {
        vendor: VENDOR,
        status: None,
        message: format!("the cancel command answered {answered}, not `ok`"),
    })
}

pub(super) fn list<'a>(
    client: &'a Client,
    filter: &ListFilter,
) -> BoxStream<'a, Result<FaxRecord, Error>> {
    let mut request = client.list_faxes();
    if let Some(to) = &filter.to {
        request = request.filter_to_eq(to);
    }
    if let Some(from) = &filter.from {
        request = request.filter_from_eq(from);
    }
    if let Some(size) = filter.page_size {
        request = request.page_size(i64::from(size));
    }
    request
        .stream()
        .map(|item| item.map_err(error).and_then(record))
        .boxed()
}

fn record(fax: TelnyxFax) -> Result<FaxRecord, Error> {
    let id = FaxId::new(VENDOR, fax.id).ok_or_else(|| super::missing_id(VENDOR, "id"))?;
    Ok(FaxRecord {
        id,
        // The fax resource carries no failure reason; `fax.failed` events do.
        status: FaxStatus::from_telnyx(&fax.status, None),
        from: fax.from,
        to: fax.to,
        pages: None,
        created_at: Some(fax.created_at),
    })
}
