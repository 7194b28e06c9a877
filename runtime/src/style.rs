//! OpenAPI's parameter serialization: a value in a `style`, exploded or
//! not, as the text its location (path, query, header, cookie) carries.
//!
//! The rules are RFC 6570's expansions as OpenAPI 3.0.4 and 3.1.1 apply
//! them (their style-examples table is reproduced byte for byte by this
//! module's tests): `simple`, `label` and `matrix` in a path, `form`,
//! `spaceDelimited`, `pipeDelimited` and `deepObject` in a query, `simple`
//! in a header and `form` in a cookie. A value is first turned into JSON
//! with serde, so strings, numbers, booleans, enums (their wire value),
//! lists and objects (properties in declaration order) all take the same
//! path. `null`, an empty list and an empty object are "undefined" in RFC
//! 6570's sense: the parameter is left out.
//!
//! Combinations the specification leaves undefined (a list inside an object,
//! a `deepObject` list, a `spaceDelimited` string…) are encoded the nearest
//! defined way; the generator warns about them where the spec declares
//! them, so this module never fails on a shape.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// RFC 3986's unreserved characters are kept; everything else is
/// percent-encoded (a space as `%20`, never `+`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// In a path, `.` is encoded too, so that a value can never be `..`.
const PATH_COMPONENT: &AsciiSet = &COMPONENT.add(b'.');

/// With `allowReserved`, RFC 3986's reserved characters pass as they are,
/// except `#`, which would end the request target (a request cannot carry
/// it), and `&`, `=` and `+`, which a query string cannot hold as data.
const RESERVED_ALLOWED: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// An OpenAPI `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StyleKind {
    /// `blue,black,brown` (path and header default).
    Simple,
    /// `.blue.black.brown` (path).
    Label,
    /// `;color=blue` (path).
    Matrix,
    /// `color=blue` (query and cookie default).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `color%5BR%5D=100` (query).
    DeepObject,
    /// The value as JSON text: a parameter the spec describes with
    /// `content: application/json` instead of a schema.
    Json,
}

/// How one parameter is written: its style, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Style {
    /// The style.
    pub kind: StyleKind,
    /// Whether lists and objects are exploded into one item per value.
    pub explode: bool,
    /// Whether reserved characters stay unencoded (query parameters only).
    pub allow_reserved: bool,
}

impl Style {
    const fn of(kind: StyleKind, explode: bool) -> Self {
        Style {
            kind,
            explode,
            allow_reserved: false,
        }
    }

    /// `style: simple`.
    pub const fn simple(explode: bool) -> Self {
        Self::of(StyleKind::Simple, explode)
    }

    /// `style: label`.
    pub const fn label(explode: bool) -> Self {
        Self::of(StyleKind::Label, explode)
    }

    /// `style: matrix`.
    pub const fn matrix(explode: bool) -> Self {
        Self::of(StyleKind::Matrix, explode)
    }

    /// `style: form`.
    pub const fn form(explode: bool) -> Self {
        Self::of(StyleKind::Form, explode)
    }

    /// `style: spaceDelimited`.
    pub const fn space_delimited(explode: bool) -> Self {
        Self::of(StyleKind::SpaceDelimited, explode)
    }

    /// `style: pipeDelimited`.
    pub const fn pipe_delimited(explode: bool) -> Self {
        Self::of(StyleKind::PipeDelimited, explode)
    }

    /// `style: deepObject` (always exploded).
    pub const fn deep_object() -> Self {
        Self::of(StyleKind::DeepObject, true)
    }

    /// A parameter given with `content` in a JSON media type.
    pub const fn json() -> Self {
        Self::of(StyleKind::Json, false)
    }

    /// The same style with `allowReserved: true`.
    pub const fn allow_reserved(mut self) -> Self {
        self.allow_reserved = true;
        self
    }
}

/// A value as OpenAPI's styles see it: left out, one primitive, a list of
/// primitives or an object's properties as (name, primitive) pairs.
enum Shape {
    Undefined,
    Primitive(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

/// The text of a primitive: strings as they are, numbers and booleans as
/// JSON writes them; a nested list or object (undefined by OpenAPI) as its
/// JSON text.
fn primitive(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

fn shape(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Undefined,
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(primitive).collect();
            if items.is_empty() {
                Shape::Undefined
            } else {
                Shape::List(items)
            }
        }
        Value::Object(map) => {
            let pairs: Vec<(String, String)> = map
                .iter()
                .filter_map(|(k, v)| primitive(v).map(|v| (k.clone(), v)))
                .collect();
            if pairs.is_empty() {
                Shape::Undefined
            } else {
                Shape::Object(pairs)
            }
        }
        other => primitive(other).map_or(Shape::Undefined, Shape::Primitive),
    }
}

fn to_json<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("{name}: {e}"))
}

