//! The public items of emitted tokens, read with `syn`.

use super::tokens::compact;
use super::{Item, ItemKind, MemberKey, MemberKind, Surface, TypeItem};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};

/// A macro the generated code invokes at item level, and what it gives the
/// type named by its first argument.
struct ImplMacro {
    name: &'static str,
    /// How many arguments (identifiers) this form of the macro takes.
    arguments: usize,
    traits: &'static [&'static str],
    /// The public inherent methods it defines: name, and signature as the
    /// surface writes it (a test holds them to what `signature` makes of them).
    methods: &'static [(&'static str, &'static str)],
}

/// `fax_runtime::wire_enum_impls!`, in both its forms.
const IMPL_MACROS: &[ImplMacro] = &[
    ImplMacro {
        name: "wire_enum_impls",
        arguments: 1,
        traits: &["Deserialize", "Display", "Serialize"],
        methods: &[],
    },
    ImplMacro {
        name: "wire_enum_impls",
        arguments: 2,
        traits: &["Deserialize", "Display", "From<&str>", "Serialize"],
        methods: &[("as_str", "fn as_str(&self) -> &str")],
    },
];

/// The public items of some of a module's files, gathered as each file is
/// parsed (the format stage parses every item once; this reads the same
/// tree), then merged into one [`Surface`].
///
/// A collection made with `Collected::new(false)` gathers nothing: a
/// generation whose surface nobody reads (a crate written from a spec)
/// skips the work and the memory, which on a large spec were about half of
/// the emit stage's time and more memory than the generated text.
#[derive(Debug, Default)]
pub struct Collected {
    builder: Builder,
    ignoring: bool,
}

impl Collected {
    /// An empty collection that gathers what is added to it, or, when
    /// `gathering` is false, ignores it.
    pub fn new(gathering: bool) -> Self {
        Self {
            builder: Builder::default(),
            ignoring: !gathering,
        }
    }

    /// Whether this collection keeps what is added to it.
    pub fn is_gathering(&self) -> bool {
        !self.ignoring
    }

    /// Adds the public items of `file` (see [`Collected::from_file`]).
    pub fn add_file(&mut self, module: &str, file: &syn::File) {
        if self.is_gathering() {
            self.merge(Self::from_file(module, file));
        }
    }

