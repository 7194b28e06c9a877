//! Constructs of a valid document the generator does not generate, each
//! said by a located warning rather than dropped in silence: an operation's
//! `callbacks` (requests the API sends, which a client does not serve) and a
//! response's `links` (how one response feeds another operation).

use crate::diag::{Diagnostic, Pointer};
use openapiv3::{OpenAPI, ReferenceOr, Response, Responses};

/// One warning per callback and per link the document has, in document
/// order: the operations' callbacks and their responses' links, then the
/// links of `components.responses` (a response used by reference is
/// warned about once, where it is written).
pub(super) fn warn_dropped(file: &str, spec: &OpenAPI) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            let at = Pointer::root().join("paths").join(path).join(method);
            for name in operation.callbacks.keys() {
                warnings.push(Diagnostic::warning(
                    file,
                    at.join("callbacks").join(name),
                    format!(
                        "callback `{name}` is not generated: the client does not serve requests"
                    ),
                ));
            }
            responses_links(
                file,
                &operation.responses,
                &at.join("responses"),
                &mut warnings,
            );
        }
    }
    if let Some(components) = &spec.components {
        let at = Pointer::root().join("components").join("responses");
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(response) = response {
                links(file, response, &at.join(name), &mut warnings);
            }
        }
    }
    warnings
}

fn responses_links(
    file: &str,
    responses: &Responses,
    at: &Pointer,
    warnings: &mut Vec<Diagnostic>,
) {
    if let Some(ReferenceOr::Item(response)) = &responses.default {
        links(file, response, &at.join("default"), warnings);
    }
    for (status, response) in &responses.responses {
        if let ReferenceOr::Item(response) = response {
            links(file, response, &at.join(status.to_string()), warnings);
        }
    }
}

fn links(file: &str, response: &Response, at: &Pointer, warnings: &mut Vec<Diagnostic>) {
    for name in response.links.keys() {
        warnings.push(Diagnostic::warning(
            file,
            at.join("links").join(name),
            format!("link `{name}` is not generated: the client does not follow links between operations"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_callback_and_link_is_warned_about_where_it_is_written() {
        let file = "callbacks_links.yaml";
        let text = include_str!("../../../tests/fixtures/warnings/callbacks_links.yaml");
        let (spec, _) = crate::read_spec(file, text).unwrap_or_else(|e| panic!("{e:?}"));
        let warnings = warn_dropped(file, &spec);
        let found: Vec<(&str, &str)> = warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/paths/~1faxes/post/callbacks/faxDelivered",
                    "callback `faxDelivered` is not generated: the client does not serve requests"
                ),
                (
                    "/paths/~1faxes/post/callbacks/faxFailed",
                    "callback `faxFailed` is not generated: the client does not serve requests"
                ),
                (
                    "/paths/~1faxes/post/responses/201/links/GetFax",
                    "link `GetFax` is not generated: the client does not follow links between operations"
                ),
                (
                    "/components/responses/FaxList/links/NextPage",
                    "link `NextPage` is not generated: the client does not follow links between operations"
                ),
            ]
        );
        assert!(warnings
            .iter()
            .all(|w| w.severity == crate::Severity::Warning && w.file == file));
    }
}
