//! Every place a schema, parameter or header stands in a document, visited
//! once: paths and their operations, callbacks, and the components.

use super::{check, kind_of, parameter, schema, Context, Keyword as _, Path, Version};
use serde_json::{Map, Value};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites every schema and parameter of the document.
pub(super) fn document(root: &mut Map<String, Value>, version: Version, context: &mut Context) {
    let mut walker = Walker {
        version,
        context,
        path: Path::default(),
    };
    if let Some(paths) = root.get_mut("paths") {
        let at = walker.path.push("paths");
        walker.each(paths, Walker::path_item);
        walker.path.pop(at);
    }
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    let at = walker.path.push("components");
    for section in [
        "schemas",
        "parameters",
        "headers",
        "responses",
        "requestBodies",
        "callbacks",
    ] {
        let Some(entries) = components.get_mut(section) else {
            continue;
        };
        let inner = walker.path.push(section);
        match section {
            "schemas" => walker.each(entries, Walker::schema),
            "parameters" => walker.each(entries, Walker::parameter),
            "headers" => walker.each(entries, Walker::header),
            "responses" => walker.each(entries, Walker::response),
            "requestBodies" => walker.each(entries, Walker::body),
            _ => walker.each(entries, Walker::callback),
        }
        walker.path.pop(inner);
    }
    walker.path.pop(at);
}

