//! Snapshots of the generator's output: one per feature fixture and one per
//! file of each API in `specs/manifest.yaml`. A spec or generator change shows
//! up as a snapshot diff to review with `cargo insta review`.

use fax_tests::{generate_fixture, repo_root};

macro_rules! feature_snapshots {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            let source = generate_fixture(concat!("features/", stringify!($name), ".yaml"));
            insta::assert_snapshot!(concat!("feature_", stringify!($name)), source);
        }
    )*};
}

feature_snapshots!(
    all_of,
    arrays_maps,
    binary,
    docs,
    enums,
    formats,
    inline,
    names,
    objects,
    one_of_tagged,
    one_of_untagged,
    openapi31_const,
    openapi31_content_encoding,
    openapi31_defs,
    openapi31_document,
    openapi31_examples,
    openapi31_exclusive_bounds,
    openapi31_null_member,
    openapi31_path_items,
    openapi31_prefix_items,
    openapi31_ref_siblings,
    openapi31_type_arrays,
    openapi31_union_in_all_of,
    openapi31_webhooks,
    recursive,
    refs,
    repair_callback_ref,
    repair_numeric_range,
    repair_parameter_shapes,
    repair_paths_ref,
    repair_required_flag,
);

/// A binary response's builder offers `download()` (a streamed body) beside
/// `send()` (the whole body, within the client's size limit).
#[test]
fn binary_operations() {
    let name = "fixtures/features/binary.yaml";
    let text = std::fs::read_to_string(fax_tests::fixture("features/binary.yaml")).unwrap();
    let generated = fax_codegen::generate(name, &text, "").expect("binary.yaml generates");
    let operations = generated
        .files
        .into_iter()
        .find(|f| f.name == "operations.rs")
        .expect("operations.rs");
    insta::assert_snapshot!("feature_binary_operations", operations.contents);
}

#[test]
fn every_feature_fixture_has_a_snapshot_test() {
    let listed = [
        "all_of",
        "arrays_maps",
        "binary",
        "docs",
        "enums",
        "formats",
        "inline",
        "names",
        "objects",
        "one_of_tagged",
        "one_of_untagged",
        "openapi31_const",
        "openapi31_content_encoding",
        "openapi31_defs",
        "openapi31_document",
        "openapi31_examples",
        "openapi31_exclusive_bounds",
        "openapi31_null_member",
        "openapi31_path_items",
        "openapi31_prefix_items",
        "openapi31_ref_siblings",
        "openapi31_type_arrays",
        "openapi31_union_in_all_of",
        "openapi31_webhooks",
        "recursive",
        "refs",
        "repair_callback_ref",
        "repair_numeric_range",
        "repair_parameter_shapes",
        "repair_paths_ref",
        "repair_required_flag",
    ];
    let mut found: Vec<String> = std::fs::read_dir(fax_tests::fixture("features"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(found, listed, "add new fixtures to feature_snapshots!");
}

#[derive(serde::Deserialize)]
struct Manifest {
    apis: Vec<Entry>,
}

#[derive(serde::Deserialize)]
struct Entry {
    module: String,
    spec: String,
    overlay: Option<String>,
}

#[test]
fn vendor_apis() {
    let specs = repo_root().join("specs");
    let manifest: Manifest =
        serde_yaml::from_str(&std::fs::read_to_string(specs.join("manifest.yaml")).unwrap())
            .unwrap();
    assert!(
        manifest.apis.len() >= 3,
        "twilio, telnyx and signalwire are in the manifest"
    );
    for api in manifest.apis {
        let name = format!("specs/{}", api.spec);
        let text = std::fs::read_to_string(specs.join(&api.spec)).unwrap();
        let overlay = api.overlay.as_ref().map(|file| {
            (
                format!("specs/{file}"),
                std::fs::read_to_string(specs.join(file)).unwrap(),
            )
        });
        let overlays: Vec<(&str, &str)> = overlay
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let generated = fax_codegen::generate_with_overlays(&name, &text, &overlays, "")
            .unwrap_or_else(|d| {
                panic!(
                    "{name}: {}",
                    d.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                )
            });
        for file in generated.files {
            let snapshot = format!("api_{}_{}", api.module, file.name.trim_end_matches(".rs"));
            insta::assert_snapshot!(snapshot, file.contents);
        }
    }
}