    /// The public items of `file`, whose items the module shows under
    /// `module`: `""` for the module root (`mod.rs`, and `client.rs`, whose
    /// `Client` the root re-exports), `"types"` for `types.rs`.
    pub fn from_file(module: &str, file: &syn::File) -> Self {
        let private_mods: BTreeSet<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) if !is_pub(&m.vis) => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        let mut builder = Builder::default();
        for item in &file.items {
            builder.item(module, item, &private_mods);
        }
        Self {
            builder,
            ignoring: false,
        }
    }

    /// A public, `#[non_exhaustive]` struct (or enum) written as text rather
    /// than parsed: its derives (as written in `#[derive(...)]`) and its
    /// public fields (or variants), each with its type as the surface spells
    /// it (or what follows the variant's name).
    pub(crate) fn add_model(
        &mut self,
        module: &str,
        name: &str,
        is_enum: bool,
        derives: &str,
        members: Vec<(String, String)>,
    ) {
        if self.ignoring {
            return;
        }
        let kind = if is_enum {
            MemberKind::Variant
        } else {
            MemberKind::Field
        };
        let members = members
            .into_iter()
            .map(|(name, value)| (MemberKey { kind, name }, value))
            .collect();
        let item = TypeItem {
            is_enum,
            non_exhaustive: true,
            traits: Vec::new(),
            members,
        };
        self.add_written(module, name, "", derives, item);
    }

    /// A public struct with no public fields, written as text: its derives
    /// and its generic parameters as written (`<'a>`).
    pub(crate) fn add_builder(&mut self, module: &str, name: &str, derives: &str, generics: &str) {
        if self.ignoring {
            return;
        }
        let item = TypeItem {
            is_enum: false,
            non_exhaustive: false,
            traits: Vec::new(),
            members: BTreeMap::new(),
        };
        self.add_written(module, name, generics, derives, item);
    }

    /// A public method of the type `type_name`, written as text, with its
    /// signature as the surface spells it.
    pub(crate) fn add_method(
        &mut self,
        module: &str,
        type_name: &str,
        name: &str,
        signature: String,
    ) {
        if self.ignoring {
            return;
        }
        let path = join(module, type_name);
        // As `impl_block` reads them: the root's methods are items of their own.
        if module.is_empty() {
            let unnamed = signature.replacen(&format!("fn {name}("), "fn(", 1);
            self.builder.add(
                format!("{path}::{name}"),
                String::new(),
                ItemKind::Fn(unnamed),
            );
            return;
        }
        self.builder
            .member(path, MemberKind::Method, name.to_owned(), signature);
    }

    /// `pub type name = target;` written as text, `target` as the surface spells it.
    pub(crate) fn add_alias(&mut self, module: &str, name: &str, target: String) {
        if self.ignoring {
            return;
        }
        self.builder
            .add(join(module, name), String::new(), ItemKind::Alias(target));
    }

    /// An item-level call of the `fax_runtime` macro `name` with these
    /// identifiers, written as text.
    pub(crate) fn add_impl_macro(&mut self, module: &str, name: &str, arguments: &[&str]) {
        if self.ignoring {
            return;
        }
        if !self.builder.impl_macro(module, name, arguments) {
            self.builder.add(
                join(module, &format!("{name}!")),
                String::new(),
                ItemKind::Other(arguments.join(", ")),
            );
        }
    }

    /// A type written as text: its derives join the traits found for it.
    fn add_written(
        &mut self,
        module: &str,
        name: &str,
        generics: &str,
        derives: &str,
        item: TypeItem,
    ) {
        let path = join(module, name);
        self.builder
            .traits
            .entry(path.clone())
            .or_default()
            .extend(derive_names(derives));
        self.builder
            .add(path, generics.to_owned(), ItemKind::Type(item));
    }

    /// Adds what `other` gathered.
    pub fn merge(&mut self, other: Collected) {
        if self.ignoring {
            return;
        }
        let other = other.builder;
        join_maps(&mut self.builder.items, other.items, |item, new| {
            *item = new
        });
        join_maps(&mut self.builder.traits, other.traits, |traits, new| {
            traits.extend(new)
        });
        join_maps(&mut self.builder.members, other.members, |members, new| {
            members.extend(new)
        });
    }

    /// The surface of everything gathered.
    pub fn finish(self) -> Surface {
        self.builder.finish()
    }
}

/// Adds `from`'s entries to `into`, an entry whose key `into` has already
/// joined to its entry there. An item's few entries are inserted one by
/// one; a collection of a size near `into`'s (a formatting thread's share
/// of a file) is joined in one pass over both, where inserting each entry
/// would move the entries of a large map's nodes again and again.
fn join_maps<K: Ord, V>(
    into: &mut BTreeMap<K, V>,
    from: BTreeMap<K, V>,
    join_entry: impl Fn(&mut V, V),
) {
    if from.len().saturating_mul(16) < into.len() {
        for (key, value) in from {
            match into.entry(key) {
                std::collections::btree_map::Entry::Occupied(mut entry) => {
                    join_entry(entry.get_mut(), value);
                }
                std::collections::btree_map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
            }
        }
        return;
    }
    let mut fresh = Vec::with_capacity(from.len());
    for (key, value) in from {
        match into.get_mut(&key) {
            Some(entry) => join_entry(entry, value),
            None => fresh.push((key, value)),
        }
    }
    // In key order already: the map is built in bulk, then joined in bulk.
    into.append(&mut fresh.into_iter().collect());
}

/// The traits a `#[derive(...)]` list written as text names, by their last segment.
fn derive_names(derives: &str) -> impl Iterator<Item = String> + '_ {
    derives.split(',').map(|derive| {
        derive
            .trim()
            .rsplit("::")
            .next()
            .unwrap_or_default()
            .to_owned()
    })
}

