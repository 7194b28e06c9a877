//! One schema object rewritten from JSON Schema 2020-12 (OpenAPI 3.1) to the
//! OpenAPI 3.0 schema dialect, plus the deviations real 3.0 documents have
//! (numeric `exclusiveMinimum`, `type` lists, bounds beyond 64 bits). Only the
//! node itself is rewritten; `walk` visits the children afterwards.

use super::{kind_of, Context, Keyword as _, Path, Version};
use serde_json::{Map, Value};

/// Keywords that only restate or annotate: a `$ref` with just these beside it
/// still means the referenced schema.
const ANNOTATIONS: [&str; 9] = [
    "description",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
    "nullable",
];

/// Keywords of JSON Schema 2020-12 that only validate or identify, with no
/// bearing on the Rust type; the generated models validate nothing, so they
/// are dropped (and recorded).
const VALIDATION_ONLY: [&str; 17] = [
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "contentSchema",
];

/// Rewrites one schema object in place. Returns `false` when the node is now
/// a plain `$ref` (nothing left to look at).
pub(super) fn rewrite(
    map: &mut Map<String, Value>,
    version: Version,
    at: &Path,
    context: &mut Context,
) -> bool {
    if version == Version::V31 {
        recursive_ref(map, at, context);
        for keyword in ["$dynamicRef", "$recursiveRef"] {
            if map.has_keyword(keyword) {
                context.error(
                    &at.child(keyword),
                    format!("unsupported construct: `{keyword}` (dynamic references of JSON Schema 2020-12) has no OpenAPI 3.0 form"),
                );
                map.remove(keyword);
            }
        }
        match map.keyword("$ref") {
            Some(Value::String(_)) if map.len() == 1 => return false,
            Some(Value::String(_)) => ref_with_siblings(map, at, context),
            _ => {}
        }
        constant(map, at, context);
        examples(map, at, context);
        content(map, at, context);
        prefix_items(map, at, context);
        defs(map, at, context);
        dropped(map, at, context);
        pattern_properties(map, at, context);
        null_members(map, at, context);
        null_in_enum(map, at, context);
        required_only_constraints(map, at, context);
        distribute_union_in_all_of(map, at, context);
    } else if matches!(map.keyword("$ref"), Some(Value::String(_))) {
        // OpenAPI 3.0: keywords beside a `$ref` are ignored, as the version says.
        return false;
    }
    exclusive_bounds(map, at, context);
    types(map, at, context);
    bounds(map, at, context);
    true
}

/// `$recursiveRef: "#"` (JSON Schema 2019-09) with no `$recursiveAnchor`
/// to move it means the schema resource it stands in: inside a component
/// schema, that component.
fn recursive_ref(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    if map.keyword("$recursiveRef").and_then(Value::as_str) != Some("#") {
        return;
    }
    let Some(component) = at
        .as_str()
        .strip_prefix("/components/schemas/")
        .map(|rest| rest.split('/').next().unwrap_or(rest).to_owned())
    else {
        return;
    };
    map.remove("$recursiveRef");
    let target = format!("#/components/schemas/{component}");
    context.log.exact(
        &at.child("$recursiveRef"),
        format!("`$recursiveRef: \"#\"` → `$ref: {target}`, the component schema it stands in"),
    );
    map.insert("$ref".into(), Value::String(target));
}

fn ref_with_siblings(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let only_annotations = map
        .keys()
        .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"));
    let target = serde_json::json!({ "$ref": reference });
    match map.keyword_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, target),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![target]));
        }
    }
    let what = if only_annotations {
        "its annotations kept beside it"
    } else {
        "the keywords beside it merged in"
    };
    context.log.exact(
        &at.child("$ref"),
        format!("`$ref` with sibling keywords → `allOf: [{{$ref}}]` with {what} (3.0 ignores a `$ref`'s siblings)"),
    );
}

fn constant(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if value.is_null() {
        map.insert("nullable".into(), Value::Bool(true));
        context
            .log
            .exact(&at.child("const"), "`const: null` → `nullable: true`");
        return;
    }
    if map.has_keyword("enum") {
        context.log.exact(
            &at.child("const"),
            "`const` dropped beside an `enum`, which already lists the values",
        );
        return;
    }
    context.log.exact(
        &at.child("const"),
        format!("`const: {value}` → `enum: [{value}]`"),
    );
    map.insert("enum".into(), Value::Array(vec![value]));
}

