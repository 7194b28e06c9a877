//! Sends a fax through the first configured vendor that takes it, with the
//! `fax-client` crate's failover: the next vendor is tried only when the one before
//! certainly did not take the fax, so a fax is never sent twice.
//!
//! ```text
//! FAX_VENDORS=telnyx,twilio \
//! TELNYX_API_KEY=… TELNYX_CONNECTION_ID=… \
//! TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… \
//!   cargo run -p fax-examples --bin send_fax_any -- \
//!     --to +15551230000 --from +15559870000 \
//!     (--media-url https://example.com/fax.pdf | --file fax.pdf) \
//!     [--status-callback https://hooks.example.com/fax] [--reference invoice-1042]
//! ```
//!
//! Each vendor is configured by its variables (see `fax_client::config`); those
//! not set are left out. `TWILIO_BASE_URL`, `TELNYX_BASE_URL` and
//! `SIGNALWIRE_BASE_URL` point a vendor at a mock server. It prints the fax
//! id (`telnyx:…`), which `fax_client::FaxId` parses back, and exits with 1 when the
//! fax was not sent, 3 when it may have been (do not send it again before
//! looking for it at the vendor named).

use fax_client::{Document, Error, Fax};
use fax_examples::cli::Flags;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            match error.downcast_ref::<Error>() {
                Some(error) if error.may_have_been_sent() => ExitCode::from(3),
                Some(_) => ExitCode::FAILURE,
                None => ExitCode::from(2),
            }
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::from_args()?;
    let document = match (flags.get("media-url"), flags.get("file")) {
        (Some(url), None) => Document::url(url),
        (None, Some(path)) => Document::file(path)?,
        _ => return Err("give exactly one of --media-url and --file".into()),
    };
    let mut fax = Fax::new(flags.require("to")?, flags.require("from")?, document);
    if let Some(url) = flags.get("status-callback") {
        fax = fax.status_callback(url);
    }
    if let Some(reference) = flags.get("reference") {
        fax = fax.client_reference(reference);
    }
    let client = fax_client::config::client_from_env()?;
    let vendors: Vec<String> = client
        .providers()
        .iter()
        .map(|p| p.vendor().to_string())
        .collect();
    println!("vendors, in order: {}", vendors.join(", "));

    let sent = client.send(&fax).await?;
    for attempt in &sent.tried {
        println!("not sent through {}: {}", attempt.vendor, attempt.error);
    }
    println!("fax {} is {}", sent.id, sent.status);
    Ok(())
}
