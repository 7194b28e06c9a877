//! Conformance: the generated clients against Prism, a mock server that knows
//! nothing of this project but the spec it serves. Prism rejects (4xx) any
//! request the spec does not allow and, in its dynamic mode, answers with data
//! it makes up from the response schemas, so a parsed answer shows our types
//! accept what the spec allows, not only the examples we wrote.
//!
//! The tests are `#[ignore]`d: a plain `cargo test` skips them, because they
//! need the servers. `cargo xtask conformance` starts one Prism per spec and
//! runs them with the servers' addresses in `FAX_CONFORMANCE_TWILIO_URL`,
//! `FAX_CONFORMANCE_TELNYX_URL` and `FAX_CONFORMANCE_SIGNALWIRE_URL`.
//!
//! Each test first calls every operation of its API with valid inputs and
//! expects a typed `Ok`, then sends inputs the spec forbids (a value outside
//! an enum, a page size or number out of range, an id of the wrong form) and
//! expects `Error::Api` with Prism's 422 or 400, and Prism's list of
//! violations to name that input and nothing else (so the rest of the request
//! was valid). Those inputs can only be written through an enum's `Unknown(..)`
//! variant or a plain integer or string; the other kinds of invalid request
//! the client's types rule out at compile time, and each test lists them in
//! its summary.
//!
//! What this does not show: Prism's dynamic mode fills in every optional
//! property, so a response with optional fields absent is never made up here
//! (the wire tests cover those).

use fax_runtime::{http::StatusCode, Credentials, Error, RetryPolicy};
use std::fmt::Debug;

/// How many times every valid call is made: each dynamic response is new
/// data, so a few rounds try more of what the schemas allow.
const ROUNDS: usize = 3;

/// The mock server's address, or `None` (and a note) when the test runs
/// outside `cargo xtask conformance`.
fn server(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!("skipped: {var} is not set; run `cargo xtask conformance`");
            None
        }
    }
}

/// A fixed instant for date filters.
fn instant(unix: i64) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(unix).expect("valid timestamp")
}

/// Sends an invalid request twice: through the client, which must return
/// `Error::Api` with 422 or 400, and as plain HTTP, to read which inputs Prism
/// refused, which must be `$field` alone. The client's error keeps only the
/// body, and for most operations that is the spec's example error, not
/// Prism's findings.
macro_rules! reject {
    ($tally:expr, $input:expr, $field:expr, $builder:expr) => {{
        let builder = $builder;
        let request = builder.to_http_request().expect("the request builds");
        let refused = violations(request).await;
        $tally.rejected($input, $field, &refused, builder.send().await);
    }};
}

/// The places Prism says it refused in a request, as `query.pagesize`,
/// `body.Quality`, `path.sid`: from its `sl-violations` header when the spec
/// documents an error response Prism can answer with, else from the
/// `validation` list of the problem document Prism writes itself.
async fn violations(request: fax_runtime::http::Request<Vec<u8>>) -> Vec<String> {
    let request = fax_runtime::reqwest::Request::try_from(request).expect("a valid request");
    let response = fax_runtime::reqwest::Client::new()
        .execute(request)
        .await
        .expect("Prism answers");
    let header = response.headers().get("sl-violations").cloned();
    let body = response.bytes().await.expect("Prism's body");
    let list: Vec<serde_json::Value> = match header {
        Some(header) => {
            serde_json::from_slice(header.as_bytes()).expect("sl-violations is a JSON list")
        }
        None => serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|problem| problem["validation"].as_array().cloned())
            .unwrap_or_default(),
    };
    list.iter()
        .map(|violation| {
            let location = violation["location"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let parts: Vec<&str> = location.iter().filter_map(|part| part.as_str()).collect();
            // The header's locations start with "request", the problem document's do not.
            let parts = parts.strip_prefix(&["request"]).unwrap_or(&parts);
            parts.join(".")
        })
        .collect()
}

/// Counts what one API's run did, for the summary line.
struct Tally {
    api: &'static str,
    operations: Vec<&'static str>,
    calls: usize,
    rejected: Vec<(String, String, StatusCode)>,
}

impl Tally {
    fn new(api: &'static str) -> Self {
        Self {
            api,
            operations: Vec::new(),
            calls: 0,
            rejected: Vec::new(),
        }
    }

