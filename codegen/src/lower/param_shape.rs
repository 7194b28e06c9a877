//! What OpenAPI's parameter styles see of a parameter's type (a primitive, a
//! list or an object, and whether it nests), and which combinations of
//! style, `explode`, location and shape the specification leaves undefined.
//! The runtime encodes every combination the nearest defined way; lowering
//! warns about the undefined ones here, where the spec declares them.

use super::Lowerer;
use crate::ir::{ParamLocation, ParamStyle, TypeKind, TypeRef};

/// The shape of a parameter's value, as the styles see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A string, number, boolean or string enum.
    Primitive,
    /// A list; `nested` when its items are lists or objects.
    List { nested: bool },
    /// An object or map; `nested` when a property is a list or object.
    Object { nested: bool },
    /// Any JSON value, or a union: known only when sent.
    Unknown,
}

/// The shape of `ty`, seen through aliases, options and boxes.
pub(crate) fn shape_of(lowerer: &Lowerer<'_>, ty: &TypeRef) -> Shape {
    shape_at(lowerer, ty, 0)
}

fn shape_at(lowerer: &Lowerer<'_>, ty: &TypeRef, depth: usize) -> Shape {
    // An alias chain is finite, but a bound keeps a broken one from looping.
    if depth > 32 {
        return Shape::Unknown;
    }
    match ty {
        TypeRef::Option(inner) | TypeRef::Box(inner) => shape_at(lowerer, inner, depth + 1),
        TypeRef::Vec(item) => Shape::List {
            nested: is_composite(shape_at(lowerer, item, depth + 1)),
        },
        TypeRef::Map(value) => Shape::Object {
            nested: is_composite(shape_at(lowerer, value, depth + 1)),
        },
        TypeRef::Json => Shape::Unknown,
        TypeRef::Named(id) => match lowerer.type_kind(*id) {
            Some(TypeKind::Struct(s)) => Shape::Object {
                nested: s
                    .fields
                    .iter()
                    .any(|f| is_composite(shape_at(lowerer, &f.ty, depth + 1))),
            },
            Some(TypeKind::Enum(_)) => Shape::Primitive,
            Some(TypeKind::Alias(inner)) => shape_at(lowerer, inner, depth + 1),
            Some(TypeKind::Union(_)) | None => Shape::Unknown,
        },
        _ => Shape::Primitive,
    }
}

fn is_composite(shape: Shape) -> bool {
    matches!(shape, Shape::List { .. } | Shape::Object { .. })
}

/// Why encoding a parameter of this shape in this style is undefined by
/// OpenAPI, and how it is sent instead; `None` when it is defined.
pub(crate) fn undefined(
    style: ParamStyle,
    explode: bool,
    location: ParamLocation,
    shape: Shape,
) -> Option<String> {
    use ParamStyle::*;
    let nested = matches!(
        shape,
        Shape::List { nested: true } | Shape::Object { nested: true }
    );
    match (style, shape) {
        (Json, _) => None,
        (SpaceDelimited | PipeDelimited, Shape::Primitive) => Some(format!(
            "style `{}` is defined for lists and objects only; a single value is sent as \
             `name=value`",
            style_name(style)
        )),
        (SpaceDelimited | PipeDelimited, _) if explode => Some(format!(
            "style `{}` with `explode: true` is undefined; it is sent as an exploded `form` \
             parameter (`name=a&name=b`)",
            style_name(style)
        )),
        (DeepObject, Shape::Primitive | Shape::List { .. }) => Some(
            "style `deepObject` is defined for objects only; the value is sent as a `form` \
             parameter"
                .to_owned(),
        ),
        (DeepObject, _) if !explode => Some(
            "style `deepObject` with `explode: false` is undefined; it is sent exploded \
             (`name[key]=value`)"
                .to_owned(),
        ),
        // Nested objects in `deepObject` follow the common `name[a][b]=value` convention.
        (DeepObject, _) => None,
        _ if nested => Some(
            "a list or object inside a list or object has no encoding in this style; each \
             inner list or object is sent as its JSON text"
                .to_owned(),
        ),
        (Form, Shape::List { .. } | Shape::Object { .. })
            if explode && location == ParamLocation::Cookie =>
        {
            Some(
                "an exploded list or object in a cookie is undefined; each item is sent as a \
                 cookie of its own"
                    .to_owned(),
            )
        }
        _ => None,
    }
}

fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "simple",
        ParamStyle::Label => "label",
        ParamStyle::Matrix => "matrix",
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
        ParamStyle::Json => "content",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specifications_table_is_defined_and_its_gaps_are_not() {
        let list = Shape::List { nested: false };
        let object = Shape::Object { nested: false };
        let query = ParamLocation::Query;
        for style in [
            ParamStyle::Form,
            ParamStyle::Simple,
            ParamStyle::Label,
            ParamStyle::Matrix,
        ] {
            for explode in [false, true] {
                for shape in [Shape::Primitive, list, object] {
                    assert_eq!(undefined(style, explode, ParamLocation::Path, shape), None);
                }
            }
        }
        assert_eq!(
            undefined(ParamStyle::PipeDelimited, false, query, list),
            None
        );
        assert_eq!(
            undefined(ParamStyle::SpaceDelimited, false, query, object),
            None
        );
        assert_eq!(undefined(ParamStyle::DeepObject, true, query, object), None);
        assert_eq!(
            undefined(
                ParamStyle::DeepObject,
                true,
                query,
                Shape::Object { nested: true }
            ),
            None
        );
        for (style, explode, shape) in [
            (ParamStyle::PipeDelimited, false, Shape::Primitive),
            (ParamStyle::SpaceDelimited, true, list),
            (ParamStyle::DeepObject, true, list),
            (ParamStyle::DeepObject, false, object),
            (ParamStyle::Form, true, Shape::List { nested: true }),
        ] {
            assert!(
                undefined(style, explode, query, shape).is_some(),
                "{style:?}"
            );
        }
        assert!(undefined(ParamStyle::Form, true, ParamLocation::Cookie, list).is_some());
        assert_eq!(
            undefined(ParamStyle::Form, false, ParamLocation::Cookie, list),
            None
        );
    }
}
