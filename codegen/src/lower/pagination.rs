//! Recognising list operations and how their pages are walked, from the
//! shape of their responses and parameters. Two conventions are known:
//!
//! - a link to the next page: a string field `next_page_url` or
//!   `next_page_uri`, on the page itself or in its `meta` object (Twilio,
//!   SignalWire); a page that may carry several of them (SignalWire sends
//!   both list shapes) follows the first one present;
//! - page numbers: a `deepObject` query parameter with a `number` property,
//!   and `meta.page_number` and `meta.total_pages` in the page (Telnyx).
//!
//! Either way the page's items are its first list of named items. A field
//! counts only when it has the type the runtime reads (a string link, integer
//! page numbers), and a page-number parameter only when the builder can make
//! one (it is required, or all its fields are optional and so it has a
//! `Default`): anything else is a list operation without `stream()`.

use crate::ir::{
    FieldPath, FieldStep, Operation, Output, Pagination, ParamLocation, ParamStyle, Struct,
    TypeDef, TypeId, TypeKind, TypeRef,
};

/// Fills in [`Operation::pagination`] where a convention is recognised.
pub fn detect(types: &[TypeDef], operations: &mut [Operation]) {
    for operation in operations.iter_mut() {
        if operation.method != "GET" {
            continue;
        }
        let Output::Json(TypeRef::Named(page)) = &operation.output else {
            continue;
        };
        let Some(page) = struct_of(types, *page) else {
            continue;
        };
        let Some((items, item)) = single_list(types, page) else {
            continue;
        };
        operation.pagination = by_page_number(types, operation, page, &items, &item)
            .or_else(|| by_next_link(types, page, &items, &item));
    }
}

fn by_next_link(
    types: &[TypeDef],
    page: &Struct,
    items: &FieldPath,
    item: &TypeRef,
) -> Option<Pagination> {
    const LINKS: [&str; 2] = ["next_page_url", "next_page_uri"];
    let is_link = |found: &(FieldPath, TypeRef)| found.1 == TypeRef::String;
    let on_page = LINKS
        .iter()
        .filter_map(|name| path_to(types, page, &[name]));
    let in_meta = LINKS
        .iter()
        .filter_map(|name| path_to(types, page, &["meta", name]));
    let links: Vec<FieldPath> = on_page
        .chain(in_meta)
        .filter(is_link)
        .map(|(path, _)| path)
        .collect();
    if links.is_empty() {
        return None;
    }
    Some(Pagination::NextLink {
        items: items.clone(),
        item: item.clone(),
        links,
    })
}

fn by_page_number(
    types: &[TypeDef],
    operation: &Operation,
    page: &Struct,
    items: &FieldPath,
    item: &TypeRef,
) -> Option<Pagination> {
    let (param, param_type, number_field) =
        operation.params.iter().enumerate().find_map(|(index, p)| {
            if p.location != ParamLocation::Query || p.style != ParamStyle::DeepObject {
                return None;
            }
            let TypeRef::Named(id) = p.ty else {
                return None;
            };
            let fields = struct_of(types, id)?;
            let defaultable = fields
                .fields
                .iter()
                .all(|f| matches!(f.ty, TypeRef::Option(_)));
            if !p.required && !defaultable {
                return None;
            }
            let number = fields
                .fields
                .iter()
                .find(|f| f.wire_name == "number" && is_integer(&f.ty))?;
            Some((index, id, number.name.clone()))
        })?;
    let (current, current_type) = path_to(types, page, &["meta", "page_number"])?;
    let (total, total_type) = path_to(types, page, &["meta", "total_pages"])?;
    if !is_integer(&current_type) || !is_integer(&total_type) {
        return None;
    }
    Some(Pagination::PageNumber {
        items: items.clone(),
        item: item.clone(),
        param,
        param_type,
        number_field,
        current,
        total,
    })
}

fn is_integer(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Option(inner) => is_integer(inner),
        TypeRef::I32 | TypeRef::I64 => true,
        _ => false,
    }
}

/// The struct behind a type, following aliases.
fn struct_of(types: &[TypeDef], mut id: TypeId) -> Option<&Struct> {
    for _ in 0..=types.len() {
        match &types.get(id.0)?.kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            _ => return None,
        }
    }
    None
}

/// The page's first list of named items.
fn single_list(types: &[TypeDef], page: &Struct) -> Option<(FieldPath, TypeRef)> {
    let mut lists = page.fields.iter().filter_map(|field| {
        let (inner, optional) = unwrap_option(&field.ty);
        match inner {
            TypeRef::Vec(item) if matches!(**item, TypeRef::Named(_)) => Some((
                FieldPath(vec![FieldStep {
                    field: field.name.clone(),
                    optional,
                }]),
                (**item).clone(),
            )),
            _ => None,
        }
    });
    // Several lists (SignalWire's media page has `media` and its older alias
    // `fax_media`): the first one the spec lists is the page's items.
    let _ = types;
    lists.next()
}

fn unwrap_option(ty: &TypeRef) -> (&TypeRef, bool) {
    match ty {
        TypeRef::Option(inner) => (inner, true),
        other => (other, false),
    }
}

/// The path to a field by wire names, through nested structs, and the
/// field's type without its `Option`.
fn path_to(types: &[TypeDef], start: &Struct, wire_names: &[&str]) -> Option<(FieldPath, TypeRef)> {
    let mut steps = Vec::new();
    let mut current = start;
    let mut last = TypeRef::Json;
    for (index, wire_name) in wire_names.iter().enumerate() {
        let field = current.fields.iter().find(|f| f.wire_name == *wire_name)?;
        let (inner, optional) = unwrap_option(&field.ty);
        steps.push(FieldStep {
            field: field.name.clone(),
            optional,
        });
        last = crate::ir::through_aliases(types, inner).clone();
        if index + 1 < wire_names.len() {
            let inner = match inner {
                TypeRef::Box(boxed) => boxed.as_ref(),
                other => other,
            };
            let TypeRef::Named(id) = inner else {
                return None;
            };
            current = struct_of(types, *id)?;
        }
    }
    Some((FieldPath(steps), last))
}
