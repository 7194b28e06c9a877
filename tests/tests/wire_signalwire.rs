//! Every SignalWire operation against a mock server: the exact request on
//! the wire (method, path under the space's `/api/laml/2010-04-01`, query,
//! basic `Authorization`, form body) and the typed result.

mod common;

use common::*;
use fax_api::signalwire::types::{
    FaxDirection, FaxQuality, FaxStatus, SendFaxRequest, StatusCallbackEvent, StatusCallbackMethod,
    StoreMedia, UpdateFaxRequest, UpdateFaxStatus,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FAX_SID: &str = "FX0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const MEDIA_SID: &str = "ME0123456789abcdef0123456789abcdef";
const FORM: &str = "application/x-www-form-urlencoded";

fn faxes() -> String {
    format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes")
}

async fn serve(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// Form pairs sorted, so the comparison is exact in content and count but
/// not in field order (lists keep their order: the sort is stable per key).
fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
}

fn media_page(next: Option<String>) -> serde_json::Value {
    json!({
        "uri": format!("{}/{FAX_SID}/Media?PageSize=50&Page=0", faxes()),
        "first_page_uri": format!("{}/{FAX_SID}/Media?PageSize=50&Page=0", faxes()),
        "next_page_uri": next,
        "previous_page_uri": null,
        "page": 0,
        "page_size": 50,
        "media": [signalwire_media(FAX_SID, MEDIA_SID)]
    })
}

#[tokio::test]
async fn list_faxes_sends_its_query_parameters() {
    let server = MockServer::start().await;
    let page = json!({
        "uri": format!("{}?PageSize=2&Page=1", faxes()),
        "first_page_uri": format!("{}?PageSize=2&Page=0", faxes()),
        "next_page_uri": null,
        "previous_page_uri": format!("{}?PageSize=2&Page=0", faxes()),
        "page": "1",
        "page_size": 2,
        "faxes": [signalwire_fax(FAX_SID)]
    });
    serve(
        &server,
        "GET",
        &faxes(),
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let listed = signalwire(&server)
        .list_faxes(SW_PROJECT)
        .page(1)
        .page_size(2)
        .page_token("PAabc")
        .date_created_after("2018-11-01T00:00:00Z")
        .date_created_on_or_before("2018-11-30T23:59:59Z")
        .from("+15556677888")
        .to("+15556677999")
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &faxes(),
        &[
            ("Page", "1"),
            ("PageSize", "2"),
            ("PageToken", "PAabc"),
            ("DateCreatedAfter", "2018-11-01T00:00:00Z"),
            ("DateCreatedOnOrBefore", "2018-11-30T23:59:59Z"),
            ("From", "+15556677888"),
            ("To", "+15556677999"),
        ],
        SW_AUTH,
        None,
    );
    assert_eq!(listed.page, Some(1));
    assert_eq!(listed.faxes.len(), 1);
    assert_eq!(listed.faxes[0].sid, FAX_SID);
    assert_eq!(listed.faxes[0].quality, Some(FaxQuality::Fine));
}

#[tokio::test]
async fn send_fax_posts_a_form() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        &faxes(),
        ResponseTemplate::new(200).set_body_json(signalwire_fax(FAX_SID)),
    )
    .await;
    let fax = signalwire(&server)
        .send_fax(
            SW_PROJECT,
            SendFaxRequest::new(
                "https://example.com/fax.pdf?a=1&b=2",
                "+15556677999",
                "+15556677888",
            )
            .quality(FaxQuality::Superfine)
            .status_callback("https://example.com/status")
            .status_callback_method(StatusCallbackMethod::Post)
            .status_callback_event(vec![
                StatusCallbackEvent::Initiated,
                StatusCallbackEvent::Completed,
            ])
            .store_media(StoreMedia::False)
            .ttl(30),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &faxes(), &[], SW_AUTH, Some(FORM));
    assert_eq!(
        sorted(form(&request.body)),
        sorted(pairs(&[
            ("MediaUrl", "https://example.com/fax.pdf?a=1&b=2"),
            ("To", "+15556677999"),
            ("From", "+15556677888"),
            ("Quality", "superfine"),
            ("StatusCallback", "https://example.com/status"),
            ("StatusCallbackMethod", "POST"),
            ("StatusCallbackEvent", "initiated"),
            ("StatusCallbackEvent", "completed"),
            ("StoreMedia", "false"),
            ("Ttl", "30"),
        ]))
    );
    // `&`, `=`, `+` and `:` inside values are escaped, not taken as separators.
    let body = String::from_utf8(request.body.clone()).unwrap();
    assert!(
        body.contains("MediaUrl=https%3A%2F%2Fexample.com%2Ffax.pdf%3Fa%3D1%26b%3D2"),
        "{body}"
    );
    assert!(body.contains("To=%2B15556677999"), "{body}");
    assert_eq!(fax.sid, FAX_SID);
    assert_eq!(fax.status, FaxStatus::Queued);
}

