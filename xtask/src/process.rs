//! Running the other programs the maintainer commands drive (cargo, rustfmt,
//! npm, scripts), with errors that name the command.

use std::process::Command;

/// The cargo that runs this xtask, so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs a command with inherited output; an error unless it succeeds.
pub fn status(command: &mut Command, name: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}

/// Runs a command and returns its standard output; an error, with its
/// standard error, unless it succeeds.
pub fn output(command: &mut Command, name: &str) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
