//! Snapshots of the generator's output, one per feature fixture, and of the
//! public API surface of each API in `specs/manifest.yaml` (`surface_*`: what
//! a reviewer reads when a vendor's spec changes; the code itself is
//! `generated/`, which `cargo xtask codegen --check` guards). `cargo xtask
//! codegen` writes the surface snapshots; a generator change shows up as a
//! snapshot diff to review with `cargo insta review`.

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
    approx_all_of_parts,
    approx_component_refs,
    approx_not,
    arrays_maps,
    binary,
    docs,
    enums,
    formats,
    inline,
    names,
    objects,
    one_of_base_properties,
    one_of_tagged,
    one_of_untagged,
    openapi31_const,
    openapi31_content_encoding,
    openapi31_defs,
    openapi31_document,
    openapi31_examples,
    openapi31_exclusive_bounds,
    openapi31_loose_document,
    openapi31_nested_defs,
    openapi31_null_member,
    openapi31_path_items,
    openapi31_prefix_items,
    openapi31_ref_siblings,
    openapi31_root_defs,
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
        "approx_all_of_parts",
        "approx_component_refs",
        "approx_not",
        "arrays_maps",
        "binary",
        "docs",
        "enums",
        "formats",
        "inline",
        "names",
        "objects",
        "one_of_base_properties",
        "one_of_tagged",
        "one_of_untagged",
        "openapi31_const",
        "openapi31_content_encoding",
        "openapi31_defs",
        "openapi31_document",
        "openapi31_examples",
        "openapi31_exclusive_bounds",
        "openapi31_loose_document",
        "openapi31_nested_defs",
        "openapi31_null_member",
        "openapi31_path_items",
        "openapi31_prefix_items",
        "openapi31_ref_siblings",
        "openapi31_root_defs",
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

/// Each API of the manifest, generated as `cargo xtask codegen` does.
fn vendor_apis() -> Vec<(String, fax_codegen::GeneratedApi)> {
    let specs = repo_root().join("specs");
    let manifest: Manifest =
        serde_yaml::from_str(&std::fs::read_to_string(specs.join("manifest.yaml")).unwrap())
            .unwrap();
    assert!(
        manifest.apis.len() >= 3,
        "twilio, telnyx and signalwire are in the manifest"
    );
    manifest
        .apis
        .into_iter()
        .map(|api| {
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
            let generated = fax_tests::generate_or_panic(&name, &text, &overlays);
            (api.module, generated)
        })
        .collect()
}

/// The public API of each vendor module, one line per item: the snapshot a
/// reviewer reads when a vendor's spec changes.
#[test]
fn vendor_surfaces() {
    for (module, generated) in vendor_apis() {
        let text = generated.surface.to_text();
        insta::assert_snapshot!(format!("surface_{module}"), text.trim_end());
    }
}

/// The surface is complete: every `pub` item, field, variant, method and
/// constant of `generated/src/<module>/` is in it, and nothing else. Read
/// from the files on disk with `syn`, independently of how the surface is made.
#[test]
fn vendor_surfaces_list_every_public_item_and_nothing_else() {
    for (module, generated) in vendor_apis() {
        let folder = repo_root().join("generated/src").join(&module);
        let mut on_disk = std::collections::BTreeSet::new();
        for (file, prefix) in [
            ("mod.rs", ""),
            ("client.rs", ""),
            ("operations.rs", "operations::"),
            ("types.rs", "types::"),
        ] {
            let text = std::fs::read_to_string(folder.join(file)).unwrap();
            let parsed = syn::parse_file(&text).unwrap();
            public_names(&parsed, prefix, &mut on_disk);
        }
        let mut in_surface = std::collections::BTreeSet::new();
        for item in generated.surface.items.values() {
            in_surface.insert(item.path.clone());
            if let fax_codegen::surface::ItemKind::Type(t) = &item.kind {
                for key in t.members.keys() {
                    in_surface.insert(format!("{}.{}", item.path, key.name));
                }
            }
        }
        let missing: Vec<&String> = on_disk.difference(&in_surface).collect();
        let extra: Vec<&String> = in_surface.difference(&on_disk).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{module}: public on disk but not in the surface: {missing:?}; \
             in the surface but not public on disk: {extra:?}"
        );
        assert!(
            on_disk.len() > 100,
            "{module}: {} public names",
            on_disk.len()
        );
    }
}

