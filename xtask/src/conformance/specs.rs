//! `cargo xtask conformance SPEC|DIR...`: any OpenAPI document's generated
//! client against Prism, every operation called with every parameter set.
//!
//! For each document: the generator writes its client as a crate, with a
//! driver program written from the IR (see [`super::driver`]) in a scratch
//! workspace that every run shares (`target/conformance/work`, one target
//! folder, so repeated runs build incrementally and several documents build
//! in one cargo invocation). What belongs to one run (the normalized spec,
//! the plan, the samples, Prism's log, the driver's records, the verdicts)
//! goes to a folder of its own, `target/conformance/run-PID-SECONDS`.
//!
//! The samples come from the spec's examples or from the schemas
//! (`scripts/conformance/sample.js`, `samples.py`); Prism, validating,
//! judges each request; `scripts/conformance/decode.py` then decodes each
//! recorded request's parameters with openapi-core's implementation of the
//! OpenAPI styles and compares them with the values the driver set, since
//! Prism accepts some wrong styles.

use super::driver;
use super::prism::{free_ports, PrismServer};
use super::tools::Tools;
use fax_codegen::standalone;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const USAGE: &str = "usage: cargo xtask conformance [SPEC|DIR]...\n\
    each SPEC is an OpenAPI document (JSON or YAML, 3.0 or 3.1); each DIR stands for\n\
    every document under it. Without arguments: the fax specs' hand-written calls.";

/// How long one Prism may take to start listening (a large spec takes long).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(180);

/// How long one driver may run.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(900);

/// Prism's made-up responses are seeded, so a run can be repeated;
/// `FAX_CONFORMANCE_SEED` picks another seed.
const DEFAULT_SEED: &str = "1";

/// One document of the run.
struct Doc {
    /// The path as given (or found under a folder).
    path: PathBuf,
    /// The file name, for the report.
    file: String,
    /// The crate's name in the scratch workspace.
    crate_name: String,
    /// The document's folder in the run folder.
    dir: PathBuf,
    /// Why the document cannot be run, with its operation count.
    refused: Option<(String, usize)>,
    /// The operations (of the IR), in the driver's order.
    operations: Vec<OpInfo>,
}

struct OpInfo {
    id: String,
    builder: String,
    method: String,
    path: String,
}

/// One operation's verdict.
struct Verdict {
    kind: String,
    reason: String,
}

