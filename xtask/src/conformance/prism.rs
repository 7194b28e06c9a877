//! Prism, the validating mock server: installed pinned into
//! `.cache/tools/prism`, started on a free port of 127.0.0.1 with its own
//! log, and stopped by its process id (also when a run fails half-way).

use std::fs::File;
use std::io::Read;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the run is pinned to. 5.14.2 is the newest that runs on
/// Node 18 to 22; later releases require Node 24.
pub const PRISM_VERSION: &str = "5.14.2";

/// Installs the pinned Prism into `.cache/tools/prism` unless it is there
/// already, and returns the path of its command.
pub fn install_prism(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join(".cache").join("tools").join("prism");
    install_npm(&prefix, "@stoplight/prism-cli", PRISM_VERSION)?;
    let bin = prefix.join("node_modules").join(".bin").join("prism");
    if !bin.exists() {
        return Err(format!(
            "npm installed Prism but {} is missing",
            bin.display()
        ));
    }
    Ok(bin)
}

/// Installs npm package `name` at exactly `version` into `prefix` (its
/// `node_modules`) unless that version is there already.
pub fn install_npm(prefix: &Path, name: &str, version: &str) -> Result<(), String> {
    let package = prefix.join("node_modules").join(name).join("package.json");
    if installed_version(&package).as_deref() == Some(version) {
        return Ok(());
    }
    println!("installing {name} {version} into {}", prefix.display());
    std::fs::create_dir_all(prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
    let status = Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(prefix)
        .args([
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--save-exact",
            &format!("{name}@{version}"),
        ])
        .status()
        .map_err(|e| format!("cannot run npm (is Node.js installed?): {e}"))?;
    if !status.success() {
        return Err(format!("npm install {name}@{version} failed ({status})"));
    }
    Ok(())
}

/// The `version` of an installed npm package, from its `package.json`.
fn installed_version(package_json: &Path) -> Option<String> {
    let text = std::fs::read_to_string(package_json).ok()?;
    let package: serde_json::Value = serde_json::from_str(&text).ok()?;
    package.get("version")?.as_str().map(str::to_owned)
}

/// `count` distinct free ports on 127.0.0.1: each is bound to port 0 (the
/// system picks one) and released only when all are known, so no port is
/// handed out twice. Another program could take one before Prism binds it;
/// Prism then fails to start and says so.
pub fn free_ports(count: usize) -> Result<Vec<u16>, String> {
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
pub struct PrismServer {
    pub module: String,
    pub port: u16,
    pub log: PathBuf,
    pub child: Child,
}

impl PrismServer {
    /// Starts `prism mock --dynamic` on `spec` at `port`, its output in
    /// `log`; `extra` are further options (such as `--errors`).
    pub fn start(
        prism: &Path,
        module: &str,
        spec: &Path,
        port: u16,
        log: &Path,
        seed: Option<&str>,
        extra: &[&str],
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
        command.args(extra);
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

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Polls the port until Prism accepts a connection; fails with Prism's
    /// own output if it exits first or does not come up in time.
    pub fn wait_until_listening(&mut self, timeout: Duration) -> Result<(), String> {
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

    pub fn log_text(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.log) {
            let _ = file.read_to_string(&mut text);
        }
        text
    }

    /// Stops the process by its id and reaps it.
    pub fn stop(mut self) -> Result<(), String> {
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
