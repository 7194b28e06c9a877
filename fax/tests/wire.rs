//! Send, fetch, cancel and list through each vendor against a mock server:
//! the exact request each vendor receives (method, path, query,
//! authentication, body) and what the answer becomes.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use common::*;
use fax_client::{
    Document, Error, FailureReason, Fax, FaxClient, FaxId, FaxState, ListFilter, Quality, Vendor,
};
use futures_util::TryStreamExt as _;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FORM: &str = "application/x-www-form-urlencoded";

fn fax() -> Fax {
    Fax::new(
        "+15551230000",
        "+15559870000",
        Document::url("https://example.com/invoice.pdf"),
    )
    .quality(Quality::Superfine)
    .status_callback("https://hooks.example.com/fax")
    .client_reference("invoice 1042")
}

async fn answer(server: &MockServer, verb: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

// ---------------------------------------------------------------- Twilio

#[tokio::test]
async fn twilio_send_posts_the_form_with_media_url() {
    let server = MockServer::start().await;
    let sid = "FX0123456789abcdef0123456789abcdef";
    answer(
        &server,
        "POST",
        "/v1/Faxes",
        ResponseTemplate::new(201).set_body_json(twilio_fax(sid, "queued")),
    )
    .await;
    let sent = FaxClient::new([twilio(&server)])
        .send(&fax())
        .await
        .unwrap();
    assert_eq!(sent.id.to_string(), format!("twilio:{sid}"));
    assert_eq!(sent.status.state, FaxState::Queued);
    assert!(sent.tried.is_empty());

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v1/Faxes");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "authorization"),
        Some(basic(TWILIO_SID, TWILIO_TOKEN).as_str())
    );
    assert_eq!(header(&request, "content-type"), Some(FORM));
    assert_eq!(
        form(&request),
        pairs(&[
            ("To", "+15551230000"),
            ("From", "+15559870000"),
            ("MediaUrl", "https://example.com/invoice.pdf"),
            ("Quality", "superfine"),
            (
                "StatusCallback",
                "https://hooks.example.com/fax?client_reference=invoice%201042"
            ),
        ])
    );
}

#[tokio::test]
async fn twilio_fetch_and_cancel() {
    let server = MockServer::start().await;
    let sid = "FX0123456789abcdef0123456789abcdef";
    let at = format!("/v1/Faxes/{sid}");
    answer(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(twilio_fax(sid, "no-answer")),
    )
    .await;
    answer(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(200).set_body_json(twilio_fax(sid, "canceled")),
    )
    .await;
    let client = FaxClient::new([twilio(&server)]);
    let id = FaxId::new(Vendor::Twilio, sid).unwrap();

    let record = client.fetch(&id).await.unwrap();
    assert_eq!(record.id, id);
    assert_eq!(
        record.status.state,
        FaxState::Failed(FailureReason::NoAnswer)
    );
    assert_eq!(record.status.vendor_status, "no-answer");
    assert_eq!(record.pages, Some(2));
    assert_eq!(record.to.as_deref(), Some("+14155554321"));

    client.cancel(&id).await.unwrap();

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].url.path()),
        ("GET", at.as_str())
    );
    assert!(seen[0].body.is_empty());
    assert_eq!(
        (seen[1].method.as_str(), seen[1].url.path()),
        ("POST", at.as_str())
    );
    assert_eq!(header(&seen[1], "content-type"), Some(FORM));
    assert_eq!(form(&seen[1]), pairs(&[("Status", "canceled")]));
    for request in &seen {
        assert_eq!(
            header(request, "authorization"),
            Some(basic(TWILIO_SID, TWILIO_TOKEN).as_str())
        );
    }
}

#[tokio::test]
async fn a_cancel_the_vendor_answers_without_canceling_is_an_error() {
    let server = MockServer::start().await;
    let sid = "FX0123456789abcdef0123456789abcdef";
    answer(
        &server,
        "POST",
        &format!("/v1/Faxes/{sid}"),
        ResponseTemplate::new(200).set_body_json(twilio_fax(sid, "sending")),
    )
    .await;
    let id = FaxId::new(Vendor::Twilio, sid).unwrap();
    let error = FaxClient::new([twilio(&server)])
        .cancel(&id)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Response { .. }), "{error:?}");
    assert!(error.to_string().contains("sending"), "{error}");
}

