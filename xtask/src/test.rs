//! `cargo xtask test`: every test the project has, in one command. The Rust
//! tests first (fast feedback), then the OpenAPI validators on the hand-written
//! specs, then the generated clients against the Prism mock server; the last
//! two install their tools into `.cache/tools` on first use.

use crate::process::{cargo, status};
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    status(
        cargo().args(["test", "--workspace"]).current_dir(root),
        "cargo test --workspace",
    )?;
    status(
        Command::new(root.join("scripts").join("validate-specs")).current_dir(root),
        "scripts/validate-specs",
    )?;
    eprintln!("==> cargo xtask conformance");
    crate::conformance::run(root)
}
