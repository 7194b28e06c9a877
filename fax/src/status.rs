//! One status vocabulary for every vendor, and one table per vendor that
//! maps the vendor's own values into it.
//!
//! Each table matches on the generated enum of the vendor's spec. Those
//! enums are `#[non_exhaustive]`, so a value the vendor adds later (a new
//! variant after regeneration, or `Unknown(text)` before it) reaches the
//! `_` arm and becomes [`FaxState::Unknown`] with the vendor's text: never a
//! state that could be wrong. `fax/tests/status_mapping.rs` reads the specs
//! and checks every listed value against these tables.

use fax_api::{signalwire, telnyx, twilio};
use std::fmt;

/// Where a fax stands, in the same words for every vendor.
///
/// States may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FaxState {
    /// Accepted by the vendor, waiting its turn.
    Queued,
    /// The vendor is preparing the document or placing the call.
    Processing,
    /// The fax is being transmitted.
    Sending,
    /// Transmitted in full to the receiving machine.
    Delivered,
    /// An incoming fax is arriving.
    Receiving,
    /// An incoming fax arrived in full.
    Received,
    /// The fax did not go through (or did not arrive); the reason says why.
    Failed(FailureReason),
    /// Canceled before transmission.
    Canceled,
    /// A status this version does not know, as the vendor wrote it.
    Unknown(String),
}

impl FaxState {
    /// Whether the fax will not change state again (delivered, received,
    /// failed or canceled). An unknown state is not final: poll again.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            FaxState::Delivered | FaxState::Received | FaxState::Failed(_) | FaxState::Canceled
        )
    }
}

impl fmt::Display for FaxState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaxState::Queued => f.write_str("queued"),
            FaxState::Processing => f.write_str("processing"),
            FaxState::Sending => f.write_str("sending"),
            FaxState::Delivered => f.write_str("delivered"),
            FaxState::Receiving => f.write_str("receiving"),
            FaxState::Received => f.write_str("received"),
            FaxState::Failed(reason) => write!(f, "failed ({reason})"),
            FaxState::Canceled => f.write_str("canceled"),
            FaxState::Unknown(raw) => write!(f, "unknown ({raw})"),
        }
    }
}

/// Why a fax failed, in the same words for every vendor.
///
/// Reasons may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureReason {
    /// The line was busy.
    Busy,
    /// Nobody answered.
    NoAnswer,
    /// The receiving side refused the fax.
    Rejected,
    /// The document could not be sent as it is (too large, too many pages).
    MediaError,
    /// The vendor gave no reason this vocabulary has a word for; its error
    /// code or message, when there is one, is in the vendor's own record.
    Other,
    /// A reason this version does not know, as the vendor wrote it.
    Unknown(String),
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureReason::Busy => f.write_str("busy"),
            FailureReason::NoAnswer => f.write_str("no answer"),
            FailureReason::Rejected => f.write_str("rejected"),
            FailureReason::MediaError => f.write_str("media error"),
            FailureReason::Other => f.write_str("other"),
            FailureReason::Unknown(raw) => write!(f, "unknown: {raw}"),
        }
    }
}

/// A fax's status: the [`FaxState`] and, always, what the vendor said.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FaxStatus {
    /// The state, in this crate's words.
    pub state: FaxState,
    /// The vendor's status, as sent (`no-answer`, `media.processed`, …);
    /// empty when the vendor sent none, as in a request announcing an
    /// incoming fax.
    pub vendor_status: String,
    /// The vendor's failure reason, as sent, when it sent one: Telnyx's
    /// `failure_reason` (its events only); Twilio's and SignalWire's error
    /// code, or their error message when there is no code (their callbacks,
    /// and SignalWire's fax resource; Twilio's fax resource has neither).
    pub vendor_reason: Option<String>,
}

