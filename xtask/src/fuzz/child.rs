//! One generator run in a child process, under a memory cap and a time
//! limit, so a panic, a stack overflow, a runaway allocation or a hang ends
//! that run only and is counted.
//!
//! The child is this program again (`xtask fuzz-child INPUT OUT`): it runs
//! the pipeline stage by stage, writes the generated files into `OUT` and
//! prints one line saying how the run ended.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use wait_timeout::ChildExt;

/// Address space the child may use (`ulimit -v`, KiB): 2 GiB.
const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Code was generated and written.
    Generated,
    /// A diagnostic naming the file (and a pointer or line).
    Located(String),
    /// A diagnostic that does not name the file or says nothing.
    Unlocated(String),
    /// The format stage (`syn`) refused the emitted tokens.
    Syn(String),
    /// The output has an identifier longer than the generator's cap.
    LongName(String),
    /// The generator panicked.
    Panic(String),
    /// The process died otherwise: stack overflow, out of memory, a signal.
    Crash(String),
    /// Killed after the time limit.
    Hang,
}

/// A finished run: how it ended, how long it took and in which stage of the
/// generator (`load`, `lower`, `emit`) it spent the longest.
pub struct Run {
    pub outcome: Outcome,
    pub elapsed: Duration,
    pub slowest_stage: String,
}

/// The stage that took longest, from the child's `stage NAME MILLIS-OF-PREVIOUS`
/// lines; the last stage started ran until `elapsed`.
fn slowest_stage(stdout: &str, elapsed: Duration) -> String {
    let mut stages: Vec<(&str, u128)> = Vec::new();
    let mut total = 0;
    for line in stdout.lines() {
        let mut fields = line.split('\t');
        if let (Some("stage"), Some(name), Some(previous)) =
            (fields.next(), fields.next(), fields.next())
        {
            let previous: u128 = previous.parse().unwrap_or(0);
            if let Some(last) = stages.last_mut() {
                last.1 = previous;
            }
            total += previous;
            stages.push((name, 0));
        }
    }
    if let Some(last) = stages.last_mut() {
        last.1 = elapsed.as_millis().saturating_sub(total);
    }
    stages
        .iter()
        .max_by_key(|(_, millis)| *millis)
        .map_or_else(|| "start".to_owned(), |(name, _)| (*name).to_owned())
}

/// Runs the generator on `input` in a child process, writing files into `out`.
pub fn run(input: &Path, out: &Path, time_limit: Duration) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let _ = std::fs::remove_dir_all(out);
    let work = input.parent().unwrap_or(Path::new("."));
    let stdout_path = work.join("child.stdout");
    let stderr_path = work.join("child.stderr");
    let stdout = std::fs::File::create(&stdout_path).map_err(|e| e.to_string())?;
    let stderr = std::fs::File::create(&stderr_path).map_err(|e| e.to_string())?;
    let started = Instant::now();
    // `ulimit` applies to the shell, and `exec` hands it on to the child.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v \"$1\" && shift && exec \"$@\"")
        .arg("sh")
        .arg(MEMORY_LIMIT_KIB.to_string())
        .arg(&exe)
        .arg("fuzz-child")
        .arg(input)
        .arg(out)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("cannot start the generator child: {e}"))?;
    let status = match child.wait_timeout(time_limit).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            let elapsed = started.elapsed();
            let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
            return Ok(Run {
                outcome: Outcome::Hang,
                elapsed,
                slowest_stage: slowest_stage(&stdout, elapsed),
            });
        }
    };
    let elapsed = started.elapsed();
    let stdout = std::fs::read_to_string(&stdout_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let first = |text: &str| text.chars().take(400).collect::<String>();
    let line = stdout
        .lines()
        .rfind(|l| !l.starts_with("stage\t"))
        .unwrap_or_default();
    let outcome = match line.split_once('\t') {
        _ if stderr.contains("panicked at") => Outcome::Panic(first(
            stderr
                .lines()
                .skip_while(|l| !l.contains("panicked at"))
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
                .as_str(),
        )),
        Some(("generated", _)) if status.success() => Outcome::Generated,
        Some(("located", why)) if status.success() => Outcome::Located(first(why)),
        Some(("unlocated", why)) if status.success() => Outcome::Unlocated(first(why)),
        Some(("syn", why)) if status.success() => Outcome::Syn(first(why)),
        Some(("long", why)) if status.success() => Outcome::LongName(first(why)),
        _ => Outcome::Crash(format!("{status}: {}", first(stderr.trim()))),
    };
    let slowest_stage = slowest_stage(&stdout, elapsed);
    Ok(Run {
        outcome,
        elapsed,
        slowest_stage,
    })
}

