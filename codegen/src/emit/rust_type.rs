//! How an IR type is spelled in Rust: as a field or variant type, named from
//! inside the `types` module or from a sibling module, and as the argument a
//! constructor or setter takes. Shared by every emitter, so none of them has
//! to import another.

use crate::ir::{Api, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Where generated code refers to a named type from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypePath {
    /// Inside the `types` module: the bare name.
    Local,
    /// From a sibling module that imports `super::types`: `types::Name`.
    Types,
}

/// The Rust type of a [`TypeRef`] inside the `types` module.
pub(crate) fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    rust_type_in(api, ty, TypePath::Local)
}

/// The Rust type of a [`TypeRef`], named as seen from `path`.
pub(crate) fn rust_type_in(api: &Api, ty: &TypeRef, path: TypePath) -> TokenStream {
    let inner = |ty: &TypeRef| rust_type_in(api, ty, path);
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::DateTime => quote!(time::OffsetDateTime),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Binary => quote!(fax_runtime::FilePart),
        TypeRef::Named(id) => {
            let ident = format_ident!("{}", api.types[id.0].name);
            match path {
                TypePath::Local => quote!(#ident),
                TypePath::Types => quote!(types::#ident),
            }
        }
        TypeRef::Vec(item) => {
            let item = inner(item);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Option(value) => {
            let value = inner(value);
            quote!(Option<#value>)
        }
        TypeRef::Box(value) => {
            let value = inner(value);
            quote!(Box<#value>)
        }
    }
}

/// The argument type a required value is taken as: `impl Into<String>` for strings.
pub(crate) fn argument_type(api: &Api, ty: &TypeRef, path: TypePath) -> TokenStream {
    match ty {
        TypeRef::String => quote!(impl Into<String>),
        other => rust_type_in(api, other, path),
    }
}

/// How an argument becomes the stored value.
pub(crate) fn argument_value(ty: &TypeRef, name: &Ident) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#name.into()),
        _ => quote!(#name),
    }
}
