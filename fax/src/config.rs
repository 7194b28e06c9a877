//! Accounts and webhook keys from environment variables, one per
//! credential, as the example programs read them.
//!
//! | vendor | to send | optional | to verify webhooks |
//! |---|---|---|---|
//! | Twilio | `TWILIO_ACCOUNT_SID`, `TWILIO_AUTH_TOKEN` | `TWILIO_BASE_URL` | `TWILIO_AUTH_TOKEN` |
//! | Telnyx | `TELNYX_API_KEY`, `TELNYX_CONNECTION_ID` | `TELNYX_BASE_URL` | `TELNYX_PUBLIC_KEY` |
//! | SignalWire | `SIGNALWIRE_SPACE`, `SIGNALWIRE_PROJECT_ID`, `SIGNALWIRE_API_TOKEN` | `SIGNALWIRE_BASE_URL` | `SIGNALWIRE_SIGNING_KEY` |
//!
//! A vendor whose sending variables are all unset is left out; one with
//! only some of them set is an error naming the missing one, so a typo shows
//! at start-up. `FAX_VENDORS` (`telnyx,twilio`) orders the vendors for
//! failover and leaves out those it does not name; a vendor it names must be
//! configured, and named once (an error otherwise). Without it the order is
//! Twilio, Telnyx, SignalWire. Empty values count as unset. The `*_BASE_URL`
//! variables point a vendor at a proxy or a mock server.
//!
//! ```
//! use fax_client::config;
//! use std::collections::HashMap;
//!
//! let env = HashMap::from([
//!     ("FAX_VENDORS", "telnyx,twilio"),
//!     ("TWILIO_ACCOUNT_SID", "AC123"),
//!     ("TWILIO_AUTH_TOKEN", "token"),
//!     ("TELNYX_API_KEY", "KEY"),
//!     ("TELNYX_CONNECTION_ID", "1234"),
//! ]);
//! let lookup = |name: &str| env.get(name).map(|value| value.to_string());
//! let providers = config::providers_from(lookup)?;
//! let vendors: Vec<_> = providers.iter().map(|p| p.vendor().to_string()).collect();
//! assert_eq!(vendors, ["telnyx", "twilio"]);
//!
//! let missing = HashMap::from([("TELNYX_API_KEY", "KEY")]);
//! let error = config::providers_from(|name| missing.get(name).map(|v| v.to_string()));
//! assert!(error.unwrap_err().to_string().contains("TELNYX_CONNECTION_ID"));
//! # Ok::<(), fax_client::Error>(())
//! ```

use crate::error::Error;
use crate::id::Vendor;
use crate::vendor::Provider;
use crate::webhook::WebhookVerifier;
use crate::FaxClient;
use fax_api::{signalwire, telnyx, twilio};
use fax_runtime::webhook;
use fax_runtime::Credentials;

/// The order of the vendors for failover: names separated by commas.
pub const FAX_VENDORS: &str = "FAX_VENDORS";
/// Twilio's account SID.
pub const TWILIO_ACCOUNT_SID: &str = "TWILIO_ACCOUNT_SID";
/// Twilio's auth token: the API password and the webhook signing key.
pub const TWILIO_AUTH_TOKEN: &str = "TWILIO_AUTH_TOKEN";
/// Another base URL for Twilio.
pub const TWILIO_BASE_URL: &str = "TWILIO_BASE_URL";
/// Telnyx's API key.
pub const TELNYX_API_KEY: &str = "TELNYX_API_KEY";
/// The Telnyx connection (fax application) faxes are sent through.
pub const TELNYX_CONNECTION_ID: &str = "TELNYX_CONNECTION_ID";
/// Another base URL for Telnyx.
pub const TELNYX_BASE_URL: &str = "TELNYX_BASE_URL";
/// Telnyx's webhook public key (base64).
pub const TELNYX_PUBLIC_KEY: &str = "TELNYX_PUBLIC_KEY";
/// The SignalWire space (the first label of its host name).
pub const SIGNALWIRE_SPACE: &str = "SIGNALWIRE_SPACE";
/// The SignalWire project id.
pub const SIGNALWIRE_PROJECT_ID: &str = "SIGNALWIRE_PROJECT_ID";
/// The SignalWire API token.
pub const SIGNALWIRE_API_TOKEN: &str = "SIGNALWIRE_API_TOKEN";
/// Another base URL for SignalWire.
pub const SIGNALWIRE_BASE_URL: &str = "SIGNALWIRE_BASE_URL";
/// SignalWire's Signing Key, for webhooks.
pub const SIGNALWIRE_SIGNING_KEY: &str = "SIGNALWIRE_SIGNING_KEY";

/// The accounts configured in the process environment, in failover order.
pub fn providers_from_env() -> Result<Vec<Provider>, Error> {
    providers_from(|name| std::env::var(name).ok())
}

/// A [`FaxClient`] over the accounts of the process environment; an error
/// when none is configured.
pub fn client_from_env() -> Result<FaxClient, Error> {
    let providers = providers_from_env()?;
    if providers.is_empty() {
        return Err(Error::Config {
            variable: FAX_VENDORS,
            message: "no fax vendor is configured: set the variables of at least one \
                      (TWILIO_*, TELNYX_* or SIGNALWIRE_*, see fax_client::config), and name it \
                      in FAX_VENDORS when that is set"
                .into(),
        });
    }
    Ok(FaxClient::new(providers))
}

