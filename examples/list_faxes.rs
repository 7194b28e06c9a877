//! Lists every fax of an account, walking all pages, one line per fax.
//!
//! ```text
//! cargo run -p fax-examples --bin list_faxes -- --vendor twilio|telnyx|signalwire \
//!     [--base-url http://127.0.0.1:4010]
//! ```
//! Credentials come from the same variables as the send_fax_* programs.

use fax_examples::cli::{env, Flags};
use futures_util::{pin_mut, TryStreamExt as _};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let flags = Flags::from_args()?;
    let base_url = flags.get("base-url");
    let mut count = 0usize;
    match flags.require("vendor")? {
        "twilio" => {
            use fax_api::twilio::{Client, Credentials};
            let credentials =
                Credentials::basic(env("TWILIO_ACCOUNT_SID")?, env("TWILIO_AUTH_TOKEN")?);
            let mut client = Client::new(credentials);
            if let Some(url) = base_url {
                client = client.with_base_url(url);
            }
            let faxes = client.list_fax().page_size(100).stream();
            pin_mut!(faxes);
            while let Some(fax) = faxes.try_next().await? {
                count += 1;
                println!(
                    "{} {:?} {:?}",
                    fax.sid.unwrap_or_default(),
                    fax.status,
                    fax.to
                );
            }
        }
        "telnyx" => {
            use fax_api::telnyx::{Client, Credentials};
            let mut client = Client::new(Credentials::bearer(env("TELNYX_API_KEY")?));
            if let Some(url) = base_url {
                client = client.with_base_url(url);
            }
            let faxes = client.list_faxes().stream();
            pin_mut!(faxes);
            while let Some(fax) = faxes.try_next().await? {
                count += 1;
                println!("{} {} {:?}", fax.id, fax.status, fax.to);
            }
        }
        "signalwire" => {
            use fax_api::signalwire::{Client, Credentials};
            let project = env("SIGNALWIRE_PROJECT_ID")?;
            let credentials = Credentials::basic(project.clone(), env("SIGNALWIRE_API_TOKEN")?);
            let mut client = Client::new(&env("SIGNALWIRE_SPACE")?, credentials);
            if let Some(url) = base_url {
                client = client.with_base_url(url);
            }
            let faxes = client.list_faxes(project).stream();
            pin_mut!(faxes);
            while let Some(fax) = faxes.try_next().await? {
                count += 1;
                println!("{} {} {}", fax.sid, fax.status, fax.to);
            }
        }
        other => {
            return Err(format!("unknown vendor `{other}`: twilio, telnyx or signalwire").into())
        }
    }
    eprintln!("{count} faxes");
    Ok(())
}
