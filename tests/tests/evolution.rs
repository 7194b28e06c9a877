//! How a vendor's spec change reads as a change of the generated Rust API:
//! each case of `fixtures/evolution/` (a spec before and after one kind of
//! change) is generated twice, the two surfaces compared, and the class and
//! the names in the summary checked against the case's `expected.yaml`.

use fax_codegen::surface::{compare, Class, Comparison};
use fax_tests::fixture;

#[derive(serde::Deserialize)]
struct Expected {
    class: String,
    mentions: Vec<String>,
}

fn generate(case: &str, file: &str) -> fax_codegen::GeneratedApi {
    let path = fixture(&format!("evolution/{case}/{file}"));
    let text = std::fs::read_to_string(&path).unwrap();
    let name = format!("fixtures/evolution/{case}/{file}");
    fax_tests::generate_or_panic(&name, &text, &[])
}

fn comparison(
    case: &str,
) -> (
    Comparison,
    fax_codegen::GeneratedApi,
    fax_codegen::GeneratedApi,
) {
    let before = generate(case, "before.yaml");
    let after = generate(case, "after.yaml");
    (compare(&before.surface, &after.surface), before, after)
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("evolution"))
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.file_type()
                .unwrap()
                .is_dir()
                .then(|| e.file_name().to_string_lossy().into_owned())
        })
        .collect();
    cases.sort();
    cases
}

/// `name` appears in `text` as a whole identifier.
fn names(text: &str, name: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[test]
fn every_case_has_its_class_and_names_what_changed() {
    let cases = cases();
    assert!(cases.len() >= 15, "{} evolution cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let expected: Expected = serde_yaml::from_str(
            &std::fs::read_to_string(fixture(&format!("evolution/{case}/expected.yaml"))).unwrap(),
        )
        .unwrap();
        let (comparison, _, _) = comparison(case);
        let class = comparison.class().to_string();
        let summary = comparison.summary(case);
        if class != expected.class {
            failures.push(format!(
                "{case}: {class}, expected {}\n{summary}",
                expected.class
            ));
            continue;
        }
        for mention in &expected.mentions {
            if !names(&summary, mention) {
                failures.push(format!(
                    "{case}: the summary does not name `{mention}`\n{summary}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_class_is_covered() {
    let classes: std::collections::BTreeSet<String> = cases()
        .iter()
        .map(|case| {
            let text = std::fs::read_to_string(fixture(&format!("evolution/{case}/expected.yaml")))
                .unwrap();
            serde_yaml::from_str::<Expected>(&text).unwrap().class
        })
        .collect();
    assert_eq!(
        classes.into_iter().collect::<Vec<_>>(),
        ["additive", "breaking", "none"]
    );
}

/// Removing two operations is a short summary naming both as breaking, and a
/// short snapshot diff.
#[test]
fn two_removed_operations_read_in_a_few_lines() {
    let (comparison, before, after) = comparison("remove_two_operations");
    let summary = comparison.summary("relay");
    assert!(summary.lines().count() <= 10, "{summary}");
    for method in ["send_fax", "cancel_fax"] {
        assert!(
            summary
                .lines()
                .any(|l| l.trim_start().starts_with("breaking:") && names(l, method)),
            "{method}: {summary}"
        );
    }
    let old = before.surface.to_text();
    let new = after.surface.to_text();
    let diff = similar::TextDiff::from_lines(&old, &new);
    let changed = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .count();
    assert!(
        changed <= 20,
        "{changed} changed lines:\n{}",
        diff.unified_diff()
    );
}

/// Changes that do not touch the wire leave the surface exactly as it was,
/// so the snapshot does not change at all.
#[test]
fn wire_neutral_changes_leave_the_surface_unchanged() {
    for case in cases() {
        let text =
            std::fs::read_to_string(fixture(&format!("evolution/{case}/expected.yaml"))).unwrap();
        if serde_yaml::from_str::<Expected>(&text).unwrap().class != "none" {
            continue;
        }
        let (comparison, before, after) = comparison(&case);
        assert_eq!(comparison.class(), Class::None, "{case}");
        assert_eq!(comparison.summary(&case), format!("{case}: no API change"));
        assert_eq!(before.surface.to_text(), after.surface.to_text(), "{case}");
    }
}
