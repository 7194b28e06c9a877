//! Response bodies have a size limit: a body announced or found larger than
//! `Limits::max_response_bytes` is an `Error::ResponseTooLarge` with its
//! status, read no further than the limit. Downloads stream instead: the
//! body comes in pieces, whatever its size, and a stalled one ends.

mod common;

use common::*;
use fax_runtime::{ApiClient, Credentials, Error, Limits, RetryPolicy};
use futures_util::TryStreamExt as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn limited(limit: u64) -> Limits {
    Limits {
        max_response_bytes: limit,
        ..Limits::default()
    }
}

/// A server on 127.0.0.1 that answers every connection with `head`, then
/// `body_len` bytes of spaces in 64 KiB writes, then closes the connection
/// (so the body's end is the connection's end when `head` names no length).
/// Returns its address and the number of body bytes it managed to write.
async fn raw_server(head: String, body_len: u64) -> (String, Arc<AtomicU64>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let written = Arc::new(AtomicU64::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let head = head.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let block = vec![b' '; 64 * 1024];
                let mut left = body_len;
                while left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    if socket.write_all(&block[..n]).await.is_err() {
                        return;
                    }
                    counter.fetch_add(n as u64, Ordering::Relaxed);
                    left -= n as u64;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), written)
}

fn close_delimited_head(status: u16) -> String {
    format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n")
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_refused_before_reading() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b' '; 5_000]))
        .mount(&server)
        .await;
    let client = twilio(&server).with_limits(limited(4_096));
    let error = client.fetch_fax("FX1").send().await.unwrap_err();
    let shown = error.to_string();
    let Error::ResponseTooLarge(large) = error else {
        panic!("expected Error::ResponseTooLarge, got {shown}")
    };
    assert_eq!(large.status, 200);
    assert_eq!(large.limit, 4_096);
    assert_eq!(large.content_length, Some(5_000));
    assert!(shown.contains("4096") && shown.contains("5000"), "{shown}");
}

#[tokio::test]
async fn a_body_without_length_is_cut_off_at_the_limit() {
    // 64 MiB announced by nobody; the client stops at 256 KiB.
    let (uri, written) = raw_server(close_delimited_head(200), 64 * 1024 * 1024).await;
    let client = fax_api::twilio::Client::new(Credentials::basic(TWILIO_SID, TWILIO_TOKEN))
        .with_base_url(uri)
        .with_limits(limited(256 * 1024));
    let error = client.fetch_fax("FX1").send().await.unwrap_err();
    assert!(
        matches!(&error, Error::ResponseTooLarge(l)
            if l.content_length.is_none() && l.limit == 256 * 1024 && l.status == 200),
        "{error}"
    );
    // The client hung up long before the end (socket buffers took some more).
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        written.load(Ordering::Relaxed) < 32 * 1024 * 1024,
        "{} bytes written",
        written.load(Ordering::Relaxed)
    );
}

