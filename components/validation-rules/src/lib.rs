//! The decisions of the `validation` component, as pure functions that build natively
//! and for `wasm32-wasip2`, so they are unit-tested, property-tested and fuzzed without
//! wasm. The component itself only adds I/O (key-value, clock, randomness) around them.
//!
//! - [`routes`]: which endpoint a method and path name, its scope and its rules.
//! - [`schema`]: a small JSON-body schema language and its validator.
//! - [`chat`]: the OpenAI chat-completions body.
//! - [`request`]: every check that runs before any work (method, content type, size,
//!   UTF-8, JSON, schema, path ids, query) — the fuzz target.
//! - [`keys`]: API-key format, hashing, constant-time verification, rotation.
//! - [`ratelimit`]: sliding-window arithmetic and the `ratelimit-*` headers.
//! - [`audit`]: audit records and their key layout.
//! - [`backup`]: the export/import file: what is backed up, writing and checking it.
//! - [`cors`]: the origin allow-list.
//! - [`time`]: RFC 3339 formatting and parsing.

#![deny(missing_docs)]

pub mod audit;
pub mod backup;
pub mod chat;
pub mod cors;
pub mod keys;
pub mod ratelimit;
pub mod request;
pub mod routes;
pub mod schema;
pub mod time;

/// A request refused before any work: the status and a detail that names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct Rejection {
    /// The HTTP status (always 4xx).
    pub status: u16,
    /// What is wrong, naming the field or header.
    pub detail: String,
}

impl Rejection {
    /// A rejection with the given status and detail.
    pub fn new(status: u16, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
        }
    }

    /// 400 with a detail.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(400, detail)
    }
}
