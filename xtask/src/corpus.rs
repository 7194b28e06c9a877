//! `cargo xtask corpus DIR [FILTER] [--verbose]`: runs the generator over
//! every OpenAPI document under DIR (its subfolders included), then
//! `cargo check`s each generated module in a scratch workspace under
//! `target/corpus/`, and prints one table with the number of rewrites the
//! normalize stage made in each document.

use fax_codegen::standalone;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Row {
    spec: String,
    bytes: usize,
    normalizations: usize,
    /// What was generated less exactly than the spec says.
    warnings: usize,
    types: usize,
    operations: usize,
    result: Result<String, String>,
    millis: f64,
    check: Option<Result<(), String>>,
}

const USAGE: &str = "usage: cargo xtask corpus DIR [FILTER] [--verbose] [--deny-warnings]\n\
    DIR is a folder of OpenAPI documents (.json, .yaml, .yml; subfolders too),\n\
    for example ../shared/corpus; FILTER keeps the documents whose path contains it;\n\
    --verbose lists every rewrite of the normalize stage and every warning;\n\
    --deny-warnings counts a document generated with warnings as failed";

/// `corpus` with no folder: the team's shelf beside the checkout when it is
/// there (said so), else the usage.
pub fn run_default(root: &Path) -> Result<(), String> {
    let shelf = root.join("..").join("shared").join("corpus");
    if shelf.is_dir() {
        eprintln!(
            "no DIR given: using {} (found beside the checkout)",
            shelf.display()
        );
        return run(root, &shelf, None, Options::default());
    }
    Err(format!(
        "{USAGE}\n(no DIR given, and no ../shared/corpus beside the checkout)"
    ))
}

/// How a corpus run reports.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// List every rewrite and warning.
    pub verbose: bool,
    /// Count a document with warnings as failed.
    pub deny_warnings: bool,
}

/// `corpus DIR [FILTER] [--verbose] [--deny-warnings]`.
pub fn run_args(root: &Path, args: &[&str]) -> Result<(), String> {
    let options = Options {
        verbose: args.contains(&"--verbose"),
        deny_warnings: args.contains(&"--deny-warnings"),
    };
    let rest: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !matches!(*a, "--verbose" | "--deny-warnings"))
        .collect();
    match rest.as_slice() {
        [dir] => run(root, Path::new(dir), None, options),
        [dir, filter] => run(root, Path::new(dir), Some(filter), options),
        _ => Err(USAGE.into()),
    }
}

/// Runs the corpus; with a filter, only the specs whose path contains it.
pub fn run(
    root: &Path,
    corpus: &Path,
    filter: Option<&str>,
    options: Options,
) -> Result<(), String> {
    if !corpus.is_dir() {
        return Err(format!("{}: not a folder\n{USAGE}", corpus.display()));
    }
    let corpus = corpus.to_path_buf();
    let mut specs = list_specs(&corpus)?;
    if let Some(filter) = filter {
        specs.retain(|path| path.to_string_lossy().contains(filter));
    }
    let scratch = root.join("target").join("corpus");
    let crates_dir = scratch.join("crates");
    let _ = std::fs::remove_dir_all(&crates_dir);
    std::fs::create_dir_all(&crates_dir).map_err(|e| format!("{}: {e}", crates_dir.display()))?;

    let mut rows = Vec::new();
    for path in &specs {
        let spec = path
            .strip_prefix(&corpus)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{spec}: {e}"))?;
        if !is_openapi(&spec, &text) {
            eprintln!("skipped {spec}: not an OpenAPI document");
            continue;
        }
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| fax_codegen::generate(&spec, &text, ""));
        let millis = started.elapsed().as_secs_f64() * 1000.0;
        let mut row = Row {
            spec: spec.clone(),
            bytes: text.len(),
            normalizations: 0,
            warnings: 0,
            types: 0,
            operations: 0,
            result: Err(String::new()),
            millis,
            check: None,
        };
        match outcome {
            Err(_) => row.result = Err("PANIC (a generator bug)".into()),
            Ok(Err(diagnostics)) => {
                let first = &diagnostics[0];
                let more = if diagnostics.len() > 1 {
                    format!(" (+{} more)", diagnostics.len() - 1)
                } else {
                    String::new()
                };
                row.result = Err(format!("{}: {}{more}", first.pointer, first.message));
            }
            Ok(Ok(generated)) => {
                row.normalizations = generated.rewrites.len();
                row.warnings = generated.warnings.len();
                if options.verbose {
                    for rewrite in &generated.rewrites {
                        println!("{rewrite}");
                    }
                    for warning in &generated.warnings {
                        println!("warning: {warning}");
                    }
                }
                if options.deny_warnings && !generated.warnings.is_empty() {
                    let first = &generated.warnings[0];
                    row.result = Err(format!(
                        "{} warnings, denied; first: {}: {}",
                        generated.warnings.len(),
                        first.pointer,
                        first.message
                    ));
                    eprintln!("generated {spec} in {millis:.1} ms, with warnings (denied)");
                    rows.push(row);
                    continue;
                }
                row.types = generated.types;
                row.operations = generated.operations;
                let name = standalone::crate_name("corpus_", &spec);
                let dir = crates_dir.join(&name);
                standalone::write_crate(&dir, &name, &root.join("runtime"), &generated)
                    .map_err(|e| format!("{}: {e}", dir.display()))?;
                row.result = Ok(name);
            }
        }
        eprintln!("generated {spec} in {millis:.1} ms");
        rows.push(row);
    }

    write_workspace(root, &scratch, &rows)?;
    for row in &mut rows {
        if let Ok(name) = &row.result {
            eprintln!("cargo check {name} …");
            row.check = Some(cargo_check(&scratch, name));
        }
    }
    print!("{}", table(&rows));
    let failed = rows
        .iter()
        .filter(|r| r.result.is_err() || !matches!(r.check, Some(Ok(()))))
        .count();
    if failed > 0 {
        return Err(format!(
            "{failed} of {} documents did not generate code that passes `cargo check`",
            rows.len()
        ));
    }
    Ok(())
}

