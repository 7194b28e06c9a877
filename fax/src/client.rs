//! The one client applications use: send with failover, fetch, cancel, list.

use crate::error::Error;
use crate::id::FaxId;
use crate::record::{FaxRecord, ListFilter};
use crate::send::{Fax, Sent};
use crate::vendor::Provider;
use futures_util::stream::{self, BoxStream, StreamExt as _};

/// Faxes through an ordered list of vendor accounts.
///
/// [`send`](FaxClient::send) tries the accounts in order and moves on only
/// when the one before certainly did not take the fax (see
/// [`Error::NotSent`] and [`Error::OutcomeUnknown`]); the others go to the
/// account of the fax's vendor.
#[derive(Debug, Clone)]
pub struct FaxClient {
    providers: Vec<Provider>,
}

impl FaxClient {
    /// A client over `providers`, tried in this order when sending.
    pub fn new(providers: impl IntoIterator<Item = Provider>) -> Self {
        Self {
            providers: providers.into_iter().collect(),
        }
    }

    /// The accounts, in order.
    pub fn providers(&self) -> &[Provider] {
        &self.providers
    }

    /// Sends `fax` through the first account that takes it.
    ///
    /// `Ok` only when a vendor answered that it took the fax. An error says
    /// either that no vendor took it ([`Error::NotSent`], each attempt with
    /// its reason) or that one may have ([`Error::OutcomeUnknown`], naming it).
    pub async fn send(&self, fax: &Fax) -> Result<Sent, Error> {
        crate::failover::send(&self.providers, fax).await
    }

    /// The fax's current record, from its vendor. A [`FaxId`] names the
    /// vendor, not the account: `fetch` and [`cancel`](Self::cancel) go
    /// through the first account of that vendor, so with two accounts of one
    /// vendor, a fax of the second one is not found there.
    pub async fn fetch(&self, id: &FaxId) -> Result<FaxRecord, Error> {
        self.provider_for(id)?.fetch(id).await
    }

    /// Cancels a fax the vendor has not finished with. `Ok` only when the
    /// vendor confirms it: Twilio and SignalWire answer with the fax, which
    /// must say canceled; Telnyx takes the command asynchronously and must
    /// answer `result: ok` (the fax's own status changes afterwards, so
    /// [`fetch`](Self::fetch) may still show it sending for a while).
    pub async fn cancel(&self, id: &FaxId) -> Result<(), Error> {
        self.provider_for(id)?.cancel(id).await
    }

    /// Every fax of every account (or of the filter's vendor), page after
    /// page, one account after the other.
    ///
    /// Each vendor's pages end as the generated clients' streams end: no page
    /// is asked for after the last, and a page that links back to one already
    /// fetched, a page number that does not advance, or more pages than the
    /// client's `Limits::max_pages` ends that account's listing with
    /// [`Error::Pagination`] after the items before. [`ListFilter::limit`]
    /// ends the whole listing sooner.
    pub fn list<'a>(&'a self, filter: &ListFilter) -> BoxStream<'a, Result<FaxRecord, Error>> {
        let vendor = filter.vendor;
        let limit = filter.limit.unwrap_or(usize::MAX);
        let filter = filter.clone();
        stream::iter(
            self.providers
                .iter()
                .filter(move |provider| vendor.is_none_or(|v| v == provider.vendor())),
        )
        .flat_map(move |provider| provider.list(&filter))
        .take(limit)
        .boxed()
    }

    /// The first account of the fax's vendor.
    fn provider_for(&self, id: &FaxId) -> Result<&Provider, Error> {
        self.providers
            .iter()
            .find(|provider| provider.vendor() == id.vendor())
            .ok_or(Error::NotConfigured {
                vendor: id.vendor(),
                what: "no account of this vendor to reach the fax through",
            })
    }
}
