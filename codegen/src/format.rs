//! Stage 4, format: tokens → source text, through `syn` and `prettyplease`.

use proc_macro2::TokenStream;

/// Formats one file. `header` lines (the `@generated` marker) go first, as
/// `prettyplease` drops comments. An error here is a generator bug, reported as text.
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    let body = separate_items(&prettyplease::unparse(&file));
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// Puts a blank line between items (top-level ones, and the methods of an
/// `impl`) and after the module docs, as a person would; `prettyplease`
/// writes items back to back. Consecutive `use` lines stay together.
fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        if let Some(previous) = previous {
            if needs_blank_line(previous, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let module_doc = |l: &str| l.starts_with("//!") || l.starts_with("#![");
    if module_doc(previous) {
        return !module_doc(line);
    }
    // Runs of one-line declarations of one kind (`use`, `mod`) stay together.
    let kind = |l: &str| {
        let l = l.strip_prefix("pub ").unwrap_or(l);
        ["use ", "mod "]
            .into_iter()
            .find(|k| l.starts_with(k) && l.ends_with(';'))
    };
    if kind(previous).is_some() && kind(previous) == kind(line) {
        return false;
    }
    let indent = line.len() - line.trim_start().len();
    let previous_indent = previous.len() - previous.trim_start().len();
    let item_ended = previous.trim_start() == "}" || (previous.ends_with(';') && indent == 0);
    let starts_item = [
        "///",
        "#[",
        "pub ",
        "pub(crate) ",
        "fn ",
        "async fn ",
        "impl",
        "static ",
        "const ",
        "use ",
        "struct ",
        "enum ",
        "type ",
        "mod ",
    ]
    .iter()
    .any(|start| line.trim_start().starts_with(start));
    item_ended
        && indent == previous_indent
        && (indent == 0 || starts_item)
        && !line.trim().is_empty()
}
