//! Every status and failure-reason value the three specs list, through the
//! table of its vendor, value by value; and made-up values to `Unknown`.
//!
//! The values are read from the spec files at test time, so a value added
//! to a spec (or a new status enum anywhere in one) fails this test until
//! it has an expected state here.

use fax_api::{signalwire, telnyx, twilio};
use fax_client::{FailureReason, FaxState, FaxStatus};
use serde_json::Value;
use std::collections::BTreeMap;

/// Every `enum` of a spec by its JSON pointer.
fn enums(file: &str) -> BTreeMap<String, Vec<String>> {
    let path = format!("{}/../specs/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let spec: Value = if file.ends_with(".json") {
        serde_json::from_str(&text).unwrap()
    } else {
        serde_yaml::from_str(&text).unwrap()
    };
    let mut found = BTreeMap::new();
    walk(&spec, String::new(), &mut found);
    found
}

fn walk(node: &Value, pointer: String, found: &mut BTreeMap<String, Vec<String>>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Array(values)) = map.get("enum") {
                let values = values
                    .iter()
                    .map(|v| v.as_str().expect("string enum").to_owned());
                found.insert(pointer.clone(), values.collect());
            }
            for (key, child) in map {
                walk(child, format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{pointer}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// The enums of a spec that describe a fax's status or failure reason: any
/// whose name says status or reason, except those we send rather than read.
fn status_enums(file: &str, sent_by_us: &[&str]) -> BTreeMap<String, Vec<String>> {
    enums(file)
        .into_iter()
        .filter(|(pointer, _)| {
            let name = pointer.rsplit('/').next().unwrap_or("").to_lowercase();
            (name.contains("status") || name.contains("reason"))
                && !sent_by_us.contains(&pointer.as_str())
        })
        .collect()
}

/// What the values common to Twilio and SignalWire mean.
fn compat_expected(value: &str) -> Option<FaxState> {
    Some(match value {
        "queued" => FaxState::Queued,
        "processing" => FaxState::Processing,
        "sending" => FaxState::Sending,
        "delivered" => FaxState::Delivered,
        "receiving" => FaxState::Receiving,
        "received" => FaxState::Received,
        "no-answer" => FaxState::Failed(FailureReason::NoAnswer),
        "busy" => FaxState::Failed(FailureReason::Busy),
        "failed" => FaxState::Failed(FailureReason::Other),
        "canceled" => FaxState::Canceled,
        _ => return None,
    })
}

fn telnyx_expected(value: &str) -> Option<FaxState> {
    Some(match value {
        "queued" => FaxState::Queued,
        "media.processed" | "originated" => FaxState::Processing,
        "sending" => FaxState::Sending,
        "delivered" => FaxState::Delivered,
        "failed" => FaxState::Failed(FailureReason::Other),
        "initiated" | "receiving" | "media.processing" => FaxState::Receiving,
        "received" => FaxState::Received,
        _ => return None,
    })
}

fn telnyx_reason_expected(value: &str) -> Option<FailureReason> {
    Some(match value {
        "rejected" => FailureReason::Rejected,
        "file_size_limit_exceeded" | "page_count_limit_exceeded" => FailureReason::MediaError,
        _ => return None,
    })
}

/// Checks each value of `values` through `map` against `expected`, and
/// that the raw text is kept.
fn check(
    place: &str,
    values: &[String],
    expected: impl Fn(&str) -> Option<FaxState>,
    map: impl Fn(&str) -> FaxStatus,
) -> usize {
    for value in values {
        let want = expected(value)
            .unwrap_or_else(|| panic!("{place}: `{value}` has no expected state in this test"));
        let got = map(value);
        assert_eq!(got.state, want, "{place}: `{value}`");
        assert_eq!(got.vendor_status, *value, "{place}: raw text kept");
    }
    values.len()
}

#[test]
fn every_twilio_status_of_the_spec_maps_as_expected() {
    let mut found = status_enums("twilio_fax_v1.json", &[]);
    found.extend(status_enums(
        "twilio_fax_v1.overlay.yaml",
        &["/components/schemas/UpdateFaxRequest/properties/Status"],
    ));
    let mut checked = 0;
    for (pointer, values) in &found {
        checked += match pointer.as_str() {
            "/components/schemas/fax.v1.fax/properties/status" => {
                check(pointer, values, compat_expected, |v| {
                    FaxStatus::from_twilio(&twilio::types::FaxStatus::from(v))
                })
            }
            // Incoming-fax requests are read with the callback's type,
            // whose status enum holds all of theirs.
            "/components/schemas/FaxStatusCallback/properties/FaxStatus"
            | "/components/schemas/InboundFaxRequest/properties/FaxStatus" => {
                check(pointer, values, compat_expected, |v| {
                    FaxStatus::from_twilio_callback(
                        &twilio::types::FaxStatusCallbackFaxStatus::from(v),
                    )
                })
            }
            other => panic!("a status enum this test does not know: {other} {values:?}"),
        };
    }
    assert_eq!(checked, 10 + 10 + 3, "{found:?}");
}

#[test]
fn every_signalwire_status_of_the_spec_maps_as_expected() {
    let found = status_enums(
        "signalwire_fax.yaml",
        &[
            "/components/schemas/UpdateFaxStatus",
            "/components/schemas/StatusCallbackMethod",
            "/components/schemas/StatusCallbackEvent",
        ],
    );
    let mut checked = 0;
    for (pointer, values) in &found {
        checked += match pointer.as_str() {
            "/components/schemas/FaxStatus" => check(pointer, values, compat_expected, |v| {
                FaxStatus::from_signalwire(&signalwire::types::FaxStatus::from(v))
            }),
            other => panic!("a status enum this test does not know: {other} {values:?}"),
        };
    }
    assert_eq!(checked, 10, "{found:?}");
}

#[test]
fn every_telnyx_status_and_failure_reason_of_the_spec_maps_as_expected() {
    let found = status_enums("telnyx_fax.yaml", &[]);
    let mut checked = 0;
    for (pointer, values) in &found {
        checked += match pointer.as_str() {
            "/components/schemas/FaxStatus" => check(pointer, values, telnyx_expected, |v| {
                FaxStatus::from_telnyx(&telnyx::types::FaxStatus::from(v), None)
            }),
            "/components/schemas/FaxFailureReason" => {
                for value in values {
                    let want = telnyx_reason_expected(value)
                        .unwrap_or_else(|| panic!("`{value}` has no expected reason"));
                    let reason = telnyx::types::FaxFailureReason::from(value.as_str());
                    let got =
                        FaxStatus::from_telnyx(&telnyx::types::FaxStatus::Failed, Some(&reason));
                    assert_eq!(got.state, FaxState::Failed(want), "{value}");
                    assert_eq!(got.vendor_status, "failed");
                    assert_eq!(got.vendor_reason.as_deref(), Some(value.as_str()));
                }
                values.len()
            }
            other => panic!("a status enum this test does not know: {other} {values:?}"),
        };
    }
    assert_eq!(checked, 10 + 3, "{found:?}");
}

#[test]
fn made_up_values_map_to_unknown_with_the_raw_text() {
    let made_up = "teleported";
    let unknown = FaxState::Unknown(made_up.to_owned());
    let statuses = [
        FaxStatus::from_twilio(&twilio::types::FaxStatus::from(made_up)),
        FaxStatus::from_twilio_callback(&twilio::types::FaxStatusCallbackFaxStatus::from(made_up)),
        FaxStatus::from_telnyx(&telnyx::types::FaxStatus::from(made_up), None),
        FaxStatus::from_signalwire(&signalwire::types::FaxStatus::from(made_up)),
    ];
    for status in statuses {
        assert_eq!(status.state, unknown);
        assert_eq!(status.vendor_status, made_up);
        assert!(!status.is_final());
    }

    let reason = telnyx::types::FaxFailureReason::from("fax_machine_on_fire");
    let status = FaxStatus::from_telnyx(&telnyx::types::FaxStatus::Failed, Some(&reason));
    assert_eq!(
        status.state,
        FaxState::Failed(FailureReason::Unknown("fax_machine_on_fire".into()))
    );
    assert_eq!(status.vendor_reason.as_deref(), Some("fax_machine_on_fire"));
    assert!(status.is_final());
}
