//! The record of every rewrite the normalize stage makes, so a maintainer can
//! see exactly how the document the generator read differs from the file.

use std::fmt;

/// One change made to the document: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The document, as the caller named it.
    pub file: String,
    /// JSON pointer of the changed value in the document as written.
    pub pointer: String,
    /// What changed, in words (for example "`type: [string, null]` → `type: string, nullable: true`").
    pub change: String,
    /// Whether meaning was lost on the way (a construct with no 3.0 form
    /// read as something looser); the generated docs say so where it matters.
    pub lossy: bool,
}

impl fmt::Display for Rewrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        let lossy = if self.lossy { " (lossy)" } else { "" };
        write!(f, "{}: at {pointer}: {}{lossy}", self.file, self.change)
    }
}

/// The rewrites of one document, in the order they were made.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RewriteLog {
    file: String,
    rewrites: Vec<Rewrite>,
}

impl RewriteLog {
    /// An empty log for the document `file`.
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            rewrites: Vec::new(),
        }
    }

    /// Records an exact rewrite (nothing lost).
    pub(crate) fn exact(&mut self, pointer: &str, change: impl Into<String>) {
        self.rewrites.push(Rewrite {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            change: change.into(),
            lossy: false,
        });
    }

    /// Records a rewrite that reads a construct more loosely than written.
    pub(crate) fn lossy(&mut self, pointer: &str, change: impl Into<String>) {
        self.rewrites.push(Rewrite {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            change: change.into(),
            lossy: true,
        });
    }

    /// Every rewrite, in order.
    pub fn rewrites(&self) -> &[Rewrite] {
        &self.rewrites
    }

    /// How many rewrites were made.
    pub fn len(&self) -> usize {
        self.rewrites.len()
    }

    /// Whether the document was read exactly as written.
    pub fn is_empty(&self) -> bool {
        self.rewrites.is_empty()
    }

    /// Appends another document's rewrites (an overlay's).
    pub fn extend(&mut self, other: RewriteLog) {
        self.rewrites.extend(other.rewrites);
    }
}
