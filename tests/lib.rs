//! Test support for the generator and the generated clients.
//!
//! The examples below are compiled by `cargo test` (doctests): a request with
//! every required value compiles, and leaving one out does not.
//!
//! ```no_run
//! # async fn send() -> Result<(), Box<dyn std::error::Error>> {
//! use fax_api::telnyx::{types::SendFaxRequest, Client, Credentials};
//! let client = Client::new(Credentials::bearer("KEY"));
//! let request = SendFaxRequest::new("connection", "+15551230000", "+15559870000");
//! let fax = client.send_fax(request.media_url("https://example.com/fax.pdf")).send().await?;
//! let again = client.get_fax(&fax.data.id).send().await?;
//! # let _ = again;
//! # Ok(())
//! # }
//! ```
//!
//! A request body without one of its required fields does not compile:
//!
//! ```compile_fail
//! use fax_api::telnyx::types::SendFaxRequest;
//! let request = SendFaxRequest::new("connection", "+15551230000"); // no `to`
//! ```
//!
//! Nor does an operation without its required path parameter:
//!
//! ```compile_fail
//! use fax_api::twilio::{Client, Credentials};
//! let client = Client::new(Credentials::basic("AC…", "token"));
//! let request = client.fetch_fax(); // no fax SID
//! ```
//!
//! [`fixtures`] holds the models generated from every feature fixture under
//! `fixtures/features/`, built by `build.rs`: compiling this crate proves each
//! fixture's output is valid Rust, and the behaviour tests use its types.

/// One module per feature fixture.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// One whole generated client per fixture under `fixtures/clients/`.
pub mod clients {
    include!(concat!(env!("OUT_DIR"), "/clients.rs"));
}

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf()
}

/// A path under this crate's `fixtures/` folder.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative)
}

/// A vendor payload from `fixtures/payloads/` (see its README), as JSON.
pub fn payload(name: &str) -> serde_json::Value {
    let path = fixture(&format!("payloads/{name}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Generates `text` (named `name` in diagnostics) with `overlays`, panicking
/// with every diagnostic when the generator refuses it.
pub fn generate_or_panic(
    name: &str,
    text: &str,
    overlays: &[(&str, &str)],
) -> fax_codegen::GeneratedApi {
    fax_codegen::generate_with_overlays(name, text, overlays, "").unwrap_or_else(|diagnostics| {
        let all: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        panic!("{name}: {}", all.join("\n"))
    })
}

/// Generates a fixture and returns its `types.rs`, panicking with the diagnostics on failure.
pub fn generate_fixture(relative: &str) -> String {
    let text = std::fs::read_to_string(fixture(relative)).expect("fixture exists");
    let name = format!("fixtures/{relative}");
    match fax_codegen::generate(&name, &text, "") {
        Ok(generated) => {
            generated
                .files
                .into_iter()
                .find(|f| f.name == "types.rs")
                .expect("types.rs")
                .contents
        }
        Err(diagnostics) => {
            panic!(
                "{name} failed: {}",
                diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        }
    }
}
