//! `cargo xtask release`: records the public API of `fax-api`'s current
//! version as released and drafts its `CHANGELOG.md` entry from the change
//! classification. Nothing is uploaded; publishing stays a person's decision.

use crate::api_surface::{self, Release, Version};
use crate::codegen::{self, Mode};
use fax_codegen::surface::{Class, Comparison};
use std::collections::BTreeMap;
use std::path::Path;

pub fn run(root: &Path) -> Result<(), String> {
    let generated = codegen::generate(root, Mode::Check, false)?;
    let report = codegen::drift_report(root, &generated.wanted, &generated.stale);
    if !report.is_empty() {
        print!("{report}");
        return Err(
            "generated/ is stale: run `cargo xtask codegen`, review, commit, then release".into(),
        );
    }
    let version = api_surface::crate_version(root)?;
    let released_path = api_surface::released_path(root);
    let previous = Release::read(&released_path)?;
    let comparisons = match &previous {
        Some(release) => api_surface::since_release(release, &generated.surfaces),
        None => BTreeMap::new(),
    };
    if let Some(release) = &previous {
        let class = api_surface::overall(&comparisons);
        if version == release.version {
            if class == Class::None {
                println!("fax-api {version} is the release on record and its API has not changed: nothing to do");
                return Ok(());
            }
            return Err(format!(
                "fax-api {version} is already released; this {class} change needs {}: set \
                 `version = \"{}\"` in generated/Cargo.toml first",
                release.version.bump_name(class),
                release.version.next_for(class)
            ));
        }
        if !version.allows(&release.version, class) {
            return Err(format!(
                "fax-api {version} does not allow a {class} change since {}: it needs {} ({} or later)",
                release.version,
                release.version.bump_name(class),
                release.version.next_for(class)
            ));
        }
        if version < release.version {
            return Err(format!(
                "fax-api {version} is older than the release on record, {}",
                release.version
            ));
        }
    }
    let release = Release {
        version: version.clone(),
        modules: generated.surfaces,
    };
    std::fs::write(&released_path, release.to_text())
        .map_err(|e| format!("{}: {e}", released_path.display()))?;
    let changelog = root.join("generated/CHANGELOG.md");
    let text = std::fs::read_to_string(&changelog).unwrap_or_else(|_| CHANGELOG_HEAD.to_owned());
    let entry = draft_entry(
        &version,
        previous.as_ref().map(|r| &r.version),
        &comparisons,
    );
    std::fs::write(&changelog, insert_entry(&text, &entry))
        .map_err(|e| format!("{}: {e}", changelog.display()))?;
    println!(
        "recorded fax-api {version} in {} and drafted its entry in generated/CHANGELOG.md: edit the words, then commit",
        released_path.strip_prefix(root).unwrap_or(&released_path).display()
    );
    Ok(())
}

const CHANGELOG_HEAD: &str = "# Changelog of fax-api\n";

/// A changelog entry for `version`, from what changed since `previous`.
pub fn draft_entry(
    version: &Version,
    previous: Option<&Version>,
    comparisons: &BTreeMap<String, Comparison>,
) -> String {
    let mut out = format!("## {version} ({})\n\n", today());
    let Some(previous) = previous else {
        out.push_str("The first release.\n");
        return out;
    };
    let mut sections: BTreeMap<std::cmp::Reverse<Class>, Vec<String>> = BTreeMap::new();
    for (module, comparison) in comparisons {
        for (class, line) in comparison.lines() {
            sections
                .entry(std::cmp::Reverse(class))
                .or_default()
                .push(format!("- {module}: {line}"));
        }
    }
    if sections.is_empty() {
        out.push_str(&format!(
            "No change to the public API since {previous}: fixes and documentation only.\n"
        ));
    }
    for (class, lines) in sections {
        let heading = match class.0 {
            Class::Breaking => "Breaking changes",
            Class::Additive => "Added",
            Class::None => "Other",
        };
        out.push_str(&format!("### {heading}\n\n{}\n\n", lines.join("\n")));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// `entry` placed above the newest entry, below the title.
fn insert_entry(changelog: &str, entry: &str) -> String {
    match changelog.find("\n## ") {
        Some(at) => format!("{}\n{entry}\n{}", &changelog[..at], &changelog[at + 1..]),
        None => format!(
            "{}\n{entry}",
            changelog.trim_end_matches('\n').to_owned() + "\n"
        ),
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fax_codegen::surface::{compare, Surface};

    #[test]
    fn dates_are_gregorian() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_424), (2025, 12, 2));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn an_entry_lists_breaking_changes_first() {
        let old = Surface::parse("Client::a: fn(&self)\ntypes::E: #[non_exhaustive] enum { X }\n")
            .unwrap();
        let new = Surface::parse("types::E: #[non_exhaustive] enum { X; Y }\n").unwrap();
        let mut comparisons = BTreeMap::new();
        comparisons.insert("demo".to_owned(), compare(&old, &new));
        let entry = draft_entry(
            &Version::parse("0.2.0").unwrap(),
            Some(&Version::parse("0.1.0").unwrap()),
            &comparisons,
        );
        let breaking = entry.find("### Breaking changes").unwrap();
        let added = entry.find("### Added").unwrap();
        assert!(breaking < added, "{entry}");
        assert!(
            entry.contains("- demo: removed client method `Client::a`"),
            "{entry}"
        );
        assert!(
            entry.contains("- demo: `types::E`: added variant `Y`"),
            "{entry}"
        );
    }

    #[test]
    fn a_new_entry_goes_above_the_last_one() {
        let text =
            "# Changelog of fax-api\n\nIntro.\n\n## 0.1.0 (2026-01-01)\n\nThe first release.\n";
        let out = insert_entry(text, "## 0.2.0 (2026-02-01)\n\nNew.\n");
        assert!(
            out.find("## 0.2.0").unwrap() < out.find("## 0.1.0").unwrap(),
            "{out}"
        );
        assert!(
            out.starts_with("# Changelog of fax-api\n\nIntro.\n\n## 0.2.0"),
            "{out}"
        );
    }
}
