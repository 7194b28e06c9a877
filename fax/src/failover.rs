//! Sending through an ordered list of vendors, moving on only when the
//! vendor before certainly did not take the fax.

use crate::error::{Attempt, Error};
use crate::send::{Fax, Sent};
use crate::vendor::Provider;

/// Tries each provider in order.
///
/// - Taken: the answer, with every vendor tried before.
/// - Certainly not taken, for a reason that is this vendor's own
///   (unreachable, a request that could not be built, its credentials or
///   rate refused, a document it cannot take): the next provider.
/// - Refused as invalid (400, 422, another 4xx): stop, since the next vendor
///   would get the same request; [`Error::NotSent`].
/// - Anything that leaves the outcome open: stop at once with
///   [`Error::OutcomeUnknown`], so a fax that may be on its way is never sent
///   a second time elsewhere.
pub(crate) async fn send(providers: &[Provider], fax: &Fax) -> Result<Sent, Error> {
    let mut tried: Vec<Attempt> = Vec::new();
    for provider in providers {
        match provider.send(fax).await {
            Ok(answer) => {
                return Ok(Sent {
                    id: answer.id,
                    status: answer.status,
                    tried,
                })
            }
            Err(Error::OutcomeUnknown { vendor, cause, .. }) => {
                return Err(Error::OutcomeUnknown {
                    vendor,
                    cause,
                    tried,
                })
            }
            Err(error) => {
                let moves_on = error.next_vendor_may_try();
                tried.push(Attempt::new(provider.vendor(), error));
                if !moves_on {
                    break;
                }
            }
        }
    }
    Err(Error::NotSent { attempts: tried })
}
