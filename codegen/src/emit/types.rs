//! Models: structs, string enums with a fallback variant, unions and aliases.

use super::docs::doc_attrs;
use super::layout::{setter_lines, string_literal, type_lines, Lines, FIELD, MARGIN};
use super::rust_type::{argument_type, argument_value, rust_type, type_text, type_tree, TypePath};
use super::{ident, push_ident, syntax};
use crate::ir::{Api, Enum, Field, Struct, TypeDef, TypeKind, TypeRef, Union};
use crate::surface::Collected;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// The `types` module's docs.
pub fn types_head(api: &Api) -> TokenStream {
    super::docs::inner_doc_attrs(&format!(
        "Models of {}: every schema the spec names or uses inline.",
        api.title
    ))
}

/// The type at `index` of [`Api::types`], laid out as `prettyplease` would
/// print it (items back to back), with its public surface. Models, string
/// enums, aliases and body builders' setters are written as text (see
/// `emit::layout`); unions, a body builder's constructor, and the rare item
/// the text way cannot be sure of (an empty struct or enum) are laid out by
/// `prettyplease` from their syntax trees ([`emit_type_items`]).
pub fn emit_type_laid_out(
    api: &Api,
    index: usize,
    gathering: bool,
) -> Result<(String, Collected), String> {
    let def = &api.types[index];
    let docs = type_docs(def);
    let direct = match &def.kind {
        TypeKind::Struct(s) => struct_text(api, def, &docs, s),
        TypeKind::Enum(e) => enum_text(def, &docs, e),
        TypeKind::Alias(ty) => alias_text(api, def, &docs, ty),
        TypeKind::Union(_) => None,
    };
    let Some(text) = direct else {
        let (text, file) = crate::format::print(emit_type_items(api, index)?);
        let mut surface = Collected::new(gathering);
        surface.add_file("types", &file);
        return Ok((text, surface));
    };
    let mut surface = Collected::new(gathering);
    model_surface(api, def, &mut surface);
    let TypeKind::Struct(s) = &def.kind else {
        return Ok((text, surface));
    };
    if !def.user_built {
        return Ok((text, surface));
    }
    let builder = match body_builder_text(api, def, s, &mut surface)? {
        Some(builder) => builder,
        None => {
            let (builder, file) = crate::format::print_tokens(emit_body_builder(api, def, s))?;
            surface.add_file("types", &file);
            builder
        }
    };
    Ok((text + &builder, surface))
}

/// A type's docs: the spec's, or its schema's name.
fn type_docs(def: &TypeDef) -> String {
    let wire_name =
        crate::diag::unescape_segment(def.origin.rsplit('/').next().unwrap_or(&def.name));
    let fallback = format!("The `{wire_name}` schema.");
    with_deprecation(def.doc.as_deref().unwrap_or(&fallback), def.deprecated)
}

/// The items of the type at `index` of [`Api::types`], as syntax trees: the
/// models and enums themselves are built as trees (see `emit::syntax`), the
/// impl blocks written as tokens and parsed. The way every item once took,
/// and the one the text way is tested against.
pub fn emit_type_items(api: &Api, index: usize) -> Result<Vec<syn::Item>, String> {
    let def = &api.types[index];
    let docs = || type_docs(def);
    let mut items = Vec::new();
    let rest = match &def.kind {
        TypeKind::Struct(s) => {
            items.push(syn::Item::Struct(struct_item(api, def, &docs(), s)?));
            if def.user_built {
                emit_body_builder(api, def, s)
            } else {
                TokenStream::new()
            }
        }
        TypeKind::Enum(e) => {
            items.push(syn::Item::Enum(enum_item(def, &docs(), e)?));
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
    let constructor = body_constructor(api, def, s);
    let setters = body_setters(s).into_iter().map(|(f, inner)| {
        let ident = ident(&f.name);
        let ty = argument_type(api, inner, TypePath::Local);
        let value = argument_value(inner, &ident);
        let docs = doc_attrs(&setter_docs(f));
        quote! {
            #docs
            pub fn #ident(mut self, #ident: #ty) -> Self {
                self.#ident = Some(#value);
                self
            }
        }
    });
    quote! {
        impl #name {
            #constructor
            #(#setters)*
        }
    }
}

