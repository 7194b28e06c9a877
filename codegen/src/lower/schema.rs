//! Schemas to Rust types: objects, enums, unions, `allOf` merges, arrays, maps
//! and primitives, with inline schemas named from where they stand.

use super::names::{field_name, type_name, variant_name, NameSet};
use super::schema_ref::SchemaRef;
use super::Lowerer;
use crate::diag::Pointer;
use crate::ir::{
    Discriminator, Enum, EnumVariant, Field, Struct, TypeKind, TypeRef, Union, UnionVariant,
};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// Properties gathered from the parts of an `allOf`, with where each stands.
type MergedProperties<'a> = IndexMap<&'a str, (SchemaRef<'a>, Pointer)>;

/// The last `additionalProperties` met while merging an `allOf`, with where it stands.
type MergedAdditional<'a> = Option<(&'a AdditionalProperties, Pointer)>;

/// What a schema is, before any Rust type is decided.
enum Shape<'a> {
    Primitive(TypeRef),
    Enum(Vec<String>),
    Object {
        properties: &'a Properties,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    },
    Map(Option<&'a AdditionalProperties>),
    Array(Option<&'a ReferenceOr<Box<Schema>>>),
    Union {
        variants: &'a [ReferenceOr<Schema>],
        /// Object keywords written beside the `oneOf`/`anyOf`.
        base: Option<Base<'a>>,
    },
    AllOf {
        parts: &'a [ReferenceOr<Schema>],
        properties: &'a Properties,
        required: &'a [String],
    },
    Not,
}

/// `properties`/`required` (and `additionalProperties`) beside a
/// `oneOf`/`anyOf`: every alternative must match them too, as if each were
/// `allOf: [base, alternative]`.
#[derive(Clone, Copy)]
struct Base<'a> {
    properties: &'a Properties,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
}

/// The base of a union, its fields lowered once for every alternative.
struct LoweredBase<'a> {
    fields: Vec<FieldPart>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    pointer: Pointer,
}

/// A property lowered to its type, before the struct it goes in says
/// whether it is required (and so whether it is an `Option`).
struct FieldPart {
    wire_name: String,
    doc: Option<String>,
    deprecated: bool,
    ty: TypeRef,
    nullable: bool,
}

impl FieldPart {
    fn field(&self, required: bool, names: &mut NameSet) -> Field {
        let ty = if required && !self.nullable {
            self.ty.clone()
        } else {
            self.ty.clone().optional()
        };
        Field {
            name: names.unique_snake(field_name(&self.wire_name)),
            wire_name: self.wire_name.clone(),
            doc: self.doc.clone(),
            deprecated: self.deprecated,
            ty,
            required,
        }
    }
}

static NO_PROPERTIES: std::sync::OnceLock<Properties> = std::sync::OnceLock::new();

fn no_properties() -> &'static Properties {
    NO_PROPERTIES.get_or_init(IndexMap::new)
}

fn classify(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            if !values.is_empty() {
                return Shape::Enum(values);
            }
            match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                    Shape::Primitive(TypeRef::DateTime)
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => {
                    Shape::Primitive(TypeRef::Binary)
                }
                _ => Shape::Primitive(TypeRef::String),
            }
        }
        SchemaKind::Type(Type::Number(n)) => match n.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Shape::Primitive(TypeRef::F32),
            _ => Shape::Primitive(TypeRef::F64),
        },
        SchemaKind::Type(Type::Integer(i)) => match i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Shape::Primitive(TypeRef::I32),
            _ => Shape::Primitive(TypeRef::I64),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Primitive(TypeRef::Bool),
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
            Shape::Map(o.additional_properties.as_ref())
        }
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        },
        SchemaKind::OneOf { one_of: variants } | SchemaKind::AnyOf { any_of: variants } => {
            Shape::Union {
                variants,
                base: None,
            }
        }
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            properties: no_properties(),
            required: &[],
        },
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => {
            let base = (!any.properties.is_empty() || !any.required.is_empty()).then_some(Base {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            });
            if !any.one_of.is_empty() {
                return Shape::Union {
                    variants: &any.one_of,
                    base,
                };
            }
            if !any.any_of.is_empty() {
                return Shape::Union {
                    variants: &any.any_of,
                    base,
                };
            }
            if !any.all_of.is_empty() {
                return Shape::AllOf {
                    parts: &any.all_of,
                    properties: &any.properties,
                    required: &any.required,
                };
            }
            if !any.properties.is_empty() {
                return Shape::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                };
            }
            let strings: Option<Vec<String>> = any
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map(str::to_owned))
                .collect();
            match any.typ.as_deref() {
                _ if matches!(&strings, Some(values) if !values.is_empty()) => {
                    Shape::Enum(strings.unwrap_or_default())
                }
                Some("string") if any.format.as_deref() == Some("binary") => {
                    Shape::Primitive(TypeRef::Binary)
                }
                Some("string") if any.format.as_deref() == Some("date-time") => {
                    Shape::Primitive(TypeRef::DateTime)
                }
                Some("string") => Shape::Primitive(TypeRef::String),
                Some("integer") if any.format.as_deref() == Some("int32") => {
                    Shape::Primitive(TypeRef::I32)
                }
                Some("integer") => Shape::Primitive(TypeRef::I64),
                Some("number") if any.format.as_deref() == Some("float") => {
                    Shape::Primitive(TypeRef::F32)
                }
                Some("number") => Shape::Primitive(TypeRef::F64),
                Some("boolean") => Shape::Primitive(TypeRef::Bool),
                Some("array") => Shape::Array(any.items.as_ref()),
                Some("object") => Shape::Map(any.additional_properties.as_ref()),
                _ if any.items.is_some() => Shape::Array(any.items.as_ref()),
                _ if any.additional_properties.is_some() => {
                    Shape::Map(any.additional_properties.as_ref())
                }
                // `not` beside other keywords only narrows them; alone, it
                // is all a schema says.
                _ if any.not.is_some() => Shape::Not,
                _ => Shape::Primitive(TypeRef::Json),
            }
        }
    }
}

