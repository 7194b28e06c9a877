//! Maintainer commands for the fax API generator. Run as `cargo xtask <command>`.

mod allocator;
mod api_surface;
mod bench;
mod codegen;
mod conformance;
mod corpus;
mod drift;
mod fuzz;
mod generate;
mod manifest;
mod msrv;
mod process;
mod release;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--verbose] [--deny-warnings]
                               regenerate the API modules of generated/ from specs/ and
                               print what changed in each API (--verbose lists every
                               rewrite of the normalize stage; --deny-warnings fails
                               when anything was generated less exactly than specified)
  codegen --check [--deny-warnings]
                               write nothing; fail with a diff when generated/ is stale,
                               or when fax-api's version does not allow its API change
  release                      record the API of fax-api's current version as released
                               (generated/released-api.txt) and draft its CHANGELOG entry
  bench [--whole] [CORPUS_DIR] measure the generator and the generated models (release
                               builds): whole generations of the fax specs and of every
                               document of CORPUS_DIR as processes (wall time, peak memory,
                               stages, lines), criterion stage and serde benches, build
                               times; --whole: the whole generations only
  corpus DIR [FILTER] [--verbose] [--deny-warnings]
                               run the generator over every OpenAPI document under DIR
                               (or those whose path contains FILTER) and cargo-check the
                               output; prints each document's warnings count
  generate SPEC OUT_DIR [--stages]
                               generate one OpenAPI document as a crate in OUT_DIR (its
                               sources and a manifest), as a user's generation would; the
                               whole process that `bench` times (--stages: time and
                               memory per stage, tab-separated)
  drift UPSTREAM OURS [--all] [--paths PREFIX]... [--webhooks PREFIX]...
                               list what one OpenAPI document has and the other lacks
                               (operations, parameters, fields, enum values, webhooks);
                               of a vendor's whole document only the paths and webhook
                               events OURS has and those under their prefixes, unless
                               --paths/--webhooks name the prefixes or --all is given
  fuzz [--seconds N] [--seed S] [--corpus DIR] [--check N] [--slow SECONDS]
                               mutate the specs and fixtures (and DIR's specs), run the
                               generator on each mutant (default 60 s, seed 1), cargo-check
                               N outputs (60); prints one summary line, failing inputs go
                               to target/fuzz/failures
  msrv                         fail when a package a published crate builds with (normal and
                               build dependencies, every target) declares a higher
                               rust-version than the crate
  test                         run every test: the workspace's cargo tests, then the spec validators
  conformance                  call every operation against a Prism mock server of each spec
                               (installs Prism into .cache/tools on first use)
  conformance SPEC|DIR...      generate each OpenAPI document's client and a driver that calls
                               every operation with every parameter set, against Prism; the
                               requests' parameters are decoded again with openapi-core; one
                               PASS/FAIL line per operation (installs Prism, openapi-sampler
                               and a Python environment into .cache/tools on first use)";

const CODEGEN_FLAGS: [&str; 3] = ["--check", "--verbose", "--deny-warnings"];

fn main() -> ExitCode {
    allocator::configure();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen", flags @ ..] if flags.iter().all(|f| CODEGEN_FLAGS.contains(f)) => {
            let mode = if flags.contains(&"--check") {
                codegen::Mode::Check
            } else {
                codegen::Mode::Write
            };
            let options = codegen::Options {
                verbose: flags.contains(&"--verbose"),
                deny_warnings: flags.contains(&"--deny-warnings"),
            };
            codegen::run_with(&repo_root(), mode, options)
        }
        ["release"] => release::run(&repo_root()),
        ["bench"] => bench::run(&repo_root(), None),
        ["bench", "--whole"] => bench::run_whole(&repo_root(), None),
        ["bench", "--whole", dir] => {
            bench::run_whole(&repo_root(), Some(std::path::Path::new(dir)))
        }
        ["bench", dir] => bench::run(&repo_root(), Some(std::path::Path::new(dir))),
        ["corpus", rest @ ..] if !rest.is_empty() => corpus::run_args(&repo_root(), rest),
        ["corpus"] => corpus::run_default(&repo_root()),
        ["generate", spec, out, flags @ ..] if flags.iter().all(|f| *f == "--stages") => {
            generate::run(
                &repo_root(),
                std::path::Path::new(spec),
                std::path::Path::new(out),
                !flags.is_empty(),
            )
        }
        ["drift", rest @ ..] if !rest.is_empty() => {
            drift::Options::parse(rest).and_then(|options| drift::run(&options))
        }
        ["fuzz", options @ ..] => {
            fuzz::Options::parse(options).and_then(|options| fuzz::run(&repo_root(), &options))
        }
        // The fuzzer's child process: one generator run (not for people).
        ["fuzz-child", input, out] => fuzz::child_main(input, out),
        ["msrv"] => msrv::run(&repo_root()),
        ["test"] => test::run(&repo_root()),
        ["conformance"] => conformance::run(&repo_root()),
        ["conformance", specs @ ..] => conformance::run_specs(&repo_root(), specs),
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
