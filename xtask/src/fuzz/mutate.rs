//! Mutations of an OpenAPI document held as a JSON value: each picks a
//! place with the given random source and changes the document there.
//! Every mutation names itself, so a failing input says how it was made.

use fastrand::Rng;
use serde_json::{json, Map, Value};

/// One step from the root: an object member or an array element.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where a node stands in the document.
pub type Path = Vec<Step>;

/// Names that have broken generators: keywords, names the generated code
/// uses itself, digits, symbols, non-ASCII, empty.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "0",
    "1abc",
    "-",
    "-1",
    "a-b",
    "a.b",
    "a/b",
    "~",
    "{x}",
    "a b",
    "a\nb",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "async",
    "mod",
    "Error",
    "Operation",
    "Body",
    "Query",
    "ApiClient",
    "Client",
    "types",
    "http",
    "String",
    "Option",
    "Result",
    "Vec",
    "Box",
    "Default",
    "new",
    "send",
    "stream",
    "api",
    "body",
    "value",
    "page",
    "query",
    "headers",
    "path",
    "credentials",
    "base_url",
    "builder",
    "form",
    "additional_properties",
    "Unknown",
    "unknown",
    "ünïcödé",
    "名前",
    "next_page_url",
    "meta",
    "total_pages",
];

/// Field names the generator treats specially (pagination).
const BAIT_FIELDS: &[&str] = &[
    "next_page_url",
    "next_page_uri",
    "meta",
    "page_number",
    "total_pages",
    "data",
    "page",
    "number",
    "size",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file",
];

const SERVER_URLS: &[&str] = &[
    "https://{a}.example.com/{a}",
    "https://{credentials}.example.com",
    "https://{base_url}/{api}",
    "https://{{}.example.com",
    "https://{a.example.com",
    "https://a}.example.com",
    "https://{}.example.com",
    "https://{self}.{type}.example.com/{0}",
    "/relative/{v}",
    "",
    "https://example.com/\"quote\\",
];

/// Applies one random mutation and returns its name.
pub fn mutate(rng: &mut Rng, doc: &mut Value) -> &'static str {
    let paths = all_paths(doc);
    match rng.u8(0..14) {
        0 | 1 => delete(rng, doc, &paths),
        2 => duplicate(rng, doc, &paths),
        3 => swap(rng, doc, &paths),
        4 => change_type(rng, doc, &paths),
        5 => rename_key(rng, doc, &paths),
        6 => odd_string(rng, doc, &paths),
        7 => deep_nesting(rng, doc, &paths),
        8 => self_ref(rng, doc),
        9 => dangling_ref(rng, doc, &paths),
        10 => clash_operation_ids(rng, doc),
        11 => pagination_bait(rng, doc, &paths),
        12 => server_url(rng, doc),
        _ => odd_enum(rng, doc, &paths),
    }
}

/// A name from [`ODD_NAMES`], or a long one.
fn odd_name(rng: &mut Rng) -> String {
    if rng.u8(0..8) == 0 {
        let unit = ["A", "a_", "Ab", "x-"][rng.usize(0..4)];
        unit.repeat(rng.usize(20..1500))
    } else {
        ODD_NAMES[rng.usize(0..ODD_NAMES.len())].to_owned()
    }
}

fn all_paths(doc: &Value) -> Vec<Path> {
    let mut paths = Vec::new();
    let mut stack: Vec<(Path, &Value)> = vec![(Vec::new(), doc)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let mut next = path.clone();
                    next.push(Step::Key(key.clone()));
                    stack.push((next, child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let mut next = path.clone();
                    next.push(Step::Index(index));
                    stack.push((next, child));
                }
            }
            _ => {}
        }
        paths.push(path);
    }
    // Map iteration is ordered (by key or by insertion), so the same
    // document always gives the same list: choices depend on the seed only.
    paths
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut node = doc;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(key)?,
            (Step::Index(index), Value::Array(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

fn get<'a>(doc: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut node = doc;
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Value::Object(map)) => map.get(key)?,
            (Step::Index(index), Value::Array(items)) => items.get(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

fn pick<'a>(rng: &mut Rng, paths: &'a [Path]) -> Option<&'a Path> {
    let inner: Vec<&Path> = paths.iter().filter(|p| !p.is_empty()).collect();
    (!inner.is_empty()).then(|| inner[rng.usize(0..inner.len())])
}

