//! What an operation's spec says about authentication: its security
//! schemes, and which combinations of them it accepts. The generator writes
//! these next to each operation; [`crate::Credentials`] decides, request by
//! request, which combination the credentials a client holds can meet.

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// How a security scheme puts its credential on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemeKind {
    /// `type: apiKey`: the key as it is, in the named header, query
    /// parameter or cookie.
    ApiKey {
        /// The header, parameter or cookie name.
        name: &'static str,
        /// Where it goes.
        location: KeyLocation,
    },
    /// `type: http`, `scheme: basic`: `Authorization: Basic base64(user:password)`.
    Basic,
    /// `type: http`, `scheme: bearer`, and the tokens of `oauth2` and
    /// `openIdConnect`: `Authorization: Bearer <token>`.
    Bearer,
    /// `type: http` with another scheme: `Authorization: <scheme> <credential>`.
    Http {
        /// The scheme's name as the spec writes it (such as `Digest`).
        scheme: &'static str,
    },
    /// `type: mutualTLS`: the client certificate, which belongs to the HTTP
    /// client (see `with_http_client`); nothing is added to the request.
    MutualTls,
}

/// One security scheme of the spec, by its name in `components.securitySchemes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityScheme {
    /// The name the spec gives it.
    pub name: &'static str,
    /// How it is sent.
    pub kind: SchemeKind,
}

impl SecurityScheme {
    /// An API key in a header, query parameter or cookie.
    pub const fn api_key(
        name: &'static str,
        key_name: &'static str,
        location: KeyLocation,
    ) -> Self {
        Self {
            name,
            kind: SchemeKind::ApiKey {
                name: key_name,
                location,
            },
        }
    }

    /// HTTP basic authentication.
    pub const fn basic(name: &'static str) -> Self {
        Self {
            name,
            kind: SchemeKind::Basic,
        }
    }

    /// A bearer token (HTTP bearer, OAuth2, OpenID Connect).
    pub const fn bearer(name: &'static str) -> Self {
        Self {
            name,
            kind: SchemeKind::Bearer,
        }
    }

    /// Another HTTP authentication scheme.
    pub const fn http(name: &'static str, scheme: &'static str) -> Self {
        Self {
            name,
            kind: SchemeKind::Http { scheme },
        }
    }

    /// Mutual TLS.
    pub const fn mutual_tls(name: &'static str) -> Self {
        Self {
            name,
            kind: SchemeKind::MutualTls,
        }
    }

    /// What the scheme asks for, in words, for error messages.
    pub fn describe(&self) -> String {
        let what = match self.kind {
            SchemeKind::ApiKey { name, location } => {
                let place = match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query parameter",
                    KeyLocation::Cookie => "cookie",
                };
                format!("an API key in the {place} `{name}` (`Credentials::api_key`)")
            }
            SchemeKind::Basic => "HTTP basic credentials (`Credentials::basic`)".to_owned(),
            SchemeKind::Bearer => "a bearer token (`Credentials::bearer`)".to_owned(),
            SchemeKind::Http { scheme } => {
                format!("an HTTP `{scheme}` credential (`Credentials::http`)")
            }
            SchemeKind::MutualTls => "a client certificate".to_owned(),
        };
        format!("`{}`: {what}", self.name)
    }
}

/// The schemes of one security requirement: all of them apply together.
pub type Requirement = &'static [SecurityScheme];

/// An operation's security: any one of the requirements will do. Empty
/// means the operation takes no credentials (`security: []`); a requirement
/// with no scheme in it (`{}`) means credentials are optional.
pub type Security = &'static [Requirement];
