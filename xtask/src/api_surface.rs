//! The public API of `fax-api` as files: each module's surface snapshot
//! (what a reviewer reads in a pull request), the surface of the last
//! release, and the version rule that ties them to `generated/Cargo.toml`.

use fax_codegen::surface::{compare, Class, Comparison, Surface};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a module's surface snapshot lives: an `insta` snapshot, which the
/// `surface_*` tests of `tests/tests/snapshots.rs` also assert.
pub fn snapshot_path(root: &Path, module: &str) -> PathBuf {
    root.join("tests/tests/snapshots")
        .join(format!("snapshots__surface_{module}.snap"))
}

/// A surface as the `insta` snapshot file holding it.
pub fn snapshot_text(surface: &Surface) -> String {
    format!(
        "---\nsource: tests/tests/snapshots.rs\nexpression: surface\n---\n{}\n",
        surface.to_text().trim_end()
    )
}

/// The surface in a snapshot file, or `None` when there is none yet.
pub fn read_snapshot(path: &Path) -> Result<Option<Surface>, String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let body = strip_snapshot_header(&text);
    Surface::parse(body)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn strip_snapshot_header(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(at) = rest.find("\n---\n") {
            return &rest[at + 5..];
        }
    }
    text
}

/// The file recording the surface `fax-api` was last released with.
pub fn released_path(root: &Path) -> PathBuf {
    root.join("generated/released-api.txt")
}

/// The last release: its version and each module's surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub version: Version,
    pub modules: BTreeMap<String, Surface>,
}

impl Release {
    pub fn read(path: &Path) -> Result<Option<Release>, String> {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Ok(None);
        };
        let at = |line: usize, message: String| format!("{}:{line}: {message}", path.display());
        let mut version = None;
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        let mut current: Option<String> = None;
        for (index, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(v) = line.strip_prefix("version ") {
                version = Some(Version::parse(v).map_err(|e| at(index + 1, e))?);
            } else if let Some(module) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                modules.entry(module.to_owned()).or_default();
                current = Some(module.to_owned());
            } else if let Some(module) = &current {
                let body = modules.entry(module.clone()).or_default();
                body.push_str(line);
                body.push('\n');
            } else {
                return Err(at(
                    index + 1,
                    format!("a line before any `[module]`: {line}"),
                ));
            }
        }
        let version = version.ok_or_else(|| at(1, "no `version` line".into()))?;
        let mut surfaces = BTreeMap::new();
        for (module, body) in modules {
            let surface = Surface::parse(&body).map_err(|e| at(0, format!("[{module}] {e}")))?;
            surfaces.insert(module, surface);
        }
        Ok(Some(Release {
            version,
            modules: surfaces,
        }))
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "# The public API of fax-api {} as released. Written by `cargo xtask release`;\n\
             # `cargo xtask codegen --check` compares the generated API with it. Do not edit.\n\
             version {}\n",
            self.version, self.version
        );
        for (module, surface) in &self.modules {
            out.push_str(&format!("\n[{module}]\n{}", surface.to_text()));
        }
        out
    }
}

/// Every module's change since the release, a module added or removed included.
pub fn since_release(
    release: &Release,
    now: &BTreeMap<String, Surface>,
) -> BTreeMap<String, Comparison> {
    let empty = Surface::default();
    let mut out = BTreeMap::new();
    for module in release.modules.keys().chain(now.keys()) {
        let before = release.modules.get(module).unwrap_or(&empty);
        let after = now.get(module).unwrap_or(&empty);
        out.insert(module.clone(), compare(before, after));
    }
    out
}

/// The highest class among `comparisons`.
pub fn overall(comparisons: &BTreeMap<String, Comparison>) -> Class {
    comparisons
        .values()
        .map(Comparison::class)
        .max()
        .unwrap_or(Class::None)
}

/// A version number as Cargo reads it (`major.minor.patch`, with optional
/// pre-release and build parts), parsed and ordered by the `semver` crate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(semver::Version);

impl Version {
    pub fn parse(text: &str) -> Result<Version, String> {
        let text = text.trim().trim_matches('"');
        semver::Version::parse(text)
            .map(Version)
            .map_err(|e| format!("`{text}` is not a version number (major.minor.patch): {e}"))
    }

