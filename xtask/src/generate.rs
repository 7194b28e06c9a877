//! `cargo xtask generate SPEC OUT_DIR`: one whole generation of one OpenAPI
//! document, written as a crate of its own (the way `corpus` writes each
//! document), and nothing else. It is the command whose time and peak memory
//! `cargo xtask bench` measures as a whole process, so it does no more work
//! than a user's generation would: no `cargo check`, no `rustfmt`, and no
//! public-API surface (only `cargo xtask codegen` compares surfaces).
//!
//! With `--stages` it also prints, after the run, each stage's wall time,
//! the peak resident memory while it ran and what it left resident (Linux:
//! `/proc/self/status`, the peak reset through `/proc/self/clear_refs` as
//! each stage begins), one tab-separated line per stage, then the lines
//! written and the types generated, for `bench` to read.

use fax_codegen::standalone;
use std::path::Path;
use std::time::{Duration, Instant};

/// One stage as measured: its name, wall time, peak and final resident
/// memory in KiB (0 where the system does not say).
struct StageMark {
    name: &'static str,
    wall: Duration,
    peak_kib: u64,
    resident_kib: u64,
}

/// Generates `spec` into the crate folder `out` (its `Cargo.toml` depends on
/// this checkout's runtime), printing the warnings and one summary line;
/// with `stages`, the stage lines as well.
pub fn run(root: &Path, spec: &Path, out: &Path, stages: bool) -> Result<(), String> {
    let name = spec.display().to_string();
    // The stage figures read and reset this process's memory counters in
    // `/proc`: only when asked for, as they are not free.
    let observe = |stage: &'static str, since: Instant, marks: &mut Vec<StageMark>| {
        if stages {
            marks.push(mark(stage, since));
            reset_peak();
        }
    };
    if stages {
        reset_peak();
    }
    let started = Instant::now();
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{name}: {e}"))?;
    let mut marks = Vec::new();
    observe("read", started, &mut marks);
    // A document under 1 MiB peaks at a few tens of MiB: its freed memory
    // is kept for the next stage rather than returned and faulted back in,
    // which cost more time than the generation's work on a mid-sized spec.
    // A larger one hands the document back before the models are laid out.
    const KEEP_MEMORY_BELOW: usize = 1 << 20;
    let small = text.len() < KEEP_MEMORY_BELOW;
    if small {
        crate::allocator::keep_freed_memory();
    }
    let mut since = Instant::now();
    let mut on_stage = |stage: &'static str| {
        if stage == "lower" && !small {
            // The document is gone; the models are laid out next, on
            // other threads (see `allocator`).
            crate::allocator::release_freed_memory();
        }
        observe(stage, since, &mut marks);
        since = Instant::now();
    };
    let generated = fax_codegen::generate_observed(&name, &text, "", false, &mut on_stage)
        .map_err(|diagnostics| {
            let lines: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            lines.join("\n")
        })?;
    // The text is not needed past this point; the figures should not count it.
    drop(text);
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let crate_name = standalone::crate_name("generated_", &name);
    let since = Instant::now();
    standalone::write_crate(out, &crate_name, &root.join("runtime"), &generated)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    observe("write", since, &mut marks);
    let lines: usize = generated
        .files
        .iter()
        .map(|f| line_count(&f.contents))
        .sum();
    if stages {
        for mark in &marks {
            println!(
                "stage\t{}\t{:.3}\t{}\t{}",
                mark.name,
                mark.wall.as_secs_f64() * 1000.0,
                mark.peak_kib,
                mark.resident_kib
            );
        }
        println!("lines\t{lines}");
        println!("types\t{}", generated.types);
    }
    eprintln!(
        "{name}: {} types, {} operations, {} warnings, {lines} lines written to {}",
        generated.types,
        generated.operations,
        generated.warnings.len(),
        out.display()
    );
    Ok(())
}

/// What `text.lines().count()` gives, from a vectorized count of newlines:
/// splitting out each line of a large generated file took longer than
/// writing it.
fn line_count(text: &str) -> usize {
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

fn mark(name: &'static str, since: Instant) -> StageMark {
    let (peak_kib, resident_kib) = memory_kib();
    StageMark {
        name,
        wall: since.elapsed(),
        peak_kib,
        resident_kib,
    }
}

/// `VmHWM` and `VmRSS` of this process, in KiB; zeros where unknown.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Starts a new peak: Linux resets `VmHWM` to the current resident size
/// when `5` is written to `clear_refs`. Elsewhere the peak is the process's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

#[cfg(test)]
mod tests {
    use super::line_count;

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "a\n\nb\n",
        ] {
            assert_eq!(line_count(text), text.lines().count(), "{text:?}");
        }
    }
}
