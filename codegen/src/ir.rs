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
    /// The server requests go to by default.
    pub server: Server,
    /// How requests authenticate, in short (for the client's docs).
    pub auth: Auth,
    /// The security schemes operations use, in the spec's order.
    pub security_schemes: Vec<SecurityScheme>,
    /// The distinct security requirement lists of the operations
    /// ([`Operation::security`] points here).
    pub security_sets: Vec<SecuritySet>,
    /// The header the vendor returns its request id in (`x-fax-request-id-header`).
    pub request_id_header: Option<String>,
    /// What lower read more loosely than the spec says (warnings, located).
    pub warnings: Vec<crate::diag::Diagnostic>,
}

impl Api {
    /// The type a chain of aliases stands for (see [`through_aliases`]).
    pub fn through_aliases<'a>(&'a self, ty: &'a TypeRef) -> &'a TypeRef {
        through_aliases(&self.types, ty)
    }
}

/// The type a chain of aliases among `types` stands for (`pub type
/// Timestamp = time::OffsetDateTime` is a date-time on the wire too, and
/// aliases are transparent in Rust); any other type as it is.
pub fn through_aliases<'a>(types: &'a [TypeDef], mut ty: &'a TypeRef) -> &'a TypeRef {
    // A chain longer than the types is a cycle (lower turns those into JSON values).
    for _ in 0..=types.len() {
        let TypeRef::Named(id) = ty else {
            break;
        };
        match types.get(id.0).map(|def| &def.kind) {
            Some(TypeKind::Alias(aliased)) => ty = aliased,
            _ => break,
        }
    }
    ty
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
    /// Whether users build values of it to send: a request body or a
    /// parameter, or a type inside one. It then gets a constructor and setters,
    /// the only way to build it outside the crate (every struct is
    /// `#[non_exhaustive]`, so a vendor's new optional field is not a breaking change).
    pub user_built: bool,
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
    /// The value type of the properties the object does not name: the
    /// `additionalProperties` schema when there is one, `Json` when the spec
    /// allows any (`true`, or nothing said: OpenAPI's default). `None` when
    /// `additionalProperties: false` closes the object.
    pub additional: Option<TypeRef>,
    /// The constructor's arguments: indices in [`Struct::fields`] of the fields
    /// that must be given (required and not nullable), in the order of the
    /// spec's `required` list, so that reordering `properties` never reorders them.
    pub constructor: Vec<usize>,
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
    /// A file's bytes (`format: binary`), sent as a multipart file part or a raw body.
    Binary,
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

/// An HTTP operation, with everything its request builder needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`, or one made from method and path.
    pub id: String,
    /// snake_case name of the client method, unique in the API.
    pub fn_name: String,
    /// PascalCase name of the request builder, unique in the API.
    pub builder_name: String,
    /// SCREAMING_SNAKE_CASE name of the operation's `static` description,
    /// unique in the API.
    pub static_name: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: String,
    /// The path template split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// The spec's summary.
    pub summary: Option<String>,
    /// The spec's description.
    pub doc: Option<String>,
    /// Whether the spec marks the operation deprecated.
    pub deprecated: bool,
    /// Path, query, header and cookie parameters, in spec order.
    pub params: Vec<Param>,
    /// The request body, in the one media type this builder sends.
    pub body: Option<RequestBody>,
    /// What a success response holds.
    pub output: Output,
    /// The vendor's error body type, if the spec names one.
    pub error: Option<TypeRef>,
    /// How to walk every page, for list operations.
    pub pagination: Option<Pagination>,
    /// Index in [`Api::security_sets`] of the operation's security.
    pub security: usize,
    /// The `Accept` header, when the success response is not JSON (its
    /// media types, such as `application/pdf`); JSON is the client's default.
    pub accept: Option<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text as written.
    Literal(String),
    /// The value of the parameter at this index of [`Operation::params`].
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The `Cookie` header.
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `blue,black` (the default for path and header parameters).
    Simple,
    /// `.blue.black` (path).
    Label,
    /// `;color=blue` (path).
    Matrix,
    /// `color=blue&color=black` (the default for query and cookie parameters).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `name[key]=value` (query).
    DeepObject,
    /// The value as JSON text: a parameter given with `content` in a JSON media type.
    Json,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// snake_case Rust name, unique in the operation.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// How it is written.
    pub style: ParamStyle,
    /// Whether lists and objects are exploded (OpenAPI's `explode`).
    pub explode: bool,
    /// Whether reserved characters stay unencoded (`allowReserved`, query only).
    pub allow_reserved: bool,
    /// Whether it must be given (an argument) or may be (a setter).
    pub required: bool,
    /// Its type, without `Option`.
    pub ty: TypeRef,
    /// Doc text from the spec.
    pub doc: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
    /// Whether it must be given.
    pub required: bool,
    /// Doc text from the spec.
    pub doc: Option<String>,
    /// The properties of a form or multipart body that the media type's
    /// `encoding` gives a style of their own.
    pub field_styles: Vec<FieldStyle>,
}

