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

/// The Rust type of a [`TypeRef`] as laid-out text, named as seen from
/// `path`: the spelling of [`type_tree`] printed on one line
/// (`Option<std::collections::BTreeMap<String, serde_json::Value>>`), as
/// `prettyplease` writes a type that fits and the surface reads one.
pub(crate) fn type_text(api: &Api, ty: &TypeRef, path: TypePath, out: &mut String) {
    let generic = |out: &mut String, name: &str, inner: &TypeRef| {
        out.push_str(name);
        out.push('<');
        type_text(api, inner, path, out);
        out.push('>');
    };
    match ty {
        TypeRef::String => out.push_str("String"),
        TypeRef::Bool => out.push_str("bool"),
        TypeRef::I32 => out.push_str("i32"),
        TypeRef::I64 => out.push_str("i64"),
        TypeRef::F32 => out.push_str("f32"),
        TypeRef::F64 => out.push_str("f64"),
        TypeRef::DateTime => out.push_str("time::OffsetDateTime"),
        TypeRef::Json => out.push_str("serde_json::Value"),
        TypeRef::Binary => out.push_str("fax_runtime::FilePart"),
        TypeRef::Named(id) => {
            if path == TypePath::Types {
                out.push_str("types::");
            }
            super::push_ident(out, &api.types[id.0].name);
        }
        TypeRef::Vec(item) => generic(out, "Vec", item),
        TypeRef::Map(value) => {
            out.push_str("std::collections::BTreeMap<String, ");
            type_text(api, value, path, out);
            out.push('>');
        }
        TypeRef::Option(value) => generic(out, "Option", value),
        TypeRef::Box(value) => generic(out, "Box", value),
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
