//! Two surfaces compared: every change with its semver class, by Rust's rules
//! as cargo-semver-checks applies them.
//!
//! - **breaking**: an item, field, variant or method removed; a type, a
//!   signature or a re-export changed; a field added to an exhaustive struct
//!   or a variant to an exhaustive enum; a trait no longer implemented; a type
//!   made `#[non_exhaustive]`.
//! - **additive** (a minor version): a new item, method or trait; a new field
//!   of a `#[non_exhaustive]` struct or variant of a `#[non_exhaustive]` enum.
//! - **none** (a patch): nothing in the surface changed, whatever changed in
//!   the docs or the code behind it.

use super::{Item, ItemKind, MemberKey, MemberKind, Surface, TypeItem};
use std::collections::BTreeMap;
use std::fmt;

/// How much a change asks of the version number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Nothing a user can see: a patch release.
    None,
    /// New API only: a minor release.
    Additive,
    /// Code that compiled may not any more: a major release.
    Breaking,
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Class::None => "none",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        })
    }
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// The item it is in (`types::Fax`), or empty for an item of the module itself.
    pub parent: String,
    /// What happened: `removed`, `added`, `changed`.
    pub action: &'static str,
    /// What kind of thing: `client method`, `type`, `field`, `trait`, …
    pub noun: &'static str,
    /// Its name (`types::Fax`, `pages`, `Default`).
    pub name: String,
    /// Before and after, for a change.
    pub detail: Option<(String, String)>,
    /// Why it has its class, when the class is not obvious from the action.
    pub why: Option<&'static str>,
}

/// Everything that changed between two surfaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The changes, in path order.
    pub changes: Vec<Change>,
}

impl Comparison {
    /// The class of the whole change: the highest of its changes', or
    /// [`Class::None`] when nothing changed.
    pub fn class(&self) -> Class {
        self.changes
            .iter()
            .map(|c| c.class)
            .max()
            .unwrap_or(Class::None)
    }

    /// How many changes have `class`.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// A short summary for a reviewer: a headline, then one line per group
    /// of like changes (see [`Comparison::lines`]). One line when nothing changed.
    pub fn summary(&self, api: &str) -> String {
        if self.changes.is_empty() {
            return format!("{api}: no API change");
        }
        let verdict = match self.class() {
            Class::Breaking => "breaking (needs a new major version)",
            Class::Additive => "additive (needs a new minor version)",
            Class::None => "none",
        };
        let mut out = format!(
            "{api}: {verdict}: {} breaking, {} additive",
            self.count(Class::Breaking),
            self.count(Class::Additive)
        );
        for (class, line) in self.lines() {
            out.push_str(&format!("\n  {class}: {line}"));
        }
        out
    }

    /// The changes as lines, breaking ones first: like changes (the same
    /// class, action and kind of thing, in the same item) share a line; a
    /// change with a before and after has a line of its own.
    pub fn lines(&self) -> Vec<(Class, String)> {
        type Key<'a> = (std::cmp::Reverse<Class>, &'a str, &'a str, &'a str);
        let mut groups: BTreeMap<Key<'_>, Vec<&Change>> = BTreeMap::new();
        for change in &self.changes {
            let key = (
                std::cmp::Reverse(change.class),
                change.parent.as_str(),
                change.action,
                change.noun,
            );
            groups.entry(key).or_default().push(change);
        }
        let mut out = Vec::new();
        for ((class, parent, action, noun), changes) in groups {
            let place = if parent.is_empty() {
                String::new()
            } else {
                format!("`{parent}`: ")
            };
            let (detailed, plain): (Vec<&Change>, Vec<&Change>) =
                changes.into_iter().partition(|c| c.detail.is_some());
            if !plain.is_empty() {
                let names: Vec<String> = plain.iter().map(|c| format!("`{}`", c.name)).collect();
                let plural = if names.len() > 1 { "s" } else { "" };
                let why = plain[0].why.map(|w| format!(" ({w})")).unwrap_or_default();
                out.push((
                    class.0,
                    format!("{place}{action} {noun}{plural} {}{why}", names.join(", ")),
                ));
            }
            for change in detailed {
                let (before, after) = change.detail.as_ref().expect("partitioned on detail");
                out.push((
                    class.0,
                    format!(
                        "{place}{action} {noun} `{}`: `{before}` → `{after}`",
                        change.name
                    ),
                ));
            }
        }
        out
    }
}

