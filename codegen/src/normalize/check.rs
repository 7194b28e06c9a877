//! The kinds of value `openapiv3` expects for each schema keyword it reads,
//! checked one schema object at a time.
//!
//! `openapiv3` reads a schema inside several untagged alternatives; a broken
//! leaf deep inside nested `oneOf`/`allOf`s makes it retry each level, so the
//! time to report it doubles with every level. Checked here first, the leaf
//! is reported at once, by pointer, and the later deserialization only meets
//! schemas it can read.

use super::{kind_of, Context, Path};
use serde_json::{Map, Value};

const BOOLEANS: [&str; 7] = [
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "uniqueItems",
    "exclusiveMinimum",
    "exclusiveMaximum",
];
const STRINGS: [&str; 5] = ["title", "description", "pattern", "format", "type"];
const NUMBERS: [&str; 3] = ["multipleOf", "minimum", "maximum"];
pub(super) const COUNTS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];
const LISTS: [&str; 4] = ["enum", "allOf", "oneOf", "anyOf"];
const SCHEMAS: [&str; 2] = ["items", "not"];

/// Checks one schema object's own keywords (not its children). Returns
/// whether it is readable.
pub(super) fn schema(map: &Map<String, Value>, at: &Path, context: &mut Context) -> bool {
    let mut ok = true;
    let mut wrong = |context: &mut Context, key: &str, expected: &str, value: &Value| {
        ok = false;
        context.error(
            &at.child(key),
            format!("`{key}` must be {expected}, found {}", kind_of(value)),
        );
    };
    for (key, value) in map {
        let key = key.as_str();
        if BOOLEANS.contains(&key) && !value.is_boolean() {
            wrong(context, key, "true or false", value);
        } else if STRINGS.contains(&key) && !value.is_string() {
            wrong(context, key, "a string", value);
        } else if NUMBERS.contains(&key) && !value.is_number() {
            wrong(context, key, "a number", value);
        } else if COUNTS.contains(&key) && !value.is_u64() {
            wrong(context, key, "a whole number of at least 0", value);
        } else if LISTS.contains(&key) && !value.is_array() {
            wrong(context, key, "a list", value);
        } else if SCHEMAS.contains(&key) && !value.is_object() {
            wrong(context, key, "a schema (a mapping)", value);
        } else {
            match key {
                "$ref" if !value.is_string() => wrong(context, key, "a string", value),
                "properties" if !value.is_object() => wrong(
                    context,
                    key,
                    "a mapping of property names to schemas",
                    value,
                ),
                "additionalProperties" if !value.is_object() && !value.is_boolean() => {
                    wrong(context, key, "true, false or a schema", value)
                }
                "required" => match value {
                    Value::Array(names) if names.iter().all(Value::is_string) => {}
                    _ => wrong(context, key, "a list of property names", value),
                },
                "discriminator" => match value {
                    Value::Object(d) => {
                        if !d.get("propertyName").is_some_and(Value::is_string) {
                            let found = d.get("propertyName").cloned().unwrap_or(Value::Null);
                            wrong(
                                context,
                                key,
                                "a mapping with a `propertyName` string",
                                &found,
                            );
                        }
                        match d.get("mapping") {
                            None => {}
                            Some(Value::Object(m)) if m.values().all(Value::is_string) => {}
                            Some(other) => wrong(
                                context,
                                key,
                                "a mapping whose `mapping` maps values to schema references",
                                other,
                            ),
                        }
                    }
                    _ => wrong(context, key, "a mapping", value),
                },
                "externalDocs" if !value.get("url").is_some_and(Value::is_string) => {
                    wrong(context, key, "a mapping with a `url` string", value)
                }
                _ => {}
            }
        }
    }
    ok
}