/// Whether a schema says `not` (alone or beside other keywords).
fn has_not(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Not { .. } => true,
        SchemaKind::Any(any) => any.not.is_some(),
        _ => false,
    }
}

/// How many lists and maps may nest inside one field's type. Each level is a
/// `Vec<…>` or `BTreeMap<String, …>` (and its serde adapter) that rustc's
/// trait solver must see through; well under its recursion limit of 128.
const MAX_WRAPPERS: usize = 32;

/// How deep inline schemas may nest inside one another, each a named type
/// held by the one around it (lists and maps between them count too):
/// rustc's drop check walks the whole chain and overflows well before 256.
const MAX_INLINE_DEPTH: usize = 96;

/// A lowered use of a schema: its type and whether the spec lets it be null.
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl<'a> Lowerer<'a> {
    /// The type kind of a schema that has a name of its own (a component, or a
    /// slot reserved for an inline schema), with its docs.
    pub(crate) fn definition(
        &mut self,
        schema: impl Into<SchemaRef<'a>>,
        name: &str,
        pointer: &Pointer,
    ) -> (TypeKind, Option<String>, bool) {
        match schema.into() {
            SchemaRef::Ref(reference) if super::deep_ref::split(reference).is_some() => (
                TypeKind::Alias(self.deep_type(reference, pointer).ty),
                None,
                false,
            ),
            SchemaRef::Ref(reference) => {
                if let Some(held) = self.content_ref(reference, pointer) {
                    let kind = TypeKind::Alias(self.referenced_type(&held, pointer).ty);
                    return (kind, self.notes_at(pointer, None), false);
                }
                let kind = match self.schema_ref(reference, pointer) {
                    Some(target) if self.ref_chain_is_cyclic(reference) => {
                        self.error(&pointer.join("$ref"), format!("`{reference}` is part of a cycle of references that never reaches a schema"));
                        TypeKind::Alias(TypeRef::Named(target))
                    }
                    Some(target) => TypeKind::Alias(TypeRef::Named(target)),
                    None => TypeKind::Alias(TypeRef::Json),
                };
                (kind, None, false)
            }
            SchemaRef::Item(schema) => {
                let deprecated = schema.schema_data.deprecated;
                self.drop_not(schema, pointer);
                let kind = match classify(schema) {
                    Shape::Enum(values) => TypeKind::Enum(self.enumeration(&values)),
                    Shape::Object {
                        properties,
                        required,
                        additional,
                    } => TypeKind::Struct(
                        self.structure(name, properties, required, additional, pointer),
                    ),
                    Shape::Union { variants, base } => {
                        self.union(schema, name, variants, base, pointer)
                    }
                    Shape::AllOf {
                        parts,
                        properties,
                        required,
                    } => self.all_of(name, parts, properties, required, pointer),
                    _ => TypeKind::Alias(self.type_of(SchemaRef::Item(schema), name, pointer).ty),
                };
                let doc = self.notes_at(pointer, schema.schema_data.description.clone());
                (kind, doc, deprecated)
            }
        }
    }

    /// `not` only validates ("anything but this"), and no Rust type says
    /// that: the keyword is dropped, with a warning. A schema that says only
    /// `not` reads as any JSON value.
    fn drop_not(&mut self, schema: &Schema, pointer: &Pointer) {
        if !has_not(schema) {
            return;
        }
        let alone = matches!(classify(schema), Shape::Not);
        let (message, note) = if alone {
            (
                "`not` is the whole schema: it only excludes values, which no Rust type can say, so it reads as any JSON value".to_owned(),
                "The spec describes this value only by what it must not be (`not`); it is read as any JSON value and not checked.".to_owned(),
            )
        } else {
            (
                "`not` dropped: it only excludes values, which no Rust type can say; the rest of the schema is generated".to_owned(),
                "The spec also says what this value must not be (`not`); that is not checked.".to_owned(),
            )
        };
        self.approximate(&pointer.join("not"), message, note);
    }

    fn ref_chain_is_cyclic(&self, reference: &str) -> bool {
        let Some(components) = self.spec.components.as_ref() else {
            return false;
        };
        let Ok(name) = super::local_ref(reference, "schemas") else {
            return false;
        };
        components
            .schemas
            .get(name.as_str())
            .is_some_and(|target| self.resolve_schema(target).is_none())
    }

    /// The type of a schema where it is used (a property, item, body). Inline
    /// schemas that need a named type get one, named by `hint` (where they stand).
    pub(crate) fn type_of(
        &mut self,
        schema: impl Into<SchemaRef<'a>>,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        let schema = match schema.into() {
            SchemaRef::Ref(reference) if super::deep_ref::split(reference).is_some() => {
                return self.deep_type(reference, pointer);
            }
            SchemaRef::Ref(reference) => {
                let held = self.content_ref(reference, pointer);
                return self.referenced_type(held.as_deref().unwrap_or(reference), pointer);
            }
            SchemaRef::Item(schema) => schema,
        };
        let nullable = schema.schema_data.nullable || union_accepts_null(schema);
        self.drop_not(schema, pointer);
        let ty = match classify(schema) {
            Shape::Primitive(ty) => ty,
            Shape::Not => TypeRef::Json,
            Shape::Array(_) | Shape::Map(_) if self.wrappers >= MAX_WRAPPERS => {
                self.approximate(
                    pointer,
                    format!("lists and maps nested more than {MAX_WRAPPERS} deep inside one type: from here on read as any JSON value (rustc's trait solver gives up on deeper types)"),
                    format!("The spec nests lists and maps more than {MAX_WRAPPERS} deep here; the innermost levels are read as JSON values."),
                );
                TypeRef::Json
            }
            Shape::Array(items) => match items {
                Some(items) => {
                    self.wrappers += 1;
                    let item = self.type_of(items, &format!("{hint}Item"), &pointer.join("items"));
                    self.wrappers -= 1;
                    TypeRef::Vec(Box::new(if item.nullable {
                        item.ty.optional()
                    } else {
                        item.ty
                    }))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            Shape::Map(additional) => {
                self.wrappers += 1;
                let value = self.map_value(additional, hint, pointer);
                self.wrappers -= 1;
                TypeRef::Map(Box::new(value))
            }
            Shape::AllOf {
                parts,
                properties,
                required,
            } if properties.is_empty() && required.is_empty() => {
                match self.single_meaningful_part(parts) {
                    Some(part) => {
                        let inner = self.type_of(part, hint, &part_pointer(pointer, parts, part));
                        let any_part_nullable = parts
                            .iter()
                            .any(|p| matches!(p, ReferenceOr::Item(s) if s.schema_data.nullable));
                        return Lowered {
                            ty: inner.ty,
                            nullable: nullable || inner.nullable || any_part_nullable,
                        };
                    }
                    None => self.named_inline(schema, hint, pointer),
                }
            }
            Shape::Union {
                variants,
                base: None,
            } if variants.len() == 1 => {
                let inner = self.type_of(
                    &variants[0],
                    hint,
                    &pointer.join(union_keyword(schema)).join("0"),
                );
                return Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                };
            }
            Shape::Enum(_) | Shape::Object { .. } | Shape::Union { .. } | Shape::AllOf { .. } => {
                self.named_inline(schema, hint, pointer)
            }
        };
        Lowered { ty, nullable }
    }

    /// [`Lowerer::type_of`] for a schema that several operations reach through
    /// one pointer (path-level parameters, component responses and bodies):
    /// lowered once, so its inline types are made once.
    pub(crate) fn type_at(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        hint: &str,
        pointer: &Pointer,
    ) -> Lowered {
        if let Some((ty, nullable)) = self.by_pointer.get(pointer.as_str()) {
            return Lowered {
                ty: ty.clone(),
                nullable: *nullable,
            };
        }
        let lowered = self.type_of(schema, hint, pointer);
        self.by_pointer
            .insert(pointer.to_string(), (lowered.ty.clone(), lowered.nullable));
        lowered
    }

    /// The type of a reference into a schema's insides, made once per pointer.
    /// The type a schema reference names: a component schema, or the
    /// schema deep inside a component (`#/components/schemas/Tag/allOf/0`, or
    /// the one a component response, request body or parameter holds).
    fn referenced_type(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        if super::deep_ref::split(reference).is_some() {
            return self.deep_type(reference, pointer);
        }
        match self.schema_ref(reference, pointer) {
            Some(id) => Lowered {
                ty: TypeRef::Named(id),
                nullable: self.component_nullable(id),
            },
            None => Lowered {
                ty: TypeRef::Json,
                nullable: false,
            },
        }
    }

    fn deep_type(&mut self, reference: &str, pointer: &Pointer) -> Lowered {
        match self.deep_refs.get(reference) {
            Some(Some((ty, nullable))) => {
                return Lowered {
                    ty: ty.clone(),
                    nullable: *nullable,
                }
            }
            Some(None) => {
                self.error(&pointer.join("$ref"), format!("unsupported reference `{reference}`: the part it points at refers to itself"));
                return Lowered {
                    ty: TypeRef::Json,
                    nullable: false,
                };
            }
            None => {}
        }
        let (schema, at) = match self.deep_schema(reference) {
            Ok(found) => found,
            Err(why) => {
                self.error(&pointer.join("$ref"), why);
                return Lowered {
                    ty: TypeRef::Json,
                    nullable: false,
                };
            }
        };
        self.deep_refs.insert(reference.to_owned(), None);
        let hint = deep_hint(reference);
        let lowered = self.type_of(SchemaRef::Item(schema), &hint, &at);
        self.deep_refs.insert(
            reference.to_owned(),
            Some((lowered.ty.clone(), lowered.nullable)),
        );
        lowered
    }

    fn named_inline(&mut self, schema: &'a Schema, hint: &str, pointer: &Pointer) -> TypeRef {
        // Named from where it stands, never from its `title`: a title is
        // documentation, and a vendor adding one must not rename a type. A
        // schema the normalize stage made says its name in an extension.
        let base = inline_name(schema, hint);
        if let Some(&id) = self.inline_in_progress.get(pointer.as_str()) {
            return TypeRef::Named(id);
        }
        if self.inline_depth >= MAX_INLINE_DEPTH {
            self.approximate(
                pointer,
                format!("inline schemas nested more than {MAX_INLINE_DEPTH} deep: from here on read as any JSON value (rustc's drop check gives up on deeper chains of types)"),
                format!("The spec nests inline schemas more than {MAX_INLINE_DEPTH} deep here; the innermost levels are read as JSON values."),
            );
            return TypeRef::Json;
        }
        let id = self.reserve_type(base, pointer);
        let name = self.type_name_of(id).to_owned();
        self.inline_in_progress.insert(pointer.to_string(), id);
        // A named type starts a new Rust type: its fields nest afresh, but
        // its place in the chain of types inside one another counts on.
        let wrappers = std::mem::take(&mut self.wrappers);
        self.inline_depth += 1 + wrappers;
        let (kind, doc, deprecated) = self.definition(SchemaRef::Item(schema), &name, pointer);
        self.inline_depth -= 1 + wrappers;
        self.wrappers = wrappers;
        self.inline_in_progress.remove(pointer.as_str());
        let doc = doc.or_else(|| Some(describe_origin(pointer)));
        self.fill_type(id, kind, doc, deprecated);
        TypeRef::Named(id)
    }

    /// `allOf: [X]` (often with a description beside it) is just `X`. So is
    /// `allOf: [$ref: SomeEnum, {type: string, nullable: true}]`: a plain
    /// primitive part only restates the type of a part that is not an object.
    fn single_meaningful_part(
        &self,
        parts: &'a [ReferenceOr<Schema>],
    ) -> Option<&'a ReferenceOr<Schema>> {
        let meaningful: Vec<&'a ReferenceOr<Schema>> = parts
            .iter()
            .filter(|part| !is_annotation_only(part))
            .collect();
        if let [only] = meaningful.as_slice() {
            return Some(only);
        }
        let specific: Vec<&'a ReferenceOr<Schema>> = meaningful
            .iter()
            .copied()
            .filter(|part| !is_plain_primitive(part))
            .collect();
        match specific.as_slice() {
            [only] if specific.len() < meaningful.len() => {
                let resolved = self.resolve_schema(only)?;
                matches!(classify(resolved), Shape::Enum(_) | Shape::Primitive(_)).then_some(*only)
            }
            _ => None,
        }
    }

    fn component_nullable(&self, id: crate::ir::TypeId) -> bool {
        let Some((_, schema)) = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get_index(id.0))
        else {
            return false;
        };
        self.resolve_schema(schema)
            .is_some_and(|s| s.schema_data.nullable || union_accepts_null(s))
    }

    fn map_value(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        hint: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.type_of(
                    schema.as_ref(),
                    &format!("{hint}Value"),
                    &pointer.join("additionalProperties"),
                );
                if value.nullable {
                    value.ty.optional()
                } else {
                    value.ty
                }
            }
            _ => TypeRef::Json,
        }
    }

    fn enumeration(&mut self, values: &[String]) -> Enum {
        let mut names = NameSet::default();
        let variants = values
            .iter()
            .map(|value| EnumVariant {
                name: names.unique_pascal(variant_name(value)),
                wire_value: value.clone(),
            })
            .collect();
        let fallback = fallback_name(&names);
        Enum { variants, fallback }
    }

    fn structure(
        &mut self,
        owner: &str,
        properties: &'a Properties,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &Pointer,
    ) -> Struct {
        let mut names = NameSet::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, property) in properties {
            fields.push(self.field(
                owner,
                wire_name,
                property.into(),
                required,
                &mut names,
                &pointer.join("properties").join(wire_name),
            ));
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(_)) => {
                Some(self.map_value(additional, owner, pointer))
            }
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Any(true)) | None => Some(TypeRef::Json),
        };
        let constructor = constructor_order(&fields, required);
        Struct {
            fields,
            additional,
            constructor,
        }
    }

    fn field(
        &mut self,
        owner: &str,
        wire_name: &str,
        property: SchemaRef<'a>,
        required: &[String],
        names: &mut NameSet,
        pointer: &Pointer,
    ) -> Field {
        let part = self.field_part(owner, wire_name, property, pointer);
        part.field(required.iter().any(|r| r == wire_name), names)
    }

    /// A property's type and docs, whether or not it is required.
    fn field_part(
        &mut self,
        owner: &str,
        wire_name: &str,
        property: SchemaRef<'a>,
        pointer: &Pointer,
    ) -> FieldPart {
        let (doc, deprecated) = match property {
            SchemaRef::Item(schema) => (
                schema.schema_data.description.clone(),
                schema.schema_data.deprecated,
            ),
            // A `$ref` property has no words of its own in OpenAPI 3.0; the
            // referenced schema's description is the best there is.
            SchemaRef::Ref(reference) => {
                let target = super::local_ref(reference, "schemas")
                    .ok()
                    .and_then(|name| self.spec.components.as_ref()?.schemas.get(name.as_str()));
                let description =
                    target.and_then(|t| self.resolve_schema(t)?.schema_data.description.clone());
                (description, false)
            }
        };
        let hint = format!("{owner}{}", type_name(wire_name));
        let lowered = self.type_of(property, &hint, pointer);
        let doc = self.notes_at(pointer, doc);
        FieldPart {
            wire_name: wire_name.to_owned(),
            doc,
            deprecated,
            ty: lowered.ty,
            nullable: lowered.nullable,
        }
    }

    fn union(
        &mut self,
        schema: &'a Schema,
        owner: &str,
        variants: &'a [ReferenceOr<Schema>],
        base: Option<Base<'a>>,
        pointer: &Pointer,
    ) -> TypeKind {
        let keyword = union_keyword(schema);
        if let Some(base) = base {
            if variants.iter().all(requires_only) {
                // `anyOf: [{required: [a]}, {required: [b]}]` beside the
                // properties only says which of them must be there.
                return TypeKind::Struct(self.structure(
                    owner,
                    base.properties,
                    base.required,
                    base.additional,
                    pointer,
                ));
            }
        }
        // Which alternatives take the base's fields; the base is lowered
        // only when one does, so no type is made for nothing.
        let merged: Vec<bool> = match base {
            Some(_) => variants
                .iter()
                .enumerate()
                .map(|(index, variant)| {
                    self.mergeable(
                        variant,
                        keyword,
                        &pointer.join(keyword).join(index.to_string()),
                    )
                })
                .collect(),
            None => vec![false; variants.len()],
        };
        let base = base
            .filter(|_| merged.contains(&true))
            .map(|base| self.lower_base(owner, base, pointer));
        if variants.len() == 1 {
            let at = pointer.join(keyword).join("0");
            if let Some(base) = &base {
                return TypeKind::Struct(self.merged_alternative(owner, &variants[0], base, &at));
            }
            let inner = self.type_of(&variants[0], owner, &at);
            return TypeKind::Alias(inner.ty);
        }
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut names = NameSet::default();
        let mut lowered = Vec::with_capacity(variants.len());
        for (index, variant) in variants.iter().enumerate() {
            let hint = format!("{owner}Variant{}", index + 1);
            let at = pointer.join(keyword).join(index.to_string());
            let ty = match &base {
                Some(base) if merged[index] => {
                    self.named_alternative(owner, &hint, variant, base, &at)
                }
                _ => self.type_of(variant, &hint, &at).ty,
            };
            let tag = match (discriminator, variant) {
                (Some(d), ReferenceOr::Reference { reference }) => Some(
                    d.mapping
                        .iter()
                        .find(|(_, target)| *target == reference)
                        .map(|(value, _)| value.clone())
                        .unwrap_or_else(|| {
                            reference.rsplit('/').next().unwrap_or(reference).to_owned()
                        }),
                ),
                _ => None,
            };
            lowered.push((ty, tag));
        }
        let tagged = discriminator.is_some() && lowered.iter().all(|(_, tag)| tag.is_some());
        let variants = lowered
            .into_iter()
            .map(|(ty, tag)| {
                let base = match (&tag, &ty) {
                    (Some(tag), _) if tagged => variant_name(tag),
                    (_, TypeRef::Named(id)) => self.type_name_of(*id).to_owned(),
                    (_, other) => primitive_variant_name(other).to_owned(),
                };
                let ty = match ty {
                    TypeRef::Named(_) => TypeRef::Box(Box::new(ty)),
                    other => other,
                };
                UnionVariant {
                    name: names.unique_pascal(base),
                    ty,
                    tag: if tagged { tag } else { None },
                }
            })
            .collect();
        let discriminator = match discriminator {
            Some(d) if tagged => Some(Discriminator {
                property: d.property_name.clone(),
                fallback: fallback_name(&names),
            }),
            _ => None,
        };
        TypeKind::Union(Union {
            variants,
            discriminator,
        })
    }

    /// The fields of a union's base, lowered once for all its alternatives.
    fn lower_base(&mut self, owner: &str, base: Base<'a>, pointer: &Pointer) -> LoweredBase<'a> {
        let fields = base
            .properties
            .iter()
            .map(|(wire_name, property)| {
                self.field_part(
                    owner,
                    wire_name,
                    property.into(),
                    &pointer.join("properties").join(wire_name),
                )
            })
            .collect();
        LoweredBase {
            fields,
            required: base.required,
            additional: base.additional,
            pointer: pointer.clone(),
        }
    }

    /// Whether an alternative of a union with a base can take the base's
    /// fields: it is (or may be) an object. The base says nothing about a
    /// string or a list, so those alternatives stay as they are; one that is
    /// itself a union is not merged, with a warning.
    fn mergeable(&mut self, variant: &'a ReferenceOr<Schema>, keyword: &str, at: &Pointer) -> bool {
        if let ReferenceOr::Reference { reference } = variant {
            if super::local_ref(reference, "schemas").is_err() {
                // Deep and content references: typed as they are.
                return false;
            }
        }
        let Some(schema) = self.resolve_schema(variant) else {
            return false;
        };
        match classify(schema) {
            Shape::Object { .. }
            | Shape::AllOf { .. }
            | Shape::Map(_)
            | Shape::Primitive(TypeRef::Json)
            | Shape::Not => true,
            Shape::Union { .. } => {
                self.approximate(
                    at,
                    format!("this `{keyword}` alternative is itself a `oneOf`/`anyOf`: the properties written beside the `{keyword}` are not typed in it (an object keeps them in `additional_properties`)"),
                    format!("The spec also gives this value the properties beside the `{keyword}`; this alternative does not type them."),
                );
                false
            }
            Shape::Primitive(_) | Shape::Enum(_) | Shape::Array(_) => false,
        }
    }

    /// An alternative merged with the union's base, as a named struct.
    fn named_alternative(
        &mut self,
        owner: &str,
        hint: &str,
        variant: &'a ReferenceOr<Schema>,
        base: &LoweredBase<'a>,
        at: &Pointer,
    ) -> TypeRef {
        let (name, description) = match variant {
            ReferenceOr::Reference { reference } => {
                let target = reference.rsplit('/').next().unwrap_or(reference);
                let target = crate::diag::unescape_segment(
                    &percent_encoding::percent_decode_str(target).decode_utf8_lossy(),
                );
                let description = self
                    .resolve_schema(variant)
                    .and_then(|s| s.schema_data.description.clone());
                (format!("{owner}{}", type_name(&target)), description)
            }
            ReferenceOr::Item(schema) => (
                inline_name(schema, hint),
                schema.schema_data.description.clone(),
            ),
        };
        let id = self.reserve_type(name, at);
        let name = self.type_name_of(id).to_owned();
        let wrappers = std::mem::take(&mut self.wrappers);
        self.inline_depth += 1 + wrappers;
        let structure = self.merged_alternative(&name, variant, base, at);
        self.inline_depth -= 1 + wrappers;
        self.wrappers = wrappers;
        let doc = self
            .notes_at(at, description)
            .or_else(|| Some(describe_origin(at)));
        self.fill_type(id, TypeKind::Struct(structure), doc, false);
        TypeRef::Named(id)
    }

    /// The struct of one alternative with the base's fields: the base's
    /// properties first, in order (an alternative's own definition of one
    /// of them takes its place), then the alternative's; required where
    /// either says so.
    fn merged_alternative(
        &mut self,
        owner: &str,
        variant: &'a ReferenceOr<Schema>,
        base: &LoweredBase<'a>,
        at: &Pointer,
    ) -> Struct {
        let mut properties: MergedProperties<'a> = IndexMap::new();
        let mut required: Vec<String> = base.required.to_vec();
        let mut additional: MergedAdditional<'a> =
            base.additional.map(|a| (a, base.pointer.clone()));
        if let Err(message) = self.collect_properties(
            variant,
            at,
            &mut properties,
            &mut required,
            &mut additional,
            0,
        ) {
            self.error(at, message);
        }
        let mut names = NameSet::default();
        let mut fields = Vec::with_capacity(base.fields.len() + properties.len());
        for part in &base.fields {
            match properties.shift_remove(part.wire_name.as_str()) {
                Some((property, property_pointer)) => fields.push(self.field(
                    owner,
                    &part.wire_name,
                    property,
                    &required,
                    &mut names,
                    &property_pointer,
                )),
                None => {
                    let is_required = required.contains(&part.wire_name);
                    fields.push(part.field(is_required, &mut names));
                }
            }
        }
        self.finish_struct(owner, fields, properties, &required, names, additional)
    }

    /// The fields merged so far, then the remaining `properties` as fields,
    /// the map of the properties they do not name, and the constructor.
    fn finish_struct(
        &mut self,
        owner: &str,
        mut fields: Vec<Field>,
        properties: MergedProperties<'a>,
        required: &[String],
        mut names: NameSet,
        additional: MergedAdditional<'a>,
    ) -> Struct {
        for (wire_name, (property, property_pointer)) in properties {
            fields.push(self.field(
                owner,
                wire_name,
                property,
                required,
                &mut names,
                &property_pointer,
            ));
        }
        let additional = match additional {
            Some((additional @ AdditionalProperties::Schema(_), p)) => {
                Some(self.map_value(Some(additional), owner, &p))
            }
            Some((AdditionalProperties::Any(false), _)) => None,
            Some((AdditionalProperties::Any(true), _)) | None => Some(TypeRef::Json),
        };
        let constructor = constructor_order(&fields, required);
        Struct {
            fields,
            additional,
            constructor,
        }
    }

    fn all_of(
        &mut self,
        owner: &str,
        parts: &'a [ReferenceOr<Schema>],
        own_properties: &'a Properties,
        own_required: &'a [String],
        pointer: &Pointer,
    ) -> TypeKind {
        if own_properties.is_empty() && own_required.is_empty() {
            if let Some(part) = self.single_meaningful_part(parts) {
                return TypeKind::Alias(
                    self.type_of(part, owner, &part_pointer(pointer, parts, part))
                        .ty,
                );
            }
        }
        let mut properties: MergedProperties<'a> = IndexMap::new();
        let mut required: Vec<String> = own_required.to_vec();
        let mut additional = None;
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = pointer.join("allOf").join(index.to_string());
            if let Err(message) = self.collect_properties(
                part,
                &part_pointer,
                &mut properties,
                &mut required,
                &mut additional,
                0,
            ) {
                self.error(&part_pointer, message);
            }
        }
        for (name, property) in own_properties {
            properties.insert(
                name,
                (property.into(), pointer.join("properties").join(name)),
            );
        }
        let names = NameSet::default();
        let fields = Vec::with_capacity(properties.len());
        TypeKind::Struct(
            self.finish_struct(owner, fields, properties, &required, names, additional),
        )
    }

    /// Gathers the properties an `allOf` part contributes, following references
    /// and nested `allOf`s. Parts that only annotate (a description, `type: object`) add nothing.
    fn collect_properties(
        &mut self,
        part: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
        properties: &mut MergedProperties<'a>,
        required: &mut Vec<String>,
        additional: &mut MergedAdditional<'a>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 64 {
            return Err("`allOf` nests too deeply (a reference cycle through allOf?)".into());
        }
        let (schema, base) = match part {
            ReferenceOr::Reference { reference } if super::deep_ref::split(reference).is_some() => {
                self.deep_schema(reference)?
            }
            ReferenceOr::Reference { reference } => match self.content_ref(reference, pointer) {
                Some(held) if super::deep_ref::split(&held).is_some() => self.deep_schema(&held)?,
                Some(held) => {
                    let name = super::local_ref(&held, "schemas")?;
                    let target = self
                        .spec
                        .components
                        .as_ref()
                        .and_then(|c| c.schemas.get(name.as_str()))
                        .and_then(|target| self.resolve_schema(target))
                        .ok_or_else(|| {
                            format!("dangling reference `{held}` (held by `{reference}`)")
                        })?;
                    (
                        target,
                        Pointer::root()
                            .join("components")
                            .join("schemas")
                            .join(&name),
                    )
                }
                None => {
                    if self.schema_ref(reference, pointer).is_none() {
                        return Ok(());
                    }
                    let name = super::local_ref(reference, "schemas").unwrap_or_default();
                    let base = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(&name);
                    match self.resolve_schema(part) {
                        Some(schema) => (schema, base),
                        None => {
                            return Err(format!("`{reference}` is part of a cycle of references"))
                        }
                    }
                }
            },
            ReferenceOr::Item(schema) => (schema, pointer.clone()),
        };
        match classify(schema) {
            Shape::Object {
                properties: props,
                required: req,
                additional: extra,
            } => {
                for (name, property) in props {
                    properties.insert(name, (property.into(), base.join("properties").join(name)));
                }
                required.extend(req.iter().cloned());
                if let Some(extra) = extra {
                    *additional = Some((extra, base));
                }
                Ok(())
            }
            Shape::AllOf {
                parts,
                properties: props,
                required: req,
            } => {
                for (index, inner) in parts.iter().enumerate() {
                    self.collect_properties(
                        inner,
                        &base.join("allOf").join(index.to_string()),
                        properties,
                        required,
                        additional,
                        depth + 1,
                    )?;
                }
                for (name, property) in props {
                    properties.insert(name, (property.into(), base.join("properties").join(name)));
                }
                required.extend(req.iter().cloned());
                Ok(())
            }
            Shape::Map(_) | Shape::Primitive(TypeRef::Json) | Shape::Not => {
                // A part that only adds `required` (or constraints, or a
                // `not`) still says which properties must be there.
                if let SchemaKind::Any(any) = &schema.schema_kind {
                    required.extend(any.required.iter().cloned());
                }
                self.drop_not(schema, &base);
                Ok(())
            }
            Shape::Union { .. } => {
                self.approximate(
                    pointer,
                    "this `allOf` part is a `oneOf`/`anyOf`: the fields of its alternatives are not merged into the struct (an object keeps them in `additional_properties`)".into(),
                    "The spec also merges in one of several shapes (`oneOf`/`anyOf`); their fields are not typed here.".into(),
                );
                Ok(())
            }
            Shape::Primitive(_) | Shape::Enum(_) | Shape::Array(_) => {
                self.approximate(
                    pointer,
                    "this `allOf` part is not an object, so no value can match it and the object parts; it is left out of the struct".into(),
                    "The spec also merges in a schema that is not an object; it is left out.".into(),
                );
                Ok(())
            }
        }
    }
}

