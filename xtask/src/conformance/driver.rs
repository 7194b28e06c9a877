//! The driver of one generated client: a program, written from the API's IR,
//! that calls every operation through the generated `Client` with every
//! parameter set (required ones as arguments, optional ones through their
//! setters) and the body, each value read from the samples file and
//! deserialized into the Rust type the client takes. For each call it
//! writes one JSON line: the request as `to_http_request()` built it, the
//! values it set, and what Prism answered.
//!
//! Also here: the plan, the list of operations as the IR has them, that
//! tells the sample scripts which values each call needs.

use fax_codegen::ir::{Api, BodyEncoding, Operation, ParamLocation, SchemeKind, TypeRef};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The `in` of a parameter location, as OpenAPI writes it.
pub fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The media type a body is sent as.
pub fn media_type(encoding: &BodyEncoding) -> &str {
    match encoding {
        BodyEncoding::Json(media) | BodyEncoding::Raw(media) => media,
        BodyEncoding::Form => "application/x-www-form-urlencoded",
        BodyEncoding::Multipart => "multipart/form-data",
    }
}

/// The plan of one API: each operation (request builder) of the IR with the
/// parameters and body its call needs, in the driver's order.
pub fn plan(api: &Api, spec_file: &str) -> Value {
    let operations: Vec<Value> = api
        .operations
        .iter()
        .enumerate()
        .map(|(index, op)| {
            let params: Vec<Value> = op
                .params
                .iter()
                .map(|p| {
                    json!({
                        "name": p.wire_name,
                        "in": location_name(p.location),
                        "rust_name": p.name,
                        "required": p.required,
                    })
                })
                .collect();
            let body = op.body.as_ref().map(|b| {
                json!({
                    "media_type": media_type(&b.encoding),
                    "required": b.required,
                    "binary": b.ty == TypeRef::Binary,
                })
            });
            json!({
                "index": index,
                "id": op.id,
                "builder": op.builder_name,
                "method": op.method,
                "path": op.path,
                "params": params,
                "body": body,
            })
        })
        .collect();
    json!({ "spec": spec_file, "title": api.title, "operations": operations })
}

/// An identifier as the generator writes it: keywords raw.
fn ident(name: &str) -> String {
    if fax_codegen::lower::is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The expression that reads a sample as a value of `ty`, for
/// parameter `i` of operation `op` or (`i` None) its body: date-times (and
/// lists of them) are read and recorded as RFC 3339 text, everything else
/// with serde.
fn read_expr(api: &Api, ty: &TypeRef, op: usize, i: Option<usize>) -> String {
    let (accessor, slot) = match i {
        Some(i) => ("param", format!("{op}, {i}")),
        None => ("body", op.to_string()),
    };
    // An alias of a date-time is one on the wire too.
    match api.through_aliases(ty) {
        TypeRef::DateTime => format!("d.{accessor}_with({slot}, r, date_time, rfc3339)?"),
        TypeRef::Vec(item) if **item == TypeRef::DateTime => {
            format!("d.{accessor}_with({slot}, r, date_times, rfc3339s)?")
        }
        _ => {
            let rust = fax_codegen::emit::type_in_operations(api, ty);
            format!("d.{accessor}::<{rust}>({slot}, r)?")
        }
    }
}

/// One operation's call: reads its values, builds the request through the
/// client and sends it.
fn call_fn(api: &Api, index: usize, op: &Operation) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "async fn call_{index}(d: &Driver, r: &mut Record) -> Result<(), String> {{"
    );
    let mut arguments = Vec::new();
    for (i, p) in op.params.iter().enumerate().filter(|(_, p)| p.required) {
        let read = read_expr(api, &p.ty, index, Some(i));
        let _ = writeln!(out, "    let a_{i} = {read};");
        arguments.push(format!("a_{i}"));
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let read = read_expr(api, &body.ty, index, None);
        let _ = writeln!(out, "    let body = {read};");
        arguments.push("body".to_owned());
    }
    let _ = writeln!(
        out,
        "    let b = d.client.{}({});",
        ident(&op.fn_name),
        arguments.join(", ")
    );
    for (i, p) in op.params.iter().enumerate().filter(|(_, p)| !p.required) {
        let read = read_expr(api, &p.ty, index, Some(i));
        let _ = writeln!(out, "    let b = b.{}({read});", ident(&p.name));
    }
    if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
        let read = read_expr(api, &body.ty, index, None);
        let _ = writeln!(out, "    let b = b.body({read});");
    }
    out.push_str("    let request = b.to_http_request();\n");
    out.push_str("    d.exchange(r, request, b.send()).await\n}\n\n");
    out
}

