//! Which redirects a client follows.
//!
//! A redirect is followed only when following it sends the very same request
//! to the same server: a 307 or 308 (which forbid changing the method or
//! dropping the body) whose `Location` has the request's origin (scheme,
//! host and port), at most [`Limits::max_redirects`](crate::Limits) times in
//! a row. Anything else comes back as [`Error::Redirect`](crate::Error), so a
//! `POST` is never replayed as a `GET`, credentials and bodies never reach
//! another origin, and another server's answer never reads as the API's.

use crate::error::RedirectRefusal;
use http::StatusCode;

/// What to do with a 3xx response.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Send the same request to this URL.
    Follow(url::Url),
    /// Give up, with the `Location` as received (or empty) and why.
    Refuse {
        location: String,
        reason: RedirectRefusal,
    },
}

/// The decision for a response with `status` to a request for `current`,
/// after `followed` redirects already followed for this request.
pub(crate) fn decide(
    status: StatusCode,
    location: Option<&str>,
    current: &url::Url,
    followed: u32,
    max_redirects: u32,
) -> Decision {
    let refuse = |location: &str, reason| Decision::Refuse {
        location: location.to_owned(),
        reason,
    };
    let Some(location) = location else {
        return refuse("", RedirectRefusal::InvalidLocation);
    };
    if !matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    ) {
        return refuse(location, RedirectRefusal::MethodMayChange);
    }
    let Ok(target) = current.join(location) else {
        return refuse(location, RedirectRefusal::InvalidLocation);
    };
    if target.origin() != current.origin() {
        return refuse(location, RedirectRefusal::OtherOrigin);
    }
    if followed >= max_redirects {
        return refuse(
            location,
            RedirectRefusal::TooManyRedirects {
                limit: max_redirects,
            },
        );
    }
    Decision::Follow(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current() -> url::Url {
        url::Url::parse("https://api.example.com/v1/Faxes?x=1").unwrap()
    }

    fn reason(decision: Decision) -> RedirectRefusal {
        match decision {
            Decision::Refuse { reason, .. } => reason,
            Decision::Follow(url) => panic!("followed to {url}"),
        }
    }

    #[test]
    fn same_origin_307_and_308_are_followed_relative_or_absolute() {
        for status in [
            StatusCode::TEMPORARY_REDIRECT,
            StatusCode::PERMANENT_REDIRECT,
        ] {
            assert_eq!(
                decide(status, Some("/v2/Faxes"), &current(), 0, 5),
                Decision::Follow(url::Url::parse("https://api.example.com/v2/Faxes").unwrap())
            );
            assert!(matches!(
                decide(
                    status,
                    Some("https://api.example.com:443/v2"),
                    &current(),
                    4,
                    5
                ),
                Decision::Follow(_)
            ));
        }
    }

    #[test]
    fn statuses_that_allow_a_method_change_are_refused_even_on_the_same_origin() {
        for status in [300, 301, 302, 303] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                reason(decide(status, Some("/v2/Faxes"), &current(), 0, 5)),
                RedirectRefusal::MethodMayChange
            );
        }
    }

    #[test]
    fn another_scheme_host_or_port_is_another_origin() {
        for location in [
            "http://api.example.com/v1/Faxes",
            "https://evil.example.net/v1/Faxes",
            "https://api.example.com:8443/v1/Faxes",
            "//evil.example.net/x",
        ] {
            assert_eq!(
                reason(decide(
                    StatusCode::TEMPORARY_REDIRECT,
                    Some(location),
                    &current(),
                    0,
                    5
                )),
                RedirectRefusal::OtherOrigin,
                "{location}"
            );
        }
    }

    #[test]
    fn the_hop_limit_and_a_bad_location_are_refused() {
        assert_eq!(
            reason(decide(
                StatusCode::PERMANENT_REDIRECT,
                Some("/a"),
                &current(),
                5,
                5
            )),
            RedirectRefusal::TooManyRedirects { limit: 5 }
        );
        assert_eq!(
            reason(decide(
                StatusCode::PERMANENT_REDIRECT,
                None,
                &current(),
                0,
                5
            )),
            RedirectRefusal::InvalidLocation
        );
        assert_eq!(
            reason(decide(
                StatusCode::PERMANENT_REDIRECT,
                Some("http://[::1"),
                &current(),
                0,
                5
            )),
            RedirectRefusal::InvalidLocation
        );
    }
}
