//! `cargo xtask msrv`: each published crate's `rust-version` must be at least
//! that of every package it builds with.
//!
//! A user's toolchain compiles everything a published crate reaches through
//! its normal and build dependencies, on whatever platform the user builds
//! for. If one of those packages declares a higher `rust-version` than ours,
//! a user on the version we declare gets that package's error instead of
//! ours, so the declared version is wrong. The check reads
//! `cargo metadata` (the locked versions and the dependency kinds), so it
//! needs no second toolchain.
//!
//! What is walked, from each workspace member whose `publish` is not `false`:
//! - normal dependencies, and build dependencies (they compile on the user's
//!   machine too); dev-dependencies never reach a user and are skipped;
//! - dependencies of every target platform: a user may build for any, and
//!   `cargo metadata` without `--filter-platform` lists them all;
//! - the resolve `cargo metadata` gives for the whole workspace, with all
//!   features, where Cargo has unified the features every member asks for.
//!   A package only another member's (or a dev-dependency's) features pull in
//!   is walked too: the check may name a package a user would not build,
//!   never miss one they would.

use crate::process;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::path::Path;

pub fn run(root: &Path) -> Result<(), String> {
    let text = process::output(
        process::cargo().current_dir(root).args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--locked",
        ]),
        "cargo metadata",
    )?;
    let metadata: Value =
        serde_json::from_str(&text).map_err(|e| format!("cargo metadata: {e}"))?;
    let reports = check(&metadata)?;
    let mut failures = Vec::new();
    for report in &reports {
        println!("{}", report.summary());
        if !report.is_ok() {
            failures.push(report.failure());
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// A `rust-version`: `1.88` and `1.88.0` are the same version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion([u64; 3]);

impl RustVersion {
    pub fn parse(text: &str) -> Result<RustVersion, String> {
        let bad = || format!("`{text}` is not a rust-version (major.minor or major.minor.patch)");
        let parts: Vec<&str> = text.split('.').collect();
        if !(2..=3).contains(&parts.len()) {
            return Err(bad());
        }
        let mut numbers = [0; 3];
        for (number, part) in numbers.iter_mut().zip(&parts) {
            *number = part.parse().map_err(|_| bad())?;
        }
        Ok(RustVersion(numbers))
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [major, minor, patch] = self.0;
        write!(f, "{major}.{minor}")?;
        if patch != 0 {
            write!(f, ".{patch}")?;
        }
        Ok(())
    }
}

/// What one published crate builds with, against what it declares.
#[derive(Debug)]
pub struct Report {
    /// `name version` of the published crate.
    pub krate: String,
    pub declared: Option<RustVersion>,
    /// How many packages its normal and build dependencies reach.
    pub reached: usize,
    /// The highest `rust-version` among them, and the packages that declare it.
    pub highest: Option<(RustVersion, Vec<String>)>,
    /// Every package that needs more than `declared`, with the path to it.
    pub too_new: Vec<TooNew>,
}

#[derive(Debug)]
pub struct TooNew {
    pub package: String,
    pub needs: RustVersion,
    /// From the published crate to the package, one step per dependency.
    pub path: String,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.declared.is_some() && self.too_new.is_empty()
    }

    /// One line: the declared version, what the dependencies need, and who.
    pub fn summary(&self) -> String {
        let declared = match self.declared {
            Some(v) => format!("rust-version {v}"),
            None => "no rust-version".to_owned(),
        };
        let highest = match &self.highest {
            Some((v, names)) => format!("the highest need {v}: {}", names.join(", ")),
            None => "none declares a rust-version".to_owned(),
        };
        let verdict = if self.is_ok() { "ok" } else { "FAILED" };
        format!(
            "{}: {declared}; {} packages reached through normal and build dependencies \
             (every target); {highest}: {verdict}",
            self.krate, self.reached
        )
    }

    /// What is wrong and what to do, for the error message.
    pub fn failure(&self) -> String {
        let Some(declared) = self.declared else {
            return format!(
                "{} is published but declares no rust-version: set `rust-version` in its Cargo.toml",
                self.krate
            );
        };
        let mut text = format!(
            "{} declares rust-version {declared}, but builds with packages that need more:\n",
            self.krate
        );
        for too_new in &self.too_new {
            text += &format!(
                "  {} needs {}: {}\n",
                too_new.package, too_new.needs, too_new.path
            );
        }
        let needed = self
            .too_new
            .iter()
            .map(|t| t.needs)
            .max()
            .unwrap_or(declared);
        text += &format!(
            "raise rust-version to {needed}, or hold those packages back \
             (`cargo update -p NAME --precise VERSION`)"
        );
        text
    }
}

/// One package of the resolve.
struct Package<'a> {
    label: String,
    rust_version: Option<RustVersion>,
    /// The dependencies a user builds: (package id, how the edge is marked in a path).
    deps: Vec<(&'a str, String)>,
}

/// Checks every published workspace member of a `cargo metadata
/// --format-version 1` document.
pub fn check(metadata: &Value) -> Result<Vec<Report>, String> {
    let malformed = |what: &str| format!("cargo metadata: {what}");
    let mut packages: BTreeMap<&str, Package> = BTreeMap::new();
    let mut published = Vec::new();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .ok_or_else(|| malformed("no workspace_members"))?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for package in metadata["packages"]
        .as_array()
        .ok_or_else(|| malformed("no packages"))?
    {
        let id = package["id"]
            .as_str()
            .ok_or_else(|| malformed("a package without an id"))?;
        let name = package["name"].as_str().unwrap_or(id);
        let version = package["version"].as_str().unwrap_or("?");
        let rust_version = match package["rust_version"].as_str() {
            Some(text) => {
                Some(RustVersion::parse(text).map_err(|e| format!("{name} {version}: {e}"))?)
            }
            None => None,
        };
        // `publish = false` is an empty list of registries; absent (null) is any.
        let unpublished = package["publish"].as_array().is_some_and(Vec::is_empty);
        if members.contains(&id) && !unpublished {
            published.push(id);
        }
        packages.insert(
            id,
            Package {
                label: format!("{name} {version}"),
                rust_version,
                deps: Vec::new(),
            },
        );
    }
    for node in metadata["resolve"]["nodes"]
        .as_array()
        .ok_or_else(|| malformed("no resolve (was it run with --no-deps?)"))?
    {
        let id = node["id"]
            .as_str()
            .ok_or_else(|| malformed("a resolve node without an id"))?;
        let mut deps = Vec::new();
        for dep in node["deps"].as_array().into_iter().flatten() {
            let to = dep["pkg"]
                .as_str()
                .ok_or_else(|| malformed("a dependency without a pkg"))?;
            let kinds = dep["dep_kinds"]
                .as_array()
                .filter(|kinds| !kinds.is_empty())
                .ok_or_else(|| malformed("a dependency without dep_kinds (cargo before 1.41?)"))?;
            if let Some(mark) = edge_mark(kinds) {
                deps.push((to, mark));
            }
        }
        packages
            .get_mut(id)
            .ok_or_else(|| malformed(&format!("resolve node {id} is no package")))?
            .deps = deps;
    }
    if published.is_empty() {
        return Err("no workspace member is published: nothing to check".into());
    }
    published
        .iter()
        .map(|root| report(&packages, root))
        .collect()
}

/// How a dependency edge is shown in a path, or `None` when a user never
/// builds it (only a dev-dependency): `""` for a normal dependency on every
/// platform, else ` [build]` and/or ` [cfg(...)]`.
fn edge_mark(kinds: &[Value]) -> Option<String> {
    let used: Vec<&Value> = kinds
        .iter()
        .filter(|kind| kind["kind"].as_str() != Some("dev"))
        .collect();
    if used.is_empty() {
        return None;
    }
    // A normal dependency is shown as one; what is left is a build dependency.
    let normal: Vec<&Value> = used
        .iter()
        .copied()
        .filter(|k| k["kind"].is_null())
        .collect();
    let (chosen, mut mark) = if normal.is_empty() {
        (used, " [build]".to_owned())
    } else {
        (normal, String::new())
    };
    // Conditional only when every way in is conditional.
    let targets: Vec<&str> = chosen.iter().filter_map(|k| k["target"].as_str()).collect();
    if targets.len() == chosen.len() {
        mark += &format!(" [{}]", targets.join(" or "));
    }
    Some(mark)
}

fn report(packages: &BTreeMap<&str, Package>, root: &str) -> Result<Report, String> {
    let start = &packages[root];
    // Breadth first, so the path shown to each package is a shortest one.
    let mut came_from: BTreeMap<&str, Option<(&str, &str)>> = BTreeMap::new();
    came_from.insert(root, None);
    let mut queue = VecDeque::from([root]);
    let mut order = Vec::new();
    while let Some(id) = queue.pop_front() {
        let package = packages
            .get(id)
            .ok_or_else(|| format!("cargo metadata: {id} is in the resolve but not a package"))?;
        if id != root {
            order.push(id);
        }
        for (to, mark) in &package.deps {
            if !came_from.contains_key(to) {
                came_from.insert(to, Some((id, mark.as_str())));
                queue.push_back(to);
            }
        }
    }
    let path_to = |id: &str| {
        let mut steps = Vec::new();
        let mut at = id;
        while let Some(Some((from, mark))) = came_from.get(at) {
            steps.push(format!("{}{mark}", packages[at].label));
            at = from;
        }
        steps.push(start.label.clone());
        steps.reverse();
        steps.join(" -> ")
    };
    let mut highest: Option<(RustVersion, Vec<String>)> = None;
    let mut too_new = Vec::new();
    for id in &order {
        let package = &packages[id];
        let Some(needs) = package.rust_version else {
            continue;
        };
        match &mut highest {
            Some((v, names)) if *v == needs => names.push(package.label.clone()),
            Some((v, _)) if *v > needs => {}
            _ => highest = Some((needs, vec![package.label.clone()])),
        }
        if start.rust_version.is_some_and(|declared| needs > declared) {
            too_new.push(TooNew {
                package: package.label.clone(),
                needs,
                path: path_to(id),
            });
        }
    }
    too_new.sort_by(|a, b| {
        b.needs
            .cmp(&a.needs)
            .then_with(|| a.package.cmp(&b.package))
    });
    if let Some((_, names)) = &mut highest {
        names.sort();
    }
    Ok(Report {
        krate: start.label.clone(),
        declared: start.rust_version,
        reached: order.len(),
        highest,
        too_new,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small workspace as `cargo metadata` describes it: the published
    /// `app` (rust-version `declared`) and the unpublished `tool`.
    ///
    /// - `app` -> `lib` (normal, 1.70) -> `deep` (normal, 1.88.0)
    /// - `app` -> `gen` (build dependency, 1.85)
    /// - `app` -> `winonly` (normal, only on Windows, 1.86)
    /// - `app` -> `testkit` (dev-dependency only, 1.99)
    /// - `app` -> `both` (dev and normal, 1.60)
    /// - `tool` (publish = false) -> `testkit` (normal)
    fn metadata(declared: &str) -> Value {
        let text = r#"{
          "workspace_members": ["path+file:///w/app#0.1.0", "path+file:///w/tool#0.1.0"],
          "packages": [
            {"id": "path+file:///w/app#0.1.0", "name": "app", "version": "0.1.0",
             "rust_version": "DECLARED", "publish": null},
            {"id": "path+file:///w/tool#0.1.0", "name": "tool", "version": "0.1.0",
             "rust_version": "1.60", "publish": []},
            {"id": "registry+x#lib@1.0.0", "name": "lib", "version": "1.0.0", "rust_version": "1.70"},
            {"id": "registry+x#deep@2.0.0", "name": "deep", "version": "2.0.0", "rust_version": "1.88.0"},
            {"id": "registry+x#gen@0.3.0", "name": "gen", "version": "0.3.0", "rust_version": "1.85"},
            {"id": "registry+x#winonly@0.5.0", "name": "winonly", "version": "0.5.0", "rust_version": "1.86"},
            {"id": "registry+x#testkit@1.0.0", "name": "testkit", "version": "1.0.0", "rust_version": "1.99"},
            {"id": "registry+x#both@1.0.0", "name": "both", "version": "1.0.0", "rust_version": "1.60"}
          ],
          "resolve": {"nodes": [
            {"id": "path+file:///w/app#0.1.0", "deps": [
              {"pkg": "registry+x#lib@1.0.0", "dep_kinds": [{"kind": null, "target": null}]},
              {"pkg": "registry+x#gen@0.3.0", "dep_kinds": [{"kind": "build", "target": null}]},
              {"pkg": "registry+x#winonly@0.5.0", "dep_kinds": [{"kind": null, "target": "cfg(windows)"}]},
              {"pkg": "registry+x#testkit@1.0.0", "dep_kinds": [{"kind": "dev", "target": null}]},
              {"pkg": "registry+x#both@1.0.0",
               "dep_kinds": [{"kind": "dev", "target": null}, {"kind": null, "target": null}]}
            ]},
            {"id": "path+file:///w/tool#0.1.0", "deps": [
              {"pkg": "registry+x#testkit@1.0.0", "dep_kinds": [{"kind": null, "target": null}]}
            ]},
            {"id": "registry+x#lib@1.0.0", "deps": [
              {"pkg": "registry+x#deep@2.0.0", "dep_kinds": [{"kind": null, "target": null}]}
            ]},
            {"id": "registry+x#deep@2.0.0", "deps": []},
            {"id": "registry+x#gen@0.3.0", "deps": []},
            {"id": "registry+x#winonly@0.5.0", "deps": []},
            {"id": "registry+x#testkit@1.0.0", "deps": []},
            {"id": "registry+x#both@1.0.0", "deps": []}
          ]}
        }"#;
        serde_json::from_str(&text.replace("DECLARED", declared)).unwrap()
    }

    fn only_report(declared: &str) -> Report {
        let mut reports = check(&metadata(declared)).unwrap();
        assert_eq!(reports.len(), 1, "only app is published: {reports:?}");
        reports.pop().unwrap()
    }

    #[test]
    fn versions_compare_as_numbers_and_a_missing_patch_is_zero() {
        let v = |t| RustVersion::parse(t).unwrap();
        assert!(v("1.9") < v("1.80"));
        assert_eq!(v("1.88"), v("1.88.0"));
        assert!(v("1.88.1") > v("1.88"));
        assert_eq!(v("1.88.0").to_string(), "1.88");
        assert!(RustVersion::parse("1").is_err());
        assert!(RustVersion::parse("1.88-beta").is_err());
    }

    /// `testkit` (1.99) is only a dev-dependency of the published crate and
    /// a normal dependency of the unpublished one: neither counts.
    #[test]
    fn dev_dependencies_and_unpublished_members_are_not_walked() {
        let report = only_report("1.88");
        assert!(report.is_ok(), "{}", report.failure());
        assert_eq!(report.krate, "app 0.1.0");
        // lib, deep, gen, winonly, both: not testkit.
        assert_eq!(report.reached, 5, "{report:?}");
        let (highest, names) = report.highest.unwrap();
        assert_eq!(highest, RustVersion::parse("1.88").unwrap());
        assert_eq!(names, ["deep 2.0.0"]);
    }

    #[test]
    fn a_dependency_needing_more_fails_naming_the_path_to_it() {
        let report = only_report("1.87");
        assert!(!report.is_ok());
        let found: Vec<(&str, &str)> = report
            .too_new
            .iter()
            .map(|t| (t.package.as_str(), t.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [("deep 2.0.0", "app 0.1.0 -> lib 1.0.0 -> deep 2.0.0")]
        );
        let failure = report.failure();
        assert!(
            failure.contains("app 0.1.0 declares rust-version 1.87"),
            "{failure}"
        );
        assert!(failure.contains("raise rust-version to 1.88"), "{failure}");
    }

    /// Build dependencies compile on the user's machine, and a dependency of
    /// one platform counts for every user of that platform.
    #[test]
    fn build_and_platform_specific_dependencies_count() {
        let report = only_report("1.80");
        let found: Vec<(String, &str)> = report
            .too_new
            .iter()
            .map(|t| (t.needs.to_string(), t.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("1.88".to_owned(), "app 0.1.0 -> lib 1.0.0 -> deep 2.0.0"),
                (
                    "1.86".to_owned(),
                    "app 0.1.0 -> winonly 0.5.0 [cfg(windows)]"
                ),
                ("1.85".to_owned(), "app 0.1.0 -> gen 0.3.0 [build]"),
            ]
        );
    }

    #[test]
    fn a_workspace_with_nothing_published_is_an_error_not_a_pass() {
        let mut metadata = metadata("1.88");
        metadata["packages"][0]["publish"] = serde_json::json!([]);
        let error = check(&metadata).unwrap_err();
        assert!(
            error.contains("no workspace member is published"),
            "{error}"
        );
    }

    #[test]
    fn a_published_crate_must_declare_a_rust_version() {
        let mut metadata = metadata("1.88");
        metadata["packages"][0]["rust_version"] = Value::Null;
        let report = check(&metadata).unwrap().pop().unwrap();
        assert!(!report.is_ok());
        assert!(report.failure().contains("declares no rust-version"));
    }
}
