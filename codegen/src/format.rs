//! Stage 4, format: tokens → source text, through `syn` and `prettyplease`.

use crate::emit::RustFile;
use proc_macro2::TokenStream;

/// Formats one file. `header` lines (the `@generated` marker) go first, as
/// `prettyplease` drops comments. An error here is a generator bug, reported
/// as text.
pub fn format_file(header: &str, file: &RustFile) -> Result<String, String> {
    format_file_inspect(header, file, |_| ()).map(|(text, _)| text)
}

/// [`format_file`], handing every syntax tree it parses (the head, then each
/// item) to `inspect` as well, so a later reader (the surface) needs no parse
/// of its own.
pub fn format_file_inspect<T>(
    header: &str,
    file: &RustFile,
    inspect: impl Fn(&syn::File) -> T,
) -> Result<(String, Vec<T>), String> {
    let mut seen = Vec::with_capacity(file.items.len() + 1);
    let head = unparse(file.head.clone(), |f| seen.push(inspect(f)))?;
    let mut items = Vec::with_capacity(file.items.len());
    for item in &file.items {
        items.push(unparse(item.clone(), |f| seen.push(inspect(f)))?);
    }
    Ok((assemble(header, &head, items)?, seen))
}

/// Formats a file whose items are made by `item(0..count)`, spread over the
/// machine's cores: for a large spec, emitting and laying out the models is
/// most of the run, and items do not affect each other's layout. Each item
/// comes as `prettyplease` prints it (see [`print()`]) with what the caller
/// read off it; each thread builds its own syntax trees (they hold tokens,
/// which cannot cross threads) and hands back text, in order, so the bytes
/// are the same whatever the number of cores. The head is laid out here,
/// its tree handed to `inspect`; its result comes first. What a thread read
/// off its items is gathered with `gather` as each item is done, in no set
/// order: one value per thread follows the head's, where a value per item
/// held to the end took more memory than the file itself.
pub fn format_file_parallel<F, G, T>(
    header: &str,
    head: TokenStream,
    count: usize,
    item: F,
    inspect: G,
    gather: impl Fn(&mut T, T) + Sync,
) -> Result<(String, Vec<T>), String>
where
    F: Fn(usize) -> Result<(String, T), String> + Sync,
    G: FnOnce(&syn::File) -> T,
    T: Default + Send,
{
    // Items are handed out in small batches as workers free up, so a run of
    // large items (a big spec's operations) does not leave a core idle.
    const BATCH: usize = 16;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(count.div_ceil(BATCH).max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (item, next, gather) = (&item, &next, &gather);
    type Part<T> = Result<(Vec<(usize, String)>, T), String>;
    let work = move || -> Part<T> {
        let mut done = Vec::new();
        let mut read_here = T::default();
        loop {
            let start = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
            if start >= count {
                return Ok((done, read_here));
            }
            for i in start..(start + BATCH).min(count) {
                let (printed, read) = item(i)?;
                done.push((i, separate_items(&printed)));
                gather(&mut read_here, read);
            }
        }
    };
    // The generator's own thread takes a worker's share: its stack is as
    // deep as a worker's, and its allocator holds the memory the earlier
    // stages freed, where a new thread touches fresh pages (each a page
    // fault, and faults were a large part of a mid-sized generation's time).
    let here = crate::on_generator_thread();
    let spawned = if here { workers - 1 } else { workers };
    let parts: Vec<Part<T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..spawned)
            .map(|_| {
                // Each worker lays out whole items, as deep as the spec made
                // them: the generator's stack, not a default thread's.
                let worker = std::thread::Builder::new()
                    .name("fax-codegen-format".into())
                    .stack_size(crate::STACK_SIZE / 4);
                worker.spawn_scoped(scope, work)
            })
            .collect();
        let mut parts: Vec<Part<T>> = Vec::with_capacity(workers);
        if here {
            parts.push(work());
        }
        parts.extend(handles.into_iter().map(|handle| {
            match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Err("a formatting thread panicked".into())),
                Err(e) => Err(format!("cannot start a formatting thread: {e}")),
            }
        }));
        parts
    });
    let mut laid_out: Vec<Option<String>> = (0..count).map(|_| None).collect();
    let mut seen = Vec::with_capacity(parts.len() + 1);
    let head = unparse(head, |f| seen.push(inspect(f)))?;
    for part in parts {
        let (done, read) = part?;
        for (i, text) in done {
            laid_out[i] = Some(text);
        }
        seen.push(read);
    }
    let items: Vec<String> = laid_out.into_iter().flatten().collect();
    if items.len() != count {
        return Err("a formatting thread left items out".into());
    }
    Ok((assemble(header, &head, items)?, seen))
}

/// Syntax trees as `prettyplease` prints them, items back to back: what
/// an item of [`format_file_parallel`] is made of.
pub fn print(items: Vec<syn::Item>) -> (String, syn::File) {
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items,
    };
    (prettyplease::unparse(&file), file)
}

/// Items given as tokens, parsed and printed as [`print()`] prints them.
pub fn print_tokens(items: TokenStream) -> Result<(String, syn::File), String> {
    let file: syn::File =
        syn::parse2(items).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    Ok(print(file.items))
}

