//! References into the insides of a component schema, such as
//! `#/components/schemas/Tag/allOf/0`: legal JSON pointers that some vendors
//! use to share part of a schema. The part is found by walking the schema.

use super::schema_ref::SchemaRef;
use super::{local_ref, Lowerer};
use crate::diag::{unescape_segment, Pointer};
use crate::ir::BodyEncoding;
use openapiv3::{
    AdditionalProperties, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};

/// Where a deep reference starts: a component schema, or the schema of a
/// component parameter, response or request body.
pub(crate) struct DeepRef {
    kind: String,
    name: String,
    inside: Vec<String>,
}

/// The parts of a reference that goes deeper than `#/components/schemas/NAME`
/// (such as `#/components/schemas/Tag/allOf/0` or
/// `#/components/parameters/limit/schema`); `None` for plain schema references
/// and for anything that is not a local reference into `components`.
pub(crate) fn split(reference: &str) -> Option<DeepRef> {
    let rest = reference.strip_prefix("#/components/")?;
    let mut segments = rest
        .split('/')
        .map(|s| unescape_segment(&percent_encoding::percent_decode_str(s).decode_utf8_lossy()));
    let kind = segments.next()?;
    let name = segments.next()?;
    let inside: Vec<String> = segments.collect();
    let known = matches!(
        kind.as_str(),
        "schemas" | "parameters" | "responses" | "requestBodies"
    );
    (known && !inside.is_empty()).then_some(DeepRef { kind, name, inside })
}

impl<'a> Lowerer<'a> {
    /// A schema `$ref` to a whole component response, request body or
    /// parameter (`#/components/responses/NotFound`) names something that is
    /// not a schema, but holds one: the deep reference to that schema (its
    /// JSON content's, or the parameter's), with a warning. `None` for any
    /// other reference, and when the component holds no schema to read.
    pub(crate) fn content_ref(&mut self, reference: &str, pointer: &Pointer) -> Option<String> {
        let rest = reference.strip_prefix("#/components/")?;
        let (kind, name) = rest.split_once('/')?;
        if name.contains('/') {
            return None;
        }
        let components = self.spec.components.as_ref()?;
        let decoded =
            unescape_segment(&percent_encoding::percent_decode_str(name).decode_utf8_lossy());
        let (inside, what, held) = match kind {
            "parameters" => match components.parameters.get(decoded.as_str())? {
                ReferenceOr::Item(p) => match &p.parameter_data_ref().format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        ("schema".to_owned(), "parameter", schema)
                    }
                    ParameterSchemaOrContent::Content(_) => return None,
                },
                ReferenceOr::Reference { .. } => return None,
            },
            "responses" | "requestBodies" => {
                let content = match kind {
                    "responses" => match components.responses.get(decoded.as_str())? {
                        ReferenceOr::Item(response) => &response.content,
                        ReferenceOr::Reference { .. } => return None,
                    },
                    _ => match components.request_bodies.get(decoded.as_str())? {
                        ReferenceOr::Item(body) => &body.content,
                        ReferenceOr::Reference { .. } => return None,
                    },
                };
                let with_schema: Vec<&String> = content
                    .iter()
                    .filter(|(_, media)| media.schema.is_some())
                    .map(|(media, _)| media)
                    .collect();
                let is_json = |media: &&&String| {
                    matches!(
                        super::operations::encoding_of(media).0,
                        BodyEncoding::Json(_)
                    )
                };
                let json = with_schema
                    .iter()
                    .find(|m| m.as_str() == "application/json")
                    .or_else(|| with_schema.iter().find(is_json))
                    .or_else(|| (with_schema.len() == 1).then(|| &with_schema[0]))?;
                let held = content.get(json.as_str())?.schema.as_ref()?;
                let media = json.replace('~', "~0").replace('/', "~1");
                let what = if kind == "responses" {
                    "response"
                } else {
                    "request body"
                };
                (format!("content/{media}/schema"), what, held)
            }
            _ => return None,
        };
        // A component that holds a reference to a schema is that schema.
        let deep = match held {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(_) => format!("{reference}/{inside}"),
        };
        self.approximate(
            &pointer.join("$ref"),
            format!("`{reference}` is a {what}, not a schema: read as the schema it holds (`{deep}`)"),
            format!("The spec refers to a {what} (`{reference}`) where a schema belongs; this is the schema that {what} holds."),
        );
        Some(deep)
    }

    /// The schema a deep reference points at, and where it stands.
    pub(crate) fn deep_schema(&self, reference: &str) -> Result<(&'a Schema, Pointer), String> {
        let dangling =
            || format!("dangling reference `{reference}`: nothing stands at that pointer");
        let DeepRef { kind, name, inside } = split(reference).ok_or_else(dangling)?;
        let components = self.spec.components.as_ref().ok_or_else(dangling)?;
        let mut at = Pointer::root().join("components").join(&kind).join(&name);
        let mut segments = inside.iter();
        let start: &'a ReferenceOr<Schema> = match kind.as_str() {
            "schemas" => components.schemas.get(name.as_str()).ok_or_else(dangling)?,
            "parameters" => {
                let Some(ReferenceOr::Item(parameter)) = components.parameters.get(name.as_str())
                else {
                    return Err(dangling());
                };
                if segments.next().map(String::as_str) != Some("schema") {
                    return Err(dangling());
                }
                at = at.join("schema");
                match &parameter.parameter_data_ref().format {
                    ParameterSchemaOrContent::Schema(schema) => schema,
                    ParameterSchemaOrContent::Content(_) => return Err(dangling()),
                }
            }
            "responses" | "requestBodies" => {
                let content = match kind.as_str() {
                    "responses" => match components.responses.get(name.as_str()) {
                        Some(ReferenceOr::Item(response)) => &response.content,
                        _ => return Err(dangling()),
                    },
                    _ => match components.request_bodies.get(name.as_str()) {
                        Some(ReferenceOr::Item(body)) => &body.content,
                        _ => return Err(dangling()),
                    },
                };
                let (Some("content"), Some(media), Some("schema")) = (
                    segments.next().map(String::as_str),
                    segments.next(),
                    segments.next().map(String::as_str),
                ) else {
                    return Err(dangling());
                };
                at = at.join("content").join(media).join("schema");
                content
                    .get(media)
                    .and_then(|m| m.schema.as_ref())
                    .ok_or_else(dangling)?
            }
            _ => return Err(dangling()),
        };
        let mut schema = match start {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { .. } => self.resolve_schema(start).ok_or_else(dangling)?,
        };
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
                ("items", SchemaKind::Type(Type::Array(a))) => {
                    a.items.as_ref().ok_or_else(dangling)?.into()
                }
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
                    let index: usize = segments
                        .next()
                        .and_then(|i| i.parse().ok())
                        .ok_or_else(dangling)?;
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
                    at = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name);
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
