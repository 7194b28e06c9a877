//! Error statuses give `Error::Api` with the status, the vendor's error body
//! parsed into its type (the raw body kept either way) and the request id;
//! success statuses with bodies that do not decode give `Error::Decode` with
//! the status and an excerpt. No response makes anything panic.

mod common;

use common::*;
use fax_runtime::Error;
use serde_json::{json, Value};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn telnyx_422_gives_its_errors_parsed() {
    let body = fax_tests::payload("telnyx_error_422.json");
    let server = answering(ResponseTemplate::new(422).set_body_json(&body)).await;
    let error = telnyx(&server)
        .send_fax(fax_api::telnyx::types::SendFaxRequest::new("c", "+1", "+2"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::UNPROCESSABLE_ENTITY));
    let message = error.to_string();
    let Error::Api(api) = error else {
        panic!("expected Error::Api, got {message}")
    };
    assert_eq!(
        (api.operation, api.method.as_str(), api.path),
        ("send_fax", "POST", "/faxes")
    );
    let errors = api.body.expect("the Telnyx error body parses");
    assert_eq!(errors.errors[0].code, "422");
    assert_eq!(errors.errors[0].title, "Unprocessable Entity");
    assert_eq!(
        serde_json::from_str::<Value>(&api.raw_body).unwrap(),
        body,
        "raw body kept"
    );
    assert!(
        message.contains("send_fax") && message.contains("422"),
        "{message}"
    );
    assert!(message.contains("failed validation"), "{message}");
}

#[tokio::test]
async fn telnyx_401_example_with_meta_and_source_parses() {
    let body = fax_tests::payload("telnyx_error_401.json");
    let server = answering(ResponseTemplate::new(401).set_body_json(&body)).await;
    let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.status, 401);
    let errors = api.body.unwrap();
    assert_eq!(errors.errors[0].code, "10009");
    assert_eq!(
        errors.errors[0].meta.as_ref().unwrap().url.as_deref(),
        Some("https://developers.telnyx.com/docs/overview/errors/10009")
    );
}

#[tokio::test]
async fn signalwire_404_gives_its_error_parsed() {
    let body = json!({
        "code": 20404,
        "message": "The requested resource was not found",
        "more_info": "https://developer.signalwire.com/compatibility-api/reference/error-codes",
        "status": 404
    });
    let server = answering(ResponseTemplate::new(404).set_body_json(&body)).await;
    let error = signalwire(&server)
        .get_fax(SW_PROJECT, "FXmissing")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.path, "/Accounts/{AccountSid}/Faxes/{Sid}");
    let parsed = api.body.unwrap();
    assert_eq!((parsed.code, parsed.status), (20404, 404));
}

#[tokio::test]
async fn twilio_error_carries_body_and_request_id() {
    let body = json!({
        "code": 20404,
        "message": "The requested resource /Faxes/FX1 was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404
    });
    let server = answering(
        ResponseTemplate::new(404)
            .insert_header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef")
            .set_body_json(&body),
    )
    .await;
    let error = twilio(&server).fetch_fax("FX1").send().await.unwrap_err();
    assert_eq!(
        error.request_id(),
        Some("RQ0123456789abcdef0123456789abcdef")
    );
    let message = error.to_string();
    assert!(
        message.contains("RQ0123456789abcdef0123456789abcdef"),
        "{message}"
    );
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    let parsed = api.body.unwrap();
    assert_eq!(parsed.code, Some(20404));
    assert_eq!(
        parsed.more_info.as_deref(),
        Some("https://www.twilio.com/docs/errors/20404")
    );
}

#[tokio::test]
async fn an_error_body_that_does_not_parse_is_kept_raw() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = answering(
        ResponseTemplate::new(500)
            .insert_header("Twilio-Request-Id", "RQraw")
            .set_body_string(html),
    )
    .await;
    let error = twilio(&server).fetch_fax("FX1").send().await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.status, 500);
    assert!(api.body.is_none());
    assert_eq!(api.raw_body, html);
    assert_eq!(api.request_id.as_deref(), Some("RQraw"));
}

#[tokio::test]
async fn an_error_body_of_the_wrong_shape_is_kept_raw() {
    // JSON, but not Telnyx's `{errors: [...]}`.
    let server = answering(
        ResponseTemplate::new(400).set_body_json(json!({"message": "bad", "errors": "nope"})),
    )
    .await;
    let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert!(api.body.is_none());
    assert!(api.raw_body.contains("\"nope\""));
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_is_a_decode_error() {
    let server = answering(
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_string("{\"data\": {\"id\": 42, \"oops\""),
    )
    .await;
    let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
    assert_eq!(error.status(), Some(http::StatusCode::OK));
    let message = error.to_string();
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode, got {message}")
    };
    assert_eq!(decode.operation, "get_fax");
    assert_eq!(decode.status, 200);
    assert_eq!(decode.excerpt, "{\"data\": {\"id\": 42, \"oops\"");
    assert!(
        message.contains("get_fax") && message.contains("200"),
        "{message}"
    );
}

