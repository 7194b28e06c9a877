//! Inputs that once made the generator write Rust that did not compile, or
//! take seconds: each now ends in code that `cargo check` accepts or in an
//! error that names the file, the JSON pointer of the fault and what to change.
//!
//! Every generated output is written as one crate of a scratch workspace
//! under `target/regression-check/` and all of them are checked by one
//! `cargo check`, so the dependencies are compiled once and reused.

use fax_codegen::standalone;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How a regression input must end.
enum Expect {
    /// Generated code that compiles.
    Compiles,
    /// Generated code that compiles, with a warning whose pointer starts with
    /// this and whose message says this.
    Warns {
        pointer: &'static str,
        says: &'static str,
    },
    /// A located error whose pointer starts with this and whose message says this.
    Error {
        pointer: &'static str,
        says: &'static str,
    },
}

/// Every file of `fixtures/regressions/`, with how it must end. A file not
/// listed here fails the test, so a new regression input cannot be forgotten.
const EXPECTED: &[(&str, Expect)] = &[
    ("h01_builder_named_apiClient.yaml", Expect::Compiles),
    ("h01_builder_named_body.yaml", Expect::Compiles),
    ("h01_builder_named_error.yaml", Expect::Compiles),
    ("h01_builder_named_query.yaml", Expect::Compiles),
    ("h02_server_var_twice.yaml", Expect::Compiles),
    ("h03_server_var_credentials.yaml", Expect::Compiles),
    (
        "h04_allof_self.yaml",
        Expect::Warns {
            pointer: "/components/schemas/Node",
            says: "made only of itself",
        },
    ),
    (
        "h05_array_alias_self.yaml",
        Expect::Warns {
            pointer: "/components/schemas/Tree",
            says: "made only of itself",
        },
    ),
    ("h06_next_page_url_integer.yaml", Expect::Compiles),
    ("h07_total_pages_number.yaml", Expect::Compiles),
    ("h08_page_param_required_field.yaml", Expect::Compiles),
    ("h09_static_name_collision.yaml", Expect::Compiles),
    (
        "h10_map_alias_self.yaml",
        Expect::Warns {
            pointer: "/components/schemas/Json",
            says: "made only of itself",
        },
    ),
    (
        "h11_server_url_brace.yaml",
        Expect::Error {
            pointer: "/servers/0/url",
            says: "brace",
        },
    ),
    (
        "invalid_leaf_oneOf_16.yaml",
        Expect::Error {
            pointer: "/components/schemas/A",
            says: "",
        },
    ),
    (
        "invalid_leaf_oneOf_20.yaml",
        Expect::Error {
            pointer: "/components/schemas/A",
            says: "",
        },
    ),
    (
        "invalid_leaf_nested_18.json",
        Expect::Error {
            pointer: "/components/schemas/A",
            says: "",
        },
    ),
    ("f01_allof_inline_property_recursion.json", Expect::Compiles),
    (
        "f02_allof_property_self_and_dangling.json",
        Expect::Error {
            pointer: "/components/schemas/Request/properties/scope/allOf/0/$ref",
            says: "dangling reference",
        },
    ),
    ("f03_allof_property_self_and_string.yaml", Expect::Compiles),
    ("f04_allof_deep_ref_into_itself.json", Expect::Compiles),
    ("long_property_2000.json", Expect::Compiles),
    ("long_property_8000.json", Expect::Compiles),
    ("ok_name_collisions.yaml", Expect::Compiles),
    ("b01_bidi_controls.yaml", Expect::Compiles),
];

#[test]
fn every_regression_input_compiles_or_fails_with_a_located_error() {
    let folder = fax_tests::fixture("regressions");
    let mut on_disk: Vec<String> = std::fs::read_dir(&folder)
        .expect("fixtures/regressions exists")
        .map(|entry| entry.expect("a directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every regression input is listed with its expected end"
    );

    let scratch = scratch_dir();
    let crates_dir = scratch.join("crates");
    let _ = std::fs::remove_dir_all(&crates_dir);
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for (file, expect) in EXPECTED {
        let name = format!("fixtures/regressions/{file}");
        let text = std::fs::read_to_string(folder.join(file)).expect("a readable fixture");
        let outcome = fax_codegen::generate(&name, &text, "");
        match (expect, outcome) {
            (expect @ (Expect::Compiles | Expect::Warns { .. }), Ok(generated)) => {
                if let Expect::Warns { pointer, says } = expect {
                    let warned = generated
                        .warnings
                        .iter()
                        .any(|w| w.pointer.starts_with(pointer) && w.message.contains(says));
                    if !warned {
                        problems.push(format!(
                            "{file}: no warning at {pointer} saying `{says}`: {:?}",
                            generated.warnings
                        ));
                    }
                }
                if let Some(long) = standalone::too_long_identifier(&generated) {
                    problems.push(format!("{file}: identifier of {long} characters"));
                }
                let member = standalone::crate_name("regression_", file);
                write_crate(&crates_dir.join(&member), &member, &generated);
                members.push(member);
            }
            (Expect::Compiles | Expect::Warns { .. }, Err(diagnostics)) => {
                problems.push(format!("{file}: expected code, got {}", diagnostics[0]))
            }
            (Expect::Error { .. }, Ok(_)) => {
                problems.push(format!("{file}: expected a located error, got code"))
            }
            (Expect::Error { pointer, says }, Err(diagnostics)) => {
                for d in &diagnostics {
                    assert_eq!(d.file, name, "every diagnostic names the file");
                }
                let located = diagnostics
                    .iter()
                    .any(|d| d.pointer.starts_with(pointer) && d.message.contains(says));
                if !located {
                    let all: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
                    problems.push(format!(
                        "{file}: no error at {pointer} saying `{says}`: {}",
                        all.join("; ")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    write_workspace(&scratch, &members);
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--workspace", "--message-format", "short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "generated code does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `target/regression-check/` of the workspace.
fn scratch_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("regression-check")
}

fn write_crate(dir: &Path, name: &str, generated: &fax_codegen::GeneratedApi) {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .join("runtime");
    standalone::write_crate(dir, name, &runtime, generated).expect("scratch crate written");
}

fn write_workspace(scratch: &Path, members: &[String]) {
    let manifest = standalone::workspace_manifest(members);
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("workspace written");
    // The project's lock file: the same dependency versions, no resolution online.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent");
    let _ = std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
}