/// Paths to values that are objects (schemas, operations, …).
fn objects<'a>(doc: &Value, paths: &'a [Path]) -> Vec<&'a Path> {
    paths
        .iter()
        .filter(|p| matches!(get(doc, p), Some(Value::Object(_))))
        .collect()
}

fn delete(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    if let Some(path) = pick(rng, paths) {
        remove(doc, path);
    }
    "delete"
}

/// Every node but the root, parents before children: what a minimizer tries
/// to delete, largest first.
pub fn removable(doc: &Value) -> Vec<Path> {
    let mut paths = all_paths(doc);
    paths.retain(|p| !p.is_empty());
    paths.sort_by_key(Vec::len);
    paths
}

/// Removes the node at `path` from its parent; whether there was one.
pub fn remove(doc: &mut Value, path: &[Step]) -> bool {
    let Some((last, parent)) = path.split_last() else {
        return false;
    };
    match (get_mut(doc, parent), last) {
        (Some(Value::Object(map)), Step::Key(key)) => map.remove(key).is_some(),
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

fn duplicate(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let Some(path) = pick(rng, paths) else {
        return "duplicate";
    };
    let Some(value) = get(doc, path).cloned() else {
        return "duplicate";
    };
    let (last, parent) = path.split_last().expect("picked paths are not the root");
    let copy_name = match last {
        Step::Key(key) if rng.bool() => format!("{key}_copy"),
        Step::Key(key) => key.to_uppercase(),
        Step::Index(_) => String::new(),
    };
    match get_mut(doc, parent) {
        Some(Value::Object(map)) => {
            map.insert(copy_name, value);
        }
        Some(Value::Array(items)) => items.push(value),
        _ => {}
    }
    "duplicate"
}

fn swap(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let (Some(a), Some(b)) = (pick(rng, paths), pick(rng, paths)) else {
        return "swap";
    };
    let (Some(va), Some(vb)) = (get(doc, a).cloned(), get(doc, b).cloned()) else {
        return "swap";
    };
    let related = a.starts_with(b) || b.starts_with(a);
    if let Some(slot) = get_mut(doc, a) {
        *slot = vb;
    }
    if !related {
        if let Some(slot) = get_mut(doc, b) {
            *slot = va;
        }
    }
    "swap"
}

fn change_type(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let typed: Vec<&Path> = paths
        .iter()
        .filter(|p| matches!(get(doc, p), Some(Value::Object(m)) if m.contains_key("type")))
        .collect();
    if !typed.is_empty() && rng.bool() {
        let path = typed[rng.usize(0..typed.len())];
        if let Some(Value::Object(map)) = get_mut(doc, path) {
            map.insert("type".into(), json!(TYPES[rng.usize(0..TYPES.len())]));
            if rng.bool() {
                let formats = [
                    "int32",
                    "int64",
                    "date-time",
                    "binary",
                    "uri",
                    "float",
                    "weird",
                ];
                map.insert("format".into(), json!(formats[rng.usize(0..formats.len())]));
            }
        }
        return "change type";
    }
    if let Some(path) = pick(rng, paths) {
        let replacement = match rng.u8(0..8) {
            0 => json!("text"),
            1 => json!(0),
            2 => json!(-1),
            3 => json!(1.5),
            4 => json!(true),
            5 => Value::Null,
            6 => json!([]),
            _ => json!({}),
        };
        if let Some(slot) = get_mut(doc, path) {
            *slot = replacement;
        }
    }
    "change type"
}

fn rename_key(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let keyed: Vec<&Path> = paths
        .iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(_))))
        .collect();
    if keyed.is_empty() {
        return "rename";
    }
    let path = keyed[rng.usize(0..keyed.len())];
    let (Some(Step::Key(old)), parent) = (path.last(), &path[..path.len() - 1]) else {
        return "rename";
    };
    let new = odd_name(rng);
    if let Some(Value::Object(map)) = get_mut(doc, parent) {
        if let Some(value) = map.remove(old) {
            map.insert(new, value);
        }
    }
    "rename"
}

fn odd_string(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let named: Vec<&Path> = paths
        .iter()
        .filter(|p| {
            matches!(p.last(), Some(Step::Key(k)) if ["operationId", "name", "title", "description", "summary", "tags"].contains(&k.as_str()))
        })
        .collect();
    let target = if named.is_empty() {
        pick(rng, paths)
    } else {
        Some(named[rng.usize(0..named.len())])
    };
    if let Some(path) = target {
        let name = odd_name(rng);
        if let Some(slot) = get_mut(doc, path) {
            *slot = json!(name);
        }
    }
    "odd string"
}