/// The client's constructor call, aimed at `url` (a variable of the driver).
fn client_expr(api: &Api, lib: &str) -> String {
    if api.server.url.is_empty() {
        return format!("{lib}::Client::new(url.clone(), credentials())");
    }
    let variables: String = api.server.variables.iter().map(|_| "\"x\", ").collect();
    format!("{lib}::Client::new({variables}credentials()).with_base_url(url.clone())")
}

/// The credentials a driver gives its client: one of each kind the API's
/// security schemes use (basic, bearer, API key, and one per other HTTP
/// scheme), so that the runtime can meet any operation's security; none when
/// the API declares no scheme.
pub fn credentials(api: &Api) -> String {
    let (mut basic, mut bearer, mut api_key) = (false, false, false);
    let mut http: Vec<String> = Vec::new();
    for scheme in &api.security_schemes {
        match &scheme.kind {
            SchemeKind::Basic => basic = true,
            SchemeKind::Bearer { .. } => bearer = true,
            SchemeKind::ApiKey { .. } => api_key = true,
            SchemeKind::Http { scheme } => {
                if scheme.eq_ignore_ascii_case("basic") {
                    basic = true;
                } else if scheme.eq_ignore_ascii_case("bearer") {
                    bearer = true;
                } else if !http.iter().any(|h| h.eq_ignore_ascii_case(scheme)) {
                    http.push(scheme.clone());
                }
            }
            SchemeKind::MutualTls => {}
        }
    }
    let mut parts = Vec::new();
    if basic {
        parts.push("fax_runtime::Credentials::basic(\"user\", \"pass\")".to_owned());
    }
    if bearer {
        parts.push("fax_runtime::Credentials::bearer(\"token\")".to_owned());
    }
    if api_key {
        parts.push("fax_runtime::Credentials::api_key(\"key\")".to_owned());
    }
    for scheme in http {
        parts.push(format!(
            "fax_runtime::Credentials::http({scheme:?}, \"credential\")"
        ));
    }
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return "fax_runtime::Credentials::none()".to_owned();
    };
    let mut out = first;
    for part in parts {
        let _ = write!(out, "\n        .and({part})");
    }
    out
}

