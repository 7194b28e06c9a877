//! `multipart/form-data` bodies with file parts (Telnyx's fax upload).
//!
//! The body is built as bytes rather than streamed, so a request can be
//! produced without sending it (sans-IO) and handed to any HTTP stack.

use crate::encode::Body;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::Path;

/// A file to upload: its bytes, and optionally its name and media type.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file from bytes in memory.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// A file read from disk, named after its file name.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        Ok(Self {
            bytes,
            file_name,
            content_type: content_type_for(path),
        })
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the media type sent with the part (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// In JSON, OpenAPI's `format: binary` is the raw content as a string.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| FilePart::from_bytes(text.into_bytes()))
    }
}

/// The media types fax APIs accept, by file extension.
fn content_type_for(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let media = match extension.as_str() {
        "pdf" => "application/pdf",
        "tif" | "tiff" => "image/tiff",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" => "text/plain",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "rtf" => "application/rtf",
        _ => return None,
    };
    Some(media.to_owned())
}

/// A multipart body under construction, parts in the order added.
#[derive(Debug, Clone)]
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form with a random boundary.
    pub fn new() -> Self {
        let boundary = format!(
            "fax-api-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        );
        Self::with_boundary(boundary)
    }

    /// An empty form with a given boundary, for reproducible bodies in tests.
    pub fn with_boundary(boundary: impl Into<String>) -> Self {
        Self {
            boundary: boundary.into(),
            body: Vec::new(),
        }
    }

    /// A text field.
    pub fn text(&mut self, name: &str, value: &str) {
        self.head(name, None, None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
    }

    /// One text field per property of an object (lists give one field per
    /// item; `null` is left out), for bodies that are maps rather than structs.
    pub fn fields<T: Serialize>(&mut self, value: &T) -> Result<(), String> {
        let serde_json::Value::Object(map) =
            serde_json::to_value(value).map_err(|e| e.to_string())?
        else {
            return Err("a multipart body must be an object".into());
        };
        for (name, value) in &map {
            self.field(name, value)?;
        }
        Ok(())
    }

    /// A field in the default encoding: a list as one part per item, an
    /// object as one `application/json` part, anything else as its text;
    /// `null` is left out.
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), String> {
        match serde_json::to_value(value).map_err(|e| format!("{name}: {e}"))? {
            serde_json::Value::Array(items) => {
                for item in &items {
                    self.one_field(name, item)?;
                }
            }
            other => self.one_field(name, &other)?,
        }
        Ok(())
    }

    fn one_field(&mut self, name: &str, value: &serde_json::Value) -> Result<(), String> {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                self.head(name, None, Some("application/json"));
                self.body.extend_from_slice(value.to_string().as_bytes());
                self.body.extend_from_slice(b"\r\n");
            }
            other => {
                if let Some(text) = crate::encode::field_text(other)? {
                    self.text(name, &text);
                }
            }
        }
        Ok(())
    }

    /// A field whose spec gives it a style (the media type's `encoding`):
    /// one text part per (name, value) pair the style makes.
    pub fn styled<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: crate::style::Style,
        value: &T,
    ) -> Result<(), String> {
        for (name, text) in crate::style::fields(name, style, value)? {
            self.text(&name, &text);
        }
        Ok(())
    }

    /// A file field.
    pub fn file(&mut self, name: &str, file: &FilePart) {
        let file_name = file.file_name.as_deref().unwrap_or("file");
        let content_type = file
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        self.head(name, Some(file_name), Some(content_type));
        self.body.extend_from_slice(&file.bytes);
        self.body.extend_from_slice(b"\r\n");
    }

    fn head(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            quote(name)
        );
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.body.extend_from_slice(head.as_bytes());
    }

    /// The finished body.
    pub fn finish(mut self) -> Body {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        Body::Bytes {
            content_type: format!("multipart/form-data; boundary={}", self.boundary),
            bytes: self.body,
        }
    }
}

/// Field and file names go inside quotes; quotes and line breaks in them are
/// percent-encoded, as browsers do (WHATWG HTML, multipart/form-data encoding).
fn quote(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}
