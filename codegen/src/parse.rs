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

/// A large YAML document read in parts on two threads at once. YAML is
/// read one event at a time on one thread, and it was a third of a
/// mid-sized generation. The text is cut at a key line near its middle, at
/// the top level (`paths:`) or inside the blocks of keys that are alone on
/// their lines (`  schemas:` inside `components:`, `    Fax:` inside that):
/// the text before the cut is one part; the rest of each block the cut is
/// inside, innermost first, is a part read as a mapping of its own (YAML
/// lets a document's root be indented); the text after the outermost block
/// is the last. A part joins the mapping of its block, which the first
/// part ends in.
///
/// A line that starts a key at its level ends every block node deeper than
/// it, and a flow node or quoted scalar cut in two leaves the first part
/// unreadable, so each part reads as the same nodes the whole text has.
/// Each part must read as a mapping, each block's mapping must be the last
/// value on its way down the first part, and joined mappings must share no
/// key; anything else (no such line, a directive or second document, an
/// alias of an anchor in another part, a part that fails) returns `None`,
/// and the whole text is read the ordinary way, with its ordinary errors.
fn parse_yaml_in_two(text: &str) -> Option<Value> {
    if text.len() < SPLIT_YAML_FROM {
        return None;
    }
    let middle = text.len() / 2;
    let split = scan_cuts(text, middle)?
        .into_iter()
        .rev()
        .take(2)
        .min_by_key(|cut| cut.at.abs_diff(middle))?;
    parse_yaml_cut(text, &split)
}

/// [`parse_yaml_in_two`] cutting at `split`.
fn parse_yaml_cut(text: &str, split: &Split<'_>) -> Option<Value> {
    let read =
        |part: &str| match serde_yaml::Deserializer::from_str(part).deserialize_any(ValueVisitor) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        };
    // The parts after the cut, each with the depth of the block it joins.
    let mut rest = Vec::with_capacity(split.path.len() + 1);
    let mut from = split.at;
    for depth in (0..=split.path.len()).rev() {
        let end = if depth == 0 {
            text.len()
        } else {
            block_end(text, from, 2 * depth)
        };
        let part = &text[from..end];
        if !part.is_empty() {
            // A part opens with a key at its block's indentation, or the
            // whole text may mean something else.
            if indentation(part) != 2 * depth {
                return None;
            }
            rest.push((depth, part));
        }
        from = end;
    }
    let (first, rest) = std::thread::scope(|scope| {
        let reader = std::thread::Builder::new()
            .name("fax-codegen-parse".into())
            .stack_size(crate::STACK_SIZE)
            .spawn_scoped(scope, || {
                rest.iter()
                    .map(|(depth, part)| Some((*depth, read(part)?)))
                    .collect::<Option<Vec<_>>>()
            })
            .ok()?;
        let first = read(&text[..split.at]);
        Some((first, reader.join().ok()?))
    })?;
    let mut joined = first?;
    let rest = rest?;
    // A part is read as many levels shallower as it is deep: a node near
    // the reader's own nesting limit in the whole text is left to the whole
    // reading, which says where it is too deep.
    if rest
        .iter()
        .any(|(depth, part)| depth + nesting(part) > YAML_NESTING_LIMIT - 8)
    {
        return None;
    }
    for (depth, part) in rest {
        let mut target = &mut joined;
        for key in &split.path[..depth] {
            match target.iter_mut().next_back() {
                Some((last, Value::Object(inner))) if last == *key => target = inner,
                _ => return None,
            }
        }
        if part.keys().any(|key| target.contains_key(key)) {
            return None;
        }
        target.extend(part);
    }
    Some(Value::Object(joined))
}

/// How deep `serde_yaml` lets a document nest.
const YAML_NESTING_LIMIT: usize = 128;

