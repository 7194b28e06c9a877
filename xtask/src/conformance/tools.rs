//! The tools a conformance run of any spec needs besides Prism, installed
//! pinned into `.cache/tools` on first use: openapi-sampler (npm) for values
//! made from schemas, and a Python virtual environment with openapi-core and
//! hypothesis-jsonschema (`scripts/conformance/requirements.txt`) for
//! checking those values and for decoding the requests independently.

use super::prism::install_npm;
use std::path::{Path, PathBuf};
use std::process::Command;

/// openapi-sampler, pinned.
const SAMPLER_VERSION: &str = "1.7.9";

/// Where the installed tools are.
pub struct Tools {
    /// Prism's command.
    pub prism: PathBuf,
    /// The `node_modules` folder holding openapi-sampler (for `NODE_PATH`).
    pub node_modules: PathBuf,
    /// The virtual environment's Python.
    pub python: PathBuf,
    /// `scripts/conformance`.
    pub scripts: PathBuf,
}

impl Tools {
    /// Installs what is missing and says where everything is.
    pub fn install(root: &Path) -> Result<Self, String> {
        let prism = super::prism::install_prism(root)?;
        let tools = root.join(".cache").join("tools");
        let sampler = tools.join("sampler");
        install_npm(&sampler, "openapi-sampler", SAMPLER_VERSION)?;
        let scripts = root.join("scripts").join("conformance");
        let python = install_python(&tools.join("python"), &scripts.join("requirements.txt"))?;
        Ok(Self {
            prism,
            node_modules: sampler.join("node_modules"),
            python,
            scripts,
        })
    }

    /// `node scripts/conformance/SCRIPT ARGS…` with openapi-sampler in reach.
    pub fn node(&self, script: &str) -> Command {
        let mut command = Command::new("node");
        command
            .arg(self.scripts.join(script))
            .env("NODE_PATH", &self.node_modules);
        command
    }

    /// The virtual environment's `python scripts/conformance/SCRIPT`.
    pub fn python(&self, script: &str) -> Command {
        let mut command = Command::new(&self.python);
        command.arg(self.scripts.join(script));
        command
    }
}

/// Makes the virtual environment `venv` hold exactly `requirements` (pinned
/// versions), unless it already does (a copy of the file inside it says so).
fn install_python(venv: &Path, requirements: &Path) -> Result<PathBuf, String> {
    let python = venv.join("bin").join("python");
    let wanted = std::fs::read_to_string(requirements)
        .map_err(|e| format!("{}: {e}", requirements.display()))?;
    let stamp = venv.join("fax-requirements.txt");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return Ok(python);
    }
    println!(
        "installing the Python tools of {} into {}",
        requirements.display(),
        venv.display()
    );
    if !python.exists() {
        crate::process::status(
            Command::new("python3").arg("-m").arg("venv").arg(venv),
            "python3 -m venv",
        )?;
    }
    crate::process::status(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(requirements),
        "pip install",
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| format!("{}: {e}", stamp.display()))?;
    Ok(python)
}
