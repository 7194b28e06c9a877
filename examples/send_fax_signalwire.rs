//! Sends a fax through SignalWire's compatibility API and prints what
//! SignalWire answered.
//!
//! ```text
//! SIGNALWIRE_SPACE=example SIGNALWIRE_PROJECT_ID=… SIGNALWIRE_API_TOKEN=PT… \
//!     cargo run -p fax-examples --bin send_fax_signalwire -- \
//!     --to +15551230000 --from +15559870000 --media-url https://example.com/fax.pdf \
//!     [--base-url http://127.0.0.1:4010]
//! ```

use fax_api::signalwire::types::SendFaxRequest;
use fax_api::signalwire::{Client, Credentials};
use fax_examples::cli::{env, Flags};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::from_args()?;
    let project = env("SIGNALWIRE_PROJECT_ID")?;
    let credentials = Credentials::basic(project.clone(), env("SIGNALWIRE_API_TOKEN")?);
    let mut client = Client::new(&env("SIGNALWIRE_SPACE")?, credentials);
    if let Some(base_url) = flags.get("base-url") {
        client = client.with_base_url(base_url);
    }
    let request = SendFaxRequest::new(
        flags.require("media-url")?,
        flags.require("to")?,
        flags.require("from")?,
    );
    let fax = client.send_fax(project, request).send().await?;
    println!("fax {} is {}", fax.sid, fax.status);
    Ok(())
}
