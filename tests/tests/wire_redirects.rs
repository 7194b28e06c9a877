//! Redirects never turn into a false success: a redirect is followed only
//! when that sends the very same request (method, body, credentials) to the
//! same origin, which is a 307 or 308 to the same scheme, host and port.
//! Every other redirect (301, 302, 303, or any to another origin) is an
//! `Error::Redirect` carrying the status and the `Location`, and the other
//! server never sees a request. Each case runs for a GET (`fetch_fax`) and a
//! POST with a form body (`create_fax`).

mod common;

use common::*;
use fax_api::twilio::types::CreateFaxRequest;
use fax_runtime::{Error, Limits, RedirectRefusal};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const FAX_SID: &str = "FXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Verb {
    Get,
    Post,
}

impl Verb {
    fn method(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
        }
    }

    fn path(self) -> String {
        match self {
            Verb::Get => format!("/v1/Faxes/{FAX_SID}"),
            Verb::Post => "/v1/Faxes".to_owned(),
        }
    }
}

async fn call(
    client: &fax_api::twilio::Client,
    verb: Verb,
) -> Result<fax_api::twilio::types::Fax, Error<fax_api::twilio::types::TwilioError>> {
    match verb {
        Verb::Get => client.fetch_fax(FAX_SID).send().await,
        Verb::Post => {
            client
                .create_fax(CreateFaxRequest::new(
                    "+14155554321",
                    "https://www.example.com/fax.pdf",
                ))
                .send()
                .await
        }
    }
}

/// A server that answers every request with a fax, as if it were the API.
async fn impostor() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(twilio_fax("FXimpostor")))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

#[tokio::test]
async fn only_same_origin_307_and_308_are_followed_for_get_and_post() {
    for verb in [Verb::Get, Verb::Post] {
        for status in STATUSES {
            for same_origin in [true, false] {
                let api = MockServer::start().await;
                let other = impostor().await;
                let target = if same_origin {
                    format!("{}/moved{}", api.uri(), verb.path())
                } else {
                    format!("{}/moved{}", other.uri(), verb.path())
                };
                Mock::given(path(verb.path()))
                    .respond_with(ResponseTemplate::new(status).insert_header("Location", &target))
                    .mount(&api)
                    .await;
                Mock::given(path(format!("/moved{}", verb.path())))
                    .respond_with(ResponseTemplate::new(201).set_body_json(twilio_fax(FAX_SID)))
                    .mount(&api)
                    .await;
                let case = format!("{verb:?} {status} same origin: {same_origin}");
                let result = call(&twilio(&api), verb).await;
                let at_api = requests(&api).await;
                assert!(
                    requests(&other).await.is_empty(),
                    "{case}: other origin reached"
                );

                if same_origin && (status == 307 || status == 308) {
                    let fax = result.unwrap_or_else(|e| panic!("{case}: {e}"));
                    assert_eq!(fax.sid.as_deref(), Some(FAX_SID), "{case}");
                    assert_eq!(at_api.len(), 2, "{case}");
                    let (first, again) = (&at_api[0], &at_api[1]);
                    assert_eq!(again.url.path(), format!("/moved{}", verb.path()), "{case}");
                    assert_eq!(again.method.as_str(), verb.method(), "{case}: method kept");
                    assert_eq!(again.body, first.body, "{case}: body kept");
                    assert_eq!(
                        header(again, "authorization"),
                        Some(TWILIO_AUTH),
                        "{case}: credentials kept on the same origin"
                    );
                    if verb == Verb::Post {
                        assert!(!again.body.is_empty(), "{case}");
                        assert_eq!(
                            header(again, "content-type"),
                            Some("application/x-www-form-urlencoded"),
                            "{case}"
                        );
                    }
                } else {
                    let error = result.expect_err(&case);
                    let shown = error.to_string();
                    let Error::Redirect(redirect) = error else {
                        panic!("{case}: expected Error::Redirect, got {shown}")
                    };
                    assert_eq!(redirect.status.as_u16(), status, "{case}");
                    assert_eq!(redirect.location, target, "{case}");
                    assert_eq!(redirect.method.as_str(), verb.method(), "{case}");
                    let reason = if status == 307 || status == 308 {
                        RedirectRefusal::OtherOrigin
                    } else {
                        RedirectRefusal::MethodMayChange
                    };
                    assert_eq!(redirect.reason, reason, "{case}");
                    assert!(shown.contains(&status.to_string()), "{case}: {shown}");
                    assert!(shown.contains(&target), "{case}: {shown}");
                    assert_eq!(at_api.len(), 1, "{case}: the request was sent once");
                }
            }
        }
    }
}

#[tokio::test]
async fn a_redirect_loop_stops_at_the_hop_limit() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(307).insert_header("Location", format!("/v1/Faxes/{FAX_SID}")),
        )
        .mount(&api)
        .await;
    let client = twilio(&api).with_limits(Limits {
        max_redirects: 3,
        ..Limits::default()
    });
    let error = client.fetch_fax(FAX_SID).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect(r)
            if r.reason == RedirectRefusal::TooManyRedirects { limit: 3 }),
        "{error}"
    );
    // The first request and three redirects followed.
    assert_eq!(requests(&api).await.len(), 4);
}

#[tokio::test]
async fn no_redirect_is_followed_when_the_limit_is_zero() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(308).insert_header("Location", "/v2/elsewhere"))
        .mount(&api)
        .await;
    let client = twilio(&api).with_limits(Limits {
        max_redirects: 0,
        ..Limits::default()
    });
    let error = client.fetch_fax(FAX_SID).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect(r)
            if r.reason == RedirectRefusal::TooManyRedirects { limit: 0 }
            && r.location == "/v2/elsewhere"),
        "{error}"
    );
    assert_eq!(requests(&api).await.len(), 1);
}

#[tokio::test]
async fn a_redirect_without_location_is_an_error_not_a_success() {
    let api = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307))
        .mount(&api)
        .await;
    let error = call(&twilio(&api), Verb::Post).await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect(r)
            if r.reason == RedirectRefusal::InvalidLocation && r.status == 307),
        "{error}"
    );
}

#[tokio::test]
async fn credentials_in_a_location_do_not_print() {
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", "https://leaked:hunter2SECRET@evil.example/x"),
        )
        .mount(&api)
        .await;
    let error = call(&twilio(&api), Verb::Get).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("hunter2SECRET"), "{shown}");
    assert!(!shown.contains("leaked"), "{shown}");
    assert!(shown.contains("https://***@evil.example/x"), "{shown}");
}

/// A `reqwest::Client` of the user's own, left to follow redirects itself,
/// cannot turn another server's answer into a success either.
#[tokio::test]
async fn a_redirect_followed_by_a_custom_http_client_is_refused() {
    let api = MockServer::start().await;
    let other = impostor().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", format!("{}/x", other.uri())),
        )
        .mount(&api)
        .await;
    let client = twilio(&api).with_http_client(fax_runtime::reqwest::Client::new());
    let error = call(&client, Verb::Post).await.unwrap_err();
    assert!(
        matches!(&error, Error::Redirect(r)
            if r.reason == RedirectRefusal::FollowedByHttpClient
            && r.location == format!("{}/x", other.uri())),
        "{error}"
    );
}
