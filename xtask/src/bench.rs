//! `cargo xtask bench`: the project's performance numbers in one report.
//!
//! Runs the criterion benches in release mode (generator stages per spec;
//! decoding and encoding with the generated models against hand-written
//! serde), the corpus scaling and peak-memory run, and times cold and
//! incremental builds of the generated crate. Prints a Markdown report and
//! writes it to `target/bench/report.md`. Nothing here is asserted: numbers
//! are for reading, and tests never depend on timing.

mod whole;

use crate::process::{cargo, output, status};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Only the whole generations (see [`whole`]): the fax specs, and each
/// document directly in `corpus`. Prints the report and writes it to
/// `target/bench/whole.md`.
pub fn run_whole(root: &Path, corpus: Option<&Path>) -> Result<(), String> {
    let documents = documents(root, corpus)?;
    let report = whole::report(root, &documents)?;
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::write(out.join("whole.md"), &report).map_err(|e| e.to_string())?;
    println!("{report}");
    eprintln!("report written to target/bench/whole.md");
    Ok(())
}

/// The fax specs, then the documents directly in `corpus`.
fn documents(root: &Path, corpus: Option<&Path>) -> Result<Vec<(String, PathBuf)>, String> {
    let mut documents: Vec<(String, PathBuf)> = [
        "signalwire_fax.yaml",
        "telnyx_fax.yaml",
        "twilio_fax_v1.json",
    ]
    .iter()
    .map(|name| ((*name).to_owned(), root.join("specs").join(name)))
    .collect();
    if let Some(dir) = corpus {
        if !dir.is_dir() {
            return Err(format!("{}: not a folder", dir.display()));
        }
        documents.extend(corpus_documents(dir)?);
    }
    Ok(documents)
}

/// Runs every bench; `corpus` is the folder of OpenAPI documents whose
/// largest joins the stage table and which the scaling bench walks (passed
/// to the benches as `FAX_CORPUS_DIR`). Without it, only the fax specs are measured.
pub fn run(root: &Path, corpus: Option<&Path>) -> Result<(), String> {
    let corpus = match corpus {
        Some(dir) if !dir.is_dir() => return Err(format!("{}: not a folder", dir.display())),
        Some(dir) => Some(
            dir.canonicalize()
                .map_err(|e| format!("{}: {e}", dir.display()))?,
        ),
        None => {
            eprintln!("no corpus folder given (cargo xtask bench DIR): the fax specs only");
            None
        }
    };
    let bench = |package: &str, bench: &str| {
        let mut command = cargo();
        command
            .args(["bench", "-p", package, "--bench", bench])
            .current_dir(root);
        match &corpus {
            Some(dir) => command.env("FAX_CORPUS_DIR", dir),
            None => command.env_remove("FAX_CORPUS_DIR"),
        };
        command
    };
    let criterion_dir = root.join("target/criterion");
    let _ = std::fs::remove_dir_all(&criterion_dir);
    for (package, name) in [("fax-codegen", "stages"), ("fax-api", "serde")] {
        eprintln!("==> cargo bench -p {package} --bench {name}");
        status(&mut bench(package, name), "cargo bench")?;
    }
    eprintln!("==> cargo bench -p fax-codegen --bench scaling");
    let scaling = output(&mut bench("fax-codegen", "scaling"), "cargo bench")?;
    let documents = documents(root, corpus.as_deref())?;
    let whole = whole::report(root, &documents)?;
    let (cold, incremental) = build_times(root)?;
    let dependencies = dependency_count(root)?;

    let mut report = String::new();
    let _ = writeln!(
        report,
        "### Whole generation: one process per run, release build, the allocator as `cargo xtask generate` sets it\n"
    );
    report.push_str(&whole);
    let _ = writeln!(report);
    let _ = writeln!(
        report,
        "### Generator, per stage (release build; median ± median absolute deviation)\n"
    );
    let _ = writeln!(
        report,
        "| spec | parse | normalize | load | lower | emit and format | end to end | normalize / end to end | parse + normalize + load − load before normalize, / end to end |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let estimates = read_estimates(&criterion_dir);
    for spec in ["twilio", "telnyx", "signalwire", "largest"] {
        let group = format!("generate_{spec}");
        let cell = |stage: &str| {
            estimates
                .iter()
                .find(|e| e.group == group && e.function == stage)
                .map_or("-".to_owned(), |e| {
                    format!("{} ± {}", human(e.median), human(e.mad))
                })
        };
        let median = |stage: &str| {
            estimates
                .iter()
                .find(|e| e.group == group && e.function == stage)
                .map(|e| e.median)
        };
        let share = match (median("normalize"), median("end_to_end")) {
            (Some(n), Some(total)) if total > 0.0 => format!("{:.1} %", 100.0 * n / total),
            _ => "-".to_owned(),
        };
        if median("end_to_end").is_none() {
            continue;
        }
        // What reading through the normalize stage costs against reading the
        // text straight into `openapiv3`, as loading did before it (3.0 only).
        let added = match (
            median("parse"),
            median("normalize"),
            median("load"),
            median("load_before_normalize"),
            median("end_to_end"),
        ) {
            (Some(p), Some(n), Some(l), Some(before), Some(total)) if total > 0.0 => {
                format!("{:+.1} %", 100.0 * (p + n + l - before) / total)
            }
            _ => "-".to_owned(),
        };
        let name = if spec == "largest" {
            "largest document of the corpus folder".to_owned()
        } else {
            spec.to_owned()
        };
        let _ = writeln!(
            report,
            "| {name} | {} | {} | {} | {} | {} | {} | {share} | {added} |",
            cell("parse"),
            cell("normalize"),
            cell("load"),
            cell("lower"),
            cell("emit_and_format"),
            cell("end_to_end")
        );
    }
    let _ = writeln!(
        report,
        "\n### Generated models against hand-written serde (same run)\n"
    );
    let _ = writeln!(report, "| benchmark | median ± MAD | ratio |");
    let _ = writeln!(report, "|---|---:|---:|");
    let find = |group: &str, function: &str| {
        estimates
            .iter()
            .find(|e| e.group == group && e.function == function)
    };
    let baseline = find("decode_1000_faxes", "hand_written").map(|e| e.median);
    for (group, function) in [
        ("decode_1000_faxes", "generated"),
        ("decode_1000_faxes", "hand_written"),
        ("encode_send_fax", "twilio_form"),
        ("encode_send_fax", "telnyx_json"),
    ] {
        if let Some(e) = find(group, function) {
            let ratio = match (group, baseline) {
                ("decode_1000_faxes", Some(base)) if base > 0.0 => {
                    format!("{:.2}×", e.median / base)
                }
                _ => "-".to_owned(),
            };
            let _ = writeln!(
                report,
                "| {group} / {function} | {} ± {} | {ratio} |",
                human(e.median),
                human(e.mad)
            );
        }
    }
    let _ = writeln!(report, "\n### The generated crate\n");
    let _ = writeln!(report, "| what | value |");
    let _ = writeln!(report, "|---|---:|");
    let _ = writeln!(report, "| cold build of `fax-api` and its dependencies (dev profile, empty target dir) | {cold:.1} s |");
    let _ = writeln!(
        report,
        "| incremental build after touching one generated file | {incremental:.1} s |"
    );
    let _ = writeln!(
        report,
        "| crates `fax-api` depends on (normal dependencies, all levels) | {dependencies} |"
    );
    let _ = writeln!(
        report,
        "\n### Generation time against spec size, and peak heap of one run (release)\n"
    );
    report.push_str(&scaling);

    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::write(out.join("report.md"), &report).map_err(|e| e.to_string())?;
    println!("{report}");
    eprintln!("report written to target/bench/report.md");
    Ok(())
}

/// The OpenAPI documents directly in `dir` (`.json`, `.yaml`, `.yml`), by
/// name; the Twilio spec without its overlay, as any single document.
fn corpus_documents(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .map(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (name, path)
        })
        .collect();
    found.sort();
    Ok(found)
}

