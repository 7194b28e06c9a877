//! The fax API code generator: OpenAPI 3.0 and 3.1 documents → typed Rust modules.
//!
//! One-way pipeline, one module per stage:
//! [`parse`] (text → `serde_json::Value`) → [`normalize`] (→ the same value
//! in OpenAPI 3.0 form, every rewrite recorded) → [`load`] (→ `openapiv3`)
//! → [`lower`] (→ [`ir::Api`]) → [`emit`] (→ tokens) → [`mod@format`] (→ source
//! text). [`generate`] runs them all for one API.

pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod normalize;
pub mod overlay;
pub mod parse;
pub mod standalone;
pub mod surface;

pub use diag::{Diagnostic, Severity};
pub use normalize::{Rewrite, RewriteLog};

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
    /// How the normalize stage rewrote the spec (and its overlays) on the way.
    pub rewrites: Vec<Rewrite>,
    /// The module's public API, for review and semver checks; empty when
    /// generated without it (see [`generate_observed`]).
    pub surface: surface::Surface,
    /// What was generated less exactly than the spec says, located: the
    /// normalize stage's lossy rewrites, then what lower approximated.
    pub warnings: Vec<Diagnostic>,
}

/// The stack every stage runs on (see [`on_generator_stack`]). Spec data
/// decides how deep the stages recurse: the parser lets JSON and YAML nest
/// 128 levels, a schema nested that deep is walked by normalize, `openapiv3`,
/// lower, emit, `syn` and `prettyplease` in turn, and a debug build (as
/// `cargo xtask` runs) needs far more than a thread's default 2 or 8 MiB for
/// that. Only the pages touched are ever committed.
pub const STACK_SIZE: usize = 256 << 20;

thread_local! {
    /// Whether this thread was started by [`on_generator_stack`], and so has
    /// [`STACK_SIZE`] of stack.
    static ON_GENERATOR_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the current thread has the generator's stack.
pub(crate) fn on_generator_thread() -> bool {
    ON_GENERATOR_STACK.get()
}

/// Runs `work` on a thread with [`STACK_SIZE`] of stack, so no document the
/// parser accepts can overflow it; a panic in `work` is passed on as it is.
pub fn on_generator_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("fax-codegen".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || {
                ON_GENERATOR_STACK.set(true);
                work()
            })
            .expect("the operating system starts a thread for the generator");
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
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
    on_generator_stack(|| generate_here(file, text, overlays, header, true, &mut |_| ()))
}