/// The name of an inline schema: the one the normalize stage gave it in its
/// extension, else one made from where it stands (`hint`).
fn inline_name(schema: &Schema, hint: &str) -> String {
    schema
        .schema_data
        .extensions
        .get(super::TYPE_NAME_EXTENSION)
        .and_then(|v| v.as_str())
        .map(type_name)
        .unwrap_or_else(|| type_name(hint))
}

/// Whether a `oneOf`/`anyOf` has an alternative written in place that
/// allows `null` (`nullable: true`): then the union does too, and its
/// places read as `Option`.
fn union_accepts_null(schema: &Schema) -> bool {
    let variants = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        _ => return false,
    };
    variants
        .iter()
        .any(|v| matches!(v, ReferenceOr::Item(s) if s.schema_data.nullable))
}

/// Whether an `allOf` part only annotates (description, nullable, …) without adding structure.
fn is_annotation_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.is_none()
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.additional_properties.is_none()
                    && any.enumeration.is_empty()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
            }
            _ => false,
        },
    }
}

/// Where one part of an `allOf` stands.
fn part_pointer(
    pointer: &Pointer,
    parts: &[ReferenceOr<Schema>],
    part: &ReferenceOr<Schema>,
) -> Pointer {
    let index = parts
        .iter()
        .position(|p| std::ptr::eq(p, part))
        .unwrap_or_default();
    pointer.join("allOf").join(index.to_string())
}