/// [`emit_body_builder`] laid out, its surface added to `type_surface`: the
/// constructor through `prettyplease`, the setters as text. `None` (and
/// nothing added) when a setter would not fit its lines or there is nothing
/// in the block.
fn body_builder_text(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    type_surface: &mut Collected,
) -> Result<Option<String>, String> {
    let setters = body_setters(s);
    let constructor = body_constructor(api, def, s);
    if setters.is_empty() && constructor.is_none() {
        return Ok(None);
    }
    let mut lines = Lines::new();
    let mut surface = Collected::new(type_surface.is_gathering());
    for (f, inner) in setters {
        let docs = setter_docs(f);
        let (method, signature) =
            setter_lines(api, &mut lines, &f.name, (inner, TypePath::Local), &docs);
        surface.add_method("types", &def.name, &method, signature);
    }
    let Some(setters) = lines.finish() else {
        return Ok(None);
    };
    let mut text = String::from("impl ");
    push_ident(&mut text, &def.name);
    text.push_str(" {\n");
    if let Some(constructor) = constructor {
        let name = ident(&def.name);
        let (members, file) =
            crate::format::print_impl_members(quote!(impl #name { #constructor }))?;
        surface.add_file("types", &file);
        text.push_str(&members);
    }
    text.push_str(&setters);
    text.push_str("}\n");
    type_surface.merge(surface);
    Ok(Some(text))
}

/// `new`, taking the required fields, when there are any.
fn body_constructor(api: &Api, def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    let required: Vec<&Field> = s.constructor.iter().map(|&i| &s.fields[i]).collect();
    (!required.is_empty()).then(|| {
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
    })
}

/// The optional fields a body builder has a setter for, with their inner types.
fn body_setters(s: &Struct) -> Vec<(&Field, &TypeRef)> {
    s.fields
        .iter()
        .filter(|f| f.name != "new")
        .filter_map(|f| match &f.ty {
            TypeRef::Option(inner) => Some((f, inner.as_ref())),
            _ => None,
        })
        .collect()
}

/// A body setter's docs: the field's, or its wire name.
fn setter_docs(f: &Field) -> String {
    let fallback = format!("Sets `{}`.", f.wire_name);
    with_deprecation(f.doc.as_deref().unwrap_or(&fallback), f.deprecated)
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

/// A model's derives: `Default` when every field is optional.
fn struct_derives(s: &Struct) -> &'static str {
    if s.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_))) {
        "Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize"
    } else {
        "Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize"
    }
}

/// A string enum's derives.
const ENUM_DERIVES: &str = "Debug, Clone, PartialEq, Eq, Hash";

/// Attribute arguments (written by this module) as tokens.
fn arguments(text: &str) -> Result<TokenStream, String> {
    text.parse().map_err(|e| {
        format!("the generator wrote attribute arguments Rust cannot read ({e}): {text}")
    })
}

/// A model: its docs, derives and fields, each field with its docs and serde
/// attributes. Every object keeps the properties it does not name, unless the
/// spec closes it (`additionalProperties: false`): OpenAPI allows them by
/// default, and a newer API version adds fields (a webhook's `meta.version`)
/// that a user must be able to read without waiting for a new client. Typed
/// when the spec types them. [`struct_text`] writes the same model as text.
fn struct_item(
    api: &Api,
    def: &TypeDef,
    docs: &str,
    s: &Struct,
) -> Result<syn::ItemStruct, String> {
    let mut attrs = syntax::doc_attrs(docs);
    attrs.push(syntax::list_attr("derive", arguments(struct_derives(s))?));
    attrs.push(syntax::word_attr("non_exhaustive"));
    let mut fields: syn::punctuated::Punctuated<syn::Field, syn::Token![,]> =
        syn::punctuated::Punctuated::new();
    for field in &s.fields {
        let mut attrs = syntax::doc_attrs(&field_docs(field));
        for serde in serde_attrs(api, field) {
            attrs.push(syntax::list_attr("serde", arguments(&serde)?));
        }
        fields.push(syntax::named_field(
            attrs,
            &field.name,
            type_tree(api, &field.ty, TypePath::Local),
        ));
    }
    if let Some(value) = &s.additional {
        let attrs = vec![
            syntax::doc_attr(additional_doc(value)),
            syntax::list_attr("serde", quote!(flatten)),
        ];
        let ty = type_tree(api, &TypeRef::Map(Box::new(value.clone())), TypePath::Local);
        fields.push(syntax::named_field(attrs, &additional_field_name(s), ty));
    }
    Ok(syn::ItemStruct {
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
    })
}

