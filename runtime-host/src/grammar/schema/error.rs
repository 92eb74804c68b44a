//! The converter's error type, [`SchemaError`].

/// Why a schema could not be turned into a grammar.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SchemaError {
    /// The schema uses a keyword (or keyword value) the converter does not implement.
    #[error("unsupported JSON schema feature at {path}: {what}")]
    Unsupported {
        /// JSON pointer of the offending schema.
        path: String,
        /// The keyword and why it is unsupported.
        what: String,
    },
    /// The schema is malformed or admits no value.
    #[error("invalid JSON schema at {path}: {what}")]
    Invalid {
        /// JSON pointer of the offending schema.
        path: String,
        /// What is wrong.
        what: String,
    },
}

/// A [`SchemaError::Unsupported`] at `path`.
pub(super) fn unsupported(path: &str, what: impl Into<String>) -> SchemaError {
    SchemaError::Unsupported {
        path: path.to_owned(),
        what: what.into(),
    }
}

/// A [`SchemaError::Invalid`] at `path`.
pub(super) fn invalid(path: &str, what: impl Into<String>) -> SchemaError {
    SchemaError::Invalid {
        path: path.to_owned(),
        what: what.into(),
    }
}