/// The accounts `lookup` describes (a variable's value by name), in
/// failover order.
pub fn providers_from(lookup: impl Fn(&str) -> Option<String>) -> Result<Vec<Provider>, Error> {
    let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let named = get(FAX_VENDORS)
        .map(|list| vendor_order(&list))
        .transpose()?;
    let mut providers = Vec::new();
    for vendor in named.clone().unwrap_or_else(|| Vendor::ALL.to_vec()) {
        match provider_from(vendor, &get)? {
            Some(provider) => providers.push(provider),
            // Asked for by name: its variables are missing or misspelled.
            None if named.is_some() => {
                let variable = first_variable(vendor);
                return Err(Error::Config {
                    variable,
                    message: format!("{FAX_VENDORS} names {vendor}, but {variable} is not set"),
                });
            }
            None => {}
        }
    }
    Ok(providers)
}

/// The vendors `FAX_VENDORS` names, in its order, each once.
fn vendor_order(list: &str) -> Result<Vec<Vendor>, Error> {
    let refused = |message: String| Error::Config {
        variable: FAX_VENDORS,
        message,
    };
    let mut order: Vec<Vendor> = Vec::new();
    for name in list.split(',') {
        let vendor = name
            .trim()
            .parse::<Vendor>()
            .map_err(|e| refused(e.to_string()))?;
        if order.contains(&vendor) {
            return Err(refused(format!("{vendor} is named twice")));
        }
        order.push(vendor);
    }
    Ok(order)
}

/// The first variable a vendor's account needs.
fn first_variable(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Twilio => TWILIO_ACCOUNT_SID,
        Vendor::Telnyx => TELNYX_API_KEY,
        Vendor::SignalWire => SIGNALWIRE_SPACE,
    }
}

/// All of `names`, or none of them; some is an error naming the first missing.
fn all_or_none<const N: usize>(
    names: [&'static str; N],
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<[String; N]>, Error> {
    let values = names.map(get);
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    if let Some(i) = values.iter().position(Option::is_none) {
        return Err(Error::Config {
            variable: names[i],
            message: format!(
                "{} is set but {} is not",
                names
                    .iter()
                    .zip(&values)
                    .find(|(_, value)| value.is_some())
                    .map_or("", |(name, _)| name),
                names[i]
            ),
        });
    }
    Ok(Some(values.map(Option::unwrap_or_default)))
}

fn provider_from(
    vendor: Vendor,
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<Provider>, Error> {
    Ok(match vendor {
        Vendor::Twilio => {
            all_or_none([TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN], get)?.map(|[sid, token]| {
                let mut client = twilio::Client::new(Credentials::basic(sid, token));
                if let Some(url) = get(TWILIO_BASE_URL) {
                    client = client.with_base_url(url);
                }
                Provider::twilio(client)
            })
        }
        Vendor::Telnyx => {
            all_or_none([TELNYX_API_KEY, TELNYX_CONNECTION_ID], get)?.map(|[key, connection]| {
                let mut client = telnyx::Client::new(Credentials::bearer(key));
                if let Some(url) = get(TELNYX_BASE_URL) {
                    client = client.with_base_url(url);
                }
                Provider::telnyx(client, connection)
            })
        }
        Vendor::SignalWire => all_or_none(
            [
                SIGNALWIRE_SPACE,
                SIGNALWIRE_PROJECT_ID,
                SIGNALWIRE_API_TOKEN,
            ],
            get,
        )?
        .map(|[space, project, token]| {
            let credentials = Credentials::basic(project.clone(), token);
            let mut client = signalwire::Client::new(&space, credentials);
            if let Some(url) = get(SIGNALWIRE_BASE_URL) {
                client = client.with_base_url(url);
            }
            Provider::signalwire(client, project)
        }),
    })
}

/// The webhook keys configured in the process environment.
pub fn webhook_verifier_from_env() -> Result<WebhookVerifier, Error> {
    webhook_verifier_from(|name| std::env::var(name).ok())
}

/// The webhook keys `lookup` describes. A Telnyx key that is set but is no
/// Ed25519 public key is an error, found now rather than on the first webhook.
pub fn webhook_verifier_from(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<WebhookVerifier, Error> {
    let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
    let mut verifier = WebhookVerifier::new();
    if let Some(text) = get(TELNYX_PUBLIC_KEY) {
        let key = webhook::telnyx::PublicKey::from_base64(&text).map_err(|e| Error::Config {
            variable: TELNYX_PUBLIC_KEY,
            message: e.to_string(),
        })?;
        verifier = verifier.telnyx(key);
    }
    if let Some(token) = get(TWILIO_AUTH_TOKEN) {
        verifier = verifier.twilio(webhook::twilio::AuthToken::new(token));
    }
    if let Some(key) = get(SIGNALWIRE_SIGNING_KEY) {
        verifier = verifier.signalwire(webhook::signalwire::SigningKey::new(key));
    }
    Ok(verifier)
}
