//! `cargo xtask drift UPSTREAM OURS [--all] [--paths PREFIX]… [--webhooks
//! PREFIX]…`: what one OpenAPI document has and the other lacks, for a
//! maintainer keeping a hand-written spec in step with a vendor's. Both
//! documents (3.0 or 3.1) are read through the generator's parse and
//! normalize stages, then reduced to facts: operations, their parameters (the
//! leaves of `deepObject` parameters included), response status codes, the
//! fields of request bodies and success responses, enum values, and webhooks
//! with their fields. Operations are matched by method and path, whatever the
//! path parameters are called.
//!
//! Vendors publish one document for their whole platform, so by default only
//! the part OURS is about is compared (see `scope`); `--all` compares
//! everything. The first line says what was left out, the second counts the
//! differences per kind.

mod scope;

use scope::Scope;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How deep a schema is followed through nested objects and references.
const MAX_DEPTH: usize = 8;

/// The command line of `drift`, after the command's name.
pub struct Options {
    upstream: PathBuf,
    ours: PathBuf,
    all: bool,
    paths: Vec<String>,
    webhooks: Vec<String>,
}

impl Options {
    pub fn parse(args: &[&str]) -> Result<Options, String> {
        let mut files = Vec::new();
        let mut all = false;
        let mut paths = Vec::new();
        let mut webhooks = Vec::new();
        let mut args = args.iter();
        while let Some(&arg) = args.next() {
            match arg {
                "--all" => all = true,
                "--paths" => paths.push(prefix_after(arg, args.next(), "/faxes")?),
                "--webhooks" => webhooks.push(prefix_after(arg, args.next(), "fax")?),
                _ if arg.starts_with("--") => return Err(format!("drift: unknown option {arg}")),
                _ => files.push(PathBuf::from(arg)),
            }
        }
        let [upstream, ours] = <[PathBuf; 2]>::try_from(files).map_err(|files| {
            format!(
                "drift: expected two documents, UPSTREAM and OURS, found {}",
                files.len()
            )
        })?;
        if all && !(paths.is_empty() && webhooks.is_empty()) {
            return Err(
                "drift: --all compares everything; it cannot be combined with --paths or --webhooks"
                    .into(),
            );
        }
        Ok(Options {
            upstream,
            ours,
            all,
            paths,
            webhooks,
        })
    }
}

/// The prefix that must follow `--paths` or `--webhooks`.
fn prefix_after(option: &str, value: Option<&&str>, example: &str) -> Result<String, String> {
    match value {
        Some(value) if !value.starts_with("--") => Ok((*value).to_owned()),
        _ => Err(format!(
            "drift: {option} needs a prefix, e.g. {option} {example}"
        )),
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let upstream = read_document(&options.upstream)?;
    let ours = read_document(&options.ours)?;
    write_report(&compare(options, &upstream, &ours))
}

/// Prints the report; a reader that stops early (`| head`) is not an error.
fn write_report(report: &str) -> Result<(), String> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(report.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|e| format!("drift: cannot write the report: {e}")),
    }
}

/// The report: what was compared, the counts per kind, then the facts
/// only one side has.
fn compare(options: &Options, upstream: &Value, ours: &Value) -> String {
    let scope = if options.all {
        Scope::Everything
    } else {
        Scope::new(&options.paths, &options.webhooks, ours)
    };
    let theirs = facts(upstream, &scope);
    let mine = facts(ours, &scope);
    let mut out = scope.first_line(upstream, ours);
    out.push('\n');
    out.push_str(&summary(&theirs, &mine));
    out.push_str("\n\n");
    for (title, from, missing_in, only) in [
        (
            "only in UPSTREAM",
            &options.upstream,
            &options.ours,
            theirs.difference(&mine),
        ),
        (
            "only in OURS",
            &options.ours,
            &options.upstream,
            mine.difference(&theirs),
        ),
    ] {
        let only: Vec<&String> = only.collect();
        out.push_str(&format!(
            "## {title} ({}; missing from {}): {}\n",
            from.display(),
            missing_in.display(),
            thousands(only.len())
        ));
        for fact in only {
            out.push_str(&format!("  {fact}\n"));
        }
        out.push('\n');
    }
    out
}

