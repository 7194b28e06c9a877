//! The `send_fax_any` binary over loopback: vendors from the environment,
//! the first unreachable, the fax sent through the second.

use std::process::Command;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TWILIO_FAX: &str = r#"{"sid": "FX0123456789abcdef0123456789abcdef", "status": "queued",
    "to": "+15551230000", "from": "+15559870000"}"#;

/// Every variable the fax crate's configuration reads, so the machine's own
/// settings do not leak into the test.
const VARIABLES: [&str; 13] = [
    "FAX_VENDORS",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_BASE_URL",
    "TELNYX_API_KEY",
    "TELNYX_CONNECTION_ID",
    "TELNYX_BASE_URL",
    "TELNYX_PUBLIC_KEY",
    "SIGNALWIRE_SPACE",
    "SIGNALWIRE_PROJECT_ID",
    "SIGNALWIRE_API_TOKEN",
    "SIGNALWIRE_BASE_URL",
    "SIGNALWIRE_SIGNING_KEY",
];

fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_send_fax_any"));
    for name in VARIABLES {
        command.env_remove(name);
    }
    command.args([
        "--to",
        "+15551230000",
        "--from",
        "+15559870000",
        "--media-url",
        "https://example.com/fax.pdf",
    ]);
    command
}

#[tokio::test]
async fn an_unreachable_first_vendor_hands_the_fax_to_the_next() {
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/Faxes"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(TWILIO_FAX, "application/json"))
        .expect(1)
        .mount(&twilio)
        .await;
    let refusing = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let output = command()
        .env("FAX_VENDORS", "telnyx,twilio")
        .env("TELNYX_API_KEY", "KEY")
        .env("TELNYX_CONNECTION_ID", "1234")
        .env("TELNYX_BASE_URL", refusing)
        .env("TWILIO_ACCOUNT_SID", "AC123")
        .env("TWILIO_AUTH_TOKEN", "token")
        .env("TWILIO_BASE_URL", twilio.uri())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("vendors, in order: telnyx, twilio"),
        "{stdout}"
    );
    assert!(stdout.contains("not sent through telnyx"), "{stdout}");
    assert!(
        stdout.contains("fax twilio:FX0123456789abcdef0123456789abcdef is queued"),
        "{stdout}"
    );
}

#[tokio::test]
async fn a_vendor_that_may_have_the_fax_ends_the_program_with_3() {
    let telnyx = MockServer::start().await;
    let twilio = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&telnyx)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_raw(TWILIO_FAX, "application/json"))
        .expect(0)
        .mount(&twilio)
        .await;
    let output = command()
        .env("FAX_VENDORS", "telnyx,twilio")
        .env("TELNYX_API_KEY", "KEY")
        .env("TELNYX_CONNECTION_ID", "1234")
        .env("TELNYX_BASE_URL", telnyx.uri())
        .env("TWILIO_ACCOUNT_SID", "AC123")
        .env("TWILIO_AUTH_TOKEN", "token")
        .env("TWILIO_BASE_URL", twilio.uri())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("may have been sent through telnyx"),
        "{stderr}"
    );
}

#[test]
fn without_any_vendor_it_says_what_to_set() {
    let output = command().output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no fax vendor is configured"), "{stderr}");
}
