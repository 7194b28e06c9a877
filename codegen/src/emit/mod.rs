//! Stage 3, emit: [`ir::Api`](crate::ir::Api) → Rust tokens.
//!
//! The only stage that knows Rust syntax. It spells out what `lower` decided
//! and decides nothing about the spec; no OpenAPI type is in scope here.

mod client;
mod docs;
mod operations;
mod types;

pub use client::emit_client;
pub use docs::normalize as normalize_docs;
pub use operations::emit_operations;
pub use types::emit_types;

use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The API module's `mod.rs`: its docs and its submodules.
pub fn emit_module(api: &Api) -> TokenStream {
    let mut text = format!("{} (API version {}).", api.title, api.version);
    if let Some(doc) = &api.doc {
        text.push_str("\n\n");
        text.push_str(doc);
    }
    let docs = docs::inner_doc_attrs(&text);
    quote! {
        #docs
        mod client;
        pub mod operations;
        pub mod types;

        pub use client::Client;
        pub use fax_runtime::{Credentials, Error, RetryPolicy};
    }
}

/// The generated crate's `lib.rs`: one public module per API, in manifest order.
pub fn emit_crate_root(crate_doc: &str, modules: &[(String, String)]) -> TokenStream {
    let docs = docs::inner_doc_attrs(crate_doc);
    let items = modules.iter().map(|(module, title)| {
        let ident = format_ident!("{}", module);
        let doc = docs::doc_attrs(&format!("{title}: typed models generated from `specs/`."));
        quote! { #doc pub mod #ident; }
    });
    quote! {
        #docs
        #![deny(missing_docs)]
        #(#items)*
    }
}