/// The members of one `impl` block, given as tokens, as `prettyplease`
/// prints them inside the block (indented, back to back), without the
/// block's first and last lines: so a block can be laid out part by part,
/// some members written as text. A member's layout does not depend on its
/// neighbours.
pub fn print_impl_members(block: TokenStream) -> Result<(String, syn::File), String> {
    let (text, file) = print_tokens(block)?;
    let members = text
        .split_once('\n')
        .and_then(|(_, rest)| rest.strip_suffix("}\n"))
        .ok_or("an impl block laid out without its braces")?;
    Ok((members.to_owned(), file))
}

/// Header, head and items, with one blank line between items.
fn assemble(header: &str, head: &str, items: Vec<String>) -> Result<String, String> {
    let size = header.len() + head.len() + items.iter().map(|i| i.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size + 1);
    out.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(head);
    for item in items {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&item);
    }
    Ok(out)
}

/// Tokens → laid-out text, with blank lines between items; the parsed tree
/// goes to `inspect` first.
fn unparse(tokens: TokenStream, inspect: impl FnOnce(&syn::File)) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the generator produced invalid Rust: {e}"))?;
    Ok(lay_out(&file, inspect))
}

/// A syntax tree → laid-out text, with blank lines between items; the tree
/// goes to `inspect` first.
fn lay_out(file: &syn::File, inspect: impl FnOnce(&syn::File)) -> String {
    inspect(file);
    separate_items(&prettyplease::unparse(file))
}

/// Puts a blank line between items (top-level ones, and the methods of an
/// `impl`) and after the module docs, as a person would; `prettyplease`
/// writes items back to back. Consecutive `use` lines stay together.
pub(crate) fn separate_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous: Option<&str> = None;
    for text in lines(source) {
        if previous.is_some_and(|previous| needs_blank_line(previous, text)) {
            out.push('\n');
        }
        out.push_str(text);
        out.push('\n');
        previous = Some(text);
    }
    out
}

/// The lines `source.lines()` gives, found by a vectorized search for the
/// newlines: a laid-out file is hundreds of thousands of short lines, and
/// the standard iterator searched for each one afresh.
pub(crate) fn lines(source: &str) -> impl Iterator<Item = &str> {
    // The end of a last line that has no newline after it.
    let unterminated = (!source.is_empty() && !source.ends_with('\n')).then_some(source.len());
    let mut start = 0;
    memchr::memchr_iter(b'\n', source.as_bytes())
        .map(|newline| (newline, true))
        .chain(unterminated.map(|end| (end, false)))
        .map(move |(end, by_newline)| {
            let line = &source[start..end];
            start = end + 1;
            // As `str::lines`: a `\r` goes with the newline it stands before.
            if by_newline {
                line.strip_suffix('\r').unwrap_or(line)
            } else {
                line
            }
        })
}

/// A line of laid-out code, with its indentation measured once.
struct Line<'a> {
    text: &'a str,
    /// The text after the indentation.
    code: &'a str,
    indent: usize,
}

impl<'a> Line<'a> {
    fn new(text: &'a str) -> Self {
        let code = text.trim_start();
        Line {
            text,
            code,
            indent: text.len() - code.len(),
        }
    }
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let module_doc = |l: &str| l.starts_with("//!") || l.starts_with("#![");
    if module_doc(previous) {
        return !module_doc(line);
    }
    // Only a line ending in `}` or `;` can end an item: most lines are
    // settled here, without measuring either line.
    if !(previous.ends_with('}') || previous.ends_with(';')) {
        return false;
    }
    let (previous, line) = (Line::new(previous), Line::new(line));
    // A doc line ending in `;` ends no item: a blank line there would cut
    // the docs in two.
    let comment = previous.code.starts_with("//");
    let item_ended =
        previous.code == "}" || (!comment && previous.text.ends_with(';') && line.indent == 0);
    if !item_ended || line.indent != previous.indent {
        return false;
    }
    // Runs of one-line declarations of one kind (`use`, `mod`) stay together.
    let kind = |l: &str| {
        let l = l.strip_prefix("pub ").unwrap_or(l);
        ["use ", "mod "]
            .into_iter()
            .find(|k| l.starts_with(k) && l.ends_with(';'))
    };
    if kind(previous.text).is_some() && kind(previous.text) == kind(line.text) {
        return false;
    }
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
    .any(|start| line.code.starts_with(start));
    (line.indent == 0 || starts_item) && !line.code.trim_end().is_empty()
}

#[cfg(test)]
mod tests {
    use super::lines;

    /// Every text of up to seven characters made of a letter, `\r` and `\n`.
    #[test]
    fn lines_are_split_as_str_lines_splits_them() {
        const ALPHABET: [char; 3] = ['a', '\r', '\n'];
        for len in 0..=7u32 {
            for mut number in 0..ALPHABET.len().pow(len) {
                let text: String = (0..len)
                    .map(|_| {
                        let c = ALPHABET[number % ALPHABET.len()];
                        number /= ALPHABET.len();
                        c
                    })
                    .collect();
                let expected: Vec<&str> = text.lines().collect();
                assert_eq!(lines(&text).collect::<Vec<_>>(), expected, "{text:?}");
            }
        }
    }
}