    /// A valid call must succeed and its answer must parse into our type.
    fn ok<T: Debug, E: Debug>(&mut self, operation: &'static str, result: Result<T, Error<E>>) {
        match result {
            Ok(_) => {
                self.calls += 1;
                if !self.operations.contains(&operation) {
                    self.operations.push(operation);
                }
            }
            Err(Error::Api(error)) => panic!(
                "{}: {operation}: Prism refused a valid request with {}: {}",
                self.api, error.status, error.raw_body
            ),
            Err(error) => panic!("{}: {operation}: {error:?}", self.api),
        }
    }

    /// An invalid input must come back as the server's 422 or 400, refused
    /// for that input (`field`) only.
    fn rejected<T: Debug, E: Debug>(
        &mut self,
        input: &str,
        field: &str,
        refused: &[String],
        result: Result<T, Error<E>>,
    ) {
        assert!(
            !refused.is_empty()
                && refused
                    .iter()
                    .all(|place| place.eq_ignore_ascii_case(field)),
            "{}: {input}: expected Prism to refuse {field} alone, it refused {refused:?}",
            self.api
        );
        match result {
            Err(Error::Api(error))
                if error.status == StatusCode::UNPROCESSABLE_ENTITY
                    || error.status == StatusCode::BAD_REQUEST =>
            {
                self.rejected
                    .push((input.to_owned(), field.to_owned(), error.status));
            }
            other => panic!(
                "{}: {input}: expected Prism to reject it with 422 or 400, got {other:?}",
                self.api
            ),
        }
    }

    fn summary(&self, total_operations: usize, ruled_out_by_types: &[&str]) {
        assert_eq!(
            self.operations.len(),
            total_operations,
            "{}: not every operation was called: {:?}",
            self.api,
            self.operations
        );
        println!(
            "{}: {} operations, {} calls answered and parsed ({ROUNDS} rounds)",
            self.api,
            self.operations.len(),
            self.calls
        );
        println!(
            "{}: {} invalid inputs rejected by Prism:",
            self.api,
            self.rejected.len()
        );
        for (input, field, status) in &self.rejected {
            println!("    {}  {input}  [refused: {field}]", status.as_u16());
        }
        println!(
            "{}: ruled out by the client's types (do not compile):",
            self.api
        );
        for item in ruled_out_by_types {
            println!("    {item}");
        }
    }
}

mod twilio {
    use super::*;
    use fax_api::twilio::types::{
        CreateFaxRequest, CreateFaxRequestQuality, UpdateFaxRequest, UpdateFaxRequestStatus,
    };
    use fax_api::twilio::Client;

    const FAX_SID: &str = "FX0123456789abcdef0123456789abcdef";
    const MEDIA_SID: &str = "ME0123456789abcdef0123456789abcdef";

    #[tokio::test]
    #[ignore = "needs a Prism server: run `cargo xtask conformance`"]
    async fn every_operation_conforms() {
        let Some(url) = server("FAX_CONFORMANCE_TWILIO_URL") else {
            return;
        };
        // Prism checks only that credentials are present, not what they are.
        let client = Client::new(Credentials::basic("AC-conformance", "not-a-secret"))
            .with_base_url(url)
            .with_retry(RetryPolicy::none());
        let mut tally = Tally::new("twilio");

        for _ in 0..ROUNDS {
            let list = client
                .list_fax()
                .from("+15551230000")
                .to("+15551239999")
                .date_created_after(instant(1_767_225_600))
                .date_created_on_or_before(instant(1_798_761_600))
                .page_size(50)
                .send()
                .await;
            tally.ok("list_fax", list);
            let create = CreateFaxRequest::new("+15551239999", "https://example.com/fax.pdf")
                .from("+15551230000")
                .quality(CreateFaxRequestQuality::Superfine)
                .status_callback("https://example.com/status")
                .store_media(false)
                .ttl(60);
            tally.ok("create_fax", client.create_fax(create).send().await);
            let media = client.list_fax_media(FAX_SID).page_size(20).send().await;
            tally.ok("list_fax_media", media);
            let media = client.fetch_fax_media(FAX_SID, MEDIA_SID).send().await;
            tally.ok("fetch_fax_media", media);
            let deleted = client.delete_fax_media(FAX_SID, MEDIA_SID).send().await;
            tally.ok("delete_fax_media", deleted);
            tally.ok("fetch_fax", client.fetch_fax(FAX_SID).send().await);
            let cancel = UpdateFaxRequest::default().status(UpdateFaxRequestStatus::Canceled);
            let updated = client.update_fax(FAX_SID).body(cancel).send().await;
            tally.ok("update_fax", updated);
            tally.ok("delete_fax", client.delete_fax(FAX_SID).send().await);
        }

        reject!(
            tally,
            "list_fax PageSize=5000 (maximum 1000)",
            "query.PageSize",
            client.list_fax().page_size(5000)
        );
        reject!(
            tally,
            "list_fax_media PageSize=0 (minimum 1)",
            "query.PageSize",
            client.list_fax_media(FAX_SID).page_size(0)
        );
        let bogus = CreateFaxRequest::new("+15551239999", "https://example.com/fax.pdf")
            .quality(CreateFaxRequestQuality::Unknown("ultra_bogus".into()));
        reject!(
            tally,
            "create_fax Quality=ultra_bogus (not in the enum)",
            "body.Quality",
            client.create_fax(bogus)
        );
        let bogus =
            UpdateFaxRequest::default().status(UpdateFaxRequestStatus::Unknown("paused".into()));
        reject!(
            tally,
            "update_fax Status=paused (only canceled)",
            "body.Status",
            client.update_fax(FAX_SID).body(bogus)
        );
        reject!(
            tally,
            "fetch_fax Sid=FX123 (not FX + 32 hex digits)",
            "path.Sid",
            client.fetch_fax("FX123")
        );

        tally.summary(
            8,
            &[
                "create_fax without To or MediaUrl: CreateFaxRequest::new takes both",
                "a path SID left out: list_fax_media, fetch_fax, ... take it as an argument",
                "PageSize that is not an integer: the setter takes i64",
                "a malformed DateCreatedAfter: the setter takes time::OffsetDateTime",
                "StoreMedia that is not a boolean, Ttl that is not an integer",
            ],
        );
    }
}

