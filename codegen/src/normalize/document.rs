//! The version a document declares, and the OpenAPI 3.1 fields outside
//! schemas: `jsonSchemaDialect`, `info.summary`, `license.identifier`, a
//! missing `paths`, `components.pathItems` and the top-level `webhooks`.

use super::{component_schemas, kind_of, unique_name, Context, Version};
use crate::diag::{Diagnostic, Pointer};
use serde_json::{Map, Value};

/// Dialects whose schemas mean what the normalize stage assumes.
const KNOWN_DIALECTS: [&str; 3] = [
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://json-schema.org/draft/2020-12/schema",
];

/// The version a document declares, or why it cannot be read.
pub(super) fn version(file: &str, document: &Value) -> Result<Version, Diagnostic> {
    let located = |pointer: &str, message: String| Diagnostic::error(file, pointer, message);
    if let Some(swagger) = document.get("swagger") {
        return Err(located(
            "/swagger",
            format!("unsupported version: Swagger {swagger} documents are not read; convert to OpenAPI 3.0 or 3.1"),
        ));
    }
    let version = match document.get("openapi") {
        None => {
            return Err(located(
                "",
                "not an OpenAPI document: the `openapi` field is missing".into(),
            ))
        }
        Some(Value::String(version)) => version,
        Some(other) => {
            return Err(located(
                "/openapi",
                format!(
                    "the OpenAPI version must be a string such as \"3.1.0\", found {}",
                    kind_of(other)
                ),
            ))
        }
    };
    let version = if version.starts_with("3.0") {
        Version::V30
    } else if version.starts_with("3.1") {
        Version::V31
    } else {
        return Err(located(
            "/openapi",
            format!("unsupported OpenAPI version {version}: only 3.0.x and 3.1.x are read"),
        ));
    };
    if let Some(dialect) = document.get("jsonSchemaDialect") {
        let known = dialect
            .as_str()
            .is_some_and(|d| KNOWN_DIALECTS.contains(&d));
        if !known {
            return Err(located(
                "/jsonSchemaDialect",
                format!(
                    "unsupported construct: `jsonSchemaDialect` {dialect} is not the OpenAPI 3.1 dialect, so its schemas cannot be read as OpenAPI schemas"
                ),
            ));
        }
    }
    Ok(version)
}

/// Rewrites the 3.1 document-level fields into 3.0 form.
pub(super) fn rewrite_31(root: &mut Map<String, Value>, context: &mut Context) {
    if let Some(Value::String(version)) = root.get_mut("openapi") {
        context.log.exact(
            "/openapi",
            format!("version {version} read as 3.0.3 after the rewrites below"),
        );
        *version = "3.0.3".to_owned();
    }
    if let Some(dialect) = root.remove("jsonSchemaDialect") {
        context.log.exact(
            "/jsonSchemaDialect",
            format!("dropped {dialect}: the OpenAPI dialect is what every schema is read as"),
        );
    }
    if let Some(Value::Object(info)) = root.get_mut("info") {
        if let Some(summary) = info.remove("summary") {
            let summary = summary.as_str().unwrap_or_default().trim().to_owned();
            let description = match info.get("description").and_then(Value::as_str) {
                Some(description) if !summary.is_empty() => format!("{summary}\n\n{description}"),
                Some(description) => description.to_owned(),
                None => summary,
            };
            info.insert("description".into(), Value::String(description));
            context
                .log
                .exact("/info/summary", "moved to the start of `info.description`");
        }
        if let Some(Value::Object(license)) = info.get_mut("license") {
            if let Some(identifier) = license.remove("identifier") {
                context.log.exact(
                    "/info/license/identifier",
                    "moved to `x-spdx-identifier` (3.0 has no SPDX field)",
                );
                license.insert("x-spdx-identifier".into(), identifier);
            }
        }
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
        context.log.exact(
            "/paths",
            "added an empty `paths`: 3.1 lets a document omit it",
        );
    }
    inline_path_items(root, context);
    webhooks(root, context);
}

