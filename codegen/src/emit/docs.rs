//! Spec descriptions → doc comments that rustdoc and clippy accept.
//!
//! Spec text is Markdown written for web pages. Two things in it break Rust
//! builds: code blocks (rustdoc compiles unlabelled and indented ones as Rust
//! doctests) and list items continued on an unindented line (clippy's
//! `doc_lazy_continuation`). Paragraph lines are joined and code is labelled `text`.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for a text, one per line; nothing for no text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = normalize(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "…"]` attributes, for module docs.
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = normalize(text);
    quote! { #( #![doc = #lines] )* }
}

/// The doc lines, each with the single leading space `///` comments carry.
pub fn normalize(text: &str) -> Vec<String> {
    if let Some(line) = plain_line(text) {
        return if line.is_empty() {
            Vec::new()
        } else {
            vec![format!(" {line}")]
        };
    }
    let mut out: Vec<String> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut in_fence = false;
    let flush = |paragraph: &mut Vec<String>, out: &mut Vec<String>| {
        if !paragraph.is_empty() {
            out.append(paragraph);
        }
    };
    let text = visible_direction_controls(text);
    for raw in text.replace("\r\n", "\n").replace('\t', "    ").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut out);
            if in_fence {
                out.push("```".to_owned());
            } else {
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        match paragraph.last_mut() {
            Some(last) if !starts_block(trimmed) => {
                last.push(' ');
                last.push_str(trimmed);
            }
            _ => paragraph.push(trimmed.to_owned()),
        }
    }
    flush(&mut paragraph, &mut out);
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Most descriptions are one plain line, with nothing to join or label: that
/// line, trimmed, without the leading space (empty for no docs); `None` for
/// a text [`normalize`] has to work through.
pub(crate) fn plain_line(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if memchr::memchr3(b'\n', b'\r', b'\t', text.as_bytes()).is_some() {
        return None;
    }
    let line = match visible_direction_controls(text) {
        std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(text.trim()),
        std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text.trim().to_owned()),
    };
    (!line.starts_with("```")).then_some(line)
}

/// Unicode's bidirectional controls (embeddings, overrides and isolates):
/// rustc refuses them in comments (`text_direction_codepoint_in_comment`),
/// since they can make code read other than it compiles. Real right-to-left
/// spec text carries them; in docs they become their visible escape.
const DIRECTION_CONTROLS: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// `text` with every bidirectional control written as `\u{…}`.
pub(crate) fn visible_direction_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // Each control is written in UTF-8 as three bytes that start with 0xE2:
    // a text without that byte, as almost every description is, is settled
    // by one fast scan rather than nine comparisons per character.
    if !text.as_bytes().contains(&0xE2) || !text.contains(DIRECTION_CONTROLS) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if DIRECTION_CONTROLS.contains(&c) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Lines that start a new Markdown block rather than continue a paragraph.
fn starts_block(line: &str) -> bool {
    let ordered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    ordered
        || line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || line.starts_with('#')
        || line.starts_with('>')
        || line.starts_with('|')
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn joins_paragraph_lines_and_keeps_list_items_apart() {
        let text = "First line\nsecond line.\n\n- item one\ncontinued\n- item two";
        assert_eq!(
            normalize(text),
            [
                " First line second line.",
                "",
                " - item one continued",
                " - item two"
            ]
        );
    }

    #[test]
    fn labels_code_blocks_so_they_are_not_doctests() {
        let text = "Example:\n```\n{\"a\": 1}\n```";
        assert_eq!(
            normalize(text),
            [" Example:", " ```text", " {\"a\": 1}", " ```"]
        );
    }

    #[test]
    fn direction_controls_become_visible_escapes() {
        let text: String = super::DIRECTION_CONTROLS.iter().collect();
        assert_eq!(
            normalize(&format!("a{text}b")),
            [" a\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}b"]
        );
        // Each on its own, so the quick test for its first byte is checked too.
        for control in super::DIRECTION_CONTROLS {
            let escaped = format!(" a\\u{{{:04X}}}b", u32::from(control));
            assert_eq!(normalize(&format!("a{control}b")), [escaped]);
        }
    }

    #[test]
    fn indented_lines_do_not_become_code() {
        assert_eq!(normalize("    indented\n\ttabbed"), [" indented tabbed"]);
    }
}
