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
    match deserialize_in_parts(&mut document) {
        InParts::Read(spec) => return Ok(*spec),
        InParts::NotTried => {}
        // Parts already read were dropped on the way: the document is made
        // again, as it was, for the whole read that says where it fails.
        InParts::Failed => {
            let value = crate::parse::parse(file, text, syntax)?;
            document = crate::normalize::normalize(file, value)
                .map_err(|mut all| all.swap_remove(0))?
                .document;
        }
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

type Schemas = indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>;

/// What [`deserialize_in_parts`] made of a document.
enum InParts {
    Read(Box<OpenAPI>),
    /// The document has no `paths` object, or a `components/schemas` that
    /// is not an object: left as it was, for the whole read.
    NotTried,
    /// A part did not read; the document has lost parts.
    Failed,
}

/// One piece of work: some consecutive entries of `paths` or of
/// `components/schemas`, as a mapping of their own.
enum Piece {
    Paths(serde_json::Value),
    Schemas(serde_json::Value),
}

/// A piece as read.
enum PieceRead {
    Paths(openapiv3::Paths),
    Schemas(Schemas),
}

/// How many entries of `paths` or `components/schemas` a piece holds: a
/// large spec gives each thread dozens of pieces, so neither waits long on
/// the other, and a small one is not cut into pieces smaller than the
/// work of handing them out.
const PIECE_ENTRIES: usize = 32;

/// Deserializes the document on two threads. The bulk of a spec is its
/// `paths` and `components/schemas`; their entries are cut into pieces, and
/// each thread takes the next piece, reads it as the type it has in
/// [`OpenAPI`] and drops the piece's source at once, so the document shrinks
/// as the spec grows rather than both being held whole. The rest of the
/// document is read on the generator's thread first. A map read in
/// consecutive pieces is the map read whole: each entry is read on its own
/// (`Paths` sorts each key by its prefix, into paths or extensions), and a
/// JSON object has each key once.
fn deserialize_in_parts(document: &mut serde_json::Value) -> InParts {
    use serde::Deserialize as _;
    let is_object = |value: Option<&serde_json::Value>| value.is_none_or(|v| v.is_object());
    if !document
        .get("paths")
        .is_some_and(serde_json::Value::is_object)
        || !is_object(document.pointer("/components/schemas"))
    {
        return InParts::NotTried;
    }
    let mut pieces = Vec::new();
    let mut take_pieces = |pointer: &str, piece: fn(serde_json::Value) -> Piece| {
        let Some(serde_json::Value::Object(map)) = document.pointer_mut(pointer) else {
            return false;
        };
        let mut entries = std::mem::take(map).into_iter().peekable();
        while entries.peek().is_some() {
            let part: serde_json::Map<_, _> = entries.by_ref().take(PIECE_ENTRIES).collect();
            pieces.push(std::sync::Mutex::new(Some(piece(
                serde_json::Value::Object(part),
            ))));
        }
        true
    };
    take_pieces("/paths", Piece::Paths);
    let has_schemas = take_pieces("/components/schemas", Piece::Schemas);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Option<Vec<(usize, PieceRead)>> {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(slot) = pieces.get(index) else {
                return Some(done);
            };
            let piece = slot.lock().ok()?.take()?;
            let read = match &piece {
                Piece::Paths(value) => PieceRead::Paths(openapiv3::Paths::deserialize(value).ok()?),
                Piece::Schemas(value) => PieceRead::Schemas(Schemas::deserialize(value).ok()?),
            };
            drop(piece);
            done.push((index, read));
        }
    };
    let read = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("fax-codegen-load".into())
            .stack_size(crate::STACK_SIZE)
            .spawn_scoped(scope, work);
        let spec = OpenAPI::deserialize(&*document).ok();
        let mine = spec.is_some().then(work).flatten();
        let theirs = reader.ok()?.join().ok()?;
        Some((spec?, mine?, theirs?))
    });
    let Some((mut spec, mine, theirs)) = read else {
        return InParts::Failed;
    };
    let mut reads: Vec<(usize, PieceRead)> = mine.into_iter().chain(theirs).collect();
    if reads.len() != pieces.len() {
        return InParts::Failed;
    }
    reads.sort_unstable_by_key(|(index, _)| *index);
    let mut schemas = Schemas::default();
    for (_, read) in reads {
        match read {
            PieceRead::Paths(paths) => {
                spec.paths.paths.extend(paths.paths);
                spec.paths.extensions.extend(paths.extensions);
            }
            PieceRead::Schemas(part) => schemas.extend(part),
        }
    }
    if has_schemas {
        spec.components.get_or_insert_with(Default::default).schemas = schemas;
    }
    InParts::Read(Box::new(spec))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with more paths and schemas than one piece holds, the
    /// paths with an extension among them; the path numbered `bad_path`
    /// has a summary that is not text.
    fn document(schemas: usize, bad_path: Option<usize>) -> String {
        let schemas: Vec<String> = (0..schemas)
            .map(|i| {
                format!(
                    r#""S{i}": {{"type": "object", "properties": {{"v": {{"type": "string"}}}}}}"#
                )
            })
            .collect();
        let paths: Vec<String> = (0..3 * PIECE_ENTRIES / 2)
            .map(|i| {
                let extension = if i == PIECE_ENTRIES { r#""x-note": {"n": 1}, "# } else { "" };
                let summary = if bad_path == Some(i) { "3" } else { r#""get it""# };
                format!(
                    r#"{extension}"/p{i}": {{"get": {{"summary": {summary}, "responses": {{"200": {{"description": "ok"}}}}}}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}}, "components": {{"schemas": {{{}}}}}}}"#,
            paths.join(", "),
            schemas.join(", ")
        )
    }

    fn whole(text: &str) -> Result<OpenAPI, String> {
        let value = crate::parse::parse("a.json", text, Syntax::Json).map_err(|d| d.to_string())?;
        <OpenAPI as serde::Deserialize>::deserialize(&value).map_err(|e| e.to_string())
    }

    #[test]
    fn a_spec_read_in_pieces_is_the_spec_read_whole() {
        for schemas in [0, 1, PIECE_ENTRIES, 5 * PIECE_ENTRIES + 3] {
            let text = document(schemas, None);
            let mut value = crate::parse::parse("a.json", &text, Syntax::Json).unwrap();
            let InParts::Read(spec) = deserialize_in_parts(&mut value) else {
                panic!("{schemas} schemas were not read in pieces");
            };
            let whole = whole(&text).unwrap();
            assert_eq!(*spec, whole, "{schemas} schemas");
            // Maps compare equal in any order; the generated code follows it.
            let keys = |spec: &OpenAPI| {
                let schemas = spec.components.as_ref().map(|c| c.schemas.keys().cloned());
                let paths = spec.paths.paths.keys().chain(spec.paths.extensions.keys());
                paths
                    .cloned()
                    .chain(schemas.into_iter().flatten())
                    .collect::<Vec<_>>()
            };
            assert_eq!(keys(&spec), keys(&whole), "{schemas} schemas");
            assert_eq!(spec.paths.extensions.len(), 1);
        }
    }

    #[test]
    fn a_piece_that_fails_is_reported_as_the_whole_read_reports_it() {
        let bad = PIECE_ENTRIES + 1;
        let text = document(2 * PIECE_ENTRIES, Some(bad));
        let mut value = crate::parse::parse("a.json", &text, Syntax::Json).unwrap();
        assert!(matches!(deserialize_in_parts(&mut value), InParts::Failed));
        let error = load("a.json", &text, Syntax::Json).unwrap_err();
        assert_eq!(error.pointer, format!("/paths/~1p{bad}/get/summary"));
        assert_eq!(
            error.message,
            "invalid type: integer `3`, expected a string"
        );
        assert!(error.line.is_some_and(|(line, _)| line == 1), "{error:?}");
    }

    #[test]
    fn paths_that_are_not_a_mapping_are_left_to_the_whole_read() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []}"#;
        let mut value = crate::parse::parse("a.json", text, Syntax::Json).unwrap();
        assert!(matches!(
            deserialize_in_parts(&mut value),
            InParts::NotTried
        ));
        let error = load("a.json", text, Syntax::Json).unwrap_err();
        assert_eq!(error.pointer, "/paths");
    }
}