fn examples(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(examples) = map.remove("examples") else {
        return;
    };
    match examples {
        Value::Array(mut list) if !list.is_empty() && !map.has_keyword("example") => {
            map.insert("example".into(), list.swap_remove(0));
            context.log.exact(
                &at.child("examples"),
                "`examples` list → `example` (its first entry)",
            );
        }
        _ => context.log.exact(
            &at.child("examples"),
            "`examples` dropped (an `example` is already there, or the list is empty)",
        ),
    }
}

fn content(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if encoding.is_none() && media.is_none() {
        return;
    }
    let textual =
        |media: &str| media.starts_with("text/") || media.contains("json") || media.contains("xml");
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => Some("byte"),
        (Some(_), _) => Some("binary"),
        (None, Some(media)) if !textual(media) => Some("binary"),
        _ => None,
    };
    let pointer = at.child(if encoding.is_some() {
        "contentEncoding"
    } else {
        "contentMediaType"
    });
    match format {
        Some(format) if !map.has_keyword("format") => {
            map.insert("format".into(), Value::String(format.into()));
            context.log.exact(
                &pointer,
                format!("`contentEncoding`/`contentMediaType` → `format: {format}`"),
            );
        }
        _ => context.log.exact(
            &pointer,
            "`contentMediaType` of text dropped: the value stays a string",
        ),
    }
}

fn prefix_items(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(prefix) = map.remove("prefixItems") else {
        if map.keyword("items") == Some(&Value::Bool(true)) {
            map.remove("items");
        }
        return;
    };
    let Value::Array(prefix) = prefix else {
        context.error(
            &at.child("prefixItems"),
            format!(
                "`prefixItems` must be a list of schemas, found {}",
                kind_of(&prefix)
            ),
        );
        return;
    };
    let open_items = matches!(map.keyword("items"), None | Some(Value::Bool(_)));
    if !open_items {
        note(
            map,
            "A tuple (`prefixItems`): every item is read with the type of the items after it.",
        );
        context.log.lossy(
            &at.child("prefixItems"),
            "tuple positions dropped: every item is read with `items`",
        );
        return;
    }
    map.remove("items");
    let same = prefix.windows(2).all(|w| w[0] == w[1]);
    match prefix.into_iter().next() {
        Some(first) if same => {
            map.insert("items".into(), first);
            context.log.exact(
                &at.child("prefixItems"),
                "`prefixItems` of one schema → `items`",
            );
        }
        _ => {
            map.insert("items".into(), Value::Object(Map::new()));
            note(
                map,
                "A tuple (`prefixItems`): each item is read as untyped JSON.",
            );
            context.log.lossy(
                &at.child("prefixItems"),
                "tuple (`prefixItems`) → a list of untyped JSON values; the docs say so",
            );
        }
    }
}

/// Appends a sentence to a schema's description, so the generated docs say
/// what a lossy rewrite left out.
fn note(map: &mut Map<String, Value>, sentence: &str) {
    let description = match map.keyword("description").and_then(Value::as_str) {
        Some(text) => format!("{text}\n\n{sentence}"),
        None => sentence.to_owned(),
    };
    map.insert("description".into(), Value::String(description));
}

fn defs(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    for keyword in ["$defs", "definitions"] {
        let Some(defs) = map.remove(keyword) else {
            continue;
        };
        let Value::Object(defs) = defs else {
            context.error(
                &at.child(keyword),
                format!(
                    "`{keyword}` must be a mapping of schemas, found {}",
                    kind_of(&defs)
                ),
            );
            continue;
        };
        let base = at.child(keyword);
        let mut defs: Vec<(String, Value)> = defs.into_iter().collect();
        let names: Vec<&str> = defs.iter().map(|(name, _)| name.as_str()).collect();
        let local = LocalDefs {
            prefix: format!("#/{keyword}/"),
            keyword,
            names: names.iter().map(|n| (*n).to_owned()).collect(),
            base: &base,
        };
        let mut path = Path(at.as_str().to_owned());
        for (key, child) in map.iter_mut() {
            let length = path.push(key);
            local.resolve(child, &mut path, context);
            path.pop(length);
        }
        for (name, schema) in &mut defs {
            let mut path = Path(base.clone());
            path.push(name);
            local.resolve(schema, &mut path, context);
        }
        for (name, schema) in defs {
            let mut pointer = Path(base.clone());
            pointer.push(&name);
            context.defs.push((pointer.0, name, schema));
        }
    }
}