#[derive(Debug, Default)]
struct Builder {
    items: BTreeMap<String, Item>,
    /// Traits by the path of the type they are implemented for.
    traits: BTreeMap<String, BTreeSet<String>>,
    /// Inherent members by the path of their type.
    members: BTreeMap<String, BTreeMap<MemberKey, String>>,
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn generics(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        compact(generics.to_token_stream())
    }
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                found.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    found
}

/// A trait as a user names it: its last segment, with its type arguments
/// but not its lifetimes (`From<&str>`, `Deserialize`).
fn trait_name(path: &syn::Path) -> String {
    let Some(last) = path.segments.last() else {
        return compact(path.to_token_stream());
    };
    let mut name = last.ident.to_string();
    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
        let kept: Vec<String> = args
            .args
            .iter()
            .filter(|a| !matches!(a, syn::GenericArgument::Lifetime(_)))
            .map(|a| compact(a.to_token_stream()))
            .collect();
        if !kept.is_empty() {
            name.push('<');
            name.push_str(&kept.join(", "));
            name.push('>');
        }
    }
    name
}

/// The name of the type an `impl` is for (`ListFax` of `ListFax<'a>`).
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// A signature as the surface writes it: `async fn name<T>(&self, a: A) -> R`,
/// without the name when `name` is false. Bindings lose `mut`: it is not
/// part of the API.
pub(super) fn signature(sig: &syn::Signature, name: bool) -> String {
    let mut out = String::new();
    if sig.constness.is_some() {
        out.push_str("const ");
    }
    if sig.asyncness.is_some() {
        out.push_str("async ");
    }
    if let syn::Safety::Unsafe(_) = sig.safety {
        out.push_str("unsafe ");
    }
    out.push_str("fn");
    if name {
        out.push(' ');
        out.push_str(&sig.ident.to_string());
    }
    if !sig.generics.params.is_empty() {
        out.push_str(&compact(sig.generics.to_token_stream()));
    }
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) => match &receiver.kind {
                syn::ReceiverKind::Reference(_, lifetime, mutability) => {
                    let mut text = String::from("&");
                    if let Some(lifetime) = lifetime {
                        text.push_str(&lifetime.to_string());
                        text.push(' ');
                    }
                    if mutability.is_some() {
                        text.push_str("mut ");
                    }
                    text.push_str("self");
                    text
                }
                syn::ReceiverKind::Typed(_, ty) => {
                    format!("self: {}", compact(ty.to_token_stream()))
                }
                _ => "self".to_owned(),
            },
            syn::FnArg::Typed(typed) => {
                let binding = match &*typed.pat {
                    syn::Pat::Ident(ident) => ident.ident.to_string(),
                    other => compact(other.to_token_stream()),
                };
                format!("{binding}: {}", compact(typed.ty.to_token_stream()))
            }
        })
        .collect();
    out.push('(');
    out.push_str(&inputs.join(", "));
    out.push(')');
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(" -> ");
        out.push_str(&compact(ty.to_token_stream()));
    }
    if let Some(clause) = &sig.generics.where_clause {
        out.push(' ');
        out.push_str(&compact(clause.to_token_stream()));
    }
    out
}

impl Builder {
    fn add(&mut self, path: String, generics: String, kind: ItemKind) {
        self.items.insert(
            path.clone(),
            Item {
                path,
                generics,
                kind,
            },
        );
    }

    /// A struct or enum: its derives join the traits found for it.
    fn add_type(
        &mut self,
        path: String,
        is_enum: bool,
        attrs: &[syn::Attribute],
        type_generics: &syn::Generics,
        members: BTreeMap<MemberKey, String>,
    ) {
        self.traits
            .entry(path.clone())
            .or_default()
            .extend(derives(attrs));
        self.add(
            path,
            generics(type_generics),
            ItemKind::Type(TypeItem {
                is_enum,
                non_exhaustive: non_exhaustive(attrs),
                traits: Vec::new(),
                members,
            }),
        );
    }

