//! Which vendor a fax went through, and the id that names it there.

use std::fmt;
use std::str::FromStr;

/// One of the fax vendors this crate speaks to.
///
/// More vendors may come, so a `match` needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Vendor {
    /// Twilio Programmable Fax.
    Twilio,
    /// Telnyx Programmable Fax.
    Telnyx,
    /// SignalWire's compatibility (cXML) fax API.
    SignalWire,
}

impl Vendor {
    /// Every vendor, in the order this crate lists them.
    pub const ALL: [Vendor; 3] = [Vendor::Twilio, Vendor::Telnyx, Vendor::SignalWire];

    /// The vendor's name as it appears in a [`FaxId`]: `twilio`, `telnyx`, `signalwire`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Twilio => "twilio",
            Vendor::Telnyx => "telnyx",
            Vendor::SignalWire => "signalwire",
        }
    }
}

impl fmt::Display for Vendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Vendor {
    type Err = ParseFaxIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Vendor::ALL
            .into_iter()
            .find(|vendor| vendor.as_str() == text)
            .ok_or_else(|| ParseFaxIdError::UnknownVendor(text.to_owned()))
    }
}

/// A fax, named by its vendor and the vendor's own id for it.
///
/// It prints as `vendor:id` (`telnyx:0ccc7b54-…`, `twilio:FX…`) and parses
/// back from that text, so an application can store it in one column and
/// later fetch or cancel the fax through the right vendor.
///
/// ```
/// use fax_client::{FaxId, Vendor};
///
/// let id: FaxId = "telnyx:0ccc7b54-4df3-4bca-a65a-3da1ecc777f0".parse()?;
/// assert_eq!(id.vendor(), Vendor::Telnyx);
/// assert_eq!(id.vendor_id(), "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0");
/// assert_eq!(id.to_string().parse::<FaxId>()?, id);
/// assert!("fedex:123".parse::<FaxId>().is_err());
/// # Ok::<(), fax_client::ParseFaxIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaxId {
    vendor: Vendor,
    id: String,
}

impl FaxId {
    /// The fax `id` at `vendor`. Returns `None` for an empty id, which
    /// names no fax.
    pub fn new(vendor: Vendor, id: impl Into<String>) -> Option<Self> {
        let id = id.into();
        (!id.is_empty()).then_some(Self { vendor, id })
    }

    /// The vendor the fax went through.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The vendor's id of the fax (Twilio's and SignalWire's SID, Telnyx's UUID).
    pub fn vendor_id(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for FaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.vendor, self.id)
    }
}

impl FromStr for FaxId {
    type Err = ParseFaxIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (vendor, id) = text.split_once(':').ok_or(ParseFaxIdError::MissingVendor)?;
        let vendor: Vendor = vendor.parse()?;
        FaxId::new(vendor, id).ok_or(ParseFaxIdError::EmptyId)
    }
}

/// Why a text is not a [`FaxId`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseFaxIdError {
    /// No `vendor:` prefix.
    MissingVendor,
    /// The prefix names no vendor this crate knows.
    UnknownVendor(String),
    /// Nothing after the `vendor:` prefix.
    EmptyId,
}

impl fmt::Display for ParseFaxIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingVendor => f.write_str("a fax id is `vendor:id`; the `vendor:` is missing"),
            Self::UnknownVendor(name) => write!(
                f,
                "`{name}` is not a fax vendor (twilio, telnyx or signalwire)"
            ),
            Self::EmptyId => f.write_str("the fax id after `vendor:` is empty"),
        }
    }
}

impl std::error::Error for ParseFaxIdError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        for vendor in Vendor::ALL {
            let id = FaxId::new(vendor, "FX1:with:colons").unwrap();
            let text = id.to_string();
            assert!(text.starts_with(vendor.as_str()));
            assert_eq!(text.parse::<FaxId>().unwrap(), id);
        }
        assert_eq!(
            "twilio".parse::<FaxId>(),
            Err(ParseFaxIdError::MissingVendor)
        );
        assert_eq!("twilio:".parse::<FaxId>(), Err(ParseFaxIdError::EmptyId));
        assert_eq!(
            "Twilio:FX1".parse::<FaxId>(),
            Err(ParseFaxIdError::UnknownVendor("Twilio".into()))
        );
        assert!(FaxId::new(Vendor::Telnyx, "").is_none());
    }
}