/// The value as JSON text, for [`StyleKind::Json`]; `None` for `null`.
fn json_text(value: &Value) -> Option<String> {
    (!value.is_null()).then(|| value.to_string())
}

/// `text` percent-encoded as a URI component: RFC 3986's unreserved
/// characters kept, everything else encoded (a space as `%20`).
pub fn component(text: &str) -> String {
    encode_with(text, COMPONENT)
}

fn encode_with(text: &str, set: &'static AsciiSet) -> String {
    utf8_percent_encode(text, set).to_string()
}

/// A path parameter's text in its style, percent-encoded, ready to stand in
/// the path template (`;color=blue` for `matrix`, `.blue` for `label`).
/// An undefined value, or one that would leave the segment empty or make
/// it `.` or `..`, is refused: the request would reach another path.
pub fn path<T: Serialize + ?Sized>(name: &str, style: Style, value: &T) -> Result<String, String> {
    match path_text(name, style, value)? {
        None => Err(format!("the path parameter `{name}` has no value")),
        Some(text) if text.is_empty() => {
            Err(format!("the path parameter `{name}` cannot be empty"))
        }
        // URL parsers resolve `.` and `..` segments, even encoded, into another path.
        Some(text) if text == "%2E" || text == "%2E%2E" => {
            Err(format!("the path parameter `{name}` cannot be `.` or `..`"))
        }
        Some(text) => Ok(text),
    }
}

fn path_text<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Option<String>, String> {
    let value = to_json(name, value)?;
    let enc = |s: &str| encode_with(s, PATH_COMPONENT);
    let name_enc = enc(name);
    if style.kind == StyleKind::Json {
        return Ok(json_text(&value).map(|t| enc(&t)));
    }
    let shape = shape(&value);
    let explode = style.explode;
    Ok(Some(match (style.kind, shape) {
        (StyleKind::Label, Shape::Undefined) => ".".to_owned(),
        (StyleKind::Matrix, Shape::Undefined) => format!(";{name_enc}"),
        (_, Shape::Undefined) => return Ok(None),
        (StyleKind::Label, Shape::Primitive(p)) => format!(".{}", enc(&p)),
        (StyleKind::Label, Shape::List(items)) => {
            let sep = if explode { "." } else { "," };
            format!(".{}", join(items.iter().map(|i| enc(i)), sep))
        }
        (StyleKind::Label, Shape::Object(pairs)) => {
            format!(".{}", object(&pairs, explode, ".", &enc))
        }
        (StyleKind::Matrix, Shape::Primitive(p)) => matrix_pair(&name_enc, &enc(&p)),
        (StyleKind::Matrix, Shape::List(items)) if explode => {
            join(items.iter().map(|i| matrix_pair(&name_enc, &enc(i))), "")
        }
        (StyleKind::Matrix, Shape::List(items)) => {
            format!(";{name_enc}={}", join(items.iter().map(|i| enc(i)), ","))
        }
        (StyleKind::Matrix, Shape::Object(pairs)) if explode => {
            join(pairs.iter().map(|(k, v)| matrix_pair(&enc(k), &enc(v))), "")
        }
        (StyleKind::Matrix, Shape::Object(pairs)) => {
            format!(";{name_enc}={}", object(&pairs, false, ",", &enc))
        }
        // `simple`, and any query style a path parameter cannot have.
        (_, Shape::Primitive(p)) => enc(&p),
        (_, Shape::List(items)) => join(items.iter().map(|i| enc(i)), ","),
        (_, Shape::Object(pairs)) => object(&pairs, explode, ",", &enc),
    }))
}

/// `;name=value`, or `;name` for an empty value (RFC 6570's matrix rule).
fn matrix_pair(name: &str, value: &str) -> String {
    if value.is_empty() {
        format!(";{name}")
    } else {
        format!(";{name}={value}")
    }
}

fn join(items: impl Iterator<Item = String>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// An object's pairs: `k=v` joined by `sep` when exploded, else
/// `k,v,k,v` (every item separated by a comma).
fn object(
    pairs: &[(String, String)],
    explode: bool,
    sep: &str,
    enc: &dyn Fn(&str) -> String,
) -> String {
    if explode {
        join(
            pairs.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))),
            sep,
        )
    } else {
        join(
            pairs.iter().map(|(k, v)| format!("{},{}", enc(k), enc(v))),
            ",",
        )
    }
}

