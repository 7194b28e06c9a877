//! Models: structs, string enums with a fallback variant, unions and aliases.

use super::docs::doc_attrs;
use super::ident;
use super::rust_type::{argument_type, argument_value, rust_type, type_tree, TypePath};
use super::syntax;
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

/// The items of the type at `index` of [`Api::types`], as tokens.
pub fn emit_type_at(api: &Api, index: usize) -> TokenStream {
    match emit_type_items(api, index) {
        Ok(items) => quote!(#(#items)*),
        Err(message) => {
            let message = format!("the generator produced invalid Rust: {message}");
            quote!(compile_error!(#message);)
        }
    }
}

/// The items of the type at `index` of [`Api::types`], as syntax trees: the
/// models and enums themselves are built as trees (see `emit::syntax`); the rarer
/// impl blocks are written as tokens and parsed.
pub fn emit_type_items(api: &Api, index: usize) -> Result<Vec<syn::Item>, String> {
    let def = &api.types[index];
    let docs = || {
        let wire_name =
            crate::diag::unescape_segment(def.origin.rsplit('/').next().unwrap_or(&def.name));
        let fallback = format!("The `{wire_name}` schema.");
        with_deprecation(def.doc.as_deref().unwrap_or(&fallback), def.deprecated)
    };
    let mut items = Vec::new();
    let rest = match &def.kind {
        TypeKind::Struct(s) => {
            items.push(syn::Item::Struct(struct_item(api, def, &docs(), s)));
            if def.user_built {
                emit_body_builder(api, def, s)
            } else {
                TokenStream::new()
            }
        }
        TypeKind::Enum(e) => {
            items.push(syn::Item::Enum(enum_item(def, &docs(), e)));
            enum_impls(def, e)
        }
        TypeKind::Union(_) | TypeKind::Alias(_) => union_or_alias(api, def, &docs()),
    };
    if !rest.is_empty() {
        let file: syn::File = syn::parse2(rest).map_err(|e| e.to_string())?;
        items.extend(file.items);
    }
    Ok(items)
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

/// A union or an alias, as tokens.
fn union_or_alias(api: &Api, def: &TypeDef, docs: &str) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let docs = doc_attrs(docs);
    match &def.kind {
        TypeKind::Union(u) => emit_union(api, &name, docs, u),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Struct(_) | TypeKind::Enum(_) => TokenStream::new(),
    }
}

fn with_deprecation(doc: &str, deprecated: bool) -> String {
    if deprecated {
        format!("{doc}\n\n**Deprecated** in the spec.")
    } else {
        doc.to_owned()
    }
}

/// A model: its docs, derives and fields, each field with its docs and serde
/// attributes. Every object keeps the properties it does not name, unless the
/// spec closes it (`additionalProperties: false`): OpenAPI allows them by
/// default, and a newer API version adds fields (a webhook's `meta.version`)
/// that a user must be able to read without waiting for a new client. Typed
/// when the spec types them.
fn struct_item(api: &Api, def: &TypeDef, docs: &str, s: &Struct) -> syn::ItemStruct {
    let defaultable = s.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
    let derive = if defaultable {
        quote!(
            Debug,
            Clone,
            PartialEq,
            Default,
            serde::Serialize,
            serde::Deserialize
        )
    } else {
        quote!(
            Debug,
            Clone,
            PartialEq,
            serde::Serialize,
            serde::Deserialize
        )
    };
    let mut attrs = syntax::doc_attrs(docs);
    attrs.push(syntax::list_attr("derive", derive));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let mut fields: syn::punctuated::Punctuated<syn::Field, syn::Token![,]> = s
        .fields
        .iter()
        .map(|field| {
            let mut attrs = syntax::doc_attrs(&field_docs(field));
            attrs.extend(
                serde_attrs(field)
                    .into_iter()
                    .map(|arguments| syntax::list_attr("serde", arguments)),
            );
            syntax::named_field(
                attrs,
                &field.name,
                type_tree(api, &field.ty, TypePath::Local),
            )
        })
        .collect();
    if let Some(value) = &s.additional {
        let attrs = vec![
            syntax::doc_attr(additional_doc(value)),
            syntax::list_attr("serde", quote!(flatten)),
        ];
        let ty = type_tree(api, &TypeRef::Map(Box::new(value.clone())), TypePath::Local);
        fields.push(syntax::named_field(attrs, &additional_field_name(s), ty));
    }
    syn::ItemStruct {
        attrs,
        vis: syntax::public(),
        struct_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields,
        }),
        semi_token: None,
    }
}

/// A string enum: a variant per known value, and the fallback that keeps
/// any other value as sent.
fn enum_item(def: &TypeDef, docs: &str, e: &Enum) -> syn::ItemEnum {
    let mut attrs = syntax::doc_attrs(docs);
    attrs.push(syntax::list_attr(
        "derive",
        quote!(Debug, Clone, PartialEq, Eq, Hash),
    ));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let mut variants: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = e
        .variants
        .iter()
        .map(|v| {
            let docs = syntax::doc_attrs(&wire_doc(&v.wire_value));
            syntax::variant(docs, &v.name, None)
        })
        .collect();
    variants.push(syntax::variant(
        vec![syntax::doc_attr(FALLBACK_DOC)],
        &e.fallback,
        Some(syntax::path_type(&["String"], Vec::new())),
    ));
    syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    }
}

/// What follows a string enum: its wire table and the macro line.
fn enum_impls(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let fallback = format_ident!("{}", e.fallback);
    let variants = e.variants.iter().map(|v| format_ident!("{}", v.name));
    let wire = e.variants.iter().map(|v| v.wire_value.as_str());
    quote! {
        impl #name {
            /// Every known value and how it is spelled on the wire.
            const WIRE: &[(Self, &str)] = &[#( (Self::#variants, #wire) ),*];
        }

        fax_runtime::wire_enum_impls!(#name, #fallback);
    }
}

/// A variant's docs: its wire value.
fn wire_doc(wire: &str) -> String {
    format!("`{wire}` on the wire.")
}

/// The docs of a string enum's fallback variant, with the leading space of `///`.
const FALLBACK_DOC: &str = " A value this version of the client does not know yet, kept as sent.";

/// The docs of the field holding `additionalProperties` of type `value`.
fn additional_doc(value: &TypeRef) -> &'static str {
    if *value == TypeRef::Json {
        " Properties the spec does not name, by name, as sent: what a newer version of the API adds."
    } else {
        " Properties beyond the ones named above, by name."
    }
}

/// A field's docs: the spec's, or its wire name.
fn field_docs(field: &Field) -> String {
    let fallback = format!("The `{}` property.", field.wire_name);
    with_deprecation(field.doc.as_deref().unwrap_or(&fallback), field.deprecated)
}

/// The width a generated line may take before the layout breaks it, as
/// `prettyplease` lays it out (and `rustfmt` keeps it).
const LINE_WIDTH: usize = 89;

/// The argument lists of a field's `#[serde(...)]` attributes: none, one, or, when one would not
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
            .then(|| quote!(#(#naming),*))
            .into_iter()
            .collect();
    }
    vec![quote!(#(#naming),*), quote!(#(#absence),*)]
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