#[tokio::test]
async fn get_fax_reads_one_fax() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}", faxes());
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(signalwire_fax(FAX_SID)),
    )
    .await;
    let fax = signalwire(&server)
        .get_fax(SW_PROJECT, FAX_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &at, &[], SW_AUTH, None);
    assert_eq!(fax.sid, FAX_SID);
    assert_eq!(fax.direction, FaxDirection::Outbound);
    assert_eq!(fax.price, None);
}

#[tokio::test]
async fn update_fax_posts_status_canceled() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}", faxes());
    let mut canceled = signalwire_fax(FAX_SID);
    canceled["status"] = json!("canceled");
    serve(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(200).set_body_json(canceled),
    )
    .await;
    let fax = signalwire(&server)
        .update_fax(
            SW_PROJECT,
            FAX_SID,
            UpdateFaxRequest::new(UpdateFaxStatus::Canceled),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "POST", &at, &[], SW_AUTH, Some(FORM));
    assert_eq!(request.body, b"Status=canceled");
    assert_eq!(fax.status, FaxStatus::Canceled);
}

#[tokio::test]
async fn delete_fax_reads_204() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}", faxes());
    serve(&server, "DELETE", &at, ResponseTemplate::new(204)).await;
    signalwire(&server)
        .delete_fax(SW_PROJECT, FAX_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "DELETE", &at, &[], SW_AUTH, None);
}

#[tokio::test]
async fn list_fax_media_sends_paging_parameters() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}/Media", faxes());
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(media_page(None)),
    )
    .await;
    let listed = signalwire(&server)
        .list_fax_media(SW_PROJECT, FAX_SID)
        .page(0)
        .page_size(50)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(
        &request,
        "GET",
        &at,
        &[("Page", "0"), ("PageSize", "50")],
        SW_AUTH,
        None,
    );
    let media = listed.media.unwrap();
    assert_eq!(media[0].sid, MEDIA_SID);
    assert_eq!(media[0].content_type, "application/pdf");
}

#[tokio::test]
async fn get_fax_media_reads_one_media_record() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}/Media/{MEDIA_SID}", faxes());
    serve(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(signalwire_media(FAX_SID, MEDIA_SID)),
    )
    .await;
    let media = signalwire(&server)
        .get_fax_media(SW_PROJECT, FAX_SID, MEDIA_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "GET", &at, &[], SW_AUTH, None);
    assert_eq!(media.sid, MEDIA_SID);
    assert_eq!(media.fax_sid, FAX_SID);
}

#[tokio::test]
async fn delete_fax_media_reads_204() {
    let server = MockServer::start().await;
    let at = format!("{}/{FAX_SID}/Media/{MEDIA_SID}", faxes());
    serve(&server, "DELETE", &at, ResponseTemplate::new(204)).await;
    signalwire(&server)
        .delete_fax_media(SW_PROJECT, FAX_SID, MEDIA_SID)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_request(&request, "DELETE", &at, &[], SW_AUTH, None);
}

#[test]
fn default_base_url_is_the_space() {
    let client = fax_api::signalwire::Client::new(
        "acme",
        fax_runtime::Credentials::basic(SW_PROJECT, SW_TOKEN),
    );
    let request = client
        .get_fax(SW_PROJECT, FAX_SID)
        .to_http_request()
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!(
            "https://acme.signalwire.com/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes/{FAX_SID}"
        )
    );
    assert_eq!(
        request.headers()["authorization"].to_str().unwrap(),
        SW_AUTH
    );
}