/// A query parameter's parts in its style, each `name=value` already
/// percent-encoded (delimiters such as `,` and `|` are written as the style
/// defines them); empty when the value is undefined.
pub fn query<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Vec<String>, String> {
    let value = to_json(name, value)?;
    let set = if style.allow_reserved {
        RESERVED_ALLOWED
    } else {
        COMPONENT
    };
    let writer = Writer {
        value: &|s| encode_with(s, set),
        key: &component,
        space: "%20",
        pipe: "%7C",
        open: "%5B",
        close: "%5D",
    };
    Ok(pairs_with(name, style, &value, &writer)
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect())
}

/// A field of an `application/x-www-form-urlencoded` body in its style:
/// like [`query`], but with the form encoding's `+` for a space.
pub fn form_body<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Vec<String>, String> {
    let value = to_json(name, value)?;
    let form = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let writer = Writer {
        value: &form,
        key: &form,
        space: "+",
        pipe: "%7C",
        open: "%5B",
        close: "%5D",
    };
    Ok(pairs_with(name, style, &value, &writer)
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect())
}

/// A form field's (name, value) pairs in its style, as text, not
/// percent-encoded: for the parts of a `multipart/form-data` body whose
/// spec gives a property an `encoding` style.
pub fn fields<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Vec<(String, String)>, String> {
    let value = to_json(name, value)?;
    let writer = Writer {
        value: &|s| s.to_owned(),
        key: &|s| s.to_owned(),
        space: " ",
        pipe: "|",
        open: "[",
        close: "]",
    };
    Ok(pairs_with(name, style, &value, &writer))
}

/// How names, values and delimiters are written: percent-encoded in a
/// query string, as they are in a multipart part.
struct Writer<'a> {
    value: &'a dyn Fn(&str) -> String,
    key: &'a dyn Fn(&str) -> String,
    space: &'a str,
    pipe: &'a str,
    open: &'a str,
    close: &'a str,
}

fn pairs_with(name: &str, style: Style, value: &Value, w: &Writer<'_>) -> Vec<(String, String)> {
    let enc = w.value;
    let name_enc = (w.key)(name);
    if style.kind == StyleKind::DeepObject {
        let mut parts = Vec::new();
        deep_object(&name_enc, value, w, &mut parts);
        return parts;
    }
    if style.kind == StyleKind::Json {
        return json_text(value)
            .map(|t| vec![(name_enc, enc(&t))])
            .unwrap_or_default();
    }
    let explode = style.explode;
    let delimiter = match style.kind {
        StyleKind::SpaceDelimited => w.space,
        StyleKind::PipeDelimited => w.pipe,
        _ => ",",
    };
    match shape(value) {
        Shape::Undefined => Vec::new(),
        Shape::Primitive(p) => vec![(name_enc, enc(&p))],
        Shape::List(items) if explode => items.iter().map(|i| (name_enc.clone(), enc(i))).collect(),
        Shape::List(items) => vec![(name_enc, join(items.iter().map(|i| enc(i)), delimiter))],
        // An exploded object's properties stand as parameters of their own.
        Shape::Object(pairs) if explode => {
            pairs.iter().map(|(k, v)| ((w.key)(k), enc(v))).collect()
        }
        Shape::Object(pairs) => vec![(
            name_enc,
            join(
                pairs
                    .iter()
                    .map(|(k, v)| format!("{}{delimiter}{}", enc(k), enc(v))),
                delimiter,
            ),
        )],
    }
}

/// `name[key]=value` for each property, nesting as deep as the object
/// does; lists repeat the key (a convention: OpenAPI defines neither).
fn deep_object(name: &str, value: &Value, w: &Writer<'_>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                deep_object(name, item, w, out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let nested = format!("{name}{}{}{}", w.open, (w.key)(key), w.close);
                deep_object(&nested, item, w, out);
            }
        }
        other => {
            if let Some(text) = primitive(other) {
                out.push((name.to_owned(), (w.value)(&text)));
            }
        }
    }
}

/// A header parameter's value (`simple` style; headers are not URIs, so
/// nothing is percent-encoded). `None` when the value is undefined.
pub fn header<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Option<String>, String> {
    let value = to_json(name, value)?;
    if style.kind == StyleKind::Json {
        return Ok(json_text(&value));
    }
    let plain = |s: &str| s.to_owned();
    Ok(match shape(&value) {
        Shape::Undefined => None,
        Shape::Primitive(p) => Some(p),
        Shape::List(items) => Some(items.join(",")),
        Shape::Object(pairs) => Some(object(&pairs, style.explode, ",", &plain)),
    })
}