/// A part such as `{type: string, nullable: true}`: a primitive type with no
/// enum, which narrows nothing another primitive or enum part does not.
fn is_plain_primitive(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.is_empty(),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.is_empty(),
            SchemaKind::Type(Type::Number(n)) => n.enumeration.is_empty(),
            SchemaKind::Type(Type::Boolean(b)) => b.enumeration.is_empty(),
            _ => false,
        },
    }
}

/// Whether an alternative only lists required properties (`{required: [a]}`),
/// saying which of the properties beside its union must be there.
fn requires_only(variant: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = variant else {
        return false;
    };
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            !any.required.is_empty()
                && any.properties.is_empty()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
                && any.items.is_none()
                && any.additional_properties.is_none()
                && any.enumeration.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object"))
        }
        SchemaKind::Type(Type::Object(o)) => {
            !o.required.is_empty() && o.properties.is_empty() && o.additional_properties.is_none()
        }
        _ => false,
    }
}

fn union_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Any(any) if any.one_of.is_empty() && !any.any_of.is_empty() => "anyOf",
        _ => "oneOf",
    }
}

fn primitive_variant_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::DateTime => "DateTime",
        TypeRef::Binary => "File",
        TypeRef::Vec(_) => "List",
        TypeRef::Map(_) => "Map",
        _ => "Value",
    }
}

