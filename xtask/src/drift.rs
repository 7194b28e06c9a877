//! `cargo xtask drift UPSTREAM OURS`: what one OpenAPI document has and the
//! other lacks, for a maintainer keeping a hand-written spec in step with a
//! vendor's. Both documents (3.0 or 3.1) are read through the generator's
//! parse and normalize stages, then reduced to facts: operations, their
//! parameters (the leaves of `deepObject` parameters included), response
//! status codes, the fields of request bodies and success responses, enum
//! values, and webhooks with their fields. Operations are matched by method
//! and path, whatever the path parameters are called.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep a schema is followed through nested objects and references.
const MAX_DEPTH: usize = 8;

pub fn run(upstream: &Path, ours: &Path) -> Result<(), String> {
    let theirs = facts(upstream)?;
    let mine = facts(ours)?;
    print!("{}", report(upstream, ours, &theirs, &mine));
    Ok(())
}

fn report(
    upstream: &Path,
    ours: &Path,
    theirs: &BTreeSet<String>,
    mine: &BTreeSet<String>,
) -> String {
    let mut out = String::new();
    for (title, from, missing_in, only) in [
        ("only in UPSTREAM", upstream, ours, theirs.difference(mine)),
        ("only in OURS", ours, upstream, mine.difference(theirs)),
    ] {
        let only: Vec<&String> = only.collect();
        out.push_str(&format!(
            "## {title} ({}; missing from {}): {}\n",
            from.display(),
            missing_in.display(),
            only.len()
        ));
        for fact in only {
            out.push_str(&format!("  {fact}\n"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "{} facts in common\n",
        theirs.intersection(mine).count()
    ));
    out
}

/// Every fact of one document, as sortable lines.
fn facts(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let syntax = fax_codegen::parse::Syntax::from_file_name(&name);
    let value = fax_codegen::parse::parse(&name, &text, syntax).map_err(|d| d.to_string())?;
    let normalized = fax_codegen::normalize::normalize(&name, value).map_err(|all| {
        all.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let document = normalized.document;
    let mut facts = BTreeSet::new();
    let reader = Reader {
        document: &document,
    };
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (template, item) in paths {
            let item = reader.resolve(item);
            let shared = item.get("parameters");
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let op = format!("{} {}", method.to_ascii_uppercase(), plain_path(template));
                facts.insert(format!("operation {op}"));
                for parameters in [shared, operation.get("parameters")].into_iter().flatten() {
                    for parameter in parameters.as_array().into_iter().flatten() {
                        reader.parameter(&op, reader.resolve(parameter), &mut facts);
                    }
                }
                if let Some(body) = operation.get("requestBody") {
                    reader.content_fields(&format!("{op} body"), body, &mut facts);
                }
                for (status, response) in operation
                    .get("responses")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    facts.insert(format!("response {op} {status}"));
                    if !status.starts_with('2') {
                        continue;
                    }
                    reader.content_fields(&format!("{op} {status}"), response, &mut facts);
                }
            }
        }
    }
    if let Some(Value::Object(webhooks)) = document.get("x-webhooks") {
        for (event, entry) in webhooks {
            facts.insert(format!("webhook {event}"));
            let Some(pointer) = entry.get("schema").and_then(Value::as_str) else {
                continue;
            };
            let schema = serde_json::json!({ "$ref": pointer });
            let mut fields = BTreeSet::new();
            reader.fields(&format!("webhook {event}"), "", &schema, 0, &mut fields);
            // A `{data, meta}` envelope is compared inside `data`, where the
            // event is; hand-written specs point at the `data` object itself.
            let prefix = format!("field webhook {event} data.");
            let enveloped = fields.iter().any(|f| f.contains(&prefix));
            for fact in fields {
                if !enveloped {
                    facts.insert(fact);
                } else if let Some((head, rest)) = fact.split_once(" data.") {
                    facts.insert(format!("{head} {rest}"));
                }
            }
        }
    }
    Ok(facts)
}

/// `/faxes/{id}` and `/faxes/{fax_id}` are one path.
fn plain_path(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut inside = false;
    for c in template.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

struct Reader<'a> {
    document: &'a Value,
}

impl<'a> Reader<'a> {
    /// Follows local `$ref`s (a bounded number of steps).
    fn resolve(&self, mut value: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            let pointer = reference.trim_start_matches('#');
            match self.document.pointer(pointer) {
                Some(target) => value = target,
                None => return value,
            }
        }
        value
    }

    fn parameter(&self, op: &str, parameter: &Value, facts: &mut BTreeSet<String>) {
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
        let style = parameter.get("style").and_then(Value::as_str);
        let schema = parameter.get("schema").map(|s| self.resolve(s));
        if style == Some("deepObject") {
            if let Some(schema) = schema {
                let mut leaves = BTreeSet::new();
                self.fields("", "", schema, 0, &mut leaves);
                let mut any = false;
                for leaf in leaves {
                    // `field  a.b` → `a][b`; enum facts keep their value.
                    let Some(rest) = leaf.strip_prefix("field  ") else {
                        continue;
                    };
                    let (path, tail) = rest.split_once(' ').unwrap_or((rest, ""));
                    let bracketed: String = path.split('.').map(|p| format!("[{p}]")).collect();
                    let kind = if tail.is_empty() {
                        "parameter"
                    } else {
                        "parameter enum"
                    };
                    facts.insert(format!(
                        "{kind} {op} {location} {name}{bracketed}{}",
                        if tail.is_empty() {
                            String::new()
                        } else {
                            format!(" {tail}")
                        }
                    ));
                    any = true;
                }
                if any {
                    return;
                }
            }
        }
        facts.insert(format!("parameter {op} {location} {name}"));
        if let Some(schema) = schema {
            for value in enum_values(self.resolve(schema)) {
                facts.insert(format!("parameter enum {op} {location} {name} = {value}"));
            }
        }
    }

    /// The fields of every media type's schema in a request body or
    /// response (given directly or by `$ref`), as facts of `owner`.
    fn content_fields(&self, owner: &str, holder: &'a Value, facts: &mut BTreeSet<String>) {
        let content = self
            .resolve(holder)
            .get("content")
            .and_then(Value::as_object);
        for media in content.into_iter().flat_map(|c| c.values()) {
            if let Some(schema) = media.get("schema") {
                self.fields(owner, "", schema, 0, facts);
            }
        }
    }

    /// The fields of a schema as `field OWNER a.b.c` facts (`[]` marks a list
    /// item), with `field OWNER a.b = value` for each enum value.
    fn fields(
        &self,
        owner: &str,
        at: &str,
        schema: &Value,
        depth: usize,
        facts: &mut BTreeSet<String>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.resolve(schema);
        if !at.is_empty() {
            for value in enum_values(schema) {
                facts.insert(format!("field {owner} {at} = {value}"));
            }
        }
        let mut parts: Vec<&Value> = Vec::new();
        for keyword in ["allOf", "oneOf", "anyOf"] {
            parts.extend(
                schema
                    .get(keyword)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
        for part in parts {
            self.fields(owner, at, part, depth + 1, facts);
        }
        if let Some(items) = schema.get("items") {
            self.fields(owner, &format!("{at}[]"), items, depth + 1, facts);
        }
        let properties: Option<&Map<String, Value>> =
            schema.get("properties").and_then(Value::as_object);
        for (name, property) in properties.into_iter().flatten() {
            let path = if at.is_empty() || at == "[]" {
                format!("{at}{name}")
            } else {
                format!("{at}.{name}")
            };
            facts.insert(format!("field {owner} {path}"));
            self.fields(owner, &path, property, depth + 1, facts);
        }
    }
}

/// The enum values a schema lists (its `oneOf` of single values included), as text.
fn enum_values(schema: &Value) -> Vec<String> {
    let mut values: BTreeMap<String, ()> = BTreeMap::new();
    for value in schema
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Null => continue,
            other => other.to_string(),
        };
        values.insert(text, ());
    }
    values.into_keys().collect()
}
