//! Laid-out text written directly, for the items a large spec has thousands
//! of (its models and string enums). They come in a few fixed shapes, and
//! building their syntax trees only for `prettyplease` to print them was
//! most of a large generation. [`Lines`] writes the lines `prettyplease`
//! would, and says when it cannot be sure of them: a line longer than the
//! margin, which `prettyplease` would break. Such an item is laid out the
//! long way instead (see `types::emit_type_laid_out`), and a test holds the
//! two ways to the same bytes.

use super::docs::{normalize, plain_line};
use super::push_ident;
use super::rust_type::{type_text, TypePath};
use crate::ir::{Api, TypeRef};

/// The indentation of a field, a variant or an associated item.
pub(crate) const FIELD: &str = "    ";

/// The indentation of a statement in a method.
pub(crate) const BODY: &str = "        ";

/// `n` spaces of indentation (at most 64).
pub(crate) fn pad(n: usize) -> &'static str {
    const SPACES: &str = "                                                                ";
    &SPACES[..n.min(SPACES.len())]
}

/// Whether `width` columns of code after `indent` columns of indentation
/// stay on one line.
pub(crate) fn fits(indent: usize, width: usize) -> bool {
    indent + width <= MARGIN
}

/// The widest line `prettyplease` keeps whole: a longer one with a place to
/// break (inside `<…>` or `(…)`) is broken over several lines.
pub(crate) const MARGIN: usize = 89;

/// Lines of code as `prettyplease` writes them: no blank lines between
/// items (the format stage adds those, for both ways alike).
#[derive(Debug, Default)]
pub(crate) struct Lines {
    out: String,
    /// Whether every line is known to be what `prettyplease` would write.
    exact: bool,
}

impl Lines {
    pub(crate) fn new() -> Self {
        Self {
            out: String::with_capacity(1024),
            exact: true,
        }
    }

    /// `///` lines for a text, as `prettyplease` prints `#[doc = "…"]`:
    /// the line as given, without trailing spaces. A comment has no place
    /// to break, so its length does not matter.
    pub(crate) fn docs(&mut self, indent: &str, text: &str) {
        if let Some(line) = plain_line(text) {
            if !line.is_empty() {
                self.out.push_str(indent);
                self.out.push_str("/// ");
                self.out.push_str(&line);
                self.out.push('\n');
            }
            return;
        }
        for line in normalize(text) {
            self.doc_line(indent, &line);
        }
    }

    /// One `///` line, given with its leading space.
    pub(crate) fn doc_line(&mut self, indent: &str, line: &str) {
        // `prettyplease` writes these as block comments or attributes.
        if line.contains('\n') || line.starts_with('/') {
            self.exact = false;
        }
        self.out.push_str(indent);
        self.out.push_str("///");
        self.out.push_str(line.trim_end_matches(' '));
        self.out.push('\n');
    }

    /// A line of code, written by `write`; one longer than the margin
    /// makes the whole text inexact.
    pub(crate) fn code(&mut self, indent: &str, write: impl FnOnce(&mut String)) {
        let start = self.out.len();
        self.out.push_str(indent);
        write(&mut self.out);
        // Bytes, not characters: never shorter than what `prettyplease` measures.
        if self.out.len() - start > MARGIN {
            self.exact = false;
        }
        self.out.push('\n');
    }

    /// A line of code ending in `free`, which takes no room: the comma
    /// `prettyplease` adds after the last item of a broken list.
    pub(crate) fn code_then(&mut self, indent: &str, text: &str, free: &str) {
        if !fits(indent.len(), text.len()) {
            self.exact = false;
        }
        self.out.push_str(indent);
        self.out.push_str(text);
        self.out.push_str(free);
        self.out.push('\n');
    }

    /// `#[name(arguments)]` on one line.
    pub(crate) fn attribute(&mut self, indent: &str, name: &str, arguments: &str) {
        self.code(indent, |out| {
            out.push_str("#[");
            out.push_str(name);
            out.push('(');
            out.push_str(arguments);
            out.push_str(")]");
        });
    }

