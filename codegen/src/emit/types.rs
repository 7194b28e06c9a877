//! Models: structs, string enums with a fallback variant, unions and aliases.

use super::docs::doc_attrs;
use super::ident;
use super::rust_type::{argument_type, argument_value, rust_type, TypePath};
use crate::ir::{Api, Enum, Field, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The `types` module of an API.
pub fn emit_types(api: &Api) -> super::RustFile {
    let items = (0..api.types.len())
        .map(|index| emit_type_at(api, index))
        .collect();
    super::RustFile {
        head: types_head(api),
        items,
    }
}

/// The `types` module's docs.
pub fn types_head(api: &Api) -> TokenStream {
    super::docs::inner_doc_attrs(&format!(
        "Models of {}: every schema the spec names or uses inline.",
        api.title
    ))
}

/// The items of the type at `index` of [`Api::types`].
pub fn emit_type_at(api: &Api, index: usize) -> TokenStream {
    emit_type(api, &api.types[index])
}

fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let item = emit_type_item(api, def);
    let builder = match &def.kind {
        TypeKind::Struct(s) if def.user_built => Some(emit_body_builder(api, def, s)),
        _ => None,
    };
    quote!(#item #builder)
}

/// A constructor taking the required fields and a setter per optional field,
/// so a request body reads `SendFaxRequest::new(a, b, c).media_url(url)`.
fn emit_body_builder(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let required: Vec<&Field> = s.constructor.iter().map(|&i| &s.fields[i]).collect();
    let constructor = (!required.is_empty()).then(|| {
        let arguments = required.iter().map(|f| {
            let ident = ident(&f.name);
            let ty = argument_type(api, &f.ty, TypePath::Local);
            quote!(#ident: #ty)
        });
        let values = s.fields.iter().map(|f| {
            let ident = ident(&f.name);
            if matches!(f.ty, TypeRef::Option(_)) {
                quote!(#ident: None)
            } else if matches!(f.ty, TypeRef::String) {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident)
            }
        });
        let additional = s.additional.as_ref().map(|_| {
            let ident = format_ident!("{}", additional_field_name(s));
            quote!(#ident: Default::default(),)
        });
        let doc = doc_attrs(&format!(
            "A `{}` with its required fields; set the others with the methods below.",
            def.name
        ));
        quote! {
            #doc
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#values,)* #additional }
            }
        }
    });
    let setters = s.fields.iter().filter(|f| f.name != "new").filter_map(|f| {
        let TypeRef::Option(inner) = &f.ty else {
            return None;
        };
        let ident = ident(&f.name);
        let ty = argument_type(api, inner, TypePath::Local);
        let value = argument_value(inner, &ident);
        let fallback = format!("Sets `{}`.", f.wire_name);
        let docs = doc_attrs(&with_deprecation(
            f.doc.as_deref().unwrap_or(&fallback),
            f.deprecated,
        ));
        Some(quote! {
            #docs
            pub fn #ident(mut self, #ident: #ty) -> Self {
                self.#ident = Some(#value);
                self
            }
        })
    });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// The name of the field holding `additionalProperties`, clear of the declared fields.
fn additional_field_name(s: &Struct) -> String {
    let mut field_name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.name == field_name) {
        field_name.push('_');
    }
    field_name
}

fn emit_type_item(api: &Api, def: &TypeDef) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let wire_name =
        crate::diag::unescape_segment(def.origin.rsplit('/').next().unwrap_or(&def.name));
    let fallback = format!("The `{wire_name}` schema.");
    let docs = doc_attrs(&with_deprecation(
        def.doc.as_deref().unwrap_or(&fallback),
        def.deprecated,
    ));
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(api, &name, docs, s),
        TypeKind::Enum(e) => emit_enum(&name, docs, e),
        TypeKind::Union(u) => emit_union(api, &name, docs, u),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn with_deprecation(doc: &str, deprecated: bool) -> String {
    if deprecated {
        format!("{doc}\n\n**Deprecated** in the spec.")
    } else {
        doc.to_owned()
    }
}

fn emit_struct(api: &Api, name: &Ident, docs: TokenStream, s: &Struct) -> TokenStream {
    let defaultable = s.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
    let derive_default = defaultable.then(|| quote!(Default,));
    let fields = s.fields.iter().map(|field| emit_field(api, field));
    // Every object keeps the properties it does not name, unless the spec
    // closes it (`additionalProperties: false`): OpenAPI allows them by
    // default, and a newer API version adds fields (a webhook's
    // `meta.version`) that a user must be able to read without waiting for a
    // new client. Typed when the spec types them.
    let additional = s.additional.as_ref().map(|value| {
        let ident = format_ident!("{}", additional_field_name(s));
        let doc = if *value == TypeRef::Json {
            " Properties the spec does not name, by name, as sent: what a newer version of the API adds."
        } else {
            " Properties beyond the ones named above, by name."
        };
        let value = rust_type(api, value);
        quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #ident: std::collections::BTreeMap<String, #value>,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_field(api: &Api, field: &Field) -> TokenStream {
    let ident = ident(&field.name);
    let fallback = format!("The `{}` property.", field.wire_name);
    let docs = doc_attrs(&with_deprecation(
        field.doc.as_deref().unwrap_or(&fallback),
        field.deprecated,
    ));
    let ty = rust_type(api, &field.ty);
    let attrs = serde_attrs(field);
    quote! {
        #docs
        #(#attrs)*
        pub #ident: #ty,
    }
}

/// The width a generated line may take before the layout breaks it, as
/// `prettyplease` lays it out (and `rustfmt` keeps it).
const LINE_WIDTH: usize = 89;

/// A field's `#[serde(...)]` attributes: none, one, or, when one would not
/// fit on a line, the wire name and codec in one and the absent-value rules
/// in the other, so that no attribute is laid out over several lines.
fn serde_attrs(field: &Field) -> Vec<TokenStream> {
    let mut naming: Vec<TokenStream> = Vec::new();
    let mut absence: Vec<TokenStream> = Vec::new();
    let mut width = 0;
    let mut count = |text: &str| width += text.len() + 2;
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        count(&format!("rename = {wire:?}"));
        naming.push(quote!(rename = #wire));
    }
    if let Some(module) = with_module(field) {
        let path = format!("fax_runtime::codec::{module}");
        count(&format!("with = {path:?}"));
        naming.push(quote!(with = #path));
    }
    if let TypeRef::Option(_) = field.ty {
        // Absent and null both read as `None`; a required property is still
        // written (as `null`), an optional one is left out.
        count("default");
        absence.push(quote!(default));
        if !field.required {
            count("skip_serializing_if = \"Option::is_none\"");
            absence.push(quote!(skip_serializing_if = "Option::is_none"));
        }
    }
    let fits = "    #[serde()]".len() + width.saturating_sub(2) <= LINE_WIDTH;
    if fits || naming.is_empty() || absence.is_empty() {
        naming.extend(absence);
        return (!naming.is_empty())
            .then(|| quote!(#[serde(#(#naming),*)]))
            .into_iter()
            .collect();
    }
    vec![
        quote!(#[serde(#(#naming),*)]),
        quote!(#[serde(#(#absence),*)]),
    ]
}

/// The `fax_runtime::codec` module a field is read and written through, if
/// any (see [`is_lenient`]). A required, non-nullable text, list or map that
/// a vendor sends as null reads as empty rather than failing the whole
/// object. Other types have no value that could stand for "nothing" without
/// lying, so there a null stays an error and the spec must say `nullable`. A
/// required property that is absent is still an error: that is not a
/// vendor's null.
fn with_module(field: &Field) -> Option<&'static str> {
    let empty_when_null = matches!(
        field.ty,
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_)
    );
    match (is_lenient(&field.ty), empty_when_null) {
        (true, true) => Some("lenient_or_empty"),
        (true, false) => Some("lenient"),
        (false, true) => Some("or_empty"),
        (false, false) => None,
    }
}

fn emit_enum(name: &Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let fallback = format_ident!("{}", e.fallback);
    let variants: Vec<Ident> = e
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let wire: Vec<&str> = e.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = wire
        .iter()
        .map(|w| doc_attrs(&format!("`{w}` on the wire.")));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the client does not know yet, kept as sent.
            #fallback(String),
        }

        impl #name {
            /// Every known value and how it is spelled on the wire.
            const WIRE: &[(Self, &str)] = &[#( (Self::#variants, #wire) ),*];
        }

        fax_runtime::wire_enum_impls!(#name, #fallback);
    }
}

fn emit_union(api: &Api, name: &Ident, docs: TokenStream, u: &Union) -> TokenStream {
    let variant_idents: Vec<Ident> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let variant_types: Vec<TokenStream> =
        u.variants.iter().map(|v| rust_type(api, &v.ty)).collect();
    let Some(discriminator) = &u.discriminator else {
        let variant_docs = u
            .variants
            .iter()
            .map(|v| doc_attrs(&format!("The value read as {}.", describe(api, &v.ty))));
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #variant_idents(#variant_types), )*
            }
        };
    };
    let property = &discriminator.property;
    let fallback = format_ident!("{}", discriminator.fallback);
    let tags: Vec<&str> = u
        .variants
        .iter()
        .map(|v| v.tag.as_deref().unwrap_or_default())
        .collect();
    let variant_docs = tags
        .iter()
        .map(|tag| doc_attrs(&format!("Selected when `{property}` is `{tag}`.")));
    let fallback_doc = format!(
        " An object whose `{property}` this version of the client does not know, kept as JSON."
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variant_idents(#variant_types), )*
            #[doc = #fallback_doc]
            #fallback(serde_json::Value),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use fax_runtime::codec::{read_tagged, tagged_variant};
                let (tag, value) = read_tagged(deserializer, #property)?;
                match tag.as_deref() {
                    #( Some(#tags) => tagged_variant(value, Self::#variant_idents), )*
                    _ => Ok(Self::#fallback(value)),
                }
            }
        }
    }
}

fn describe(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("[`{}`]", api.types[id.0].name),
        TypeRef::Box(inner) | TypeRef::Option(inner) => describe(api, inner),
        TypeRef::Vec(inner) => format!("a list of {}", describe(api, inner)),
        TypeRef::Map(inner) => format!("a map of {}", describe(api, inner)),
        TypeRef::String => "a string".into(),
        TypeRef::Bool => "a boolean".into(),
        TypeRef::I32 | TypeRef::I64 => "an integer".into(),
        TypeRef::F32 | TypeRef::F64 => "a number".into(),
        TypeRef::DateTime => "a date-time".into(),
        TypeRef::Json => "any JSON value".into(),
        TypeRef::Binary => "a file".into(),
    }
}

/// Whether a field of this type is read leniently (`fax_runtime::codec::Lenient`):
/// date-times travel as RFC 3339 text, numbers are read whether a vendor
/// sends `1.5` or `"1.5"`, and text whether it sends `"3"` or `3`; so are
/// lists, options, boxes and maps of them.
fn is_lenient(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::DateTime
        | TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Vec(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner)
        | TypeRef::Map(inner) => is_lenient(inner),
        _ => false,
    }
}