/// A cookie parameter's `name=value` pairs (`form` style, values
/// percent-encoded so that `;` and `,` cannot end them). An exploded list or
/// object, which OpenAPI leaves undefined for cookies, becomes one cookie per
/// item, the nearest form a `Cookie` header can carry.
pub fn cookie<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    value: &T,
) -> Result<Vec<String>, String> {
    let value = to_json(name, value)?;
    let enc = |s: &str| encode_with(s, COMPONENT);
    if style.kind == StyleKind::Json {
        return Ok(json_text(&value)
            .map(|t| vec![format!("{name}={}", enc(&t))])
            .unwrap_or_default());
    }
    Ok(match shape(&value) {
        Shape::Undefined => Vec::new(),
        Shape::Primitive(p) => vec![format!("{name}={}", enc(&p))],
        Shape::List(items) if style.explode => {
            items.iter().map(|i| format!("{name}={}", enc(i))).collect()
        }
        Shape::List(items) => vec![format!(
            "{name}={}",
            join(items.iter().map(|i| enc(i)), ",")
        )],
        Shape::Object(pairs) if style.explode => pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect(),
        Shape::Object(pairs) => vec![format!("{name}={}", object(&pairs, false, ",", &enc))],
    })
}

#[cfg(test)]
mod tests {
    //! OpenAPI 3.1.1's style-examples table (the `color` parameter), cell by
    //! cell. "empty" is the empty string.
    use super::*;
    use serde_json::json;

    fn string() -> Value {
        json!("blue")
    }
    fn array() -> Value {
        json!(["blue", "black", "brown"])
    }
    fn object_value() -> Value {
        json!({"R": 100, "G": 200, "B": 150})
    }

    fn in_path(style: Style, value: Value) -> String {
        path("color", style, &value).unwrap()
    }

    fn in_query(style: Style, value: Value) -> String {
        query("color", style, &value).unwrap().join("&")
    }

