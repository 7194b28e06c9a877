//! Laid-out text written directly, for the items a large spec has thousands
//! of (its models and string enums). They come in a few fixed shapes, and
//! building their syntax trees only for `prettyplease` to print them was
//! most of a large generation. [`Lines`] writes the lines `prettyplease`
//! would, and says when it cannot be sure of them: a line longer than the
//! margin, which `prettyplease` would break. Such an item is laid out the
//! long way instead (see `types::emit_type_laid_out`), and a test holds the
//! two ways to the same bytes.

use super::docs::normalize;

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
