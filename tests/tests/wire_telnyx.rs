//! Every Telnyx operation against a mock server: the exact request on the
//! wire (method, path, query, `Authorization`, content type, body) and the
//! typed result of the success status the spec declares.

mod common;

use common::*;
use fax_api::telnyx::types::{
    AnchorsiteOverride, ApplicationNameFilter, CreateFaxApplicationRequest, Direction,
    DirectionFilter, FaxApplicationFilter, FaxApplicationInbound, FaxApplicationPageParams,
    FaxApplicationSort, FaxFilter, FaxPageParams, FaxStatus, PhoneNumberFilter, Quality,
    SendFaxMultipartRequest, SendFaxRequest, UpdateFaxApplicationRequest,
};
use fax_runtime::FilePart;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FAX_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
const APP_ID: &str = "1293384261075731499";

async fn serve(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

fn json_body(request: &wiremock::Request) -> Value {
    serde_json::from_slice(&request.body).expect("JSON body")
}

#[tokio::test]
async fn list_faxes_sends_deep_object_filter_and_page() {
    let server = MockServer::start().await;
    let page = json!({
        "data": [telnyx_fax(FAX_ID)],
        "meta": {"page_number": 2, "page_size": 50, "total_pages": 3, "total_results": 101}
    });
    serve(
        &server,
        "GET",
        "/faxes",
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;

    let filter = FaxFilter::default()
        .created_at(
            // 2026-11-01T00:00:00Z
            fax_api::telnyx::types::DateTimeRangeFilter::default()
                .gte(time::OffsetDateTime::from_unix_timestamp(1_793_491_200).unwrap()),
        )
        .direction(DirectionFilter::default().eq(Direction::Outbound))
        .to(PhoneNumberFilter::default().eq("+13125550199"));
    let listed = telnyx(&server)
        .list_faxes()
        .filter(filter)
        .page(FaxPageParams::default().number(2).size(50))
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/faxes",
        &[
            ("filter[created_at][gte]", "2026-11-01T00:00:00Z"),
            ("filter[direction][eq]", "outbound"),
            ("filter[to][eq]", "+13125550199"),
            ("page[number]", "2"),
            ("page[size]", "50"),
        ],
        TELNYX_AUTH,
        None,
    );
    // `+` must travel percent-encoded, or the server reads a space.
    assert!(
        request.url.query().unwrap().contains("%2B13125550199"),
        "{}",
        request.url
    );
    assert_eq!(listed.data.len(), 1);
    assert_eq!(listed.data[0].id, FAX_ID);
    assert_eq!(listed.meta.unwrap().total_pages, Some(3));
}

#[tokio::test]
async fn list_faxes_without_parameters_sends_no_query() {
    let server = MockServer::start().await;
    let page = json!({"data": [], "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}});
    serve(
        &server,
        "GET",
        "/faxes",
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let listed = telnyx(&server).list_faxes().send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", "/faxes", &[], TELNYX_AUTH, None);
    assert_eq!(request.url.query(), None);
    assert!(listed.data.is_empty());
}

#[tokio::test]
async fn send_fax_posts_json_and_reads_202() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/faxes",
        ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax(FAX_ID)})),
    )
    .await;

    let sent = telnyx(&server)
        .send_fax(
            SendFaxRequest::new("234423", "+13125790015", "+13127367276")
                .media_url("https://example.com/doc.pdf")
                .quality(Quality::High)
                .monochrome(true)
                .black_threshold(95)
                .store_media(false),
        )
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/faxes",
        &[],
        TELNYX_AUTH,
        Some("application/json"),
    );
    // Exactly the fields set: absent options are left out, not sent as null.
    assert_eq!(
        json_body(&request),
        json!({
            "connection_id": "234423",
            "from": "+13125790015",
            "to": "+13127367276",
            "media_url": "https://example.com/doc.pdf",
            "quality": "high",
            "monochrome": true,
            "black_threshold": 95,
            "store_media": false
        })
    );
    assert_eq!(sent.data.id, FAX_ID);
    assert_eq!(sent.data.status, FaxStatus::Queued);
    assert_eq!(sent.data.quality, Some(Quality::High));
}

