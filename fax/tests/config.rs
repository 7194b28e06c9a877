//! Accounts and webhook keys from environment variables (given as a map, so
//! the tests do not touch the process environment).

use fax_client::{config, Error, Vendor};
use std::collections::HashMap;

fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn vendors(pairs: &[(&str, &str)]) -> Vec<Vendor> {
    config::providers_from(lookup(pairs))
        .unwrap()
        .iter()
        .map(|p| p.vendor())
        .collect()
}

const ALL: [(&str, &str); 7] = [
    ("TWILIO_ACCOUNT_SID", "AC123"),
    ("TWILIO_AUTH_TOKEN", "token"),
    ("TELNYX_API_KEY", "KEY"),
    ("TELNYX_CONNECTION_ID", "1234"),
    ("SIGNALWIRE_SPACE", "example"),
    ("SIGNALWIRE_PROJECT_ID", "p-1"),
    ("SIGNALWIRE_API_TOKEN", "PT1"),
];

#[test]
fn configured_vendors_in_the_default_order_or_fax_vendors_order() {
    assert_eq!(
        vendors(&ALL),
        [Vendor::Twilio, Vendor::Telnyx, Vendor::SignalWire]
    );
    let mut ordered = ALL.to_vec();
    ordered.push(("FAX_VENDORS", "signalwire, telnyx"));
    assert_eq!(vendors(&ordered), [Vendor::SignalWire, Vendor::Telnyx]);
    assert!(vendors(&[("TWILIO_ACCOUNT_SID", " ")]).is_empty());
}

#[test]
fn a_half_configured_vendor_or_an_unknown_name_is_an_error() {
    let error = config::providers_from(lookup(&[("SIGNALWIRE_SPACE", "example")])).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Config {
                variable: "SIGNALWIRE_PROJECT_ID",
                ..
            }
        ),
        "{error:?}"
    );
    let error = config::providers_from(lookup(&[("FAX_VENDORS", "twilio,fedex")])).unwrap_err();
    assert!(error.to_string().contains("fedex"), "{error}");
}

#[test]
fn webhook_keys_from_the_environment() {
    let verifier = config::webhook_verifier_from(lookup(&[
        (
            "TELNYX_PUBLIC_KEY",
            "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n",
        ),
        ("TWILIO_AUTH_TOKEN", "token"),
    ]))
    .unwrap();
    assert!(verifier.has_key(Vendor::Telnyx));
    assert!(verifier.has_key(Vendor::Twilio));
    assert!(!verifier.has_key(Vendor::SignalWire));

    let error =
        config::webhook_verifier_from(lookup(&[("TELNYX_PUBLIC_KEY", "not a key")])).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Config {
                variable: "TELNYX_PUBLIC_KEY",
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn a_vendor_named_in_fax_vendors_must_be_configured_and_named_once() {
    // Telnyx asked for first, but its variables are missing (or misspelled):
    // an error at start-up, not a send that quietly goes elsewhere.
    let twilio_only = [
        ("FAX_VENDORS", "telnyx,twilio"),
        ("TWILIO_ACCOUNT_SID", "AC123"),
        ("TWILIO_AUTH_TOKEN", "token"),
        ("TELNYX_APIKEY", "KEY"),
    ];
    let error = config::providers_from(lookup(&twilio_only)).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Config {
                variable: "TELNYX_API_KEY",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("FAX_VENDORS"), "{error}");

    let mut twice = ALL.to_vec();
    twice.push(("FAX_VENDORS", "twilio, telnyx, twilio"));
    let error = config::providers_from(lookup(&twice)).unwrap_err();
    assert!(
        matches!(
            error,
            Error::Config {
                variable: "FAX_VENDORS",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("twice"), "{error}");
}
