//! Stage 2, normalize: a parsed document → the OpenAPI 3.0 form `openapiv3` reads.
//!
//! This is the only module that knows OpenAPI versions and the deviations
//! real documents have. It rewrites an OpenAPI 3.1 (JSON Schema 2020-12)
//! document, or a real 3.0 document `openapiv3` would refuse, into plain
//! 3.0; each rewrite is recorded in a [`RewriteLog`] (pointer + what
//! changed). What it cannot map is a located error; what it can only map
//! loosely is recorded as lossy and said in the generated docs.
//!
//! One file per concern:
//! - `document`: the version, the dialect and the 3.1 document-level
//!   fields (`info.summary`, `license.identifier`, missing `paths`,
//!   `components.pathItems`, `webhooks`);
//! - `refs`: references the next stages cannot follow (callbacks by
//!   `$ref`, `$ref`s into `#/paths/...`, `$defs`);
//! - `walk`: every place a schema or parameter stands;
//! - `schema`: JSON Schema 2020-12 keywords rewritten to 3.0 ones;
//! - `parameter`: parameter shapes `openapiv3` refuses;
//! - `check`: the types of the keywords `openapiv3` reads, so a broken
//!   leaf is reported at once (and loading stays linear in the input);
//! - `log`: the record of rewrites.
//!
//! Every pass visits each value a bounded number of times: time grows
//! linearly with the document.

mod check;
mod document;
mod log;
mod parameter;
mod refs;
mod schema;
mod walk;

pub use log::{Rewrite, RewriteLog};

use crate::diag::Diagnostic;
use serde_json::{Map, Value};

/// Keyword lookups in a schema's mapping. serde_json's map hashes the key
/// (SipHash) on every lookup, and normalize asks each schema for some twenty
/// keywords, most of them absent; a schema has a handful of keys, and
/// comparing them was several times cheaper. The answers are the map's own.
trait Keyword {
    fn keyword(&self, key: &str) -> Option<&Value>;
    fn keyword_mut(&mut self, key: &str) -> Option<&mut Value>;
    fn has_keyword(&self, key: &str) -> bool {
        self.keyword(key).is_some()
    }
}

/// Up to this many keys a mapping is searched by comparing them in turn.
const COMPARE_KEYS_UP_TO: usize = 12;

impl Keyword for Map<String, Value> {
    fn keyword(&self, key: &str) -> Option<&Value> {
        if self.len() > COMPARE_KEYS_UP_TO {
            return self.get(key);
        }
        self.iter().find_map(|(k, v)| (k == key).then_some(v))
    }

    fn keyword_mut(&mut self, key: &str) -> Option<&mut Value> {
        if self.len() > COMPARE_KEYS_UP_TO {
            return self.get_mut(key);
        }
        self.iter_mut().find_map(|(k, v)| (k == key).then_some(v))
    }
}

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x: read as written, with real-world deviations repaired.
    V30,
    /// OpenAPI 3.1.x: JSON Schema 2020-12 schemas, rewritten to 3.0 form.
    V31,
}

/// A document in OpenAPI 3.0 form, with the record of how it got there.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The rewritten document.
    pub document: Value,
    /// The version the document declared.
    pub version: Version,
    /// Every rewrite, in order.
    pub log: RewriteLog,
}

/// Rewrites `document` (read from `file`) into OpenAPI 3.0 form.
pub fn normalize(file: &str, mut document: Value) -> Result<Normalized, Vec<Diagnostic>> {
    let mut context = Context {
        file,
        log: RewriteLog::new(file),
        errors: Vec::new(),
        defs: Vec::new(),
    };
    let version = document::version(file, &document).map_err(|d| vec![d])?;
    let Value::Object(root) = &mut document else {
        return Err(vec![context.diagnostic(
            "",
            "not an OpenAPI document: the top level is not a mapping",
        )]);
    };
    if version == Version::V31 {
        document::rewrite_31(root, &mut context);
    }
    document::security_schemes(root, &mut context);
    refs::inline_callbacks(root, &mut context);
    refs::hoist_path_targets(root, &mut context);
    refs::root_defs(root, &mut context);
    walk::document(root, version, &mut context);
    refs::hoist_defs(root, version, &mut context);
    if context.errors.is_empty() {
        Ok(Normalized {
            document,
            version,
            log: context.log,
        })
    } else {
        Err(context.errors)
    }
}

