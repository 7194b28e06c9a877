//! Every Twilio operation against a mock server: the exact request on the
//! wire (method, path, query, basic `Authorization`, form body) and the
//! typed result.

mod common;

use common::*;
use fax_api::twilio::types::{
    CreateFaxRequest, CreateFaxRequestQuality, FaxQuality, FaxStatus, UpdateFaxRequest,
    UpdateFaxRequestStatus,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FAX_SID: &str = "FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const MEDIA_SID: &str = "MEbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const FORM: &str = "application/x-www-form-urlencoded";

async fn serve(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

#[tokio::test]
async fn list_fax_sends_filters_with_rfc3339_date_times() {
    let server = MockServer::start().await;
    let page = json!({
        "faxes": [twilio_fax(FAX_SID)],
        "meta": {
            "first_page_url": "https://fax.twilio.com/v1/Faxes?PageSize=20&Page=0",
            "key": "faxes",
            "next_page_url": null,
            "page": 0,
            "page_size": 20,
            "previous_page_url": null,
            "url": "https://fax.twilio.com/v1/Faxes?PageSize=20&Page=0"
        }
    });
    serve(
        &server,
        "GET",
        "/v1/Faxes",
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    // 2015-07-30T20:00:00Z and 2015-07-31T08:30:00.25+02:00
    let after = time::OffsetDateTime::from_unix_timestamp(1_438_286_400).unwrap();
    let before = time::OffsetDateTime::from_unix_timestamp_nanos(1_438_324_200_250_000_000)
        .unwrap()
        .to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
    let listed = twilio(&server)
        .list_fax()
        .from("+14155551234")
        .to("+14155554321")
        .date_created_on_or_before(before)
        .date_created_after(after)
        .page_size(20)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/v1/Faxes",
        &[
            ("From", "+14155551234"),
            ("To", "+14155554321"),
            ("DateCreatedOnOrBefore", "2015-07-31T08:30:00.25+02:00"),
            ("DateCreatedAfter", "2015-07-30T20:00:00Z"),
            ("PageSize", "20"),
        ],
        TWILIO_AUTH,
        None,
    );
    let faxes = listed.faxes.unwrap();
    assert_eq!(faxes[0].sid.as_deref(), Some(FAX_SID));
    assert_eq!(faxes[0].quality, Some(FaxQuality::Superfine));
}

#[tokio::test]
async fn create_fax_posts_a_form_and_reads_201() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/v1/Faxes",
        ResponseTemplate::new(201).set_body_json(twilio_fax(FAX_SID)),
    )
    .await;
    let fax = twilio(&server)
        .create_fax(
            CreateFaxRequest::new("+14155554321", "https://www.example.com/fax.pdf")
                .from("+14155551234")
                .quality(CreateFaxRequestQuality::Superfine)
                .status_callback("https://example.com/status?fax=1")
                .store_media(false)
                .ttl(60),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", "/v1/Faxes", &[], TWILIO_AUTH, Some(FORM));
    assert_eq!(
        sorted(form(&request.body)),
        sorted(pairs(&[
            ("To", "+14155554321"),
            ("MediaUrl", "https://www.example.com/fax.pdf"),
            ("From", "+14155551234"),
            ("Quality", "superfine"),
            ("StatusCallback", "https://example.com/status?fax=1"),
            ("StoreMedia", "false"),
            ("Ttl", "60"),
        ]))
    );
    assert_eq!(fax.sid.as_deref(), Some(FAX_SID));
    assert_eq!(fax.status, Some(FaxStatus::Queued));
}

#[tokio::test]
async fn list_fax_media_sends_page_size() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}/Media");
    let page = json!({
        "media": [twilio_media(FAX_SID, MEDIA_SID)],
        "meta": {"key": "media", "next_page_url": null, "page": 0, "page_size": 5}
    });
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let listed = twilio(&server)
        .list_fax_media(FAX_SID)
        .page_size(5)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &at,
        &[("PageSize", "5")],
        TWILIO_AUTH,
        None,
    );
    assert_eq!(listed.media.unwrap()[0].sid.as_deref(), Some(MEDIA_SID));
}

#[tokio::test]
async fn fetch_fax_media_reads_one_record() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}/Media/{MEDIA_SID}");
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(twilio_media(FAX_SID, MEDIA_SID)),
    )
    .await;
    let media = twilio(&server)
        .fetch_fax_media(FAX_SID, MEDIA_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &at, &[], TWILIO_AUTH, None);
    assert_eq!(media.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(media.fax_sid.as_deref(), Some(FAX_SID));
}

#[tokio::test]
async fn delete_fax_media_reads_204() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}/Media/{MEDIA_SID}");
    serve(&server, "DELETE", &at, ResponseTemplate::new(204)).await;
    twilio(&server)
        .delete_fax_media(FAX_SID, MEDIA_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "DELETE", &at, &[], TWILIO_AUTH, None);
}

#[tokio::test]
async fn fetch_fax_reads_one_fax() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}");
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(twilio_fax(FAX_SID)),
    )
    .await;
    let fax = twilio(&server).fetch_fax(FAX_SID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &at, &[], TWILIO_AUTH, None);
    assert_eq!(fax.sid.as_deref(), Some(FAX_SID));
    assert_eq!(
        fax.date_created.map(|d| d.unix_timestamp()),
        Some(1_438_286_400)
    );
}

#[tokio::test]
async fn update_fax_posts_status_canceled() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}");
    let mut canceled = twilio_fax(FAX_SID);
    canceled["status"] = json!("canceled");
    serve(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(200).set_body_json(canceled),
    )
    .await;
    let fax = twilio(&server)
        .update_fax(FAX_SID)
        .body(UpdateFaxRequest::default().status(UpdateFaxRequestStatus::Canceled))
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &at, &[], TWILIO_AUTH, Some(FORM));
    assert_eq!(request.body, b"Status=canceled");
    assert_eq!(fax.status, Some(FaxStatus::Canceled));
}

#[tokio::test]
async fn update_fax_without_a_body_sends_none() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}");
    serve(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(200).set_body_json(twilio_fax(FAX_SID)),
    )
    .await;
    twilio(&server).update_fax(FAX_SID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &at, &[], TWILIO_AUTH, None);
}

#[tokio::test]
async fn delete_fax_reads_204() {
    let server = MockServer::start().await;
    let at = format!("/v1/Faxes/{FAX_SID}");
    serve(&server, "DELETE", &at, ResponseTemplate::new(204)).await;
    twilio(&server).delete_fax(FAX_SID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "DELETE", &at, &[], TWILIO_AUTH, None);
}

#[test]
fn default_base_url_is_twilio_fax() {
    let client =
        fax_api::twilio::Client::new(fax_runtime::Credentials::basic(TWILIO_SID, TWILIO_TOKEN));
    let request = client.fetch_fax(FAX_SID).to_http_request().unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("https://fax.twilio.com/v1/Faxes/{FAX_SID}")
    );
    assert_eq!(
        request.headers()["authorization"].to_str().unwrap(),
        TWILIO_AUTH
    );
}
