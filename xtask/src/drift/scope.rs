//! Which part of a document `drift` compares. Vendors publish one document
//! for their whole platform; the fax facts drown in it unless the comparison
//! keeps to the part OURS is about:
//!
//! - **Paths.** Each of OUR paths, without a leading version segment (`v1`,
//!   `v2beta`, `2010-04-01`) and without its trailing `{…}` segments, is a
//!   *root*: `/faxes/{id}` gives `/faxes`, `/v1/Faxes/{Sid}` gives `/Faxes`,
//!   `/Accounts/{AccountSid}/Faxes/{FaxSid}/Media` gives
//!   `/Accounts/{}/Faxes/{}/Media`, which `/Accounts/{}/Faxes` (from
//!   `/Accounts/{AccountSid}/Faxes`) already covers. A path is kept when a
//!   root is its leading segments, compared segment by segment after the same
//!   version rule: `{…}` matches `{…}` whatever the parameter is called,
//!   `/faxes/{fax_id}/actions/resend` is under `/faxes`, `/faxes_reports` is
//!   not. The root is not the first literal segment alone: SignalWire's paths
//!   all start `/Accounts/{AccountSid}/`, like every other resource of its
//!   platform.
//! - **Webhooks.** Each of OUR event names up to its first dot is a prefix
//!   (`fax.queued` gives `fax`); an event is kept when it is the prefix or
//!   starts with the prefix and a dot (`fax.email.delivered`, not
//!   `fax_report.ready`).
//! - **Schemas** are not compared on their own (their fields are facts of the
//!   operations and webhooks that reach them); the first line counts those the
//!   kept operations and webhooks reach through `$ref`s, directly or not.
//!
//! `--paths PREFIX` and `--webhooks PREFIX` replace the guess for their kind;
//! `--all` keeps everything.

use super::{thousands, Reader, METHODS};
use serde_json::Value;
use std::collections::BTreeSet;

/// What `drift` compares, on both sides.
pub enum Scope {
    Everything,
    Part {
        paths: PathRule,
        webhooks: WebhookRule,
    },
}

/// Where a rule came from, said in the first line of the output.
#[derive(Clone, Copy)]
pub enum Origin {
    Ours,
    Option,
}

pub struct PathRule {
    roots: Vec<Root>,
    origin: Origin,
}

pub struct WebhookRule {
    prefixes: Vec<String>,
    origin: Origin,
}

/// A path's segments with `{…}` written `{}` and a leading version dropped.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Root(Vec<String>);

impl Scope {
    /// The scope for OURS: each rule given as options, or guessed from OURS.
    pub fn new(paths: &[String], webhooks: &[String], ours: &Value) -> Scope {
        let paths = if paths.is_empty() {
            PathRule::guessed(ours)
        } else {
            PathRule::given(paths)
        };
        let webhooks = if webhooks.is_empty() {
            WebhookRule::guessed(ours)
        } else {
            WebhookRule::given(webhooks)
        };
        Scope::Part { paths, webhooks }
    }

    pub fn keeps_path(&self, template: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Part { paths, .. } => paths.keeps(template),
        }
    }

    pub fn keeps_webhook(&self, event: &str) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Part { webhooks, .. } => webhooks.keeps(event),
        }
    }

    /// The output's first line: how much of each document was compared, and why.
    pub fn first_line(&self, upstream: &Value, ours: &Value) -> String {
        let theirs = Coverage::of(upstream, self);
        let Scope::Part { paths, webhooks } = self else {
            return format!(
                "compared all {} UPSTREAM operations, {} schemas and {} webhooks (--all)",
                thousands(theirs.operations.total),
                thousands(theirs.schemas.total),
                thousands(theirs.webhooks.total),
            );
        };
        let mut line = format!(
            "compared {} UPSTREAM operations, {} schemas and {} webhooks",
            theirs.operations, theirs.schemas, theirs.webhooks
        );
        // A guessed scope keeps all of OURS by construction; a given one may not.
        if let Some(ours) = Coverage::of(ours, self).what_is_left_out() {
            line.push_str(&format!(", and of OURS {ours}"));
        }
        format!(
            "{line} ({}; {}); --all compares everything",
            paths.describe(),
            webhooks.describe()
        )
    }
}

