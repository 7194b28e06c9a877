//! Putting parameter values on the wire: path segments, query strings, and
//! JSON, form and multipart bodies, the way OpenAPI's default styles say.

use crate::style::Style;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Display;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Everything but RFC 3986's unreserved characters, and `.` too, so that a
/// value can never be `..` or carry `/`, `?` or `#` into the path.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

/// A path parameter value, encoded so it stays one segment. `""`, `.` and
/// `..` are refused: URL parsers resolve them (even encoded, as `%2E%2E`)
/// into another path, so `delete_fax_media(fax, "..")` would reach the fax.
pub fn path_segment(value: &str) -> Result<String, String> {
    match value {
        "" => Err("a path parameter cannot be empty".into()),
        "." | ".." => Err(format!("a path parameter cannot be `{value}`")),
        _ => Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string()),
    }
}

/// A server variable's value (such as a SignalWire space name), encoded so
/// it cannot add a path, query or fragment to the base URL.
pub fn url_part(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// A date-time as RFC 3339 text, the form vendors expect in parameters.
pub fn date_time(value: &OffsetDateTime) -> String {
    value.format(&Rfc3339).unwrap_or_else(|_| value.to_string())
}

/// Query parameters in the order they are added, each part (`name=value`)
/// already percent-encoded as its style says (see [`crate::style`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query(Vec<String>);

impl Query {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// `name=value`: a primitive in the default `form` style.
    pub fn push(&mut self, name: &str, value: impl Display) {
        self.0.push(format!(
            "{}={}",
            crate::style::component(name),
            crate::style::component(&value.to_string())
        ));
    }

    /// `name=value` with the date-time in RFC 3339.
    pub fn push_date_time(&mut self, name: &str, value: &OffsetDateTime) {
        self.push(name, date_time(value));
    }

    /// Any value in the default style, `form` with `explode`: scalars as
    /// `name=value`, lists as repeated keys (`name=a&name=b`), an object's
    /// properties as parameters of their own (`key=value`); `null` is left out.
    pub fn push_value<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), String> {
        self.push_styled(name, Style::form(true), value)
    }

    /// A list in the default `form` style with `explode`: `name=a&name=b`.
    pub fn push_each<T: Display>(&mut self, name: &str, values: &[T]) {
        for value in values {
            self.push(name, value);
        }
    }

    /// An object in `deepObject` style: `name[key]=value`, nesting as deep as
    /// the object does (`filter[created_at][gte]=…`); lists repeat the key.
    pub fn push_deep_object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), String> {
        self.push_styled(name, Style::deep_object(), value)
    }

    /// Any value in the given style (see [`crate::style::query`]).
    pub fn push_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        value: &T,
    ) -> Result<(), String> {
        self.0.extend(crate::style::query(name, style, value)?);
        Ok(())
    }

    /// A part written elsewhere, already percent-encoded (`name=value`).
    pub fn push_encoded(&mut self, part: String) {
        self.0.push(part);
    }

    /// The parts, percent-encoded, for tests and custom transports.
    pub fn parts(&self) -> &[String] {
        &self.0
    }

    /// Whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `a=1&b=2`; empty when there are no parameters.
    pub fn to_query_string(&self) -> String {
        self.0.join("&")
    }
}

/// A request body ready for the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// No body.
    Empty,
    /// Bytes with their content type.
    Bytes {
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        bytes: Vec<u8>,
    },
}

impl Body {
    /// A JSON body.
    pub fn json<T: Serialize>(value: &T) -> Result<Body, String> {
        let bytes = serde_json::to_vec(value).map_err(|e| e.to_string())?;
        Ok(Body::Bytes {
            content_type: "application/json".into(),
            bytes,
        })
    }

    /// An `application/x-www-form-urlencoded` body, as Twilio and SignalWire
    /// take it: one field per property in property order, each in the
    /// default `form` style with `explode` (lists as repeated keys, an
    /// object's properties as fields of their own), booleans as
    /// `true`/`false`, absent options left out.
    pub fn form<T: Serialize>(value: &T) -> Result<Body, String> {
        Self::form_styled(value, &[])
    }

    /// A form body whose spec gives some properties a style of their own
    /// (the media type's `encoding`); the others take the default.
    pub fn form_styled<T: Serialize>(value: &T, styles: &[(&str, Style)]) -> Result<Body, String> {
        let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
        let Value::Object(fields) = value else {
            return Err("a form body must be an object".into());
        };
        let mut parts: Vec<String> = Vec::new();
        for (name, field) in &fields {
            let style = styles
                .iter()
                .find(|(styled, _)| styled == name)
                .map_or(Style::form(true), |(_, style)| *style);
            parts.extend(crate::style::form_body(name, style, field)?);
        }
        Ok(Body::Bytes {
            content_type: "application/x-www-form-urlencoded".into(),
            bytes: parts.join("&").into_bytes(),
        })
    }

    /// A JSON body with another JSON content type, such as `application/merge-patch+json`.
    pub fn json_as<T: Serialize>(content_type: &str, value: &T) -> Result<Body, String> {
        let bytes = serde_json::to_vec(value).map_err(|e| e.to_string())?;
        Ok(Body::Bytes {
            content_type: content_type.to_owned(),
            bytes,
        })
    }

    /// A raw body, such as `application/octet-stream`.
    pub fn raw(content_type: &str, bytes: Vec<u8>) -> Body {
        Body::Bytes {
            content_type: content_type.to_owned(),
            bytes,
        }
    }
}

/// The text of a path or header parameter: strings as they are, numbers and
/// booleans as JSON writes them, enums as their wire value.
pub fn text<T: Serialize>(value: &T) -> Result<String, String> {
    field_text(value).map(Option::unwrap_or_default)
}

/// The text a scalar takes in a form or multipart field.
pub fn field_text<T: Serialize>(value: &T) -> Result<Option<String>, String> {
    Ok(
        match serde_json::to_value(value).map_err(|e| e.to_string())? {
            Value::Null => None,
            Value::String(s) => Some(s),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => Some(other.to_string()),
        },
    )
}
