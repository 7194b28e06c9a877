//! Stage 2, lower: `openapiv3::OpenAPI` → [`crate::ir::Api`].
//!
//! This is the only stage that knows OpenAPI. It resolves `$ref`s, names
//! anonymous schemas from where they stand, and decides every Rust type.
//! Problems are collected as located diagnostics rather than stopping at the first.

mod deep_ref;
mod dropped;
mod names;
mod operations;
mod pagination;
mod param_shape;
mod recursion;
mod schema;
mod schema_ref;
mod security;
mod server;

use crate::diag::{unescape_segment, Diagnostic, Pointer};
use crate::ir::{Api, TypeDef, TypeId};
use indexmap::IndexMap;
use names::NameSet;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

pub use names::{cannot_be_raw, is_keyword};
pub(crate) use names::{capped, BUILDER_FIELDS, BUILDER_METHODS};

/// The extension by which the normalize stage names an inline schema it
/// makes (an alternative of a union merged into an `allOf`); the generator's
/// own, so a spec's `title` never names a type.
pub const TYPE_NAME_EXTENSION: &str = "x-fax-type-name";

/// Lowers a loaded spec. `file` is only used to locate diagnostics.
pub fn lower(file: &str, spec: &OpenAPI) -> Result<Api, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(file, spec);
    lowerer.lower_components();
    let (mut operations, security) = operations::lower_operations(&mut lowerer);
    let default_error = lowerer.default_error();
    let request_id_header = lowerer.string_extension("x-fax-request-id-header");
    let server = match server::server(spec) {
        Ok(server) => server,
        Err((pointer, message)) => {
            lowerer.error(&pointer, message);
            crate::ir::Server {
                url: String::new(),
                variables: Vec::new(),
            }
        }
    };
    let Lowerer {
        types,
        diagnostics,
        mut warnings,
        ..
    } = lowerer;
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    warnings.extend(dropped::warn_dropped(file, spec));
    let mut types: Vec<TypeDef> = types
        .into_iter()
        .map(|slot| slot.expect("every reserved slot is filled before lowering ends"))
        .collect();
    // A schema made only of itself (a list or map of itself, an `allOf` of
    // itself) is valid JSON Schema, endless nesting, but no Rust type is
    // that: it reads as any JSON value, which holds every such nesting.
    for id in recursion::self_containing_aliases(&types) {
        let def = &mut types[id.0];
        warnings.push(Diagnostic::warning(
            file,
            &def.origin,
            format!(
                "schema `{}` is made only of itself (a list, map or `allOf` of itself, with \
                 nothing else): no Rust type can be that, so it reads as any JSON value",
                def.name
            ),
        ));
        let note = "The spec makes this schema only of itself (nested without end); it is read as any JSON value.";
        def.doc = Some(with_paragraph(def.doc.take(), note));
        def.kind = crate::ir::TypeKind::Alias(crate::ir::TypeRef::Json);
    }
    recursion::box_recursive_fields(&mut types);
    mark_user_built(&mut types, &operations);
    for operation in &mut operations {
        if operation.error.is_none() {
            operation.error = default_error.clone();
        }
    }
    pagination::detect(&types, &mut operations);
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        doc: spec.info.description.clone(),
        types,
        operations,
        server,
        auth: auth(spec),
        security_schemes: security.schemes,
        security_sets: security.sets,
        request_id_header,
        warnings,
    })
}

/// How the API authenticates: the scheme its top-level security names, else its first scheme.
fn auth(spec: &OpenAPI) -> crate::ir::Auth {
    use openapiv3::SecurityScheme;
    let Some(schemes) = spec.components.as_ref().map(|c| &c.security_schemes) else {
        return crate::ir::Auth::Other;
    };
    let named = spec
        .security
        .iter()
        .flatten()
        .flat_map(|req| req.keys())
        .find_map(|n| schemes.get(n));
    match named.or_else(|| schemes.values().next()) {
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
            if scheme.eq_ignore_ascii_case("basic") =>
        {
            crate::ir::Auth::Basic
        }
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
            if scheme.eq_ignore_ascii_case("bearer") =>
        {
            crate::ir::Auth::Bearer
        }
        _ => crate::ir::Auth::Other,
    }
}