/// The table of the vocabulary Twilio and SignalWire share (SignalWire's
/// fax API follows Twilio's), written once and matched against each of the
/// three generated enums that carry it: a variant a regenerated client adds
/// falls to [`FaxState::Unknown`] with its wire text.
macro_rules! twilio_family_status {
    ($status:expr, $enum:ty) => {{
        type S = $enum;
        let status = $status;
        let state = match status {
            S::Queued => FaxState::Queued,
            S::Processing => FaxState::Processing,
            S::Sending => FaxState::Sending,
            S::Delivered => FaxState::Delivered,
            S::Receiving => FaxState::Receiving,
            S::Received => FaxState::Received,
            S::NoAnswer => FaxState::Failed(FailureReason::NoAnswer),
            S::Busy => FaxState::Failed(FailureReason::Busy),
            S::Failed => FaxState::Failed(FailureReason::Other),
            S::Canceled => FaxState::Canceled,
            other => FaxState::Unknown(other.as_str().to_owned()),
        };
        FaxStatus::new(state, status.as_str(), None)
    }};
}

impl FaxStatus {
    /// A status of `state` with the vendor's words beside it.
    pub fn new(
        state: FaxState,
        vendor_status: impl Into<String>,
        vendor_reason: Option<String>,
    ) -> Self {
        Self {
            state,
            vendor_status: vendor_status.into(),
            vendor_reason,
        }
    }

    /// Whether the fax will not change state again.
    pub fn is_final(&self) -> bool {
        self.state.is_final()
    }

    /// Twilio's status of a fax resource (`GET /v1/Faxes/{Sid}`).
    pub fn from_twilio(status: &fax_api::twilio::types::FaxStatus) -> Self {
        twilio_family_status!(status, twilio::types::FaxStatus)
    }

    /// The `FaxStatus` parameter of a Twilio status callback or
    /// incoming-fax request (its own enum in the spec, with the same values).
    pub fn from_twilio_callback(
        status: &fax_api::twilio::types::FaxStatusCallbackFaxStatus,
    ) -> Self {
        twilio_family_status!(status, twilio::types::FaxStatusCallbackFaxStatus)
    }

    /// Telnyx's status, with the failure reason a `fax.failed` event carries.
    ///
    /// `media.processed` and `originated` (document ready, call placed) read
    /// as processing; `initiated` and `media.processing` of an incoming fax
    /// as receiving, since the fax has not arrived in full until `received`.
    pub fn from_telnyx(
        status: &fax_api::telnyx::types::FaxStatus,
        reason: Option<&fax_api::telnyx::types::FaxFailureReason>,
    ) -> Self {
        use telnyx::types::FaxStatus as S;
        let state = match status {
            S::Queued => FaxState::Queued,
            S::MediaProcessed | S::Originated => FaxState::Processing,
            S::Sending => FaxState::Sending,
            S::Delivered => FaxState::Delivered,
            S::Failed => FaxState::Failed(telnyx_reason(reason)),
            S::Initiated | S::Receiving | S::MediaProcessing => FaxState::Receiving,
            S::Received => FaxState::Received,
            other => FaxState::Unknown(other.as_str().to_owned()),
        };
        Self::new(
            state,
            status.as_str(),
            reason.map(|reason| reason.as_str().to_owned()),
        )
    }

    /// SignalWire's status, of a fax resource or a status callback (one enum).
    pub fn from_signalwire(status: &fax_api::signalwire::types::FaxStatus) -> Self {
        twilio_family_status!(status, signalwire::types::FaxStatus)
    }
}

/// The reason Twilio and SignalWire give for a failure, as sent: the
/// `ErrorCode` (`error_code`) of a callback or fax, or its message when it
/// has no code.
pub(crate) fn error_reason(code: &Option<String>, message: &Option<String>) -> Option<String> {
    [code, message]
        .into_iter()
        .flatten()
        .find(|text| !text.trim().is_empty())
        .cloned()
}

/// Telnyx's failure reasons: the two limits on the document are media
/// errors; no reason at all is [`FailureReason::Other`].
fn telnyx_reason(reason: Option<&telnyx::types::FaxFailureReason>) -> FailureReason {
    use telnyx::types::FaxFailureReason as R;
    match reason {
        None => FailureReason::Other,
        Some(R::Rejected) => FailureReason::Rejected,
        Some(R::FileSizeLimitExceeded | R::PageCountLimitExceeded) => FailureReason::MediaError,
        Some(other) => FailureReason::Unknown(other.as_str().to_owned()),
    }
}

impl fmt::Display for FaxStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.state)
    }
}
