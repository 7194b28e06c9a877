//! A vendor client's error (`fax_runtime::Error`) in this crate's terms,
//! deciding what a send's failover rests on: whether the request may have
//! been written.

use crate::error::Error;
use crate::id::Vendor;

/// The causes below a transport error, each as `: cause`. reqwest's own
/// message names only the URL ("error sending request for url (…)"); what
/// happened (connection refused, a DNS failure, a certificate, a timeout) is
/// in its source chain. A message the one above already ends with is left
/// out, and the chain is read at most 8 deep.
fn causes(mut source: Option<&(dyn std::error::Error + 'static)>) -> String {
    let mut out = String::new();
    for _ in 0..8 {
        let Some(error) = source else { break };
        let text = fax_runtime::redact::redact_userinfo(&error.to_string()).into_owned();
        if !text.is_empty() && !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = error.source();
    }
    out
}

/// A vendor client's error in this crate's terms. `message` reads the
/// vendor's parsed error body.
pub(super) fn from_runtime<E>(
    vendor: Vendor,
    error: fax_runtime::Error<E>,
    message: impl Fn(&E) -> Option<String>,
) -> Error {
    use fax_runtime::Error as R;
    match error {
        R::Build(build) => Error::Build {
            vendor,
            message: build.message,
        },
        R::Transport(transport) => {
            // The runtime keeps reqwest's error as the source. Only a
            // builder error (a URL reqwest refuses before sending) or a
            // connect error (refused, DNS, TLS) proves the request was never
            // written; anything else (a timeout, a reset) may come after.
            let reqwest = transport
                .source
                .downcast_ref::<fax_runtime::reqwest::Error>();
            let builder = reqwest.is_some_and(fax_runtime::reqwest::Error::is_builder);
            let connect = reqwest.is_some_and(fax_runtime::reqwest::Error::is_connect);
            let causes = causes(transport.source.source());
            let message = format!("{}{causes}", R::<E>::Transport(transport));
            if builder {
                Error::Build { vendor, message }
            } else if connect {
                Error::Connect { vendor, message }
            } else {
                Error::Transport { vendor, message }
            }
        }
        R::Api(api) => Error::Api {
            vendor,
            status: api.status,
            message: api.body.as_ref().and_then(&message),
            body: api.raw_body,
            request_id: api.request_id,
        },
        R::Pagination(stop) => Error::Pagination {
            vendor,
            message: R::<E>::Pagination(stop).to_string(),
        },
        other => Error::Response {
            vendor,
            status: other.status(),
            message: other.to_string(),
        },
    }
}