pub fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let started = Instant::now();
    if args.iter().any(|a| a.starts_with('-')) {
        return Err(USAGE.into());
    }
    let paths = documents(args)?;
    if paths.is_empty() {
        return Err(format!(
            "no OpenAPI documents in {}\n{USAGE}",
            args.join(" ")
        ));
    }
    let conformance = root.join("target").join("conformance");
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let run_dir = conformance.join(format!("run-{}-{stamp}", std::process::id()));
    let work = conformance.join("work");
    mkdir(&run_dir)?;
    mkdir(&work.join("crates"))?;
    println!("run folder: {}", relative(root, &run_dir).display());

    // Generate each client and its driver.
    let mut docs = Vec::new();
    let mut names = BTreeSet::new();
    for path in paths {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut crate_name = standalone::crate_name("conformance_", &file);
        let mut n = 2;
        while !names.insert(crate_name.clone()) {
            crate_name = format!("{}_{n}", standalone::crate_name("conformance_", &file));
            n += 1;
        }
        let dir = run_dir.join(&crate_name);
        mkdir(&dir)?;
        let mut doc = Doc {
            path,
            file,
            crate_name,
            dir,
            refused: None,
            operations: Vec::new(),
        };
        if let Err(why) = prepare(root, &work, &mut doc) {
            let count = count_operations(&doc.path);
            doc.refused = Some((why, count));
        }
        docs.push(doc);
    }
    write_workspace(root, &work)?;

    let tools = Tools::install(root)?;
    let ready: Vec<&Doc> = docs.iter().filter(|d| d.refused.is_none()).collect();

    // The values of every call.
    if !ready.is_empty() {
        eprintln!("sampling values for {} documents …", ready.len());
        let jobs: Vec<Value> = ready
            .iter()
            .map(|d| {
                serde_json::json!({
                    "spec": d.dir.join("spec.json"),
                    "plan": d.dir.join("plan.json"),
                    "out": d.dir.join("candidates.json"),
                })
            })
            .collect();
        let jobs_file = run_dir.join("sample-jobs.json");
        write_json(&jobs_file, &Value::Array(jobs))?;
        crate::process::status(tools.node("sample.js").arg(&jobs_file), "sample.js")?;
        let jobs: Vec<Value> = ready
            .iter()
            .map(|d| {
                serde_json::json!({
                    "spec": d.dir.join("spec.json"),
                    "candidates": d.dir.join("candidates.json"),
                    "out": d.dir.join("samples.json"),
                })
            })
            .collect();
        let jobs_file = run_dir.join("samples-jobs.json");
        write_json(&jobs_file, &Value::Array(jobs))?;
        crate::process::status(tools.python("samples.py").arg(&jobs_file), "samples.py")?;
        eprintln!("sampled in {:.0} s", started.elapsed().as_secs_f64());
    }

    // One build for every document.
    let built = build(&work, &ready)?;
    eprintln!("built at {:.0} s", started.elapsed().as_secs_f64());

    // Each driver against its own Prism.
    let seed = std::env::var("FAX_CONFORMANCE_SEED")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_SEED.to_owned());
    let mut driven = Vec::new();
    for doc in &ready {
        let outcome = match built.get(&doc.crate_name) {
            Some(Err(why)) => Err(why.clone()),
            Some(Ok(binary)) => drive(&tools, doc, binary, &seed),
            None => Err("not built".to_owned()),
        };
        if let Err(why) = &outcome {
            eprintln!("{}: {why}", doc.file);
        }
        driven.push((doc.crate_name.clone(), outcome));
    }

    // Independent decoding of every recorded request.
    let decodable: Vec<&Doc> = ready
        .iter()
        .copied()
        .filter(|d| driven.iter().any(|(n, o)| n == &d.crate_name && o.is_ok()))
        .collect();
    if !decodable.is_empty() {
        let jobs: Vec<Value> = decodable
            .iter()
            .map(|d| {
                serde_json::json!({
                    "spec": d.dir.join("spec.json"),
                    "plan": d.dir.join("plan.json"),
                    "results": d.dir.join("results.jsonl"),
                    "out": d.dir.join("verdicts.jsonl"),
                })
            })
            .collect();
        let jobs_file = run_dir.join("decode-jobs.json");
        write_json(&jobs_file, &Value::Array(jobs))?;
        crate::process::status(tools.python("decode.py").arg(&jobs_file), "decode.py")?;
    }

    // The report.
    let mut any_failed = false;
    let mut totals = (0, 0, 0, 0);
    let mut summaries = Vec::new();
    for doc in &docs {
        let (n, p, f, u) = report(doc, &driven);
        any_failed |= f > 0;
        totals = (totals.0 + n, totals.1 + p, totals.2 + f, totals.3 + u);
        summaries.push((doc.file.clone(), n, p, f, u));
    }
    for (file, n, p, f, u) in &summaries {
        println!("conformance: {file}: {n} operations, {p} passed, {f} failed");
        if *u > 0 {
            println!("conformance: {file}: {u} unchecked (their UNCHECKED lines say why)");
        }
    }
    if docs.len() > 1 {
        println!(
            "conformance: all {} documents: {} operations, {} passed ({:.1} %), {} failed, {} unchecked",
            docs.len(),
            totals.0,
            totals.1,
            if totals.0 == 0 { 0.0 } else { 100.0 * totals.1 as f64 / totals.0 as f64 },
            totals.2,
            totals.3
        );
    }
    println!(
        "conformance: {:.0} s; records and logs in {}",
        started.elapsed().as_secs_f64(),
        relative(root, &run_dir).display()
    );
    if any_failed {
        return Err("conformance: some operations failed".into());
    }
    Ok(())
}

/// The documents named by the arguments: files as given, folders searched.
fn documents(args: &[&str]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for arg in args {
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let found = crate::corpus::list_specs(&path)?;
            out.extend(found.into_iter().filter(|p| is_openapi(p)));
        } else if path.is_file() {
            out.push(path);
        } else {
            return Err(format!("{arg}: no such file or folder\n{USAGE}"));
        }
    }
    Ok(out)
}

/// Whether a file is an OpenAPI document: one that says `openapi` (or
/// `swagger`) at its top level; one that does not parse is kept, so the
/// generator says what is wrong with it.
fn is_openapi(path: &Path) -> bool {
    std::fs::read_to_string(path).map_or(true, |text| {
        crate::corpus::is_openapi(&path.to_string_lossy(), &text)
    })
}

/// How many operations a document's `paths` hold, for a document the
/// generator refused (each counts as failed).
fn count_operations(path: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(path) else {
        return 0;
    };
    let name = path.to_string_lossy();
    let syntax = fax_codegen::parse::Syntax::from_file_name(&name);
    let Ok(value) =
        fax_codegen::on_generator_stack(|| fax_codegen::parse::parse(&name, &text, syntax))
    else {
        return 0;
    };
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    value
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| METHODS.iter().filter(|m| item.contains_key(**m)).count())
                .sum()
        })
        .unwrap_or(0)
}

