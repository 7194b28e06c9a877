//! Maintainer commands for the fax API generator. Run as `cargo xtask <command>`.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod fuzz;
mod manifest;
mod process;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen           regenerate the API modules of generated/ from specs/
  codegen --check   write nothing; fail with a diff when generated/ is stale
  bench             measure the generator and the generated models (release builds)
  corpus [FILTER]   run the generator over ../shared/corpus (or the specs whose
                    path contains FILTER) and cargo-check the output
  fuzz [--seconds N] [--seed S] [--corpus DIR] [--check N] [--slow SECONDS]
                    mutate the specs and fixtures (and DIR's specs), run the generator
                    on each mutant (default 60 s, seed 1), cargo-check N outputs (60);
                    prints one summary line, failing inputs go to target/fuzz/failures
  test              run every test: the workspace's cargo tests, then the spec validators
  conformance       call every operation against a Prism mock server of each spec
                    (installs Prism into .cache/tools on first use)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => codegen::run(&repo_root(), codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(&repo_root(), codegen::Mode::Check),
        ["bench"] => bench::run(&repo_root()),
        ["corpus"] => corpus::run(&repo_root(), None),
        ["corpus", filter] => corpus::run(&repo_root(), Some(filter)),
        ["fuzz", options @ ..] => {
            fuzz::Options::parse(options).and_then(|options| fuzz::run(&repo_root(), &options))
        }
        // The fuzzer's child process: one generator run (not for people).
        ["fuzz-child", input, out] => fuzz::child_main(input, out),
        ["test"] => test::run(&repo_root()),
        ["conformance"] => conformance::run(&repo_root()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn repo_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
