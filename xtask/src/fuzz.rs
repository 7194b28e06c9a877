//! `cargo xtask fuzz`: mutates the specs in `specs/`, the feature and
//! regression fixtures and (with `--corpus DIR`) a folder of other specs, runs
//! the generator on each mutant in a child process with a time and memory
//! cap, and counts what must never happen: panics, crashes, hangs, slow runs,
//! errors that do not name the file, output `syn` refuses or with identifiers
//! longer than the cap, and (for a sample of the outputs) code `cargo check`
//! refuses. Prints one summary line; every
//! failing input is saved, minimized where the failure allows, under
//! `target/fuzz/failures/`, ready to become a file of
//! `tests/fixtures/regressions/`.
//!
//! Run `i` of seed `S` is always the same input: its mutations are drawn from
//! a random source seeded with `S` and `i` alone.

mod check;
mod child;
mod mutate;

pub use child::child_main;
use child::Outcome;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A run killed after this long is a hang.
const HANG_LIMIT: Duration = Duration::from_secs(10);
/// Failing inputs saved per kind of failure; the count goes on.
const SAVED_PER_KIND: usize = 20;
/// Time the minimizer may spend on one failing input.
const MINIMIZE_BUDGET: Duration = Duration::from_secs(20);

/// What to run.
#[derive(Debug)]
pub struct Options {
    pub seconds: u64,
    pub seed: u64,
    pub corpus: Option<PathBuf>,
    /// How many generated outputs to `cargo check` at the end (0: none).
    pub check: usize,
    /// A run longer than this counts as slow.
    pub slow: Duration,
}

impl Options {
    /// Parses `[--seconds N] [--seed S] [--corpus DIR] [--check N] [--slow SECONDS]`.
    pub fn parse(args: &[&str]) -> Result<Self, String> {
        let mut options = Self {
            seconds: 60,
            seed: 1,
            corpus: None,
            check: 60,
            slow: Duration::from_secs(2),
        };
        let mut rest = args;
        while let [flag, value, tail @ ..] = rest {
            let number = || {
                value
                    .parse::<u64>()
                    .map_err(|_| format!("{flag} takes a whole number, not `{value}`"))
            };
            match *flag {
                "--seconds" => options.seconds = number()?,
                "--seed" => options.seed = number()?,
                "--check" => options.check = usize::try_from(number()?).unwrap_or(usize::MAX),
                "--slow" => options.slow = Duration::from_secs(number()?),
                "--corpus" => options.corpus = Some(PathBuf::from(value)),
                other => return Err(format!("unknown option `{other}`")),
            }
            rest = tail;
        }
        if let [flag] = rest {
            return Err(format!("{flag} needs a value"));
        }
        Ok(options)
    }
}

/// A document to mutate.
struct Seed {
    name: String,
    value: Value,
}

/// Counts of how runs ended.
#[derive(Default)]
struct Tally {
    runs: usize,
    generated: usize,
    located: usize,
    unlocated: usize,
    syn: usize,
    long_names: usize,
    panics: usize,
    crashes: usize,
    hangs: usize,
    slow: usize,
    slowest: Duration,
    /// Hangs and slow runs by the stage they spent the longest in.
    slow_stages: BTreeMap<String, usize>,
    saved: BTreeMap<&'static str, usize>,
}