fn deep_nesting(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let candidates = objects(doc, paths);
    if candidates.is_empty() {
        return "deep nesting";
    }
    let path = candidates[rng.usize(0..candidates.len())].clone();
    let levels = rng.usize(1..40);
    if let Some(slot) = get_mut(doc, &path) {
        let mut value = slot.take();
        for _ in 0..levels {
            value = match rng.u8(0..5) {
                0 => json!({ "allOf": [value] }),
                1 => json!({ "oneOf": [value, { "type": "string" }] }),
                2 => json!({ "anyOf": [value] }),
                3 => json!({ "type": "array", "items": value }),
                _ => json!({ "type": "object", "properties": { "inner": value } }),
            };
        }
        *slot = value;
    }
    "deep nesting"
}

fn schema_names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn self_ref(rng: &mut Rng, doc: &mut Value) -> &'static str {
    let names = schema_names(doc);
    if names.is_empty() {
        return "self ref";
    }
    let name = names[rng.usize(0..names.len())].clone();
    let reference = json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) });
    let Some(schema) = doc.pointer_mut(&format!(
        "/components/schemas/{}",
        name.replace('~', "~0").replace('/', "~1")
    )) else {
        return "self ref";
    };
    let inner_paths = all_paths(schema);
    let inner = objects(schema, &inner_paths);
    match rng.u8(0..4) {
        0 => *schema = json!({ "allOf": [reference] }),
        1 => *schema = json!({ "type": "array", "items": reference }),
        2 => *schema = json!({ "type": "object", "additionalProperties": reference }),
        _ if !inner.is_empty() => {
            let path = inner[rng.usize(0..inner.len())].clone();
            if let Some(slot) = get_mut(schema, &path) {
                *slot = reference;
            }
        }
        _ => *schema = reference,
    }
    "self ref"
}

fn dangling_ref(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let names = schema_names(doc);
    let target = match rng.u8(0..6) {
        0 => "#/components/schemas/DoesNotExist".to_owned(),
        1 => "other.yaml#/components/schemas/A".to_owned(),
        2 => "#/components/parameters/Missing".to_owned(),
        3 if !names.is_empty() => format!(
            "#/components/schemas/{}/properties/missing",
            names[rng.usize(0..names.len())]
        ),
        4 => "#/paths".to_owned(),
        _ => format!("#/components/schemas/{}", odd_name(rng)),
    };
    let candidates = objects(doc, paths);
    if !candidates.is_empty() {
        let path = candidates[rng.usize(0..candidates.len())].clone();
        if let Some(slot) = get_mut(doc, &path) {
            *slot = json!({ "$ref": target });
        }
    }
    "dangling ref"
}

/// Paths of every operation object.
fn operations(doc: &Value) -> Vec<Path> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut found = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if let Some(item) = item.as_object() {
                for method in METHODS {
                    if item.get(method).is_some_and(Value::is_object) {
                        found.push(vec![
                            Step::Key("paths".into()),
                            Step::Key(path.clone()),
                            Step::Key(method.into()),
                        ]);
                    }
                }
            }
        }
    }
    found
}

fn clash_operation_ids(rng: &mut Rng, doc: &mut Value) -> &'static str {
    let ops = operations(doc);
    if ops.is_empty() {
        return "clash operationId";
    }
    let ids: Vec<String> = ops
        .iter()
        .filter_map(|p| get(doc, p)?.get("operationId")?.as_str().map(str::to_owned))
        .collect();
    let id = if !ids.is_empty() && rng.bool() {
        let id = ids[rng.usize(0..ids.len())].clone();
        match rng.u8(0..3) {
            0 => id,
            1 => format!("{id}_2"),
            _ => id.to_uppercase(),
        }
    } else {
        odd_name(rng)
    };
    let path = &ops[rng.usize(0..ops.len())];
    if let Some(Value::Object(op)) = get_mut(doc, path) {
        op.insert("operationId".into(), json!(id));
    }
    "clash operationId"
}