#[tokio::test]
async fn the_default_limit_refuses_a_body_over_64_mib() {
    let (uri, _) = raw_server(close_delimited_head(200), 64 * 1024 * 1024 + 1).await;
    let client = fax_api::twilio::Client::new(Credentials::basic(TWILIO_SID, TWILIO_TOKEN))
        .with_base_url(uri);
    assert_eq!(client.api().limits().max_response_bytes, 64 * 1024 * 1024);
    let error = client.fetch_fax("FX1").send().await.unwrap_err();
    assert!(
        matches!(&error, Error::ResponseTooLarge(l) if l.limit == 64 * 1024 * 1024),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_at_the_limit_is_read() {
    let server = MockServer::start().await;
    let body = serde_json::to_vec(&twilio_fax("FX1")).unwrap();
    let size = body.len() as u64;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body))
        .mount(&server)
        .await;
    let fax = twilio(&server)
        .with_limits(limited(size))
        .fetch_fax("FX1")
        .send()
        .await
        .unwrap();
    assert_eq!(fax.sid.as_deref(), Some("FX1"));
    let error = twilio(&server)
        .with_limits(limited(size - 1))
        .fetch_fax("FX1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge(_)), "{error}");
}

#[tokio::test]
async fn an_error_status_with_a_huge_body_is_refused_once_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_bytes(vec![b'x'; 100_000]))
        .mount(&server)
        .await;
    let error = twilio(&server)
        .with_limits(limited(10_000))
        .with_retry(fast_retry(3))
        .fetch_fax("FX1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::ResponseTooLarge(l) if l.status == 503),
        "{error}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

fn document(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn runtime_client(server: &MockServer) -> ApiClient {
    ApiClient::new(server.uri(), Credentials::basic(TWILIO_SID, TWILIO_TOKEN))
        .with_retry(RetryPolicy::none())
}

#[tokio::test]
async fn a_download_streams_past_the_body_limit_in_pieces() {
    let server = MockServer::start().await;
    let pdf = document(3 * 1024 * 1024 + 17);
    Mock::given(path("/v1/Faxes/FX1/Media/ME1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/pdf")
                .set_body_bytes(pdf.clone()),
        )
        .mount(&server)
        .await;
    // The buffered limit is far below the document: downloads are not bound by it.
    let client = runtime_client(&server).with_limits(limited(1024));
    let url = format!("{}/v1/Faxes/FX1/Media/ME1", server.uri());

    let download = client.download_url(&url).await.unwrap();
    assert_eq!(download.content_type(), Some("application/pdf"));
    assert_eq!(download.content_length(), Some(pdf.len() as u64));
    let pieces: Vec<_> = download.into_stream().try_collect().await.unwrap();
    assert!(pieces.len() > 1, "one piece: the body was held whole");
    assert_eq!(pieces.concat(), pdf);

    let mut file = Vec::new();
    let written = client
        .download_url(&url)
        .await
        .unwrap()
        .write_to(&mut file)
        .await
        .unwrap();
    assert_eq!(written, pdf.len() as u64);
    assert_eq!(file, pdf);
}

#[tokio::test]
async fn a_download_sends_credentials_to_the_api_origin_only() {
    let api = MockServer::start().await;
    let storage = MockServer::start().await;
    for server in [&api, &storage] {
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_bytes(b"%PDF-1.4".to_vec()))
            .mount(server)
            .await;
    }
    let client = runtime_client(&api);
    for server in [&api, &storage] {
        let mut body = Vec::new();
        client
            .download_url(&format!("{}/media/ME1?signature=abc", server.uri()))
            .await
            .unwrap()
            .write_to(&mut body)
            .await
            .unwrap();
        assert_eq!(body, b"%PDF-1.4");
    }
    let at_api = api.received_requests().await.unwrap();
    let at_storage = storage.received_requests().await.unwrap();
    assert_eq!(header(&at_api[0], "authorization"), Some(TWILIO_AUTH));
    assert_eq!(header(&at_storage[0], "authorization"), None);
}

#[tokio::test]
async fn a_download_with_an_error_status_is_the_api_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "code": 20404, "message": "not found", "more_info": "", "status": 404
        })))
        .mount(&server)
        .await;
    let error = runtime_client(&server)
        .download_url(&format!("{}/media/ME404", server.uri()))
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected Error::Api")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.body.unwrap()["code"], 20404);
}

#[tokio::test]
async fn a_download_that_stalls_ends_with_a_transport_error() {
    // Headers and a first piece, then nothing, with the connection left open.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 1000000\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(&[0u8; 1000]).await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let client = ApiClient::new(format!("http://{address}"), Credentials::bearer(TELNYX_KEY))
        .with_retry(RetryPolicy::none())
        .with_timeout(Some(Duration::from_millis(300)));
    let mut download = client
        .download_url(&format!("http://{address}/media"))
        .await
        .unwrap();
    let mut received = 0;
    let error = loop {
        match download.chunk().await {
            Ok(Some(piece)) => received += piece.len(),
            Ok(None) => panic!("the body cannot end: 1000 of 1000000 bytes"),
            Err(error) => break error,
        }
    };
    assert_eq!(received, 1000);
    assert!(matches!(error, Error::Transport(_)), "{error}");
    assert!(error.to_string().contains("no body data within"), "{error}");
}
