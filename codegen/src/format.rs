//! Stage 4, format: tokens → source text, through `syn` and `prettyplease`.

use proc_macro2::TokenStream;

/// Formats one file. `header` lines (the `@generated` marker) go first, as
/// `prettyplease` drops comments. An error here is a generator bug, reported as text.
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    let body = separate_items(&prettyplease::unparse(&file));
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// Puts a blank line between top-level items, and after the module docs, as
/// a person would; `prettyplease` writes items back to back.
fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous: Option<&str> = None;
    for line in source.lines() {
        if let Some(previous) = previous {
            let ends_item = previous == "}"
                || (!previous.starts_with(' ') && previous.ends_with(';'));
            let ends_module_docs =
                previous.starts_with("//!") || previous.starts_with("#![");
            let continues_module_docs =
                line.starts_with("//!") || line.starts_with("#![");
            if ends_item || (ends_module_docs && !continues_module_docs) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}