mod telnyx {
    use super::*;
    use fax_api::telnyx::types::{
        AnchorsiteOverride, ApplicationNameFilter, CreateFaxApplicationRequest,
        DateTimeRangeFilter, Direction, DirectionFilter, FaxApplicationFilter,
        FaxApplicationInbound, FaxApplicationPageParams, FaxApplicationSort, FaxFilter,
        FaxPageParams, PhoneNumberFilter, PreviewFormat, Quality, SendFaxMultipartRequest,
        SendFaxRequest, UpdateFaxApplicationRequest,
    };
    use fax_api::telnyx::Client;
    use fax_runtime::FilePart;

    const FAX_ID: &str = "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0";
    const APP_ID: &str = "1293384261075731499";
    const CONNECTION_ID: &str = "234423";

    fn send_request() -> SendFaxRequest {
        SendFaxRequest::new(CONNECTION_ID, "+13125550100", "+13125550199")
    }

    fn document() -> FilePart {
        FilePart::from_bytes(b"%PDF-1.4\n%conformance\n".to_vec())
            .file_name("fax.pdf")
            .content_type("application/pdf")
    }

    #[tokio::test]
    #[ignore = "needs a Prism server: run `cargo xtask conformance`"]
    async fn every_operation_conforms() {
        let Some(url) = server("FAX_CONFORMANCE_TELNYX_URL") else {
            return;
        };
        // Prism checks only that a bearer token is present.
        let client = Client::new(Credentials::bearer("KEY-conformance"))
            .with_base_url(url)
            .with_retry(RetryPolicy::none());
        let mut tally = Tally::new("telnyx");

        for _ in 0..ROUNDS {
            let filter = FaxFilter::default()
                .created_at(
                    DateTimeRangeFilter::default()
                        .gte(instant(1_767_225_600))
                        .lt(instant(1_798_761_600)),
                )
                .direction(DirectionFilter::default().eq(Direction::Outbound))
                .from(PhoneNumberFilter::default().eq("+13125550100"))
                .to(PhoneNumberFilter::default().eq("+13125550199"));
            let page = FaxPageParams::default().number(2).size(50);
            let list = client.list_faxes().filter(filter).page(page).send().await;
            tally.ok("list_faxes", list);
            let send = send_request()
                .media_url("https://example.com/fax.pdf")
                .quality(Quality::VeryHigh)
                .preview_format(PreviewFormat::Pdf)
                .store_media(true)
                .client_state("YWJj");
            tally.ok("send_fax", client.send_fax(send).send().await);
            let upload = SendFaxMultipartRequest::new(
                CONNECTION_ID,
                document(),
                "+13125550100",
                "+13125550199",
            )
            .quality(Quality::High)
            .monochrome(true);
            tally.ok(
                "send_fax_multipart",
                client.send_fax_multipart(upload).send().await,
            );
            tally.ok("get_fax", client.get_fax(FAX_ID).send().await);
            tally.ok("delete_fax", client.delete_fax(FAX_ID).send().await);
            tally.ok("cancel_fax", client.cancel_fax(FAX_ID).send().await);
            tally.ok("refresh_fax", client.refresh_fax(FAX_ID).send().await);
            let list = client
                .list_fax_applications()
                .page(FaxApplicationPageParams::default().number(1).size(250))
                .filter(
                    FaxApplicationFilter::default()
                        .application_name(ApplicationNameFilter::default().contains("fax")),
                )
                .sort(FaxApplicationSort::ApplicationName)
                .send()
                .await;
            tally.ok("list_fax_applications", list);
            let create = CreateFaxApplicationRequest::new("office", "https://example.com/hooks")
                .anchorsite_override(AnchorsiteOverride::ChicagoIl)
                .webhook_timeout_secs(25)
                .inbound(FaxApplicationInbound::default().channel_limit(10))
                .tags(vec!["conformance".into()]);
            let created = client.create_fax_application(create).send().await;
            tally.ok("create_fax_application", created);
            let fetched = client.get_fax_application(APP_ID).send().await;
            tally.ok("get_fax_application", fetched);
            let update = UpdateFaxApplicationRequest::new("office", "https://example.com/hooks")
                .active(false);
            let updated = client.update_fax_application(APP_ID, update).send().await;
            tally.ok("update_fax_application", updated);
            let deleted = client.delete_fax_application(APP_ID).send().await;
            tally.ok("delete_fax_application", deleted);
        }

        let page = FaxApplicationPageParams::default().number(1).size(5000);
        reject!(
            tally,
            "list_fax_applications page[size]=5000 (maximum 250)",
            "query.page.size",
            client.list_fax_applications().page(page)
        );
        let page = FaxApplicationPageParams::default().number(0);
        reject!(
            tally,
            "list_fax_applications page[number]=0 (minimum 1)",
            "query.page.number",
            client.list_fax_applications().page(page)
        );
        let sort = FaxApplicationSort::Unknown("-bogus".into());
        reject!(
            tally,
            "list_fax_applications sort=-bogus (not in the enum)",
            "query.sort",
            client.list_fax_applications().sort(sort)
        );
        let filter = FaxFilter::default()
            .direction(DirectionFilter::default().eq(Direction::Unknown("sideways".into())));
        reject!(
            tally,
            "list_faxes filter[direction][eq]=sideways (not in the enum)",
            "query.filter.direction.eq",
            client.list_faxes().filter(filter)
        );
        let bogus = send_request()
            .media_url("https://example.com/fax.pdf")
            .quality(Quality::Unknown("ultra_bogus".into()));
        reject!(
            tally,
            "send_fax quality=ultra_bogus (not in the enum)",
            "body.quality",
            client.send_fax(bogus)
        );
        let bogus =
            SendFaxMultipartRequest::new(CONNECTION_ID, document(), "+13125550100", "+13125550199")
                .quality(Quality::Unknown("ultra_bogus".into()));
        reject!(
            tally,
            "send_fax_multipart quality=ultra_bogus (not in the enum)",
            "body.quality",
            client.send_fax_multipart(bogus)
        );
        let bogus = CreateFaxApplicationRequest::new("office", "https://example.com/hooks")
            .anchorsite_override(AnchorsiteOverride::Unknown("Atlantis".into()));
        reject!(
            tally,
            "create_fax_application anchorsite_override=Atlantis (not in the enum)",
            "body.anchorsite_override",
            client.create_fax_application(bogus)
        );
        reject!(
            tally,
            "get_fax id=not-a-uuid (format uuid)",
            "path.id",
            client.get_fax("not-a-uuid")
        );

        tally.summary(
            12,
            &[
                "send_fax without connection_id, from or to: SendFaxRequest::new takes them",
                "send_fax_multipart without the document: SendFaxMultipartRequest::new takes a FilePart",
                "create/update_fax_application without application_name or webhook_event_url",
                "page[size] or page[number] that is not an integer: the fields are i64",
                "a malformed filter[created_at]: the bounds are time::OffsetDateTime",
            ],
        );
    }
}

