//! Stage 2, lower: `openapiv3::OpenAPI` → [`ir::Api`].
//!
//! This is the only stage that knows OpenAPI. It resolves `$ref`s, names
//! anonymous schemas from where they stand, and decides every Rust type.
//! Problems are collected as located diagnostics rather than stopping at the first.

mod deep_ref;
mod names;
mod operations;
mod recursion;
mod schema;

use crate::diag::{unescape_segment, Diagnostic, Pointer};
use crate::ir::{Api, TypeDef, TypeId};
use indexmap::IndexMap;
use names::NameSet;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

pub use names::{cannot_be_raw, is_keyword};

/// Lowers a loaded spec. `file` is only used to locate diagnostics.
pub fn lower(file: &str, spec: &OpenAPI) -> Result<Api, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(file, spec);
    lowerer.lower_components();
    let operations = operations::lower_operations(&mut lowerer);
    let Lowerer { types, diagnostics, .. } = lowerer;
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut types: Vec<TypeDef> = types
        .into_iter()
        .map(|slot| slot.expect("every reserved slot is filled before lowering ends"))
        .collect();
    recursion::box_recursive_fields(&mut types);
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        doc: spec.info.description.clone(),
        types,
        operations,
    })
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
    /// Types made for references into a schema's insides, by reference, so
    /// every use of one pointer shares one type. `None` while being lowered.
    deep_refs: std::collections::HashMap<String, Option<(crate::ir::TypeRef, bool)>>,
}

impl<'a> Lowerer<'a> {
    fn new(file: &'a str, spec: &'a OpenAPI) -> Self {
        let schemas = spec.components.as_ref().map(|c| &c.schemas);
        let raw_names: Vec<&str> =
            schemas.map(|s| s.keys().map(String::as_str).collect()).unwrap_or_default();
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
            }));
        }
        Self {
            file,
            spec,
            components,
            types,
            type_names,
            diagnostics: Vec::new(),
            deep_refs: std::collections::HashMap::new(),
        }
    }

    fn lower_components(&mut self) {
        let Some(components) = self.spec.components.as_ref() else { return };
        for (raw, schema) in &components.schemas {
            let id = self.components[raw.as_str()];
            let pointer = Pointer::root().join("components").join("schemas").join(raw);
            let (kind, doc, deprecated) = self.definition(
                schema,
                &self.types[id.0].as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                &pointer,
            );
            if let Some(def) = self.types[id.0].as_mut() {
                def.kind = kind;
                def.doc = doc;
                def.deprecated = deprecated;
            }
        }
    }

    /// Records a located problem.
    pub(crate) fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            pointer: pointer.to_string(),
            line: None,
            message: message.into(),
        });
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
        }));
        id
    }

    pub(crate) fn type_name_of(&self, id: TypeId) -> &str {
        self.types[id.0].as_ref().map(|t| t.name.as_str()).unwrap_or("")
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
    pub(crate) fn schema_ref(
        &mut self,
        reference: &str,
        pointer: &Pointer,
    ) -> Option<TypeId> {
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
    pub(crate) fn resolve_schema(
        &self,
        mut schema: &'a ReferenceOr<Schema>,
    ) -> Option<&'a Schema> {
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
    let prefix = format!("#/components/{kind}/");
    if let Some(rest) = reference.strip_prefix(&prefix) {
        if !rest.contains('/') {
            return Ok(unescape_segment(&percent_decode(rest)));
        }
    }
    if !reference.starts_with('#') {
        return Err(format!("unsupported reference `{reference}`: references to other files are not supported; bundle the spec into one document"));
    }
    Err(format!("unsupported reference `{reference}`: expected `{prefix}NAME`"))
}

/// `$ref` values are URI fragments, so `%XX` escapes may appear in names.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}
