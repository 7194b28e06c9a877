//! References into the insides of a component schema, such as
//! `#/components/schemas/Tag/allOf/0`: legal JSON pointers that some vendors
//! use to share part of a schema. The part is found by walking the schema.

use super::schema::SchemaRef;
use super::{local_ref, Lowerer};
use crate::diag::{unescape_segment, Pointer};
use openapiv3::{AdditionalProperties, Schema, SchemaKind, Type};

const PREFIX: &str = "#/components/schemas/";

/// The component name and the path inside it, for a reference that goes
/// deeper than a component; `None` for plain component references.
pub(crate) fn split(reference: &str) -> Option<(String, Vec<String>)> {
    let rest = reference.strip_prefix(PREFIX)?;
    let mut segments = rest.split('/').map(|s| {
        unescape_segment(&percent_encoding::percent_decode_str(s).decode_utf8_lossy())
    });
    let name = segments.next()?;
    let inside: Vec<String> = segments.collect();
    (!inside.is_empty()).then_some((name, inside))
}

impl<'a> Lowerer<'a> {
    /// The schema a deep reference points at, and where it stands.
    pub(crate) fn deep_schema(&self, reference: &str) -> Result<(&'a Schema, Pointer), String> {
        let dangling = || format!("dangling reference `{reference}`: nothing stands at that pointer");
        let (name, inside) = split(reference).ok_or_else(dangling)?;
        let component = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name.as_str()))
            .ok_or_else(dangling)?;
        let mut schema = self.resolve_schema(component).ok_or_else(dangling)?;
        let mut at = Pointer::root().join("components").join("schemas").join(&name);
        let mut segments = inside.iter();
        while let Some(segment) = segments.next() {
            at = at.join(segment);
            let next: SchemaRef<'a> = match (segment.as_str(), &schema.schema_kind) {
                ("properties", kind) => {
                    let key = segments.next().ok_or_else(dangling)?;
                    at = at.join(key);
                    let properties = match kind {
                        SchemaKind::Type(Type::Object(o)) => &o.properties,
                        SchemaKind::Any(any) => &any.properties,
                        _ => return Err(dangling()),
                    };
                    properties.get(key).ok_or_else(dangling)?.into()
                }
                ("items", SchemaKind::Type(Type::Array(a))) => a.items.as_ref().ok_or_else(dangling)?.into(),
                ("items", SchemaKind::Any(any)) => any.items.as_ref().ok_or_else(dangling)?.into(),
                ("additionalProperties", kind) => {
                    let additional = match kind {
                        SchemaKind::Type(Type::Object(o)) => o.additional_properties.as_ref(),
                        SchemaKind::Any(any) => any.additional_properties.as_ref(),
                        _ => None,
                    };
                    match additional {
                        Some(AdditionalProperties::Schema(schema)) => schema.as_ref().into(),
                        _ => return Err(dangling()),
                    }
                }
                (keyword @ ("allOf" | "oneOf" | "anyOf"), kind) => {
                    let index: usize = segments.next().and_then(|i| i.parse().ok()).ok_or_else(dangling)?;
                    at = at.join(index.to_string());
                    let list = match (keyword, kind) {
                        ("allOf", SchemaKind::AllOf { all_of }) => all_of,
                        ("oneOf", SchemaKind::OneOf { one_of }) => one_of,
                        ("anyOf", SchemaKind::AnyOf { any_of }) => any_of,
                        ("allOf", SchemaKind::Any(any)) => &any.all_of,
                        ("oneOf", SchemaKind::Any(any)) => &any.one_of,
                        ("anyOf", SchemaKind::Any(any)) => &any.any_of,
                        _ => return Err(dangling()),
                    };
                    list.get(index).ok_or_else(dangling)?.into()
                }
                _ => return Err(dangling()),
            };
            schema = match next {
                SchemaRef::Item(item) => item,
                SchemaRef::Ref(inner) => {
                    let name = local_ref(inner, "schemas").map_err(|_| {
                        format!("unsupported reference `{reference}`: it leads through `{inner}`, another reference into a schema's insides")
                    })?;
                    at = Pointer::root().join("components").join("schemas").join(&name);
                    let target = self
                        .spec
                        .components
                        .as_ref()
                        .and_then(|c| c.schemas.get(name.as_str()))
                        .ok_or_else(dangling)?;
                    self.resolve_schema(target).ok_or_else(dangling)?
                }
            };
        }
        Ok((schema, at))
    }
}
