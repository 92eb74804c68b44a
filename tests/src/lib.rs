//! A Spin-compatible host for the edgecrew components, built on wasmtime.
//!
//! Spin's CLI cannot be installed here, so this crate runs the real compiled components
//! the way `spin up` does: same WIT (vendored in `wit/`), same semantics.
//!
//! Layout, in the order a request meets it:
//!
//! - [`manifest`]: reads `spin.toml` (manifest version 2): variables, HTTP routes,
//!   components, their capabilities and middleware
//!   (`components.middleware` on a trigger).
//! - [`router`]: picks the component for a path (exact routes and `/...` wildcards, most
//!   specific wins; private routes are unreachable from outside).
//! - [`app`]: loads and pre-compiles every component once, and dispatches a request to
//!   a fresh instance of it (pooling allocator, one instance per request, a deadline).
//! - [`outbound`]: outbound HTTP restricted to a component's `allowed_outbound_hosts`,
//!   Spin local service chaining (`http://<id>.spin.internal`) and the middleware chain.
//! - [`kv`]: `spin:key-value@3.0.0` on a SQLite file laid out as Spin's default store.
//! - [`wasi_kv`]: `wasi:keyvalue@0.2.0-draft2` (store, atomics, batch) on the same stores.
//! - [`variables`]: `spin:variables@3.0.0` from manifest defaults and `SPIN_VARIABLE_*`.
//! - [`server`]: the HTTP/1.1 front end (body limit, deadline, graceful shutdown) that
//!   the `devhost` binary serves.
//! - [`client`]: a small HTTP client for the end-to-end suite and benches.

pub mod app;
pub mod client;
pub mod kv;
pub mod manifest;
pub mod outbound;
pub mod router;
pub mod server;
pub mod variables;
pub mod wasi_kv;

mod bindings;
mod state;
