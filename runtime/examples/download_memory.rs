//! Peak memory of a large download, read whole or streamed. Serves
//! `SIZE_MIB` MiB (default 256) from 127.0.0.1 and fetches it once:
//!
//! ```text
//! cargo build --release -p fax-runtime --example download_memory
//! /usr/bin/time -v target/release/examples/download_memory buffered 256
//! /usr/bin/time -v target/release/examples/download_memory streamed 256
//! /usr/bin/time -v target/release/examples/download_memory none 256
//! ```
//! and read "Maximum resident set size". `none` serves without fetching: the
//! process's own baseline. Add `unsized` to send no `Content-Length`.

use fax_runtime::{ApiClient, Credentials, Error, Limits, Operation};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

static FETCH: Operation = Operation {
    id: "fetch_document",
    method: fax_runtime::http::Method::GET,
    path: "/document",
    request_id_header: None,
    security: &[
        &[fax_runtime::SecurityScheme::bearer("bearer")],
        &[fax_runtime::SecurityScheme::basic("basic")],
    ],
};

/// Serves `len` bytes to each connection, 64 KiB at a time.
async fn serve(len: u64, sized: bool) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = if sized {
                    format!("HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\ncontent-length: {len}\r\n\r\n")
                } else {
                    "HTTP/1.1 200 OK\r\ncontent-type: application/pdf\r\nconnection: close\r\n\r\n"
                        .to_owned()
                };
                socket.write_all(head.as_bytes()).await.unwrap();
                let block = vec![b'%'; 64 * 1024];
                let mut left = len;
                while left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    if socket.write_all(&block[..n]).await.is_err() {
                        return;
                    }
                    left -= n as u64;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::main]
async fn main() -> Result<(), Error<serde_json::Value>> {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map(String::as_str).unwrap_or("streamed");
    let mib: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(256);
    let sized = !args.iter().any(|a| a == "unsized");
    let len = mib * 1024 * 1024;
    let base = serve(len, sized).await;
    let client = ApiClient::new(&base, Credentials::bearer("token"))
        .with_timeout(None)
        .with_limits(Limits {
            max_response_bytes: 2 * len,
            ..Limits::default()
        });
    let request = || {
        fax_runtime::http::Request::get(format!("{base}/document"))
            .body(Vec::new())
            .unwrap()
    };
    let received = match mode {
        "buffered" => client
            .execute::<serde_json::Value>(&FETCH, request())
            .await?
            .into_body()
            .len() as u64,
        "streamed" => {
            let mut download = client
                .download::<serde_json::Value>(&FETCH, request())
                .await?;
            while download.chunk().await?.is_some() {}
            download.received()
        }
        _ => 0,
    };
    println!("{mode}: {received} bytes of {len}");
    Ok(())
}
