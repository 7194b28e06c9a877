//! The webhook receiver over loopback: correctly signed requests get 2xx,
//! forged ones 4xx, for each vendor, both in-process and as the binary.

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use fax_client::WebhookVerifier;
use fax_examples::{serve, Config, Limits};
use fax_runtime::webhook::{signalwire, telnyx, twilio};
use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// RFC 8032 section 7.1, TEST 1: the secret key.
const TELNYX_SECRET: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
const TELNYX_PUBLIC_B64: &str = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
const TWILIO_TOKEN: &str = "twilio-test-token";
const SIGNALWIRE_KEY: &str = "PSK_test_signing_key";
const PUBLIC_URL: &str = "https://fax.example.com";

const TELNYX_BODY: &str = r#"{"data":{"event_type":"fax.delivered","id":"0ccc7b54-4df3-4bcb-a65a-3da1ecc997d7","occurred_at":"2020-05-05T09:59:12Z","payload":{"fax_id":"b679e4e3-9e8b-4c1e-9a73-4d1e1b4f1234","status":"delivered","page_count":2},"record_type":"event"},"meta":{"attempt":1}}"#;
const STATUS_BODY: &str = "AccountSid=AC123&FaxSid=FX123&FaxStatus=delivered&NumPages=2\
                           &From=%2B15550001111&To=%2B15550002222";
const INBOUND_BODY: &str = "AccountSid=AC123&FaxSid=FX456&From=%2B15550001111&To=%2B15550002222";

struct Answer {
    status: u16,
    body: String,
}

/// One HTTP/1.1 POST over a fresh connection, read to the end.
async fn post(addr: SocketAddr, path: &str, headers: &[(&str, String)], body: &str) -> Answer {
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Answer { status, body }
}

fn telnyx_headers(body: &str, timestamp: u64) -> Vec<(&'static str, String)> {
    let message = format!("{timestamp}|{body}");
    let signature = SigningKey::from_bytes(&TELNYX_SECRET).sign(message.as_bytes());
    vec![
        ("Content-Type", "application/json".into()),
        (
            "telnyx-signature-ed25519",
            base64::prelude::BASE64_STANDARD.encode(signature.to_bytes()),
        ),
        ("telnyx-timestamp", timestamp.to_string()),
    ]
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

fn form_headers(name: &'static str, signature: String) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Type", "application/x-www-form-urlencoded".into()),
        (name, signature),
    ]
}

async fn start(config: Config) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(serve(listener, config));
    addr
}

fn full_config() -> Config {
    Config {
        verifier: WebhookVerifier::new()
            .telnyx(telnyx::PublicKey::from_base64(TELNYX_PUBLIC_B64).unwrap())
            .twilio(twilio::AuthToken::new(TWILIO_TOKEN))
            .signalwire(signalwire::SigningKey::new(SIGNALWIRE_KEY)),
        public_url: Some(PUBLIC_URL.into()),
        limits: Limits::default(),
    }
}

#[tokio::test]
async fn telnyx_signed_is_accepted_and_forged_is_refused() {
    let addr = start(full_config()).await;
    let signed = telnyx_headers(TELNYX_BODY, now());
    assert_eq!(
        post(addr, "/telnyx", &signed, TELNYX_BODY).await.status,
        200
    );

    let forged = TELNYX_BODY.replace("\"delivered\"", "\"failed\"");
    let answer = post(addr, "/telnyx", &signed, &forged).await;
    assert_eq!(answer.status, 401, "{}", answer.body);

    let replayed = telnyx_headers(TELNYX_BODY, now() - 3600);
    let answer = post(addr, "/telnyx", &replayed, TELNYX_BODY).await;
    assert_eq!(answer.status, 401, "{}", answer.body);
    assert!(answer.body.contains("replay"), "{}", answer.body);

    let unsigned = [("Content-Type", "application/json".to_owned())];
    assert_eq!(
        post(addr, "/telnyx", &unsigned, TELNYX_BODY).await.status,
        400
    );
}

#[tokio::test]
async fn twilio_signed_is_accepted_and_forged_is_refused() {
    let addr = start(full_config()).await;
    let token = twilio::AuthToken::new(TWILIO_TOKEN);
    // Twilio signs the public URL it called, not the loopback address.
    let url = format!("{PUBLIC_URL}/twilio?fax=1");
    let signature = twilio::sign(&url, STATUS_BODY.as_bytes(), &token).unwrap();
    let headers = form_headers("X-Twilio-Signature", signature.clone());
    assert_eq!(
        post(addr, "/twilio?fax=1", &headers, STATUS_BODY)
            .await
            .status,
        204
    );

    let forged = STATUS_BODY.replace("delivered", "failed");
    assert_eq!(
        post(addr, "/twilio?fax=1", &headers, &forged).await.status,
        401
    );
    // The same signature on another path (as a forger would reuse it) fails.
    assert_eq!(
        post(addr, "/twilio?fax=2", &headers, STATUS_BODY)
            .await
            .status,
        401
    );

    let inbound_url = format!("{PUBLIC_URL}/twilio");
    let signature = twilio::sign(&inbound_url, INBOUND_BODY.as_bytes(), &token).unwrap();
    let answer = post(
        addr,
        "/twilio",
        &form_headers("X-Twilio-Signature", signature),
        INBOUND_BODY,
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("<Receive/>"), "{}", answer.body);

    let garbage = form_headers("X-Twilio-Signature", "not base64".into());
    assert_eq!(
        post(addr, "/twilio", &garbage, STATUS_BODY).await.status,
        400
    );
}