    fn item(&mut self, module: &str, item: &syn::Item, private_mods: &BTreeSet<String>) {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = join(module, &s.ident.to_string());
                let mut members = BTreeMap::new();
                for (index, field) in s.fields.iter().enumerate() {
                    if !is_pub(&field.vis) {
                        continue;
                    }
                    let name = field
                        .ident
                        .as_ref()
                        .map(|i| i.to_string())
                        .unwrap_or_else(|| index.to_string());
                    members.insert(
                        MemberKey {
                            kind: MemberKind::Field,
                            name,
                        },
                        compact(field.ty.to_token_stream()),
                    );
                }
                self.add_type(path, false, &s.attrs, &s.generics, members);
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = join(module, &e.ident.to_string());
                let members = e
                    .variants
                    .iter()
                    .map(|v| {
                        let payload = variant_payload(v);
                        (
                            MemberKey {
                                kind: MemberKind::Variant,
                                name: v.ident.to_string(),
                            },
                            payload,
                        )
                    })
                    .collect();
                self.add_type(path, true, &e.attrs, &e.generics, members);
            }
            syn::Item::Type(t) if is_pub(&t.vis) => self.add(
                join(module, &t.ident.to_string()),
                generics(&t.generics),
                ItemKind::Alias(compact(t.ty.to_token_stream())),
            ),
            syn::Item::Const(c) if is_pub(&c.vis) => self.add(
                join(module, &c.ident.to_string()),
                String::new(),
                ItemKind::Const(compact(c.ty.to_token_stream())),
            ),
            syn::Item::Static(s) if is_pub(&s.vis) => self.add(
                join(module, &s.ident.to_string()),
                String::new(),
                ItemKind::Const(compact(s.ty.to_token_stream())),
            ),
            syn::Item::Fn(f) if is_pub(&f.vis) => self.add(
                join(module, &f.sig.ident.to_string()),
                String::new(),
                ItemKind::Fn(signature(&f.sig, false)),
            ),
            syn::Item::Mod(m) if is_pub(&m.vis) => self.add(
                join(module, &m.ident.to_string()),
                String::new(),
                ItemKind::Mod,
            ),
            syn::Item::Use(u) if is_pub(&u.vis) => {
                let mut leaves = Vec::new();
                use_leaves(&u.tree, String::new(), &mut leaves);
                for (name, target) in leaves {
                    let first = target.split("::").next().unwrap_or_default();
                    // `pub use client::Client`: the item itself is already
                    // listed where the module shows it.
                    if private_mods.contains(first) || matches!(first, "self" | "super" | "crate") {
                        continue;
                    }
                    self.add(join(module, &name), String::new(), ItemKind::Use(target));
                }
            }
            syn::Item::Impl(imp) => self.impl_block(module, imp),
            syn::Item::Macro(m) => {
                let name = m
                    .mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let arguments = syn::parse::Parser::parse2(
                    syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated,
                    m.mac.tokens.clone(),
                )
                .ok()
                .map(|arguments| arguments.iter().map(|a| a.to_string()).collect::<Vec<_>>());
                let known = arguments.is_some_and(|arguments| {
                    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
                    self.impl_macro(module, &name, &arguments)
                });
                // A macro the surface does not know may define anything:
                // it is listed as written rather than left out.
                if !known {
                    self.add(
                        join(module, &format!("{name}!")),
                        String::new(),
                        ItemKind::Other(compact(m.mac.tokens.clone())),
                    );
                }
            }
            _ => {}
        }
    }

    /// What a known macro called with `arguments` gives the type named by
    /// the first one; `false` when the macro or this form of it is unknown.
    fn impl_macro(&mut self, module: &str, name: &str, arguments: &[&str]) -> bool {
        let Some(form) = IMPL_MACROS
            .iter()
            .find(|k| k.name == name && k.arguments == arguments.len())
        else {
            return false;
        };
        let Some(ty) = arguments.first() else {
            return false;
        };
        let path = join(module, ty);
        self.traits
            .entry(path.clone())
            .or_default()
            .extend(form.traits.iter().map(|t| (*t).to_owned()));
        for (name, signature) in form.methods {
            self.member(
                path.clone(),
                MemberKind::Method,
                (*name).to_owned(),
                (*signature).to_owned(),
            );
        }
        true
    }

    /// A member of the type at `path`.
    fn member(&mut self, path: String, kind: MemberKind, name: String, value: String) {
        self.members
            .entry(path)
            .or_default()
            .insert(MemberKey { kind, name }, value);
    }

    fn impl_block(&mut self, module: &str, imp: &syn::ItemImpl) {
        let Some(type_name) = self_type_name(&imp.self_ty) else {
            return;
        };
        let path = join(module, &type_name);
        if let Some((trait_path, _)) = &imp.trait_ {
            self.traits
                .entry(path)
                .or_default()
                .insert(trait_name(trait_path));
            return;
        }
        for member in &imp.items {
            let (key, value) = match member {
                syn::ImplItem::Fn(f) if is_pub(&f.vis) => (
                    MemberKey {
                        kind: MemberKind::Method,
                        name: f.sig.ident.to_string(),
                    },
                    &f.sig,
                ),
                syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                    let ty = compact(c.ty.to_token_stream());
                    if module.is_empty() {
                        self.add(
                            format!("{path}::{}", c.ident),
                            String::new(),
                            ItemKind::Const(ty),
                        );
                    } else {
                        self.member(path.clone(), MemberKind::Const, c.ident.to_string(), ty);
                    }
                    continue;
                }
                _ => continue,
            };
            // The root's types (the `Client`) are where every operation
            // starts: each method is a line of its own.
            if module.is_empty() {
                self.add(
                    format!("{path}::{}", key.name),
                    String::new(),
                    ItemKind::Fn(signature(value, false)),
                );
            } else {
                self.member(path.clone(), key.kind, key.name, signature(value, true));
            }
        }
    }

    fn finish(mut self) -> Surface {
        for (path, traits) in self.traits {
            if let Some(Item {
                kind: ItemKind::Type(t),
                ..
            }) = self.items.get_mut(&path)
            {
                t.traits = traits.into_iter().collect();
            }
        }
        for (path, members) in self.members {
            if let Some(Item {
                kind: ItemKind::Type(t),
                ..
            }) = self.items.get_mut(&path)
            {
                t.members.extend(members);
            }
        }
        Surface { items: self.items }
    }
}

