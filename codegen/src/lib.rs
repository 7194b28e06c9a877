//! The fax API code generator: OpenAPI 3.0 documents → typed Rust modules.
//!
//! One-way pipeline, one module per stage:
//! [`load`] (text → `openapiv3`) → [`lower`] (→ [`ir::Api`]) → [`emit`] (→ tokens)
//! → [`mod@format`] (→ source text). [`generate`] runs them all for one API.

pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod overlay;

pub use diag::Diagnostic;

/// One generated source file, relative to the API's module folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// File name inside the module folder, e.g. `types.rs`.
    pub name: String,
    /// The formatted source, starting with the `@generated` header.
    pub contents: String,
}

/// Everything generated for one API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedApi {
    /// The spec's title.
    pub title: String,
    /// How many named types were generated.
    pub types: usize,
    /// How many operations the spec has.
    pub operations: usize,
    /// The module's files, in a fixed order.
    pub files: Vec<GeneratedFile>,
}

/// Runs the whole pipeline on one spec. `file` names the spec in diagnostics;
/// `header` is the `@generated` line every output file starts with.
pub fn generate(file: &str, text: &str, header: &str) -> Result<GeneratedApi, Vec<Diagnostic>> {
    generate_with_overlays(file, text, &[], header)
}

/// [`generate`] with overlays, given as `(file, text)`, merged into the spec
/// in order before it is lowered (see [`overlay`]).
pub fn generate_with_overlays(
    file: &str,
    text: &str,
    overlays: &[(&str, &str)],
    header: &str,
) -> Result<GeneratedApi, Vec<Diagnostic>> {
    let spec = merged_spec(file, text, overlays)?;
    let api = lower::lower(file, &spec)?;
    render(file, &api, header)
}

/// Emits and formats an already-lowered API.
pub fn render(file: &str, api: &ir::Api, header: &str) -> Result<GeneratedApi, Vec<Diagnostic>> {
    let located = |message| {
        vec![Diagnostic {
            file: file.to_owned(),
            pointer: String::new(),
            line: None,
            message,
        }]
    };
    let format = |tokens: emit::RustFile| format::format_file(header, &tokens).map_err(located);
    let types = format::format_file_parallel(header, emit::types_head(api), api.types.len(), |i| {
        emit::emit_type_at(api, i)
    })
    .map_err(located)?;
    let files = vec![
        GeneratedFile {
            name: "mod.rs".into(),
            contents: format(emit::emit_module(api))?,
        },
        GeneratedFile {
            name: "client.rs".into(),
            contents: format(emit::emit_client(api))?,
        },
        GeneratedFile {
            name: "operations.rs".into(),
            contents: format(emit::emit_operations(api))?,
        },
        GeneratedFile {
            name: "types.rs".into(),
            contents: types,
        },
    ];
    Ok(GeneratedApi {
        title: api.title.clone(),
        types: api.types.len(),
        operations: api.operations.len(),
        files,
    })
}

/// The spec as the generator sees it: `text` loaded and `overlays`, given as
/// `(file, text)`, merged into it in order. Tools that serve or check the
/// spec itself (a mock server, a validator) need this document rather than
/// the vendored file alone, or they would not know the overlay's operations.
pub fn merged_spec(
    file: &str,
    text: &str,
    overlays: &[(&str, &str)],
) -> Result<openapiv3::OpenAPI, Vec<Diagnostic>> {
    let mut spec =
        load::load(file, text, load::Syntax::from_file_name(file)).map_err(|d| vec![d])?;
    for (overlay_file, overlay_text) in overlays {
        let overlay = load::load(
            overlay_file,
            overlay_text,
            load::Syntax::from_file_name(overlay_file),
        )
        .map_err(|d| vec![d])?;
        overlay::merge(&mut spec, overlay, overlay_file)?;
    }
    Ok(spec)
}
