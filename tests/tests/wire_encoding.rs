//! Parameters on the wire: path segments that cannot change the path, query
//! arrays, Telnyx's deepObject filters, RFC 3339 date-times, form bodies
//! (repeated keys, booleans, enums) and multipart uploads from bytes and files.

mod common;

use common::*;
use fax_api::telnyx::types::{
    DateTimeRangeFilter, FaxFilter, PhoneNumberFilter, Quality, SendFaxMultipartRequest,
};
use fax_runtime::encode::{Body, Query};
use fax_runtime::{ApiClient, Credentials, FilePart, Operation};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A bare HTTP/1.1 server on 127.0.0.1 that records each request line as
/// the client wrote it (no URL parser in between, so dot segments and
/// percent-encoding are seen exactly) and answers `body` with 200.
async fn raw_server(body: String) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (lines, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let lines = lines.clone();
            let body = body.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&head);
                let _ = lines.send(text.lines().next().unwrap_or_default().to_owned());
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (format!("http://{address}"), received)
}

/// Decodes `%XX` escapes (and nothing else).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Values that would change the path if they were pasted in as they are.
const HOSTILE_IDS: &[&str] = &[
    "a/b",
    "x?y=1",
    "#frag",
    "../../fax_applications",
    "..%2F",
    "%2F",
    "a b+c",
    "fax é",
];

/// Values that are dot segments (or nothing) once a URL parser reads the
/// path: `%2E%2E` is `..` to WHATWG URL parsers, reqwest's included.
const DOT_IDS: &[&str] = &["..", ".", ""];

/// The one segment after `prefix` in a request line's target, if the
/// target still starts with `prefix`.
fn segment_after<'a>(request_line: &'a str, prefix: &str) -> Option<&'a str> {
    request_line
        .strip_prefix("GET ")
        .and_then(|rest| rest.strip_suffix(" HTTP/1.1"))
        .and_then(|target| target.strip_prefix(prefix))
}

/// Sends `get_fax(id)` for each id to a raw server and lists the ids whose
/// request did not name exactly `/faxes/{one segment holding the id}`. An id
/// the builder refuses (`Error::Build`) is fine: nothing is sent.
async fn ids_that_escape_their_segment(ids: &[&str]) -> Vec<String> {
    let fax = json!({"data": telnyx_fax("x")}).to_string();
    let (base, mut lines) = raw_server(fax).await;
    let client = fax_api::telnyx::Client::new(Credentials::bearer(TELNYX_KEY))
        .with_base_url(&base)
        .with_retry(fax_runtime::RetryPolicy::none());
    let mut failures = Vec::new();
    for &id in ids {
        let built = client.get_fax(id).to_http_request();
        // Refusing to build is a safe answer; sending it elsewhere is not.
        if let Err(fax_runtime::Error::Build(_)) = built {
            continue;
        }
        let built = built.unwrap_or_else(|e| panic!("{id:?}: {e}"));
        let built_path = built.uri().path().to_owned();
        if let Err(e) = client.get_fax(id).send().await {
            failures.push(format!("{id:?}: sending failed: {e}"));
            continue;
        }
        let line = lines.recv().await.unwrap();
        let one_segment = segment_after(&line, "/faxes/").is_some_and(|segment| {
            let decoded = percent_decode(segment);
            !segment.contains(['/', '?', '#'])
                && decoded == id
                && !matches!(decoded.as_str(), "" | "." | "..")
        });
        if !one_segment {
            failures.push(format!(
                "{id:?}: built {built_path}, sent `{line}`: not one segment holding the value"
            ));
        }
    }
    failures
}

