//! Stage 1, load: spec text → `openapiv3::OpenAPI`.
//!
//! Parse failures are reported with the JSON pointer that `serde_path_to_error`
//! tracked while deserializing, plus the line and column where the parser knows them.

use crate::diag::{Diagnostic, Pointer};
use openapiv3::OpenAPI;
use serde::Deserialize;

/// The syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML (1.2, as `serde_yaml` reads it).
    Yaml,
}

impl Syntax {
    /// Picks the syntax from a file name: `.json` is JSON, anything else YAML.
    pub fn from_file_name(name: &str) -> Self {
        if name.to_ascii_lowercase().ends_with(".json") {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// Only the version fields, read first so a 3.1 or Swagger 2.0 document gets a
/// clear "unsupported version" error instead of a confusing type error deep inside.
#[derive(Deserialize)]
struct VersionProbe {
    openapi: Option<serde_json::Value>,
    swagger: Option<serde_json::Value>,
}

/// Reads a spec, checking the OpenAPI version before the full parse.
pub fn load(file: &str, text: &str, syntax: Syntax) -> Result<OpenAPI, Diagnostic> {
    let probe: VersionProbe = parse(file, text, syntax)?;
    check_version(file, &probe)?;
    parse(file, text, syntax)
}

fn check_version(file: &str, probe: &VersionProbe) -> Result<(), Diagnostic> {
    let located = |pointer: &str, message: String| Diagnostic {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        line: None,
        message,
    };
    if let Some(swagger) = &probe.swagger {
        return Err(located(
            "/swagger",
            format!("unsupported version: Swagger {swagger} documents are not read; convert to OpenAPI 3.0"),
        ));
    }
    match &probe.openapi {
        None => Err(located(
            "",
            "not an OpenAPI document: the `openapi` field is missing".into(),
        )),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0") => Ok(()),
        Some(serde_json::Value::String(version)) => Err(located(
            "/openapi",
            format!("unsupported OpenAPI version {version}: only 3.0.x is supported"),
        )),
        Some(other) => Err(located(
            "/openapi",
            format!("the OpenAPI version must be a string such as \"3.0.3\", found {other}"),
        )),
    }
}

fn parse<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    syntax: Syntax,
) -> Result<T, Diagnostic> {
    parse_tracked(file, text, syntax).map_err(|mut diagnostic| {
        if let Some(pointer) = refine_pointer(text, syntax, &diagnostic) {
            diagnostic.pointer = pointer;
        }
        diagnostic
    })
}

/// Parts of `openapiv3` buffer their input (untagged enums, flattened maps),
/// so the tracked path can stop short of the fault: `/paths` instead of
/// `/paths/~1faxes/get/parameters/0/required`. When the message names the
/// offending scalar (`invalid type: string "sometimes"`) and exactly one such
/// value stands below the tracked pointer, that value's pointer is the fault.
fn refine_pointer(text: &str, syntax: Syntax, diagnostic: &Diagnostic) -> Option<String> {
    let offending = offending_scalar(&diagnostic.message)?;
    let document: serde_json::Value = match syntax {
        Syntax::Json => serde_json::from_str(text).ok()?,
        Syntax::Yaml => serde_yaml::from_str(text).ok()?,
    };
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

fn parse_tracked<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    syntax: Syntax,
) -> Result<T, Diagnostic> {
    match syntax {
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let inner = e.inner();
                let line = (inner.line() > 0).then(|| (inner.line(), inner.column()));
                located_error(file, e.path(), line, strip_position(&inner.to_string()))
            })?;
            de.end().map_err(|e| located_error_at_root(file, &e))?;
            Ok(value)
        }
        Syntax::Yaml => {
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let inner = e.inner();
                let line = inner.location().map(|l| (l.line(), l.column()));
                located_error(file, e.path(), line, strip_position(&inner.to_string()))
            })
        }
    }
}

fn located_error_at_root(file: &str, e: &serde_json::Error) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        pointer: String::new(),
        line: Some((e.line(), e.column())),
        message: strip_position(&e.to_string()),
    }
}

fn located_error(
    file: &str,
    path: &serde_path_to_error::Path,
    line: Option<(usize, usize)>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        file: file.to_owned(),
        pointer: path_to_pointer(path).to_string(),
        line,
        message,
    }
}

/// `serde_path_to_error` paths are dotted; JSON pointers are slash-separated and escaped.
fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter()
        .fold(Pointer::root(), |pointer, segment| match segment {
            Segment::Seq { index } => pointer.join(index.to_string()),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => pointer.join("?"),
        })
}

/// Parser messages end with " at line L column C"; the diagnostic carries the
/// position separately, so it is dropped from the words.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}
