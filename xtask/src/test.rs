//! `cargo xtask test`: every test the project has, in one command. The Rust
//! tests first (fast feedback), then the OpenAPI validators on the hand-written
//! specs, then the generated clients against the Prism mock server; the last
//! two install their tools into `.cache/tools` on first use.

use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    step(
        Command::new(cargo)
            .args(["test", "--workspace"])
            .current_dir(root),
        "cargo test --workspace",
    )?;
    step(
        Command::new(root.join("scripts").join("validate-specs")).current_dir(root),
        "scripts/validate-specs",
    )?;
    eprintln!("==> cargo xtask conformance");
    crate::conformance::run(root)
}

fn step(command: &mut Command, name: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}
