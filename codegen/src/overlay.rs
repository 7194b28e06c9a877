//! Overlays: documents of our own merged into a vendored spec before it is
//! lowered, so the vendored file stays byte-identical to upstream. An overlay
//! adds paths, operations, components and top-level `x-` settings; it cannot
//! replace what the base spec defines (that is reported, not merged).

use crate::diag::{Diagnostic, Pointer};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};

/// Merges `overlay` (read from `file`) into `base`.
pub fn merge(base: &mut OpenAPI, overlay: OpenAPI, file: &str) -> Result<(), Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let clash = |pointer: Pointer, what: &str| {
        Diagnostic::error(
            file,
            pointer,
            format!("{what} is already defined in the base spec; an overlay only adds"),
        )
    };
    for (path, item) in overlay.paths.paths {
        let at = Pointer::root().join("paths").join(&path);
        let ReferenceOr::Item(item) = item else {
            diagnostics.push(Diagnostic::error(
                file,
                at.join("$ref"),
                "path items must be written in place",
            ));
            continue;
        };
        match base.paths.paths.get_mut(&path) {
            None => {
                base.paths.paths.insert(path, ReferenceOr::Item(item));
            }
            Some(ReferenceOr::Reference { .. }) => diagnostics.push(clash(at, "this path")),
            Some(ReferenceOr::Item(existing)) => {
                let slots = [
                    ("get", item.get, &mut existing.get),
                    ("put", item.put, &mut existing.put),
                    ("post", item.post, &mut existing.post),
                    ("delete", item.delete, &mut existing.delete),
                    ("options", item.options, &mut existing.options),
                    ("head", item.head, &mut existing.head),
                    ("patch", item.patch, &mut existing.patch),
                    ("trace", item.trace, &mut existing.trace),
                ];
                for (method, added, slot) in slots {
                    match (added, slot.is_some()) {
                        (Some(_), true) => {
                            diagnostics.push(clash(at.join(method), "this operation"))
                        }
                        (Some(operation), false) => *slot = Some(operation),
                        (None, _) => {}
                    }
                }
            }
        }
    }
    if let Some(components) = overlay.components {
        let target = base.components.get_or_insert_with(Default::default);
        let at = Pointer::root().join("components");
        add_all(
            &mut target.schemas,
            components.schemas,
            &at.join("schemas"),
            &mut diagnostics,
            &clash,
        );
        add_all(
            &mut target.responses,
            components.responses,
            &at.join("responses"),
            &mut diagnostics,
            &clash,
        );
        add_all(
            &mut target.parameters,
            components.parameters,
            &at.join("parameters"),
            &mut diagnostics,
            &clash,
        );
        add_all(
            &mut target.request_bodies,
            components.request_bodies,
            &at.join("requestBodies"),
            &mut diagnostics,
            &clash,
        );
    }
    for (name, value) in overlay.extensions {
        base.extensions.insert(name, value);
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(diagnostics)
    }
}

fn add_all<T>(
    target: &mut IndexMap<String, T>,
    added: IndexMap<String, T>,
    at: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
    clash: &impl Fn(Pointer, &str) -> Diagnostic,
) {
    for (name, value) in added {
        if target.contains_key(&name) {
            diagnostics.push(clash(at.join(&name), "this component"));
        } else {
            target.insert(name, value);
        }
    }
}