/// The driver program of crate `lib`, authenticating with the Rust
/// expression `credentials` (a `fax_runtime::Credentials`).
pub fn source(api: &Api, lib: &str, credentials: &str) -> String {
    let mut calls = String::new();
    let mut table = String::new();
    for (index, op) in api.operations.iter().enumerate() {
        calls.push_str(&call_fn(api, index, op));
        let _ = writeln!(table, "        {index} => call_{index}(d, r).await,");
    }
    let count = api.operations.len();
    let client = client_expr(api, lib);
    format!(
        r#"//! The conformance driver of `{lib}`, written by `cargo xtask conformance`:
//! every operation called through the generated client, every parameter set.
//! Usage: DRIVER PRISM_URL SAMPLES_JSON RESULTS_JSONL [FROM]
//! (FROM: the first operation to call; the records are then appended)

#[allow(unused_imports)] // only where some value has a type of the API's own
use {lib}::types;
use fax_runtime::http;
use serde_json::{{json, Value}};
use std::io::Write as _;

const OPERATIONS: usize = {count};

fn credentials() -> fax_runtime::Credentials {{
    {credentials}
}}

struct Driver {{
    client: {lib}::Client,
    samples: Value,
    http: fax_runtime::reqwest::Client,
}}

#[derive(Default, serde::Serialize)]
struct Record {{
    index: usize,
    outcome: String,
    reason: Option<String>,
    status: Option<u16>,
    violations: Vec<Value>,
    request: Option<Value>,
    params: Vec<Value>,
    body: Option<Value>,
    /// No response arrived: the server may be gone.
    transport: bool,
    /// The body of an error response.
    response: Option<String>,
}}

fn date_time(value: &Value) -> Result<time::OffsetDateTime, String> {{
    let text = value.as_str().ok_or("a date-time sample that is not a string")?;
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("date-time {{text:?}}: {{e}}"))
}}

fn date_times(value: &Value) -> Result<Vec<time::OffsetDateTime>, String> {{
    value
        .as_array()
        .ok_or("a list of date-times that is not a list")?
        .iter()
        .map(date_time)
        .collect()
}}

fn rfc3339(value: &time::OffsetDateTime) -> Value {{
    value
        .format(&time::format_description::well_known::Rfc3339)
        .map(Value::String)
        .unwrap_or(Value::Null)
}}

fn rfc3339s(values: &Vec<time::OffsetDateTime>) -> Value {{
    Value::Array(values.iter().map(rfc3339).collect())
}}

/// A value the driver set, as JSON, for the record.
fn as_set<T: serde::Serialize>(value: &T) -> Value {{
    serde_json::to_value(value).unwrap_or_else(|e| json!({{"unserializable": e.to_string()}}))
}}

fn from_sample<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {{
    serde_json::from_value::<T>(value.clone()).map_err(|e| e.to_string())
}}

impl Driver {{
    fn slot(&self, op: usize, param: Option<usize>) -> Result<&Value, String> {{
        let operation = &self.samples["operations"][op];
        let slot = match param {{
            Some(i) => &operation["params"][i],
            None => &operation["body"],
        }};
        if let Some(problem) = slot.get("problem").and_then(Value::as_str) {{
            return Err(format!("no sample: {{problem}}"));
        }}
        slot.get("value").ok_or_else(|| "no sample".to_owned())
    }}

    fn param<T: serde::de::DeserializeOwned + serde::Serialize>(
        &self,
        op: usize,
        i: usize,
        r: &mut Record,
    ) -> Result<T, String> {{
        self.param_with(op, i, r, from_sample::<T>, as_set::<T>)
    }}

    fn param_with<T>(
        &self,
        op: usize,
        i: usize,
        r: &mut Record,
        read: impl Fn(&Value) -> Result<T, String>,
        show: impl Fn(&T) -> Value,
    ) -> Result<T, String> {{
        let sample = self.slot(op, Some(i))?;
        let slot = &self.samples["operations"][op]["params"][i];
        let name = slot["name"].as_str().unwrap_or_default().to_owned();
        let location = slot["in"].as_str().unwrap_or_default().to_owned();
        let value = read(sample).map_err(|e| {{
            format!("the sample of {{location}} parameter {{name}} ({{sample}}) does not deserialize: {{e}}")
        }})?;
        r.params.push(json!({{"name": name, "in": location, "value": show(&value)}}));
        Ok(value)
    }}

    fn body<T: serde::de::DeserializeOwned + serde::Serialize>(
        &self,
        op: usize,
        r: &mut Record,
    ) -> Result<T, String> {{
        self.body_with(op, r, from_sample::<T>, as_set::<T>)
    }}

    fn body_with<T>(
        &self,
        op: usize,
        r: &mut Record,
        read: impl Fn(&Value) -> Result<T, String>,
        show: impl Fn(&T) -> Value,
    ) -> Result<T, String> {{
        let sample = self.slot(op, None)?;
        let value = read(sample)
            .map_err(|e| format!("the body sample ({{sample}}) does not deserialize: {{e}}"))?;
        r.body = Some(show(&value));
        Ok(value)
    }}

    /// Records the request as built, sends it with the builder's `send()`,
    /// and on an error status asks Prism again (the same request, by hand)
    /// for the violations it found.
    async fn exchange<T, E: std::fmt::Debug>(
        &self,
        r: &mut Record,
        request: Result<http::Request<Vec<u8>>, fax_runtime::Error<E>>,
        send: impl std::future::Future<Output = Result<T, fax_runtime::Error<E>>>,
    ) -> Result<(), String> {{
        let request = request.map_err(|e| format!("to_http_request failed: {{e}}"))?;
        let headers: Vec<Value> = request
            .headers()
            .iter()
            .map(|(k, v)| json!([k.as_str(), String::from_utf8_lossy(v.as_bytes())]))
            .collect();
        let body = request.body();
        let (text, utf8) = match std::str::from_utf8(body) {{
            Ok(text) => (text.to_owned(), true),
            Err(_) => (String::from_utf8_lossy(body).into_owned(), false),
        }};
        r.request = Some(json!({{
            "method": request.method().as_str(),
            "url": request.uri().to_string(),
            "headers": headers,
            "body": text,
            "body_utf8": utf8,
        }}));
        match send.await {{
            Ok(_) => {{
                r.outcome = "SENT".into();
                Ok(())
            }}
            Err(fax_runtime::Error::Api(error)) => {{
                r.status = Some(error.status.as_u16());
                r.outcome = "ERROR_STATUS".into();
                // Prism's own failure to make up a response (500) is asked
                // no second time: it may take as long again.
                if error.status.as_u16() != 500 {{
                    r.violations = self.violations(request).await;
                }}
                r.response = Some(error.raw_body.chars().take(4000).collect());
                r.reason = Some(format!(
                    "Prism answered {{}}: {{}}",
                    error.status,
                    error.raw_body.chars().take(600).collect::<String>()
                ));
                Ok(())
            }}
            Err(fax_runtime::Error::Decode(error)) => {{
                r.status = Some(error.status.as_u16());
                Err(format!(
                    "the response ({{}}) does not decode: {{}}; body starts {{:?}}",
                    error.status, error.source, error.excerpt
                ))
            }}
            Err(error) => {{
                r.status = error.status().map(|s| s.as_u16());
                r.transport = matches!(error, fax_runtime::Error::Transport(_));
                Err(format!("send failed: {{error}}"))
            }}
        }}
    }}

    /// Prism's `sl-violations` for a request, sent again as built.
    async fn violations(&self, request: http::Request<Vec<u8>>) -> Vec<Value> {{
        let Ok(request) = fax_runtime::reqwest::Request::try_from(request) else {{
            return Vec::new();
        }};
        let Ok(response) = self.http.execute(request).await else {{
            return Vec::new();
        }};
        response
            .headers()
            .get("sl-violations")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| serde_json::from_str::<Value>(v).ok())
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    }}
}}