/// Every OpenAPI document under `dir`, subfolders included, in path order.
/// Files that are not OpenAPI documents (a vendor's notes in JSON) are
/// left out: an OpenAPI or Swagger document says so in its first bytes.
pub(crate) fn list_specs(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries =
            std::fs::read_dir(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if matches!(ext, "json" | "yaml" | "yml") {
                specs.push(path);
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// Whether a file is an OpenAPI (or Swagger) document: one that does not
/// parse is kept, so its syntax error shows in the table; one that parses
/// into something without an `openapi` or `swagger` key (a vendor's notes
/// in JSON) is left out.
pub(crate) fn is_openapi(name: &str, text: &str) -> bool {
    let syntax = fax_codegen::parse::Syntax::from_file_name(name);
    match fax_codegen::on_generator_stack(|| fax_codegen::parse::parse(name, text, syntax)) {
        Ok(serde_json::Value::Object(map)) => {
            map.contains_key("openapi") || map.contains_key("swagger")
        }
        Ok(_) => false,
        Err(_) => true,
    }
}

fn write_workspace(root: &Path, scratch: &Path, rows: &[Row]) -> Result<(), String> {
    let members: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .map(String::as_str)
        .collect();
    let manifest = standalone::workspace_manifest(&members);
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The project's lock file pins the same dependency versions the real crate uses.
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    Ok(())
}

fn cargo_check(scratch: &Path, name: &str) -> Result<(), String> {
    let output = crate::process::cargo()
        .args(["check", "--quiet", "--message-format", "short", "-p", name])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    let first = errors
        .first()
        .map(|l| l.rsplit_once(": error").map_or(*l, |(_, rest)| rest))
        .unwrap_or("failed");
    Err(format!("{} error lines; first:{first}", errors.len()))
}

fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "| spec | KiB | normalizations | warnings | types | operations | result | ms | cargo check |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|---:|---|");
    for row in rows {
        let result = match &row.result {
            Ok(_) => "generated".to_owned(),
            Err(why) => format!("error: {}", why.replace('|', "\\|")),
        };
        let check = match &row.check {
            None => "-".to_owned(),
            Some(Ok(())) => "pass".to_owned(),
            Some(Err(why)) => format!("FAIL ({})", why.replace('|', "\\|")),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} | {} |",
            row.spec,
            row.bytes / 1024,
            row.normalizations,
            row.warnings,
            row.types,
            row.operations,
            result,
            row.millis,
            check
        );
    }
    let generated = rows.iter().filter(|r| r.result.is_ok()).count();
    let passed = rows
        .iter()
        .filter(|r| matches!(r.check, Some(Ok(()))))
        .count();
    let panics = rows
        .iter()
        .filter(|r| matches!(&r.result, Err(w) if w.starts_with("PANIC")))
        .count();
    let normalizations: usize = rows.iter().map(|r| r.normalizations).sum();
    let warnings: usize = rows.iter().map(|r| r.warnings).sum();
    let _ = writeln!(
        out,
        "\n{} specs ({normalizations} normalizations, {warnings} warnings): {generated} generated, {} located errors, {panics} panics; {passed} of {generated} generated outputs pass `cargo check` ({:.0}%)",
        rows.len(),
        rows.len() - generated - panics,
        if generated == 0 { 0.0 } else { 100.0 * passed as f64 / generated as f64 }
    );
    out
}
