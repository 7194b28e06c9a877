//! Whole generations as a user runs them: `xtask generate SPEC OUT --stages`
//! as a process of its own (release build), several times per document, for
//! its wall time, its peak resident memory, the time and memory of each
//! stage, and the lines it wrote.

use crate::process::{cargo, status};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Counted runs per document, after one uncounted run.
const RUNS: usize = 5;

/// One run's figures.
struct Run {
    wall_ms: f64,
    /// Per stage: name, milliseconds, peak KiB while it ran, KiB resident after.
    stages: Vec<(String, f64, u64, u64)>,
    lines: usize,
    types: usize,
}

impl Run {
    /// The process's peak: the largest of its stages' peaks.
    fn peak_kib(&self) -> u64 {
        self.stages.iter().map(|s| s.2).max().unwrap_or(0)
    }
}

/// The Markdown report for `documents` (label, path), in the order given;
/// builds the release `xtask` first.
pub fn report(root: &Path, documents: &[(String, PathBuf)]) -> Result<String, String> {
    eprintln!("==> cargo build --release -p xtask");
    status(
        cargo()
            .args(["build", "--quiet", "--release", "-p", "xtask"])
            .current_dir(root),
        "cargo build",
    )?;
    let binary = root.join("target/release/xtask");
    let out = root.join("target/bench/generated");
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| document | KiB | types | lines written | wall, median (min–max) | peak resident, median |"
    );
    let _ = writeln!(table, "|---|---:|---:|---:|---:|---:|");
    let mut largest: Option<(u64, String, Vec<Run>)> = None;
    for (label, path) in documents {
        eprintln!("==> whole generation of {label}, {RUNS} runs");
        let mut runs = Vec::with_capacity(RUNS);
        for run in 0..=RUNS {
            let measured = run_once(&binary, path, &out)?;
            if run > 0 {
                runs.push(measured);
            }
        }
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let mut walls: Vec<f64> = runs.iter().map(|r| r.wall_ms).collect();
        walls.sort_by(f64::total_cmp);
        let mut peaks: Vec<u64> = runs.iter().map(Run::peak_kib).collect();
        peaks.sort_unstable();
        let _ = writeln!(
            table,
            "| {label} | {} | {} | {} | {:.0} ms ({:.0}–{:.0}) | {:.1} MiB |",
            size / 1024,
            runs[0].types,
            runs[0].lines,
            walls[walls.len() / 2],
            walls[0],
            walls[walls.len() - 1],
            peaks[peaks.len() / 2] as f64 / 1024.0
        );
        if largest.as_ref().is_none_or(|(s, _, _)| size > *s) {
            largest = Some((size, label.clone(), runs));
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    if let Some((_, label, runs)) = largest {
        let _ = writeln!(
            table,
            "\nStages of the largest, {label} (medians of {RUNS} runs; each stage's peak is the most resident while it ran):\n"
        );
        let _ = writeln!(table, "| stage | wall | peak resident | resident after |");
        let _ = writeln!(table, "|---|---:|---:|---:|");
        for (i, (name, ..)) in runs[0].stages.iter().enumerate() {
            let median = |pick: &dyn Fn(&Run) -> f64| {
                let mut values: Vec<f64> = runs.iter().map(pick).collect();
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            let _ = writeln!(
                table,
                "| {name} | {:.1} ms | {:.1} MiB | {:.1} MiB |",
                median(&|r| r.stages[i].1),
                median(&|r| r.stages[i].2 as f64) / 1024.0,
                median(&|r| r.stages[i].3 as f64) / 1024.0,
            );
        }
    }
    Ok(table)
}

fn run_once(binary: &Path, spec: &Path, out: &Path) -> Result<Run, String> {
    let started = Instant::now();
    let output = Command::new(binary)
        .arg("generate")
        .arg(spec)
        .arg(out)
        .arg("--stages")
        .output()
        .map_err(|e| format!("{}: {e}", binary.display()))?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    if !output.status.success() {
        return Err(format!(
            "generating {} failed:\n{}",
            spec.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let mut run = Run {
        wall_ms,
        stages: Vec::new(),
        lines: 0,
        types: 0,
    };
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["stage", name, ms, peak, resident] => run.stages.push((
                (*name).to_owned(),
                ms.parse().unwrap_or(0.0),
                peak.parse().unwrap_or(0),
                resident.parse().unwrap_or(0),
            )),
            ["lines", lines] => run.lines = lines.parse().unwrap_or(0),
            ["types", types] => run.types = types.parse().unwrap_or(0),
            _ => {}
        }
    }
    Ok(run)
}
