//! Stage 3, load: a normalized document → `openapiv3::OpenAPI`.
//!
//! Failures are reported with the JSON pointer that `serde_path_to_error`
//! tracked while deserializing. When normalizing changed nothing, the
//! document is the text as written, so the text is read once more to give
//! the line and column as well.

use crate::diag::{Diagnostic, Pointer};
use crate::normalize::Normalized;
pub use crate::parse::Syntax;
use openapiv3::OpenAPI;

/// Reads a spec: parse, normalize and load in one step (the first problem only).
pub fn load(file: &str, text: &str, syntax: Syntax) -> Result<OpenAPI, Diagnostic> {
    let value = crate::parse::parse(file, text, syntax)?;
    let normalized =
        crate::normalize::normalize(file, value).map_err(|mut all| all.swap_remove(0))?;
    load_normalized(file, text, syntax, normalized)
}

/// Deserializes a normalized document. `text` and `syntax` are the document
/// as written, for locating a fault by line.
pub fn load_normalized(
    file: &str,
    text: &str,
    syntax: Syntax,
    normalized: Normalized,
) -> Result<OpenAPI, Diagnostic> {
    let rewritten = !normalized.log.is_empty();
    // Read from the borrowed value: `openapiv3` buffers much of its input
    // (untagged enums, flattened maps), and buffering borrowed strings costs
    // nothing, while buffering owned ones doubles the time. Tracking the path
    // costs as much again, so only a failed read is repeated to locate the fault.
    let mut document = normalized.document;
    if let Some(spec) = deserialize_in_two(&mut document) {
        return Ok(spec);
    }
    let message = match <OpenAPI as serde::Deserialize>::deserialize(&document) {
        Ok(spec) => return Ok(spec),
        Err(error) => error.to_string(),
    };
    let mut diagnostic = Diagnostic {
        file: file.to_owned(),
        pointer: String::new(),
        line: None,
        severity: crate::diag::Severity::Error,
        message: crate::parse::strip_position(&message),
    };
    {
        if let Err(error) = serde_path_to_error::deserialize::<_, OpenAPI>(&document) {
            diagnostic.pointer = crate::parse::path_to_pointer(error.path()).to_string();
            diagnostic.message = crate::parse::strip_position(&error.inner().to_string());
        }
        if let Some(pointer) = refine_pointer(&document, &diagnostic) {
            diagnostic.pointer = pointer;
        }
    }
    if !rewritten {
        // The same document as text: its parser knows the line. Every
        // schema has passed the normalize checks, so this read fails as
        // quickly as the one above.
        if let Err(located) = crate::parse::parse_tracked::<OpenAPI>(file, text, syntax) {
            diagnostic.line = located.line;
        }
    }
    Err(diagnostic)
}

/// Deserializes the document on two threads: its `paths` on one, the rest
/// (whose bulk is `components/schemas`) on the other, each part read as the
/// type it has in [`OpenAPI`]. `None` when a part fails, with the document
/// put back as it was, for the whole read that says where.
fn deserialize_in_two(document: &mut serde_json::Value) -> Option<OpenAPI> {
    use serde::Deserialize as _;
    type Schemas = indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>;
    let empty = || serde_json::Value::Object(serde_json::Map::new());
    let paths = std::mem::replace(document.get_mut("paths")?, empty());
    let schemas = document
        .pointer_mut("/components/schemas")
        .map(|slot| std::mem::replace(slot, empty()));
    let read = std::thread::scope(|scope| {
        let paths = &paths;
        let reader = std::thread::Builder::new()
            .name("fax-codegen-load".into())
            .stack_size(crate::STACK_SIZE)
            .spawn_scoped(scope, move || openapiv3::Paths::deserialize(paths).ok());
        let spec = OpenAPI::deserialize(&*document).ok();
        let schemas = match &schemas {
            Some(schemas) => Schemas::deserialize(schemas).ok().map(Some),
            None => Some(None),
        };
        let paths = reader.ok()?.join().ok()??;
        Some((spec?, paths, schemas?))
    });
    let Some((mut spec, paths_read, schemas_read)) = read else {
        document["paths"] = paths;
        if let (Some(schemas), Some(slot)) = (schemas, document.pointer_mut("/components/schemas"))
        {
            *slot = schemas;
        }
        return None;
    };
    spec.paths = paths_read;
    if let Some(schemas) = schemas_read {
        spec.components.get_or_insert_with(Default::default).schemas = schemas;
    }
    Some(spec)
}

/// Parts of `openapiv3` buffer their input (untagged enums, flattened maps),
/// so the tracked path can stop short of the fault: `/paths` instead of
/// `/paths/~1faxes/get/parameters/0/required`. When the message names the
/// offending scalar (`invalid type: string "sometimes"`) and exactly one such
/// value stands below the tracked pointer, that value's pointer is the fault.
fn refine_pointer(document: &serde_json::Value, diagnostic: &Diagnostic) -> Option<String> {
    let offending = offending_scalar(&diagnostic.message)?;
    let start = document.pointer(&diagnostic.pointer)?;
    let mut found = Vec::new();
    find_scalars(start, &offending, Pointer::root(), &mut found);
    match found.as_slice() {
        [only] if !only.as_str().is_empty() => Some(format!("{}{}", diagnostic.pointer, only)),
        _ => None,
    }
}

/// The scalar a serde "invalid type/value" message quotes, as JSON.
fn offending_scalar(message: &str) -> Option<serde_json::Value> {
    let rest = message
        .split_once("invalid type: ")
        .or_else(|| message.split_once("invalid value: "))
        .map(|(_, rest)| rest)?;
    let (kind, value) = rest.split_once(' ')?;
    match kind {
        "string" => {
            let quoted = value.strip_prefix('"')?;
            let end = quoted.find("\", expected").or_else(|| quoted.rfind('"'))?;
            Some(serde_json::Value::String(quoted[..end].to_owned()))
        }
        "integer" | "floating" | "boolean" => {
            let inner = value.split('`').nth(1)?;
            serde_json::from_str(inner).ok()
        }
        _ => None,
    }
}

fn find_scalars(
    value: &serde_json::Value,
    wanted: &serde_json::Value,
    at: Pointer,
    found: &mut Vec<Pointer>,
) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                find_scalars(child, wanted, at.join(key), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_scalars(child, wanted, at.join(index.to_string()), found);
            }
        }
        scalar if scalar == wanted => found.push(at),
        _ => {}
    }
}