/// Every public name of a file: `path` for items and root methods (the
/// `Client`'s, re-exported at the module root), `path.member` for fields,
/// variants, methods and constants of other types.
fn public_names(file: &syn::File, prefix: &str, out: &mut std::collections::BTreeSet<String>) {
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    let private_mods: Vec<String> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) if !public(&m.vis) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if public(&s.vis) => {
                let path = format!("{prefix}{}", s.ident);
                for field in s.fields.iter().filter(|f| public(&f.vis)) {
                    out.insert(format!("{path}.{}", field.ident.as_ref().unwrap()));
                }
                out.insert(path);
            }
            syn::Item::Enum(e) if public(&e.vis) => {
                let path = format!("{prefix}{}", e.ident);
                for variant in &e.variants {
                    out.insert(format!("{path}.{}", variant.ident));
                }
                out.insert(path);
            }
            syn::Item::Type(t) if public(&t.vis) => {
                out.insert(format!("{prefix}{}", t.ident));
            }
            syn::Item::Mod(m) if public(&m.vis) => {
                out.insert(format!("{prefix}{}", m.ident));
            }
            syn::Item::Use(u) if public(&u.vis) => {
                let mut names = Vec::new();
                use_names(&u.tree, &mut Vec::new(), &mut names);
                for (first, name) in names {
                    if !private_mods.contains(&first) {
                        out.insert(format!("{prefix}{name}"));
                    }
                }
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                let syn::Type::Path(ty) = &*imp.self_ty else {
                    continue;
                };
                let path = format!("{prefix}{}", ty.path.segments.last().unwrap().ident);
                for member in &imp.items {
                    let name = match member {
                        syn::ImplItem::Fn(f) if public(&f.vis) => f.sig.ident.to_string(),
                        syn::ImplItem::Const(c) if public(&c.vis) => c.ident.to_string(),
                        _ => continue,
                    };
                    let separator = if prefix.is_empty() { "::" } else { "." };
                    out.insert(format!("{path}{separator}{name}"));
                }
            }
            // `wire_enum_impls!(Enum, Fallback)` defines `Enum::as_str`
            // (fax-runtime's docs); the one-argument form defines no method.
            syn::Item::Macro(m)
                if m.mac.path.segments.last().unwrap().ident == "wire_enum_impls" =>
            {
                let arguments = m.mac.tokens.to_string();
                let arguments: Vec<&str> = arguments.split(',').map(str::trim).collect();
                if let [ty, _fallback] = arguments.as_slice() {
                    out.insert(format!("{prefix}{ty}.as_str"));
                }
            }
            syn::Item::Fn(f) if public(&f.vis) => {
                out.insert(format!("{prefix}{}", f.sig.ident));
            }
            syn::Item::Const(c) if public(&c.vis) => {
                out.insert(format!("{prefix}{}", c.ident));
            }
            syn::Item::Static(s) if public(&s.vis) => {
                out.insert(format!("{prefix}{}", s.ident));
            }
            _ => {}
        }
    }
}

/// The names a `use` tree brings in, each with the first segment of its path.
fn use_names(tree: &syn::UseTree, path: &mut Vec<String>, out: &mut Vec<(String, String)>) {
    let first = |path: &Vec<String>, name: &str| path.first().cloned().unwrap_or(name.to_owned());
    match tree {
        syn::UseTree::Path(p) => {
            path.push(p.ident.to_string());
            use_names(&p.tree, path, out);
            path.pop();
        }
        syn::UseTree::Name(n) => out.push((first(path, &n.ident.to_string()), n.ident.to_string())),
        syn::UseTree::Rename(r) => {
            out.push((first(path, &r.ident.to_string()), r.rename.to_string()))
        }
        syn::UseTree::Glob(_) => out.push((first(path, "*"), "*".to_owned())),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_names(tree, path, out);
            }
        }
    }
}
