//! Stage 3, emit: [`ir::Api`](crate::ir::Api) → Rust tokens.
//!
//! The only stage that knows Rust syntax. It spells out what `lower` decided
//! and decides nothing about the spec; no OpenAPI type is in scope here.

mod client;
mod docs;
mod layout;
mod operation_layout;
mod operations;
mod request_layout;
mod rust_type;
mod syntax;
pub(crate) mod types;

pub use client::{emit_client, emit_client_laid_out};
pub use docs::normalize as normalize_docs;
pub use operation_layout::emit_operation_laid_out;
pub use operations::{emit_operation_items, operations_head};
pub use types::{emit_type_items, emit_type_laid_out, types_head};

use crate::ir::Api;
use crate::lower::is_keyword;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// A Rust identifier for a name `lower` chose: keywords become raw (`r#type`).
pub(crate) fn ident(name: &str) -> Ident {
    if is_keyword(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Writes the identifier [`ident`] makes of `name`, as it prints.
pub(crate) fn push_ident(out: &mut String, name: &str) {
    if is_keyword(name) {
        out.push_str("r#");
    }
    out.push_str(name);
}

/// One generated file as tokens: its head (module docs, `use` lines) and its
/// items, kept apart so the format stage can lay out items independently
/// (in parallel, and without holding one huge syntax tree for a big spec).
#[derive(Debug, Clone, Default)]
pub struct RustFile {
    /// Inner attributes and `use` declarations.
    pub head: TokenStream,
    /// The items, in order.
    pub items: Vec<TokenStream>,
}

impl RustFile {
    /// A file given as one token stream.
    pub fn whole(tokens: TokenStream) -> Self {
        Self {
            head: tokens,
            items: Vec::new(),
        }
    }

    /// The whole file as one token stream.
    pub fn tokens(&self) -> TokenStream {
        let head = &self.head;
        let items = &self.items;
        quote!(#head #(#items)*)
    }
}

/// A type as the generated `operations` module spells it (`types::Name`,
/// `Vec<types::Name>`), for code that sits beside the generated crate and
/// imports its `types` module (the conformance driver).
pub fn type_in_operations(api: &Api, ty: &crate::ir::TypeRef) -> String {
    let mut out = String::new();
    rust_type::type_text(api, ty, rust_type::TypePath::Types, &mut out);
    out
}

/// The API module's `mod.rs`: its docs and its submodules.
pub fn emit_module(api: &Api) -> RustFile {
    let mut text = format!("{} (API version {}).", api.title, api.version);
    if let Some(doc) = &api.doc {
        text.push_str("\n\n");
        text.push_str(doc);
    }
    let docs = docs::inner_doc_attrs(&text);
    RustFile::whole(quote! {
        #docs
        mod client;
        pub mod operations;
        pub mod types;

        pub use client::Client;
        pub use fax_runtime::{Credentials, Error, RetryPolicy};
    })
}

/// The generated crate's `lib.rs`: one public module per API, in manifest order.
/// The crate's docs are the hand-written Markdown file `doc_file` (relative to
/// `lib.rs`), included as it is rather than passed through the spec-docs
/// normalization, so its Rust examples compile and run as doctests.
pub fn emit_crate_root(doc_file: &str, modules: &[(String, String)]) -> RustFile {
    let docs = quote! { #![doc = include_str!(#doc_file)] };
    let items = modules.iter().map(|(module, title)| {
        let ident = format_ident!("{}", module);
        let doc = docs::doc_attrs(&format!(
            "{title}: its client, request builders and models."
        ));
        quote! { #doc pub mod #ident; }
    });
    RustFile::whole(quote! {
        #docs
        #![deny(missing_docs)]
        #(#items)*
    })
}
