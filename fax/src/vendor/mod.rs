//! The accounts a [`FaxClient`](crate::FaxClient) sends through: one per
//! vendor module, each turning this crate's requests into the generated
//! client's and its answers back.

mod runtime_error;
mod signalwire;
mod telnyx;
mod twilio;

use crate::error::Error;
use crate::id::{FaxId, Vendor};
use crate::record::{FaxRecord, ListFilter};
use crate::send::Fax;
use crate::status::{FaxState, FaxStatus};
use fax_api::{signalwire as sw, telnyx as tx, twilio as tw};
use fax_runtime::RetryPolicy;
use futures_util::stream::BoxStream;

/// One vendor account, with what sending through it needs beyond the
/// credentials: Telnyx's connection (fax application) id, SignalWire's
/// project id.
///
/// The generated client is taken as configured (base URL, timeout, limits,
/// HTTP client), except that POST requests are never retried: a send the
/// client repeated by itself could send the fax twice.
///
/// A connection that never opens (an address that drops packets, a TLS
/// handshake that stalls) ends only at the client's timeout, which cannot be
/// told from a timeout after the request was written: a send stops there
/// with [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown). To fail over
/// from such a vendor, give its client an HTTP client with a connect timeout
/// (`with_http_client(reqwest::Client::builder().connect_timeout(…)…)`,
/// keeping `redirect(Policy::none())`): its expiry is a connect error, which
/// proves the request was never written.
///
/// ```
/// use fax_client::Provider;
/// use fax_runtime::Credentials;
///
/// let twilio = Provider::twilio(fax_api::twilio::Client::new(Credentials::basic("AC…", "token")));
/// let telnyx = Provider::telnyx(fax_api::telnyx::Client::new(Credentials::bearer("KEY…")), "1234");
/// assert_eq!(telnyx.vendor(), fax_client::Vendor::Telnyx);
/// # let _ = twilio;
/// ```
#[derive(Debug, Clone)]
pub struct Provider(Account);

#[derive(Debug, Clone)]
enum Account {
    Twilio(tw::Client),
    Telnyx {
        client: tx::Client,
        connection_id: String,
    },
    SignalWire {
        client: sw::Client,
        project_id: String,
    },
}

/// The policy with POST retries off, whatever the caller's said.
fn without_post_retries(policy: &RetryPolicy) -> RetryPolicy {
    RetryPolicy {
        retry_non_idempotent: false,
        ..policy.clone()
    }
}

impl Provider {
    /// A Twilio account.
    pub fn twilio(client: fax_api::twilio::Client) -> Self {
        let policy = without_post_retries(client.api().retry_policy());
        Self(Account::Twilio(client.with_retry(policy)))
    }

    /// A Telnyx account sending through the connection (fax application)
    /// `connection_id`.
    pub fn telnyx(client: fax_api::telnyx::Client, connection_id: impl Into<String>) -> Self {
        let policy = without_post_retries(client.api().retry_policy());
        Self(Account::Telnyx {
            client: client.with_retry(policy),
            connection_id: connection_id.into(),
        })
    }

    /// A SignalWire project (its id is the account SID of the compatibility API).
    pub fn signalwire(client: fax_api::signalwire::Client, project_id: impl Into<String>) -> Self {
        let policy = without_post_retries(client.api().retry_policy());
        Self(Account::SignalWire {
            client: client.with_retry(policy),
            project_id: project_id.into(),
        })
    }

    /// The vendor of the account.
    pub fn vendor(&self) -> Vendor {
        match &self.0 {
            Account::Twilio(_) => Vendor::Twilio,
            Account::Telnyx { .. } => Vendor::Telnyx,
            Account::SignalWire { .. } => Vendor::SignalWire,
        }
    }

    /// Sends through this account alone. An error that leaves the outcome
    /// open comes back as [`Error::OutcomeUnknown`]; every other error means
    /// the fax certainly was not sent.
    pub(crate) async fn send(&self, fax: &Fax) -> Result<SendAnswer, Error> {
        let sent = match &self.0 {
            Account::Twilio(client) => twilio::send(client, fax).await,
            Account::Telnyx {
                client,
                connection_id,
            } => telnyx::send(client, connection_id, fax).await,
            Account::SignalWire { client, project_id } => {
                signalwire::send(client, project_id, fax).await
            }
        };
        sent.map_err(|error| {
            if error.certainly_not_sent() {
                error
            } else {
                Error::OutcomeUnknown {
                    vendor: self.vendor(),
                    cause: Box::new(error),
                    tried: Vec::new(),
                }
            }
        })
    }

    pub(crate) async fn fetch(&self, id: &FaxId) -> Result<FaxRecord, Error> {
        let id = id.vendor_id();
        match &self.0 {
            Account::Twilio(client) => twilio::fetch(client, id).await,
            Account::Telnyx { client, .. } => telnyx::fetch(client, id).await,
            Account::SignalWire { client, project_id } => {
                signalwire::fetch(client, project_id, id).await
            }
        }
    }

    pub(crate) async fn cancel(&self, id: &FaxId) -> Result<(), Error> {
        let id = id.vendor_id();
        match &self.0 {
            Account::Twilio(client) => twilio::cancel(client, id).await,
            Account::Telnyx { client, .. } => telnyx::cancel(client, id).await,
            Account::SignalWire { client, project_id } => {
                signalwire::cancel(client, project_id, id).await
            }
        }
    }

    pub(crate) fn list<'a>(
        &'a self,
        filter: &ListFilter,
    ) -> BoxStream<'a, Result<FaxRecord, Error>> {
        match &self.0 {
            Account::Twilio(client) => twilio::list(client, filter),
            Account::Telnyx { client, .. } => telnyx::list(client, filter),
            Account::SignalWire { client, project_id } => {
                signalwire::list(client, project_id, filter)
            }
        }
    }
}

/// What a vendor answered to a send.
#[derive(Debug)]
pub(crate) struct SendAnswer {
    pub(crate) id: FaxId,
    pub(crate) status: FaxStatus,
}

/// A success answer without the fax's id: unusable.
fn missing_id(vendor: Vendor, field: &str) -> Error {
    Error::Response {
        vendor,
        status: None,
        message: format!("the fax in the answer has no `{field}`"),
    }
}

/// A cancel answered with the fax: it must say canceled, or the cancel was
/// not carried out.
fn confirm_canceled(vendor: Vendor, status: &FaxStatus) -> Result<(), Error> {
    if status.state == FaxState::Canceled {
        return Ok(());
    }
    Err(Error::Response {
        vendor,
        status: None,
        message: format!(
            "the fax is `{}` after the cancel, not canceled",
            status.vendor_status
        ),
    })
}