    /// The smallest version after `self` that Cargo lets a change of `class`
    /// have. Cargo treats the leftmost non-zero number as the major one: under
    /// 1.0, `0.y` is major and `0.y.z` minor, so a breaking change of 0.1.0
    /// needs 0.2.0 and an additive one 0.1.1.
    pub fn next_for(&self, class: Class) -> Version {
        let plain = |major, minor, patch| Version(semver::Version::new(major, minor, patch));
        let semver::Version {
            major,
            minor,
            patch,
            ..
        } = self.0;
        match (class, major, minor) {
            (Class::Breaking, 0, 0) => plain(0, 0, patch + 1),
            (Class::Breaking, 0, minor) => plain(0, minor + 1, 0),
            (Class::Breaking, major, _) => plain(major + 1, 0, 0),
            (Class::Additive, 0, 0) => plain(0, 0, patch + 1),
            (Class::Additive, 0, minor) => plain(0, minor, patch + 1),
            (Class::Additive, major, minor) => plain(major, minor + 1, 0),
            (Class::None, major, minor) => plain(major, minor, patch + 1),
        }
    }

    /// Whether `self` may follow `released` after a change of `class`.
    pub fn allows(&self, released: &Version, class: Class) -> bool {
        let core = |v: &Version| (v.0.major, v.0.minor, v.0.patch);
        match class {
            // Nothing changed: the same version, or any later one.
            Class::None => core(self) >= core(released),
            _ => core(self) >= core(&released.next_for(class)),
        }
    }

    /// What a change of `class` is called under Cargo's rules for this version.
    pub fn bump_name(&self, class: Class) -> &'static str {
        match (class, self.0.major) {
            (Class::Breaking, _) => "a new major version (for 0.y.z: a new y)",
            (Class::Additive, 0) => "a new minor version (for 0.y.z: a new z)",
            (Class::Additive, _) => "a new minor version",
            (Class::None, _) => "a patch version",
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The `version` of `[package]` in `generated/Cargo.toml`.
pub fn crate_version(root: &Path) -> Result<Version, String> {
    let path = root.join("generated/Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line
                .strip_prefix("version")
                .map(str::trim_start)
                .and_then(|l| l.strip_prefix('='))
            {
                return Version::parse(value).map_err(|e| format!("{}: {e}", path.display()));
            }
        }
    }
    Err(format!("{}: no `version` in [package]", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn cargo_treats_the_leftmost_non_zero_number_as_major() {
        assert_eq!(v("0.1.0").next_for(Class::Breaking), v("0.2.0"));
        assert_eq!(v("0.1.3").next_for(Class::Additive), v("0.1.4"));
        assert_eq!(v("1.4.2").next_for(Class::Breaking), v("2.0.0"));
        assert_eq!(v("1.4.2").next_for(Class::Additive), v("1.5.0"));
        assert_eq!(v("0.0.3").next_for(Class::Additive), v("0.0.4"));
        assert_eq!(v("1.4.2").next_for(Class::None), v("1.4.3"));
    }

    #[test]
    fn a_version_allows_a_change_only_with_the_bump_it_needs() {
        assert!(!v("0.1.0").allows(&v("0.1.0"), Class::Breaking));
        assert!(!v("0.1.1").allows(&v("0.1.0"), Class::Breaking));
        assert!(v("0.2.0").allows(&v("0.1.0"), Class::Breaking));
        assert!(v("1.0.0").allows(&v("0.1.0"), Class::Breaking));
        assert!(!v("0.1.0").allows(&v("0.1.0"), Class::Additive));
        assert!(v("0.1.1").allows(&v("0.1.0"), Class::Additive));
        assert!(!v("1.4.9").allows(&v("1.4.2"), Class::Additive));
        assert!(v("1.5.0").allows(&v("1.4.2"), Class::Additive));
        assert!(v("0.1.0").allows(&v("0.1.0"), Class::None));
    }

    #[test]
    fn a_release_file_reads_back_as_written() {
        let mut modules = BTreeMap::new();
        modules.insert(
            "demo".to_owned(),
            Surface::parse("types::Fax: #[non_exhaustive] struct { id: String }\n").unwrap(),
        );
        let release = Release {
            version: v("0.3.1"),
            modules,
        };
        let path = std::env::temp_dir().join(format!("fax-release-{}.txt", std::process::id()));
        std::fs::write(&path, release.to_text()).unwrap();
        assert_eq!(Release::read(&path).unwrap(), Some(release));
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_snapshot_reads_back_without_its_header() {
        let surface = Surface::parse("types::Fax: struct { id: String }\n").unwrap();
        let path = std::env::temp_dir().join(format!("fax-snap-{}.snap", std::process::id()));
        std::fs::write(&path, snapshot_text(&surface)).unwrap();
        assert_eq!(read_snapshot(&path).unwrap(), Some(surface));
        let _ = std::fs::remove_file(&path);
    }
}
