//! `cargo xtask conformance`: the generated clients against an independent
//! server. Prism (npm `@stoplight/prism-cli`) serves each spec of the manifest
//! as a mock on 127.0.0.1: it rejects any request the spec does not allow and
//! makes up responses from the spec's schemas (`--dynamic`). The ignored
//! tests in `tests/tests/conformance.rs` then call every operation through
//! the generated clients, with the servers' addresses in environment variables.
//!
//! Prism is installed on first use into `.cache/tools/prism`, pinned, and each
//! Prism process is stopped by its own process id when the run ends, whether
//! it passed or not.

mod driver;
mod prism;
mod specs;
mod tools;

use crate::manifest;
use prism::{free_ports, install_prism, PrismServer, PRISM_VERSION};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use specs::run as run_specs;

/// How long one Prism may take to start listening. It usually needs a few
/// seconds; a slow first start (cold disk cache) must not fail the run.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// Set to a number to make Prism's made-up responses repeatable, for
/// example to reproduce a response that did not parse.
const SEED_VAR: &str = "FAX_CONFORMANCE_SEED";

pub fn run(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    let prism = install_prism(root)?;
    let specs_dir = root.join("specs");
    let manifest = manifest::read(&specs_dir)?;
    let out_dir = root.join("target").join("conformance");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let seed = std::env::var(SEED_VAR).ok().filter(|s| !s.is_empty());

    let ports = free_ports(manifest.apis.len())?;
    // Started together so their start-up times overlap; the guards stop every
    // one that started, also when a later step fails.
    let mut servers = Vec::new();
    for (api, port) in manifest.apis.iter().zip(ports) {
        let spec = write_spec(&specs_dir, &out_dir, api)?;
        let log = out_dir.join(format!("{}.prism.log", api.module));
        servers.push(PrismServer::start(
            &prism,
            &api.module,
            &spec,
            port,
            &log,
            seed.as_deref(),
            &[],
        )?);
    }
    for server in &mut servers {
        server.wait_until_listening(STARTUP_TIMEOUT)?;
        println!(
            "{:<12} Prism {PRISM_VERSION} on {} (pid {}, log {})",
            server.module,
            server.url(),
            server.child.id(),
            relative(root, &server.log).display()
        );
    }
    if let Some(seed) = &seed {
        println!("dynamic responses seeded with {seed}");
    }

    // The tests print a summary per API (`--nocapture`); one at a time keeps
    // each summary in one piece.
    let mut test = crate::process::cargo();
    test.args([
        "test",
        "-p",
        "fax-tests",
        "--test",
        "conformance",
        "--",
        "--ignored",
        "--test-threads=1",
        "--nocapture",
    ])
    .current_dir(root);
    for server in &servers {
        test.env(url_var(&server.module), server.url());
    }
    let status = test
        .status()
        .map_err(|e| format!("cannot run the conformance tests: {e}"))?;

    let mut stopped = Vec::new();
    for server in servers {
        stopped.push(server.stop());
    }
    if !status.success() {
        return Err(format!(
            "conformance tests failed ({status}); Prism's request logs are in {}",
            relative(root, &out_dir).display()
        ));
    }
    for result in stopped {
        result?;
    }
    println!(
        "conformance: passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The environment variable that hands an API's mock server to the tests,
/// e.g. `FAX_CONFORMANCE_TWILIO_URL`.
fn url_var(module: &str) -> String {
    format!("FAX_CONFORMANCE_{}_URL", module.to_ascii_uppercase())
}

/// Writes the document Prism serves for one API: the spec with its overlay
/// merged, as the generator sees it. Serving the vendored file alone would
/// make Prism answer 404 to the operations the overlay adds.
fn write_spec(
    specs_dir: &Path,
    out_dir: &Path,
    api: &manifest::ApiEntry,
) -> Result<PathBuf, String> {
    let read = |file: &str| {
        std::fs::read_to_string(specs_dir.join(file)).map_err(|e| format!("specs/{file}: {e}"))
    };
    let spec_name = format!("specs/{}", api.spec);
    let text = read(&api.spec)?;
    let overlay = match &api.overlay {
        Some(file) => Some((format!("specs/{file}"), read(file)?)),
        None => None,
    };
    let overlays: Vec<(&str, &str)> = overlay
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let spec = fax_codegen::merged_spec(&spec_name, &text, &overlays).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(|d| format!("error: {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let json = serde_json::to_string_pretty(&spec)
        .map_err(|e| format!("{spec_name}: cannot write the merged spec as JSON: {e}"))?;
    let path = out_dir.join(format!("{}.openapi.json", api.module));
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}
