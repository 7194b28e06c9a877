//! What a client authenticates with: HTTP basic credentials (Twilio,
//! SignalWire), a bearer token (Telnyx; OAuth2 and OpenID Connect tokens),
//! an API key, another HTTP scheme's credential, or several of them
//! together. Which of them a request carries, and where, is decided per
//! operation from its spec's security requirements (see [`crate::security`]).
//! Header values are marked sensitive, so `http` redacts them when a request
//! is printed.

use crate::secret::Secret;
use crate::security::{KeyLocation, Requirement, SchemeKind, Security, SecurityScheme};
use base64::Engine as _;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use std::fmt;

/// Credentials for an API: one or more, each for any scheme of its kind or
/// for one scheme named in the spec ([`Credentials::for_scheme`]).
///
/// ```
/// use fax_runtime::Credentials;
/// let telnyx = Credentials::bearer("KEY0123");
/// let twilio = Credentials::basic("AC123", "auth-token");
/// // An API that wants a key header and basic credentials together:
/// let both = Credentials::api_key("k-123").and(Credentials::basic("user", "pass"));
/// assert!(format!("{both:?}").contains("***"));
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Credentials {
    entries: Vec<Entry>,
}

#[derive(Clone, PartialEq, Eq)]
struct Entry {
    /// The scheme it is for, when given; else any scheme of its kind.
    scheme: Option<String>,
    value: Value,
}

#[derive(Clone, PartialEq, Eq)]
enum Value {
    Basic { username: String, password: Secret },
    Bearer(Secret),
    ApiKey(Secret),
    Http { scheme: String, credential: Secret },
}

/// A credential placed on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Placed {
    /// A header, its value marked sensitive.
    Header(HeaderName, HeaderValue),
    /// A query part, percent-encoded (`name=value`).
    Query(String),
    /// A cookie pair (`name=value`).
    Cookie(String),
}

impl Credentials {
    fn one(value: Value) -> Self {
        Self {
            entries: vec![Entry {
                scheme: None,
                value,
            }],
        }
    }

    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::one(Value::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// A bearer token: for HTTP `bearer`, `oauth2` and `openIdConnect`
    /// schemes (the token is obtained by the application).
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::one(Value::Bearer(token.into()))
    }

    /// An API key, sent as it is in the header, query parameter or cookie
    /// the spec's `apiKey` scheme names.
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Self::one(Value::ApiKey(key.into()))
    }

    /// A credential of another HTTP authentication scheme:
    /// `Authorization: <scheme> <credential>`.
    pub fn http(scheme: impl Into<String>, credential: impl Into<Secret>) -> Self {
        Self::one(Value::Http {
            scheme: scheme.into(),
            credential: credential.into(),
        })
    }

    /// No credentials: only operations that need none can be sent.
    pub fn none() -> Self {
        Self::default()
    }

    /// These credentials and `other` together, for APIs that want several
    /// (an API key and basic credentials) or accept different ones per operation.
    pub fn and(mut self, other: Credentials) -> Self {
        self.entries.extend(other.entries);
        self
    }

    /// Binds these credentials to the spec's scheme `name` (its key in
    /// `components.securitySchemes`), for APIs with several schemes of one
    /// kind (two API keys in different headers).
    pub fn for_scheme(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        for entry in &mut self.entries {
            entry.scheme = Some(name.clone());
        }
        self
    }

    /// The `Authorization` header value of the first basic, bearer or HTTP
    /// credential, marked sensitive; `None` when there is none.
    pub fn authorization(&self) -> Option<Result<HeaderValue, http::header::InvalidHeaderValue>> {
        self.entries.iter().find_map(|e| match &e.value {
            Value::ApiKey(_) => None,
            value => authorization_of(value),
        })
    }

    /// What a request of an operation with this `security` carries: the
    /// first requirement these credentials meet in full; nothing when the
    /// operation takes none, or makes them optional and none match.
    pub(crate) fn place(&self, security: Security) -> Result<Vec<Placed>, String> {
        if security.is_empty() {
            return Ok(Vec::new());
        }
        // A requirement that puts two credentials in `Authorization` cannot
        // be sent whole: any other that the credentials meet comes first.
        let sendable =
            |r: &&Requirement| r.iter().filter(|s| uses_authorization(s.kind)).count() <= 1;
        let ordered = security
            .iter()
            .filter(sendable)
            .chain(security.iter().filter(|r| !sendable(r)));
        for requirement in ordered.filter(|r| !r.is_empty()) {
            let found: Option<Vec<&Value>> = requirement
                .iter()
                .filter(|s| s.kind != SchemeKind::MutualTls)
                .map(|scheme| self.find(scheme))
                .collect();
            if let Some(values) = found {
                let schemes = requirement
                    .iter()
                    .filter(|s| s.kind != SchemeKind::MutualTls);
                return schemes
                    .zip(values)
                    .map(|(scheme, value)| placed(scheme, value))
                    .collect();
            }
        }
        if security.iter().any(|r| r.is_empty()) {
            return Ok(Vec::new());
        }
        let wanted: Vec<String> = security
            .iter()
            .map(|r| {
                r.iter()
                    .map(SecurityScheme::describe)
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        Err(format!(
            "the client's credentials ({self:?}) do not meet the operation's security; it needs {}",
            wanted.join(", or ")
        ))
    }

    /// The credential for `scheme`: one bound to its name, else the first
    /// unbound one of its kind.
    fn find(&self, scheme: &SecurityScheme) -> Option<&Value> {
        let named = self.entries.iter().find(|e| {
            e.scheme.as_deref() == Some(scheme.name) && fits(scheme.kind, &e.value, true)
        });
        named
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|e| e.scheme.is_none() && fits(scheme.kind, &e.value, false))
            })
            .map(|e| &e.value)
    }
}

