//! References the later stages cannot follow, made followable: callbacks
//! given by `$ref`, `$ref`s into `#/paths/...`, and schemas kept under `$defs`.

use super::{component_schemas, components, unique_name, Context, Version};
use crate::diag::{unescape_segment, Pointer};
use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `callbacks: {name: {$ref: '#/components/callbacks/X'}}` is legal OpenAPI
/// that `openapiv3` cannot read: the callback is copied in place.
pub(super) fn inline_callbacks(root: &mut Map<String, Value>, context: &mut Context) {
    let Some(library) = root
        .get("components")
        .and_then(|c| c.get("callbacks"))
        .and_then(Value::as_object)
        .cloned()
    else {
        // Without components.callbacks a callback `$ref` cannot resolve; the
        // check below still reports it.
        return inline_in_paths(root, &Map::new(), context);
    };
    inline_in_paths(root, &library, context);
    if let Some(Value::Object(own)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("callbacks"))
    {
        for (name, callback) in own.iter_mut() {
            let at = Pointer::root()
                .join("components")
                .join("callbacks")
                .join(name);
            inline_one(callback, &library, &at, context, 0);
        }
    }
}

fn inline_in_paths(
    root: &mut Map<String, Value>,
    library: &Map<String, Value>,
    context: &mut Context,
) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            let Some(Value::Object(callbacks)) =
                item.get_mut(method).and_then(|op| op.get_mut("callbacks"))
            else {
                continue;
            };
            for (name, callback) in callbacks.iter_mut() {
                let at = Pointer::root()
                    .join("paths")
                    .join(path)
                    .join(method)
                    .join("callbacks")
                    .join(name);
                inline_one(callback, library, &at, context, 0);
            }
        }
    }
}

fn inline_one(
    callback: &mut Value,
    library: &Map<String, Value>,
    at: &Pointer,
    context: &mut Context,
    depth: usize,
) {
    let Some(reference) = callback
        .get("$ref")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return;
    };
    let target = reference
        .strip_prefix("#/components/callbacks/")
        .map(unescape_segment)
        .and_then(|name| library.get(&name));
    match target {
        Some(target) if depth < 8 => {
            *callback = target.clone();
            context.log.exact(
                at.join("$ref").as_str(),
                format!("callback `{reference}` copied in place (`openapiv3` reads callbacks only written out)"),
            );
            inline_one(callback, library, at, context, depth + 1);
        }
        Some(_) => context.error(
            at.join("$ref").as_str(),
            format!("`{reference}` is part of a cycle of callback references"),
        ),
        None => context.error(
            at.join("$ref").as_str(),
            format!("dangling reference `{reference}`: no callback of that name in components.callbacks"),
        ),
    }
}

/// Every `$ref` value in the document that starts with `prefix`, with where it stands.
pub(super) fn refs_with_prefix(value: &Value, prefix: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) if reference.starts_with(prefix) => {
                        found.push(reference.clone());
                    }
                    _ => refs_with_prefix(child, prefix, found),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|v| refs_with_prefix(v, prefix, found)),
        _ => {}
    }
}

/// Rewrites every `$ref` equal to `from`, or going inside it, to start with `to`.
fn retarget(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let ("$ref", Value::String(reference)) = (key.as_str(), &mut *child) {
                    if let Some(rest) = reference.strip_prefix(from) {
                        if rest.is_empty() || rest.starts_with('/') {
                            *reference = format!("{to}{rest}");
                        }
                    }
                } else {
                    retarget(child, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, from, to)),
        _ => {}
    }
}

