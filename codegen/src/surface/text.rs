//! A [`Surface`] as text, one line per item sorted by path, and back.
//!
//! ```text
//! Client::send_fax: fn(&self, body: types::SendFaxRequest) -> operations::SendFax<'_>
//! types::Direction: #[non_exhaustive] enum impl Clone + Debug + Eq { Inbound; Outbound; Unknown(String); fn as_str(&self) -> &str }
//! types::Fax: #[non_exhaustive] struct impl Clone + Debug { id: String; pages: Option<i64> }
//! ```

use super::{Item, ItemKind, MemberKey, MemberKind, Surface, TypeItem};
use std::collections::BTreeMap;

impl Surface {
    /// The surface as text: one line per item, sorted by path, ending in a newline.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for item in self.items.values() {
            out.push_str(&item.to_line());
            out.push('\n');
        }
        out
    }

    /// Reads text written by [`Surface::to_text`]. Blank lines are skipped.
    pub fn parse(text: &str) -> Result<Surface, String> {
        let mut items = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let item = Item::parse_line(line)
                .ok_or_else(|| format!("line {}: not a surface line: {line}", number + 1))?;
            items.insert(item.path.clone(), item);
        }
        Ok(Surface { items })
    }
}

impl Item {
    /// The item's line, without a newline.
    pub fn to_line(&self) -> String {
        format!("{}{}: {}", self.path, self.generics, self.body())
    }

    /// What the line says after the path: the kind and everything public in it.
    pub fn body(&self) -> String {
        match &self.kind {
            ItemKind::Type(t) => t.to_text(),
            ItemKind::Fn(signature) => signature.clone(),
            ItemKind::Const(ty) => format!("const {ty}"),
            ItemKind::Alias(ty) => format!("type = {ty}"),
            ItemKind::Use(path) => format!("use {path}"),
            ItemKind::Mod => "mod".to_owned(),
            ItemKind::Other(text) => format!("other {text}"),
        }
    }

    fn parse_line(line: &str) -> Option<Item> {
        let (head, body) = line.split_once(": ")?;
        let (path, generics) = match head.find('<') {
            Some(at) => (&head[..at], &head[at..]),
            None => (head, ""),
        };
        let kind = if let Some(ty) = body.strip_prefix("type = ") {
            ItemKind::Alias(ty.to_owned())
        } else if let Some(path) = body.strip_prefix("use ") {
            ItemKind::Use(path.to_owned())
        } else if body == "mod" {
            ItemKind::Mod
        } else if let Some(ty) = body
            .strip_prefix("const ")
            .filter(|_| !body.starts_with("const fn"))
        {
            ItemKind::Const(ty.to_owned())
        } else if let Some(text) = body.strip_prefix("other ") {
            ItemKind::Other(text.to_owned())
        } else if is_signature(body) {
            ItemKind::Fn(body.to_owned())
        } else {
            ItemKind::Type(TypeItem::parse(body)?)
        };
        Some(Item {
            path: path.to_owned(),
            generics: generics.to_owned(),
            kind,
        })
    }
}