#[tokio::test]
async fn signalwire_signed_is_accepted_and_forged_is_refused() {
    let addr = start(full_config()).await;
    let key = signalwire::SigningKey::new(SIGNALWIRE_KEY);
    let url = format!("{PUBLIC_URL}/signalwire");
    let signature = signalwire::sign(&url, STATUS_BODY.as_bytes(), &key).unwrap();
    let headers = form_headers("X-SignalWire-Signature", signature);
    assert_eq!(
        post(addr, "/signalwire", &headers, STATUS_BODY)
            .await
            .status,
        204
    );

    // Signed with the Twilio token instead of the Signing Key.
    let wrong = twilio::sign(
        &url,
        STATUS_BODY.as_bytes(),
        &twilio::AuthToken::new(TWILIO_TOKEN),
    );
    let headers = form_headers("X-SignalWire-Signature", wrong.unwrap());
    assert_eq!(
        post(addr, "/signalwire", &headers, STATUS_BODY)
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn a_vendor_without_a_key_is_not_served() {
    let addr = start(Config::default()).await;
    let signed = telnyx_headers(TELNYX_BODY, now());
    assert_eq!(
        post(addr, "/telnyx", &signed, TELNYX_BODY).await.status,
        503
    );
}

#[tokio::test]
async fn the_binary_verifies_over_loopback() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_webhook_receiver"))
        .args(["--port", "0"])
        .env(fax_examples::TELNYX_PUBLIC_KEY, TELNYX_PUBLIC_B64)
        .env_remove(fax_examples::TWILIO_AUTH_TOKEN)
        .env_remove(fax_examples::SIGNALWIRE_SIGNING_KEY)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the receiver");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = lines
        .next_line()
        .await
        .expect("read")
        .expect("a first line");
    let addr: SocketAddr = first
        .strip_prefix("listening on http://")
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));
    assert!(addr.ip().is_loopback());

    let signed = telnyx_headers(TELNYX_BODY, now());
    assert_eq!(
        post(addr, "/telnyx", &signed, TELNYX_BODY).await.status,
        200
    );
    let forged = TELNYX_BODY.replace("page_count\":2", "page_count\":3");
    assert_eq!(post(addr, "/telnyx", &signed, &forged).await.status, 401);
    assert_eq!(post(addr, "/twilio", &[], STATUS_BODY).await.status, 503);
    child.kill().await.expect("stop the receiver");
}

// ------------------------------------------------ limits against hostile callers

/// Longest any of the tests below waits for the server, so that a receiver
/// without the limit under test fails the test instead of hanging it.
const GUARD: Duration = Duration::from_secs(20);

fn limited(limits: Limits) -> Config {
    Config {
        limits,
        ..full_config()
    }
}

/// Opens a connection and writes `bytes`: a request that may be unfinished.
async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(bytes).await.expect("send");
    stream
}

/// The status of the answer on `stream`, or `None` when the server closed
/// the connection without one; panics when nothing happens within [`GUARD`].
async fn answer_status(stream: &mut TcpStream) -> Option<u16> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    tokio::time::timeout(GUARD, async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
            if received.windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
    })
    .await
    .expect("the server neither answered nor closed the connection");
    let text = String::from_utf8_lossy(&received);
    text.split(' ').nth(1).and_then(|code| code.parse().ok())
}

