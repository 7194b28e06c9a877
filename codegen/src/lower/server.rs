//! The API's server: its URL template and the variables `Client::new` takes.
//!
//! The template is checked here, so the client's constructor can be written
//! without surprises: every `{` opens a variable name that a `}` closes, and a
//! variable used twice is one argument.

use super::names::{field_name, NameSet, CLIENT_NEW_NAMES};
use crate::diag::Pointer;
use crate::ir::{Server, ServerVariable};
use openapiv3::{OpenAPI, ReferenceOr};

/// The first server: the document's, else the first path's. An error names
/// the template that cannot be used and why.
pub(super) fn server(spec: &OpenAPI) -> Result<Server, (Pointer, String)> {
    let from_paths = spec.paths.paths.iter().find_map(|(path, item)| match item {
        ReferenceOr::Item(item) => item.servers.first().map(|server| {
            let at = Pointer::root().join("paths").join(path).join("servers");
            (server, at)
        }),
        ReferenceOr::Reference { .. } => None,
    });
    let document = spec
        .servers
        .first()
        .map(|server| (server, Pointer::root().join("servers")));
    let Some((server, at)) = document.or(from_paths) else {
        return Ok(Server {
            url: String::new(),
            variables: Vec::new(),
        });
    };
    let at = at.join("0").join("url");
    let wire_names = variables(&server.url).map_err(|why| {
        let message = format!(
            "server URL `{}` {why}; write each variable as `{{name}}` and no other braces",
            server.url
        );
        (at, message)
    })?;
    let mut names = NameSet::default();
    for reserved in CLIENT_NEW_NAMES {
        names.reserve(reserved);
    }
    let mut variables: Vec<ServerVariable> = Vec::new();
    for wire_name in wire_names {
        if variables.iter().any(|v| v.wire_name == wire_name) {
            continue;
        }
        let doc = server
            .variables
            .as_ref()
            .and_then(|v| v.get(wire_name))
            .and_then(|v| v.description.clone());
        variables.push(ServerVariable {
            wire_name: wire_name.to_owned(),
            name: names.unique_snake(field_name(wire_name)),
            doc,
        });
    }
    Ok(Server {
        url: server.url.trim_end_matches('/').to_owned(),
        variables,
    })
}

/// The variable names of a URL template in order of use, or what is wrong with its braces.
fn variables(url: &str) -> Result<Vec<&str>, String> {
    const NO_OPENER: &str = "has a `}` brace that no `{` opens";
    let mut names = Vec::new();
    let mut rest = url;
    loop {
        let Some(open) = rest.find('{') else {
            return if rest.contains('}') {
                Err(NO_OPENER.into())
            } else {
                Ok(names)
            };
        };
        if rest[..open].contains('}') {
            return Err(NO_OPENER.into());
        }
        let inside = &rest[open + 1..];
        let Some(close) = inside.find('}') else {
            return Err("has a `{` brace that no `}` closes".into());
        };
        let name = &inside[..close];
        if name.contains('{') {
            return Err("has a `{` brace inside a variable name".into());
        }
        if name.is_empty() {
            return Err("has an empty variable `{}`".into());
        }
        names.push(name);
        rest = &inside[close + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn templates_with_matched_braces_name_their_variables() {
        assert_eq!(variables("https://x.com"), Ok(vec![]));
        assert_eq!(
            variables("https://{a}.x.com/{b}/{a}"),
            Ok(vec!["a", "b", "a"])
        );
    }

    #[test]
    fn unmatched_or_empty_braces_are_refused() {
        for url in [
            "https://{{}.x/{v}",
            "https://{a.x",
            "https://a}.x",
            "https://{}.x",
            "https://}{a}",
        ] {
            assert!(variables(url).is_err(), "{url}");
        }
    }
}