/// What changed from `old` to `new`.
pub fn compare(old: &Surface, new: &Surface) -> Comparison {
    let mut changes = Vec::new();
    for (path, before) in &old.items {
        match new.items.get(path) {
            None => {
                // A removed item's members go with it: one change, not fifty.
                if !has_removed_ancestor(path, old, new) {
                    changes.push(item_change(Class::Breaking, "removed", before));
                }
            }
            Some(after) => compare_item(before, after, &mut changes),
        }
    }
    for (path, after) in &new.items {
        if !old.items.contains_key(path) && !has_added_ancestor(path, old, new) {
            changes.push(item_change(Class::Additive, "added", after));
        }
    }
    changes.sort_by(|a, b| (&a.parent, &a.name).cmp(&(&b.parent, &b.name)));
    Comparison { changes }
}

fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices("::").map(move |(at, _)| &path[..at])
}

fn has_removed_ancestor(path: &str, old: &Surface, new: &Surface) -> bool {
    ancestors(path).any(|a| old.items.contains_key(a) && !new.items.contains_key(a))
}

fn has_added_ancestor(path: &str, old: &Surface, new: &Surface) -> bool {
    ancestors(path).any(|a| new.items.contains_key(a) && !old.items.contains_key(a))
}

/// What a user calls an item.
fn noun(item: &Item) -> &'static str {
    let in_module = |module: &str| item.path.starts_with(&format!("{module}::"));
    match &item.kind {
        ItemKind::Fn(_) if item.path.starts_with("Client::") => "client method",
        ItemKind::Fn(_) => "function",
        ItemKind::Const(_) => "constant",
        ItemKind::Type(_) if in_module("operations") => "request builder",
        ItemKind::Type(t) if t.is_enum => "enum",
        ItemKind::Type(_) => "struct",
        ItemKind::Alias(_) => "type alias",
        ItemKind::Use(_) => "re-export",
        ItemKind::Mod => "module",
        ItemKind::Other(_) => "item",
    }
}

fn item_change(class: Class, action: &'static str, item: &Item) -> Change {
    Change {
        class,
        parent: String::new(),
        action,
        noun: noun(item),
        name: item.path.clone(),
        detail: None,
        why: None,
    }
}

fn compare_item(before: &Item, after: &Item, changes: &mut Vec<Change>) {
    let changed = |noun, from: String, to: String| Change {
        class: Class::Breaking,
        parent: String::new(),
        action: "changed",
        noun,
        name: before.path.clone(),
        detail: Some((from, to)),
        why: None,
    };
    if before.generics != after.generics {
        changes.push(changed(
            "generics of",
            before.generics.clone(),
            after.generics.clone(),
        ));
    }
    match (&before.kind, &after.kind) {
        (ItemKind::Type(old), ItemKind::Type(new)) if old.is_enum == new.is_enum => {
            compare_type(&before.path, old, new, changes)
        }
        (old, new) if old == new => {}
        (ItemKind::Mod, ItemKind::Mod) => {}
        _ => changes.push(changed(noun(before), before.body(), after.body())),
    }
}

