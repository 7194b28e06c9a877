//! Stage 1, parse: spec text (JSON or YAML) → `serde_json::Value`.
//!
//! Syntax errors carry the line and column the parser reports and the JSON
//! pointer `serde_path_to_error` tracked up to the fault. Integers beyond
//! 64 bits, which YAML parsers hand over as 128-bit numbers and real specs
//! use as "no limit" (`maximum: 18446744073709552000`), become floating-point
//! numbers here, as JSON parsers read them; the normalize stage decides what
//! they mean.

use crate::diag::{Diagnostic, Pointer};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

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

/// How deep JSON arrays and objects may nest. A schema nested 256 levels
/// (an object inside an object, each level two JSON levels) fits; deeper
/// text is refused before it is parsed, so parsing cannot exhaust the
/// generator's stack ([`crate::STACK_SIZE`]). YAML keeps its parser's own
/// limit of 128 levels, also a located error.
pub const MAX_DEPTH: usize = 600;

/// Where JSON `text` first nests deeper than `max` (1-based line and
/// column), if it does. Brackets inside strings do not count.
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            _ if in_string => match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            },
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > max {
                    return Some((line, column));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Reads spec text into a JSON value, or says where the text is broken.
pub fn parse(file: &str, text: &str, syntax: Syntax) -> Result<Value, Diagnostic> {
    if syntax == Syntax::Yaml {
        if let Some(value) = parse_yaml_in_two(text) {
            return Ok(value);
        }
    }
    let document: Document = parse_tracked(file, text, syntax)?;
    Ok(document.0)
}

/// Below this size a YAML document is read on one thread: a second one
/// would cost more than it saves.
const SPLIT_YAML_FROM: usize = 64 << 10;

/// A large YAML document read as two documents at once, one per core: the
/// text before a top-level key near its middle, and the rest. YAML is read
/// one event at a time on one thread, and it was a third of a mid-sized
/// generation. Each half must read as a mapping and the two must share no
/// key; then the joined mapping is what the whole text reads as, since a
/// line that starts a top-level key ends every block node before it, and a
/// flow node or quoted scalar cut in two leaves the first half unreadable.
/// Anything else (no such line, a directive or second document, an alias
/// of an anchor in the other half, a half that fails) returns `None`, and
/// the whole text is read the ordinary way, with its ordinary errors.
fn parse_yaml_in_two(text: &str) -> Option<Value> {
    if text.len() < SPLIT_YAML_FROM {
        return None;
    }
    let at = yaml_split_point(text)?;
    let (first, second) = text.split_at(at);
    let read =
        |half: &str| match serde_yaml::Deserializer::from_str(half).deserialize_any(ValueVisitor) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        };
    let (first, second) = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("fax-codegen-parse".into())
            .stack_size(crate::STACK_SIZE)
            .spawn_scoped(scope, || read(second))
            .ok()?;
        let first = read(first);
        Some((first, reader.join().ok()?))
    })?;
    let (mut joined, second) = (first?, second?);
    if second.keys().any(|key| joined.contains_key(key)) {
        return None;
    }
    joined.extend(second);
    Some(Value::Object(joined))
}

/// The byte offset of the line nearest the middle of `text` that starts a
/// plain top-level key (`paths:`, `components:`), other than the first
/// line; `None` when there is none, or when the text has a directive or a
/// document marker after its first line, which the second half would lose.
fn yaml_split_point(text: &str) -> Option<usize> {
    let middle = text.len() / 2;
    let mut best: Option<usize> = None;
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        if number == 0 {
            continue;
        }
        if line.starts_with('%') || line.starts_with("---") || line.starts_with("...") {
            return None;
        }
        if starts_plain_key(line)
            && best.is_none_or(|b| start.abs_diff(middle) < b.abs_diff(middle))
        {
            best = Some(start);
        }
    }
    best
}

