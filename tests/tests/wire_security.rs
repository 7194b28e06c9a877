//! Each kind of security scheme puts its credential where the spec says:
//! an API key in a header, query parameter or cookie, HTTP basic, bearer
//! and other schemes, OAuth2 and OpenID Connect tokens; alternatives and
//! combinations; an operation with `security: []` sends none. The
//! operations are those of `fixtures/clients/security_schemes.yaml`.

use fax_runtime::Credentials;
use fax_tests::clients::security_schemes::Client;

fn client(credentials: Credentials) -> Client {
    Client::new(credentials)
}

fn header(request: &http::Request<Vec<u8>>, name: &str) -> Option<String> {
    let all: Vec<&str> = request
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(all.len() <= 1, "{name} sent {} times", all.len());
    all.first().map(|v| (*v).to_owned())
}

#[test]
fn api_keys_go_in_the_header_query_or_cookie_the_scheme_names() {
    let c = client(Credentials::api_key("k/1 2"));
    let request = c.uses_document_security().to_http_request().unwrap();
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k/1 2"));
    assert_eq!(header(&request, "authorization"), None);
    assert!(request.headers()["x-api-key"].is_sensitive());

    let request = c.key_in_query().page(2).to_http_request().unwrap();
    assert_eq!(request.uri().query(), Some("page=2&api_key=k%2F1%202"));
    assert_eq!(header(&request, "x-api-key"), None);

    let request = c.key_in_cookie().theme("dark").to_http_request().unwrap();
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("theme=dark; session=k%2F1%202")
    );
}

#[test]
fn http_schemes_and_tokens_go_in_authorization() {
    let basic = client(Credentials::basic("user", "pass"));
    let request = basic.basic().to_http_request().unwrap();
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Basic dXNlcjpwYXNz")
    );
    let token = client(Credentials::bearer("tok"));
    for request in [
        token.bearer().to_http_request().unwrap(),
        token.oauth().to_http_request().unwrap(),
        token.open_id().to_http_request().unwrap(),
    ] {
        assert_eq!(
            header(&request, "authorization").as_deref(),
            Some("Bearer tok")
        );
    }
    let digest = client(Credentials::http(
        "Digest",
        "username=\"u\", response=\"r\"",
    ));
    let request = digest.other_http_scheme().to_http_request().unwrap();
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Digest username=\"u\", response=\"r\"")
    );
    // An API key named `Authorization` is sent raw, without `Bearer`.
    let raw = client(Credentials::api_key("raw-key"));
    let request = raw.raw_key_in_authorization().to_http_request().unwrap();
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("raw-key")
    );
}

#[test]
fn alternatives_take_the_first_met_and_combinations_send_all() {
    let basic = client(Credentials::basic("user", "pass"));
    let request = basic.key_or_basic().to_http_request().unwrap();
    assert!(header(&request, "authorization")
        .unwrap()
        .starts_with("Basic "));
    assert_eq!(header(&request, "x-api-key"), None);
    let both = client(Credentials::api_key("k").and(Credentials::basic("user", "pass")));
    let request = both.key_or_basic().to_http_request().unwrap();
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k"));
    assert_eq!(header(&request, "authorization"), None);
    let request = both.key_and_basic().to_http_request().unwrap();
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k"));
    assert!(header(&request, "authorization")
        .unwrap()
        .starts_with("Basic "));
    // One half of a combination is not enough: nothing is sent, and the error says what is missing.
    let error = basic
        .key_and_basic()
        .to_http_request()
        .unwrap_err()
        .to_string();
    assert!(error.contains("X-Api-Key"), "{error}");
    assert!(!error.contains("pass"), "{error}");
}

#[test]
fn security_none_sends_nothing_and_optional_security_sends_what_is_given() {
    let key = client(Credentials::api_key("k"));
    let request = key.public().to_http_request().unwrap();
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(request.uri().query(), None);
    let request = key.optional_key().to_http_request().unwrap();
    assert_eq!(request.uri().query(), Some("api_key=k"));
    let nobody = client(Credentials::none());
    let request = nobody.optional_key().to_http_request().unwrap();
    assert_eq!(request.uri().query(), None);
    assert!(nobody.uses_document_security().to_http_request().is_err());
}

#[test]
fn a_credential_bound_to_a_scheme_goes_only_there() {
    let c = client(
        Credentials::api_key("header-key")
            .and(Credentials::api_key("query-key").for_scheme("key_query")),
    );
    let request = c.key_in_query().to_http_request().unwrap();
    assert_eq!(request.uri().query(), Some("api_key=query-key"));
    let request = c.uses_document_security().to_http_request().unwrap();
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("header-key"));
}

#[test]
fn a_parameter_the_caller_sets_wins_over_a_credential_of_the_same_name() {
    let c = client(Credentials::api_key("from-credentials"));
    let request = c.key_also_a_parameter().to_http_request().unwrap();
    assert_eq!(
        header(&request, "x-api-key").as_deref(),
        Some("from-credentials")
    );
    let request = c
        .key_also_a_parameter()
        .x_api_key("from-parameter")
        .to_http_request()
        .unwrap();
    // `header` also asserts the header is sent once.
    assert_eq!(
        header(&request, "x-api-key").as_deref(),
        Some("from-parameter")
    );
    let query = client(Credentials::api_key("k").for_scheme("key_query"));
    let request = query
        .key_also_a_parameter()
        .api_key("mine")
        .to_http_request()
        .unwrap();
    assert_eq!(request.uri().query(), Some("api_key=mine"));
}

#[tokio::test]
async fn an_api_key_in_the_query_never_prints_in_a_transport_error() {
    // Nothing listens on port 9 of the loopback address: the connection is refused.
    let c = client(Credentials::api_key("k-secret-123"))
        .with_base_url("http://127.0.0.1:9")
        .with_retry(fax_runtime::RetryPolicy {
            max_attempts: 1,
            ..Default::default()
        });
    let error = c.key_in_query().send().await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(matches!(error, fax_runtime::Error::Transport(_)), "{text}");
    assert!(!text.contains("k-secret-123"), "{text}");
}