{calls}async fn call(d: &Driver, index: usize, r: &mut Record) -> Result<(), String> {{
    match index {{
{table}        _ => Err("no such operation".to_owned()),
    }}
}}

#[tokio::main(flavor = "current_thread")]
async fn main() {{
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (url, samples, results, from) = match args.as_slice() {{
        [url, samples, results] => (url, samples, results, None),
        [url, samples, results, from] => (url, samples, results, from.parse::<usize>().ok()),
        _ => {{
            eprintln!("usage: driver PRISM_URL SAMPLES_JSON RESULTS_JSONL [FROM]");
            std::process::exit(2);
        }}
    }};
    let samples: Value = serde_json::from_str(
        &std::fs::read_to_string(samples).expect("the samples file reads"),
    )
    .expect("the samples file is JSON");
    let client = {client}
        .with_timeout(Some(std::time::Duration::from_secs(30)))
        .with_retry(fax_runtime::RetryPolicy::none());
    let driver = Driver {{
        client,
        samples,
        http: fax_runtime::reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("a reqwest client builds"),
    }};
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(from.is_some())
        .truncate(from.is_none())
        .open(results)
        .expect("the results file can be written");
    let mut out = std::io::LineWriter::new(file);
    for index in from.unwrap_or(0)..OPERATIONS {{
        let mut record = Record {{
            index,
            ..Record::default()
        }};
        if let Err(reason) = call(&driver, index, &mut record).await {{
            record.outcome = "FAIL".into();
            record.reason = Some(reason);
        }}
        let line = serde_json::to_string(&record).expect("a record serializes");
        writeln!(out, "{{line}}").expect("the results file can be written");
        if record.transport {{
            // The server may have died: the caller restarts it and goes on.
            out.flush().expect("the results file can be written");
            std::process::exit(3);
        }}
    }}
    out.flush().expect("the results file can be written");
}}
"#
    )
}
