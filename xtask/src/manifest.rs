//! `specs/manifest.yaml`: which APIs to generate, from which spec, and for a
//! vendored spec the upstream release it must stay identical to.

use serde::Deserialize;
use sha2::{Digest, Sha256};
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
    /// For a vendored spec: the upstream file it is a copy of.
    #[serde(default)]
    pub upstream: Option<Upstream>,
}

/// The pin of a vendored spec: which upstream release it is, where it came
/// from, and the SHA-256 of its bytes. `cargo xtask codegen` refuses the spec
/// when its bytes no longer hash to the pin, so an edit cannot slip in unseen.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    /// The upstream release (`info.version` of the document).
    pub version: String,
    /// Where the file was taken from.
    pub source: String,
    /// Lower-case hex SHA-256 of the file exactly as vendored.
    pub sha256: String,
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
        if let Some(upstream) = &api.upstream {
            let hex = upstream.sha256.len() == 64
                && upstream
                    .sha256
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
            if !hex {
                return Err(format!(
                    "{}: apis[{index}].upstream.sha256 must be 64 lower-case hex digits (the output of `sha256sum specs/{}`)",
                    path.display(),
                    api.spec
                ));
            }
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

/// Lower-case hex SHA-256 of `bytes`, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Checks a vendored spec against its pin: its bytes must hash to
/// `upstream.sha256` and its `info.version` must be `upstream.version`.
/// An entry without `upstream` is the project's own spec and passes.
pub fn verify_pin(api: &ApiEntry, text: &str) -> Result<(), String> {
    let Some(upstream) = &api.upstream else {
        return Ok(());
    };
    let spec = format!("specs/{}", api.spec);
    let actual = sha256_hex(text.as_bytes());
    if actual != upstream.sha256 {
        return Err(format!(
            "{spec} is vendored from upstream and must stay byte-identical to it, but its SHA-256 \
             is {actual}, not {pinned}, the hash specs/manifest.yaml pins for upstream version \
             {version} ({source}).\n\
             - If the file was edited by mistake: restore it (`git checkout -- {spec}`); put \
             additions into an overlay and fixes into the generator, never into this file.\n\
             - If you are vendoring a new upstream release: copy the upstream file unchanged over \
             {spec}, then in specs/manifest.yaml set `upstream.version` to its `info.version`, \
             `upstream.source` to where it came from and `upstream.sha256` to the output of \
             `sha256sum {spec}`.",
            pinned = upstream.sha256,
            version = upstream.version,
            source = upstream.source,
        ));
    }
    let document: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("{spec}: {e}"))?;
    let version = document
        .get("info")
        .and_then(|info| info.get("version"))
        .and_then(serde_yaml::Value::as_str);
    if version != Some(upstream.version.as_str()) {
        return Err(format!(
            "{spec}: its info.version is {}, but specs/manifest.yaml records upstream version {}: \
             set `upstream.version` to the version of the file you vendored",
            version.map_or_else(|| "missing".to_owned(), |v| format!("`{v}`")),
            upstream.version
        ));
    }
    Ok(())
}