#[tokio::test]
async fn a_success_with_valid_json_of_the_wrong_shape_is_a_decode_error() {
    // `id` is a number, and the required `status` is missing.
    let server =
        answering(ResponseTemplate::new(202).set_body_json(json!({"data": {"id": 5}}))).await;
    let error = telnyx(&server)
        .send_fax(fax_api::telnyx::types::SendFaxRequest::new("c", "+1", "+2"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Decode(d) if d.status == 202),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_huge_garbage_body_gives_a_short_excerpt() {
    let garbage = "x".repeat(2_000_000);
    let server = answering(ResponseTemplate::new(200).set_body_string(garbage)).await;
    let error = signalwire(&server)
        .get_fax(SW_PROJECT, "FX1")
        .send()
        .await
        .unwrap_err();
    let Error::Decode(decode) = error else {
        panic!("expected Error::Decode")
    };
    assert!(
        decode.excerpt.chars().count() <= 513,
        "{}",
        decode.excerpt.len()
    );
    assert!(decode.excerpt.starts_with("xxxx"));
    let error: Error<()> = Error::Decode(decode);
    assert!(error.to_string().len() < 2_000);
}

#[tokio::test]
async fn a_huge_error_body_is_kept_whole_but_displayed_short() {
    let garbage = "é".repeat(300_000);
    let server = answering(ResponseTemplate::new(503).set_body_string(garbage.clone())).await;
    let client = telnyx(&server).with_retry(fax_runtime::RetryPolicy::none());
    let error = client.get_fax("f").send().await.unwrap_err();
    assert!(error.to_string().len() < 4_000);
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.raw_body, garbage);
}

/// Every operation's parser against statuses and bodies of all kinds: a
/// 2xx gives `Ok` or `Error::Decode` with that status, anything else
/// `Error::Api` with that status, and nothing panics.
#[test]
fn no_response_makes_a_parser_panic() {
    use fax_api::{signalwire as sw, telnyx as tx, twilio as tw};
    let valid = serde_json::to_vec(&json!({"data": telnyx_fax("f")})).unwrap();
    let bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"   \r\n".to_vec(),
        b"null".to_vec(),
        b"{}".to_vec(),
        b"[]".to_vec(),
        b"\"text\"".to_vec(),
        b"{\"errors\": [{\"code\": \"1\", \"title\": \"t\"}]}".to_vec(),
        vec![0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80],
        vec![b'['; 100_000],
        "é".repeat(10_000).into_bytes(),
        valid,
    ];
    let statuses = [
        200u16, 201, 202, 204, 206, 299, 300, 301, 304, 400, 401, 403, 404, 409, 422, 429, 500,
        502, 503, 504, 599,
    ];
    fn check<T, E: std::fmt::Debug>(
        name: &str,
        status: u16,
        result: Result<T, fax_runtime::Error<E>>,
    ) {
        let success = (200..300).contains(&status);
        match result {
            Ok(_) => assert!(success, "{name}: Ok for {status}"),
            Err(Error::Decode(d)) => {
                assert!(success, "{name}: decode error for {status}");
                assert_eq!(d.status.as_u16(), status);
            }
            Err(Error::Api(a)) => {
                assert!(!success, "{name}: API error for {status}");
                assert_eq!(a.status.as_u16(), status);
            }
            Err(other) => panic!("{name}: {status}: unexpected {other:?}"),
        }
    }
    for status in statuses {
        for body in &bodies {
            let response = || {
                http::Response::builder()
                    .status(status)
                    .header("Twilio-Request-Id", "RQ1")
                    .body(body.clone())
                    .unwrap()
            };
            check(
                "tx list",
                status,
                tx::operations::ListFaxes::parse_response(response()),
            );
            check(
                "tx send",
                status,
                tx::operations::SendFax::parse_response(response()),
            );
            check(
                "tx get",
                status,
                tx::operations::GetFax::parse_response(response()),
            );
            check(
                "tx delete",
                status,
                tx::operations::DeleteFax::parse_response(response()),
            );
            check(
                "tx cancel",
                status,
                tx::operations::CancelFax::parse_response(response()),
            );
            check(
                "tx apps",
                status,
                tx::operations::ListFaxApplications::parse_response(response()),
            );
            check(
                "sw list",
                status,
                sw::operations::ListFaxes::parse_response(response()),
            );
            check(
                "sw get",
                status,
                sw::operations::GetFax::parse_response(response()),
            );
            check(
                "sw delete",
                status,
                sw::operations::DeleteFax::parse_response(response()),
            );
            check(
                "sw media",
                status,
                sw::operations::ListFaxMedia::parse_response(response()),
            );
            check(
                "tw list",
                status,
                tw::operations::ListFax::parse_response(response()),
            );
            check(
                "tw create",
                status,
                tw::operations::CreateFax::parse_response(response()),
            );
            check(
                "tw fetch",
                status,
                tw::operations::FetchFax::parse_response(response()),
            );
            check(
                "tw delete",
                status,
                tw::operations::DeleteFax::parse_response(response()),
            );
        }
    }
}

#[tokio::test]
async fn a_204_delete_ignores_any_body_and_an_empty_200_json_op_is_a_decode_error() {
    let server = answering(ResponseTemplate::new(204)).await;
    telnyx(&server).delete_fax("f").send().await.unwrap();
    let server = answering(ResponseTemplate::new(200)).await;
    let error = telnyx(&server).get_fax("f").send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode(d) if d.status == 200 && d.excerpt.is_empty()),
        "{error:?}"
    );
}
