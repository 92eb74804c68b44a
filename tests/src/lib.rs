//! A Spin-compatible host for the edgecrew components, built on wasmtime.
//!
//! It runs the real compiled components the way `spin up` does, with the same WIT
//! (vendored in `wit/`) and Spin's semantics read from Spin's source; real `spin up` is the
//! reference, and every difference left is listed in `tests/README.md`.
//!
//! Layout, in the order a request meets it:
//!
//! - [`manifest`]: reads `spin.toml` (manifest version 2) with Spin's schema, refusing
//!   unknown keys: variables, HTTP routes, components, their capabilities and middleware
//!   (`dependencies.middleware` on a trigger).
//! - [`routes`]: picks the component for a path (exact routes and `/...` wildcards, most
//!   specific wins; private routes are unreachable from outside).
//! - [`app`]: loads and pre-compiles every component once, builds one pipeline per
//!   trigger (middleware with the handler's inherited capabilities, then the handler) and
//!   dispatches a request to an instance reused as Spin reuses WASIp3 instances.
//! - [`outbound_http`]: outbound HTTP restricted to a component's `allowed_outbound_hosts`,
//!   Spin local service chaining (`http://<id>.spin.internal`) and the middleware chain.
//! - [`kv`]: `spin:key-value@3.0.0` on a SQLite file laid out as Spin's default store.
//! - [`wasi_kv`]: `wasi:keyvalue@0.2.0-draft2` (store, atomics, batch) on the same stores.
//! - [`variables`]: `spin:variables@3.0.0` from manifest defaults and `SPIN_VARIABLE_*`.
//! - [`trigger_http`]: the HTTP/1.1 front end (body limit, deadline, graceful shutdown) that
//!   the `devhost` binary serves.
//! - [`client`]: a small HTTP client for the end-to-end suite and benches.

#![deny(missing_docs)]

pub mod app;
pub mod client;
pub mod kv;
pub mod manifest;
pub mod outbound_http;
pub mod routes;
pub mod trigger_http;
pub mod variables;
pub mod wasi_kv;

mod bindings;
mod state;