/// A form or multipart body property's style, from the spec's `encoding`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStyle {
    /// The property's name on the wire.
    pub wire_name: String,
    /// Its style.
    pub style: ParamStyle,
    /// Its `explode`.
    pub explode: bool,
    /// Its `allowReserved`.
    pub allow_reserved: bool,
}

/// How a request body goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, with this content type.
    Json(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one part per property of the body's struct.
    Multipart,
    /// The bytes of a file or string, with this content type.
    Raw(String),
}

/// What a success response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Nothing (or nothing the spec describes).
    Empty,
    /// A JSON document of this type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Bytes, such as a PDF.
    Bytes,
}

/// A field reached through a path of struct fields, each maybe optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(pub Vec<FieldStep>);

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// How a list operation's pages are walked.
#[derive(Debug, Clone, PartialEq)]
pub enum Pagination {
    /// Each page links to the next one.
    NextLink {
        /// The list of items on a page.
        items: FieldPath,
        /// The item type.
        item: TypeRef,
        /// The fields that may hold the link to the next page, in the order
        /// they are tried: a page shaped one of several ways (SignalWire's
        /// flat `next_page_uri` or Twilio-style `meta.next_page_url`) names
        /// its next page in whichever of them it carries.
        links: Vec<FieldPath>,
    },
    /// Pages are numbered; each says its number and how many there are.
    PageNumber {
        /// The list of items on a page.
        items: FieldPath,
        /// The item type.
        item: TypeRef,
        /// Index in [`Operation::params`] of the (deepObject) page parameter.
        param: usize,
        /// The page parameter's struct type.
        param_type: TypeId,
        /// The field of that struct that holds the page number.
        number_field: String,
        /// The page's own number in the response.
        current: FieldPath,
        /// The number of pages in the response.
        total: FieldPath,
    },
}

/// The API's server.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The URL template, such as `https://{space_name}.signalwire.com/api`.
    pub url: String,
    /// Its variables, in the order they appear in the template.
    pub variables: Vec<ServerVariable>,
}

/// A variable of the server URL template.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// The name in the template.
    pub wire_name: String,
    /// snake_case Rust name.
    pub name: String,
    /// Doc text from the spec.
    pub doc: Option<String>,
}

/// A security scheme of the spec, as the runtime sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name in `components.securitySchemes`.
    pub name: String,
    /// SCREAMING_SNAKE_CASE name of its `const` in the operations module.
    pub const_name: String,
    /// How it is sent.
    pub kind: SchemeKind,
    /// The spec's description.
    pub doc: Option<String>,
}

/// How a security scheme's credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `apiKey`: the key in a header, query parameter or cookie of this name.
    ApiKey {
        /// The header, parameter or cookie name.
        name: String,
        /// Where it goes (never `Path`).
        location: ParamLocation,
    },
    /// HTTP basic.
    Basic,
    /// HTTP bearer, and the tokens of OAuth2 (`OAuth2`) and OpenID Connect.
    Bearer {
        /// The spec's `type` (`http`, `oauth2`, `openIdConnect`), for the docs.
        source: String,
    },
    /// Another HTTP scheme, by its name.
    Http {
        /// The scheme as the spec writes it.
        scheme: String,
    },
    /// Mutual TLS: the client certificate of the user's HTTP client.
    MutualTls,
}

/// A list of security requirements, any one of which will do, each a list
/// of schemes (indices in [`Api::security_schemes`]) that apply together.
/// Empty: no credentials; an empty requirement: credentials optional.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecuritySet {
    /// SCREAMING_SNAKE_CASE name of its `const` in the operations module.
    pub const_name: String,
    /// The requirements.
    pub requirements: Vec<Vec<usize>>,
}

/// How the API authenticates, from its security schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// HTTP basic.
    Basic,
    /// A bearer token.
    Bearer,
    /// Something else, or nothing the spec names.
    Other,
}
