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

use crate::manifest;
use std::fs::File;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the run is pinned to. 5.14.2 is the newest that runs on
/// Node 18 to 22; later releases require Node 24.
const PRISM_VERSION: &str = "5.14.2";

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

/// Installs the pinned Prism into `.cache/tools/prism` unless it is there
/// already, and returns the path of its command.
fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join(".cache").join("tools").join("prism");
    let modules = prefix.join("node_modules");
    let bin = modules.join(".bin").join("prism");
    let package = modules
        .join("@stoplight")
        .join("prism-cli")
        .join("package.json");
    if bin.exists() && installed_version(&package).as_deref() == Some(PRISM_VERSION) {
        return Ok(bin);
    }
    println!("installing @stoplight/prism-cli {PRISM_VERSION} into .cache/tools/prism");
    std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args([
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-exact",
            &format!("@stoplight/prism-cli@{PRISM_VERSION}"),
        ])
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() {
        return Err(format!(
            "npm install @stoplight/prism-cli failed ({status})"
        ));
    }
    if !bin.exists() {
        return Err(format!(
            "npm installed Prism but {} is missing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// The `version` of an installed npm package, from its `package.json`.
fn installed_version(package_json: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_json).ok()?;
    let package: serde_json::Value = serde_json::from_str(&text).ok()?;
    package.get("version")?.as_str().map(str::to_owned)
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

/// `count` distinct free ports on 127.0.0.1: each is bound to port 0 (the
/// system picks one) and released only when all are known, so no port is
/// handed out twice. Another program could take one before Prism binds it;
/// Prism then fails to start and says so.
fn free_ports(count: usize) -> Result<Vec<u16>, String> {
    let listeners = (0..count)
        .map(|_| TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("cannot find a free port on 127.0.0.1: {e}"))?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("cannot find a free port on 127.0.0.1: {e}"))
}

/// One running Prism. Dropping it stops the process, so an early return or a
/// panic cannot leave a server behind.
struct PrismServer {
    module: String,
    port: u16,
    log: PathBuf,
    child: Child,
}

impl PrismServer {
    fn start(
        prism: &Path,
        module: &str,
        spec: &Path,
        port: u16,
        log: &Path,
        seed: Option<&str>,
    ) -> Result<Self, String> {
        let log_file = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new(prism);
        command
            .args(["mock", "--dynamic", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string());
        if let Some(seed) = seed {
            command.args(["--seed", seed]);
        }
        let child = command
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start Prism ({}): {e}", prism.display()))?;
        Ok(Self {
            module: module.to_owned(),
            port,
            log: log.to_owned(),
            child,
        })
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls the port until Prism accepts a connection; fails with Prism's
    /// own output if it exits first or does not come up in time.
    fn wait_until_listening(&mut self, timeout: Duration) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism for {} exited ({status}) before listening on {address}:\n{}",
                    self.module,
                    self.log_text()
                ));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "Prism for {} did not listen on {address} within {} s:\n{}",
                    self.module,
                    timeout.as_secs(),
                    self.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// Stops the process by its id and reaps it.
    fn stop(mut self) -> Result<(), String> {
        self.kill()
    }

    fn kill(&mut self) -> Result<(), String> {
        if let Ok(Some(_)) = self.child.try_wait() {
            return Ok(());
        }
        let pid = self.child.id();
        self.child
            .kill()
            .map_err(|e| format!("cannot stop Prism for {} (pid {pid}): {e}", self.module))?;
        self.child
            .wait()
            .map(drop)
            .map_err(|e| format!("cannot reap Prism for {} (pid {pid}): {e}", self.module))
    }
}

impl Drop for PrismServer {
    fn drop(&mut self) {
        if let Err(message) = self.kill() {
            eprintln!("{message}");
        }
    }
}

fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}
