//! Sends a fax through Twilio and prints what Twilio answered.
//!
//! ```text
//! TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… cargo run -p fax-examples --bin send_fax_twilio -- \
//!     --to +15551230000 --from +15559870000 --media-url https://example.com/fax.pdf \
//!     [--base-url http://127.0.0.1:4010]
//! ```

use fax_api::twilio::types::CreateFaxRequest;
use fax_api::twilio::{Client, Credentials};
use fax_examples::cli::{env, Flags};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::from_args()?;
    let credentials = Credentials::basic(env("TWILIO_ACCOUNT_SID")?, env("TWILIO_AUTH_TOKEN")?);
    let mut client = Client::new(credentials);
    if let Some(base_url) = flags.get("base-url") {
        client = client.with_base_url(base_url);
    }
    let request = CreateFaxRequest::new(flags.require("to")?, flags.require("media-url")?);
    let request = match flags.get("from") {
        Some(from) => request.from(from),
        None => request,
    };
    let fax = client.create_fax(request).send().await?;
    println!(
        "fax {} is {}",
        fax.sid.as_deref().unwrap_or("(no sid)"),
        fax.status.as_ref().map_or("(no status)", |s| s.as_str())
    );
    Ok(())
}
