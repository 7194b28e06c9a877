//! Located diagnostics: every problem with a spec names the file and the JSON
//! pointer of the fault, so a maintainer can jump straight to it.

use std::fmt;

/// A problem found in a spec, located by file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file as the caller named it.
    pub file: String,
    /// RFC 6901 JSON pointer of the offending value (`""` is the whole document).
    pub pointer: String,
    /// 1-based line and column in the file, where the parser knows them.
    pub line: Option<(usize, usize)>,
    /// Whether the document was refused or only read more loosely than written.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
}

/// How bad a [`Diagnostic`] is.
///
/// The generator refuses a document (an **error**) only when it cannot read
/// it at all: not OpenAPI, an unsupported version, broken syntax, a reference
/// to nothing. A valid document with a construct no Rust type expresses
/// exactly still generates, with the nearest honest type (a looser type,
/// `serde_json::Value`, a validation-only keyword dropped) and a **warning**
/// saying what was approximated and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generated, but less exactly than the spec says.
    Warning,
    /// The document cannot be generated.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl Diagnostic {
    /// An error at `pointer` of `file`.
    pub fn error(file: &str, pointer: impl fmt::Display, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pointer, message)
    }

    /// A warning at `pointer` of `file`.
    pub fn warning(file: &str, pointer: impl fmt::Display, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pointer, message)
    }

    fn new(
        severity: Severity,
        file: &str,
        pointer: impl fmt::Display,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.to_owned(),
            pointer: pointer.to_string(),
            line: None,
            severity,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.line {
            write!(f, ":{line}:{column}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)"
        } else {
            &self.pointer
        };
        write!(f, ": at {pointer}: {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A JSON pointer under construction while a stage walks the document.
///
/// Cloning is cheap enough for the sizes of real specs and keeps the walkers simple.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the document root.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// The pointer one level down, escaping `~` and `/` as RFC 6901 requires.
    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        let segment = segment.as_ref();
        // Pointers are made for every schema and operation, most never shown:
        // one allocation each, and escaping only where a segment needs it.
        let mut out = String::with_capacity(self.0.len() + 1 + segment.len());
        out.push_str(&self.0);
        out.push('/');
        if !segment.bytes().any(|b| b == b'/' || b == b'~') {
            out.push_str(segment);
            return Self(out);
        }
        for (index, part) in segment.split('/').enumerate() {
            if index > 0 {
                out.push_str("~1");
            }
            for (index, piece) in part.split('~').enumerate() {
                if index > 0 {
                    out.push_str("~0");
                }
                out.push_str(piece);
            }
        }
        Self(out)
    }

    /// The pointer text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Decodes one RFC 6901 segment (`~1` → `/`, `~0` → `~`).
pub fn unescape_segment(segment: &str) -> String {
    // Most segments have nothing escaped; each `replace` builds a searcher
    // and a new string, and lower reads every inline schema's pointer.
    if !segment.contains('~') {
        return segment.to_owned();
    }
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod pointer_tests {
    use super::*;

    #[test]
    fn segments_are_escaped_as_rfc_6901_says() {
        let pointer = Pointer::root().join("paths").join("/faxes/{id}~old");
        assert_eq!(pointer.as_str(), "/paths/~1faxes~1{id}~0old");
        assert_eq!(unescape_segment("~1faxes~1{id}~0old"), "/faxes/{id}~old");
        assert_eq!(Pointer::root().join("~1").as_str(), "/~01");
    }
}