fn pagination_bait(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let holders: Vec<&Path> = paths
        .iter()
        .filter(|p| matches!(get(doc, p), Some(Value::Object(m)) if m.get("properties").is_some_and(Value::is_object)))
        .collect();
    if holders.is_empty() {
        return "pagination bait";
    }
    let path = holders[rng.usize(0..holders.len())].clone();
    let field = BAIT_FIELDS[rng.usize(0..BAIT_FIELDS.len())];
    let schema = match rng.u8(0..5) {
        0 => json!({ "type": TYPES[rng.usize(0..TYPES.len())] }),
        1 => {
            json!({ "type": "object", "properties": { "page_number": { "type": TYPES[rng.usize(0..TYPES.len())] }, "total_pages": { "type": TYPES[rng.usize(0..TYPES.len())] } } })
        }
        2 => {
            json!({ "type": "object", "required": ["number"], "properties": { "number": { "type": "integer" }, "size": { "type": "integer" } } })
        }
        3 => json!({ "type": "array", "items": { "type": "string" } }),
        _ => json!({ "type": "string", "nullable": true }),
    };
    if let Some(Value::Object(holder)) = get_mut(doc, &path) {
        if let Some(Value::Object(properties)) = holder.get_mut("properties") {
            properties.insert(field.into(), schema);
        }
        if rng.bool() {
            holder.insert("required".into(), json!([field]));
        }
    }
    "pagination bait"
}

fn server_url(rng: &mut Rng, doc: &mut Value) -> &'static str {
    let url = SERVER_URLS[rng.usize(0..SERVER_URLS.len())];
    let mut variables = Map::new();
    for name in [
        "a",
        "credentials",
        "base_url",
        "api",
        "self",
        "type",
        "0",
        "v",
    ] {
        if rng.bool() {
            variables.insert(
                name.into(),
                json!({ "default": "x", "description": odd_name(rng) }),
            );
        }
    }
    if let Value::Object(root) = doc {
        root.insert(
            "servers".into(),
            json!([{ "url": url, "variables": variables }]),
        );
    }
    "server url"
}

fn odd_enum(rng: &mut Rng, doc: &mut Value, paths: &[Path]) -> &'static str {
    let enums: Vec<&Path> = paths
        .iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "enum"))
        .collect();
    let count = rng.usize(1..6);
    let values: Vec<Value> = (0..count).map(|_| json!(odd_name(rng))).collect();
    if enums.is_empty() {
        let candidates = objects(doc, paths);
        if !candidates.is_empty() {
            let path = candidates[rng.usize(0..candidates.len())].clone();
            if let Some(slot) = get_mut(doc, &path) {
                *slot = json!({ "type": "string", "enum": values });
            }
        }
    } else {
        let path = enums[rng.usize(0..enums.len())].clone();
        if let Some(Value::Array(items)) = get_mut(doc, &path) {
            items.extend(values);
        }
    }
    "odd enum"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "paths": { "/a": { "get": { "operationId": "getA", "responses": { "200": { "description": "ok" } } } } },
            "components": { "schemas": {
                "A": { "type": "object", "properties": { "b": { "type": "string" }, "c": { "enum": ["x"] } } }
            } }
        })
    }

    fn mutated(seed: u64) -> (Value, Vec<&'static str>) {
        let mut rng = Rng::with_seed(seed);
        let mut doc = spec();
        let how = (0..4).map(|_| mutate(&mut rng, &mut doc)).collect();
        (doc, how)
    }

    #[test]
    fn the_same_seed_gives_the_same_mutant() {
        for seed in 0..50 {
            assert_eq!(mutated(seed), mutated(seed));
        }
        let distinct: std::collections::HashSet<String> =
            (0..50).map(|seed| mutated(seed).0.to_string()).collect();
        assert!(distinct.len() > 40, "seeds make different mutants");
    }

    #[test]
    fn removing_a_node_takes_it_out_of_its_parent() {
        let mut doc = spec();
        let path = vec![
            Step::Key("components".into()),
            Step::Key("schemas".into()),
            Step::Key("A".into()),
            Step::Key("properties".into()),
            Step::Key("b".into()),
        ];
        assert!(remove(&mut doc, &path));
        assert!(doc.pointer("/components/schemas/A/properties/b").is_none());
        assert!(doc.pointer("/components/schemas/A/properties/c").is_some());
        assert!(!remove(&mut doc, &path), "nothing left to remove");
        let order = removable(&doc);
        assert!(
            order.windows(2).all(|w| w[0].len() <= w[1].len()),
            "parents first"
        );
    }
}