struct Estimate {
    group: String,
    function: String,
    median: f64,
    mad: f64,
}

/// Criterion's results: each benchmark's `new/benchmark.json` names it and
/// `new/estimates.json` holds its statistics (in nanoseconds).
fn read_estimates(dir: &Path) -> Vec<Estimate> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.file_name().is_some_and(|n| n == "benchmark.json")
                && path.parent().is_some_and(|p| p.ends_with("new"))
            {
                if let Some(estimate) = read_one(&path) {
                    found.push(estimate);
                }
            }
        }
    }
    found
}

fn read_one(benchmark: &Path) -> Option<Estimate> {
    let json = |path: PathBuf| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
    };
    let id = json(benchmark.to_path_buf())?;
    let stats = json(benchmark.with_file_name("estimates.json"))?;
    Some(Estimate {
        group: id["group_id"].as_str()?.to_owned(),
        function: id["function_id"]
            .as_str()
            .or(id["value_str"].as_str())?
            .to_owned(),
        median: stats["median"]["point_estimate"].as_f64()?,
        mad: stats["median_abs_dev"]["point_estimate"].as_f64()?,
    })
}

fn human(nanos: f64) -> String {
    match nanos {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.1} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

/// Seconds for a cold build of the generated crate in an empty target
/// directory, then for a rebuild after one generated file changes.
fn build_times(root: &Path) -> Result<(f64, f64), String> {
    let target = root.join("target/bench-build");
    let _ = std::fs::remove_dir_all(&target);
    let build = || {
        let started = Instant::now();
        status(
            cargo()
                .args(["build", "--quiet", "-p", "fax-api"])
                .env("CARGO_TARGET_DIR", &target)
                .current_dir(root),
            "cargo build",
        )
        .map(|()| started.elapsed().as_secs_f64())
    };
    eprintln!("==> cold build of fax-api");
    let cold = build()?;
    let touched = root.join("generated/src/twilio/types.rs");
    let text = std::fs::read_to_string(&touched).map_err(|e| e.to_string())?;
    std::fs::write(&touched, &text).map_err(|e| e.to_string())?;
    eprintln!("==> incremental build of fax-api");
    let incremental = build()?;
    let _ = std::fs::remove_dir_all(&target);
    Ok((cold, incremental))
}

fn dependency_count(root: &Path) -> Result<usize, String> {
    let tree = output(
        cargo()
            .args([
                "tree", "-p", "fax-api", "-e", "normal", "--prefix", "none", "--format", "{p}",
            ])
            .current_dir(root),
        "cargo tree",
    )?;
    let mut crates: Vec<&str> = tree
        .lines()
        .map(|l| l.trim_end_matches(" (*)").trim())
        .filter(|l| !l.is_empty() && !l.starts_with("fax-api "))
        .collect();
    crates.sort_unstable();
    crates.dedup();
    Ok(crates.len())
}