#[tokio::test]
async fn send_fax_multipart_uploads_contents_as_a_file_part() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/faxes",
        ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax(FAX_ID)})),
    )
    .await;
    let pdf = b"%PDF-1.4\n\x00\xff\r\n--not-a-boundary\r\n%%EOF".to_vec();
    let contents = FilePart::from_bytes(pdf.clone())
        .file_name("invoice.pdf")
        .content_type("application/pdf");

    let sent = telnyx(&server)
        .send_fax_multipart(
            SendFaxMultipartRequest::new("234423", contents, "+13125790015", "+13127367276")
                .quality(Quality::VeryHigh)
                .store_preview(true),
        )
        .send()
        .await
        .unwrap();

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").unwrap().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    assert_request(
        &request,
        "POST",
        "/faxes",
        &[],
        TELNYX_AUTH,
        Some(&content_type),
    );
    let parts = multipart(&content_type, &request.body);
    let summary: Vec<(Option<&str>, Option<&str>, Vec<u8>)> = parts
        .iter()
        .map(|p| {
            (
                p.header("content-disposition"),
                p.header("content-type"),
                p.content.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                Some("form-data; name=\"connection_id\""),
                None,
                b"234423".to_vec()
            ),
            (
                Some("form-data; name=\"contents\"; filename=\"invoice.pdf\""),
                Some("application/pdf"),
                pdf
            ),
            (
                Some("form-data; name=\"from\""),
                None,
                b"+13125790015".to_vec()
            ),
            (
                Some("form-data; name=\"to\""),
                None,
                b"+13127367276".to_vec()
            ),
            (
                Some("form-data; name=\"quality\""),
                None,
                b"very_high".to_vec()
            ),
            (
                Some("form-data; name=\"store_preview\""),
                None,
                b"true".to_vec()
            ),
        ]
    );
    assert_eq!(sent.data.id, FAX_ID);
}

#[tokio::test]
async fn get_fax_reads_one_fax() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        &format!("/faxes/{FAX_ID}"),
        ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_fax(FAX_ID)})),
    )
    .await;
    let fax = telnyx(&server).get_fax(FAX_ID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &format!("/faxes/{FAX_ID}"),
        &[],
        TELNYX_AUTH,
        None,
    );
    assert_eq!(fax.data.id, FAX_ID);
    assert_eq!(fax.data.direction, Direction::Outbound);
    assert_eq!(fax.data.created_at.unix_timestamp(), 1_588_672_752);
}

#[tokio::test]
async fn delete_fax_reads_204() {
    let server = MockServer::start().await;
    serve(
        &server,
        "DELETE",
        &format!("/faxes/{FAX_ID}"),
        ResponseTemplate::new(204),
    )
    .await;
    telnyx(&server).delete_fax(FAX_ID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "DELETE",
        &format!("/faxes/{FAX_ID}"),
        &[],
        TELNYX_AUTH,
        None,
    );
}

#[tokio::test]
async fn cancel_fax_posts_without_body_and_reads_202() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        &format!("/faxes/{FAX_ID}/actions/cancel"),
        ResponseTemplate::new(202).set_body_json(json!({"data": {"result": "ok"}})),
    )
    .await;
    let result = telnyx(&server).cancel_fax(FAX_ID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        &format!("/faxes/{FAX_ID}/actions/cancel"),
        &[],
        TELNYX_AUTH,
        None,
    );
    assert_eq!(result.data.result.as_deref(), Some("ok"));
}

#[tokio::test]
async fn refresh_fax_posts_without_body_and_reads_200() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        &format!("/faxes/{FAX_ID}/actions/refresh"),
        ResponseTemplate::new(200).set_body_json(json!({"data": {"result": "ok"}})),
    )
    .await;
    let result = telnyx(&server).refresh_fax(FAX_ID).send().await.unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        &format!("/faxes/{FAX_ID}/actions/refresh"),
        &[],
        TELNYX_AUTH,
        None,
    );
    assert_eq!(result.data.result.as_deref(), Some("ok"));
}

#[tokio::test]
async fn list_fax_applications_sends_page_filter_and_sort() {
    let server = MockServer::start().await;
    let page = json!({
        "data": [telnyx_app(APP_ID)],
        "meta": {"page_number": 1, "page_size": 10, "total_pages": 1, "total_results": 1}
    });
    serve(
        &server,
        "GET",
        "/fax_applications",
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let listed = telnyx(&server)
        .list_fax_applications()
        .page(FaxApplicationPageParams::default().number(1).size(10))
        .filter(
            FaxApplicationFilter::default()
                .application_name(ApplicationNameFilter::default().contains("fax router"))
                .outbound_voice_profile_id("1293384261075731499"),
        )
        .sort(FaxApplicationSort::CreatedAtDesc)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        "/fax_applications",
        &[
            ("page[number]", "1"),
            ("page[size]", "10"),
            ("filter[application_name][contains]", "fax router"),
            ("filter[outbound_voice_profile_id]", "1293384261075731499"),
            ("sort", "-created_at"),
        ],
        TELNYX_AUTH,
        None,
    );
    assert_eq!(listed.data[0].id, APP_ID);
    assert_eq!(
        listed.data[0].anchorsite_override,
        Some(AnchorsiteOverride::AmsterdamNetherlands)
    );
}