/// Generates the document's crate and driver into the workspace and writes
/// the normalized spec and the plan into its run folder.
fn prepare(root: &Path, work: &Path, doc: &mut Doc) -> Result<(), String> {
    let text = std::fs::read_to_string(&doc.path).map_err(|e| format!("cannot read: {e}"))?;
    let name = doc.path.to_string_lossy().into_owned();
    let located = |diagnostics: Vec<fax_codegen::Diagnostic>| {
        let first = diagnostics
            .first()
            .map(|d| d.to_string())
            .unwrap_or_default();
        format!("the generator refused the document: {first}")
    };
    let generated = std::panic::catch_unwind(|| {
        fax_codegen::generate_observed(&name, &text, "", false, &mut |_| ())
    })
    .map_err(|_| "the generator panicked (a generator bug)".to_owned())?
    .map_err(located)?;
    let (spec, api) = fax_codegen::on_generator_stack(|| {
        let (spec, _) = fax_codegen::read_spec(&name, &text)?;
        let api = fax_codegen::lower::lower(&name, &spec)?;
        Ok((spec, api))
    })
    .map_err(located)?;
    let mut spec_json =
        serde_json::to_value(&spec).map_err(|e| format!("cannot write the spec as JSON: {e}"))?;
    drop_external_refs(&mut spec_json);
    write_json(&doc.dir.join("spec.json"), &spec_json)?;
    let spec_file = doc.dir.join("spec.json");
    let mut plan = driver::plan(&api, &spec_file.to_string_lossy());
    if let Some(operations) = plan["operations"].as_array_mut() {
        for (entry, op) in operations.iter_mut().zip(&api.operations) {
            if let Some(why) = unmeetable_security(&generated.warnings, &spec_json, op) {
                entry["unmeetable_security"] = Value::String(why);
            }
        }
    }
    write_json(&doc.dir.join("plan.json"), &plan)?;
    doc.operations = api
        .operations
        .iter()
        .map(|op| OpInfo {
            id: op.id.clone(),
            builder: op.builder_name.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
        })
        .collect();

    let crate_dir = work.join("crates").join(&doc.crate_name);
    let src = crate_dir.join("src");
    mkdir(&src.join("bin"))?;
    for file in &generated.files {
        let name = if file.name == "mod.rs" {
            "lib.rs"
        } else {
            &file.name
        };
        write_if_changed(&src.join(name), &file.contents)?;
    }
    let credentials = driver::credentials(&api);
    write_if_changed(
        &src.join("bin").join("driver.rs"),
        &driver::source(&api, &doc.crate_name, &credentials),
    )?;
    let manifest = format!(
        "{}tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n\
         [[bin]]\nname = \"{}-driver\"\npath = \"src/bin/driver.rs\"\n",
        standalone::crate_manifest(&doc.crate_name, &root.join("runtime")),
        doc.crate_name
    );
    write_if_changed(&crate_dir.join("Cargo.toml"), &manifest)
}

/// Why no client can meet an operation's security: each of its security
/// requirements (its own, else the document's) combines schemes that all
/// use the one `Authorization` header, as the generator warned. `None` when
/// some requirement can be met.
fn unmeetable_security(
    warnings: &[fax_codegen::Diagnostic],
    spec: &Value,
    op: &fax_codegen::ir::Operation,
) -> Option<String> {
    let method = op.method.to_ascii_lowercase();
    let escaped = op.path.replace('~', "~0").replace('/', "~1");
    let operation = spec.get("paths")?.get(&op.path)?.get(&method)?;
    let (requirements, base) = match operation.get("security") {
        Some(own) => (own, format!("/paths/{escaped}/{method}/security")),
        None => (spec.get("security")?, "/security".to_owned()),
    };
    let count = requirements.as_array()?.len();
    let mut reasons = Vec::new();
    for index in 0..count {
        let pointer = format!("{base}/{index}");
        let warned = warnings.iter().find(|w| {
            w.pointer == pointer
                && w.message
                    .contains("schemes that all use the one `Authorization` header")
        })?;
        reasons.push(warned.message.clone());
    }
    reasons.dedup();
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// Replaces each reference to another file (which the generator did not
/// need: a guide in an extension, say) by an empty object, since Prism
/// resolves every reference of the document it serves and stops at one
/// it cannot open.
fn drop_external_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let external = map
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'));
            if external {
                map.clear();
            } else {
                map.values_mut().for_each(drop_external_refs);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_external_refs),
        _ => {}
    }
}