/// The `$defs` (or `definitions`) of one schema, for the references inside it.
///
/// In an OpenAPI document a schema without `$id` shares the document's base,
/// so `#/$defs/NAME` strictly means the document's root `$defs`; documents
/// write it inside a schema embedded anywhere to mean that schema's own
/// `$defs`, as they would in a standalone JSON Schema. The nearest enclosing
/// schema whose `$defs` has `NAME` decides (the root `$defs` only when none
/// does): the reference is made absolute, to where the entry stands, so it
/// follows the entry when [`super::refs::hoist_defs`] moves it into
/// `components.schemas` (under a name that may differ from `NAME`).
struct LocalDefs<'b> {
    /// `#/$defs/`: how references to these entries start.
    prefix: String,
    keyword: &'static str,
    /// The entries' names, as written.
    names: Vec<String>,
    /// The pointer of the `$defs` mapping.
    base: &'b str,
}

impl LocalDefs<'_> {
    /// Makes every `#/$defs/NAME…` reference under `value` (standing at
    /// `path`) absolute, except below a schema with its own entry `NAME`.
    fn resolve(&self, value: &mut Value, path: &mut Path, context: &mut Context) {
        match value {
            Value::Object(map) => {
                let shadowed: Vec<&str> = match map.keyword(self.keyword) {
                    Some(Value::Object(inner)) => self
                        .names
                        .iter()
                        .filter(|n| inner.contains_key(n.as_str()))
                        .map(String::as_str)
                        .collect(),
                    _ => Vec::new(),
                };
                if !shadowed.is_empty() {
                    let narrower = LocalDefs {
                        prefix: self.prefix.clone(),
                        keyword: self.keyword,
                        names: self
                            .names
                            .iter()
                            .filter(|n| !shadowed.contains(&n.as_str()))
                            .cloned()
                            .collect(),
                        base: self.base,
                    };
                    if narrower.names.is_empty() {
                        return;
                    }
                    return narrower.resolve_children(map, path, context);
                }
                self.resolve_children(map, path, context);
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let length = path.push_index(index);
                    self.resolve(item, path, context);
                    path.pop(length);
                }
            }
            _ => {}
        }
    }

    fn resolve_children(
        &self,
        map: &mut Map<String, Value>,
        path: &mut Path,
        context: &mut Context,
    ) {
        for (key, child) in map.iter_mut() {
            let length = path.push(key);
            match (key.as_str(), &mut *child) {
                ("$ref", Value::String(reference)) => {
                    if let Some(absolute) = self.absolute(reference) {
                        context.log.exact(
                            path.as_str(),
                            format!("`{reference}` → `{absolute}`: the entry of the enclosing schema's `{}` (later moved to a component schema)", self.keyword),
                        );
                        *reference = absolute;
                    }
                }
                _ => self.resolve(child, path, context),
            }
            path.pop(length);
        }
    }

    /// `#/$defs/NAME/rest` → `#<base>/NAME/rest`, when `NAME` is one of these entries.
    fn absolute(&self, reference: &str) -> Option<String> {
        let rest = reference.strip_prefix(&self.prefix)?;
        let (segment, tail) = match rest.find('/') {
            Some(slash) => rest.split_at(slash),
            None => (rest, ""),
        };
        let segment = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        let name = crate::diag::unescape_segment(&segment);
        if !self.names.contains(&name) {
            return None;
        }
        let mut target = Path(self.base.to_owned());
        target.push(&name);
        Some(format!("#{}{tail}", target.as_str()))
    }
}

fn dropped(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    if let Some(dialect) = map.remove("$schema") {
        let known = dialect.as_str().is_some_and(|d| {
            d.contains("json-schema.org/draft/2020-12") || d.contains("spec.openapis.org/oas/3.1")
        });
        if known {
            context.log.exact(
                &at.child("$schema"),
                "`$schema` of the OpenAPI dialect dropped",
            );
        } else {
            context.error(
                &at.child("$schema"),
                format!("unsupported construct: a schema in the dialect {} cannot be read as an OpenAPI schema", kind_of(&dialect)),
            );
        }
    }
    for keyword in VALIDATION_ONLY {
        if map.remove(keyword).is_some() {
            context.log.exact(
                &at.child(keyword),
                format!("`{keyword}` dropped: it only validates, and the generated models validate nothing"),
            );
        }
    }
}

