//! Parameter and header shapes real documents use that `openapiv3` refuses:
//! Swagger-style `type` written on the parameter itself, neither `schema` nor
//! `content` (or both), a `style` the location does not allow, and
//! `required` or `examples` of the wrong kind.

use super::{kind_of, Context, Path};
use serde_json::{Map, Value};

/// Schema keywords Swagger 2.0 wrote directly on a parameter.
const SWAGGER_KEYWORDS: [&str; 14] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
];

/// Repairs a parameter (`is_header` for a header object, which has no
/// `name` or `in`). Returns whether it can be read further.
pub(super) fn repair(
    map: &mut Map<String, Value>,
    is_header: bool,
    at: &Path,
    context: &mut Context,
) -> bool {
    let location = if is_header {
        "header".to_owned()
    } else {
        match map.get("in") {
            Some(Value::String(location)) => location.clone(),
            other => {
                context.error(
                    &at.child("in"),
                    format!(
                        "a parameter must say where it goes (`in`: query, header, path or cookie), found {}",
                        other.map_or("nothing".to_owned(), kind_of)
                    ),
                );
                return false;
            }
        }
    };
    let allowed: &[&str] = match location.as_str() {
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "path" => &["matrix", "label", "simple"],
        "header" => &["simple"],
        "cookie" => &["form"],
        other => {
            context.error(
                &at.child("in"),
                format!("unsupported construct: parameters `in: {other}` are Swagger 2.0; OpenAPI 3 puts them in a request body"),
            );
            return false;
        }
    };
    if let Some(style) = map.get("style") {
        if !style.as_str().is_some_and(|s| allowed.contains(&s)) {
            let style = map.remove("style").unwrap_or(Value::Null);
            context.log.exact(
                &at.child("style"),
                format!(
                    "`style: {style}` is not a style for `{location}` parameters; dropped, so the default ({}) applies",
                    allowed[0]
                ),
            );
        }
    }
    let textual = match map.get("required") {
        Some(Value::String(text)) if text.eq_ignore_ascii_case("true") => {
            Some((text.clone(), true))
        }
        Some(Value::String(text)) if text.eq_ignore_ascii_case("false") => {
            Some((text.clone(), false))
        }
        _ => None,
    };
    if let Some((written, value)) = textual {
        map.insert("required".into(), Value::Bool(value));
        context.log.exact(
            &at.child("required"),
            format!("`required: \"{written}\"` (a string) → `required: {value}`"),
        );
    }
    if let Some(examples) = map.get("examples") {
        if !examples.is_object() {
            let examples = map.remove("examples").unwrap_or(Value::Null);
            if let (Value::Array(list), false) = (&examples, map.contains_key("example")) {
                if let Some(first) = list.first() {
                    map.insert("example".into(), first.clone());
                }
            }
            context.log.exact(
                &at.child("examples"),
                "`examples` given as a list (it is a mapping of named examples) → `example`",
            );
        }
    }
    match (map.contains_key("schema"), map.contains_key("content")) {
        (true, true) => {
            map.remove("content");
            context.log.exact(
                &at.child("content"),
                "dropped: a parameter has a `schema` or a `content`, and the `schema` is kept",
            );
        }
        (false, false) => {
            let mut schema = Map::new();
            for keyword in SWAGGER_KEYWORDS {
                if let Some(value) = map.remove(keyword) {
                    schema.insert(keyword.to_owned(), value);
                }
            }
            if schema.is_empty() {
                schema.insert("type".into(), Value::String("string".into()));
                let sentence = "The spec gives this parameter no type; it is sent as text.";
                let description = match map.get("description").and_then(Value::as_str) {
                    Some(text) => format!("{text}\n\n{sentence}"),
                    None => sentence.to_owned(),
                };
                map.insert("description".into(), Value::String(description));
                context.log.lossy(
                    at.as_str(),
                    "a parameter with neither `schema` nor `content` is read as a string",
                );
            } else {
                context.log.exact(
                    at.as_str(),
                    "Swagger-style `type`/`format`/… on the parameter moved into its `schema`",
                );
            }
            map.insert("schema".into(), Value::Object(schema));
        }
        _ => {}
    }
    true
}