#[tokio::test]
async fn hostile_path_values_stay_one_segment_on_the_wire() {
    let failures = ids_that_escape_their_segment(HOSTILE_IDS).await;
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn dot_segment_and_empty_path_values_are_refused_or_kept() {
    let failures = ids_that_escape_their_segment(DOT_IDS).await;
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn a_dot_dot_media_sid_never_deletes_the_fax() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let result = twilio(&server)
        .delete_fax_media("FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "..")
        .send()
        .await;
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert!(
        matches!(result, Err(fax_runtime::Error::Build(_))) && sent.is_empty(),
        "expected a build error and nothing sent, got {result:?} after {sent:?}"
    );
}

#[test]
fn hostile_path_values_are_percent_encoded_in_the_built_request() {
    let client = fax_api::signalwire::Client::new("example", Credentials::basic("p", "t"));
    let request = client
        .get_fax_media("a/b", "x?y", "#z")
        .to_http_request()
        .unwrap();
    assert_eq!(
        request.uri().path(),
        "/api/laml/2010-04-01/Accounts/a%2Fb/Faxes/x%3Fy/Media/%23z"
    );
    assert_eq!(request.uri().query(), None);
}

static CUSTOM: Operation = Operation {
    id: "custom",
    method: fax_runtime::http::Method::GET,
    path: "/things",
    request_id_header: None,
    security: &[
        &[fax_runtime::SecurityScheme::bearer("bearer")],
        &[fax_runtime::SecurityScheme::basic("basic")],
    ],
};

#[tokio::test]
async fn query_arrays_repeat_the_key_in_order() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let api = ApiClient::new(server.uri(), Credentials::bearer(TELNYX_KEY));
    let mut params = Query::new();
    params.push_each("Status", &["queued", "sending", "a&b=c"]);
    params
        .push_value("Tag", &vec!["x y".to_owned(), "+1".to_owned()])
        .unwrap();
    params.push_value("Flag", &true).unwrap();
    params.push_value("Missing", &Option::<i32>::None).unwrap();
    let request = api
        .build_request::<()>(&CUSTOM, "/things", &params, &[], Body::Empty)
        .unwrap();
    api.execute::<()>(&CUSTOM, request).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[
            ("Status", "queued"),
            ("Status", "sending"),
            ("Status", "a&b=c"),
            ("Tag", "x y"),
            ("Tag", "+1"),
            ("Flag", "true"),
        ])
    );
}

#[tokio::test]
async fn deep_object_filter_with_every_date_time_bound_in_rfc3339() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let plus_one = time::UtcOffset::from_hms(1, 0, 0).unwrap();
    let at = |seconds: i64, nanos: i128| {
        time::OffsetDateTime::from_unix_timestamp_nanos(seconds as i128 * 1_000_000_000 + nanos)
            .unwrap()
    };
    // 2026-11-01T00:00:00Z is 1_793_491_200.
    // Generated structs are `#[non_exhaustive]`: built with `default()` and setters.
    let filter = FaxFilter::default()
        .created_at(
            DateTimeRangeFilter::default()
                .gt(at(1_793_491_200, 0))
                .gte(at(1_793_491_200, 500_000_000).to_offset(plus_one))
                .lt(at(1_793_491_200 + 86_400, 123_456_789))
                .lte(at(1_793_491_200 + 86_400, 0).to_offset(-plus_one)),
        )
        .from(PhoneNumberFilter::default().eq("+13125550100"));
    telnyx(&server)
        .list_faxes()
        .filter(filter)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[
            ("filter[created_at][gt]", "2026-11-01T00:00:00Z"),
            ("filter[created_at][gte]", "2026-11-01T01:00:00.5+01:00"),
            ("filter[created_at][lt]", "2026-11-02T00:00:00.123456789Z"),
            ("filter[created_at][lte]", "2026-11-01T23:00:00-01:00"),
            ("filter[from][eq]", "+13125550100"),
        ])
    );
    // Brackets, colons and `+` are escaped on the wire.
    let raw = request.url.query().unwrap();
    assert!(
        raw.starts_with("filter%5Bcreated_at%5D%5Bgt%5D=2026-11-01T00%3A00%3A00Z&"),
        "{raw}"
    );
    assert!(
        raw.ends_with("filter%5Bfrom%5D%5Beq%5D=%2B13125550100"),
        "{raw}"
    );
}

#[tokio::test]
async fn form_lists_repeat_the_key_and_booleans_and_enums_are_words() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(twilio_fax("FX1")))
        .mount(&server)
        .await;
    // Twilio: a boolean property is `true`/`false`.
    twilio(&server)
        .create_fax(
            fax_api::twilio::types::CreateFaxRequest::new("+1415", "https://e.x/a.pdf")
                .store_media(true),
        )
        .send()
        .await
        .unwrap();
    // SignalWire: `StoreMedia` is a string enum of `true`/`false`, and
    // `StatusCallbackEvent` a list sent as one field per value.
    use fax_api::signalwire::types::{SendFaxRequest, StatusCallbackEvent, StoreMedia};
    let sw_server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(signalwire_fax("FX2")))
        .mount(&sw_server)
        .await;
    signalwire(&sw_server)
        .send_fax(
            SW_PROJECT,
            SendFaxRequest::new("https://e.x/a.pdf", "+1555", "+1444")
                .status_callback_event(vec![
                    StatusCallbackEvent::Ringing,
                    StatusCallbackEvent::Answered,
                    StatusCallbackEvent::Completed,
                ])
                .store_media(StoreMedia::True),
        )
        .send()
        .await
        .unwrap();

    let twilio_form = form(&only_request(&server).await.body);
    assert!(twilio_form.contains(&("StoreMedia".into(), "true".into())));
    let sw_form = form(&only_request(&sw_server).await.body);
    let events: Vec<&str> = sw_form
        .iter()
        .filter(|(k, _)| k == "StatusCallbackEvent")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(events, ["ringing", "answered", "completed"]);
    assert!(sw_form.contains(&("StoreMedia".into(), "true".into())));
    assert!(
        !sw_form.iter().any(|(k, _)| k == "Quality" || k == "Ttl"),
        "unset options are left out: {sw_form:?}"
    );
}

