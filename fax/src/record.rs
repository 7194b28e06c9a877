//! A fax as fetched or listed, in the same shape for every vendor.

use crate::id::{FaxId, Vendor};
use crate::status::FaxStatus;
use time::OffsetDateTime;

/// A fax as a vendor reports it, reduced to what every vendor has.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FaxRecord {
    /// The fax's id.
    pub id: FaxId,
    /// Its status.
    pub status: FaxStatus,
    /// The sending number, when the vendor says.
    pub from: Option<String>,
    /// The receiving number or SIP address, when the vendor says.
    pub to: Option<String>,
    /// Pages, when the vendor says (Telnyx's fax resource does not).
    pub pages: Option<u32>,
    /// When the vendor created the fax, when it says.
    pub created_at: Option<OffsetDateTime>,
}

/// Which faxes [`FaxClient::list`](crate::FaxClient::list) lists.
///
/// ```
/// use fax_client::{ListFilter, Vendor};
/// let filter = ListFilter::default().vendor(Vendor::Telnyx).to("+15551230000").limit(500);
/// assert_eq!(filter.limit, Some(500));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListFilter {
    /// Only this vendor's accounts; every configured account when `None`.
    pub vendor: Option<Vendor>,
    /// Only faxes to this number.
    pub to: Option<String>,
    /// Only faxes from this number.
    pub from: Option<String>,
    /// Faxes per page asked of the vendor.
    pub page_size: Option<u32>,
    /// At most this many faxes in all; no page is asked for after the last
    /// one needed.
    pub limit: Option<usize>,
}

impl ListFilter {
    /// Only this vendor's accounts.
    pub fn vendor(mut self, vendor: Vendor) -> Self {
        self.vendor = Some(vendor);
        self
    }

    /// Only faxes to this number.
    pub fn to(mut self, to: impl Into<String>) -> Self {
        self.to = Some(to.into());
        self
    }

    /// Only faxes from this number.
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Faxes per page asked of the vendor.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = Some(page_size);
        self
    }

    /// At most this many faxes in all.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// A page count sent as text or number; anything else is no count.
pub(crate) fn pages_from_text(text: Option<&str>) -> Option<u32> {
    text.and_then(|text| text.trim().parse().ok())
}

/// A page count sent as a number; a negative or huge one is no count.
pub(crate) fn pages_from_number(number: Option<i64>) -> Option<u32> {
    number.and_then(|n| u32::try_from(n).ok())
}