/// State shared by the lowering passes.
pub(crate) struct Lowerer<'a> {
    file: &'a str,
    spec: &'a OpenAPI,
    /// Component schema name → its type.
    components: IndexMap<&'a str, TypeId>,
    /// Type slots; a slot is reserved before its schema is lowered so parents
    /// come before the inline types they contain.
    types: Vec<Option<TypeDef>>,
    type_names: NameSet,
    diagnostics: Vec<Diagnostic>,
    /// What was read more loosely than the spec says, once per place and message.
    warnings: Vec<Diagnostic>,
    /// Lists and maps around the schema being lowered, inside the current
    /// named type (see `MAX_WRAPPERS` in `schema.rs`).
    wrappers: usize,
    /// Inline named types around the schema being lowered, with the lists
    /// and maps between them (see `MAX_INLINE_DEPTH` in `schema.rs`).
    inline_depth: usize,
    /// What the docs of the item at a pointer must say about how it was approximated.
    notes: foldhash::HashMap<String, Vec<String>>,
    /// Types made for references into a schema's insides, by reference, so
    /// every use of one pointer shares one type. `None` while being lowered.
    deep_refs: foldhash::HashMap<String, Option<(crate::ir::TypeRef, bool)>>,
    /// Types of schemas lowered through [`Lowerer::type_at`], by pointer.
    by_pointer: foldhash::HashMap<String, (crate::ir::TypeRef, bool)>,
    /// Inline schemas being lowered right now, by pointer. An `allOf` that
    /// merges a schema containing the inline schema itself reaches the same
    /// pointer again: that is a recursive type, not a new one.
    inline_in_progress: foldhash::HashMap<String, TypeId>,
}