/// What every pass shares: the file name for diagnostics, the log and the errors.
pub(crate) struct Context<'a> {
    file: &'a str,
    log: RewriteLog,
    errors: Vec<Diagnostic>,
    /// `$defs` taken out of schemas, to become components: (pointer of the
    /// entry, its name, its schema).
    defs: Vec<(String, String, Value)>,
}

impl Context<'_> {
    fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.file, pointer, message)
    }

    /// Records a located error; normalizing goes on so every fault is reported.
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.diagnostic(pointer, message);
        self.errors.push(diagnostic);
    }
}

/// A JSON pointer built up and taken down while walking, so walking a large
/// document allocates only where something is recorded.
#[derive(Default)]
pub(crate) struct Path(String);

impl Path {
    fn push(&mut self, segment: &str) -> usize {
        let length = self.0.len();
        self.0.push('/');
        if segment.contains(['~', '/']) {
            self.0
                .push_str(&segment.replace('~', "~0").replace('/', "~1"));
        } else {
            self.0.push_str(segment);
        }
        length
    }

    fn push_index(&mut self, index: usize) -> usize {
        let length = self.0.len();
        self.0.push('/');
        self.0.push_str(&index.to_string());
        length
    }

    fn pop(&mut self, length: usize) {
        self.0.truncate(length);
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer one level further down, as an owned string.
    fn child(&self, segment: &str) -> String {
        let mut child = Path(self.0.clone());
        child.push(segment);
        child.0
    }
}

/// A short description of a JSON value's kind, for messages.
fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.len() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

/// The components section of a document, created when missing.
fn components(root: &mut serde_json::Map<String, Value>) -> &mut serde_json::Map<String, Value> {
    let entry = root
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()));
    if !entry.is_object() {
        *entry = Value::Object(Default::default());
    }
    entry.as_object_mut().expect("just made an object")
}

/// `components.schemas` of the document, made when missing; `None`, with a
/// located error, when the document has it as something other than a mapping.
fn component_schemas<'m>(
    root: &'m mut serde_json::Map<String, Value>,
    context: &mut Context,
) -> Option<&'m mut serde_json::Map<String, Value>> {
    let schemas = components(root)
        .entry("schemas")
        .or_insert_with(|| Value::Object(Default::default()));
    if !schemas.is_object() {
        context.error(
            "/components/schemas",
            "`components.schemas` must be a mapping",
        );
    }
    schemas.as_object_mut()
}