/// [`struct_item`] as laid-out text, or `None` when a line would not fit.
fn struct_text(api: &Api, def: &TypeDef, docs: &str, s: &Struct) -> Option<String> {
    let mut lines = Lines::new();
    lines.docs("", docs);
    lines.attribute("", "derive", struct_derives(s));
    lines.text("", "#[non_exhaustive]");
    if s.fields.is_empty() && s.additional.is_none() {
        // `prettyplease` closes an empty struct on its first line.
        lines.inexact();
    }
    lines.code("", |out| {
        out.push_str("pub struct ");
        push_ident(out, &def.name);
        out.push_str(" {");
    });
    let field = |lines: &mut Lines, name: &str, ty: &TypeRef| {
        let mut prefix = String::from("pub ");
        push_ident(&mut prefix, name);
        prefix.push_str(": ");
        type_lines(
            api,
            lines,
            FIELD.len(),
            &prefix,
            (ty, TypePath::Local),
            (",", true),
        );
    };
    for f in &s.fields {
        lines.docs(FIELD, &field_docs(f));
        for serde in serde_attrs(api, f) {
            serde_lines(&mut lines, &serde);
        }
        field(&mut lines, &f.name, &f.ty);
    }
    if let Some(value) = &s.additional {
        lines.doc_line(FIELD, additional_doc(value));
        lines.text(FIELD, "#[serde(flatten)]");
        field(
            &mut lines,
            &additional_field_name(s),
            &TypeRef::Map(Box::new(value.clone())),
        );
    }
    lines.text("", "}");
    lines.finish()
}

/// `#[serde(…)]` at a field's indentation: on one line, or, as
/// `prettyplease` breaks one too long for it, an argument a line.
fn serde_lines(lines: &mut Lines, arguments: &str) {
    if FIELD.len() + "#[serde()]".len() + arguments.len() <= MARGIN {
        return lines.attribute(FIELD, "serde", arguments);
    }
    lines.text(FIELD, "#[serde(");
    // The arguments are this module's own: no comma inside a string.
    let parts: Vec<&str> = arguments.split(", ").collect();
    if parts.iter().any(|part| part.contains(',')) {
        lines.inexact();
    }
    let last = parts.len().saturating_sub(1);
    for (index, part) in parts.iter().enumerate() {
        let comma = if index == last { "" } else { "," };
        lines.whole("        ", &format!("{part}{comma}"));
    }
    lines.text(FIELD, ")]");
}

/// What the surface reads off a model or string enum that was written as
/// text: what [`Collected::from_file`] reads off the same item's trees.
fn model_surface(api: &Api, def: &TypeDef, surface: &mut Collected) {
    if !surface.is_gathering() {
        return;
    }
    let typed = |ty: &TypeRef| {
        let mut text = String::new();
        type_text(api, ty, TypePath::Local, &mut text);
        text
    };
    let named = |name: &str| {
        let mut text = String::new();
        push_ident(&mut text, name);
        text
    };
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut fields: Vec<(String, String)> = s
                .fields
                .iter()
                .map(|f| (named(&f.name), typed(&f.ty)))
                .collect();
            if let Some(value) = &s.additional {
                fields.push((
                    named(&additional_field_name(s)),
                    typed(&TypeRef::Map(Box::new(value.clone()))),
                ));
            }
            surface.add_model("types", &def.name, false, struct_derives(s), fields);
        }
        TypeKind::Enum(e) => {
            let variants = e
                .variants
                .iter()
                .map(|v| (named(&v.name), String::new()))
                .chain([(named(&e.fallback), "(String)".to_owned())])
                .collect();
            surface.add_model("types", &def.name, true, ENUM_DERIVES, variants);
            surface.add_impl_macro("types", WIRE_ENUM_MACRO, &[&def.name, &e.fallback]);
        }
        TypeKind::Alias(ty) => surface.add_alias("types", &def.name, typed(ty)),
        TypeKind::Union(_) => {}
    }
}

/// The `fax_runtime` macro that gives a string enum its wire impls.
const WIRE_ENUM_MACRO: &str = "wire_enum_impls";