impl<'a> Lowerer<'a> {
    fn new(file: &'a str, spec: &'a OpenAPI) -> Self {
        let schemas = spec.components.as_ref().map(|c| &c.schemas);
        let raw_names: Vec<&str> = schemas
            .map(|s| s.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let rust_names = names::component_names(&raw_names);
        let mut type_names = NameSet::default();
        let mut types = Vec::with_capacity(raw_names.len());
        let mut components = IndexMap::with_capacity(raw_names.len());
        for (raw, rust) in raw_names.iter().zip(rust_names) {
            type_names.reserve(&rust);
            components.insert(*raw, TypeId(types.len()));
            types.push(Some(TypeDef {
                name: rust,
                origin: Pointer::root()
                    .join("components")
                    .join("schemas")
                    .join(raw)
                    .to_string(),
                doc: None,
                deprecated: false,
                kind: crate::ir::TypeKind::Alias(crate::ir::TypeRef::Json),
                user_built: false,
            }));
        }
        Self {
            file,
            spec,
            components,
            types,
            type_names,
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            wrappers: 0,
            inline_depth: 0,
            notes: foldhash::HashMap::default(),
            deep_refs: foldhash::HashMap::default(),
            by_pointer: foldhash::HashMap::default(),
            inline_in_progress: foldhash::HashMap::default(),
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = self.spec.components.as_ref() else {
            return;
        };
        for (raw, schema) in &components.schemas {
            let id = self.components[raw.as_str()];
            let pointer = Pointer::root().join("components").join("schemas").join(raw);
            let (kind, doc, deprecated) = self.definition(
                schema,
                &self.types[id.0]
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                &pointer,
            );
            if let Some(def) = self.types[id.0].as_mut() {
                def.kind = kind;
                def.doc = doc;
                def.deprecated = deprecated;
            }
        }
    }

    /// A top-level `x-` extension whose value is a string.
    fn string_extension(&self, name: &str) -> Option<String> {
        self.spec
            .extensions
            .get(name)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    }

    /// The error body type named by `x-fax-error-schema`, for operations whose
    /// spec documents no error response.
    fn default_error(&mut self) -> Option<crate::ir::TypeRef> {
        let name = self.string_extension("x-fax-error-schema")?;
        match self.components.get(name.as_str()) {
            Some(id) => Some(crate::ir::TypeRef::Named(*id)),
            None => {
                self.error(
                    &Pointer::root().join("x-fax-error-schema"),
                    format!("no schema named `{name}` in components.schemas"),
                );
                None
            }
        }
    }

    /// Records a construct read more loosely than the spec says: a located
    /// warning, and `note` for the docs of the item at `pointer` (see
    /// [`Lowerer::notes_at`]). Said once per place and message.
    pub(crate) fn approximate(&mut self, pointer: &Pointer, message: String, note: String) {
        let warning = Diagnostic::warning(self.file, pointer, message);
        if self.warnings.contains(&warning) {
            return;
        }
        self.warnings.push(warning);
        self.notes
            .entry(pointer.to_string())
            .or_default()
            .push(note);
    }

    /// `doc` with what the docs must say about approximations made at
    /// `pointer` or inside it, one paragraph each.
    pub(crate) fn notes_at(&self, pointer: &Pointer, doc: Option<String>) -> Option<String> {
        let prefix = pointer.as_str();
        let mut places: Vec<(&String, &Vec<String>)> = self
            .notes
            .iter()
            .filter(|(at, _)| {
                // The item itself, a keyword of it (`/not`), or a part of its `allOf`.
                at.strip_prefix(prefix).is_some_and(|rest| {
                    rest.is_empty()
                        || (rest.starts_with('/') && !rest[1..].contains('/'))
                        || rest
                            .strip_prefix("/allOf/")
                            .is_some_and(|index| index.chars().all(|c| c.is_ascii_digit()))
                })
            })
            .collect();
        if places.is_empty() {
            return doc;
        }
        // In document order of where they stand; each note once.
        places.sort();
        let mut notes: Vec<&String> = Vec::new();
        for note in places.into_iter().flat_map(|(_, notes)| notes) {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        notes
            .into_iter()
            .fold(doc, |doc, note| Some(with_paragraph(doc, note)))
    }

    /// Records a construct left out or approximated that no item's docs
    /// can tell of: a located warning, said once per place and message.
    pub(crate) fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let warning = Diagnostic::warning(self.file, pointer, message);
        if !self.warnings.contains(&warning) {
            self.warnings.push(warning);
        }
    }

    /// Records a located problem.
    pub(crate) fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(self.file, pointer, message));
    }

    /// Reserves a slot for a new inline type and returns its id and unique name.
    pub(crate) fn reserve_type(&mut self, base_name: String, origin: &Pointer) -> TypeId {
        let name = self.type_names.unique_pascal(base_name);
        let id = TypeId(self.types.len());
        self.types.push(Some(TypeDef {
            name,
            origin: origin.to_string(),
            doc: None,
            deprecated: false,
            kind: crate::ir::TypeKind::Alias(crate::ir::TypeRef::Json),
            user_built: false,
        }));
        id
    }

    /// The kind of a type lowered so far (`None` for one not yet filled in).
    pub(crate) fn type_kind(&self, id: TypeId) -> Option<&crate::ir::TypeKind> {
        self.types.get(id.0)?.as_ref().map(|t| &t.kind)
    }

    pub(crate) fn type_name_of(&self, id: TypeId) -> &str {
        self.types[id.0]
            .as_ref()
            .map(|t| t.name.as_str())
            .unwrap_or("")
    }

    pub(crate) fn fill_type(
        &mut self,
        id: TypeId,
        def_kind: crate::ir::TypeKind,
        doc: Option<String>,
        deprecated: bool,
    ) {
        if let Some(def) = self.types[id.0].as_mut() {
            def.kind = def_kind;
            def.doc = doc;
            def.deprecated = deprecated;
        }
    }

