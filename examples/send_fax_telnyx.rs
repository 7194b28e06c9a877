//! Sends a fax through Telnyx, from a URL or by uploading a file, and prints
//! what Telnyx answered.
//!
//! ```text
//! TELNYX_API_KEY=KEY… cargo run -p fax-examples --bin send_fax_telnyx -- \
//!     --connection-id 123 --to +15551230000 --from +15559870000 \
//!     (--media-url https://example.com/fax.pdf | --file fax.pdf) \
//!     [--base-url http://127.0.0.1:4010]
//! ```

use fax_api::telnyx::types::{SendFaxMultipartRequest, SendFaxRequest};
use fax_api::telnyx::{Client, Credentials};
use fax_examples::cli::{env, Flags};
use fax_runtime::FilePart;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::from_args()?;
    let mut client = Client::new(Credentials::bearer(env("TELNYX_API_KEY")?));
    if let Some(base_url) = flags.get("base-url") {
        client = client.with_base_url(base_url);
    }
    let (connection, from, to) = (
        flags.require("connection-id")?,
        flags.require("from")?,
        flags.require("to")?,
    );
    let fax = match (flags.get("media-url"), flags.get("file")) {
        (Some(url), None) => {
            let request = SendFaxRequest::new(connection, from, to).media_url(url);
            client.send_fax(request).send().await?
        }
        (None, Some(path)) => {
            let file = FilePart::from_path(path)?;
            let request = SendFaxMultipartRequest::new(connection, file, from, to);
            client.send_fax_multipart(request).send().await?
        }
        _ => return Err("give exactly one of --media-url and --file".into()),
    };
    println!("fax {} is {}", fax.data.id, fax.data.status);
    Ok(())
}