/// The variant that keeps unknown values: `Unknown`, unless the spec already uses that name.
fn fallback_name(taken: &NameSet) -> String {
    ["Unknown", "UnknownValue", "Unrecognized", "Other"]
        .into_iter()
        .find(|name| !taken.contains(name))
        .map(str::to_owned)
        .unwrap_or_else(|| "UnknownFallback".to_owned())
}

/// Words for where an inline schema without a description stands, from its pointer.
fn describe_origin(pointer: &Pointer) -> String {
    let segments: Vec<String> = pointer
        .as_str()
        .split('/')
        .skip(1)
        .map(crate::diag::unescape_segment)
        .collect();
    let operation = |at: usize| -> Option<String> {
        let path = segments.get(at.checked_sub(2)?)?;
        let method = segments.get(at.checked_sub(1)?)?;
        (segments.first().map(String::as_str) == Some("paths"))
            .then(|| format!("`{} {path}`", method.to_ascii_uppercase()))
    };
    let last = segments.len().saturating_sub(1);
    let find = |word: &str| segments.iter().rposition(|s| s == word);
    match segments.get(last).map(String::as_str) {
        Some(property) if last >= 1 && segments[last - 1] == "properties" => {
            format!("The value of the `{property}` property.")
        }
        Some("items") => "One item of the list.".to_owned(),
        Some("additionalProperties") => "One value of the map.".to_owned(),
        Some(index)
            if last >= 1 && matches!(segments[last - 1].as_str(), "oneOf" | "anyOf" | "allOf") =>
        {
            format!(
                "Alternative {} of `{}`.",
                index.parse::<usize>().map_or(0, |i| i + 1),
                segments[last - 1]
            )
        }
        _ => {
            if let Some(at) = find("responses") {
                let status = segments.get(at + 1).cloned().unwrap_or_default();
                match operation(at) {
                    Some(op) => format!("The body of a `{status}` response to {op}."),
                    None => format!("The body of the `{status}` response."),
                }
            } else if let Some(at) = find("requestBody") {
                match operation(at) {
                    Some(op) => format!("The request body of {op}."),
                    None => "A request body.".to_owned(),
                }
            } else if let Some(at) = find("parameters") {
                match operation(at) {
                    Some(op) => format!("The value of a parameter of {op}."),
                    None => "The value of a parameter.".to_owned(),
                }
            } else {
                format!("The schema at `{pointer}`.")
            }
        }
    }
}