impl PathRule {
    /// The roots of OUR paths; a root under another root adds nothing.
    fn guessed(ours: &Value) -> PathRule {
        let mut roots: Vec<Root> = ours
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|paths| paths.keys())
            .map(|template| Root::of(template).without_trailing_parameters())
            .collect();
        roots.sort();
        roots.dedup();
        let outermost = roots
            .iter()
            .filter(|root| {
                !roots
                    .iter()
                    .any(|other| other != *root && other.covers(root))
            })
            .cloned()
            .collect();
        PathRule {
            roots: outermost,
            origin: Origin::Ours,
        }
    }

    /// The prefixes of `--paths`, as written (a leading version aside).
    fn given(prefixes: &[String]) -> PathRule {
        let mut roots: Vec<Root> = prefixes.iter().map(|p| Root::of(p)).collect();
        roots.sort();
        roots.dedup();
        PathRule {
            roots,
            origin: Origin::Option,
        }
    }

    fn keeps(&self, template: &str) -> bool {
        let path = Root::of(template);
        self.roots.iter().any(|root| root.covers(&path))
    }

    fn describe(&self) -> String {
        let from = match self.origin {
            Origin::Ours => "from OURS",
            Origin::Option => "from --paths",
        };
        if self.roots.is_empty() {
            return format!("no paths, {from}");
        }
        let roots: Vec<String> = self.roots.iter().map(Root::to_string).collect();
        format!("paths under {}, {from}", roots.join(", "))
    }
}

impl WebhookRule {
    /// OUR event names up to their first dot.
    fn guessed(ours: &Value) -> WebhookRule {
        let events = ours
            .get("x-webhooks")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|webhooks| webhooks.keys());
        let prefixes: BTreeSet<String> = events
            .map(|event| event.split('.').next().unwrap_or(event).to_owned())
            .collect();
        WebhookRule {
            prefixes: prefixes.into_iter().collect(),
            origin: Origin::Ours,
        }
    }

    /// The prefixes of `--webhooks`; `fax`, `fax.` and `fax.*` are one prefix.
    fn given(prefixes: &[String]) -> WebhookRule {
        let prefixes: BTreeSet<String> = prefixes
            .iter()
            .map(|p| p.trim_end_matches('*').trim_end_matches('.').to_owned())
            .collect();
        WebhookRule {
            prefixes: prefixes.into_iter().collect(),
            origin: Origin::Option,
        }
    }

    fn keeps(&self, event: &str) -> bool {
        self.prefixes.iter().any(|prefix| {
            event
                .strip_prefix(prefix.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    }

    fn describe(&self) -> String {
        let from = match self.origin {
            Origin::Ours => "from OURS",
            Origin::Option => "from --webhooks",
        };
        if self.prefixes.is_empty() {
            return format!("no webhooks, {from}");
        }
        let prefixes: Vec<String> = self.prefixes.iter().map(|p| format!("{p}.*")).collect();
        format!("webhooks {}, {from}", prefixes.join(", "))
    }
}

impl Root {
    fn of(template: &str) -> Root {
        let plain = super::plain_path(template);
        let mut segments: Vec<String> = plain
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if segments.first().is_some_and(|s| is_version(s)) {
            segments.remove(0);
        }
        Root(segments)
    }

    /// `/faxes/{}` → `/faxes`: the collection, not one of its items.
    fn without_trailing_parameters(mut self) -> Root {
        while self.0.last().is_some_and(|s| s == "{}") {
            self.0.pop();
        }
        self
    }

    /// Whether `self` is `path` or its leading segments.
    fn covers(&self, path: &Root) -> bool {
        path.0.len() >= self.0.len() && path.0.iter().zip(&self.0).all(|(a, b)| a == b)
    }
}

impl std::fmt::Display for Root {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}", self.0.join("/"))
    }
}

/// `v1`, `v2`, `v1.0`, `v2beta1` or a date such as `2010-04-01`: a version
/// segment that says nothing about which resource a path is.
fn is_version(segment: &str) -> bool {
    is_numbered_version(segment) || is_date(segment)
}

fn is_numbered_version(segment: &str) -> bool {
    let Some(rest) = segment
        .strip_prefix('v')
        .or_else(|| segment.strip_prefix('V'))
    else {
        return false;
    };
    let number_end = rest
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(rest.len());
    let (number, label) = rest.split_at(number_end);
    number.starts_with(|c: char| c.is_ascii_digit())
        && label.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_date(segment: &str) -> bool {
    let parts: Vec<&str> = segment.split('-').collect();
    matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2)
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// How many of a document's operations, schemas and webhooks a scope keeps.
struct Coverage {
    operations: Count,
    schemas: Count,
    webhooks: Count,
}

struct Count {
    kept: usize,
    total: usize,
}

impl Count {
    fn left_out(&self) -> bool {
        self.kept < self.total
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} of {}", thousands(self.kept), thousands(self.total))
    }
}