/// Whether a scheme's credential goes in the `Authorization` header.
fn uses_authorization(kind: SchemeKind) -> bool {
    match kind {
        SchemeKind::Basic | SchemeKind::Bearer | SchemeKind::Http { .. } => true,
        SchemeKind::ApiKey { name, location } => {
            location == KeyLocation::Header && name.eq_ignore_ascii_case("authorization")
        }
        SchemeKind::MutualTls => false,
    }
}

/// Whether a credential can serve a scheme. One bound to the scheme by name
/// may be of a neighbouring kind (a raw key for an HTTP scheme).
fn fits(kind: SchemeKind, value: &Value, bound: bool) -> bool {
    match (kind, value) {
        (SchemeKind::ApiKey { .. }, Value::ApiKey(_)) => true,
        (SchemeKind::Basic, Value::Basic { .. }) => true,
        (SchemeKind::Bearer, Value::Bearer(_)) => true,
        (SchemeKind::Http { scheme }, Value::Http { scheme: given, .. }) => {
            bound || scheme.eq_ignore_ascii_case(given)
        }
        (SchemeKind::Http { scheme }, Value::Bearer(_)) => scheme.eq_ignore_ascii_case("bearer"),
        (SchemeKind::Http { scheme }, Value::Basic { .. }) => scheme.eq_ignore_ascii_case("basic"),
        (SchemeKind::Http { .. }, Value::ApiKey(_)) => bound,
        _ => false,
    }
}

fn sensitive(text: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(text)
        .map_err(|_| "a credential holds characters a header cannot".to_owned())?;
    value.set_sensitive(true);
    Ok(value)
}

fn authorization_of(
    value: &Value,
) -> Option<Result<HeaderValue, http::header::InvalidHeaderValue>> {
    let text = match value {
        Value::Basic { username, password } => format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{username}:{}", password.expose()))
        ),
        Value::Bearer(token) => format!("Bearer {}", token.expose()),
        Value::Http { scheme, credential } => format!("{scheme} {}", credential.expose()),
        Value::ApiKey(_) => return None,
    };
    Some(HeaderValue::from_str(&text).map(|mut v| {
        v.set_sensitive(true);
        v
    }))
}

