//! `cargo check` of a sample of generated outputs, all in one scratch
//! workspace, so the dependencies compile once for all of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The outputs set aside for checking: crate folder name → the input that made it.
#[derive(Default)]
pub struct Sample {
    pub crates: BTreeMap<String, PathBuf>,
}

/// Makes `generated` (a folder with `src/`) a crate of the scratch workspace.
pub fn add_crate(
    root: &Path,
    crates_dir: &Path,
    name: &str,
    generated: &Path,
) -> Result<(), String> {
    let dir = crates_dir.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(crates_dir).map_err(|e| e.to_string())?;
    std::fs::rename(generated, &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let manifest = fax_codegen::standalone::crate_manifest(name, &root.join("runtime"));
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())
}

/// Checks every crate of the sample; the names of those that fail, with their first error.
pub fn check_all(
    root: &Path,
    scratch: &Path,
    sample: &Sample,
) -> Result<BTreeMap<String, String>, String> {
    let members: Vec<&String> = sample.crates.keys().collect();
    let manifest = fax_codegen::standalone::workspace_manifest(&members);
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The project's lock file pins the versions the real crate uses.
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    let output = crate::process::cargo()
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "short",
        ])
        .current_dir(scratch)
        // Shared with the regression test, so the dependencies are compiled once.
        .env(
            "CARGO_TARGET_DIR",
            root.join("target").join("regression-check").join("target"),
        )
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failed = BTreeMap::new();
    for line in stderr.lines().filter(|l| l.contains("error")) {
        if let Some(rest) = line.strip_prefix("crates/") {
            if let Some((name, _)) = rest.split_once('/') {
                failed
                    .entry(name.to_owned())
                    .or_insert_with(|| line.to_owned());
            }
        }
    }
    if !output.status.success() && failed.is_empty() {
        return Err(format!("cargo check failed:\n{stderr}"));
    }
    Ok(failed)
}