/// What follows a variant's name: its fields without their attributes (docs
/// are not API), and a `#[non_exhaustive]` marker when it has one. Named
/// fields (hand-written enums have them; generated ones do not) are set off
/// by a space, so the name reads back as far as the first space or `(`.
fn variant_payload(variant: &syn::Variant) -> String {
    let fields = &variant.fields;
    let text = if fields.iter().all(|field| field.attrs.is_empty()) {
        compact(fields.to_token_stream())
    } else {
        let each: Vec<String> = fields
            .iter()
            .map(|field| {
                let ty = compact(field.ty.to_token_stream());
                match &field.ident {
                    Some(name) => format!("{name}: {ty}"),
                    None => ty,
                }
            })
            .collect();
        match fields {
            syn::Fields::Named(_) => format!("{{ {} }}", each.join(", ")),
            _ => format!("({})", each.join(", ")),
        }
    };
    let mut payload = String::new();
    if non_exhaustive(&variant.attrs) {
        payload.push_str(" #[non_exhaustive]");
    }
    match fields {
        syn::Fields::Unit => {}
        syn::Fields::Unnamed(_) if payload.is_empty() => payload.push_str(&text),
        _ => {
            payload.push(' ');
            payload.push_str(&text);
        }
    }
    payload
}

/// Every name a `use` tree brings in, with the path it names.
fn use_leaves(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    let joined = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(p) => use_leaves(&p.tree, joined(&p.ident.to_string()), out),
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            out.push((name.clone(), joined(&name)));
        }
        syn::UseTree::Rename(r) => out.push((r.rename.to_string(), joined(&r.ident.to_string()))),
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), joined("*"))),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(tree, prefix.clone(), out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_methods_are_written_as_the_surface_reads_signatures() {
        for form in IMPL_MACROS {
            for (name, written) in form.methods {
                let sig: syn::Signature = syn::parse_str(written).expect("a signature");
                assert_eq!(sig.ident, name);
                assert_eq!(signature(&sig, true), *written);
            }
        }
    }
}
