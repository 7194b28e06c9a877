//! What the generated models cost over hand-written serde: decoding a page of
//! 1,000 faxes with the generated Twilio types against a plain
//! `#[derive(Deserialize)]` struct of the same fields, in the same run; and
//! encoding a send-fax request as a form (Twilio) and as JSON (Telnyx).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde::Deserialize;
use std::hint::black_box;

/// The hand-written baseline: what one would write without a generator, with
/// the same fields and types (date-times parsed, enums as strings).
#[allow(dead_code)] // Fields are read by the decoder only.
mod baseline {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct Page {
        pub faxes: Vec<Fax>,
        pub meta: Meta,
    }

    #[derive(Deserialize)]
    pub struct Meta {
        pub next_page_url: Option<String>,
        pub page: i64,
        pub page_size: i64,
    }

    #[derive(Deserialize)]
    pub struct Fax {
        pub account_sid: Option<String>,
        pub api_version: Option<String>,
        #[serde(with = "time::serde::rfc3339::option")]
        pub date_created: Option<time::OffsetDateTime>,
        #[serde(with = "time::serde::rfc3339::option")]
        pub date_updated: Option<time::OffsetDateTime>,
        pub direction: Option<String>,
        pub duration: Option<i64>,
        pub from: Option<String>,
        pub links: Option<std::collections::BTreeMap<String, serde_json::Value>>,
        pub media_sid: Option<String>,
        pub media_url: Option<String>,
        pub num_pages: Option<i64>,
        pub price: Option<f64>,
        pub price_unit: Option<String>,
        pub quality: Option<String>,
        pub sid: Option<String>,
        pub status: Option<String>,
        pub to: Option<String>,
        pub url: Option<String>,
    }
}

fn fax(n: usize) -> serde_json::Value {
    serde_json::json!({
        "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "api_version": "v1",
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "2015-07-30T20:00:00.250Z",
        "direction": "outbound",
        "duration": 60,
        "from": "+14155551234",
        "links": {"media": format!("https://fax.twilio.com/v1/Faxes/FX{n:032}/Media")},
        "media_sid": format!("ME{n:032}"),
        "media_url": "https://www.example.com/fax.pdf",
        "num_pages": 3,
        "price": -0.0070,
        "price_unit": "USD",
        "quality": "superfine",
        "sid": format!("FX{n:032}"),
        "status": "delivered",
        "to": "+14155554321",
        "url": format!("https://fax.twilio.com/v1/Faxes/FX{n:032}")
    })
}

fn page_of_1000() -> String {
    let faxes: Vec<serde_json::Value> = (0..1000).map(fax).collect();
    serde_json::json!({
        "faxes": faxes,
        "meta": {
            "first_page_url": "https://fax.twilio.com/v1/Faxes?PageSize=1000&Page=0",
            "key": "faxes",
            "next_page_url": "https://fax.twilio.com/v1/Faxes?PageSize=1000&Page=1&PageToken=PA1",
            "page": 0,
            "page_size": 1000,
            "previous_page_url": null,
            "url": "https://fax.twilio.com/v1/Faxes?PageSize=1000&Page=0"
        }
    })
    .to_string()
}

fn decode(c: &mut Criterion) {
    let page = page_of_1000();
    let mut group = c.benchmark_group("decode_1000_faxes");
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("generated", |b| {
        b.iter(|| {
            let page: fax_api::twilio::types::ListFaxResponse =
                serde_json::from_str(black_box(&page)).expect("decodes");
            page
        })
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| {
            let page: baseline::Page = serde_json::from_str(black_box(&page)).expect("decodes");
            page
        })
    });
    group.finish();
}

fn encode(c: &mut Criterion) {
    use fax_api::{telnyx, twilio};
    let form = twilio::types::CreateFaxRequest::new("+14155554321", "https://example.com/fax.pdf")
        .from("+14155551234")
        .quality(twilio::types::CreateFaxRequestQuality::Fine)
        .status_callback("https://example.com/status")
        .store_media(false)
        .ttl(60);
    let json = telnyx::types::SendFaxRequest::new("1234567890", "+14155551234", "+14155554321")
        .media_url("https://example.com/fax.pdf")
        .quality(telnyx::types::Quality::High)
        .store_media(true)
        .webhook_url("https://example.com/hooks");
    let mut group = c.benchmark_group("encode_send_fax");
    group.bench_function("twilio_form", |b| {
        b.iter(|| fax_runtime::encode::Body::form(black_box(&form)).expect("encodes"))
    });
    group.bench_function("telnyx_json", |b| {
        b.iter(|| fax_runtime::encode::Body::json(black_box(&json)).expect("encodes"))
    });
    group.finish();
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
