//! Rust names from wire names: PascalCase types and variants, snake_case fields,
//! keywords and prelude names avoided, collisions resolved in a fixed order.

use foldhash::HashSet;
use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves (strict and reserved-for-future keywords, 2021 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

// Reserved names: every name the generated modules declare or import
// themselves, in one place, so no name taken from a spec can clash with one.

/// Type names that would shadow what generated code itself refers to.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "String",
    "Vec",
    "Option",
    "Some",
    "None",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "ToOwned",
    "AsRef",
    "Drop",
    "Fn",
    "BTreeMap",
];

/// What the generated `operations` module imports (`fax_runtime::{ApiClient,
/// Error, Operation}`, `encode::{Body, Query}`, `http`, `types`): request
/// builders live there, so none may take one of these names.
pub const OPERATIONS_MODULE_NAMES: &[&str] = &[
    "ApiClient",
    "Error",
    "Operation",
    "Body",
    "Query",
    "http",
    "types",
];

/// Methods every generated `Client` has; operations get other names.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_base_url",
    "with_retry",
    "with_timeout",
    "with_http_client",
    "with_user_agent",
    "api",
    "base_url",
];

/// Methods every request builder has; parameter setters get other names.
pub const BUILDER_METHODS: &[&str] =
    &["send", "to_http_request", "parse_response", "stream", "new"];

/// Fields every request builder has besides its parameters.
pub const BUILDER_FIELDS: &[&str] = &["api", "body"];

/// Arguments and locals of `Client::new` besides the server variables.
pub const CLIENT_NEW_NAMES: &[&str] = &["credentials", "base_url", "api"];

/// The longest name the generator writes. rustc's time and memory grow with
/// the square of an identifier's length, and no reader wants a longer one.
pub const MAX_NAME_LEN: usize = 64;

/// `name` if it is short enough, else its first characters and a short hash
/// of the whole name: stable (the same name always gives the same result)
/// and unique in practice (two long names that share a beginning differ in
/// their hash). The wire name is kept apart, so nothing sent changes.
pub fn capped(name: String, separator: &str) -> String {
    if name.len() <= MAX_NAME_LEN {
        return name;
    }
    let hash = format!("{separator}{:08x}", fnv1a(name.as_bytes()));
    let keep = MAX_NAME_LEN - hash.len();
    let mut end = keep;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let head = name[..end].trim_end_matches('_');
    format!("{head}{hash}")
}

/// 32-bit FNV-1a: a fixed, dependency-free hash (not for security).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

/// Whether a snake_case name must be written `r#name` (or renamed) to be an identifier.
pub fn is_keyword(name: &str) -> bool {
    // Every identifier the generator writes asks this: a binary search of
    // the sorted list, not a scan of it.
    KEYWORDS.binary_search(&name).is_ok()
}

/// Whether a keyword cannot be written as a raw identifier.
pub fn cannot_be_raw(name: &str) -> bool {
    NOT_RAW.contains(&name)
}

/// Keeps ASCII letters, digits and separators so heck sees word boundaries;
/// anything else (brackets, dots, spaces, non-ASCII) becomes a separator.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// PascalCase, or `None` when nothing usable is left.
fn pascal(raw: &str) -> Option<String> {
    if is_pascal_already(raw) {
        return Some(raw.to_owned());
    }
    let name = ascii_words(raw).to_upper_camel_case();
    (!name.is_empty()).then_some(name)
}

/// Whether heck's PascalCase would give `raw` back unchanged: ASCII letters
/// and digits only, an uppercase letter first, and every uppercase letter
/// followed by a lowercase one. heck then starts a word at each uppercase
/// letter and capitalizes words that are capitalized already.
///
/// A composed name (an owner's type name and a field's, `OwnerField`) is
/// almost always of this form and is new each time, so no memo helps; heck
/// writes it a character at a time through a formatter, which made these
/// conversions the largest cost of lowering a large spec.
fn is_pascal_already(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().enumerate().all(|(i, byte)| match byte {
            b'A'..=b'Z' => bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase),
            _ => byte.is_ascii_alphanumeric(),
        })
}

/// Conversions already made on this thread, by kind. A spec repeats its
/// names (`id`, `name`, `created_at`) across hundreds of schemas and
/// operations, and a case conversion costs far more than a lookup.
type Memo = std::cell::RefCell<foldhash::HashMap<String, String>>;

thread_local! {
    static TYPE_NAMES: Memo = Memo::default();
    static VARIANT_NAMES: Memo = Memo::default();
    static FIELD_NAMES: Memo = Memo::default();
}