#[tokio::test]
async fn a_telnyx_cancel_answered_without_ok_is_an_error() {
    // `result` is optional in the spec; only `ok` says the command was taken.
    for data in [json!({}), json!({"result": "pending"})] {
        let server = MockServer::start().await;
        answer(
            &server,
            "POST",
            "/faxes/t1/actions/cancel",
            ResponseTemplate::new(202).set_body_json(json!({ "data": data })),
        )
        .await;
        let id = FaxId::new(Vendor::Telnyx, "t1").unwrap();
        let error = FaxClient::new([telnyx(&server)])
            .cancel(&id)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Response { .. }), "{data}: {error:?}");
        assert!(error.to_string().contains("not `ok`"), "{error}");
    }
}

#[tokio::test]
async fn twilio_list_follows_the_next_page_link() {
    let server = MockServer::start().await;
    let page = |sids: &[&str], next: Option<&str>| {
        json!({
            "faxes": sids.iter().map(|sid| twilio_fax(sid, "delivered")).collect::<Vec<_>>(),
            "meta": {"next_page_url": next, "page_size": 2, "key": "faxes"}
        })
    };
    Mock::given(method("GET"))
        .and(path("/v1/Faxes"))
        .and(query_param("PageToken", "PA1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["FX3"], None)))
        .with_priority(1)
        .mount(&server)
        .await;
    let next = "https://fax.twilio.com/v1/Faxes?To=%2B15551230000&PageSize=2&Page=1&PageToken=PA1";
    answer(
        &server,
        "GET",
        "/v1/Faxes",
        ResponseTemplate::new(200).set_body_json(page(&["FX1", "FX2"], Some(next))),
    )
    .await;
    let client = FaxClient::new([twilio(&server)]);
    let filter = ListFilter::default().to("+15551230000").page_size(2);
    let records: Vec<_> = client.list(&filter).try_collect().await.unwrap();
    let ids: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["twilio:FX1", "twilio:FX2", "twilio:FX3"]);
    assert!(records
        .iter()
        .all(|r| r.status.state == FaxState::Delivered));

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        query(&seen[0]),
        [
            ("To".to_owned(), "+15551230000".to_owned()),
            ("PageSize".to_owned(), "2".to_owned())
        ]
    );
    assert_eq!(seen[1].url.path(), "/v1/Faxes");
    assert_eq!(
        seen[1].url.query(),
        Some("To=%2B15551230000&PageSize=2&Page=1&PageToken=PA1")
    );
}

#[tokio::test]
async fn a_list_whose_next_page_repeats_ends_with_an_error_after_its_items() {
    let server = MockServer::start().await;
    let itself = format!("{}/v1/Faxes", server.uri());
    answer(
        &server,
        "GET",
        "/v1/Faxes",
        ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX1", "queued")],
            "meta": {"next_page_url": itself}
        })),
    )
    .await;
    let client = FaxClient::new([twilio(&server)]);
    let items: Vec<_> = futures_util::StreamExt::collect(client.list(&ListFilter::default())).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id.to_string(), "twilio:FX1");
    let error = items[1].as_ref().unwrap_err();
    assert!(
        matches!(
            error,
            Error::Pagination {
                vendor: Vendor::Twilio,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

// ---------------------------------------------------------------- Telnyx

#[tokio::test]
async fn telnyx_send_posts_json_with_the_connection() {
    let server = MockServer::start().await;
    let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
    answer(
        &server,
        "POST",
        "/faxes",
        ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax(id, "queued")})),
    )
    .await;
    let sent = FaxClient::new([telnyx(&server)])
        .send(&fax())
        .await
        .unwrap();
    assert_eq!(sent.id.to_string(), format!("telnyx:{id}"));
    assert_eq!(sent.status.state, FaxState::Queued);

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/faxes");
    assert_eq!(
        header(&request, "authorization"),
        Some(format!("Bearer {TELNYX_KEY}").as_str())
    );
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({
            "connection_id": TELNYX_CONNECTION,
            "from": "+15559870000",
            "to": "+15551230000",
            "media_url": "https://example.com/invoice.pdf",
            "quality": "very_high",
            "webhook_url": "https://hooks.example.com/fax",
            "client_state": STANDARD.encode("invoice 1042"),
        })
    );
}