/// Rewrites the named component schemas (just added to the document).
pub(super) fn component_schemas(
    root: &mut Map<String, Value>,
    names: &[String],
    version: Version,
    context: &mut Context,
) {
    let Some(Value::Object(schemas)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    else {
        return;
    };
    let mut walker = Walker {
        version,
        context,
        path: Path::default(),
    };
    walker.path.push("components");
    walker.path.push("schemas");
    for name in names {
        if let Some(schema) = schemas.get_mut(name) {
            let at = walker.path.push(name);
            walker.schema(schema);
            walker.path.pop(at);
        }
    }
}

struct Walker<'c, 'a> {
    version: Version,
    context: &'c mut Context<'a>,
    path: Path,
}

impl Walker<'_, '_> {
    /// Visits each value of a mapping, by key.
    fn each(&mut self, value: &mut Value, visit: fn(&mut Self, &mut Value)) {
        let Value::Object(map) = value else {
            let pointer = self.path.as_str().to_owned();
            self.context.error(
                &pointer,
                format!("expected a mapping, found {}", kind_of(value)),
            );
            return;
        };
        for (key, child) in map.iter_mut() {
            let at = self.path.push(key);
            visit(self, child);
            self.path.pop(at);
        }
    }

    /// Visits each item of a list, by index.
    fn each_item(&mut self, value: &mut Value, visit: fn(&mut Self, &mut Value)) {
        let Value::Array(items) = value else {
            let pointer = self.path.as_str().to_owned();
            self.context.error(
                &pointer,
                format!("expected a list, found {}", kind_of(value)),
            );
            return;
        };
        for (index, child) in items.iter_mut().enumerate() {
            let at = self.path.push_index(index);
            visit(self, child);
            self.path.pop(at);
        }
    }

    /// Visits `map[key]` with `visit`, when present.
    fn field(&mut self, map: &mut Map<String, Value>, key: &str, visit: fn(&mut Self, &mut Value)) {
        if let Some(child) = map.keyword_mut(key) {
            let at = self.path.push(key);
            visit(self, child);
            self.path.pop(at);
        }
    }

    fn is_reference(value: &Value) -> bool {
        value.get("$ref").is_some()
    }

    fn path_item(&mut self, item: &mut Value) {
        let Value::Object(map) = item else { return };
        if map.has_keyword("$ref") {
            return;
        }
        if map.has_keyword("parameters") {
            self.field(map, "parameters", |w, v| w.each_item(v, Walker::parameter));
        }
        for method in METHODS {
            self.field(map, method, Walker::operation);
        }
    }

    fn operation(&mut self, operation: &mut Value) {
        let Value::Object(map) = operation else {
            return;
        };
        if !map.has_keyword("responses") {
            let pointer = self.path.child("responses");
            let why = match self.version {
                Version::V31 => "3.1 lets an operation omit it",
                Version::V30 => "3.0 requires it, and the document omits it",
            };
            self.context.log.exact(
                &pointer,
                format!("added an empty `responses`: {why} (no response is typed)"),
            );
            map.insert("responses".into(), Value::Object(Map::new()));
        }
        self.field(map, "parameters", |w, v| w.each_item(v, Walker::parameter));
        self.field(map, "requestBody", Walker::body);
        self.field(map, "responses", |w, v| w.each(v, Walker::response));
        self.field(map, "callbacks", |w, v| w.each(v, Walker::callback));
    }

    fn callback(&mut self, callback: &mut Value) {
        if Self::is_reference(callback) {
            return;
        }
        self.each(callback, Walker::path_item);
    }

    fn parameter(&mut self, value: &mut Value) {
        self.parameter_or_header(value, false);
    }

    fn header(&mut self, value: &mut Value) {
        self.parameter_or_header(value, true);
    }

    fn parameter_or_header(&mut self, value: &mut Value, is_header: bool) {
        let Value::Object(map) = value else { return };
        if map.has_keyword("$ref") {
            return;
        }
        if !parameter::repair(map, is_header, &self.path, self.context) {
            return;
        }
        self.field(map, "schema", Walker::schema);
        self.field(map, "content", |w, v| w.each(v, Walker::media));
    }

    fn body(&mut self, value: &mut Value) {
        let Value::Object(map) = value else { return };
        if map.has_keyword("$ref") {
            return;
        }
        self.field(map, "content", |w, v| w.each(v, Walker::media));
    }

    fn response(&mut self, value: &mut Value) {
        let Value::Object(map) = value else { return };
        if map.has_keyword("$ref") {
            return;
        }
        self.field(map, "headers", |w, v| w.each(v, Walker::header));
        self.field(map, "content", |w, v| w.each(v, Walker::media));
    }

    fn media(&mut self, value: &mut Value) {
        let Value::Object(map) = value else { return };
        self.field(map, "schema", Walker::schema);
        self.field(map, "encoding", |w, v| {
            w.each(v, |w, encoding| {
                if let Value::Object(encoding) = encoding {
                    w.encoding_defaults(encoding);
                    w.field(encoding, "headers", |w, v| w.each(v, Walker::header));
                }
            })
        });
    }

    /// An `encoding` entry that sets any of `style`, `explode` and
    /// `allowReserved` gets the other two written out with their defaults:
    /// `openapiv3` reads an absent `explode` as `false`, where OpenAPI's
    /// default is `true` for the `form` style.
    fn encoding_defaults(&mut self, encoding: &mut Map<String, Value>) {
        let styled = ["style", "explode", "allowReserved"]
            .iter()
            .any(|k| encoding.contains_key(*k));
        if !styled {
            return;
        }
        if !encoding.contains_key("style") {
            encoding.insert("style".into(), Value::String("form".into()));
        }
        if !encoding.contains_key("explode") {
            let form = encoding.get("style").and_then(Value::as_str) == Some("form");
            self.context.log.exact(
                &self.path.child("explode"),
                format!("`explode: {form}` written out (OpenAPI's default for this style)"),
            );
            encoding.insert("explode".into(), Value::Bool(form));
        }
    }

    fn schema(&mut self, value: &mut Value) {
        match value {
            Value::Object(_) => {}
            Value::Bool(accepts) => {
                let (rewritten, meaning) = if *accepts {
                    (Value::Object(Map::new()), "`{}` (any value)")
                } else {
                    (serde_json::json!({ "not": {} }), "`{not: {}}` (no value)")
                };
                let pointer = self.path.as_str().to_owned();
                self.context
                    .log
                    .exact(&pointer, format!("boolean schema `{accepts}` → {meaning}"));
                *value = rewritten;
                return;
            }
            other => {
                let pointer = self.path.as_str().to_owned();
                self.context.error(
                    &pointer,
                    format!("expected a schema (a mapping), found {}", kind_of(other)),
                );
                return;
            }
        }
        let Value::Object(map) = value else { return };
        if !schema::rewrite(map, self.version, &self.path, self.context) {
            return;
        }
        if !check::schema(map, &self.path, self.context) {
            return;
        }
        if map.has_keyword("properties") {
            self.required_flags(map);
            self.field(map, "properties", |w, v| w.each(v, Walker::schema));
        }
        if matches!(map.keyword("additionalProperties"), Some(Value::Object(_))) {
            self.field(map, "additionalProperties", Walker::schema);
        }
        for keyword in ["items", "not"] {
            self.field(map, keyword, Walker::schema);
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            self.field(map, keyword, |w, v| w.each_item(v, Walker::schema));
        }
    }

    /// `required: true` written on a property (a Swagger-era habit) →
    /// the property's name in the object's `required` list.
    fn required_flags(&mut self, map: &mut Map<String, Value>) {
        let Some(Value::Object(properties)) = map.keyword_mut("properties") else {
            return;
        };
        let mut names = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Value::Object(property) = property else {
                continue;
            };
            if let Some(Value::Bool(required)) = property.get("required") {
                let required = *required;
                property.remove("required");
                let mut at = Path(self.path.as_str().to_owned());
                at.push("properties");
                at.push(name);
                self.context.log.exact(
                    &at.child("required"),
                    format!(
                        "`required: {required}` on the property → {}",
                        if required {
                            "its name in the object's `required` list"
                        } else {
                            "dropped"
                        }
                    ),
                );
                if required {
                    names.push(Value::String(name.clone()));
                }
            }
        }
        if names.is_empty() {
            return;
        }
        match map
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(list) => {
                for name in names {
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
            other => *other = Value::Array(names),
        }
    }
}
