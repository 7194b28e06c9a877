//! Tokens printed as one compact line, the way rustfmt spells a type or a
//! signature (`Option<Vec<String>>`, `&'a str`, `impl Into<String>`), whatever
//! spacing the tokens came with. The surface needs one spelling per type so a
//! line changes only when the type does.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// `tokens` as one line.
pub(crate) fn compact(tokens: TokenStream) -> String {
    let mut printer = Printer::default();
    printer.stream(tokens);
    printer.out
}

#[derive(Default)]
struct Printer {
    out: String,
    /// Whether the next word needs a space before it.
    space: bool,
    /// Whether the last token was a word or a closing bracket, after which an
    /// opening parenthesis is a call or a tuple (`Name(T)`, `fn(&self)`).
    after_word: bool,
}

impl Printer {
    fn stream(&mut self, tokens: TokenStream) {
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            match token {
                TokenTree::Ident(ident) => self.word(&ident.to_string()),
                TokenTree::Literal(literal) => self.word(&literal.to_string()),
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Brace => ("{ ", " }"),
                        Delimiter::None => ("", ""),
                    };
                    if group.delimiter() == Delimiter::Brace || !self.after_word {
                        self.gap();
                    }
                    self.out.push_str(open);
                    self.space = false;
                    self.after_word = false;
                    self.stream(group.stream());
                    self.out.push_str(close);
                    self.space = true;
                    self.after_word = true;
                }
                TokenTree::Punct(punct) => {
                    let mut op = String::from(punct.as_char());
                    let mut spacing = punct.spacing();
                    // Only the operators a signature can hold are joined:
                    // `>>` stays two closing brackets, `&'a` a reference and a lifetime.
                    while spacing == Spacing::Joint {
                        let Some(TokenTree::Punct(next)) = tokens.peek() else {
                            break;
                        };
                        let joined = format!("{op}{}", next.as_char());
                        if !matches!(joined.as_str(), "::" | "->" | "=>" | ".." | "..=") {
                            break;
                        }
                        op = joined;
                        spacing = next.spacing();
                        tokens.next();
                    }
                    self.punct(&op);
                }
            }
        }
    }

    fn gap(&mut self) {
        if self.space {
            self.out.push(' ');
        }
    }

    fn word(&mut self, word: &str) {
        self.gap();
        self.out.push_str(word);
        self.space = true;
        self.after_word = true;
    }

    fn punct(&mut self, op: &str) {
        // (glued to what comes before, a space before the next word)
        let (glue_left, space_after) = match op {
            "::" | "<" | "." | ".." | "!" => (true, false),
            ">" | "," | ":" | ";" | ")" => (true, true),
            "->" | "=" | "=>" | "+" | "..=" => (false, true),
            // `&`, `'`, `*`, `#`, `?`: a prefix of what follows.
            _ => (false, false),
        };
        if !glue_left {
            self.gap();
        }
        self.out.push_str(op);
        self.space = space_after;
        self.after_word = op == ">";
    }
}

#[cfg(test)]
mod tests {
    use super::compact;
    use quote::quote;

    #[test]
    fn types_read_as_rustfmt_writes_them() {
        let cases = [
            (
                quote!(Option<std::collections::BTreeMap<String, serde_json::Value>>),
                "Option<std::collections::BTreeMap<String, serde_json::Value>>",
            ),
            (quote!(&'a str), "&'a str"),
            (quote!(impl Into<String>), "impl Into<String>"),
            (
                quote!(impl fax_runtime::Stream<Item = Result<types::Fax, Error<types::E>>> + 'a),
                "impl fax_runtime::Stream<Item = Result<types::Fax, Error<types::E>>> + 'a",
            ),
            (
                quote!((&self, body: types::Body) -> operations::Send<'_>),
                "(&self, body: types::Body) -> operations::Send<'_>",
            ),
            (quote!(Vec<[u8; 4]>), "Vec<[u8; 4]>"),
            (quote!(&mut self), "&mut self"),
        ];
        for (tokens, expected) in cases {
            assert_eq!(compact(tokens), expected);
        }
    }

    #[test]
    fn spacing_in_the_source_does_not_matter() {
        let parsed: proc_macro2::TokenStream = "Result < Vec < T > , E >".parse().unwrap();
        assert_eq!(compact(parsed), "Result<Vec<T>, E>");
    }
}
