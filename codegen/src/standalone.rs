//! A generated API as a crate of its own, for the tools that compile
//! generated output outside the `fax-api` crate (the corpus run, the fuzzer,
//! the regression test): the manifest such a crate needs, its files laid out
//! under `src/`, and the workspace that checks many of them at once.
//!
//! The dependencies listed here are the ones generated code refers to, so
//! they live beside the generator rather than in each tool.

use crate::GeneratedApi;
use std::path::Path;

/// The `Cargo.toml` of crate `name` holding one generated API, depending on
/// the runtime crate at `runtime`.
pub fn crate_manifest(name: &str, runtime: &Path) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nfax-runtime = {{ path = {runtime:?} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\
         serde_with = {{ version = \"3\", default-features = false, features = [\"std\", \"time_0_3\"] }}\n\
         time = {{ version = \"0.3\", features = [\"serde\", \"formatting\", \"parsing\"] }}\n"
    )
}

/// The manifest of a workspace whose members are `crates/NAME` for each name.
pub fn workspace_manifest<S: AsRef<str>>(members: &[S]) -> String {
    let members: Vec<String> = members
        .iter()
        .map(|m| format!("  \"crates/{}\",", m.as_ref()))
        .collect();
    format!(
        "[workspace]\nresolver = \"2\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    )
}

/// A crate name for the spec file `file` (its stem, lower case, anything but
/// letters and digits as `_`), after `prefix`.
pub fn crate_name(prefix: &str, file: &str) -> String {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}{clean}")
}

/// The generated files as the crate's sources: `mod.rs` becomes `lib.rs`.
pub fn write_sources(dir: &Path, generated: &GeneratedApi) -> std::io::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    for file in &generated.files {
        let name = if file.name == "mod.rs" {
            "lib.rs"
        } else {
            &file.name
        };
        std::fs::write(src.join(name), &file.contents)?;
    }
    Ok(())
}

/// Writes crate `name` into `dir`: its manifest and its sources.
pub fn write_crate(
    dir: &Path,
    name: &str,
    runtime: &Path,
    generated: &GeneratedApi,
) -> std::io::Result<()> {
    write_sources(dir, generated)?;
    std::fs::write(dir.join("Cargo.toml"), crate_manifest(name, runtime))
}

/// The longest identifier generated code may hold: the generator caps names
/// at 64 characters, plus room for a suffix such as `segment_` or `_2`.
/// rustc's memory grows with the square of an identifier's length.
pub const LONGEST_IDENTIFIER: usize = 80;

/// The length of the longest word made of identifier characters in the
/// generated code, when it is longer than [`LONGEST_IDENTIFIER`].
pub fn too_long_identifier(generated: &GeneratedApi) -> Option<usize> {
    generated
        .files
        .iter()
        .flat_map(|f| f.contents.lines())
        // Docs and string literals may quote a long wire name; code may not.
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(|line| line.split('"').step_by(2))
        .flat_map(|code| code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')))
        .map(str::len)
        .max()
        .filter(|len| *len > LONGEST_IDENTIFIER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_the_file_stem_in_lower_case() {
        assert_eq!(
            crate_name("corpus_", "openapi-3.1/Bump_Train.yaml"),
            "corpus_bump_train"
        );
        assert_eq!(crate_name("regression_", "h01.x.json"), "regression_h01_x");
    }

    #[test]
    fn the_workspace_lists_every_member_under_crates() {
        let manifest = workspace_manifest(&["a", "b"]);
        assert!(manifest.contains("\"crates/a\",\n  \"crates/b\","));
    }
}