/// Security schemes `openapiv3` would refuse, which would refuse the whole
/// document: Swagger 2's `type: basic` is HTTP basic; an OAuth2 scheme
/// without `flows` or an OpenID Connect one without its URL gets an empty
/// one (the client never reads them); a scheme that cannot be sent (an
/// unknown `type`, an `apiKey` without `in` or `name`, `http` without
/// `scheme`) is left out, lossy: requirements naming it are then warned
/// about by lower.
pub(super) fn security_schemes(root: &mut Map<String, Value>, context: &mut Context) {
    mutual_tls(root, context);
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let mut unusable: Vec<(String, String)> = Vec::new();
    for (name, scheme) in schemes.iter_mut() {
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name);
        let Value::Object(scheme) = scheme else {
            unusable.push((
                name.clone(),
                format!("it is {}, not a mapping", kind_of(scheme)),
            ));
            continue;
        };
        if scheme.contains_key("$ref") {
            continue;
        }
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let has = |key: &str| {
            scheme
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|v| !v.is_empty())
        };
        match kind.as_str() {
            "basic" => {
                scheme.insert("type".into(), Value::String("http".into()));
                scheme.insert("scheme".into(), Value::String("basic".into()));
                context.log.exact(
                    at.join("type").as_str(),
                    "`type: basic` (Swagger 2) → `type: http, scheme: basic`",
                );
            }
            "apiKey"
                if !has("name")
                    || !matches!(
                        scheme.get("in").and_then(Value::as_str),
                        Some("header" | "query" | "cookie")
                    ) =>
            {
                unusable.push((
                    name.clone(),
                    "an `apiKey` scheme needs `name` and `in` (header, query or cookie)".into(),
                ));
            }
            "http" if !has("scheme") => {
                unusable.push((name.clone(), "an `http` scheme needs `scheme`".into()));
            }
            "oauth2" if !scheme.get("flows").is_some_and(Value::is_object) => {
                scheme.insert("flows".into(), Value::Object(Map::new()));
                context.log.exact(
                    at.join("flows").as_str(),
                    "added empty `flows` (the client sends the token it is given)",
                );
            }
            "openIdConnect" if !has("openIdConnectUrl") => {
                scheme.insert("openIdConnectUrl".into(), Value::String(String::new()));
                context.log.exact(
                    at.join("openIdConnectUrl").as_str(),
                    "added an empty `openIdConnectUrl` (the client sends the token it is given)",
                );
            }
            "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS" => {}
            other => unusable.push((
                name.clone(),
                format!("its type `{other}` is none of OpenAPI's"),
            )),
        }
    }
    for (name, why) in unusable {
        schemes.remove(&name);
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(&name);
        context.log.lossy(
            at.as_str(),
            format!("security scheme `{name}` left out: {why}; no credential can be sent for it"),
        );
    }
}

/// The extension that marks an `http` security scheme as 3.1's `mutualTLS`.
const MUTUAL_TLS_EXTENSION: &str = "x-fax-mutual-tls";

/// `type: mutualTLS` (3.1) has no 3.0 form: it becomes an `http` scheme
/// named `mutualTLS`, marked with [`MUTUAL_TLS_EXTENSION`], which lower
/// reads as a client certificate that the user's HTTP client presents.
fn mutual_tls(root: &mut Map<String, Value>, context: &mut Context) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let Value::Object(scheme) = scheme else {
            continue;
        };
        if scheme.get("type").and_then(Value::as_str) != Some("mutualTLS") {
            continue;
        }
        scheme.insert("type".into(), Value::String("http".into()));
        scheme.insert("scheme".into(), Value::String("mutualTLS".into()));
        scheme.insert(MUTUAL_TLS_EXTENSION.into(), Value::Bool(true));
        let at = Pointer::root()
            .join("components")
            .join("securitySchemes")
            .join(name)
            .join("type");
        context.log.exact(
            at.as_str(),
            format!("`type: mutualTLS` → `type: http, scheme: mutualTLS, {MUTUAL_TLS_EXTENSION}: true` (3.0 has no mutual TLS scheme)"),
        );
    }
}

/// `$ref`s to `#/components/pathItems/NAME` are replaced by the path item,
/// since 3.0 has no such components.
fn inline_path_items(root: &mut Map<String, Value>, context: &mut Context) {
    let Some(path_items) = root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"))
    else {
        return;
    };
    let Value::Object(path_items) = path_items else {
        context.error(
            "/components/pathItems",
            format!(
                "`pathItems` must be a mapping, found {}",
                kind_of(&path_items)
            ),
        );
        return;
    };
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(section) else {
            continue;
        };
        for (key, item) in items.iter_mut() {
            let Some(reference) = item.get("$ref").and_then(Value::as_str).map(str::to_owned)
            else {
                continue;
            };
            let at = Pointer::root().join(section).join(key).join("$ref");
            let Some(name) = reference.strip_prefix("#/components/pathItems/") else {
                continue;
            };
            let name = crate::diag::unescape_segment(name);
            match path_items.get(&name) {
                Some(Value::Object(target)) => {
                    let mut inlined = target.clone();
                    if let Value::Object(sibling) = item {
                        for (key, value) in sibling.iter() {
                            if key != "$ref" {
                                inlined.insert(key.clone(), value.clone());
                            }
                        }
                    }
                    context.log.exact(
                        at.as_str(),
                        format!("replaced by the path item `{reference}` (3.0 has no `components.pathItems`)"),
                    );
                    *item = Value::Object(inlined);
                }
                _ => context.error(
                    at.as_str(),
                    format!("dangling reference `{reference}`: no path item named `{name}` in components.pathItems"),
                ),
            }
        }
    }
    context.log.exact(
        "/components/pathItems",
        format!(
            "removed after inlining its {} path item(s) where they are referenced",
            path_items.len()
        ),
    );
}