#[tokio::test]
async fn form_fields_follow_the_spec_property_order() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(201).set_body_json(twilio_fax("FX1")))
        .mount(&server)
        .await;
    twilio(&server)
        .create_fax(
            fax_api::twilio::types::CreateFaxRequest::new("+1415", "https://e.x/a.pdf")
                .from("+1416")
                .ttl(5),
        )
        .send()
        .await
        .unwrap();
    let body = only_request(&server).await.body;
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "To=%2B1415&MediaUrl=https%3A%2F%2Fe.x%2Fa.pdf&From=%2B1416&Ttl=5"
    );
}

async fn upload(file: FilePart) -> (String, Vec<Part>) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"data": telnyx_fax("x")})))
        .mount(&server)
        .await;
    telnyx(&server)
        .send_fax_multipart(
            SendFaxMultipartRequest::new("conn", file, "+1", "+2")
                .monochrome(true)
                .t38_enabled(false)
                .quality(Quality::Normal),
        )
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").unwrap().to_owned();
    let parts = multipart(&content_type, &request.body);
    (content_type, parts)
}

#[tokio::test]
async fn multipart_file_part_from_bytes_defaults_its_name_and_type() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let (content_type, parts) = upload(FilePart::from_bytes(bytes.clone())).await;
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    let names: Vec<&str> = parts
        .iter()
        .map(|p| p.header("content-disposition").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "form-data; name=\"connection_id\"",
            "form-data; name=\"contents\"; filename=\"file\"",
            "form-data; name=\"from\"",
            "form-data; name=\"to\"",
            "form-data; name=\"quality\"",
            "form-data; name=\"monochrome\"",
            "form-data; name=\"t38_enabled\"",
        ]
    );
    assert_eq!(
        parts[1].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(parts[1].content, bytes, "binary content arrives unchanged");
    let texts: Vec<&[u8]> = parts.iter().map(|p| p.content.as_slice()).collect();
    assert_eq!(texts[4..], [&b"normal"[..], b"true", b"false"]);
}

#[tokio::test]
async fn multipart_file_part_from_a_file_takes_its_name_and_media_type() {
    let path = std::env::temp_dir().join(format!(
        "fax-wire-{}-{}.PDF",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let bytes = b"%PDF-1.7\r\n1 0 obj\r\n%%EOF\r\n".to_vec();
    std::fs::write(&path, &bytes).unwrap();
    let file = FilePart::from_path(&path);
    std::fs::remove_file(&path).unwrap();
    let (_, parts) = upload(file.unwrap()).await;
    let name = path.file_name().unwrap().to_str().unwrap();
    assert_eq!(
        parts[1].header("content-disposition"),
        Some(format!("form-data; name=\"contents\"; filename=\"{name}\"").as_str())
    );
    assert_eq!(parts[1].header("content-type"), Some("application/pdf"));
    assert_eq!(parts[1].content, bytes);
    assert!(
        FilePart::from_path(&path).is_err(),
        "a missing file is an error"
    );
}

#[tokio::test]
async fn multipart_file_name_cannot_break_out_of_its_header() {
    let file = FilePart::from_bytes(b"x".to_vec())
        .file_name("evil\"; name=\"to\"\r\nX-Injected: 1.pdf")
        .content_type("image/tiff");
    let (_, parts) = upload(file).await;
    assert_eq!(parts.len(), 7);
    assert_eq!(
        parts[1].header("content-disposition"),
        Some("form-data; name=\"contents\"; filename=\"evil%22; name=%22to%22%0D%0AX-Injected: 1.pdf\"")
    );
    assert_eq!(parts[1].header("x-injected"), None);
    assert_eq!(parts[1].header("content-type"), Some("image/tiff"));
}

#[tokio::test]
async fn deep_object_leaf_setters_write_the_same_keys() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    telnyx(&server)
        .list_faxes()
        .filter_direction_eq(fax_api::telnyx::types::Direction::Outbound)
        .filter_to_eq("+13125550199")
        .page_size(50)
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        query(&request),
        pairs(&[
            ("filter[direction][eq]", "outbound"),
            ("filter[to][eq]", "+13125550199"),
            ("page[size]", "50"),
        ])
    );
}