fn is_signature(text: &str) -> bool {
    let mut rest = text;
    for qualifier in ["const ", "async ", "unsafe "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    rest.starts_with("fn(") || rest.starts_with("fn<") || rest.starts_with("fn ")
}

impl TypeItem {
    fn to_text(&self) -> String {
        let mut out = String::new();
        if self.non_exhaustive {
            out.push_str("#[non_exhaustive] ");
        }
        out.push_str(if self.is_enum { "enum" } else { "struct" });
        if !self.traits.is_empty() {
            out.push_str(" impl ");
            out.push_str(&self.traits.join(" + "));
        }
        if !self.members.is_empty() {
            let members: Vec<String> = self
                .members
                .iter()
                .map(|(key, value)| member_text(key, value))
                .collect();
            out.push_str(" { ");
            out.push_str(&members.join("; "));
            out.push_str(" }");
        }
        out
    }

    fn parse(body: &str) -> Option<TypeItem> {
        let (non_exhaustive, rest) = match body.strip_prefix("#[non_exhaustive] ") {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let (is_enum, rest) = if let Some(rest) = rest.strip_prefix("enum") {
            (true, rest)
        } else {
            (false, rest.strip_prefix("struct")?)
        };
        let (traits_text, members_text) = match rest.find(" { ") {
            Some(at) => (&rest[..at], Some(rest[at + 3..].strip_suffix(" }")?)),
            None => (rest, None),
        };
        let traits = match traits_text.strip_prefix(" impl ") {
            Some(list) => split_top(list, " + "),
            None if traits_text.is_empty() => Vec::new(),
            None => return None,
        };
        let mut members = BTreeMap::new();
        for member in members_text.map(|m| split_top(m, "; ")).unwrap_or_default() {
            let (key, value) = parse_member(&member, is_enum)?;
            members.insert(key, value);
        }
        Some(TypeItem {
            is_enum,
            non_exhaustive,
            traits,
            members,
        })
    }
}

fn member_text(key: &MemberKey, value: &str) -> String {
    match key.kind {
        MemberKind::Field => format!("{}: {value}", key.name),
        MemberKind::Variant => format!("{}{value}", key.name),
        MemberKind::Const => format!("const {}: {value}", key.name),
        MemberKind::Method => value.to_owned(),
    }
}

fn parse_member(text: &str, is_enum: bool) -> Option<(MemberKey, String)> {
    let key = |kind, name: &str| MemberKey {
        kind,
        name: name.to_owned(),
    };
    if is_signature(text) {
        let after = &text[text.find("fn ")? + 3..];
        let end = after.find(['(', '<'])?;
        return Some((key(MemberKind::Method, &after[..end]), text.to_owned()));
    }
    if let Some(rest) = text.strip_prefix("const ") {
        let (name, ty) = rest.split_once(": ")?;
        return Some((key(MemberKind::Const, name), ty.to_owned()));
    }
    if is_enum {
        let end = text.find(['(', ' ']).unwrap_or(text.len());
        let (name, payload) = text.split_at(end);
        return Some((key(MemberKind::Variant, name), payload.to_owned()));
    }
    let (name, ty) = text.split_once(": ")?;
    Some((key(MemberKind::Field, name), ty.to_owned()))
}

/// `text` split at `separator` where no bracket is open (`->` is not one).
fn split_top(text: &str, separator: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut previous = '\0';
    let mut skip_until = 0;
    for (i, c) in text.char_indices() {
        if i < skip_until {
            continue;
        }
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            '>' if previous == '-' => {}
            ')' | ']' | '}' | '>' => depth -= 1,
            _ => {}
        }
        previous = c;
        if depth == 0 && text[i..].starts_with(separator) {
            parts.push(text[start..i].to_owned());
            start = i + separator.len();
            skip_until = start;
        }
    }
    parts.push(text[start..].to_owned());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_back_as_written() {
        let text = "\
Client: struct impl Clone + Debug
Client::DEFAULT_BASE_URL: const &'static str
Client::send_fax: fn(&self, body: types::SendFaxRequest) -> operations::SendFax<'_>
Credentials: use fax_runtime::Credentials
operations: mod
operations::ListFaxes<'a>: struct impl Clone + Debug { fn page_size(self, page_size: i64) -> Self; async fn send(self) -> Result<types::Page, Error<types::Errors>>; fn stream(self) -> impl fax_runtime::Stream<Item = Result<types::Fax, Error<types::Errors>>> + 'a }
types::Direction: #[non_exhaustive] enum impl Clone + Debug + From<&str> { Inbound; Unknown(String); fn as_str(&self) -> &str }
types::Fax: #[non_exhaustive] struct impl Clone + Default { extra: std::collections::BTreeMap<String, serde_json::Value>; id: String; fn new(id: impl Into<String>) -> Self }
types::Ids: type = Vec<String>
";
        let surface = Surface::parse(text).unwrap();
        assert_eq!(surface.len(), 9);
        assert_eq!(surface.to_text(), text);
    }

    #[test]
    fn variants_with_named_fields_read_back_as_written() {
        let line = "Error: #[non_exhaustive] enum impl Debug { Api #[non_exhaustive] { vendor: Vendor, status: u16 }; Other(String); Plain }\n";
        let surface = Surface::parse(line).unwrap();
        let Some(Item {
            kind: ItemKind::Type(t),
            ..
        }) = surface.items.get("Error")
        else {
            panic!("{surface:?}")
        };
        let names: Vec<&str> = t.members.keys().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["Api", "Other", "Plain"]);
        assert_eq!(surface.to_text(), line);
    }

    #[test]
    fn text_that_is_not_ascii_splits_where_it_should() {
        assert_eq!(split_top("a: Ü<x; y>; b: é", "; "), ["a: Ü<x; y>", "b: é"]);
        assert!(Surface::parse("x: struct { é: Ü; ü: É }\n").is_ok());
    }

    /// A committed snapshot is input: whatever a merge or a hand made of it
    /// reads as a surface or as an error, never a panic.
    #[test]
    fn any_text_reads_or_is_refused_without_a_panic() {
        let pieces = [
            "x",
            ": ",
            "struct",
            "enum",
            " { ",
            " }",
            "; ",
            "fn ",
            "(",
            ")",
            "<",
            ">",
            "->",
            "#[non_exhaustive] ",
            " impl ",
            " + ",
            "é",
            "€",
            "const ",
            "type = ",
            "\n",
        ];
        let mut seed: u64 = 7;
        for _ in 0..5_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let _ = Surface::parse(&text);
        }
    }

    #[test]
    fn a_line_that_is_not_a_surface_line_is_refused_with_its_number() {
        let error = Surface::parse("types::Fax: struct\ngarbage\n").unwrap_err();
        assert!(error.starts_with("line 2"), "{error}");
    }
}