impl Coverage {
    /// `0 of 11 operations and 0 of 5 webhooks`, naming only the kinds not
    /// kept whole; `None` when everything is kept.
    fn what_is_left_out(&self) -> Option<String> {
        let left_out: Vec<String> = [
            ("operations", &self.operations),
            ("webhooks", &self.webhooks),
        ]
        .into_iter()
        .filter(|(_, count)| count.left_out())
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
        (!left_out.is_empty()).then(|| left_out.join(" and "))
    }

    fn of(document: &Value, scope: &Scope) -> Coverage {
        let reader = Reader { document };
        let mut operations = Count { kept: 0, total: 0 };
        let mut kept_items: Vec<&Value> = Vec::new();
        for (template, item) in reader.path_items() {
            let count = METHODS.iter().filter(|m| item.get(**m).is_some()).count();
            operations.total += count;
            if scope.keeps_path(template) {
                operations.kept += count;
                kept_items.push(item);
            }
        }
        let mut webhooks = Count { kept: 0, total: 0 };
        let mut kept_events: Vec<&str> = Vec::new();
        for (event, schema) in reader.webhooks() {
            webhooks.total += 1;
            if scope.keeps_webhook(event) {
                webhooks.kept += 1;
                kept_events.extend(schema);
            }
        }
        let total = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map_or(0, |schemas| schemas.len());
        let kept = match scope {
            Scope::Everything => total,
            Scope::Part { .. } => reached_schemas(document, kept_items, &kept_events).len(),
        };
        Coverage {
            operations,
            schemas: Count { kept, total },
            webhooks,
        }
    }
}