    /// A line of code with no place to break, which `prettyplease` leaves
    /// whole however long it is.
    pub(crate) fn whole(&mut self, indent: &str, text: &str) {
        self.out.push_str(indent);
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line of code given as text.
    pub(crate) fn text(&mut self, indent: &str, text: &str) {
        self.code(indent, |out| out.push_str(text));
    }

    /// Marks the text as not what `prettyplease` would write.
    pub(crate) fn inexact(&mut self) {
        self.exact = false;
    }

    /// The text, if every line is what `prettyplease` would write.
    pub(crate) fn finish(self) -> Option<String> {
        self.exact.then_some(self.out)
    }
}

/// `prefix`, a type and `suffix` at `indent` columns: on one line when they
/// fit, else broken inside the type's `<…>` as `prettyplease` breaks it, an
/// argument a line, each broken again if it does not fit. The suffix takes
/// room on the line unless it is the comma `prettyplease` adds after the
/// last argument of a broken list.
pub(crate) fn type_lines(
    api: &Api,
    lines: &mut Lines,
    indent: usize,
    prefix: &str,
    (ty, path): (&TypeRef, TypePath),
    (suffix, suffix_counts): (&str, bool),
) {
    let mut text = String::with_capacity(64);
    text.push_str(prefix);
    type_text(api, ty, path, &mut text);
    let width = text.len() + if suffix_counts { suffix.len() } else { 0 };
    text.push_str(suffix);
    let pad = " ".repeat(indent);
    let (head, arguments): (&str, Vec<&TypeRef>) = match ty {
        TypeRef::Vec(inner) => ("Vec<", vec![inner]),
        TypeRef::Option(inner) => ("Option<", vec![inner]),
        TypeRef::Box(inner) => ("Box<", vec![inner]),
        TypeRef::Map(value) => ("std::collections::BTreeMap<", vec![&TypeRef::String, value]),
        // No place to break: the line stays whole.
        _ => return lines.whole(&pad, &text),
    };
    if indent + width <= MARGIN {
        return lines.whole(&pad, &text);
    }
    lines.code(&pad, |out| {
        out.push_str(prefix);
        out.push_str(head);
    });
    let last = arguments.len() - 1;
    for (index, argument) in arguments.into_iter().enumerate() {
        let suffix = (",", index != last);
        type_lines(
            api,
            lines,
            indent + FIELD.len(),
            "",
            (argument, path),
            suffix,
        );
    }
    lines.whole(&pad, &format!(">{suffix}"));
}

/// A builder's setter for an optional value of type `ty` (named from
/// `path`), with its docs:
/// `pub fn name(mut self, name: T) -> Self { self.name = Some(name); self }`,
/// strings taken as `impl Into<String>`, each line broken as `prettyplease`
/// breaks it when it does not fit. Returns the method's name and its
/// signature as the surface writes them.
pub(crate) fn setter_lines(
    api: &Api,
    lines: &mut Lines,
    name: &str,
    (ty, path): (&TypeRef, TypePath),
    docs: &str,
) -> (String, String) {
    let mut ident = String::new();
    push_ident(&mut ident, name);
    lines.docs(FIELD, docs);
    // Text is taken as anything that becomes a `String`.
    let text = *ty == TypeRef::String;
    let (argument, value) = if text {
        ("impl Into<String>".to_owned(), format!("{ident}.into()"))
    } else {
        let mut argument = String::new();
        type_text(api, ty, path, &mut argument);
        (argument, ident.clone())
    };
    let one_line = format!("pub fn {ident}(mut self, {ident}: {argument}) -> Self {{");
    if FIELD.len() + one_line.len() <= MARGIN {
        lines.whole(FIELD, &one_line);
    } else {
        lines.code(FIELD, |out| {
            out.push_str("pub fn ");
            out.push_str(&ident);
            out.push('(');
        });
        lines.text(BODY, "mut self,");
        let prefix = format!("{ident}: ");
        if text {
            lines.text(BODY, &format!("{prefix}{argument},"));
        } else {
            type_lines(api, lines, BODY.len(), &prefix, (ty, path), (",", false));
        }
        lines.text(FIELD, ") -> Self {");
    }
    let assignment = format!("self.{ident} = Some({value});");
    if BODY.len() + assignment.len() <= MARGIN {
        lines.whole(BODY, &assignment);
    } else {
        lines.code(BODY, |out| {
            out.push_str("self.");
            out.push_str(&ident);
            out.push_str(" = Some(");
        });
        lines.code("            ", |out| {
            out.push_str(&value);
            out.push(',');
        });
        lines.text(BODY, ");");
    }
    lines.text(BODY, "self");
    lines.text(FIELD, "}");
    let signature = format!("fn {ident}(self, {ident}: {argument}) -> Self");
    (ident, signature)
}

/// `value` as a Rust string literal, spelled as `quote` spells one.
pub(crate) fn string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_margin_is_not_exact() {
        let mut lines = Lines::new();
        lines.text("    ", &"x".repeat(MARGIN - 4));
        assert!(lines.finish().is_some());
        let mut lines = Lines::new();
        lines.text("    ", &"x".repeat(MARGIN - 3));
        assert!(lines.finish().is_none());
    }

    #[test]
    fn doc_lines_lose_trailing_spaces_whatever_their_length() {
        let mut lines = Lines::new();
        lines.docs("    ", &format!("{}  ", "word ".repeat(40)));
        let text = lines.finish().expect("docs do not break");
        assert_eq!(text, format!("    ///{}\n", " word".repeat(40)));
    }
}