/// The credential `value` placed where `scheme` says.
fn placed(scheme: &SecurityScheme, value: &Value) -> Result<Placed, String> {
    let SchemeKind::ApiKey { name, location } = scheme.kind else {
        let header = match (scheme.kind, value) {
            // A raw key bound to an HTTP scheme goes after the scheme's name.
            (SchemeKind::Http { scheme }, Value::ApiKey(key)) => {
                sensitive(&format!("{scheme} {}", key.expose()))
            }
            (_, value) => authorization_of(value)
                .unwrap_or_else(|| HeaderValue::from_str(""))
                .map_err(|_| "a credential holds characters a header cannot".to_owned()),
        }?;
        return Ok(Placed::Header(AUTHORIZATION, header));
    };
    let text = match value {
        Value::ApiKey(key) | Value::Bearer(key) => key.expose().to_owned(),
        Value::Http { credential, .. } => credential.expose().to_owned(),
        Value::Basic { password, .. } => password.expose().to_owned(),
    };
    Ok(match location {
        KeyLocation::Header => {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` cannot be a header name"))?;
            Placed::Header(header, sensitive(&text)?)
        }
        KeyLocation::Query => Placed::Query(format!(
            "{}={}",
            crate::style::component(name),
            crate::style::component(&text)
        )),
        KeyLocation::Cookie => Placed::Cookie(format!("{name}={}", crate::style::component(&text))),
    })
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for entry in &self.entries {
            let text = match &entry.value {
                Value::Basic { username, .. } => format!("Basic({username}:***)"),
                Value::Bearer(_) => "Bearer(***)".to_owned(),
                Value::ApiKey(_) => "ApiKey(***)".to_owned(),
                Value::Http { scheme, .. } => format!("Http({scheme} ***)"),
            };
            match &entry.scheme {
                Some(scheme) => list.entry(&format_args!("{text} for {scheme}")),
                None => list.entry(&format_args!("{text}")),
            };
        }
        list.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::{KeyLocation, SecurityScheme};

    const KEY_HEADER: SecurityScheme =
        SecurityScheme::api_key("key_header", "X-API-Key", KeyLocation::Header);
    const KEY_QUERY: SecurityScheme =
        SecurityScheme::api_key("key_query", "api_key", KeyLocation::Query);
    const KEY_COOKIE: SecurityScheme =
        SecurityScheme::api_key("key_cookie", "session", KeyLocation::Cookie);
    const BASIC: SecurityScheme = SecurityScheme::basic("basic");
    const BEARER: SecurityScheme = SecurityScheme::bearer("bearer");
    const DIGEST: SecurityScheme = SecurityScheme::http("digest", "Digest");

    fn header(placed: &[Placed]) -> Vec<(String, String)> {
        placed
            .iter()
            .map(|p| match p {
                Placed::Header(n, v) => (n.to_string(), v.to_str().unwrap().to_owned()),
                Placed::Query(q) => ("?".into(), q.clone()),
                Placed::Cookie(c) => ("cookie".into(), c.clone()),
            })
            .collect()
    }

    #[test]
    fn each_kind_goes_where_its_scheme_says() {
        let key = Credentials::api_key("k 1");
        assert_eq!(
            header(&key.place(&[&[KEY_HEADER]]).unwrap()),
            [("x-api-key".into(), "k 1".into())]
        );
        assert_eq!(
            header(&key.place(&[&[KEY_QUERY]]).unwrap()),
            [("?".into(), "api_key=k%201".into())]
        );
        assert_eq!(
            header(&key.place(&[&[KEY_COOKIE]]).unwrap()),
            [("cookie".into(), "session=k%201".into())]
        );
        let basic = Credentials::basic("user", "pass");
        assert_eq!(
            header(&basic.place(&[&[BASIC]]).unwrap()),
            [("authorization".into(), "Basic dXNlcjpwYXNz".into())]
        );
        let digest = Credentials::http("Digest", "abc");
        assert_eq!(
            header(&digest.place(&[&[DIGEST]]).unwrap()),
            [("authorization".into(), "Digest abc".into())]
        );
    }

    #[test]
    fn the_first_requirement_met_in_full_is_used() {
        let security: Security = &[&[KEY_HEADER, BASIC], &[BEARER]];
        let token = Credentials::bearer("t");
        assert_eq!(
            header(&token.place(security).unwrap()),
            [("authorization".into(), "Bearer t".into())]
        );
        let both = Credentials::api_key("k").and(Credentials::basic("u", "p"));
        assert_eq!(header(&both.place(security).unwrap()).len(), 2);
        let error = Credentials::api_key("k").place(security).unwrap_err();
        assert!(error.contains("`basic`: HTTP basic"), "{error}");
        assert!(error.contains("ApiKey(***)"), "{error}");
    }

    #[test]
    fn a_requirement_that_can_be_sent_whole_comes_before_one_that_cannot() {
        let both = Credentials::basic("u", "p").and(Credentials::bearer("t"));
        let placed = header(&both.place(&[&[BASIC, BEARER], &[BEARER]]).unwrap());
        assert_eq!(placed, [("authorization".into(), "Bearer t".into())]);
    }

    #[test]
    fn no_security_or_optional_security_sends_nothing_unmatched() {
        let token = Credentials::bearer("t");
        assert!(token.place(&[]).unwrap().is_empty());
        assert!(token.place(&[&[], &[KEY_HEADER]]).unwrap().is_empty());
        let key = Credentials::api_key("k");
        assert_eq!(key.place(&[&[], &[KEY_HEADER]]).unwrap().len(), 1);
    }

    #[test]
    fn a_credential_bound_by_name_wins() {
        let creds =
            Credentials::api_key("one").and(Credentials::api_key("two").for_scheme("key_query"));
        let placed = header(&creds.place(&[&[KEY_HEADER, KEY_QUERY]]).unwrap());
        assert_eq!(
            placed,
            [
                ("x-api-key".into(), "one".into()),
                ("?".into(), "api_key=two".into())
            ]
        );
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let all = Credentials::basic("user", "pw-secret")
            .and(Credentials::bearer("tok-secret"))
            .and(Credentials::api_key("key-secret").for_scheme("x"))
            .and(Credentials::http("Digest", "dig-secret"));
        let text = format!("{all:?}");
        assert!(!text.contains("secret"), "{text}");
    }
}