#[tokio::test]
async fn telnyx_send_uploads_a_document_given_as_bytes() {
    let server = MockServer::start().await;
    let id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
    answer(
        &server,
        "POST",
        "/faxes",
        ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax(id, "queued")})),
    )
    .await;
    let document = Document::bytes(b"%PDF-1.4 fax".to_vec(), "invoice.pdf");
    let fax = Fax::new("+15551230000", "+15559870000", document);
    let sent = FaxClient::new([telnyx(&server)]).send(&fax).await.unwrap();
    assert_eq!(sent.id.vendor(), Vendor::Telnyx);

    let request = only_request(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("POST", "/faxes")
    );
    let content_type = header(&request, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let body = String::from_utf8_lossy(&request.body);
    let parts: Vec<&str> = body
        .split(&format!("--{boundary}"))
        .map(str::trim)
        .filter(|part| !part.is_empty() && *part != "--")
        .collect();
    let part = |name: &str| {
        parts
            .iter()
            .find(|p| p.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("no part {name} in {body}"))
            .rsplit("\r\n\r\n")
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(parts.len(), 4, "{body}");
    assert_eq!(part("connection_id"), TELNYX_CONNECTION);
    assert_eq!(part("from"), "+15559870000");
    assert_eq!(part("to"), "+15551230000");
    assert_eq!(part("contents"), "%PDF-1.4 fax");
    assert!(body.contains("filename=\"invoice.pdf\""), "{body}");
}

#[tokio::test]
async fn telnyx_fetch_and_cancel() {
    let server = MockServer::start().await;
    let fax_id = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
    answer(
        &server,
        "GET",
        &format!("/faxes/{fax_id}"),
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": telnyx_fax(fax_id, "media.processed")})),
    )
    .await;
    answer(
        &server,
        "POST",
        &format!("/faxes/{fax_id}/actions/cancel"),
        ResponseTemplate::new(202).set_body_json(json!({"data": {"result": "ok"}})),
    )
    .await;
    let client = FaxClient::new([telnyx(&server)]);
    let id: FaxId = format!("telnyx:{fax_id}").parse().unwrap();

    let record = client.fetch(&id).await.unwrap();
    assert_eq!(record.status.state, FaxState::Processing);
    assert_eq!(record.status.vendor_status, "media.processed");
    assert_eq!(record.from.as_deref(), Some("+123"));

    client.cancel(&id).await.unwrap();

    let seen = requests(&server).await;
    let lines: Vec<String> = seen
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        lines,
        [
            format!("GET /faxes/{fax_id}"),
            format!("POST /faxes/{fax_id}/actions/cancel")
        ]
    );
    for request in &seen {
        assert_eq!(
            header(request, "authorization"),
            Some(format!("Bearer {TELNYX_KEY}").as_str())
        );
        assert!(request.body.is_empty());
    }
}

#[tokio::test]
async fn telnyx_list_asks_for_each_page_number_up_to_the_last() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], number: i64| {
        json!({
            "data": ids.iter().map(|id| telnyx_fax(id, "delivered")).collect::<Vec<_>>(),
            "meta": {"page_number": number, "page_size": 2, "total_pages": 2, "total_results": 3}
        })
    };
    Mock::given(method("GET"))
        .and(path("/faxes"))
        .and(query_param("page[number]", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["c"], 2)))
        .with_priority(1)
        .mount(&server)
        .await;
    answer(
        &server,
        "GET",
        "/faxes",
        ResponseTemplate::new(200).set_body_json(page(&["a", "b"], 1)),
    )
    .await;
    let client = FaxClient::new([telnyx(&server)]);
    let filter = ListFilter::default()
        .from("+15559870000")
        .to("+15551230000")
        .page_size(2);
    let records: Vec<_> = client.list(&filter).try_collect().await.unwrap();
    let ids: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["telnyx:a", "telnyx:b", "telnyx:c"]);

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    let mut first = query(&seen[0]);
    first.sort();
    assert_eq!(
        first,
        pairs(&[
            ("filter[from][eq]", "+15559870000"),
            ("filter[to][eq]", "+15551230000"),
            ("page[number]", "1"),
            ("page[size]", "2"),
        ])
    );
    let mut second = query(&seen[1]);
    second.sort();
    assert_eq!(
        second,
        pairs(&[
            ("filter[from][eq]", "+15559870000"),
            ("filter[to][eq]", "+15551230000"),
            ("page[number]", "2"),
            ("page[size]", "2"),
        ])
    );
}