mod signalwire {
    use super::*;
    use fax_api::signalwire::types::{
        FaxQuality, SendFaxRequest, StatusCallbackEvent, StatusCallbackMethod, StoreMedia,
        UpdateFaxRequest, UpdateFaxStatus,
    };
    use fax_api::signalwire::Client;

    const PROJECT: &str = "b3877c40-da60-4998-90ad-b792e98472af";
    const FAX_SID: &str = "831455c6-574e-4d8b-b6ee-2418140bf4cd";
    const MEDIA_SID: &str = "c8b8a7a1-6b1e-4d2b-9f0e-1c2d3e4f5a6b";

    fn send_request() -> SendFaxRequest {
        SendFaxRequest::new(
            "https://example.com/fax.pdf",
            "+15551239999",
            "+15551230000",
        )
    }

    #[tokio::test]
    #[ignore = "needs a Prism server: run `cargo xtask conformance`"]
    async fn every_operation_conforms() {
        let Some(url) = server("FAX_CONFORMANCE_SIGNALWIRE_URL") else {
            return;
        };
        // Prism checks only that basic credentials are present.
        let client = Client::new("example", Credentials::basic(PROJECT, "PT-not-a-secret"))
            .with_base_url(url)
            .with_retry(RetryPolicy::none());
        let mut tally = Tally::new("signalwire");

        for _ in 0..ROUNDS {
            let list = client
                .list_faxes(PROJECT)
                .page(0)
                .page_size(50)
                .from("+15551230000")
                .to("+15551239999")
                .date_created_after("2026-01-01")
                .send()
                .await;
            tally.ok("list_faxes", list);
            let send = send_request()
                .quality(FaxQuality::Fine)
                .status_callback("https://example.com/status")
                .status_callback_method(StatusCallbackMethod::Post)
                .status_callback_event(vec![
                    StatusCallbackEvent::Initiated,
                    StatusCallbackEvent::Completed,
                ])
                .store_media(StoreMedia::False)
                .ttl(60);
            tally.ok("send_fax", client.send_fax(PROJECT, send).send().await);
            tally.ok("get_fax", client.get_fax(PROJECT, FAX_SID).send().await);
            let cancel = UpdateFaxRequest::new(UpdateFaxStatus::Canceled);
            let updated = client.update_fax(PROJECT, FAX_SID, cancel).send().await;
            tally.ok("update_fax", updated);
            let deleted = client.delete_fax(PROJECT, FAX_SID).send().await;
            tally.ok("delete_fax", deleted);
            let media = client
                .list_fax_media(PROJECT, FAX_SID)
                .page_size(20)
                .send()
                .await;
            tally.ok("list_fax_media", media);
            let media = client
                .get_fax_media(PROJECT, FAX_SID, MEDIA_SID)
                .send()
                .await;
            tally.ok("get_fax_media", media);
            let deleted = client
                .delete_fax_media(PROJECT, FAX_SID, MEDIA_SID)
                .send()
                .await;
            tally.ok("delete_fax_media", deleted);
        }

        reject!(
            tally,
            "list_faxes PageSize=5000 (maximum 1000)",
            "query.PageSize",
            client.list_faxes(PROJECT).page_size(5000)
        );
        reject!(
            tally,
            "list_fax_media Page=-1 (minimum 0)",
            "query.Page",
            client.list_fax_media(PROJECT, FAX_SID).page(-1)
        );
        reject!(
            tally,
            "send_fax Ttl=301 (maximum 300)",
            "body.Ttl",
            client.send_fax(PROJECT, send_request().ttl(301))
        );
        reject!(
            tally,
            "send_fax Ttl=4 (minimum 5)",
            "body.Ttl",
            client.send_fax(PROJECT, send_request().ttl(4))
        );
        let bogus = send_request().quality(FaxQuality::Unknown("ultra_bogus".into()));
        reject!(
            tally,
            "send_fax Quality=ultra_bogus (not in the enum)",
            "body.Quality",
            client.send_fax(PROJECT, bogus)
        );
        let bogus = UpdateFaxRequest::new(UpdateFaxStatus::Unknown("paused".into()));
        reject!(
            tally,
            "update_fax Status=paused (only canceled)",
            "body.Status",
            client.update_fax(PROJECT, FAX_SID, bogus)
        );
        reject!(
            tally,
            "get_fax AccountSid=not-a-uuid (format uuid)",
            "path.AccountSid",
            client.get_fax("not-a-uuid", FAX_SID)
        );

        tally.summary(
            8,
            &[
                "send_fax without MediaUrl, To or From: SendFaxRequest::new takes them",
                "update_fax without Status: UpdateFaxRequest::new takes it",
                "an AccountSid or Sid left out: every operation takes them as arguments",
                "Page, PageSize or Ttl that is not an integer or beyond i32: the setters take i32",
            ],
        );
    }
}