/// The RFC 6901 pointer of a local reference (`#/a/b%20c` → `/a/b c`).
fn pointer_of(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(
        percent_encoding::percent_decode_str(fragment)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// `$ref`s into `#/paths/...` (a parameter, body, response or schema written
/// under some operation and reused elsewhere): the part moves to
/// `components` under a name made from where it stood, a `$ref` takes its
/// place, and every reference to it (or into it) follows.
pub(super) fn hoist_path_targets(root: &mut Map<String, Value>, context: &mut Context) {
    let mut found = Vec::new();
    for value in root.values() {
        refs_with_prefix(value, "#/paths/", &mut found);
    }
    if found.is_empty() {
        return;
    }
    found.sort_by_key(|r| (r.len(), r.clone()));
    found.dedup();
    let mut document = Value::Object(std::mem::take(root));
    for reference in found {
        let Some(pointer) = pointer_of(&reference) else {
            continue;
        };
        let Some(target) = document.pointer(&pointer) else {
            // Already moved with an enclosing part and retargeted, or dangling:
            // either way the later stages report what remains.
            continue;
        };
        if let Some(Value::String(inner)) = target.get("$ref") {
            let inner = inner.clone();
            retarget(&mut document, &reference, &inner);
            context.log.exact(
                &pointer,
                format!("references to `{reference}` now point at `{inner}`, which it refers to"),
            );
            continue;
        }
        let segments: Vec<String> = pointer.split('/').skip(1).map(unescape_segment).collect();
        let Some(kind) = component_kind(&segments) else {
            context.error(
                &pointer,
                format!("unsupported reference `{reference}`: only parameters, request bodies, responses, headers and schemas under `paths` can be referenced"),
            );
            continue;
        };
        let base = part_name(&document, &segments);
        let base = if base.is_empty() {
            "Shared".to_owned()
        } else {
            base
        };
        let Value::Object(root_map) = &mut document else {
            unreachable!()
        };
        let section = components(root_map)
            .entry(kind)
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(section) = section.as_object_mut() else {
            context.error(
                &format!("/components/{kind}"),
                format!("`components.{kind}` must be a mapping"),
            );
            continue;
        };
        let name = unique_name(&base, section);
        let new_ref = format!(
            "#/components/{kind}/{}",
            name.replace('~', "~0").replace('/', "~1")
        );
        let Some(slot) = document.pointer_mut(&pointer) else {
            continue;
        };
        let moved = std::mem::replace(slot, serde_json::json!({ "$ref": new_ref }));
        let Value::Object(root_map) = &mut document else {
            unreachable!()
        };
        if let Some(Value::Object(section)) = components(root_map).get_mut(kind) {
            section.insert(name.clone(), moved);
        }
        retarget(&mut document, &reference, &new_ref);
        // The `$ref` just put in place of the part must not point at itself.
        if let Some(Value::Object(slot)) = document.pointer_mut(&pointer) {
            slot.insert("$ref".into(), Value::String(new_ref.clone()));
        }
        context.log.exact(
            &pointer,
            format!("referenced as `{reference}`: moved to `{new_ref}`, and every reference to it follows (the next stages resolve references into components)"),
        );
    }
    let Value::Object(taken) = document else {
        unreachable!()
    };
    *root = taken;
}

/// A name for a part under `paths`, from its operation (the `operationId`,
/// else path and method) and what it is there: `ListFaxesResponse200`.
fn part_name(document: &Value, segments: &[String]) -> String {
    let operation_id = segments.get(1..3).and_then(|op| {
        document
            .get("paths")?
            .get(&op[0])?
            .get(&op[1])?
            .get("operationId")?
            .as_str()
    });
    let (mut name, rest) = match operation_id {
        Some(id) => (
            id.to_upper_camel_case(),
            segments.get(3..).unwrap_or_default(),
        ),
        None => (
            segments
                .get(1)
                .map(|p| p.to_upper_camel_case())
                .unwrap_or_default(),
            segments.get(2..).unwrap_or_default(),
        ),
    };
    let mut skip_next = false;
    for segment in rest {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        match segment.as_str() {
            "content" => skip_next = true,
            "schema" => {}
            "responses" => name.push_str("Response"),
            "requestBody" => name.push_str("Body"),
            "parameters" => name.push_str("Parameter"),
            other => name.push_str(&other.to_upper_camel_case()),
        }
    }
    name
}

/// Which `components` section a part under `paths` belongs in, from where it stands.
fn component_kind(segments: &[String]) -> Option<&'static str> {
    let n = segments.len();
    let last = segments.last()?.as_str();
    let before = |k: usize| segments.get(n.checked_sub(k)?).map(String::as_str);
    if before(2) == Some("parameters") && last.parse::<usize>().is_ok() {
        return Some("parameters");
    }
    if last == "requestBody" {
        return Some("requestBodies");
    }
    if before(2) == Some("responses") {
        return Some("responses");
    }
    if before(2) == Some("headers") {
        return Some("headers");
    }
    segments.iter().any(|s| s == "schema").then_some("schemas")
}

/// `$defs` at the document root (a JSON Schema habit some OpenAPI 3.1
/// documents keep, referenced as `#/$defs/Name`) are taken out like those
/// inside schemas, to become component schemas in [`hoist_defs`].
pub(super) fn root_defs(root: &mut Map<String, Value>, context: &mut Context) {
    let Some(defs) = root.remove("$defs") else {
        return;
    };
    let Value::Object(defs) = defs else {
        context.error(
            "/$defs",
            format!(
                "`$defs` must be a mapping of schemas, found {}",
                super::kind_of(&defs)
            ),
        );
        return;
    };
    for (name, schema) in defs {
        let mut pointer = super::Path::default();
        pointer.push("$defs");
        pointer.push(&name);
        context.defs.push((pointer.0, name, schema));
    }
}

/// Schemas kept under `$defs` (JSON Schema's local definitions) become
/// component schemas, and references to them follow.
pub(super) fn hoist_defs(root: &mut Map<String, Value>, version: Version, context: &mut Context) {
    let mut rounds = 0;
    while !context.defs.is_empty() && rounds < 16 {
        rounds += 1;
        let defs = std::mem::take(&mut context.defs);
        let mut document = Value::Object(std::mem::take(root));
        let mut added = Vec::new();
        for (pointer, name, schema) in defs {
            let Value::Object(root_map) = &mut document else {
                unreachable!()
            };
            let Some(schemas) = component_schemas(root_map, context) else {
                break;
            };
            let component = unique_name(&name.to_upper_camel_case(), schemas);
            schemas.insert(component.clone(), schema);
            let from = format!("#{pointer}");
            let to = format!("#/components/schemas/{component}");
            retarget(&mut document, &from, &to);
            context.log.exact(
                &pointer,
                format!("`$defs` entry moved to `{to}`; references to it follow"),
            );
            added.push(component);
        }
        let Value::Object(taken) = document else {
            unreachable!()
        };
        *root = taken;
        super::walk::component_schemas(root, &added, version, context);
    }
    if !context.defs.is_empty() {
        context.error(
            "",
            "`$defs` nest more than 16 levels deep inside one another",
        );
    }
}
