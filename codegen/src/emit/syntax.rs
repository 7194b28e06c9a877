//! Syntax trees built directly, for models and enums laid out the long way
//! (see `types::emit_type_items`): printing them as tokens only for `syn` to
//! parse the tokens back cost more than building the trees. The trees are
//! what parsing the same code would give, so the layout and the surface read
//! them the same.

use super::ident;
use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;

/// A path of plain segments: `std::collections::BTreeMap`.
pub(crate) fn path(segments: &[&str]) -> syn::Path {
    let mut path = syn::Path {
        leading_colon: None,
        segments: Punctuated::new(),
    };
    for segment in segments {
        path.segments.push(syn::PathSegment::from(ident(segment)));
    }
    path
}

/// A type named by `segments`, with generic `arguments` on the last segment.
pub(crate) fn path_type(segments: &[&str], arguments: Vec<syn::Type>) -> syn::Type {
    let mut path = path(segments);
    if !arguments.is_empty() {
        if let Some(last) = path.segments.last_mut() {
            last.arguments =
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: None,
                    lt_token: Default::default(),
                    args: arguments
                        .into_iter()
                        .map(syn::GenericArgument::Type)
                        .collect(),
                    gt_token: Default::default(),
                });
        }
    }
    syn::Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

fn outer(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// `#[name(tokens)]`: the tokens stay unparsed, as `syn` keeps them too.
pub(crate) fn list_attr(name: &str, tokens: TokenStream) -> syn::Attribute {
    outer(syn::Meta::List(syn::MetaList {
        path: path(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name]`.
pub(crate) fn word_attr(name: &str) -> syn::Attribute {
    outer(syn::Meta::Path(path(&[name])))
}

/// `#[doc = "…"]` attributes for a text, one per line, as
/// [`super::docs::doc_attrs`] writes them.
pub(crate) fn doc_attrs(text: &str) -> Vec<syn::Attribute> {
    super::docs::normalize(text)
        .iter()
        .map(|line| doc_attr(line))
        .collect()
}

/// One `#[doc = "…"]` line, given with its leading space.
pub(crate) fn doc_attr(line: &str) -> syn::Attribute {
    outer(syn::Meta::NameValue(syn::MetaNameValue {
        path: path(&["doc"]),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Str(syn::LitStr::new(line, Span::call_site())),
        }),
    }))
}

/// `pub`.
pub(crate) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// A named field.
pub(crate) fn named_field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        modifiers: Default::default(),
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// A variant: a unit one, or one holding `field` (`Unknown(String)`).
pub(crate) fn variant(
    attrs: Vec<syn::Attribute>,
    name: &str,
    field: Option<syn::Type>,
) -> syn::Variant {
    let fields = match field {
        None => syn::Fields::Unit,
        Some(ty) => syn::Fields::Unnamed(syn::FieldsUnnamed {
            paren_token: Default::default(),
            unnamed: std::iter::once(syn::Field {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                modifiers: Default::default(),
                ident: None,
                colon_token: None,
                ty,
                default: None,
            })
            .collect(),
        }),
    };
    syn::Variant {
        attrs,
        ident: ident(name),
        fields,
        discriminant: None,
    }
}