/// The scratch workspace: every crate under `crates/` is a member (so runs
/// with other documents never rewrite the manifest under one another), with
/// the project's lock file on first use.
fn write_workspace(root: &Path, work: &Path) -> Result<(), String> {
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n\n\
        [profile.dev]\ndebug = 0\n\n[profile.dev.package.\"*\"]\ndebug = 0\n";
    write_if_changed(&work.join("Cargo.toml"), manifest)?;
    let lock = work.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
    }
    Ok(())
}

/// Builds every ready document's driver in one cargo run; for each crate
/// its driver's path, or why it did not build.
fn build(
    work: &Path,
    docs: &[&Doc],
) -> Result<std::collections::BTreeMap<String, Result<PathBuf, String>>, String> {
    let mut out = std::collections::BTreeMap::new();
    if docs.is_empty() {
        return Ok(out);
    }
    let target = work.join("target");
    let binary = |doc: &Doc| {
        target
            .join("debug")
            .join(format!("{}-driver", doc.crate_name))
    };
    for doc in docs {
        let _ = std::fs::remove_file(binary(doc));
    }
    eprintln!("building {} clients and their drivers …", docs.len());
    let mut cargo = crate::process::cargo();
    cargo
        .args([
            "build",
            "--keep-going",
            "--message-format",
            "short",
            "--bins",
        ])
        .current_dir(work)
        .env("CARGO_TARGET_DIR", &target)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for doc in docs {
        cargo.args(["-p", &doc.crate_name]);
    }
    let output = cargo
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for doc in docs {
        let path = binary(doc);
        if path.exists() {
            out.insert(doc.crate_name.clone(), Ok(path));
            continue;
        }
        let marker = format!("crates/{}/", doc.crate_name);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains(&marker) && l.contains("error"))
            .collect();
        let why = match errors.first() {
            Some(first) => format!(
                "the generated crate or its driver does not compile ({} errors; first: {first})",
                errors.len()
            ),
            None => format!(
                "the generated crate or its driver did not build: {}",
                stderr
                    .lines()
                    .filter(|l| l.contains("error"))
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
        };
        out.insert(doc.crate_name.clone(), Err(why));
    }
    Ok(out)
}

/// How often Prism may be restarted for one document (it crashes on some
/// requests it cannot parse).
const RESTARTS: usize = 20;

/// Runs one document's driver against its own Prism. When a request gets no
/// response because Prism died on it, that call is recorded as such and
/// the rest run against a new Prism.
fn drive(tools: &Tools, doc: &Doc, binary: &Path, seed: &str) -> Result<(), String> {
    let results = doc.dir.join("results.jsonl");
    let mut from = None;
    for attempt in 1..=RESTARTS {
        let port = free_ports(1)?[0];
        let log = match attempt {
            1 => doc.dir.join("prism.log"),
            n => doc.dir.join(format!("prism-{n}.log")),
        };
        let mut server = PrismServer::start(
            &tools.prism,
            &doc.file,
            &doc.dir.join("spec.json"),
            port,
            &log,
            Some(seed),
            &[],
        )?;
        server.wait_until_listening(STARTUP_TIMEOUT)?;
        eprintln!(
            "{}: {} operations against Prism on {} (pid {})",
            doc.file,
            doc.operations.len() - from.unwrap_or(0),
            server.url(),
            server.child.id()
        );
        let mut driver = std::process::Command::new(binary);
        driver
            .arg(server.url())
            .arg(doc.dir.join("samples.json"))
            .arg(&results);
        if let Some(from) = from {
            driver.arg(from.to_string());
        }
        let driver_log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(doc.dir.join("driver.log"))
            .map_err(|e| e.to_string())?;
        let mut child = driver
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(driver_log)
            .spawn()
            .map_err(|e| format!("cannot run the driver {}: {e}", binary.display()))?;
        let status = wait_timeout::ChildExt::wait_timeout(&mut child, DRIVER_TIMEOUT)
            .map_err(|e| format!("driver: {e}"))?;
        // A crashing Prism takes a moment to exit.
        let mut prism_died = false;
        for _ in 0..20 {
            prism_died = matches!(server.child.try_wait(), Ok(Some(_)));
            if prism_died || status.as_ref().is_some_and(|s| s.code() != Some(3)) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let crash = prism_died.then(|| crash_text(&server.log_text()));
        server.stop()?;
        match status {
            Some(status) if status.success() => return Ok(()),
            Some(status) if status.code() == Some(3) => {
                // The last record's call got no response.
                let last = mark_last(&results, crash.as_deref())?;
                from = Some(last + 1);
                if last + 1 >= doc.operations.len() {
                    return Ok(());
                }
            }
            Some(status) => {
                return Err(format!(
                    "the driver failed ({status}); see {}",
                    doc.dir.join("driver.log").display()
                ))
            }
            None => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "the driver did not finish in {} s",
                    DRIVER_TIMEOUT.as_secs()
                ));
            }
        }
    }
    Err(format!("Prism stopped answering {RESTARTS} times"))
}