/// A name not yet used in `taken`, from `base` (numbered when needed).
fn unique_name(base: &str, taken: &serde_json::Map<String, Value>) -> String {
    if !taken.contains_key(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|name| !taken.contains_key(name))
        .expect("some number is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(document: Value) -> Normalized {
        normalize("t.yaml", document).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn a_plain_3_0_document_is_left_as_written() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/A", "description": "ignored in 3.0"}}}}}
        });
        let normalized = run(document.clone());
        assert!(normalized.log.is_empty(), "{:?}", normalized.log);
        assert_eq!(normalized.document, document);
    }

    #[test]
    fn references_into_a_moved_part_follow_it() {
        let normalized = run(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}}}}},
                "/b": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/x"}}}}}}},
                "/c": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}}}}}}}
            }
        }));
        let document = &normalized.document;
        let moved = "#/components/schemas/GetAResponse200";
        assert_eq!(
            document["paths"]["/c"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            moved
        );
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            moved
        );
        assert_eq!(
            document["paths"]["/b"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["$ref"],
            format!("{moved}/properties/x")
        );
        assert_eq!(
            document["components"]["schemas"]["GetAResponse200"]["properties"]["x"]["type"],
            "string"
        );
    }

    fn rewrite_at<'n>(normalized: &'n Normalized, pointer: &str) -> &'n Rewrite {
        normalized
            .log
            .rewrites()
            .iter()
            .find(|r| r.pointer == pointer)
            .unwrap_or_else(|| panic!("no rewrite at {pointer}: {:?}", normalized.log))
    }

    #[test]
    fn a_type_with_no_value_is_no_type_and_lossy() {
        for version in ["3.1.0", "3.0.3"] {
            let normalized = run(json!({
                "openapi": version, "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {"A": {"type": "object", "properties": {
                    "any": {"type": null, "description": "Anything."}
                }}}}
            }));
            let any = &normalized.document["components"]["schemas"]["A"]["properties"]["any"];
            assert_eq!(any.get("type"), None, "{version}");
            assert!(any["description"]
                .as_str()
                .unwrap()
                .starts_with("Anything."));
            let rewrite = rewrite_at(&normalized, "/components/schemas/A/properties/any/type");
            assert!(rewrite.lossy, "{version}");
            assert!(rewrite.change.contains("no value"), "{rewrite}");
        }
    }

    #[test]
    fn an_operation_without_responses_gets_an_empty_one() {
        let normalized = run(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"operationId": "a"}}}
        }));
        assert_eq!(
            normalized.document["paths"]["/a"]["post"]["responses"],
            json!({})
        );
        let rewrite = rewrite_at(&normalized, "/paths/~1a/post/responses");
        assert!(!rewrite.lossy);
    }

    #[test]
    fn mutual_tls_becomes_a_marked_http_scheme() {
        let normalized = run(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"securitySchemes": {
                "cert": {"type": "mutualTLS", "description": "A client certificate."},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }}
        }));
        let schemes = &normalized.document["components"]["securitySchemes"];
        assert_eq!(
            schemes["cert"],
            json!({"type": "http", "scheme": "mutualTLS", "x-fax-mutual-tls": true,
                   "description": "A client certificate."})
        );
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "in": "header", "name": "X-Key"})
        );
        let rewrite = rewrite_at(&normalized, "/components/securitySchemes/cert/type");
        assert!(!rewrite.lossy);
    }

    #[test]
    fn a_local_defs_reference_follows_the_nearest_schema_that_defines_it() {
        let schema = json!({
            "type": "object",
            "properties": {
                "item": {"$ref": "#/$defs/Item"},
                "inner": {
                    "type": "object",
                    "properties": {"item": {"$ref": "#/$defs/Item"}},
                    "$defs": {"Item": {"type": "object", "properties": {"inner": {"type": "boolean"}}}}
                }
            },
            "$defs": {
                "Item": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Child"}}},
                "Child": {"type": "object", "properties": {"name": {"type": "string"}}}
            }
        });
        let normalized = run(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": schema}}}}}}},
            "components": {"schemas": {"Item": {"type": "string"}}}
        }));
        let document = &normalized.document;
        let body = &document["paths"]["/a"]["get"]["responses"]["200"]["content"]
            ["application/json"]["schema"];
        let schemas = &document["components"]["schemas"];
        // The component `Item` was there first: the entries take other names.
        assert_eq!(schemas["Item"], json!({"type": "string"}));
        let outer = body["properties"]["item"]["$ref"].as_str().unwrap();
        let inner = body["properties"]["inner"]["properties"]["item"]["$ref"]
            .as_str()
            .unwrap();
        assert_ne!(outer, inner);
        let target = |reference: &str| {
            let name = reference.strip_prefix("#/components/schemas/").unwrap();
            schemas[name].clone()
        };
        assert!(
            target(outer)["properties"].get("child").is_some(),
            "{outer}"
        );
        assert!(
            target(inner)["properties"].get("inner").is_some(),
            "{inner}"
        );
        let child = target(outer)["properties"]["child"]["$ref"].clone();
        assert_eq!(
            target(child.as_str().unwrap())["properties"]["name"]["type"],
            "string"
        );
        let mut found = Vec::new();
        refs::refs_with_prefix(document, "#/$defs", &mut found);
        refs::refs_with_prefix(document, "#/paths", &mut found);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn every_rewrite_names_where_it_happened() {
        let normalized = run(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "n": {"type": ["integer", "null"], "exclusiveMinimum": 0}
            }}}}
        }));
        let pointers: Vec<&str> = normalized
            .log
            .rewrites()
            .iter()
            .map(|r| r.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "/openapi",
                "/paths",
                "/components/schemas/A/properties/n/exclusiveMinimum",
                "/components/schemas/A/properties/n/type"
            ]
        );
        let n = &normalized.document["components"]["schemas"]["A"]["properties"]["n"];
        assert_eq!(
            n,
            &json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
    }
}
