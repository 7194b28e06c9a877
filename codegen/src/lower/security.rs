//! Security: the spec's schemes (`components.securitySchemes`) as the
//! runtime sends them, and each operation's requirements (its own
//! `security`, else the document's), collected into the distinct lists the
//! operations module declares once each.

use super::names::NameSet;
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{ParamLocation, SchemeKind, SecurityScheme, SecuritySet};
use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement};

/// The extension by which the normalize stage marks an OpenAPI 3.1
/// `mutualTLS` scheme it rewrote as an HTTP scheme (openapiv3 reads 3.0).
const MUTUAL_TLS_EXTENSION: &str = "x-fax-mutual-tls";

/// The schemes and the requirement lists met so far.
pub(super) struct Security {
    pub(super) schemes: Vec<SecurityScheme>,
    pub(super) sets: Vec<SecuritySet>,
}

impl Security {
    /// Every scheme of the spec, named in `statics` so no operation's
    /// `static` can take a scheme's or a list's name.
    pub(super) fn new(lowerer: &mut Lowerer<'_>, statics: &mut NameSet) -> Self {
        let mut schemes = Vec::new();
        let spec = lowerer.spec;
        let declared = spec.components.iter().flat_map(|c| &c.security_schemes);
        for (name, scheme) in declared {
            let pointer = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    lowerer.warn(
                        &pointer,
                        format!(
                            "security scheme `{name}` is a reference (`{reference}`); \
                             references are not followed here, so operations that need it \
                             cannot be sent"
                        ),
                    );
                    continue;
                }
            };
            let (kind, doc) = kind_of(scheme);
            schemes.push(SecurityScheme {
                name: name.clone(),
                const_name: statics
                    .unique_shouty(format!("SCHEME_{}", name.to_shouty_snake_case())),
                kind,
                doc,
            });
        }
        Self {
            schemes,
            sets: Vec::new(),
        }
    }

    /// The index of the list for `requirements` (at `pointer`), declared
    /// once for all operations that have it. A requirement that names a
    /// scheme the spec does not define can never be met: it is left out,
    /// with a warning.
    pub(super) fn set_for(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        requirements: &[SecurityRequirement],
        pointer: &Pointer,
        statics: &mut NameSet,
    ) -> usize {
        let mut lowered: Vec<Vec<usize>> = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut schemes = Vec::new();
            let mut known = true;
            for name in requirement.keys() {
                match self.schemes.iter().position(|s| &s.name == name) {
                    Some(found) => schemes.push(found),
                    None => {
                        known = false;
                        lowerer.warn(
                            &pointer.join(index.to_string()).join(name),
                            format!(
                                "security requirement names `{name}`, which \
                                 components.securitySchemes does not define; this alternative \
                                 is left out"
                            ),
                        );
                    }
                }
            }
            let in_authorization: Vec<&str> = schemes
                .iter()
                .map(|&i| &self.schemes[i])
                .filter(|s| uses_authorization(&s.kind))
                .map(|s| s.name.as_str())
                .collect();
            if in_authorization.len() > 1 {
                lowerer.warn(
                    &pointer.join(index.to_string()),
                    format!(
                        "security requirement combines {} schemes that all use the one \
                         `Authorization` header ({}); only the first is sent",
                        in_authorization.len(),
                        in_authorization.join(", ")
                    ),
                );
            }
            if known && !lowered.contains(&schemes) {
                lowered.push(schemes);
            }
        }
        if lowered.is_empty() && !requirements.is_empty() {
            lowerer.warn(
                pointer,
                "no security requirement of the operation can be met; its requests carry no \
                 credentials"
                    .to_owned(),
            );
        }
        if let Some(found) = self.sets.iter().position(|s| s.requirements == lowered) {
            return found;
        }
        let base = match lowered.as_slice() {
            [] => "SECURITY_NONE".to_owned(),
            [only] if !only.is_empty() => {
                let names: Vec<&str> = only
                    .iter()
                    .map(|&i| self.schemes[i].name.as_str())
                    .collect();
                format!("SECURITY_{}", names.join("_AND_").to_shouty_snake_case())
            }
            _ => format!("SECURITY_{}", self.sets.len() + 1),
        };
        self.sets.push(SecuritySet {
            const_name: statics.unique_shouty(base),
            requirements: lowered,
        });
        self.sets.len() - 1
    }
}

/// Whether a scheme's credential goes in the `Authorization` header.
fn uses_authorization(kind: &SchemeKind) -> bool {
    match kind {
        SchemeKind::Basic | SchemeKind::Bearer { .. } | SchemeKind::Http { .. } => true,
        SchemeKind::ApiKey { name, location } => {
            *location == ParamLocation::Header && name.eq_ignore_ascii_case("authorization")
        }
        SchemeKind::MutualTls => false,
    }
}

/// How a scheme is sent, and its docs.
fn kind_of(scheme: &openapiv3::SecurityScheme) -> (SchemeKind, Option<String>) {
    use openapiv3::SecurityScheme as S;
    match scheme {
        S::APIKey {
            location,
            name,
            description,
            ..
        } => (
            SchemeKind::ApiKey {
                name: name.clone(),
                location: match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                },
            },
            description.clone(),
        ),
        S::HTTP {
            scheme,
            description,
            extensions,
            ..
        } => {
            let kind = if extensions.contains_key(MUTUAL_TLS_EXTENSION) {
                SchemeKind::MutualTls
            } else if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer {
                    source: "http".into(),
                }
            } else {
                SchemeKind::Http {
                    scheme: scheme.clone(),
                }
            };
            (kind, description.clone())
        }
        S::OAuth2 { description, .. } => (
            SchemeKind::Bearer {
                source: "oauth2".into(),
            },
            description.clone(),
        ),
        S::OpenIDConnect { description, .. } => (
            SchemeKind::Bearer {
                source: "openIdConnect".into(),
            },
            description.clone(),
        ),
    }
}