/// `convert(raw)`, remembered in `memo` (at most `MEMO_LIMIT` entries, then
/// forgotten all at once, so a long-lived process does not grow without end).
fn memoized(
    memo: &'static std::thread::LocalKey<Memo>,
    raw: &str,
    convert: fn(&str) -> String,
) -> String {
    const MEMO_LIMIT: usize = 1 << 16;
    if let Some(name) = memo.with_borrow(|memo| memo.get(raw).cloned()) {
        return name;
    }
    let name = convert(raw);
    memo.with_borrow_mut(|memo| {
        if memo.len() >= MEMO_LIMIT {
            memo.clear();
        }
        memo.insert(raw.to_owned(), name.clone());
    });
    name
}

/// A PascalCase type name from a schema name or a composed hint.
pub fn type_name(raw: &str) -> String {
    memoized(&TYPE_NAMES, raw, convert_type_name)
}

fn convert_type_name(raw: &str) -> String {
    let mut name = pascal(raw).unwrap_or_else(|| "Schema".to_owned());
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Schema");
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str("Schema");
    }
    capped(name, "")
}

/// A PascalCase variant name for an enum value or union tag. A leading `-`
/// is kept in the name, since it changes the meaning: `-created_at` (a
/// descending sort) is `CreatedAtDesc`, `-1` is `Minus1`.
pub fn variant_name(raw: &str) -> String {
    memoized(&VARIANT_NAMES, raw, convert_variant_name)
}

fn convert_variant_name(raw: &str) -> String {
    if let Some(rest) = raw.strip_prefix('-') {
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return format!("Minus{}", variant_name(rest).trim_start_matches('V'));
        }
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return format!("{}Desc", variant_name(rest));
        }
    }
    let mut name = match pascal(raw) {
        Some(name) => name,
        None if raw.is_empty() => "Empty".to_owned(),
        None => "Value".to_owned(),
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    capped(name, "")
}

/// A snake_case field name (without `r#`; emit adds it for keywords).
pub fn field_name(raw: &str) -> String {
    memoized(&FIELD_NAMES, raw, convert_field_name)
}

fn convert_field_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "field_");
    }
    if cannot_be_raw(&name) {
        name.push('_');
    }
    capped(name, "_")
}