/// How many levels of mappings and sequences a mapping nests, itself one.
fn nesting(map: &Map<String, Value>) -> usize {
    fn depth(value: &Value) -> usize {
        match value {
            Value::Object(map) => nesting(map),
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }
    1 + map.values().map(depth).max().unwrap_or(0)
}

/// How deep [`parse_yaml_in_two`] may cut: inside at most this many blocks.
const SPLIT_YAML_DEPTH: usize = 3;

/// Where [`parse_yaml_in_two`] cuts a text.
#[derive(Debug, PartialEq)]
struct Split<'a> {
    /// The byte offset of the key line the second part starts with.
    at: usize,
    /// The keys of the blocks the cut is inside, outermost first.
    path: Vec<&'a str>,
}

/// A key line with a block below it, on the way down to a line.
struct Enclosing<'a> {
    indent: usize,
    /// The key, if the line is a plain key alone on its line.
    key: Option<&'a str>,
    /// The indentation of the block's first line.
    children: Option<usize>,
}

/// Every key line of `text` but the first that [`parse_yaml_in_two`] can
/// cut at (see [`scan_cuts`]).
#[cfg(test)]
fn yaml_cuts(text: &str) -> Option<Vec<Split<'_>>> {
    scan_cuts(text, usize::MAX)
}

/// The key lines of `text` [`parse_yaml_in_two`] can cut at, up to the
/// first at or after `stop`: a plain key at the top level or inside blocks
/// of plain keys alone on their lines, each block indented two spaces more
/// than its key (the layout nearly every spec has), other than the first
/// line. `None` when the text has a directive or a document marker after
/// its first line, which a later part would lose, or a tab in the
/// indentation of a line read.
fn scan_cuts(text: &str, stop: usize) -> Option<Vec<Split<'_>>> {
    if ["\n---", "\n...", "\n%"]
        .iter()
        .any(|marker| text.contains(marker))
    {
        return None;
    }
    let bytes = text.as_bytes();
    let mut enclosing: Vec<Enclosing> = Vec::new();
    let mut cuts = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(bytes.len(), |i| start + i + 1);
        let line = &text[start..end];
        let line_start = start;
        start = end;
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        match line.as_bytes().get(indent) {
            None | Some(b'\n' | b'\r' | b'#') => continue,
            Some(b'\t') => return None,
            Some(_) => {}
        }
        while enclosing.last().is_some_and(|e| e.indent >= indent) {
            enclosing.pop();
        }
        let opens_block = match enclosing.last_mut() {
            Some(parent) if parent.children.is_none() => {
                parent.children = Some(indent);
                true
            }
            _ => false,
        };
        let depth = enclosing.len();
        // Only a line at its depth's indentation, in blocks laid out that
        // way, can be cut at or enclose a cut.
        let in_plain_blocks = indent == 2 * depth
            && depth <= SPLIT_YAML_DEPTH
            && enclosing.last().is_none_or(|parent| {
                parent.key.is_some() && parent.children == Some(parent.indent + 2)
            });
        let key = if in_plain_blocks {
            plain_key(&line[indent..])
        } else {
            None
        };
        if key.is_some() && !opens_block && line_start > 0 {
            let path = enclosing.iter().filter_map(|e| e.key).collect();
            cuts.push(Split {
                at: line_start,
                path,
            });
            if line_start >= stop {
                break;
            }
        }
        enclosing.push(Enclosing {
            indent,
            // A block below an enclosing line that cannot hold a cut holds none.
            key: key.filter(|(_, alone)| *alone).map(|(name, _)| name),
            children: None,
        });
    }
    Some(cuts)
}

/// The indentation of a text's first line with content.
fn indentation(text: &str) -> usize {
    text.split_inclusive('\n')
        .map(|line| (line, line.trim_start_matches(' ')))
        .find(|(_, content)| !(content.trim().is_empty() || content.starts_with('#')))
        .map_or(0, |(line, content)| line.len() - content.len())
}