fn compare_type(path: &str, old: &TypeItem, new: &TypeItem, changes: &mut Vec<Change>) {
    let change = |class, action, noun, name: &str, why| Change {
        class,
        parent: path.to_owned(),
        action,
        noun,
        name: name.to_owned(),
        detail: None,
        why,
    };
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => changes.push(change(
            Class::Breaking,
            "added",
            "attribute",
            "#[non_exhaustive]",
            Some("literals and exhaustive matches outside the crate stop compiling"),
        )),
        (true, false) => changes.push(change(
            Class::Additive,
            "removed",
            "attribute",
            "#[non_exhaustive]",
            None,
        )),
        _ => {}
    }
    for name in old.traits.iter().filter(|t| !new.traits.contains(t)) {
        changes.push(change(Class::Breaking, "removed", "trait", name, None));
    }
    for name in new.traits.iter().filter(|t| !old.traits.contains(t)) {
        changes.push(change(Class::Additive, "added", "trait", name, None));
    }
    for (key, value) in &old.members {
        match new.members.get(key) {
            None => changes.push(change(
                Class::Breaking,
                "removed",
                key.kind.noun(),
                &key.name,
                None,
            )),
            Some(now) if now != value => changes.push(Change {
                class: Class::Breaking,
                parent: path.to_owned(),
                action: "changed",
                noun: key.kind.noun(),
                name: key.name.clone(),
                detail: Some((value.clone(), now.clone())),
                why: None,
            }),
            Some(_) => {}
        }
    }
    for key in new.members.keys().filter(|k| !old.members.contains_key(k)) {
        let (class, why) = added_member_class(old, key);
        changes.push(change(class, "added", key.kind.noun(), &key.name, why));
    }
}

/// A new field or variant breaks code outside the crate only when the type
/// is exhaustive: a struct literal lacks the field, a `match` the variant.
fn added_member_class(old: &TypeItem, key: &MemberKey) -> (Class, Option<&'static str>) {
    match key.kind {
        MemberKind::Field if !old.non_exhaustive => (
            Class::Breaking,
            Some("the struct is exhaustive: its literals stop compiling"),
        ),
        MemberKind::Variant if !old.non_exhaustive => (
            Class::Breaking,
            Some("the enum is exhaustive: its matches stop compiling"),
        ),
        _ => (Class::Additive, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(text: &str) -> Surface {
        Surface::parse(text).unwrap()
    }

    #[test]
    fn nothing_changed_is_one_line() {
        let s = surface("types::Fax: #[non_exhaustive] struct { id: String }\n");
        let comparison = compare(&s, &s);
        assert_eq!(comparison.class(), Class::None);
        assert_eq!(comparison.summary("twilio"), "twilio: no API change");
    }

    #[test]
    fn a_new_field_breaks_only_an_exhaustive_struct() {
        let old = surface(
            "types::A: struct { id: String }\ntypes::B: #[non_exhaustive] struct { id: String }\n",
        );
        let new = surface("types::A: struct { id: String; pages: i64 }\ntypes::B: #[non_exhaustive] struct { id: String; pages: i64 }\n");
        let comparison = compare(&old, &new);
        let classes: Vec<(String, Class)> = comparison
            .changes
            .iter()
            .map(|c| (c.parent.clone(), c.class))
            .collect();
        assert_eq!(
            classes,
            [
                ("types::A".to_owned(), Class::Breaking),
                ("types::B".to_owned(), Class::Additive)
            ]
        );
    }

    #[test]
    fn a_removed_item_is_one_change_with_its_members() {
        let old = surface(
            "Client::send_fax: fn(&self) -> operations::SendFax<'_>\noperations::SendFax<'a>: struct { async fn send(self) -> Result<(), E> }\n",
        );
        let comparison = compare(&old, &Surface::default());
        assert_eq!(comparison.changes.len(), 2);
        assert_eq!(comparison.class(), Class::Breaking);
        let summary = comparison.summary("x");
        assert!(
            summary.contains("breaking: removed client method `Client::send_fax`"),
            "{summary}"
        );
    }

    #[test]
    fn a_changed_signature_shows_before_and_after() {
        let old = surface("Client::f: fn(&self, a: A) -> R\n");
        let new = surface("Client::f: fn(&self, a: A, b: B) -> R\n");
        let summary = compare(&old, &new).summary("x");
        assert!(
            summary.contains("`fn(&self, a: A) -> R` → `fn(&self, a: A, b: B) -> R`"),
            "{summary}"
        );
    }
}