/// The child's side: generate `input` into `out` and print how it ended, on
/// the generator's own stack, as `cargo xtask codegen` and `corpus` run it
/// (the same build, the same threads), so a depth that crashes them crashes here.
pub fn child_main(input: &str, out: &str) -> Result<(), String> {
    fax_codegen::on_generator_stack(|| run_stages(input, out))
}

fn run_stages(input: &str, out: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let file = Path::new(input)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| input.to_owned());
    let located = |diagnostics: Vec<fax_codegen::Diagnostic>| {
        // The document root is a place too (a missing `openapi` field is at it).
        let unlocated = diagnostics
            .iter()
            .find(|d| d.file != file || d.message.trim().is_empty());
        match unlocated {
            Some(d) => println!("unlocated\t{}", one_line(&d.to_string())),
            None => println!("located\t{}", one_line(&diagnostics[0].to_string())),
        }
    };
    // Each stage announces itself with the time the one before took, so the
    // parent can tell where a slow or killed run spent its time.
    let started = Instant::now();
    let mut last = Duration::ZERO;
    let mut stage = |name: &str| {
        let now = started.elapsed();
        println!("stage\t{name}\t{}", (now - last).as_millis());
        last = now;
    };
    stage("load");
    let spec = match fax_codegen::merged_spec(&file, &text, &[]) {
        Ok(spec) => spec,
        Err(diagnostics) => {
            located(diagnostics);
            return Ok(());
        }
    };
    stage("lower");
    let api = match fax_codegen::lower::lower(&file, &spec) {
        Ok(api) => api,
        Err(diagnostics) => {
            located(diagnostics);
            return Ok(());
        }
    };
    // What lower accepted must come out as Rust: a failure here is `syn`'s refusal.
    stage("emit");
    let generated = match fax_codegen::render(&file, &api, "") {
        Ok(generated) => generated,
        Err(diagnostics) => {
            println!("syn\t{}", one_line(&diagnostics[0].message));
            return Ok(());
        }
    };
    stage("check");
    if let Some(long) = fax_codegen::standalone::too_long_identifier(&generated) {
        println!("long\tan identifier of {long} characters");
        return Ok(());
    }
    fax_codegen::standalone::write_sources(Path::new(out), &generated)
        .map_err(|e| format!("{out}: {e}"))?;
    println!(
        "generated\t{} types, {} operations",
        generated.types, generated.operations
    );
    Ok(())
}

/// The length of the longest identifier in the code (not in docs or string
/// literals, which may quote a long wire name), if longer than the cap.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::slowest_stage;
    use std::time::Duration;

    #[test]
    fn the_slowest_stage_is_read_from_the_stage_lines() {
        let finished = "stage\tload\t0\nstage\tlower\t900\nstage\temit\t20\ngenerated\t1 types\n";
        assert_eq!(slowest_stage(finished, Duration::from_millis(1000)), "load");
        let killed = "stage\tload\t0\nstage\tlower\t30\n";
        assert_eq!(slowest_stage(killed, Duration::from_secs(10)), "lower");
        assert_eq!(slowest_stage("", Duration::from_secs(10)), "start");
    }
}
