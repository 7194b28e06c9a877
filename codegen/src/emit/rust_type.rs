//! How an IR type is spelled in Rust: as a field or variant type, named from
//! inside the `types` module or from a sibling module, and as the argument a
//! constructor or setter takes. Shared by every emitter, so none of them has
//! to import another.

use super::syntax::path_type;
use crate::ir::{Api, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens as _};

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
    type_tree(api, ty, path).into_token_stream()
}

/// The Rust type of a [`TypeRef`] as a syntax tree, named as seen from
/// `path`: the one spelling every emitter uses, as tree or as tokens.
pub(crate) fn type_tree(api: &Api, ty: &TypeRef, path: TypePath) -> syn::Type {
    let plain = |segments: &[&str]| path_type(segments, Vec::new());
    let inner = |ty: &TypeRef| type_tree(api, ty, path);
    match ty {
        TypeRef::String => plain(&["String"]),
        TypeRef::Bool => plain(&["bool"]),
        TypeRef::I32 => plain(&["i32"]),
        TypeRef::I64 => plain(&["i64"]),
        TypeRef::F32 => plain(&["f32"]),
        TypeRef::F64 => plain(&["f64"]),
        TypeRef::DateTime => plain(&["time", "OffsetDateTime"]),
        TypeRef::Json => plain(&["serde_json", "Value"]),
        TypeRef::Binary => plain(&["fax_runtime", "FilePart"]),
        TypeRef::Named(id) => {
            let name = api.types[id.0].name.as_str();
            match path {
                TypePath::Local => plain(&[name]),
                TypePath::Types => plain(&["types", name]),
            }
        }
        TypeRef::Vec(item) => path_type(&["Vec"], vec![inner(item)]),
        TypeRef::Map(value) => path_type(
            &["std", "collections", "BTreeMap"],
            vec![plain(&["String"]), inner(value)],
        ),
        TypeRef::Option(value) => path_type(&["Option"], vec![inner(value)]),
        TypeRef::Box(value) => path_type(&["Box"], vec![inner(value)]),
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