#[tokio::test]
async fn create_fax_application_posts_json_and_reads_201() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/fax_applications",
        ResponseTemplate::new(201).set_body_json(json!({"data": telnyx_app(APP_ID)})),
    )
    .await;
    let created = telnyx(&server)
        .create_fax_application(
            CreateFaxApplicationRequest::new("fax-router", "https://example.com/hooks")
                .active(false)
                .anchorsite_override(AnchorsiteOverride::AmsterdamNetherlands)
                .inbound(FaxApplicationInbound::default().channel_limit(10))
                .tags(vec!["billing".into(), "eu".into()]),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "POST",
        "/fax_applications",
        &[],
        TELNYX_AUTH,
        Some("application/json"),
    );
    assert_eq!(
        json_body(&request),
        json!({
            "application_name": "fax-router",
            "webhook_event_url": "https://example.com/hooks",
            "active": false,
            "anchorsite_override": "Amsterdam, Netherlands",
            "inbound": {"channel_limit": 10},
            "tags": ["billing", "eu"]
        })
    );
    assert_eq!(created.data.id, APP_ID);
    assert_eq!(created.data.application_name.as_deref(), Some("fax-router"));
}

#[tokio::test]
async fn get_fax_application_reads_one_application() {
    let server = MockServer::start().await;
    let at = format!("/fax_applications/{APP_ID}");
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_app(APP_ID)})),
    )
    .await;
    let app = telnyx(&server)
        .get_fax_application(APP_ID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &at, &[], TELNYX_AUTH, None);
    assert_eq!(app.data.id, APP_ID);
    assert_eq!(app.data.webhook_timeout_secs, Some(25));
}

#[tokio::test]
async fn delete_fax_application_reads_the_deleted_application() {
    let server = MockServer::start().await;
    let at = format!("/fax_applications/{APP_ID}");
    serve(
        &server,
        "DELETE",
        &at,
        ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_app(APP_ID)})),
    )
    .await;
    let app = telnyx(&server)
        .delete_fax_application(APP_ID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "DELETE", &at, &[], TELNYX_AUTH, None);
    assert_eq!(app.data.id, APP_ID);
}

#[tokio::test]
async fn update_fax_application_patches_json() {
    let server = MockServer::start().await;
    let at = format!("/fax_applications/{APP_ID}");
    serve(
        &server,
        "PATCH",
        &at,
        ResponseTemplate::new(200).set_body_json(json!({"data": telnyx_app(APP_ID)})),
    )
    .await;
    let app = telnyx(&server)
        .update_fax_application(
            APP_ID,
            UpdateFaxApplicationRequest::new("fax-router", "https://example.com/hooks")
                .webhook_timeout_secs(25)
                .fax_email_recipient("faxes@example.com"),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "PATCH",
        &at,
        &[],
        TELNYX_AUTH,
        Some("application/json"),
    );
    assert_eq!(
        json_body(&request),
        json!({
            "application_name": "fax-router",
            "webhook_event_url": "https://example.com/hooks",
            "webhook_timeout_secs": 25,
            "fax_email_recipient": "faxes@example.com"
        })
    );
    assert_eq!(app.data.id, APP_ID);
}

#[test]
fn requests_build_without_sending() {
    // Sans-IO: the same request, built for another HTTP stack.
    let client = fax_api::telnyx::Client::new(fax_runtime::Credentials::bearer(TELNYX_KEY));
    let request = client.get_fax(FAX_ID).to_http_request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        format!("https://api.telnyx.com/v2/faxes/{FAX_ID}")
    );
    assert_eq!(
        request.headers()["authorization"].to_str().unwrap(),
        TELNYX_AUTH
    );
    assert!(request.headers()["authorization"].is_sensitive());
    assert!(request.body().is_empty());

    let response = http::Response::builder()
        .status(200)
        .body(serde_json::to_vec(&json!({"data": telnyx_fax(FAX_ID)})).unwrap())
        .unwrap();
    let fax = fax_api::telnyx::operations::GetFax::parse_response(response).unwrap();
    assert_eq!(fax.data.id, FAX_ID);
}