/// `pub type Name = Type;` as laid-out text, or `None` when a line would not fit.
fn alias_text(api: &Api, def: &TypeDef, docs: &str, ty: &TypeRef) -> Option<String> {
    let mut lines = Lines::new();
    lines.docs("", docs);
    let mut prefix = String::from("pub type ");
    push_ident(&mut prefix, &def.name);
    prefix.push_str(" = ");
    type_lines(
        api,
        &mut lines,
        0,
        &prefix,
        (ty, TypePath::Local),
        (";", true),
    );
    lines.finish()
}

/// A string enum: a variant per known value, and the fallback that keeps
/// any other value as sent.
fn enum_item(def: &TypeDef, docs: &str, e: &Enum) -> Result<syn::ItemEnum, String> {
    let mut attrs = syntax::doc_attrs(docs);
    attrs.push(syntax::list_attr("derive", arguments(ENUM_DERIVES)?));
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
    Ok(syn::ItemEnum {
        attrs,
        vis: syntax::public(),
        enum_token: Default::default(),
        ident: ident(&def.name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    })
}

/// What follows a string enum: its wire table and the macro line.
fn enum_impls(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = format_ident!("{}", def.name);
    let fallback = format_ident!("{}", e.fallback);
    let variants = e.variants.iter().map(|v| format_ident!("{}", v.name));
    let wire = e.variants.iter().map(|v| v.wire_value.as_str());
    quote! {
        impl #name {
            #[doc = #WIRE_DOC]
            const WIRE: &[(Self, &str)] = &[#( (Self::#variants, #wire) ),*];
        }

        fax_runtime::wire_enum_impls!(#name, #fallback);
    }
}

/// [`enum_item`] and [`enum_impls`] as laid-out text, or `None` when a
/// line would not fit.
fn enum_text(def: &TypeDef, docs: &str, e: &Enum) -> Option<String> {
    let mut lines = Lines::new();
    lines.docs("", docs);
    lines.attribute("", "derive", ENUM_DERIVES);
    lines.text("", "#[non_exhaustive]");
    let name = |out: &mut String| push_ident(out, &def.name);
    lines.code("", |out| {
        out.push_str("pub enum ");
        name(out);
        out.push_str(" {");
    });
    for v in &e.variants {
        lines.docs(FIELD, &wire_doc(&v.wire_value));
        lines.code(FIELD, |out| {
            push_ident(out, &v.name);
            out.push(',');
        });
    }
    lines.doc_line(FIELD, FALLBACK_DOC);
    lines.code(FIELD, |out| {
        push_ident(out, &e.fallback);
        out.push_str("(String),");
    });
    lines.text("", "}");
    lines.code("", |out| {
        out.push_str("impl ");
        name(out);
        out.push_str(" {");
    });
    lines.doc_line(FIELD, WIRE_DOC);
    let pairs: Vec<(String, String)> = e
        .variants
        .iter()
        .map(|v| {
            let mut variant = String::from("Self::");
            push_ident(&mut variant, &v.name);
            (variant, string_literal(&v.wire_value))
        })
        .collect();
    let entries: Vec<String> = pairs
        .iter()
        .map(|(variant, wire)| format!("({variant}, {wire})"))
        .collect();
    let one_line = "    const WIRE: &[(Self, &str)] = &[".len()
        + entries.iter().map(|entry| entry.len() + 2).sum::<usize>()
        + "];".len()
        - 2;
    if entries.is_empty() {
        // `prettyplease` writes an empty table its own way.
        lines.inexact();
    } else if one_line <= MARGIN {
        lines.code(FIELD, |out| {
            out.push_str("const WIRE: &[(Self, &str)] = &[");
            out.push_str(&entries.join(", "));
            out.push_str("];");
        });
    } else {
        lines.text(FIELD, "const WIRE: &[(Self, &str)] = &[");
        let last = entries.len() - 1;
        for (index, (entry, (variant, wire))) in entries.iter().zip(&pairs).enumerate() {
            const ENTRY: &str = "        ";
            // The comma `prettyplease` adds after the last element takes no room.
            let comma = usize::from(index != last);
            if ENTRY.len() + entry.len() + comma <= MARGIN {
                lines.whole(ENTRY, &format!("{entry},"));
            } else {
                // A pair too long for a line: a line for each half.
                lines.whole(ENTRY, "(");
                lines.whole("            ", &format!("{variant},"));
                lines.whole("            ", &format!("{wire},"));
                lines.whole(ENTRY, "),");
            }
        }
        lines.text(FIELD, "];");
    }
    lines.text("", "}");
    let mut arguments = String::new();
    name(&mut arguments);
    arguments.push_str(", ");
    push_ident(&mut arguments, &e.fallback);
    let call = format!("fax_runtime::{WIRE_ENUM_MACRO}!(");
    if call.len() + arguments.len() + ");".len() <= MARGIN {
        lines.whole("", &format!("{call}{arguments});"));
    } else {
        // `prettyplease` moves the arguments of a long call to a line of their own.
        lines.whole("", &call);
        lines.text(FIELD, &arguments);
        lines.whole("", ");");
    }
    lines.finish()
}

/// The docs of a string enum's wire table, with the leading space of `///`.
const WIRE_DOC: &str = " Every known value and how it is spelled on the wire.";

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

/// The argument lists of a field's `#[serde(...)]` attributes, as text:
/// none, one, or, when one would not fit on a line, the wire name and codec
/// in one and the absent-value rules in the other, so that no attribute is
/// laid out over several lines.
fn serde_attrs(api: &Api, field: &Field) -> Vec<String> {
    let mut naming: Vec<String> = Vec::new();
    let mut absence: Vec<String> = Vec::new();
    if field.name != field.wire_name {
        naming.push(format!("rename = {}", string_literal(&field.wire_name)));
    }
    if let Some(module) = with_module(api, field) {
        naming.push(format!("with = \"fax_runtime::codec::{module}\""));
    }
    if let TypeRef::Option(_) = field.ty {
        // Absent and null both read as `None`; a required property is still
        // written (as `null`), an optional one is left out.
        absence.push("default".to_owned());
        if !field.required {
            absence.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        }
    }
    let width = |parts: &[String]| parts.iter().map(|p| p.len() + 2).sum::<usize>();
    let fits =
        "    #[serde()]".len() + (width(&naming) + width(&absence)).saturating_sub(2) <= MARGIN;
    if fits || naming.is_empty() || absence.is_empty() {
        naming.extend(absence);
        return (!naming.is_empty())
            .then(|| naming.join(", "))
            .into_iter()
            .collect();
    }
    vec![naming.join(", "), absence.join(", ")]
}

/// The `fax_runtime::codec` module a field is read and written through, if
/// any (see [`is_lenient`]). A required, non-nullable text, list or map that
/// a vendor sends as null reads as empty rather than failing the whole
/// object. Other types have no value that could stand for "nothing" without
/// lying, so there a null stays an error and the spec must say `nullable`. A
/// required property that is absent is still an error: that is not a
/// vendor's null.
fn with_module(api: &Api, field: &Field) -> Option<&'static str> {
    let empty_when_null = matches!(
        api.through_aliases(&field.ty),
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_)
    );
    match (is_lenient(api, &field.ty), empty_when_null) {
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
    // A date-time (or a list of them) travels as RFC 3339 text, as in a field.
    let variant_types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let ty = rust_type(api, &v.ty);
            let date_time = matches!(
                api.through_aliases(&v.ty),
                TypeRef::DateTime | TypeRef::Vec(_) | TypeRef::Option(_)
            ) && contains_date_time(api, &v.ty);
            if date_time {
                quote!(#[serde(with = "fax_runtime::codec::lenient")] #ty)
            } else {
                ty
            }
        })
        .collect();
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
fn is_lenient(api: &Api, ty: &TypeRef) -> bool {
    match api.through_aliases(ty) {
        TypeRef::DateTime
        | TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Vec(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner)
        | TypeRef::Map(inner) => is_lenient(api, inner),
        _ => false,
    }
}

/// Whether a date-time is what a type holds, through aliases, lists and options.
fn contains_date_time(api: &Api, ty: &TypeRef) -> bool {
    match api.through_aliases(ty) {
        TypeRef::DateTime => true,
        TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Box(inner) => {
            contains_date_time(api, inner)
        }
        _ => false,
    }
}

#[cfg(test)]
#[path = "types_layout_tests.rs"]
pub(crate) mod layout_tests;