/// The fields a constructor takes (required and not nullable), in the order of
/// the spec's `required` list: stable when a vendor reorders `properties`.
fn constructor_order(fields: &[Field], required: &[String]) -> Vec<usize> {
    let must_give = |f: &Field| !matches!(f.ty, TypeRef::Option(_));
    let mut order: Vec<usize> = Vec::new();
    for wire_name in required {
        if let Some(index) = fields
            .iter()
            .position(|f| &f.wire_name == wire_name && must_give(f))
        {
            if !order.contains(&index) {
                order.push(index);
            }
        }
    }
    order
}

/// The name of a type made for a deep reference: from the path into a
/// component schema (`Tag_allOf_0`), or from the component that holds the
/// schema (`#/components/responses/Problem/content/…/schema` → `ProblemResponse`).
fn deep_hint(reference: &str) -> String {
    let rest = reference.trim_start_matches("#/components/");
    let mut segments = rest.split('/');
    let kind = segments.next().unwrap_or_default();
    let name = segments.next().unwrap_or_default();
    let inside: Vec<&str> = segments.collect();
    let held = |suffix: &str| format!("{name}{suffix}");
    match (kind, inside.as_slice()) {
        ("responses", ["content", _, "schema"]) => held("Response"),
        ("requestBodies", ["content", _, "schema"]) => held("Request"),
        ("parameters", ["schema"]) => held("Parameter"),
        _ => rest.trim_start_matches("schemas/").replace('/', "_"),
    }
}