/// Hands out unique names in the order asked: the first asker keeps a name,
/// later ones get `2`, `3`, … (or `_2` for snake_case), so the result depends
/// only on the order of the spec.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// Marks a name as used without asking for it.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether a name is used already.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// A unique PascalCase name based on `base`.
    pub fn unique_pascal(&mut self, base: String) -> String {
        self.unique(base, "")
    }

    /// A unique snake_case name based on `base`.
    pub fn unique_snake(&mut self, base: String) -> String {
        self.unique(base, "_")
    }

    /// A unique SCREAMING_SNAKE_CASE name based on `base` (for statics).
    pub fn unique_shouty(&mut self, base: String) -> String {
        let base = capped(base, "_").to_ascii_uppercase();
        self.unique(base, "_")
    }

    fn unique(&mut self, base: String, separator: &str) -> String {
        // Names composed from others (`{Parent}{Field}Item`) are capped here.
        let base = capped(base, separator);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}{separator}{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Names for component schemas. Dotted names such as `fax.v1.fax.fax_media`
/// are named by their last segment (`FaxMedia`); where two schemas would get the
/// same name, both take one more segment from the left, until they differ or the
/// segments run out (then `NameSet` numbers them in spec order).
pub fn component_names(raw_names: &[&str]) -> Vec<String> {
    let segments: Vec<Vec<&str>> = raw_names
        .iter()
        .map(|raw| raw.split('.').filter(|s| !s.is_empty()).collect::<Vec<_>>())
        .collect();
    let mut depth = vec![1usize; raw_names.len()];
    let name_at = |i: usize, depth: usize| -> String {
        let parts = &segments[i];
        if parts.is_empty() {
            return type_name(raw_names[i]);
        }
        let start = parts.len().saturating_sub(depth);
        type_name(&parts[start..].join("_"))
    };
    loop {
        let names: Vec<String> = (0..raw_names.len()).map(|i| name_at(i, depth[i])).collect();
        let mut grew = false;
        for i in 0..names.len() {
            let clashes = names
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && *other == names[i]);
            if clashes && depth[i] < segments[i].len() {
                depth[i] += 1;
                grew = true;
            }
        }
        if !grew {
            let mut set = NameSet::default();
            return names
                .into_iter()
                .map(|name| set.unique_pascal(name))
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_sorted_for_the_binary_search() {
        assert!(KEYWORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_keyword("type") && is_keyword("yield") && is_keyword("abstract"));
        assert!(!is_keyword("types") && !is_keyword("id"));
    }

    #[test]
    fn dotted_names_use_the_shortest_unique_suffix() {
        let names = component_names(&[
            "fax.v1.fax",
            "fax.v1.fax.fax_media",
            "api.v1.call.notification",
            "api.v1.notification",
        ]);
        assert_eq!(
            names,
            ["Fax", "FaxMedia", "CallNotification", "V1Notification"]
        );
    }

    #[test]
    fn names_equal_after_case_conversion_are_numbered_in_order() {
        assert_eq!(
            component_names(&["fax_media", "FaxMedia", "fax-media"]),
            ["FaxMedia", "FaxMedia2", "FaxMedia3"]
        );
    }

    #[test]
    fn long_names_are_cut_with_a_stable_hash_that_keeps_them_apart() {
        let long_a = format!("{}a", "x".repeat(500));
        let long_b = format!("{}b", "x".repeat(500));
        let (a, b) = (field_name(&long_a), field_name(&long_b));
        assert!(
            a.len() <= MAX_NAME_LEN && b.len() <= MAX_NAME_LEN,
            "{a} {b}"
        );
        assert_ne!(a, b);
        assert_eq!(a, field_name(&long_a), "the same name is cut the same way");
        assert!(a.starts_with("xxxx") && !a.contains("__"), "{a}");
        let pascal = type_name(&long_a);
        assert!(
            pascal.len() <= MAX_NAME_LEN && pascal.starts_with('X'),
            "{pascal}"
        );
        assert_eq!(field_name("short"), "short");
    }

    #[test]
    fn composed_names_are_cut_when_handed_out() {
        let mut names = NameSet::default();
        let long = "Parent".repeat(20);
        let first = names.unique_pascal(long.clone());
        let second = names.unique_pascal(long);
        assert!(first.len() <= MAX_NAME_LEN);
        assert_eq!(second, format!("{first}2"));
        let mut statics = NameSet::default();
        assert_eq!(statics.unique_shouty("SELF".into()), "SELF");
        assert_eq!(statics.unique_shouty("SELF".into()), "SELF_2");
        assert_eq!(statics.unique_shouty("SELF_2".into()), "SELF_2_2");
        let shouty = statics.unique_shouty("A_".repeat(60));
        assert_eq!(shouty, shouty.to_ascii_uppercase());
    }

    /// Every string of up to six characters over an alphabet that has each
    /// kind of character heck tells apart: where the shortcut is taken, heck
    /// gives the same name.
    #[test]
    fn names_taken_as_pascal_already_are_what_heck_would_write() {
        const ALPHABET: [char; 8] = ['a', 'b', 'A', 'B', '0', '_', 'é', 'Σ'];
        let mut taken = 0;
        let mut word = String::new();
        let mut counters = Vec::new();
        for len in 1..=6 {
            counters.clear();
            counters.resize(len, 0usize);
            loop {
                word.clear();
                word.extend(counters.iter().map(|&i| ALPHABET[i]));
                if is_pascal_already(&word) {
                    taken += 1;
                    assert_eq!(ascii_words(&word).to_upper_camel_case(), word);
                }
                let Some(last) = counters.iter().rposition(|&i| i + 1 < ALPHABET.len()) else {
                    break;
                };
                counters[last] += 1;
                counters[last + 1..].fill(0);
            }
        }
        assert!(taken > 1000, "the shortcut was taken {taken} times");
        for name in [
            "AB",
            "A1",
            "A",
            "Ab_c",
            "aB",
            "ÉTé",
            "Schema200Response",
            "HTTPServer",
        ] {
            let shortcut = is_pascal_already(name);
            assert_eq!(shortcut, ["Schema200Response"].contains(&name), "{name}");
        }
    }

    #[test]
    fn keywords_digits_and_symbols() {
        assert_eq!(field_name("type"), "type");
        assert!(is_keyword(&field_name("type")));
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("page[size]"), "page_size");
        assert_eq!(
            field_name("filter[created_at][gte]"),
            "filter_created_at_gte"
        );
        assert_eq!(field_name("3d_secure"), "field_3d_secure");
        assert_eq!(variant_name("media.processed"), "MediaProcessed");
        assert_eq!(variant_name("no-answer"), "NoAnswer");
        assert_eq!(variant_name("1080p"), "V1080p");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("-created_at"), "CreatedAtDesc");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(type_name("Self"), "SelfSchema");
        assert_eq!(type_name("String"), "StringSchema");
        assert_eq!(type_name("200_response"), "Schema200Response");
    }
}