fn pattern_properties(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(patterns) = map.remove("patternProperties") else {
        return;
    };
    let single = match &patterns {
        Value::Object(p) if p.len() == 1 => p.values().next().cloned(),
        _ => None,
    };
    match single {
        Some(schema) if !map.has_keyword("additionalProperties") => {
            map.insert("additionalProperties".into(), schema);
            note(
                map,
                "Keys follow a pattern (`patternProperties`) the client does not check.",
            );
            context.log.lossy(
                &at.child("patternProperties"),
                "`patternProperties` → `additionalProperties` (a map; the key pattern is not checked)",
            );
        }
        _ => {
            note(
                map,
                "Keys matching a pattern (`patternProperties`) are not modeled.",
            );
            context.log.lossy(
                &at.child("patternProperties"),
                "`patternProperties` dropped: keys matching it are read like any unknown field",
            )
        }
    }
}

/// `{type: "null"}` and its spellings, as a union member.
fn is_null_schema(value: &Value) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let null_type = match map.keyword("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => false,
    };
    let null_const = map.keyword("const") == Some(&Value::Null)
        || map.keyword("enum") == Some(&Value::Array(vec![Value::Null]));
    let rest_annotates = map.keys().all(|k| {
        matches!(k.as_str(), "type" | "const" | "enum")
            || ANNOTATIONS.contains(&k.as_str())
            || k.starts_with("x-")
    });
    (null_type || null_const) && rest_annotates
}

fn null_members(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(members)) = map.keyword_mut(keyword) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        if members.is_empty() {
            map.remove(keyword);
        }
        map.insert("nullable".into(), Value::Bool(true));
        context.log.exact(
            &at.child(keyword),
            format!("`{{type: null}}` member of `{keyword}` → `nullable: true`"),
        );
    }
}

fn null_in_enum(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(Value::Array(values)) = map.keyword_mut("enum") else {
        return;
    };
    if values.len() < 2 || !values.iter().any(Value::is_null) {
        return;
    }
    values.retain(|v| !v.is_null());
    map.insert("nullable".into(), Value::Bool(true));
    context.log.exact(
        &at.child("enum"),
        "`null` among the `enum` values → `nullable: true`",
    );
}

/// Whether a schema only lists required properties (`{required: [a]}`).
fn only_requires(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|m| !m.is_empty() && m.keys().all(|k| k == "required" || k == "description"))
}

/// Beside `properties`, an `anyOf`/`oneOf` of `{required: [..]}` members
/// or a `not: {required: [..]}` says which properties go together: it
/// validates the object and does not change its type.
fn required_only_constraints(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    if !map.has_keyword("properties") {
        return;
    }
    for keyword in ["anyOf", "oneOf"] {
        let only = matches!(map.keyword(keyword), Some(Value::Array(members)) if !members.is_empty() && members.iter().all(only_requires));
        if only {
            map.remove(keyword);
            context.log.exact(
                &at.child(keyword),
                format!("`{keyword}` of `required` lists dropped: it only says which properties go together, and the generated models validate nothing"),
            );
        }
    }
    if map.keyword("not").is_some_and(only_requires) {
        map.remove("not");
        context.log.exact(
            &at.child("not"),
            "`not: {required: [..]}` dropped: it only says which properties exclude each other",
        );
    }
}