/// The kinds of fact, in the order the summary names them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Operation,
    Parameter,
    Field,
    EnumValue,
    StatusCode,
    Webhook,
}

impl Kind {
    /// A fact's kind, read off the words it starts with (see `facts`).
    fn of(fact: &str) -> Kind {
        let starts = |word: &str| fact.starts_with(word);
        if starts("operation ") {
            Kind::Operation
        } else if starts("parameter enum ") || (starts("field ") && fact.contains(" = ")) {
            Kind::EnumValue
        } else if starts("parameter ") {
            Kind::Parameter
        } else if starts("response ") {
            Kind::StatusCode
        } else if starts("webhook ") {
            Kind::Webhook
        } else {
            Kind::Field
        }
    }

    fn counted(self, n: usize) -> String {
        let (one, many) = match self {
            Kind::Operation => ("operation", "operations"),
            Kind::Parameter => ("parameter", "parameters"),
            Kind::Field => ("field", "fields"),
            Kind::EnumValue => ("enum value", "enum values"),
            Kind::StatusCode => ("status code", "status codes"),
            Kind::Webhook => ("webhook", "webhooks"),
        };
        format!("{} {}", thousands(n), if n == 1 { one } else { many })
    }
}

/// One line: the differences on each side counted per kind, and the facts in common.
fn summary(theirs: &BTreeSet<String>, mine: &BTreeSet<String>) -> String {
    format!(
        "only in UPSTREAM: {}; only in OURS: {}; in common: {} facts",
        per_kind(theirs.difference(mine)),
        per_kind(mine.difference(theirs)),
        thousands(theirs.intersection(mine).count())
    )
}

/// `1 operation, 3 fields`, or `nothing`.
fn per_kind<'a>(facts: impl Iterator<Item = &'a String>) -> String {
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for fact in facts {
        *counts.entry(Kind::of(fact)).or_default() += 1;
    }
    if counts.is_empty() {
        return "nothing".into();
    }
    let parts: Vec<String> = counts.into_iter().map(|(k, n)| k.counted(n)).collect();
    parts.join(", ")
}

/// `1156` → `1,156`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A document read through the generator's parse and normalize stages.
fn read_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("drift: cannot read {}: {e}", path.display()))?;
    document_from_text(&path.display().to_string(), &text)
}