/// The first line of the error Prism died of, from its log.
fn crash_text(log: &str) -> String {
    log.lines()
        .find(|l| {
            l.starts_with("TypeError")
                || l.starts_with("Error")
                || l.starts_with("RangeError")
                || l.starts_with("SyntaxError")
        })
        .unwrap_or("no error in its log")
        .to_owned()
}

/// Gives the last record of the results the reason its call got no
/// response; returns its operation index.
fn mark_last(results: &Path, crash: Option<&str>) -> Result<usize, String> {
    let text =
        std::fs::read_to_string(results).map_err(|e| format!("{}: {e}", results.display()))?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let last = lines.pop().ok_or("the driver recorded nothing")?;
    let mut record: Value = serde_json::from_str(&last).map_err(|e| e.to_string())?;
    let index = record["index"].as_u64().unwrap_or_default() as usize;
    if let Some(crash) = crash {
        record["reason"] = Value::String(format!(
            "Prism crashed on this request ({crash}); {}",
            record["reason"].as_str().unwrap_or_default()
        ));
    }
    lines.push(record.to_string());
    let mut out = lines.join("\n");
    out.push('\n');
    std::fs::write(results, out).map_err(|e| format!("{}: {e}", results.display()))?;
    Ok(index)
}

/// Prints one line per operation; returns (operations, passed, failed, unchecked).
fn report(doc: &Doc, driven: &[(String, Result<(), String>)]) -> (usize, usize, usize, usize) {
    if let Some((why, count)) = &doc.refused {
        println!("FAIL {}: {why}", doc.file);
        return (*count, 0, *count, 0);
    }
    let whole_failure = match driven.iter().find(|(n, _)| n == &doc.crate_name) {
        Some((_, Err(why))) => Some(why.clone()),
        Some((_, Ok(()))) => None,
        None => Some("not run".to_owned()),
    };
    let verdicts = match &whole_failure {
        Some(_) => Vec::new(),
        None => read_verdicts(&doc.dir.join("verdicts.jsonl")),
    };
    let (mut passed, mut failed, mut unchecked) = (0, 0, 0);
    for (index, op) in doc.operations.iter().enumerate() {
        let verdict = match (&whole_failure, verdicts.get(index).and_then(Option::as_ref)) {
            (Some(why), _) => Verdict {
                kind: "FAIL".into(),
                reason: why.clone(),
            },
            (None, Some(verdict)) => Verdict {
                kind: verdict.kind.clone(),
                reason: verdict.reason.clone(),
            },
            (None, None) => Verdict {
                kind: "FAIL".into(),
                reason: "no record of this call".into(),
            },
        };
        let name = if doc.operations.iter().filter(|o| o.id == op.id).count() > 1 {
            format!("{} ({})", op.id, op.builder)
        } else {
            op.id.clone()
        };
        match verdict.kind.as_str() {
            "PASS" => {
                passed += 1;
                println!("PASS {name} {} {}", op.method, op.path);
            }
            "UNCHECKED" => {
                unchecked += 1;
                println!(
                    "UNCHECKED {name} {} {}: {}",
                    op.method, op.path, verdict.reason
                );
            }
            _ => {
                failed += 1;
                println!("FAIL {name} {} {}: {}", op.method, op.path, verdict.reason);
            }
        }
    }
    (doc.operations.len(), passed, failed, unchecked)
}

/// The verdicts decode.py wrote, by operation index.
fn read_verdicts(path: &Path) -> Vec<Option<Verdict>> {
    let mut out: Vec<Option<Verdict>> = Vec::new();
    let Ok(text) = std::fs::read_to_string(path) else {
        return out;
    };
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(index) = value["index"].as_u64().map(|i| i as usize) else {
            continue;
        };
        if out.len() <= index {
            out.resize_with(index + 1, || None);
        }
        out[index] = Some(Verdict {
            kind: value["verdict"].as_str().unwrap_or("FAIL").to_owned(),
            reason: value["reason"].as_str().unwrap_or_default().to_owned(),
        });
    }
    out
}

fn mkdir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes a file unless it already holds `contents`, so cargo sees an
/// unchanged crate as unchanged.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}
