//! The closed intermediate representation between `lower` and `emit`.
//!
//! It holds no `openapiv3` value: every Rust-facing decision (names, types,
//! optionality, boxing) is already made here, so `emit` only spells it out.

/// One API, ready to be emitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec's `info.title`.
    pub title: String,
    /// The spec's `info.version`.
    pub version: String,
    /// The spec's `info.description`.
    pub doc: Option<String>,
    /// Every named type, in spec order (components first, then inline schemas as met).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
}

/// Index of a type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// PascalCase Rust name, unique in the API.
    pub name: String,
    /// JSON pointer of the schema it was made from.
    pub origin: String,
    /// Doc text from the spec (markdown), if any.
    pub doc: Option<String>,
    /// Whether the spec marks the schema deprecated.
    pub deprecated: bool,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string enum with a fallback variant that keeps unknown values.
    Enum(Enum),
    /// `oneOf`/`anyOf`.
    Union(Union),
    /// A schema that is another type under a new name (`$ref` chains, wrappers).
    Alias(TypeRef),
}

/// An object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// The value type of `additionalProperties`, when the object allows extra keys with a typed value.
    pub additional: Option<TypeRef>,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// snake_case Rust name (without `r#`), unique in the struct.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// Doc text from the spec.
    pub doc: Option<String>,
    /// Whether the spec marks the property deprecated.
    pub deprecated: bool,
    /// The Rust type, already wrapped in `Option`/`Box` as needed.
    pub ty: TypeRef,
    /// Whether the property is in the spec's `required` list: it is then
    /// always written, as `null` when it is `None`.
    pub required: bool,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Known values in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that keeps values the spec does not list.
    pub fallback: String,
}

/// One known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// PascalCase Rust name, unique in the enum.
    pub name: String,
    /// The exact value on the wire.
    pub wire_value: String,
}

/// `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The discriminating property, when the spec names one.
    pub discriminator: Option<Discriminator>,
}

/// How a tagged union is told apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property that holds the tag.
    pub property: String,
    /// Name of the variant that keeps an object whose tag is unknown.
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// PascalCase Rust name, unique in the union.
    pub name: String,
    /// The payload type.
    pub ty: TypeRef,
    /// The discriminator value that selects it, for tagged unions.
    pub tag: Option<String>,
}

/// A Rust type as used in a field, alias or variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// A date-time with offset (RFC 3339 on the wire).
    DateTime,
    /// Any JSON value.
    Json,
    /// A named type of this API.
    Named(TypeId),
    /// A list.
    Vec(Box<TypeRef>),
    /// A map with string keys, ordered by key.
    Map(Box<TypeRef>),
    /// A value that may be absent or null.
    Option(Box<TypeRef>),
    /// A heap-allocated value, to break a recursive type.
    Box(Box<TypeRef>),
}

impl TypeRef {
    /// Wraps in `Option`, never twice.
    pub fn optional(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }
}

/// An HTTP operation. Request builders come later; for now the IR keeps what a
/// summary line and the docs need.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`, or one made from method and path.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The spec's summary.
    pub summary: Option<String>,
}
