//! Stage 5, surface: the public Rust API of a generated module as sorted
//! text, one line per item, and the semver class of the difference between two.
//!
//! A reviewer of a spec update reads this, not the generated code: a removed
//! method is one `-` line, not three hundred. It is read off the syntax tree
//! the format stage parses ([`Collected`]), so it is what the crate really exposes, spelled the
//! same way whatever the formatter does, and written as text ([`text`]) that
//! reads back into the same [`Surface`], so the committed surface can be
//! compared with a new one ([`diff`]).
//!
//! What one line holds:
//! - a type: its kind, `#[non_exhaustive]` when present, the traits it
//!   implements, and, in braces, its public fields or variants and its public
//!   methods (every member sorted by name: a vendor reordering properties or
//!   enum values changes no line);
//! - a function, constant, alias, re-export or module of the module root (the
//!   `Client`'s methods are each an operation's entry point, so each gets a
//!   line of its own).

pub mod diff;
mod extract;
pub mod text;
mod tokens;

pub use diff::{compare, Change, Class, Comparison};
pub use extract::Collected;

use std::collections::BTreeMap;

/// The public API of one generated module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Every item, by its path inside the module (`types::Fax`, `Client::send_fax`).
    pub items: BTreeMap<String, Item>,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its path inside the module, without generics.
    pub path: String,
    /// Its generic parameters as written (`<'a>`), or empty.
    pub generics: String,
    /// What it is.
    pub kind: ItemKind,
}

/// What an item is, with what a user can depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// A struct or enum.
    Type(TypeItem),
    /// A function or method with a line of its own: its signature after the name.
    Fn(String),
    /// An associated constant with a line of its own: its type.
    Const(String),
    /// `type Name = Target;`: the target.
    Alias(String),
    /// `pub use path;`: the path.
    Use(String),
    /// `pub mod name;`.
    Mod,
    /// Anything else public, as written (nothing the generator emits today).
    Other(String),
}

/// A struct or enum and everything public on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeItem {
    /// Whether it is an enum (else a struct).
    pub is_enum: bool,
    /// Whether it carries `#[non_exhaustive]`.
    pub non_exhaustive: bool,
    /// The traits it implements, derived or written, by name (`From<&str>`).
    pub traits: Vec<String>,
    /// Public fields or variants, constants and methods, by [`MemberKey`].
    pub members: BTreeMap<MemberKey, String>,
}

/// A member of a type: its kind and name. Kinds order the members of a line:
/// fields or variants first, then constants, then methods.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MemberKey {
    /// What kind of member.
    pub kind: MemberKind,
    /// Its name.
    pub name: String,
}

/// The kinds of member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemberKind {
    /// A public field; the value is its type.
    Field,
    /// A variant; the value is its payload (`(String)`) or empty.
    Variant,
    /// An associated constant; the value is its type.
    Const,
    /// A method; the value is its signature after the name.
    Method,
}

impl MemberKind {
    /// The word a change summary uses for it.
    pub fn noun(self) -> &'static str {
        match self {
            MemberKind::Field => "field",
            MemberKind::Variant => "variant",
            MemberKind::Const => "constant",
            MemberKind::Method => "method",
        }
    }
}

impl Surface {
    /// How many items it has.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it has no item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