fn document_from_text(name: &str, text: &str) -> Result<Value, String> {
    let syntax = fax_codegen::parse::Syntax::from_file_name(name);
    let value = fax_codegen::parse::parse(name, text, syntax).map_err(|d| d.to_string())?;
    let normalized = fax_codegen::normalize::normalize(name, value).map_err(|all| {
        all.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(normalized.document)
}

/// Every fact of the part of a document `scope` keeps, as sortable lines:
/// `operation M /p`, `parameter M /p IN NAME`, `parameter enum M /p IN NAME = V`,
/// `response M /p STATUS`, `field OWNER a.b`, `field OWNER a.b = V`,
/// `webhook EVENT` (a field's owner is `M /p body`, `M /p STATUS` or
/// `webhook EVENT`).
fn facts(document: &Value, scope: &Scope) -> BTreeSet<String> {
    let reader = Reader { document };
    let mut facts = BTreeSet::new();
    for (template, item) in reader.path_items() {
        if scope.keeps_path(template) {
            reader.path_facts(template, item, &mut facts);
        }
    }
    for (event, schema) in reader.webhooks() {
        if scope.keeps_webhook(event) {
            reader.webhook_facts(event, schema, &mut facts);
        }
    }
    facts
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
    /// Each path template with its path item (a `$ref` followed).
    fn path_items(&self) -> impl Iterator<Item = (&'a String, &'a Value)> + '_ {
        self.document
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(template, item)| (template, self.resolve(item)))
    }

    /// Each webhook event with the pointer to its schema, when it has one.
    fn webhooks(&self) -> impl Iterator<Item = (&'a String, Option<&'a str>)> {
        self.document
            .get("x-webhooks")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(event, entry)| (event, entry.get("schema").and_then(Value::as_str)))
    }

    /// The facts of every operation of one path.
    fn path_facts(&self, template: &str, item: &'a Value, facts: &mut BTreeSet<String>) {
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let op = format!("{} {}", method.to_ascii_uppercase(), plain_path(template));
            facts.insert(format!("operation {op}"));
            for parameters in [shared, operation.get("parameters")].into_iter().flatten() {
                for parameter in parameters.as_array().into_iter().flatten() {
                    self.parameter(&op, self.resolve(parameter), facts);
                }
            }
            if let Some(body) = operation.get("requestBody") {
                self.content_fields(&format!("{op} body"), body, facts);
            }
            for (status, response) in operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                facts.insert(format!("response {op} {status}"));
                if status.starts_with('2') {
                    self.content_fields(&format!("{op} {status}"), response, facts);
                }
            }
        }
    }

    /// The facts of one webhook: its event and the fields of its schema.
    fn webhook_facts(&self, event: &str, schema: Option<&str>, facts: &mut BTreeSet<String>) {
        facts.insert(format!("webhook {event}"));
        let Some(pointer) = schema else {
            return;
        };
        let schema = serde_json::json!({ "$ref": pointer });
        let mut fields = BTreeSet::new();
        self.fields(&format!("webhook {event}"), "", &schema, 0, &mut fields);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Beside the fax API, what a vendor's whole document has; see its header.
    const PLATFORM: &str = include_str!("../fixtures/drift/whole_platform.yaml");
    const TELNYX: &str = include_str!("../../specs/telnyx_fax.yaml");

    /// The made-up platform with the fax part of OUR Telnyx spec merged in:
    /// a vendor's whole document whose fax part differs from ours only by
    /// what the fixture adds.
    fn whole_platform() -> Value {
        let mut platform: Value = serde_yaml::from_str(PLATFORM).unwrap();
        let ours: Value = serde_yaml::from_str(TELNYX).unwrap();
        add_entries(&mut platform["paths"], &ours["paths"]);
        add_entries(&mut platform["x-webhooks"], &ours["x-webhooks"]);
        for (kind, entries) in ours["components"].as_object().unwrap() {
            let components = platform["components"].as_object_mut().unwrap();
            add_entries(components.entry(kind).or_insert(json!({})), entries);
        }
        document_from_text("whole_platform.json", &platform.to_string()).unwrap()
    }

    fn add_entries(into: &mut Value, from: &Value) {
        let into = into.as_object_mut().unwrap();
        for (name, entry) in from.as_object().unwrap() {
            let clash = into.insert(name.clone(), entry.clone());
            assert!(
                clash.is_none(),
                "`{name}` is in both the fixture and specs/telnyx_fax.yaml: rename the fixture's"
            );
        }
    }

    fn drift(args: &[&str]) -> String {
        let mut all = vec!["whole_platform.yaml", "specs/telnyx_fax.yaml"];
        all.extend(args);
        let options = Options::parse(&all).unwrap();
        let ours = document_from_text("telnyx_fax.yaml", TELNYX).unwrap();
        compare(&options, &whole_platform(), &ours)
    }

    /// The facts listed under the section whose header starts with `title`.
    fn listed<'a>(report: &'a str, title: &str) -> Vec<&'a str> {
        let header = format!("## {title} (");
        report
            .lines()
            .skip_while(|line| !line.starts_with(&header))
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            .map(str::trim)
            .collect()
    }

    /// `compared 12 of 42 UPSTREAM operations, …` → (12, 42).
    fn operations_compared(first_line: &str) -> (usize, usize) {
        let counts = first_line
            .strip_prefix("compared ")
            .and_then(|rest| rest.split_once(" UPSTREAM operations"))
            .and_then(|(counts, _)| counts.split_once(" of "))
            .unwrap_or_else(|| panic!("no operation counts in: {first_line}"));
        (counts.0.parse().unwrap(), counts.1.parse().unwrap())
    }

    #[test]
    fn by_default_only_the_fax_part_of_a_whole_platform_is_compared() {
        let report = drift(&[]);
        let lines: Vec<&str> = report.lines().collect();
        // Left out: the fixture's 25 operations on five other resources,
        // four call commands and `/faxes_reports`.
        let (kept, total) = operations_compared(lines[0]);
        assert_eq!(total - kept, 30, "{}", lines[0]);
        assert!(
            lines[0].ends_with(
                "(paths under /fax_applications, /faxes, from OURS; webhooks fax.*, from OURS); \
                     --all compares everything"
            ),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with(
                "only in UPSTREAM: 1 operation, 1 parameter, 9 fields, 1 enum value, 2 status codes, 1 webhook; \
                 only in OURS: nothing; in common: "
            ),
            "{}",
            lines[1]
        );
        assert_eq!(
            listed(&report, "only in UPSTREAM"),
            [
                "field POST /faxes/{}/actions/resend 202 data",
                "field POST /faxes/{}/actions/resend 202 data.id",
                "field POST /faxes/{}/actions/resend 202 data.status",
                "field POST /faxes/{}/actions/resend 202 data.status = queued",
                "field webhook fax.email.delivered id",
                "field webhook fax.email.delivered occurred_at",
                "field webhook fax.email.delivered payload",
                "field webhook fax.email.delivered payload.delivered_at",
                "field webhook fax.email.delivered payload.email",
                "field webhook fax.email.delivered payload.fax_id",
                "operation POST /faxes/{}/actions/resend",
                "parameter POST /faxes/{}/actions/resend path fax_id",
                "response POST /faxes/{}/actions/resend 202",
                "response POST /faxes/{}/actions/resend 401",
                "webhook fax.email.delivered",
            ]
        );
        assert!(listed(&report, "only in OURS").is_empty(), "{report}");
    }

    #[test]
    fn all_compares_the_whole_platform() {
        let report = drift(&["--all"]);
        assert!(report.starts_with("compared all "), "{report}");
        let only_upstream = listed(&report, "only in UPSTREAM");
        for fact in [
            "operation POST /faxes/{}/actions/resend",
            "webhook fax.email.delivered",
            "operation GET /phone_numbers",
            "parameter enum GET /sim_cards query filter[status] = standby",
            "operation GET /faxes_reports",
            "webhook fax_report.ready",
            "field webhook call.hangup payload.hangup_cause = timeout",
        ] {
            assert!(only_upstream.contains(&fact), "{fact} missing:\n{report}");
        }
        assert!(only_upstream.len() > 500, "{}", only_upstream.len());
    }

    #[test]
    fn a_given_scope_applies_to_both_sides() {
        let report = drift(&["--paths", "/phone_numbers", "--webhooks", "message"]);
        assert!(
            report.lines().next().unwrap().contains(
                "(paths under /phone_numbers, from --paths; webhooks message.*, from --webhooks)"
            ),
            "{report}"
        );
        let facts = listed(&report, "only in UPSTREAM");
        assert!(
            facts.contains(&"operation DELETE /phone_numbers/{}"),
            "{report}"
        );
        assert!(facts.contains(&"webhook message.finalized"), "{report}");
        assert!(
            facts
                .iter()
                .all(|f| f.contains("/phone_numbers") || f.contains("webhook message.")),
            "{report}"
        );
        assert!(listed(&report, "only in OURS").is_empty(), "{report}");
    }

    #[test]
    fn options_refuse_what_cannot_be_meant() {
        let parse = |args: &[&str]| Options::parse(args).err().unwrap_or_default();
        assert!(parse(&["up.yaml"]).contains("expected two documents"));
        assert!(parse(&["up.yaml", "ours.yaml", "--paths"]).contains("--paths needs a prefix"));
        assert!(parse(&["up.yaml", "ours.yaml", "--webhooks", "--all"]).contains("needs a prefix"));
        assert!(parse(&["up.yaml", "ours.yaml", "--all", "--paths", "/x"])
            .contains("cannot be combined"));
        assert!(parse(&["up.yaml", "ours.yaml", "--everything"]).contains("unknown option"));
        let options = Options::parse(&["--paths", "/faxes", "up.yaml", "ours.yaml"]).unwrap();
        assert_eq!(options.paths, ["/faxes"]);
        assert_eq!(options.ours, Path::new("ours.yaml"));
    }

    #[test]
    fn a_missing_document_is_named() {
        let err = read_document(Path::new("no/such/upstream.yaml")).unwrap_err();
        assert!(err.contains("no/such/upstream.yaml"), "{err}");
    }
}
