//! Generation time against spec size over the whole corpus, and the peak
//! heap of one whole generation run, measured with a counting allocator.
//! Prints a Markdown table and writes `target/bench/scaling.csv`.
//!
//! The corpus folder comes from the `FAX_CORPUS_DIR` environment variable
//! (`cargo xtask bench DIR` sets it); without it there is nothing to measure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
/// Counting costs atomic operations on every allocation, shared between the
/// generator's threads; it is on only for the run that measures memory, so
/// the timed runs are not slowed by it.
static COUNTING: AtomicBool = AtomicBool::new(false);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwards the caller's layout to the system allocator unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() && COUNTING.load(Ordering::Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this same layout.
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RUNS: usize = 5;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root");
    let Some(corpus) = std::env::var_os("FAX_CORPUS_DIR") else {
        eprintln!(
            "FAX_CORPUS_DIR is not set: no corpus to measure (cargo xtask bench DIR sets it)"
        );
        return;
    };
    let corpus = Path::new(&corpus);
    let Ok(entries) = std::fs::read_dir(corpus) else {
        eprintln!("no corpus at {}: nothing to measure", corpus.display());
        return;
    };
    let mut specs: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    specs.sort();
    let mut rows = Vec::new();
    for path in specs {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        // One run with the allocator counting, for the peak heap of a whole
        // generation; LIVE only sees this run's allocations and frees.
        LIVE.store(0, Ordering::Relaxed);
        PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::Relaxed);
        let ok = fax_codegen::generate(&name, &text, "").is_ok();
        COUNTING.store(false, Ordering::Relaxed);
        let peak = PEAK.load(Ordering::Relaxed).max(0) as usize;
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let _ = fax_codegen::generate(&name, &text, "");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        rows.push((
            name,
            text.len(),
            times[RUNS / 2],
            times[0],
            times[RUNS - 1],
            peak,
            ok,
        ));
    }
    rows.sort_by_key(|row| row.1);
    println!("| spec | KiB | median ms | min ms | max ms | µs per KiB | peak heap MiB | result |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut csv = String::from("spec,bytes,median_ms,min_ms,max_ms,peak_heap_bytes,generated\n");
    for (name, bytes, median, min, max, peak, ok) in &rows {
        println!(
            "| {name} | {} | {median:.1} | {min:.1} | {max:.1} | {:.0} | {:.1} | {} |",
            bytes / 1024,
            median * 1000.0 / (*bytes as f64 / 1024.0),
            *peak as f64 / (1024.0 * 1024.0),
            if *ok { "generated" } else { "located error" }
        );
        csv.push_str(&format!(
            "{name},{bytes},{median:.3},{min:.3},{max:.3},{peak},{ok}\n"
        ));
    }
    let out = repo.join("target/bench");
    if std::fs::create_dir_all(&out).is_ok() {
        let _ = std::fs::write(out.join("scaling.csv"), csv);
    }
}
