//! Target-independent conventions of the edgecrew HTTP API (`shared/API.md`).
//!
//! Everything here is plain Rust that builds natively and for `wasm32-wasip2`, so the
//! components and the native tests/benches share one implementation:
//!
//! - [`civil`]: day numbers of Gregorian dates, for timestamps and resolved dates.
//! - [`counter`]: a key-value counter's value in either backend's encoding.
//! - [`problem`]: `application/problem+json` error bodies.
//! - [`request_id`]: validating an incoming `x-request-id` or minting a new one.
//! - [`headers`]: the security headers every response carries.
//! - [`health`]: the `GET /health` document.
//! - [`metrics`]: request metrics as store counters, and their Prometheus text.
//! - [`openai_error`]: errors in OpenAI's shape on the OpenAI-compatible routes.
//!
//! Beside the API conventions, [`data`] is the format of the word-list files the crates
//! compile in, parsed by one function rather than one copy per crate.

#![deny(missing_docs)]

pub mod civil;
pub mod counter;
pub mod data;
pub mod headers;
pub mod health;
pub mod metrics;
pub mod openai_error;
pub mod problem;
pub mod request_id;

pub use problem::Problem;

/// The version of the edgecrew API and components, reported by `/health`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Content type of every JSON success body.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";