/// The names of the component schemas reached through `$ref`s from `values`
/// and from the references `pointers` (webhooks name their schema so),
/// following each reference once (so cycles end).
fn reached_schemas<'a>(
    document: &'a Value,
    values: Vec<&'a Value>,
    pointers: &[&'a str],
) -> BTreeSet<String> {
    let mut followed: BTreeSet<&str> = BTreeSet::new();
    let mut schemas = BTreeSet::new();
    let mut pending = values;
    let mut references: Vec<&str> = pointers.to_vec();
    loop {
        for reference in references.drain(..) {
            let Some(pointer) = reference.strip_prefix('#') else {
                continue;
            };
            if !followed.insert(pointer) {
                continue;
            }
            if let Some(target) = document.pointer(pointer) {
                schemas.extend(schema_name(pointer));
                pending.push(target);
            }
        }
        let Some(value) = pending.pop() else {
            return schemas;
        };
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    references.push(reference);
                }
                pending.extend(map.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
}

/// `/components/schemas/Fax/properties/id` → `Fax`.
fn schema_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    let name = rest.split('/').next()?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn guessed(ours: Value) -> Scope {
        Scope::new(&[], &[], &ours)
    }

    #[test]
    fn a_path_is_in_scope_under_one_of_ours_whatever_its_parameters_are_called() {
        let scope = guessed(json!({ "paths": {
            "/faxes": {}, "/faxes/{id}": {}, "/faxes/{id}/actions/cancel": {}, "/fax_applications/{id}": {},
        }}));
        assert!(scope.keeps_path("/faxes/{fax_id}/actions/resend"));
        assert!(scope.keeps_path("/faxes/{fax_id}/media"));
        assert!(
            scope.keeps_path("/fax_applications"),
            "the collection of an item OURS has"
        );
        assert!(
            !scope.keeps_path("/faxes_reports"),
            "a prefix is whole segments"
        );
        assert!(!scope.keeps_path("/phone_numbers"));
        assert!(!scope.keeps_path("/{id}/faxes"));
    }

    #[test]
    fn a_shared_parent_of_every_resource_is_not_the_scope() {
        // SignalWire's LaML paths: every resource of the platform is under
        // `/Accounts/{AccountSid}`, only the faxes are ours.
        let scope = guessed(json!({ "paths": {
            "/Accounts/{AccountSid}/Faxes": {},
            "/Accounts/{AccountSid}/Faxes/{FaxSid}/Media/{Sid}": {},
        }}));
        assert!(scope.keeps_path("/Accounts/{Account}/Faxes/{Sid}/Pages"));
        assert!(!scope.keeps_path("/Accounts/{AccountSid}/Calls"));
        assert!(!scope.keeps_path("/Accounts/{AccountSid}"));
        let Scope::Part { paths, .. } = &scope else {
            unreachable!()
        };
        assert_eq!(
            paths.describe(),
            "paths under /Accounts/{}/Faxes, from OURS"
        );
    }

    #[test]
    fn a_leading_version_says_nothing_about_the_resource() {
        let scope = guessed(json!({ "paths": { "/v1/Faxes/{Sid}": {} } }));
        assert!(scope.keeps_path("/v1/Faxes"));
        assert!(
            scope.keeps_path("/v2/Faxes/{Sid}/Media"),
            "a new version of our API"
        );
        assert!(!scope.keeps_path("/v1/Calls"));
        for version in ["v1", "V2", "v1.0", "v2beta1", "2010-04-01"] {
            assert!(is_version(version), "{version}");
        }
        for resource in ["video", "v", "vault", "v1-legacy", "2010", "2010-04-1x"] {
            assert!(!is_version(resource), "{resource}");
        }
    }

    #[test]
    fn a_webhook_is_in_scope_when_it_shares_the_prefix_before_the_first_dot() {
        let scope =
            guessed(json!({ "x-webhooks": { "fax.queued": {}, "fax.media.processed": {} } }));
        assert!(scope.keeps_webhook("fax.email.delivered"));
        assert!(scope.keeps_webhook("fax.queued"));
        assert!(!scope.keeps_webhook("fax_report.ready"));
        assert!(!scope.keeps_webhook("message.sent"));
        let given = Scope::new(&[], &["message.*".into()], &json!({}));
        assert!(given.keeps_webhook("message.sent"));
        assert!(
            !given.keeps_webhook("fax.queued"),
            "--webhooks replaces the guess"
        );
    }

    #[test]
    fn given_paths_replace_the_guess() {
        let ours = json!({ "paths": { "/faxes": {} } });
        let scope = Scope::new(&["/phone_numbers".into(), "/calls/{id}".into()], &[], &ours);
        assert!(scope.keeps_path("/phone_numbers/{id}"));
        assert!(scope.keeps_path("/calls/{call_control_id}/actions/answer"));
        assert!(
            !scope.keeps_path("/calls"),
            "a given prefix is taken as written"
        );
        assert!(!scope.keeps_path("/faxes"));
    }

    fn upstream() -> Value {
        let fax = json!({ "responses": { "200": { "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Fax" } } } } } });
        json!({
            "paths": {
                "/faxes": { "get": fax },
                "/faxes/{fax_id}/actions/resend": { "post": {} },
                "/calls": { "get": {}, "post": {} },
            },
            "x-webhooks": {
                "fax.queued": { "schema": "#/components/schemas/Queued" },
                "call.hangup": { "schema": "#/components/schemas/Hangup" },
            },
            "components": { "schemas": {
                "Fax": { "properties": {
                    "status": { "$ref": "#/components/schemas/Status" },
                    "original": { "$ref": "#/components/schemas/Fax" },
                } },
                "Status": { "enum": ["queued"] },
                "Queued": { "properties": { "fax": { "$ref": "#/components/schemas/Fax" } } },
                "Hangup": {},
                "Call": {},
            } },
        })
    }

    fn ours() -> Value {
        json!({
            "paths": { "/faxes": { "get": {} }, "/faxes/{id}": { "get": {} } },
            "x-webhooks": { "fax.queued": { "schema": "#/components/schemas/Queued" } },
        })
    }

    #[test]
    fn the_first_line_counts_what_was_compared_and_says_why() {
        let line = guessed(ours()).first_line(&upstream(), &ours());
        // Fax from the operation, Status through Fax, Queued from the webhook.
        assert_eq!(
            line,
            "compared 2 of 4 UPSTREAM operations, 3 of 5 schemas and 1 of 2 webhooks \
             (paths under /faxes, from OURS; webhooks fax.*, from OURS); --all compares everything"
        );
        let given = Scope::new(&["/calls".into()], &["call".into()], &ours());
        assert_eq!(
            given.first_line(&upstream(), &ours()),
            "compared 2 of 4 UPSTREAM operations, 1 of 5 schemas and 1 of 2 webhooks, \
             and of OURS 0 of 2 operations and 0 of 1 webhooks \
             (paths under /calls, from --paths; webhooks call.*, from --webhooks); --all compares everything"
        );
        let paths_only = Scope::new(&["/calls".into()], &[], &ours());
        assert!(paths_only
            .first_line(&upstream(), &ours())
            .contains("3 of 5 schemas and 1 of 2 webhooks, and of OURS 0 of 2 operations ("));
        assert_eq!(
            Scope::Everything.first_line(&upstream(), &ours()),
            "compared all 4 UPSTREAM operations, 5 schemas and 2 webhooks (--all)"
        );
    }
}