/// `allOf: [{anyOf: [A, B]}, O]` is `anyOf: [allOf: [A, O], allOf: [B, O]]`:
/// the shared part moved into each alternative, where it can be merged.
fn distribute_union_in_all_of(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let Some(Value::Array(parts)) = map.keyword("allOf") else {
        return;
    };
    let is_union = |part: &Value| {
        part.as_object().is_some_and(|m| {
            (m.contains_key("anyOf") || m.contains_key("oneOf"))
                && !m.contains_key("properties")
                && !m.contains_key("$ref")
        })
    };
    let unions: Vec<usize> = (0..parts.len()).filter(|&i| is_union(&parts[i])).collect();
    let [union_at] = unions.as_slice() else {
        return;
    };
    let object_like = |part: &Value| {
        part.get("$ref").is_some()
            || part.get("properties").is_some()
            || part.get("type").and_then(Value::as_str) == Some("object")
    };
    let others: Vec<&Value> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| i != union_at)
        .map(|(_, p)| p)
        .collect();
    if others.is_empty() || !others.iter().all(|p| object_like(p)) {
        return;
    }
    let union = parts[*union_at].as_object().cloned().unwrap_or_default();
    let keyword = if union.contains_key("oneOf") {
        "oneOf"
    } else {
        "anyOf"
    };
    let Some(Value::Array(members)) = union.get(keyword) else {
        return;
    };
    // Each alternative of a component schema is named after the component
    // and the schema it extends (`EventQueued`), not by its position.
    let owner = at
        .as_str()
        .strip_prefix("/components/schemas/")
        .filter(|rest| !rest.contains('/'))
        .map(|name| {
            heck::ToUpperCamelCase::to_upper_camel_case(
                crate::diag::unescape_segment(name).as_str(),
            )
        });
    let alternatives: Vec<Value> = members
        .iter()
        .map(|member| {
            let mut all = vec![member.clone()];
            all.extend(others.iter().map(|p| (*p).clone()));
            let mut alternative = Map::new();
            alternative.insert("allOf".into(), Value::Array(all));
            let target = member
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next());
            if let (Some(owner), Some(target)) = (&owner, target) {
                let target = crate::diag::unescape_segment(target);
                let name = format!(
                    "{owner}{}",
                    heck::ToUpperCamelCase::to_upper_camel_case(target.as_str())
                );
                alternative.insert(
                    crate::lower::TYPE_NAME_EXTENSION.into(),
                    Value::String(name),
                );
            }
            Value::Object(alternative)
        })
        .collect();
    let count = alternatives.len();
    map.remove("allOf");
    map.insert(keyword.into(), Value::Array(alternatives));
    for (key, value) in union {
        if key != keyword && !map.has_keyword(&key) {
            map.insert(key, value);
        }
    }
    context.log.exact(
        &at.child("allOf"),
        format!("`allOf` of a `{keyword}` and shared parts → `{keyword}` of {count} alternatives, each with the shared parts merged in"),
    );
}

fn exclusive_bounds(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        let Some(Value::Number(limit)) = map.keyword(exclusive) else {
            continue;
        };
        let limit = limit.clone();
        map.insert(bound.into(), Value::Number(limit.clone()));
        map.insert(exclusive.into(), Value::Bool(true));
        context.log.exact(
            &at.child(exclusive),
            format!("`{exclusive}: {limit}` → `{bound}: {limit}, {exclusive}: true`"),
        );
    }
}

