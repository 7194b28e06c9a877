//! A generation that does not gather the public API writes the same files.

#[test]
fn files_are_the_same_with_or_without_the_surface() {
    for (file, text) in [
        (
            "telnyx_fax.yaml",
            include_str!("../../specs/telnyx_fax.yaml"),
        ),
        (
            "twilio_fax_v1.json",
            include_str!("../../specs/twilio_fax_v1.json"),
        ),
    ] {
        let with = fax_codegen::generate_observed(file, text, "// header", true, &mut |_| ())
            .expect("generates");
        let without = fax_codegen::generate_observed(file, text, "// header", false, &mut |_| ())
            .expect("generates");
        assert_eq!(with.files, without.files, "{file}");
        assert_eq!(
            with,
            fax_codegen::generate(file, text, "// header").unwrap()
        );
        assert!(!with.surface.items.is_empty(), "{file}");
        assert!(without.surface.items.is_empty(), "{file}");
    }
}