    #[test]
    fn matrix() {
        for explode in [false, true] {
            assert_eq!(in_path(Style::matrix(explode), json!("")), ";color");
            assert_eq!(in_path(Style::matrix(explode), string()), ";color=blue");
        }
        assert_eq!(
            in_path(Style::matrix(false), array()),
            ";color=blue,black,brown"
        );
        assert_eq!(
            in_path(Style::matrix(true), array()),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(
            in_path(Style::matrix(false), object_value()),
            ";color=R,100,G,200,B,150"
        );
        assert_eq!(
            in_path(Style::matrix(true), object_value()),
            ";R=100;G=200;B=150"
        );
    }

    #[test]
    fn label() {
        for explode in [false, true] {
            assert_eq!(in_path(Style::label(explode), json!("")), ".");
            assert_eq!(in_path(Style::label(explode), string()), ".blue");
        }
        assert_eq!(in_path(Style::label(false), array()), ".blue,black,brown");
        assert_eq!(in_path(Style::label(true), array()), ".blue.black.brown");
        assert_eq!(
            in_path(Style::label(false), object_value()),
            ".R,100,G,200,B,150"
        );
        assert_eq!(
            in_path(Style::label(true), object_value()),
            ".R=100.G=200.B=150"
        );
    }

    #[test]
    fn simple() {
        for explode in [false, true] {
            assert!(path("color", Style::simple(explode), &json!("")).is_err());
            assert_eq!(in_path(Style::simple(explode), string()), "blue");
            assert_eq!(in_path(Style::simple(explode), array()), "blue,black,brown");
            let header = header("color", Style::simple(explode), &array()).unwrap();
            assert_eq!(header.as_deref(), Some("blue,black,brown"));
        }
        assert_eq!(
            in_path(Style::simple(false), object_value()),
            "R,100,G,200,B,150"
        );
        assert_eq!(
            in_path(Style::simple(true), object_value()),
            "R=100,G=200,B=150"
        );
        assert_eq!(
            header("color", Style::simple(true), &object_value())
                .unwrap()
                .as_deref(),
            Some("R=100,G=200,B=150")
        );
    }

    #[test]
    fn form() {
        for explode in [false, true] {
            assert_eq!(in_query(Style::form(explode), json!("")), "color=");
            assert_eq!(in_query(Style::form(explode), string()), "color=blue");
        }
        assert_eq!(
            in_query(Style::form(false), array()),
            "color=blue,black,brown"
        );
        assert_eq!(
            in_query(Style::form(true), array()),
            "color=blue&color=black&color=brown"
        );
        assert_eq!(
            in_query(Style::form(false), object_value()),
            "color=R,100,G,200,B,150"
        );
        assert_eq!(
            in_query(Style::form(true), object_value()),
            "R=100&G=200&B=150"
        );
    }

    #[test]
    fn space_and_pipe_delimited() {
        assert_eq!(
            in_query(Style::space_delimited(false), array()),
            "color=blue%20black%20brown"
        );
        assert_eq!(
            in_query(Style::space_delimited(false), object_value()),
            "color=R%20100%20G%20200%20B%20150"
        );
        assert_eq!(
            in_query(Style::pipe_delimited(false), array()),
            "color=blue%7Cblack%7Cbrown"
        );
        assert_eq!(
            in_query(Style::pipe_delimited(false), object_value()),
            "color=R%7C100%7CG%7C200%7CB%7C150"
        );
    }

    #[test]
    fn deep_object_style() {
        assert_eq!(
            in_query(Style::deep_object(), object_value()),
            "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
        );
    }

    #[test]
    fn undefined_values_are_left_out() {
        for value in [json!(null), json!([]), json!({})] {
            assert!(query("color", Style::form(true), &value)
                .unwrap()
                .is_empty());
            assert!(cookie("color", Style::form(true), &value)
                .unwrap()
                .is_empty());
            assert_eq!(header("color", Style::simple(false), &value).unwrap(), None);
            assert!(path("color", Style::simple(false), &value).is_err());
        }
    }

    #[test]
    fn values_are_percent_encoded_but_delimiters_are_not() {
        assert_eq!(
            in_query(Style::form(false), json!(["a,b", "c d", "é+"])),
            "color=a%2Cb,c%20d,%C3%A9%2B"
        );
        assert!(path("color", Style::simple(false), &json!("..")).is_err());
        assert!(path("color", Style::simple(true), &json!(".")).is_err());
        assert_eq!(
            in_path(Style::label(true), json!(["a/b", "."])),
            ".a%2Fb.%2E"
        );
    }

    #[test]
    fn allow_reserved_keeps_reserved_characters_that_a_query_can_hold() {
        let style = Style::form(true).allow_reserved();
        assert_eq!(
            in_query(style, json!("/a:b?c@d!$'()*,;[]")),
            "color=/a:b?c@d!$'()*,;[]"
        );
        // `&`, `=`, `+` and `#` would change the query's meaning or end it.
        assert_eq!(
            in_query(style, json!("a&b=c+d#e")),
            "color=a%26b%3Dc%2Bd%23e"
        );
    }

    #[test]
    fn content_parameters_are_json_text() {
        let value = json!({"lat": 1.5, "tags": ["a"]});
        assert_eq!(
            in_query(Style::json(), value.clone()),
            "color=%7B%22lat%22%3A1.5%2C%22tags%22%3A%5B%22a%22%5D%7D"
        );
        assert_eq!(
            header("color", Style::json(), &value).unwrap().as_deref(),
            Some(r#"{"lat":1.5,"tags":["a"]}"#)
        );
    }

    #[test]
    fn multipart_fields_are_text_with_plain_delimiters() {
        let fields = |style, value: Value| fields("color", style, &value).unwrap();
        assert_eq!(
            fields(Style::form(false), object_value()),
            [("color".to_owned(), "R,100,G,200,B,150".to_owned())]
        );
        assert_eq!(
            fields(Style::pipe_delimited(false), array()),
            [("color".to_owned(), "blue|black|brown".to_owned())]
        );
        assert_eq!(
            fields(Style::deep_object(), json!({"a b": "c d"})),
            [("color[a b]".to_owned(), "c d".to_owned())]
        );
    }

    #[test]
    fn cookies_in_form_style() {
        let pairs = |style, value: Value| cookie("color", style, &value).unwrap();
        assert_eq!(
            pairs(Style::form(false), array()),
            ["color=blue,black,brown"]
        );
        assert_eq!(
            pairs(Style::form(true), array()),
            ["color=blue", "color=black", "color=brown"]
        );
        assert_eq!(
            pairs(Style::form(false), object_value()),
            ["color=R,100,G,200,B,150"]
        );
        assert_eq!(
            pairs(Style::form(true), object_value()),
            ["R=100", "G=200", "B=150"]
        );
        assert_eq!(pairs(Style::form(true), json!("a; b")), ["color=a%3B%20b"]);
    }
}