    /// Resolves `#/components/schemas/NAME` to its type, or records why not.
    pub(crate) fn schema_ref(&mut self, reference: &str, pointer: &Pointer) -> Option<TypeId> {
        let pointer = pointer.join("$ref");
        match local_ref(reference, "schemas") {
            Ok(name) => match self.components.get(name.as_str()) {
                Some(id) => Some(*id),
                None => {
                    self.error(&pointer, format!("dangling reference `{reference}`: no schema named `{name}` in components.schemas"));
                    None
                }
            },
            Err(why) => {
                self.error(&pointer, why);
                None
            }
        }
    }

    /// The schema a component reference points at, following `$ref` chains
    /// between components (with a cycle guard).
    pub(crate) fn resolve_schema(&self, mut schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        let schemas = &self.spec.components.as_ref()?.schemas;
        for _ in 0..=schemas.len() {
            match schema {
                ReferenceOr::Item(item) => return Some(item),
                ReferenceOr::Reference { reference } => {
                    let name = local_ref(reference, "schemas").ok()?;
                    schema = schemas.get(name.as_str())?;
                }
            }
        }
        None
    }
}

/// The component name in a local reference `#/components/KIND/NAME`.
pub(crate) fn local_ref(reference: &str, kind: &str) -> Result<String, String> {
    let name = reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(kind))
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|name| !name.contains('/'));
    if let Some(name) = name {
        // Most names need neither decoding step.
        let decoded = match name.contains('%') {
            true => percent_decode(name),
            false => name.to_owned(),
        };
        return Ok(match decoded.contains('~') {
            true => unescape_segment(&decoded),
            false => decoded,
        });
    }
    let prefix = format!("#/components/{kind}/");
    if !reference.starts_with('#') {
        return Err(format!("unsupported reference `{reference}`: references to other files are not supported; bundle the spec into one document"));
    }
    Err(format!(
        "unsupported reference `{reference}`: expected `{prefix}NAME`"
    ))
}

/// `$ref` values are URI fragments, so `%XX` escapes may appear in names.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Marks every type users build to send (a request body, a parameter, or a
/// type reached from one), so emit gives it a constructor and setters.
fn mark_user_built(types: &mut [TypeDef], operations: &[crate::ir::Operation]) {
    use crate::ir::{TypeKind, TypeRef};
    let mut pending: Vec<&TypeRef> = Vec::new();
    for operation in operations {
        pending.extend(operation.params.iter().map(|p| &p.ty));
        pending.extend(operation.body.iter().map(|b| &b.ty));
    }
    let mut found = vec![false; types.len()];
    let mut named: Vec<usize> = Vec::new();
    let mut seen = |ty: &TypeRef, named: &mut Vec<usize>| {
        let mut stack = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) if !found[id.0] => {
                    found[id.0] = true;
                    named.push(id.0);
                }
                TypeRef::Vec(inner)
                | TypeRef::Map(inner)
                | TypeRef::Option(inner)
                | TypeRef::Box(inner) => stack.push(inner),
                _ => {}
            }
        }
    };
    for ty in pending {
        seen(ty, &mut named);
    }
    while let Some(index) = named.pop() {
        let inner: Vec<TypeRef> = match &types[index].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.ty.clone())
                .chain(s.additional.clone())
                .collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| v.ty.clone()).collect(),
            TypeKind::Alias(ty) => vec![ty.clone()],
            TypeKind::Enum(_) => Vec::new(),
        };
        for ty in &inner {
            seen(ty, &mut named);
        }
    }
    for (def, found) in types.iter_mut().zip(found) {
        def.user_built = found;
    }
}

/// `doc` with `paragraph` after it (or alone, when there is no doc).
fn with_paragraph(doc: Option<String>, paragraph: &str) -> String {
    match doc {
        Some(doc) if !doc.is_empty() => format!("{doc}\n\n{paragraph}"),
        _ => paragraph.to_owned(),
    }
}
