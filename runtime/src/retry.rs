//! When and how long to wait before sending a request again.

use http::{HeaderMap, StatusCode};
use std::time::{Duration, SystemTime};

/// How a client retries. Idempotent requests (GET, DELETE, …) are retried on
/// 429, 502, 503, 504 and on connection failures; others only when
/// [`RetryPolicy::retry_non_idempotent`] is set, since sending a fax twice is
/// worse than reporting an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The first backoff; each retry doubles it, up to `max_backoff`.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client waits for; a longer one ends the
    /// retries and returns the error, rather than stalling the caller.
    pub max_retry_after: Duration,
    /// Retry POST and PATCH too. Off by default.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Whether a status is worth another attempt.
    pub fn retries_status(&self, status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 502 | 503 | 504)
    }

    /// Exponential backoff with full jitter: a random wait up to
    /// `initial_backoff × 2^(attempt-1)`, capped at `max_backoff`, so clients
    /// that failed together do not retry together.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }

    /// The wait a `Retry-After` header asks for (seconds or an HTTP date),
    /// `Some(None)` when it asks for longer than `max_retry_after`.
    pub fn retry_after(&self, headers: &HeaderMap) -> Option<Option<Duration>> {
        let value = headers
            .get(http::header::RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim();
        let wait = match value.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => {
                let at = httpdate::parse_http_date(value).ok()?;
                at.duration_since(SystemTime::now())
                    .unwrap_or(Duration::ZERO)
            }
        };
        Some((wait <= self.max_retry_after).then_some(wait))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let policy = RetryPolicy::default();
        for attempt in 1..30 {
            let ceiling =
                (policy.initial_backoff * 2u32.pow((attempt - 1).min(16))).min(policy.max_backoff);
            assert!(policy.backoff(attempt) <= ceiling);
        }
    }

    #[test]
    fn retry_after_in_seconds_dates_and_nonsense() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        assert_eq!(policy.retry_after(&headers), None);
        headers.insert(http::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(
            policy.retry_after(&headers),
            Some(Some(Duration::from_secs(2)))
        );
        headers.insert(http::header::RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(policy.retry_after(&headers), Some(None));
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        headers.insert(http::header::RETRY_AFTER, soon.parse().unwrap());
        let wait = policy.retry_after(&headers).unwrap().unwrap();
        assert!(wait <= Duration::from_secs(5));
        headers.insert(http::header::RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(policy.retry_after(&headers), None);
    }
}