pub fn run(root: &Path, options: &Options) -> Result<(), String> {
    let seeds = load_seeds(root, options.corpus.as_deref())?;
    if seeds.is_empty() {
        return Err("no spec to mutate".into());
    }
    let out = root.join("target").join("fuzz");
    let work = out.join("work");
    let failures = out.join("failures");
    let check_dir = out.join("check");
    let crates_dir = check_dir.join("crates");
    for dir in [&work, &failures, &crates_dir] {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    eprintln!(
        "fuzz: {} seed documents, seed {}, {} s",
        seeds.len(),
        options.seed,
        options.seconds
    );

    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut sample_rng = fastrand::Rng::with_seed(options.seed ^ 0x5eed_5a3d_1e00_0000);
    let mut sample = check::Sample::default();
    let mut tally = Tally::default();
    let mut index = 0u64;
    while Instant::now() < deadline {
        let mut rng = fastrand::Rng::with_seed(run_seed(options.seed, index));
        let seed = &seeds[rng.usize(0..seeds.len())];
        let mut doc = seed.value.clone();
        let mut how: Vec<&str> = Vec::new();
        for _ in 0..rng.usize(1..=4) {
            how.push(mutate::mutate(&mut rng, &mut doc));
        }
        let yaml = rng.bool();
        let input = write_input(&work, &doc, yaml)?;
        let generated = work.join("out");
        let result = child::run(&input, &generated, HANG_LIMIT)?;
        tally.runs += 1;
        tally.slowest = tally.slowest.max(result.elapsed);
        let slow = result.elapsed > options.slow && result.outcome != Outcome::Hang;
        if slow {
            tally.slow += 1;
        }
        if slow || result.outcome == Outcome::Hang {
            *tally
                .slow_stages
                .entry(result.slowest_stage.clone())
                .or_default() += 1;
        }
        let about = format!(
            "seed {} run {index}: {} mutated by {}",
            options.seed,
            seed.name,
            how.join(", ")
        );
        let kind = match &result.outcome {
            Outcome::Generated => {
                tally.generated += 1;
                // Reservoir sampling: every output is equally likely to be checked.
                let keep = if sample.crates.len() < options.check {
                    Some(format!("fuzz_{index}"))
                } else if options.check > 0 && sample_rng.usize(0..tally.generated) < options.check
                {
                    let evicted = sample
                        .crates
                        .keys()
                        .nth(sample_rng.usize(0..sample.crates.len()))
                        .cloned();
                    if let Some(evicted) = evicted {
                        sample.crates.remove(&evicted);
                        let _ = std::fs::remove_dir_all(crates_dir.join(&evicted));
                    }
                    Some(format!("fuzz_{index}"))
                } else {
                    None
                };
                if let Some(name) = keep {
                    check::add_crate(root, &crates_dir, &name, &generated)?;
                    let kept = crates_dir.join(&name).join(input_name(yaml));
                    std::fs::copy(&input, &kept).map_err(|e| e.to_string())?;
                    sample.crates.insert(name, kept);
                }
                slow.then_some("slow")
            }
            Outcome::Located(_) => {
                tally.located += 1;
                slow.then_some("slow")
            }
            Outcome::Unlocated(_) => {
                tally.unlocated += 1;
                Some("unlocated")
            }
            Outcome::Syn(_) => {
                tally.syn += 1;
                Some("syn")
            }
            Outcome::LongName(_) => {
                tally.long_names += 1;
                Some("long-name")
            }
            Outcome::Panic(_) => {
                tally.panics += 1;
                Some("panic")
            }
            Outcome::Crash(_) => {
                tally.crashes += 1;
                Some("crash")
            }
            Outcome::Hang => {
                tally.hangs += 1;
                Some("hang")
            }
        };
        if let Some(kind) = kind {
            eprintln!(
                "fuzz: {kind} (longest in {}): {about}",
                result.slowest_stage
            );
            let saved = tally.saved.entry(kind).or_default();
            if *saved < SAVED_PER_KIND {
                *saved += 1;
                // Slow inputs are kept whole: each try to shrink one takes seconds.
                let minimal = if matches!(kind, "slow" | "hang") {
                    doc
                } else {
                    minimize(&work, doc, yaml, &result.outcome)?
                };
                let name = format!("{kind}-s{}-r{index}", options.seed);
                let text = render(&minimal, yaml)?;
                let file = failures.join(format!("{name}.{}", if yaml { "yaml" } else { "json" }));
                std::fs::write(&file, text).map_err(|e| e.to_string())?;
                let note = format!(
                    "{about}\nended: {:?} after {:.2} s, longest in the {} stage\n",
                    result.outcome,
                    result.elapsed.as_secs_f64(),
                    result.slowest_stage
                );
                std::fs::write(failures.join(format!("{name}.txt")), note)
                    .map_err(|e| e.to_string())?;
                eprintln!("fuzz: saved {}", file.display());
            }
        }
        index += 1;
    }
    let fuzz_time = started.elapsed();

    let checked = sample.crates.len();
    let mut check_failures = 0;
    if checked > 0 {
        eprintln!("fuzz: cargo check of {checked} generated crates …");
        let failed = check::check_all(root, &check_dir, &sample)?;
        check_failures = failed.len();
        for (name, first_error) in &failed {
            if let Some(input) = sample.crates.get(name) {
                let ext = input.extension().and_then(|e| e.to_str()).unwrap_or("json");
                let kept = failures.join(format!("check-s{}-{name}.{ext}", options.seed));
                let _ = std::fs::copy(input, &kept);
                let note = format!("cargo check of {name} failed: {first_error}\n");
                let _ = std::fs::write(
                    failures.join(format!("check-s{}-{name}.txt", options.seed)),
                    note,
                );
                eprintln!(
                    "fuzz: check: {first_error} (input saved as {})",
                    kept.display()
                );
            }
        }
    }

    let failing = tally.panics
        + tally.crashes
        + tally.hangs
        + tally.slow
        + tally.syn
        + tally.long_names
        + tally.unlocated
        + check_failures;
    println!(
        "fuzz: seed {}, {:.0} s, {} runs ({} generated, {} located errors): {} panics, {} crashes, {} hangs, {} runs over {} s (slowest {:.2} s{}), {} outputs syn refuses, {} with too long identifiers, {} unlocated errors; cargo check: {} failures among {checked} outputs{}",
        options.seed,
        fuzz_time.as_secs_f64(),
        tally.runs,
        tally.generated,
        tally.located,
        tally.panics,
        tally.crashes,
        tally.hangs,
        tally.slow,
        options.slow.as_secs(),
        tally.slowest.as_secs_f64(),
        stage_counts(&tally.slow_stages),
        tally.syn,
        tally.long_names,
        tally.unlocated,
        check_failures,
        if failing > 0 {
            format!("; failing inputs in {}", failures.display())
        } else {
            String::new()
        }
    );
    if failing > 0 {
        return Err(format!("fuzz: {failing} failures"));
    }
    Ok(())
}

/// `; hangs and slow runs by stage: load 30, lower 2`, or nothing.
fn stage_counts(stages: &BTreeMap<String, usize>) -> String {
    if stages.is_empty() {
        return String::new();
    }
    let counts: Vec<String> = stages
        .iter()
        .map(|(stage, count)| format!("{stage} {count}"))
        .collect();
    format!("; hangs and slow runs by stage: {}", counts.join(", "))
}

/// A run's own seed: the same for the same `(seed, index)` on every machine.
fn run_seed(seed: u64, index: u64) -> u64 {
    // SplitMix64's mixing step spreads neighbouring indexes apart.
    let mut z = seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn input_name(yaml: bool) -> &'static str {
    if yaml {
        "input.yaml"
    } else {
        "input.json"
    }
}

fn render(doc: &Value, yaml: bool) -> Result<String, String> {
    if yaml {
        serde_yaml::to_string(doc).map_err(|e| format!("cannot write YAML: {e}"))
    } else {
        serde_json::to_string_pretty(doc).map_err(|e| format!("cannot write JSON: {e}"))
    }
}

fn write_input(work: &Path, doc: &Value, yaml: bool) -> Result<PathBuf, String> {
    let path = work.join(input_name(yaml));
    std::fs::write(&path, render(doc, yaml)?).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// Deletes nodes, biggest first, while the run still fails the same way.
fn minimize(work: &Path, mut doc: Value, yaml: bool, failure: &Outcome) -> Result<Value, String> {
    let same =
        |outcome: &Outcome| std::mem::discriminant(outcome) == std::mem::discriminant(failure);
    let started = Instant::now();
    let out = work.join("minimize-out");
    'shrink: while started.elapsed() < MINIMIZE_BUDGET {
        for path in mutate::removable(&doc) {
            if started.elapsed() >= MINIMIZE_BUDGET {
                break 'shrink;
            }
            let mut smaller = doc.clone();
            if !mutate::remove(&mut smaller, &path) {
                continue;
            }
            let input = write_input(work, &smaller, yaml)?;
            if same(&child::run(&input, &out, HANG_LIMIT)?.outcome) {
                doc = smaller;
                continue 'shrink;
            }
        }
        break;
    }
    Ok(doc)
}

/// The documents to mutate: the API specs, the feature and regression
/// fixtures, and a corpus folder when one is given.
fn load_seeds(root: &Path, corpus: Option<&Path>) -> Result<Vec<Seed>, String> {
    let mut files = Vec::new();
    let manifest = crate::manifest::read(&root.join("specs"))?;
    for api in &manifest.apis {
        files.push(root.join("specs").join(&api.spec));
    }
    let fixtures = root.join("tests").join("fixtures");
    files.extend(spec_files(&fixtures.join("features"))?);
    files.extend(spec_files(&fixtures.join("regressions"))?);
    if let Some(corpus) = corpus {
        if !corpus.is_dir() {
            return Err(format!("corpus folder {} does not exist", corpus.display()));
        }
        files.extend(spec_files(corpus)?);
        files.extend(spec_files(&corpus.join("openapi-3.1")).unwrap_or_default());
    }
    let mut seeds = Vec::new();
    for path in files {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        // The generator's own parser: it reads what real documents hold (such
        // as integers beyond 64 bits) that a plain YAML reader refuses.
        let syntax = fax_codegen::parse::Syntax::from_file_name(&name);
        let parsed: Option<Value> = fax_codegen::parse::parse(&name, &text, syntax).ok();
        match parsed {
            Some(value) => seeds.push(Seed { name, value }),
            None => eprintln!("fuzz: {name} is not JSON or YAML; left out"),
        }
    }
    Ok(seeds)
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_have_defaults_and_refuse_what_they_do_not_know() {
        let defaults = Options::parse(&[]).unwrap();
        assert_eq!(
            (defaults.seconds, defaults.seed, defaults.check),
            (60, 1, 60)
        );
        let given = Options::parse(&[
            "--seconds",
            "5",
            "--seed",
            "9",
            "--check",
            "0",
            "--corpus",
            "dir",
        ])
        .unwrap();
        assert_eq!((given.seconds, given.seed, given.check), (5, 9, 0));
        assert_eq!(given.corpus, Some(PathBuf::from("dir")));
        assert!(Options::parse(&["--seconds"]).is_err());
        assert!(Options::parse(&["--seconds", "soon"]).is_err());
        assert!(Options::parse(&["--fast", "1"]).is_err());
    }

    #[test]
    fn run_seeds_depend_on_seed_and_index_only() {
        assert_eq!(run_seed(1, 7), run_seed(1, 7));
        assert_ne!(run_seed(1, 7), run_seed(1, 8));
        assert_ne!(run_seed(1, 7), run_seed(2, 7));
    }
}