/// The start of the first line from `from` on with content (not a comment
/// or a blank line) indented less than `indent`, or the end of the text.
fn block_end(text: &str, from: usize, indent: usize) -> usize {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let has_content = !(content.trim().is_empty() || content.starts_with('#'));
        if has_content && line.len() - content.len() < indent {
            return offset;
        }
        offset += line.len();
    }
    text.len()
}

/// The name of a line that starts with a plain key (`name:` or a path
/// such as `/faxes/{sid}:`, made of ASCII letters, digits and `_-./{}`,
/// followed by the end of the line or a space), and whether the key is
/// alone on its line (its value is a block below it).
fn plain_key(line: &str) -> Option<(&str, bool)> {
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'/'))
    {
        return None;
    }
    let name = bytes
        .iter()
        .take_while(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b'.' | b'{' | b'}')
        })
        .count();
    if bytes.get(name) != Some(&b':')
        || !matches!(bytes.get(name + 1), None | Some(b' ' | b'\n' | b'\r'))
    {
        return None;
    }
    let alone = line[name + 1..].trim().is_empty();
    Some((&line[..name], alone))
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

    /// `parse` reads `text` as the whole reading does: the same value, or
    /// an error where it has one.
    fn reads_as_whole(text: &str) {
        let read = parse("x.yaml", text, Syntax::Yaml).map_err(|d| d.message);
        match (read, whole(text)) {
            (Ok(read), Ok(whole)) => assert_eq!(read, whole),
            (Err(_), Err(_)) => {}
            (read, whole) => panic!("{read:?} but read whole: {whole:?}"),
        }
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
        cases.iter().for_each(|text| reads_as_whole(text));
    }

    /// A document whose middle is inside `components`, between the keys
    /// one level down, with `tail` written after `components`.
    fn yaml_with_large_components(inner: &str, tail: &str) -> String {
        let mut text = String::from("openapi: 3.0.3\ncomponents:\n");
        for section in ["schemas", "responses", "parameters", "examples"] {
            text.push_str(&format!("  {section}:\n"));
            for i in 0..400 {
                text.push_str(&format!("    {section}{i}:\n      description: \"{i}\"\n"));
            }
            if section == "responses" {
                text.push_str(inner);
            }
        }
        text.push_str(tail);
        text.push_str("paths:\n  /a:\n    get: {}\n");
        assert!(text.len() > SPLIT_YAML_FROM);
        text
    }

    #[test]
    fn a_document_is_cut_inside_its_largest_block_when_that_is_nearer_the_middle() {
        let text = yaml_with_large_components("", "");
        let middle = text.len() / 2;
        let cuts = yaml_cuts(&text).expect("places to cut");
        let split = cuts
            .iter()
            .min_by_key(|cut| cut.at.abs_diff(middle))
            .unwrap();
        assert_eq!(split.path, ["components", "parameters"]);
        let read = parse_yaml_in_two(&text).expect("read in parts");
        assert_eq!(read, whole(&text).unwrap());
        let components = read["components"].as_object().unwrap();
        let sections: Vec<&String> = components.keys().collect();
        assert_eq!(sections, ["schemas", "responses", "parameters", "examples"]);
    }

    #[test]
    fn yaml_that_a_cut_inside_a_block_would_read_otherwise_is_read_whole() {
        let cases = [
            // The same key twice in the block, on both sides of the cut.
            yaml_with_large_components("", "").replace("  examples:\n", "  schemas:\n"),
            // An anchor before the cut, its alias after it.
            yaml_with_large_components("  x-anchor: &a {b: 1}\n", "x-use: *a\n"),
            // A quoted scalar running across lines that look like keys.
            yaml_with_large_components("  x-text: \"one\n  parameters: two\"\n", ""),
            // A block indented four spaces, then a key two spaces in.
            yaml_with_large_components("", "").replace("\n  schemas:\n", "\n    schemas:\n"),
            // A block scalar whose lines look like keys.
            yaml_with_large_components("", "").replace("components:\n", "components: |\n"),
        ];
        cases.iter().for_each(|text| reads_as_whole(text));
    }

    #[test]
    fn every_yaml_document_read_in_parts_is_the_whole_document() {
        let mut in_parts = 0;
        for (file, text) in crate::emit::types::layout_tests::documents() {
            if Syntax::from_file_name(&file) != Syntax::Yaml {
                continue;
            }
            if let Some(read) = parse_yaml_in_two(&text) {
                assert_eq!(Ok(read), whole(&text), "{file}");
                in_parts += 1;
            }
            // And a sample of the other places it could be cut.
            let cuts = yaml_cuts(&text).unwrap_or_default();
            let whole = whole(&text).ok();
            for cut in cuts.iter().step_by(cuts.len().div_ceil(12).max(1)) {
                if let Some(read) = parse_yaml_cut(&text, cut) {
                    assert_eq!(Some(&read), whole.as_ref(), "{file} cut at {}", cut.at);
                }
            }
        }
        // The fax specs are too small to be cut; a corpus folder
        // (`FAX_LAYOUT_CORPUS`) has documents that are.
        if std::env::var_os("FAX_LAYOUT_CORPUS").is_some() {
            assert!(in_parts > 0);
        }
    }

    /// Every place `text` can be cut reads as the whole text, or is refused.
    fn every_cut_reads_as_the_whole(text: &str) {
        let whole = whole(text).ok();
        for cut in yaml_cuts(text).unwrap_or_default() {
            if let Some(read) = parse_yaml_cut(text, &cut) {
                assert_eq!(Some(&read), whole.as_ref(), "cut at {cut:?}:\n{text}");
            }
        }
    }

    #[test]
    fn a_cut_anywhere_reads_as_the_whole_text_or_is_refused() {
        let documents = [
            "a: 1\nb:\n  c: 2\n  d:\n    e: 3\n    f: 4\n  g: 5\nh: 6\n",
            // An anchor before a cut, its alias after it.
            "a: &x\n  b: 1\nc:\n  d: *x\n  e: 2\n",
            // Quoted and flow nodes across lines that look like keys.
            "a:\n  b: \"one\n  c: two\"\n  d: 1\ne: [1,\nf: 2]\ng: 3\n",
            // A block indented four spaces, then a key two spaces in.
            "a:\n    b: 1\n  c: 2\nd: 3\n",
            // A block scalar whose lines look like keys.
            "a: |\n  b: 1\n  c: 2\nd:\n  e: |\n    f: 1\n  g: 2\n",
            // The same key on both sides of a cut, at each depth.
            "a:\n  b: 1\n  c: 2\n  b: 3\nd: 1\nd: 2\n",
            // A sequence where a block of keys would be.
            "a:\n  - b: 1\n  c: 2\nd:\n  - 1\n  - 2\n",
            // Keys that YAML reads as other than their text.
            "a:\n  b: 1\nnull:\n  c: 2\n  d: 3\n",
            // A key whose value is on its line, then lines below it.
            "a: 1\n  b: 2\nc:\n  d: 3\n   e: 4\n",
            // Nesting that only the whole text takes past the reader's limit.
            &format!(
                "a:\n  b:\n    c: 1\n    d: {}1{}\n  e: 2\nf: 3\n",
                "[".repeat(126),
                "]".repeat(126)
            ),
            // Comments and blank lines at every depth, a path key.
            "# head\na:\n\n  # inside\n  /b/{c}:\n    d: 1\n\n  /e:\n    f: 2\n# end\ng: 3\n",
        ];
        for text in documents {
            every_cut_reads_as_the_whole(text);
        }
        // Each document has places to cut that are read.
        let read = documents
            .iter()
            .filter(|text| {
                yaml_cuts(text)
                    .unwrap_or_default()
                    .iter()
                    .any(|cut| parse_yaml_cut(text, cut).is_some())
            })
            .count();
        assert!(read >= 5, "{read}");
    }
}
