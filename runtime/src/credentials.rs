//! How a client authenticates: HTTP basic (Twilio, SignalWire) or a bearer
//! token (Telnyx). The `Authorization` header is marked sensitive, so `http`
//! redacts it when a request is printed.

use crate::secret::Secret;
use base64::Engine as _;
use http::HeaderValue;
use std::fmt;

/// Credentials for an API.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// HTTP basic authentication: Twilio's account SID (or API key SID) and
    /// auth token (or key secret); SignalWire's project id and API token.
    Basic {
        /// The user name: an account SID, API key SID or project id.
        username: String,
        /// The password: an auth token, key secret or API token.
        password: Secret,
    },
    /// A bearer token, such as a Telnyx API key.
    Bearer(Secret),
}

impl Credentials {
    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// A bearer token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Credentials::Bearer(token.into())
    }

    /// The `Authorization` header value, marked sensitive.
    pub fn authorization(&self) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
        let text = match self {
            Credentials::Basic { username, password } => {
                let pair = format!("{username}:{}", password.expose());
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }
            Credentials::Bearer(token) => format!("Bearer {}", token.expose()),
        };
        let mut value = HeaderValue::from_str(&text)?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &"***")
                .finish(),
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}
