//! Generation time against spec size over the whole corpus, and the peak
//! heap of one whole generation run, measured with a counting allocator.
//! Prints a Markdown table and writes `target/bench/scaling.csv`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// The system allocator, counting live bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwards the caller's layout to the system allocator unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this same layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RUNS: usize = 5;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root");
    let corpus = repo.join("../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&corpus) else {
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
        let mut times = Vec::with_capacity(RUNS);
        let mut peak = 0;
        let mut ok = true;
        for run in 0..RUNS {
            let before = LIVE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let started = Instant::now();
            ok = fax_codegen::generate(&name, &text, "").is_ok();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            if run == 0 {
                peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
            }
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
