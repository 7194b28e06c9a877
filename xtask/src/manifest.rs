//! `specs/manifest.yaml`: which APIs to generate, and from which spec.

use serde::Deserialize;
use std::path::Path;

/// The manifest file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The APIs in module order.
    pub apis: Vec<ApiEntry>,
}

/// One API.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiEntry {
    /// The Rust module name in `generated/src/`.
    pub module: String,
    /// The spec file, relative to `specs/`.
    pub spec: String,
    /// Our additions to a vendored spec, merged into it (relative to `specs/`).
    #[serde(default)]
    pub overlay: Option<String>,
}

/// Reads and checks the manifest.
pub fn read(specs_dir: &Path) -> Result<Manifest, String> {
    let path = specs_dir.join("manifest.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let manifest: Manifest =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    for (index, api) in manifest.apis.iter().enumerate() {
        let valid = api.module.starts_with(|c: char| c.is_ascii_lowercase())
            && api
                .module
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(format!(
                "{}: apis[{index}].module `{}` must be a snake_case Rust module name",
                path.display(),
                api.module
            ));
        }
        if manifest.apis[..index]
            .iter()
            .any(|other| other.module == api.module)
        {
            return Err(format!(
                "{}: module `{}` is listed twice",
                path.display(),
                api.module
            ));
        }
    }
    Ok(manifest)
}