// ---------------------------------------------------------------- SignalWire

#[tokio::test]
async fn signalwire_send_posts_the_form_under_the_project() {
    let server = MockServer::start().await;
    let sid = "b3877c40-da60-4998-90ad-b792e98472fx";
    let at = format!("/Accounts/{SW_PROJECT}/Faxes");
    answer(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(201).set_body_json(signalwire_fax(sid, "queued")),
    )
    .await;
    let sent = FaxClient::new([signalwire(&server)])
        .send(&fax())
        .await
        .unwrap();
    assert_eq!(sent.id.to_string(), format!("signalwire:{sid}"));
    assert_eq!(sent.status.state, FaxState::Queued);

    let request = only_request(&server).await;
    assert_eq!(
        (request.method.as_str(), request.url.path()),
        ("POST", at.as_str())
    );
    assert_eq!(
        header(&request, "authorization"),
        Some(basic(SW_PROJECT, SW_TOKEN).as_str())
    );
    assert_eq!(header(&request, "content-type"), Some(FORM));
    assert_eq!(
        form(&request),
        pairs(&[
            ("MediaUrl", "https://example.com/invoice.pdf"),
            ("To", "+15551230000"),
            ("From", "+15559870000"),
            ("Quality", "superfine"),
            (
                "StatusCallback",
                "https://hooks.example.com/fax?client_reference=invoice%201042"
            ),
        ])
    );
}

#[tokio::test]
async fn signalwire_fetch_and_cancel() {
    let server = MockServer::start().await;
    let sid = "b3877c40-da60-4998-90ad-b792e98472fx";
    let at = format!("/Accounts/{SW_PROJECT}/Faxes/{sid}");
    let mut busy = signalwire_fax(sid, "busy");
    busy["error_code"] = json!("15001");
    busy["error_message"] = json!("The line was busy");
    answer(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(busy),
    )
    .await;
    answer(
        &server,
        "POST",
        &at,
        ResponseTemplate::new(200).set_body_json(signalwire_fax(sid, "canceled")),
    )
    .await;
    let client = FaxClient::new([signalwire(&server)]);
    let id = FaxId::new(Vendor::SignalWire, sid).unwrap();

    let record = client.fetch(&id).await.unwrap();
    assert_eq!(record.status.state, FaxState::Failed(FailureReason::Busy));
    assert_eq!(record.status.vendor_reason.as_deref(), Some("15001"));
    assert_eq!(record.pages, Some(3));

    client.cancel(&id).await.unwrap();

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[0].method.as_str(), seen[0].url.path()),
        ("GET", at.as_str())
    );
    assert_eq!(
        (seen[1].method.as_str(), seen[1].url.path()),
        ("POST", at.as_str())
    );
    assert_eq!(form(&seen[1]), pairs(&[("Status", "canceled")]));
    for request in &seen {
        assert_eq!(
            header(request, "authorization"),
            Some(basic(SW_PROJECT, SW_TOKEN).as_str())
        );
    }
}

