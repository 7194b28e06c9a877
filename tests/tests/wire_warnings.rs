//! What cannot go on the wire exactly as the spec says is a located
//! warning: parameter encodings OpenAPI leaves undefined, a path parameter
//! the path never names, content that is not JSON, and security
//! requirements that cannot be met. The document still generates.

use fax_tests::fixture;

/// The generated output of `fixtures/warnings/NAME`, which must not be refused.
fn generate(name: &str) -> fax_codegen::GeneratedApi {
    let text = std::fs::read_to_string(fixture(&format!("warnings/{name}"))).unwrap();
    fax_codegen::generate(name, &text, "").unwrap_or_else(|d| panic!("{name} is refused: {d:?}"))
}

/// The `operations.rs` of a generated API.
fn operations(generated: &fax_codegen::GeneratedApi) -> &str {
    &generated
        .files
        .iter()
        .find(|f| f.name == "operations.rs")
        .expect("an operations.rs")
        .contents
}

#[test]
fn every_undefined_encoding_and_unmeetable_requirement_is_a_located_warning() {
    let generated = generate("wire_encodings.yaml");
    let found: Vec<(String, String)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.message.clone()))
        .collect();
    let expect = [
        (
            "/paths/~1things~1{id}/get/parameters/2",
            "`pipeDelimited` with `explode: true` is undefined",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/3",
            "defined for lists and objects only",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/4",
            "`deepObject` is defined for objects only",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/5",
            "inside a list or object",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/6",
            "exploded list or object in a cookie",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/7/content",
            "`text/csv` content",
        ),
        (
            "/paths/~1things~1{id}/get/parameters/1",
            "`stale` does not appear in the path",
        ),
        (
            "/paths/~1things~1{id}/get/security/0/nowhere",
            "does not define",
        ),
        (
            "/paths/~1things~1{id}/get/security",
            "no security requirement of the operation can be met",
        ),
        (
            "/paths/~1both/get/security/0",
            "the one `Authorization` header (basic, token)",
        ),
    ];
    for (pointer, words) in expect {
        assert!(
            found.iter().any(|(p, m)| p == pointer && m.contains(words)),
            "no warning at {pointer} saying {words:?}; found {found:#?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    let operations = operations(&generated);
    assert!(
        !operations.contains("stale"),
        "the unusable parameter is left out"
    );
}

#[test]
fn callbacks_and_links_are_warned_about_not_dropped_in_silence() {
    let generated = generate("callbacks_links.yaml");
    let callbacks = generated
        .warnings
        .iter()
        .filter(|w| w.pointer.contains("/callbacks/") && w.message.contains("not generated"))
        .count();
    let links = generated
        .warnings
        .iter()
        .filter(|w| w.pointer.contains("/links/") && w.message.contains("not generated"))
        .count();
    assert!(callbacks >= 1 && links >= 2, "{:#?}", generated.warnings);
}

#[test]
fn security_schemes_openapiv3_would_refuse_are_repaired_or_left_out_with_a_warning() {
    let generated = generate("security_repairs.yaml");
    let said = |pointer: &str, words: &str| {
        generated
            .warnings
            .iter()
            .any(|w| w.pointer == pointer && w.message.contains(words))
    };
    for (scheme, words) in [
        ("keyless", "needs `name` and `in`"),
        ("custom", "type `hmac` is none of OpenAPI's"),
        ("no_scheme", "needs `scheme`"),
    ] {
        assert!(
            said(&format!("/components/securitySchemes/{scheme}"), words),
            "{scheme}: {:#?}",
            generated.warnings
        );
    }
    assert!(said("/paths/~1a/get/security/1/keyless", "does not define"));
    // Swagger 2's `type: basic` is HTTP basic, exactly: no warning, and the client sends it.
    assert!(!generated
        .warnings
        .iter()
        .any(|w| w.pointer.contains("legacy_basic")));
    let operations = operations(&generated);
    assert!(
        operations.contains("const SECURITY_LEGACY_BASIC")
            && operations.contains("SecurityScheme::basic("),
        "{operations}"
    );
}