/// Whether a line is `name:` at column 0, `name` made of ASCII letters,
/// digits, `_` and `-`, followed by the end of the line or a space.
fn starts_plain_key(line: &str) -> bool {
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return false;
    }
    let name = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'-')
        .count();
    bytes.get(name) == Some(&b':')
        && matches!(bytes.get(name + 1), None | Some(b' ' | b'\n' | b'\r'))
}

/// Deserializes `text` as `T`, locating failures by pointer and, where the
/// parser knows it, line and column.
pub(crate) fn parse_tracked<T: for<'de> Deserialize<'de>>(
    file: &str,
    text: &str,
    syntax: Syntax,
) -> Result<T, Diagnostic> {
    match syntax {
        Syntax::Json => {
            // Tracking the path costs a third of the read, so only a failed
            // read is repeated with tracking, to say where it failed. The
            // first read keeps serde_json's own limit of 128 levels, which
            // nearly every document is far inside: only a document it
            // refuses pays for the scan against `MAX_DEPTH`.
            let mut de = serde_json::Deserializer::from_str(text);
            if let Ok(value) = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value)) {
                return Ok(value);
            }
            if let Some((line, column)) = too_deep(text, MAX_DEPTH) {
                return Err(Diagnostic {
                    file: file.to_owned(),
                    pointer: String::new(),
                    line: Some((line, column)),
                    severity: crate::diag::Severity::Error,
                    message: format!(
                        "the document nests more than {MAX_DEPTH} levels of arrays and objects here"
                    ),
                });
            }
            let mut de = serde_json::Deserializer::from_str(text);
            // serde_json stops at 128 levels to spare the stack; the
            // generator runs on a stack sized for `MAX_DEPTH`, checked above.
            de.disable_recursion_limit();
            if let Ok(value) = T::deserialize(&mut de).and_then(|value| de.end().map(|()| value)) {
                return Ok(value);
            }
            let mut de = serde_json::Deserializer::from_str(text);
            de.disable_recursion_limit();
            let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                let inner = e.inner();
                let line = (inner.line() > 0).then(|| (inner.line(), inner.column()));
                located(file, e.path(), line, strip_position(&inner.to_string()))
            })?;
            de.end().map_err(|e| Diagnostic {
                file: file.to_owned(),
                pointer: String::new(),
                line: Some((e.line(), e.column())),
                severity: crate::diag::Severity::Error,
                message: strip_position(&e.to_string()),
            })?;
            Ok(value)
        }
        Syntax::Yaml => {
            if let Ok(value) = T::deserialize(serde_yaml::Deserializer::from_str(text)) {
                return Ok(value);
            }
            let de = serde_yaml::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let inner = e.inner();
                let line = inner.location().map(|l| (l.line(), l.column()));
                located(file, e.path(), line, strip_position(&inner.to_string()))
            })
        }
    }
}

fn located(
    file: &str,
    path: &serde_path_to_error::Path,
    line: Option<(usize, usize)>,
    message: String,
) -> Diagnostic {
    // A syntax error inside a mapping stops before the next key is known,
    // which the path shows as a trailing `?`: the mapping is the place.
    let pointer = path_to_pointer(path).to_string();
    let mut pointer = pointer.as_str();
    while let Some(parent) = pointer.strip_suffix("/?") {
        pointer = parent;
    }
    Diagnostic {
        file: file.to_owned(),
        pointer: pointer.to_owned(),
        line,
        severity: crate::diag::Severity::Error,
        message,
    }
}

/// `serde_path_to_error` paths are dotted; JSON pointers are slash-separated and escaped.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
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
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

/// A whole document as a JSON value, read with [`ValueVisitor`].
struct Document(Value);

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(Document)
    }
}

/// `serde_json::Value`'s own visitor, except that 128-bit integers become
/// floating-point numbers instead of an error, and mapping keys that YAML
/// writes as numbers or booleans (`200:` in `responses`) become their text.
struct ValueVisitor;