#[tokio::test]
async fn signalwire_list_follows_next_page_uri() {
    let server = MockServer::start().await;
    let at = format!("/Accounts/{SW_PROJECT}/Faxes");
    let page = |sids: &[&str], next: Option<String>| {
        json!({
            "faxes": sids.iter().map(|sid| signalwire_fax(sid, "delivered")).collect::<Vec<_>>(),
            "next_page_uri": next,
            "page": 0,
            "page_size": 2
        })
    };
    Mock::given(method("GET"))
        .and(path(at.as_str()))
        .and(query_param("PageToken", "PA2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["S3"], None)))
        .with_priority(1)
        .mount(&server)
        .await;
    // Followed on the client's base URL, here the mock server's root (in
    // production the link's `/api/laml/2010-04-01` prefix is the base's path).
    let next = format!("{at}?PageSize=2&Page=1&PageToken=PA2");
    answer(
        &server,
        "GET",
        &at,
        ResponseTemplate::new(200).set_body_json(page(&["S1", "S2"], Some(next))),
    )
    .await;
    let client = FaxClient::new([signalwire(&server)]);
    let records: Vec<_> = client
        .list(&ListFilter::default().page_size(2))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<String> = records.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["signalwire:S1", "signalwire:S2", "signalwire:S3"]);

    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    assert_eq!(query(&seen[0]), pairs(&[("PageSize", "2")]));
    assert!(seen[1].url.query().unwrap().contains("PageToken=PA2"));
    for request in &seen {
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(
            header(request, "authorization"),
            Some(basic(SW_PROJECT, SW_TOKEN).as_str())
        );
    }
}

// ---------------------------------------------------------------- across vendors

#[tokio::test]
async fn a_document_a_vendor_cannot_take_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let document = Document::bytes(b"%PDF".to_vec(), "a.pdf");
    let fax = Fax::new("+15551230000", "+15559870000", document);
    for provider in [twilio(&server), signalwire(&server)] {
        let vendor = provider.vendor();
        let error = FaxClient::new([provider]).send(&fax).await.unwrap_err();
        let Error::NotSent { attempts, .. } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(attempts.len(), 1);
        assert!(
            matches!(attempts[0].error, Error::Unsupported { vendor: v, .. } if v == vendor),
            "{error:?}"
        );
        assert!(!error.may_have_been_sent());
    }
    // Telnyx takes the upload, but not with a callback its upload cannot carry.
    let with_callback = fax.clone().status_callback("https://hooks.example.com/fax");
    let error = FaxClient::new([telnyx(&server)])
        .send(&with_callback)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("telnyx cannot take"), "{error}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn list_walks_every_account_and_fetch_goes_to_the_ids_vendor() {
    let twilio_server = MockServer::start().await;
    let telnyx_server = MockServer::start().await;
    answer(
        &twilio_server,
        "GET",
        "/v1/Faxes",
        ResponseTemplate::new(200)
            .set_body_json(json!({"faxes": [twilio_fax("FX1", "sending")], "meta": {}})),
    )
    .await;
    answer(
        &telnyx_server,
        "GET",
        "/faxes",
        ResponseTemplate::new(200).set_body_json(json!({
            "data": [telnyx_fax("t1", "failed")],
            "meta": {"page_number": 1, "total_pages": 1}
        })),
    )
    .await;
    let client = FaxClient::new([twilio(&twilio_server), telnyx(&telnyx_server)]);
    let all: Vec<_> = client
        .list(&ListFilter::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<String> = all.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["twilio:FX1", "telnyx:t1"]);
    assert_eq!(all[1].status.state, FaxState::Failed(FailureReason::Other));

    let only: Vec<_> = client
        .list(&ListFilter::default().vendor(Vendor::Telnyx))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(only.len(), 1);
    assert_eq!(requests(&twilio_server).await.len(), 1);

    // A limit stops the listing, and the requests, once reached.
    let first: Vec<_> = client
        .list(&ListFilter::default().limit(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(requests(&twilio_server).await.len(), 2);
    // Telnyx's count is that of the two listings before: none for this one.
    assert_eq!(requests(&telnyx_server).await.len(), 2);

    let signalwire_id = FaxId::new(Vendor::SignalWire, "S1").unwrap();
    let error = client.fetch(&signalwire_id).await.unwrap_err();
    assert!(matches!(
        error,
        Error::NotConfigured {
            vendor: Vendor::SignalWire,
            ..
        }
    ));
}