/// The top-level `webhooks` become what the project's hand-written specs
/// write for 3.0: each event's body a component schema (a typed model), and
/// the events listed in `x-webhooks` as `{schema, description}`.
fn webhooks(root: &mut Map<String, Value>, context: &mut Context) {
    let Some(webhooks) = root.remove("webhooks") else {
        return;
    };
    let Value::Object(webhooks) = webhooks else {
        context.error(
            "/webhooks",
            format!("`webhooks` must be a mapping, found {}", kind_of(&webhooks)),
        );
        return;
    };
    let request_bodies = root
        .get("components")
        .and_then(|c| c.get("requestBodies"))
        .cloned();
    let mut listed = Map::new();
    for (name, item) in &webhooks {
        let at = Pointer::root().join("webhooks").join(name);
        let Some(item) = item.as_object() else {
            context.error(
                at.as_str(),
                format!(
                    "a webhook must be a path item (a mapping), found {}",
                    kind_of(item)
                ),
            );
            continue;
        };
        for method in ["post", "put", "get", "patch", "delete"] {
            let Some(operation) = item.get(method).and_then(Value::as_object) else {
                continue;
            };
            let op_at = at.join(method);
            let description = ["description", "summary"]
                .iter()
                .find_map(|k| operation.get(*k).and_then(Value::as_str))
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty());
            let schema = body_schema(operation, request_bodies.as_ref());
            let schema_ref = match schema {
                None => None,
                Some(Value::Object(schema)) => match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) if schema.len() == 1 => Some(reference.to_owned()),
                    _ => {
                        let base = operation
                            .get("operationId")
                            .and_then(Value::as_str)
                            .unwrap_or(name);
                        let Some(schemas) = component_schemas(root, context) else {
                            return;
                        };
                        let component = unique_name(
                            &format!(
                                "{}Webhook",
                                heck::ToUpperCamelCase::to_upper_camel_case(base)
                            ),
                            schemas,
                        );
                        schemas.insert(component.clone(), Value::Object(schema));
                        Some(format!("#/components/schemas/{component}"))
                    }
                },
                Some(other) => {
                    context.error(
                        op_at.join("requestBody").as_str(),
                        format!(
                            "a request body schema must be a mapping, found {}",
                            kind_of(&other)
                        ),
                    );
                    None
                }
            };
            let mut entry = Map::new();
            match &schema_ref {
                Some(reference) => {
                    entry.insert("schema".into(), Value::String(reference.clone()));
                    context.log.exact(
                        op_at.as_str(),
                        format!("webhook `{name}` ({}) → event model `{reference}`, listed in `x-webhooks`; the headers it sends and the answer it expects are not modeled", method.to_ascii_uppercase()),
                    );
                }
                None => context.log.exact(
                    op_at.as_str(),
                    format!(
                        "webhook `{name}` ({}) has no body; listed in `x-webhooks` without a model",
                        method.to_ascii_uppercase()
                    ),
                ),
            }
            if let Some(description) = description {
                entry.insert("description".into(), Value::String(description));
            }
            listed.insert(name.clone(), Value::Object(entry));
            break;
        }
    }
    let target = root
        .entry("x-webhooks")
        .or_insert_with(|| Value::Object(Map::new()));
    match target.as_object_mut() {
        Some(existing) => {
            for (name, entry) in listed {
                existing.entry(name).or_insert(entry);
            }
        }
        None => context.error("/x-webhooks", "`x-webhooks` must be a mapping"),
    }
}

/// The schema of an operation's first request body media type, following a
/// `$ref` into `components.requestBodies`.
fn body_schema(operation: &Map<String, Value>, request_bodies: Option<&Value>) -> Option<Value> {
    let mut body = operation.get("requestBody")?;
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/components/requestBodies/")?;
        body = request_bodies?.get(crate::diag::unescape_segment(name))?;
    }
    let content = body.get("content")?.as_object()?;
    let media = content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| content.iter().next())?
        .1;
    media.get("schema").cloned()
}