/// Keywords that belong to one JSON type, moved into that type's variant
/// when a `type` list becomes a `oneOf`.
fn keywords_of(json_type: &str) -> &'static [&'static str] {
    match json_type {
        "string" => &["format", "pattern", "minLength", "maxLength"],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

fn enum_value_fits(json_type: &str, value: &Value) -> bool {
    match json_type {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn types(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    let types = match map.keyword("type") {
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
            context.log.exact(
                &at.child("type"),
                "`type: null` → `nullable: true` with no type",
            );
            return;
        }
        Some(Value::Null) => {
            // `type:` with no value (YAML null): the schema names no type.
            map.remove("type");
            note(
                map,
                "The spec writes `type` with no value; it is read as if no type were given.",
            );
            context.log.lossy(
                &at.child("type"),
                "`type` with no value (null) dropped: the schema is read as if it named no type",
            );
            return;
        }
        Some(Value::Array(types)) => types.clone(),
        _ => return,
    };
    let mut names = Vec::with_capacity(types.len());
    for value in &types {
        match value.as_str() {
            Some(name) if !names.contains(&name) => names.push(name),
            Some(_) => {}
            None => {
                context.error(
                    &at.child("type"),
                    format!(
                        "a `type` list must hold type names, found {}",
                        kind_of(value)
                    ),
                );
                return;
            }
        }
    }
    let nullable = names.contains(&"null");
    names.retain(|n| *n != "null");
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    let written = Value::Array(types.clone());
    match names.as_slice() {
        [] => {
            map.remove("type");
            context.log.exact(
                &at.child("type"),
                format!("`type: {written}` → `nullable: true` with no type"),
            );
        }
        [single] => {
            map.insert("type".into(), Value::String((*single).to_owned()));
            let null = if nullable { ", nullable: true" } else { "" };
            context.log.exact(
                &at.child("type"),
                format!("`type: {written}` → `type: {single}{null}`"),
            );
        }
        _ if map.has_keyword("oneOf") || map.has_keyword("anyOf") => {
            map.remove("type");
            note(
                map,
                "The spec also lists several JSON types here; the alternatives below decide.",
            );
            context.log.lossy(
                &at.child("type"),
                format!("`type: {written}` beside a `oneOf`/`anyOf` dropped: the union alone decides the type"),
            );
        }
        several => {
            map.remove("type");
            let values = map.remove("enum");
            let mut variants = Vec::with_capacity(several.len());
            for name in several {
                let mut variant = Map::new();
                variant.insert("type".into(), Value::String((*name).to_owned()));
                for keyword in keywords_of(name) {
                    if let Some(value) = map.keyword(keyword) {
                        variant.insert((*keyword).to_owned(), value.clone());
                    }
                }
                if let Some(Value::Array(values)) = &values {
                    let fitting: Vec<Value> = values
                        .iter()
                        .filter(|v| enum_value_fits(name, v))
                        .cloned()
                        .collect();
                    if !fitting.is_empty() {
                        variant.insert("enum".into(), Value::Array(fitting));
                    }
                }
                variants.push(Value::Object(variant));
            }
            for name in several {
                for keyword in keywords_of(name) {
                    map.remove(*keyword);
                }
            }
            map.insert("oneOf".into(), Value::Array(variants));
            context.log.exact(
                &at.child("type"),
                format!("`type: {written}` → `oneOf` of one schema per type (an untagged enum)"),
            );
        }
    }
}

/// Bounds `openapiv3` cannot hold: integer bounds beyond 64 bits, and
/// lengths and counts that are not whole numbers.
fn bounds(map: &mut Map<String, Value>, at: &Path, context: &mut Context) {
    if map.keyword("type").and_then(Value::as_str) == Some("integer") {
        for keyword in ["minimum", "maximum", "multipleOf"] {
            whole_number(map, keyword, WholeNumber::Integer, at, context);
        }
    }
    for keyword in super::check::COUNTS {
        whole_number(map, keyword, WholeNumber::Count, at, context);
    }
}

/// What kind of whole number a bound keyword must hold.
#[derive(Clone, Copy)]
enum WholeNumber {
    /// A signed 64-bit integer (an integer schema's bounds).
    Integer,
    /// A count: not negative, 64 bits (lengths, item and property counts).
    Count,
}

/// Makes `keyword` a whole number of `kind` when its value is one written as
/// a float (`10.0`), and drops it, saying so, when it cannot be one.
fn whole_number(
    map: &mut Map<String, Value>,
    keyword: &str,
    kind: WholeNumber,
    at: &Path,
    context: &mut Context,
) {
    let Some(Value::Number(n)) = map.keyword(keyword) else {
        return;
    };
    let fits = match kind {
        WholeNumber::Integer => n.is_i64(),
        WholeNumber::Count => n.is_u64(),
    };
    if fits {
        return;
    }
    let n = n.clone();
    // Below 2^53 a float holds every whole number exactly.
    let whole = n.as_f64().filter(|f| {
        f.fract() == 0.0
            && match kind {
                WholeNumber::Integer => f.abs() < 9.0e15,
                WholeNumber::Count => (0.0..9.0e15).contains(f),
            }
    });
    match whole {
        Some(f) => {
            let value: Value = match kind {
                WholeNumber::Integer => (f as i64).into(),
                WholeNumber::Count => (f as u64).into(),
            };
            context.log.exact(
                &at.child(keyword),
                format!("`{keyword}: {n}` → the whole number {value}"),
            );
            map.insert(keyword.into(), value);
        }
        None => {
            map.remove(keyword);
            let why = match kind {
                WholeNumber::Integer => "beyond the 64-bit integer range",
                WholeNumber::Count => "not a count",
            };
            context.log.exact(
                &at.child(keyword),
                format!("`{keyword}: {n}` dropped: {why} (the generated models check no bounds)"),
            );
        }
    }
}
