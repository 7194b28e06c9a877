//! The public API surface of the hand-written `fax-client` crate, one sorted line
//! per item, read off its sources with the generator's surface extractor
//! (`fax_codegen::surface`), as the vendors' surfaces are. A change to the
//! unified API shows up here as a snapshot diff to review.
//!
//! The crate's modules are private and their public items re-exported at
//! the root, so each file is read as the root (the way the extractor reads a
//! generated `client.rs`), and only what `lib.rs` re-exports is kept; the
//! public `config` module keeps its own path.

use fax_codegen::surface::Collected;
use fax_tests::repo_root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The names `lib.rs` re-exports with `pub use module::{A, B}`.
fn reexported(lib: &syn::File) -> BTreeSet<String> {
    fn leaves(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
        match tree {
            syn::UseTree::Path(p) => leaves(&p.tree, out),
            syn::UseTree::Name(n) => {
                out.insert(n.ident.to_string());
            }
            syn::UseTree::Rename(r) => {
                out.insert(r.rename.to_string());
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, out)),
            syn::UseTree::Glob(_) => panic!("lib.rs re-exports with a glob"),
        }
    }
    let mut names = BTreeSet::new();
    for item in &lib.items {
        if let syn::Item::Use(u) = item {
            if matches!(u.vis, syn::Visibility::Public(_)) {
                leaves(&u.tree, &mut names);
            }
        }
    }
    names
}

#[test]
fn fax_surface() {
    let src = repo_root().join("fax/src");
    let lib = parse(&src.join("lib.rs"));
    let mut kept = reexported(&lib);
    kept.insert("config".to_owned());

    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut collected = Collected::default();
    for path in &files {
        let module = if path.ends_with("config.rs") {
            "config"
        } else {
            ""
        };
        collected.merge(Collected::from_file(module, &parse(path)));
    }
    let mut surface = collected.finish();
    surface.items.retain(|path, _| {
        let first = path.split("::").next().unwrap_or_default();
        kept.contains(first)
    });
    // Every re-export names an item the surface found.
    for name in &kept {
        assert!(
            surface
                .items
                .keys()
                .any(|path| path.split("::").next() == Some(name.as_str())),
            "lib.rs re-exports `{name}`, which no source file defines as `pub`"
        );
    }
    let text = surface.to_text();
    // The text reads back as the same surface, so two versions can be compared.
    assert_eq!(
        fax_codegen::surface::Surface::parse(&text).as_ref(),
        Ok(&surface)
    );
    insta::assert_snapshot!("surface_fax", text.trim_end());
}
