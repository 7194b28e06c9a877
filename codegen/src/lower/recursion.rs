//! Recursive schemas: a struct that contains itself, directly or through other
//! structs, needs a `Box` somewhere on the cycle or it has infinite size.
//! Lists and maps already allocate, and union variants are boxed when lowered,
//! so only direct (possibly optional) struct fields and aliases form edges.
//!
//! A type alias that contains itself (`type Tree = Vec<Tree>`, or a schema
//! that is only `allOf: [itself]`) cannot be written at all: aliases are
//! expanded where they are used, so no box helps. Those are reported.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes every field whose type leads back to the struct that holds it.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let mut edges: Vec<Vec<TypeId>> = types.iter().map(direct_edges).collect();
    let mut walker = Walker::new(types.len());
    for owner in 0..types.len() {
        let TypeKind::Struct(fields) = &types[owner].kind else {
            continue;
        };
        let to_box: Vec<usize> = fields
            .fields
            .iter()
            .enumerate()
            .filter_map(|(index, field)| {
                let target = direct_target(&field.ty)?;
                walker
                    .reaches(&edges, target, TypeId(owner))
                    .then_some(index)
            })
            .collect();
        if let TypeKind::Struct(fields) = &mut types[owner].kind {
            for index in to_box {
                let field = &mut fields.fields[index];
                field.ty = boxed(std::mem::replace(&mut field.ty, TypeRef::Json));
            }
        }
        // A boxed field no longer makes the struct infinitely large, so the cycle
        // is broken for the structs checked after this one: box no more than needed.
        edges[owner] = direct_edges(&types[owner]);
    }
}

/// The named type a value of this type contains inline, if any.
fn direct_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Option(inner) => direct_target(inner),
        _ => None,
    }
}

fn direct_edges(def: &TypeDef) -> Vec<TypeId> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| direct_target(&f.ty))
            .collect(),
        TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Whether one type reaches another along edges, asked once per field of a
/// large spec: the marks of the last walk are told apart by a stamp rather
/// than cleared, so a question costs the types it visits, not every type.
struct Walker {
    /// The stamp of the walk that last visited each type.
    seen: Vec<u32>,
    stamp: u32,
    stack: Vec<TypeId>,
}

impl Walker {
    fn new(types: usize) -> Self {
        Self {
            seen: vec![0; types],
            stamp: 0,
            stack: Vec::new(),
        }
    }

    /// Whether `goal` can be reached from `start` along direct edges (iterative, so
    /// deep chains in large specs cannot overflow the stack).
    fn reaches(&mut self, edges: &[Vec<TypeId>], start: TypeId, goal: TypeId) -> bool {
        if self.stamp == u32::MAX {
            self.seen.fill(0);
            self.stamp = 0;
        }
        self.stamp += 1;
        self.stack.clear();
        self.stack.push(start);
        while let Some(next) = self.stack.pop() {
            if next == goal {
                return true;
            }
            if std::mem::replace(&mut self.seen[next.0], self.stamp) == self.stamp {
                continue;
            }
            self.stack.extend(edges[next.0].iter().copied());
        }
        false
    }
}

/// The aliases that contain themselves, through other aliases or not, in
/// type order. Structs, enums and unions are named types and end a chain.
pub fn self_containing_aliases(types: &[TypeDef]) -> Vec<TypeId> {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                named_inside(ty, &mut named);
                named.retain(|id| matches!(types[id.0].kind, TypeKind::Alias(_)));
                named
            }
            _ => Vec::new(),
        })
        .collect();
    let mut walker = Walker::new(types.len());
    (0..types.len())
        .map(TypeId)
        .filter(|id| {
            edges[id.0]
                .iter()
                .any(|next| walker.reaches(&edges, *next, *id))
        })
        .collect()
}

/// Every named type a type mentions, however deeply wrapped.
fn named_inside(ty: &TypeRef, into: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => into.push(*id),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => named_inside(inner, into),
        _ => {}
    }
}

fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}
