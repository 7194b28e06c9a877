//! Every list operation with a `stream()` walks all pages: Telnyx by
//! `page[number]` up to `meta.total_pages`, Twilio by `meta.next_page_url`,
//! SignalWire by `next_page_uri` (relative to the host). Each page's mock
//! expects exactly one request, and the total count proves that no request
//! follows the last page.

mod common;

use common::*;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn all_requests_carry(server: &MockServer, authorization: &str, count: usize) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        count,
        "{:?}",
        requests
            .iter()
            .map(|r| r.url.to_string())
            .collect::<Vec<_>>()
    );
    for request in requests {
        assert_eq!(header(&request, "authorization"), Some(authorization));
    }
}

fn telnyx_page(
    number: i64,
    total: i64,
    ids: &[&str],
    item: fn(&str) -> serde_json::Value,
) -> serde_json::Value {
    json!({
        "data": ids.iter().map(|id| item(id)).collect::<Vec<_>>(),
        "meta": {"page_number": number, "page_size": 2, "total_pages": total, "total_results": 5}
    })
}

#[tokio::test]
async fn telnyx_list_faxes_streams_every_page_by_number() {
    let server = MockServer::start().await;
    let pages = [&["f1", "f2"][..], &["f3", "f4"], &["f5"]];
    for (i, ids) in pages.iter().enumerate() {
        let number = i as i64 + 1;
        Mock::given(method("GET"))
            .and(path("/faxes"))
            .and(query_param("page[number]", number.to_string()))
            .and(query_param("page[size]", "2"))
            .and(query_param("filter[direction][eq]", "inbound"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(telnyx_page(number, 3, ids, telnyx_fax)),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = telnyx(&server);
    let ids: Vec<String> = client
        .list_faxes()
        .filter(
            fax_api::telnyx::types::FaxFilter::default().direction(
                fax_api::telnyx::types::DirectionFilter::default()
                    .eq(fax_api::telnyx::types::Direction::Inbound),
            ),
        )
        .page(fax_api::telnyx::types::FaxPageParams::default().size(2))
        .stream()
        .map_ok(|fax| fax.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["f1", "f2", "f3", "f4", "f5"]);
    all_requests_carry(&server, TELNYX_AUTH, 3).await;
}

#[tokio::test]
async fn telnyx_list_fax_applications_streams_every_page_by_number() {
    let server = MockServer::start().await;
    let pages = [&["a1", "a2"][..], &["a3", "a4"], &["a5"]];
    for (i, ids) in pages.iter().enumerate() {
        let number = i as i64 + 1;
        Mock::given(method("GET"))
            .and(path("/fax_applications"))
            .and(query_param("page[number]", number.to_string()))
            .and(query_param("sort", "application_name"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(telnyx_page(number, 3, ids, telnyx_app)),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = telnyx(&server);
    let ids: Vec<String> = client
        .list_fax_applications()
        .sort(fax_api::telnyx::types::FaxApplicationSort::ApplicationName)
        .stream()
        .map_ok(|app| app.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    all_requests_carry(&server, TELNYX_AUTH, 3).await;
}

#[tokio::test]
async fn telnyx_stream_starts_at_the_page_asked_for() {
    let server = MockServer::start().await;
    Mock::given(query_param("page[number]", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(telnyx_page(
            3,
            3,
            &["f5"],
            telnyx_fax,
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = telnyx(&server);
    let faxes: Vec<_> = client
        .list_faxes()
        .page(fax_api::telnyx::types::FaxPageParams::default().number(3))
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(faxes.len(), 1);
    all_requests_carry(&server, TELNYX_AUTH, 1).await;
}

#[tokio::test]
async fn telnyx_empty_result_is_one_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": [], "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = telnyx(&server);
    let faxes: Vec<_> = client.list_faxes().stream().try_collect().await.unwrap();
    assert!(faxes.is_empty());
}

#[tokio::test]
async fn an_error_mid_stream_ends_it_after_the_items_before() {
    let server = MockServer::start().await;
    Mock::given(query_param("page[number]", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(telnyx_page(
            1,
            3,
            &["f1", "f2"],
            telnyx_fax,
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("page[number]", "2"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errors": [{"code": "10009", "title": "Authentication failed"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = telnyx(&server);
    let results: Vec<_> = client.list_faxes().stream().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert_eq!(
        results[2].as_ref().unwrap_err().status(),
        Some(http::StatusCode::UNAUTHORIZED)
    );
    all_requests_carry(&server, TELNYX_AUTH, 2).await;
}

fn twilio_meta(key: &str, page: i64, next: Option<&str>) -> serde_json::Value {
    json!({
        "first_page_url": format!("https://fax.twilio.com/v1/Faxes?PageSize=2&Page=0"),
        "key": key,
        "next_page_url": next,
        "page": page,
        "page_size": 2,
        "previous_page_url": null,
        "url": "https://fax.twilio.com/v1/Faxes?PageSize=2&Page=0"
    })
}

#[tokio::test]
async fn twilio_list_fax_follows_next_page_url() {
    let server = MockServer::start().await;
    let link =
        |n: u32| format!("https://fax.twilio.com/v1/Faxes?PageSize=2&Page={n}&PageToken=PT{n}");
    Mock::given(path("/v1/Faxes"))
        .and(query_param("PageSize", "2"))
        .and(query_param_is_missing("PageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX1"), twilio_fax("FX2")],
            "meta": twilio_meta("faxes", 0, Some(&link(1)))
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/Faxes"))
        .and(query_param("PageToken", "PT1"))
        .and(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX3"), twilio_fax("FX4")],
            "meta": twilio_meta("faxes", 1, Some(&link(2)))
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/Faxes"))
        .and(query_param("PageToken", "PT2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX5")],
            "meta": twilio_meta("faxes", 2, None)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = twilio(&server);
    let sids: Vec<Option<String>> = client
        .list_fax()
        .page_size(2)
        .stream()
        .map_ok(|fax| fax.sid)
        .try_collect()
        .await
        .unwrap();
    let sids: Vec<&str> = sids.iter().map(|s| s.as_deref().unwrap()).collect();
    assert_eq!(sids, ["FX1", "FX2", "FX3", "FX4", "FX5"]);
    all_requests_carry(&server, TWILIO_AUTH, 3).await;
}

#[tokio::test]
async fn twilio_list_fax_media_follows_next_page_url() {
    let server = MockServer::start().await;
    let at = "/v1/Faxes/FX1/Media";
    let link = |n: u32| format!("https://fax.twilio.com{at}?PageSize=1&Page={n}&PageToken=PM{n}");
    for n in 0..3u32 {
        let next = (n < 2).then(|| link(n + 1));
        let mut mock = Mock::given(path(at));
        mock = if n == 0 {
            mock.and(query_param_is_missing("PageToken"))
        } else {
            mock.and(query_param("PageToken", format!("PM{n}")))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "media": [twilio_media("FX1", &format!("ME{n}"))],
            "meta": twilio_meta("media", n as i64, next.as_deref())
        })))
        .expect(1)
        .mount(&server)
        .await;
    }
    let client = twilio(&server);
    let sids: Vec<Option<String>> = client
        .list_fax_media("FX1")
        .stream()
        .map_ok(|m| m.sid)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        sids,
        [Some("ME0".into()), Some("ME1".into()), Some("ME2".into())]
    );
    all_requests_carry(&server, TWILIO_AUTH, 3).await;
}

#[tokio::test]
async fn signalwire_list_faxes_follows_host_relative_next_page_uri() {
    let server = MockServer::start().await;
    let at = format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes");
    let link = |n: u32| format!("{at}?To=%2B15556677999&PageSize=2&Page={n}&PageToken=PA{n}");
    let pages = [&["FX1", "FX2"][..], &["FX3", "FX4"], &["FX5"]];
    for (n, sids) in pages.iter().enumerate() {
        let n = n as u32;
        let next = (n < 2).then(|| link(n + 1));
        let mut mock = Mock::given(path(at.as_str())).and(query_param("To", "+15556677999"));
        mock = if n == 0 {
            mock.and(query_param_is_missing("PageToken"))
        } else {
            mock.and(query_param("PageToken", format!("PA{n}")))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uri": link(n),
            "first_page_uri": link(0),
            "next_page_uri": next,
            "previous_page_uri": null,
            "page": n,
            "page_size": 2,
            "faxes": sids.iter().map(|s| signalwire_fax(s)).collect::<Vec<_>>()
        })))
        .expect(1)
        .mount(&server)
        .await;
    }
    let client = signalwire(&server);
    // The first request carries the filter; the next pages' links are
    // followed as given (here they carry it too, as SignalWire's do).
    let sids: Vec<String> = client
        .list_faxes(SW_PROJECT)
        .to("+15556677999")
        .stream()
        .map_ok(|fax| fax.sid)
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sids, ["FX1", "FX2", "FX3", "FX4", "FX5"]);
    all_requests_carry(&server, SW_AUTH, 3).await;
}

#[tokio::test]
async fn signalwire_list_fax_media_follows_next_page_uri() {
    let server = MockServer::start().await;
    let at = format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes/FX1/Media");
    let link = |n: u32| format!("{at}?PageSize=1&Page={n}&PageToken=PA{n}");
    for n in 0..3u32 {
        let next = (n < 2).then(|| link(n + 1));
        let mut mock = Mock::given(path(at.as_str()));
        mock = if n == 0 {
            mock.and(query_param_is_missing("PageToken"))
        } else {
            mock.and(query_param("PageToken", format!("PA{n}")))
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "uri": link(n),
            "first_page_uri": link(0),
            "next_page_uri": next,
            "previous_page_uri": null,
            "page": n,
            "page_size": 1,
            "media": [{
                "account_sid": SW_PROJECT,
                "content_type": "application/pdf",
                "date_created": "2026-11-01T10:00:00Z",
                "date_updated": "2026-11-01T10:00:00Z",
                "fax_sid": "FX1",
                "sid": format!("ME{n}"),
                "uri": format!("{at}/ME{n}.json"),
                "url": format!("{at}/ME{n}")
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    }
    let client = signalwire(&server);
    let sids: Vec<String> = client
        .list_fax_media(SW_PROJECT, "FX1")
        .stream()
        .map_ok(|media| media.sid)
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sids, ["ME0", "ME1", "ME2"]);
    all_requests_carry(&server, SW_AUTH, 3).await;
}

/// Every result of a stream, but no more than `at_most`: a stream that never
/// ends shows up as `at_most` results without an error, not as a hung test.
async fn first_results<T>(
    stream: impl futures_util::Stream<Item = Result<T, fax_runtime::Error<impl std::fmt::Debug>>>,
    at_most: usize,
) -> (usize, Option<fax_runtime::PaginationError>) {
    let results: Vec<_> = stream.take(at_most).collect().await;
    let ok = results.iter().take_while(|r| r.is_ok()).count();
    let error = match results.into_iter().find_map(Result::err) {
        Some(fax_runtime::Error::Pagination(error)) => Some(*error),
        Some(other) => panic!("expected Error::Pagination, got {other}"),
        None => None,
    };
    (ok, error)
}

#[tokio::test]
async fn twilio_a_next_link_to_the_same_page_ends_the_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Faxes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "faxes": [twilio_fax("FX1"), twilio_fax("FX2")],
            "meta": twilio_meta("faxes", 0, Some("https://fax.twilio.com/v1/Faxes?PageSize=2"))
        })))
        .mount(&server)
        .await;
    let client = twilio(&server);
    let (items, error) = first_results(client.list_fax().page_size(2).stream(), 100).await;
    let error = error.expect("the stream ends with an error");
    assert_eq!(items, 2);
    assert_eq!(error.pages, 1);
    assert!(
        matches!(&error.reason, fax_runtime::PaginationStop::RepeatedLink { link }
            if link.ends_with("/v1/Faxes?PageSize=2")),
        "{error:?}"
    );
    // The one page, never asked for again.
    all_requests_carry(&server, TWILIO_AUTH, 1).await;
}

#[tokio::test]
async fn signalwire_links_that_go_round_in_a_circle_end_the_stream() {
    let server = MockServer::start().await;
    let at = format!("/api/laml/2010-04-01/Accounts/{SW_PROJECT}/Faxes");
    let page = |token: &str, next: &str| {
        json!({
            "uri": format!("{at}?PageToken={token}"),
            "first_page_uri": at,
            "next_page_uri": format!("{at}?PageToken={next}"),
            "previous_page_uri": null,
            "page": 0,
            "page_size": 1,
            "faxes": [signalwire_fax(&format!("FX{token}"))]
        })
    };
    Mock::given(path(at.as_str()))
        .and(query_param_is_missing("PageToken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("A", "B")))
        .mount(&server)
        .await;
    Mock::given(path(at.as_str()))
        .and(query_param("PageToken", "B"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("B", "C")))
        .mount(&server)
        .await;
    Mock::given(path(at.as_str()))
        .and(query_param("PageToken", "C"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("C", "B")))
        .mount(&server)
        .await;
    let client = signalwire(&server);
    let (items, error) = first_results(client.list_faxes(SW_PROJECT).stream(), 100).await;
    let error = error.expect("the stream ends with an error");
    assert_eq!((items, error.pages), (3, 3));
    assert!(
        matches!(&error.reason, fax_runtime::PaginationStop::RepeatedLink { link }
            if link.ends_with("PageToken=B")),
        "{error:?}"
    );
    all_requests_carry(&server, SW_AUTH, 3).await;
}

#[tokio::test]
async fn telnyx_a_page_number_that_does_not_advance_ends_the_stream() {
    // Whatever page is asked for, the server says "page 1 of 3".
    let server = MockServer::start().await;
    Mock::given(path("/faxes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(telnyx_page(
            1,
            3,
            &["f1", "f2"],
            telnyx_fax,
        )))
        .mount(&server)
        .await;
    let client = telnyx(&server);
    let (items, error) = first_results(client.list_faxes().stream(), 100).await;
    let error = error.expect("the stream ends with an error");
    // Page 1's items once; page 2 comes back as page 1 and is not yielded again.
    assert_eq!((items, error.pages), (2, 2));
    assert_eq!(
        error.reason,
        fax_runtime::PaginationStop::PageDidNotAdvance {
            requested: 2,
            reported: 1
        }
    );
    all_requests_carry(&server, TELNYX_AUTH, 2).await;
}

/// Answers each `page[number]` with that page of a list that claims a
/// thousand pages.
fn endless_telnyx(request: &wiremock::Request) -> ResponseTemplate {
    let number: i64 = request
        .url
        .query_pairs()
        .find(|(k, _)| k == "page[number]")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1);
    let id = format!("f{number}");
    ResponseTemplate::new(200).set_body_json(telnyx_page(number, 1000, &[&id], telnyx_fax))
}

#[tokio::test]
async fn telnyx_the_client_page_limit_ends_a_long_stream() {
    let server = MockServer::start().await;
    Mock::given(path("/faxes"))
        .respond_with(endless_telnyx)
        .mount(&server)
        .await;
    let client = telnyx(&server).with_limits(fax_runtime::Limits {
        max_pages: 5,
        ..fax_runtime::Limits::default()
    });
    let (items, error) = first_results(client.list_faxes().stream(), 100).await;
    let error = error.expect("the stream ends with an error");
    assert_eq!((items, error.pages), (5, 5));
    assert_eq!(
        error.reason,
        fax_runtime::PaginationStop::TooManyPages { limit: 5 }
    );
    all_requests_carry(&server, TELNYX_AUTH, 5).await;
}

#[tokio::test]
async fn twilio_the_client_page_limit_ends_a_stream_of_fresh_links() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Faxes"))
        .respond_with(|request: &wiremock::Request| {
            let page: u32 = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "Page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let next = format!("/v1/Faxes?Page={}", page + 1);
            ResponseTemplate::new(200).set_body_json(json!({
                "faxes": [twilio_fax(&format!("FX{page}"))],
                "meta": twilio_meta("faxes", page.into(), Some(&next))
            }))
        })
        .mount(&server)
        .await;
    let client = twilio(&server).with_limits(fax_runtime::Limits {
        max_pages: 4,
        ..fax_runtime::Limits::default()
    });
    let (items, error) = first_results(client.list_fax().stream(), 100).await;
    let error = error.expect("the stream ends with an error");
    assert_eq!((items, error.pages), (4, 4));
    assert_eq!(
        error.reason,
        fax_runtime::PaginationStop::TooManyPages { limit: 4 }
    );
    all_requests_carry(&server, TWILIO_AUTH, 4).await;
}

#[tokio::test]
async fn a_list_of_exactly_the_page_limit_ends_without_an_error() {
    let server = MockServer::start().await;
    for number in 1..=3 {
        let id = format!("f{number}");
        Mock::given(query_param("page[number]", number.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(telnyx_page(
                number,
                3,
                &[&id],
                telnyx_fax,
            )))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = telnyx(&server).with_limits(fax_runtime::Limits {
        max_pages: 3,
        ..fax_runtime::Limits::default()
    });
    let faxes: Vec<_> = client.list_faxes().stream().try_collect().await.unwrap();
    assert_eq!(faxes.len(), 3);
    all_requests_carry(&server, TELNYX_AUTH, 3).await;
}