fn float<E: de::Error>(value: f64) -> Result<Value, E> {
    Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(small) => self.visit_i64(small),
            Err(_) => float(v as f64),
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(small) => self.visit_u64(small),
            Err(_) => float(v as f64),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        float(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Document(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let Document(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A mapping key as text, whatever scalar the syntax wrote it as.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_unit<E: de::Error>(self) -> Result<String, E> {
                Ok("null".to_owned())
            }
        }
        deserializer.deserialize_any(KeyVisitor).map(Key)
    }
}

#[cfg(test)]
mod depth_tests {
    use super::too_deep;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert_eq!(too_deep("[[1]]", 2), None);
        assert_eq!(too_deep("[[[1]]]", 2), Some((1, 3)));
        assert_eq!(too_deep("{\"a\": \"[[[[\\\"[[\"}", 1), None);
        assert_eq!(too_deep("{\n \"a\": [\n  [1]]}", 2), Some((3, 3)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integers_beyond_64_bits_become_floats() {
        let value = parse(
            "x.yaml",
            "a: 18446744073709552000\nb: -9223372036854776000\n200: ok\n",
            Syntax::Yaml,
        )
        .unwrap();
        assert_eq!(value["a"].as_f64(), Some(18446744073709552000.0));
        assert_eq!(value["b"].as_f64(), Some(-9223372036854776000.0));
        assert_eq!(value["200"], "ok");
    }

    #[test]
    fn a_syntax_error_names_line_and_pointer() {
        let d = parse("x.json", "{\"a\": {\"b\": 1,}}", Syntax::Json).unwrap_err();
        assert_eq!(d.pointer, "/a");
        assert!(d.line.is_some());
    }

    /// A document of `size` bytes or more: many schemas, then many paths,
    /// with `middle` written between them.
    fn large_yaml(middle: &str) -> String {
        let mut text = String::from("openapi: 3.0.3\ncomponents:\n  schemas:\n");
        for i in 0..900 {
            text.push_str(&format!(
                "    Model{i}:\n      type: object\n      description: \"model {i}: text\"\n"
            ));
        }
        text.push_str(middle);
        text.push_str("paths:\n");
        for i in 0..900 {
            text.push_str(&format!(
                "  /things/{i}:\n    get:\n      operationId: get{i}\n"
            ));
        }
        assert!(text.len() > SPLIT_YAML_FROM);
        text
    }

    /// The whole text read on one thread, as before the split.
    fn whole(text: &str) -> Result<Value, String> {
        serde_yaml::Deserializer::from_str(text)
            .deserialize_any(ValueVisitor)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_large_yaml_document_read_in_two_is_the_whole_document() {
        let text = large_yaml("");
        let split = parse_yaml_in_two(&text).expect("read in two");
        assert_eq!(split, whole(&text).unwrap());
        let keys: Vec<&String> = split.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["openapi", "components", "paths"]);
    }

    #[test]
    fn yaml_that_two_halves_would_read_otherwise_is_read_whole() {
        let cases = [
            // An anchor in one half, its alias in the other.
            large_yaml("x-shared: &shared\n  a: 1\n")
                .replace("paths:\n", "x-use: *shared\npaths:\n"),
            // A quoted scalar running across a line that looks like a key.
            large_yaml("x-text: \"one\nfake: two\"\n"),
            // A flow sequence across such a line.
            large_yaml("x-list: [a,\nfake: b]\n"),
            // The same top-level key in both halves.
            large_yaml("paths:\n  /a:\n    get: {}\n"),
            // A second document.
            large_yaml("---\nother: 1\n"),
        ];
        for text in &cases {
            let read = parse("x.yaml", text, Syntax::Yaml).map_err(|d| d.message);
            match (read, whole(text)) {
                (Ok(read), Ok(whole)) => assert_eq!(read, whole),
                (Err(_), Err(_)) => {}
                (read, whole) => panic!("{read:?} but read whole: {whole:?}"),
            }
        }
    }
}