/// [`generate`], calling `on_stage` with each stage's name as that stage
/// ends (`parse`, `normalize`, `load`, `lower`, `emit and format`), so a
/// caller can time the stages and read the memory each one leaves behind.
/// The files are the same as [`generate`]'s. With `surface` false the public
/// API is not gathered and [`GeneratedApi::surface`] is empty: a crate
/// written from a spec has no use for it, and on a large spec gathering it
/// cost about half of the emit stage's time and more memory than the files.
pub fn generate_observed(
    file: &str,
    text: &str,
    header: &str,
    surface: bool,
    on_stage: &mut (dyn FnMut(&'static str) + Send),
) -> Result<GeneratedApi, Vec<Diagnostic>> {
    on_generator_stack(|| generate_here(file, text, &[], header, surface, on_stage))
}

/// [`generate_with_overlays`] on the calling thread's stack.
fn generate_here(
    file: &str,
    text: &str,
    overlays: &[(&str, &str)],
    header: &str,
    surface: bool,
    on_stage: &mut (dyn FnMut(&'static str) + Send),
) -> Result<GeneratedApi, Vec<Diagnostic>> {
    let (spec, rewrites) = read_merged(file, text, overlays, on_stage)?;
    let api = lower::lower(file, &spec)?;
    // The document has given lower all it needs.
    drop(spec);
    on_stage("lower");
    let mut generated = render_gathering(file, &api, header, surface)?;
    on_stage("emit and format");
    let lossy = rewrites.iter().filter(|r| r.lossy).map(|r| {
        Diagnostic::warning(
            &r.file,
            &r.pointer,
            format!("read more loosely than written: {}", r.change),
        )
    });
    generated.warnings = lossy.chain(api.warnings.iter().cloned()).collect();
    generated.rewrites = rewrites;
    Ok(generated)
}

/// Emits and formats an already-lowered API.
pub fn render(file: &str, api: &ir::Api, header: &str) -> Result<GeneratedApi, Vec<Diagnostic>> {
    render_gathering(file, api, header, true)
}

/// [`render`], gathering the public API only when `surface` is true.
fn render_gathering(
    file: &str,
    api: &ir::Api,
    header: &str,
    surface: bool,
) -> Result<GeneratedApi, Vec<Diagnostic>> {
    let located = |message: String| vec![Diagnostic::error(file, "", message)];
    let collect = |module: &'static str| {
        move |file: &syn::File| {
            let mut part = surface::Collected::new(surface);
            part.add_file(module, file);
            part
        }
    };
    let mut collected = surface::Collected::new(surface);
    let mut format = |tokens: emit::RustFile, module: &'static str| {
        let (text, parts) =
            format::format_file_inspect(header, &tokens, collect(module)).map_err(located)?;
        parts.into_iter().for_each(|part| collected.merge(part));
        Ok::<_, Vec<Diagnostic>>(text)
    };
    // `client.rs` is a private module whose `Client` the module root re-exports.
    let module = format(emit::emit_module(api), "")?;
    let (client, client_surface) =
        emit::emit_client_laid_out(api, header, surface).map_err(located)?;
    collected.merge(client_surface);
    // The two large files: one item per operation, one per named type.
    let mut format_items = |head, count, item: &(dyn Fn(usize) -> _ + Sync), module| {
        let (text, parts) = format::format_file_parallel(
            header,
            head,
            count,
            item,
            collect(module),
            surface::Collected::merge,
        )
        .map_err(located)?;
        parts.into_iter().for_each(|part| collected.merge(part));
        Ok::<_, Vec<Diagnostic>>(text)
    };
    let operations = format_items(
        emit::operations_head(api),
        api.operations.len(),
        &|i| emit::emit_operation_laid_out(api, i, surface),
        "operations",
    )?;
    let types = format_items(
        emit::types_head(api),
        api.types.len(),
        &|i| emit::emit_type_laid_out(api, i, surface),
        "types",
    )?;
    let files = vec![
        GeneratedFile {
            name: "mod.rs".into(),
            contents: module,
        },
        GeneratedFile {
            name: "client.rs".into(),
            contents: client,
        },
        GeneratedFile {
            name: "operations.rs".into(),
            contents: operations,
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
        rewrites: Vec::new(),
        surface: collected.finish(),
        warnings: api.warnings.clone(),
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
    read_merged(file, text, overlays, &mut |_| ()).map(|(spec, _)| spec)
}

/// One document through parse, normalize and load, with its rewrites.
pub fn read_spec(
    file: &str,
    text: &str,
) -> Result<(openapiv3::OpenAPI, RewriteLog), Vec<Diagnostic>> {
    read_spec_observed(file, text, &mut |_| ())
}

fn read_spec_observed(
    file: &str,
    text: &str,
    on_stage: &mut (dyn FnMut(&'static str) + Send),
) -> Result<(openapiv3::OpenAPI, RewriteLog), Vec<Diagnostic>> {
    let syntax = parse::Syntax::from_file_name(file);
    let value = parse::parse(file, text, syntax).map_err(|d| vec![d])?;
    on_stage("parse");
    let normalized = normalize::normalize(file, value)?;
    on_stage("normalize");
    let log = normalized.log.clone();
    let spec = load::load_normalized(file, text, syntax, normalized).map_err(|d| vec![d])?;
    on_stage("load");
    Ok((spec, log))
}

fn read_merged(
    file: &str,
    text: &str,
    overlays: &[(&str, &str)],
    on_stage: &mut (dyn FnMut(&'static str) + Send),
) -> Result<(openapiv3::OpenAPI, Vec<Rewrite>), Vec<Diagnostic>> {
    let (mut spec, log) = read_spec_observed(file, text, on_stage)?;
    let mut rewrites = log.rewrites().to_vec();
    for (overlay_file, overlay_text) in overlays {
        let (overlay, log) = read_spec(overlay_file, overlay_text)?;
        rewrites.extend_from_slice(log.rewrites());
        overlay::merge(&mut spec, overlay, overlay_file)?;
    }
    Ok((spec, rewrites))
}