/// Request headers for `path` with a `Content-Length` and `extra` headers,
/// ending the header block: the body is up to the caller.
fn head(path: &str, content_length: usize, extra: &[(&str, String)]) -> String {
    let mut text = format!(
        "POST {path} HTTP/1.1\r\nHost: fax.example.com\r\nContent-Length: {content_length}\r\n"
    );
    for (name, value) in extra {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text
}

fn signature_headers(path: &str) -> Vec<(&'static str, String)> {
    match path {
        "/telnyx" => telnyx_headers(TELNYX_BODY, now()),
        "/twilio" => form_headers("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
        _ => form_headers(
            "X-SignalWire-Signature",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into(),
        ),
    }
}

#[tokio::test]
async fn an_oversized_content_length_is_refused_without_reading_the_body() {
    let addr = start(limited(Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    }))
    .await;
    for path in ["/telnyx", "/twilio", "/signalwire"] {
        // Ten megabytes announced, not one byte of them sent.
        let mut stream = send_raw(
            addr,
            head(path, 10_000_000, &signature_headers(path)).as_bytes(),
        )
        .await;
        assert_eq!(answer_status(&mut stream).await, Some(413), "{path}");
    }
}

#[tokio::test]
async fn a_body_growing_past_the_limit_while_streaming_is_cut_off() {
    let addr = start(limited(Limits {
        max_body_bytes: 1024,
        ..Limits::default()
    }))
    .await;
    let mut request = String::from(
        "POST /telnyx HTTP/1.1\r\nHost: fax.example.com\r\nTransfer-Encoding: chunked\r\n",
    );
    for (name, value) in signature_headers("/telnyx") {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = send_raw(addr, request.as_bytes()).await;
    // 4 KiB in 512-byte chunks, no length announced; the server may stop
    // reading once past the limit, so a failed write is expected.
    let chunk = format!("200\r\n{}\r\n", "x".repeat(512));
    for _ in 0..8 {
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    assert_eq!(answer_status(&mut stream).await, Some(413));
}

#[tokio::test]
async fn a_request_without_its_signature_header_is_refused_before_its_body_is_sent() {
    let addr = start(full_config()).await;
    for path in ["/telnyx", "/twilio", "/signalwire"] {
        // Headers announce a body that never comes; the answer comes anyway.
        let unsigned = [("Content-Type", "application/json".to_owned())];
        let mut stream = send_raw(addr, head(path, 10_000, &unsigned).as_bytes()).await;
        assert_eq!(answer_status(&mut stream).await, Some(400), "{path}");
    }
    // The same with `Expect: 100-continue`: refused before the client is
    // told to send the body.
    let expect = [("Expect", "100-continue".to_owned())];
    let mut stream = send_raw(addr, head("/twilio", 10_000, &expect).as_bytes()).await;
    assert_eq!(answer_status(&mut stream).await, Some(400));
}

#[tokio::test]
async fn a_connection_that_never_finishes_its_headers_is_closed() {
    let timeout = Duration::from_secs(1);
    let addr = start(limited(Limits {
        header_read_timeout: timeout,
        ..Limits::default()
    }))
    .await;
    for partial in [&b"POST /telnyx HTTP/1.1\r\nHost: fax.exa"[..], &b""[..]] {
        let started = Instant::now();
        let mut stream = send_raw(addr, partial).await;
        let status = answer_status(&mut stream).await;
        let waited = started.elapsed();
        // Closed, with a 408 or with nothing; never served.
        assert!(matches!(status, None | Some(408)), "{status:?}");
        assert!(
            waited >= timeout,
            "closed after {waited:?}, before the timeout"
        );
        println!(
            "stalled connection ({} bytes sent) closed after {waited:?}",
            partial.len()
        );
    }
}

#[tokio::test]
async fn a_body_that_stalls_gets_408() {
    let timeout = Duration::from_secs(1);
    let addr = start(limited(Limits {
        request_timeout: timeout,
        ..Limits::default()
    }))
    .await;
    let started = Instant::now();
    let mut request = head("/telnyx", 500, &signature_headers("/telnyx"));
    request.push_str("{\"data\":");
    let mut stream = send_raw(addr, request.as_bytes()).await;
    assert_eq!(answer_status(&mut stream).await, Some(408));
    println!("stalled body answered 408 after {:?}", started.elapsed());
}

#[tokio::test]
async fn past_the_in_flight_limit_a_request_gets_503_at_once() {
    let addr = start(limited(Limits {
        max_in_flight: 2,
        ..Limits::default()
    }))
    .await;
    // Two requests whose bodies never finish hold both places.
    let stalled_head = head("/telnyx", 500, &signature_headers("/telnyx"));
    let mut stalled = Vec::new();
    for _ in 0..2 {
        stalled.push(send_raw(addr, stalled_head.as_bytes()).await);
    }
    // Once the server has taken both in, a third is shed. (Until then it may
    // be taken in itself and stall; so each try is its own stalled request.)
    let shed = tokio::time::timeout(GUARD, async {
        loop {
            let mut third = send_raw(addr, stalled_head.as_bytes()).await;
            let status =
                tokio::time::timeout(Duration::from_millis(500), answer_status(&mut third)).await;
            match status {
                Ok(Some(503)) => break,
                _ => stalled.push(third),
            }
        }
    })
    .await;
    assert!(shed.is_ok(), "no request was shed with two in flight");
    // Ending the stalled requests frees the places.
    drop(stalled);
    let served = tokio::time::timeout(GUARD, async {
        loop {
            let answer = post(
                addr,
                "/telnyx",
                &telnyx_headers(TELNYX_BODY, now()),
                TELNYX_BODY,
            )
            .await;
            if answer.status == 200 {
                break;
            }
            assert_eq!(answer.status, 503, "{}", answer.body);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(
        served.is_ok(),
        "places were not freed when the requests ended"
    );
}
