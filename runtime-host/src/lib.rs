//! runtime-host: a native llama.cpp inference sidecar with an OpenAI-compatible HTTP API.
//!
//! Layout (one job per module):
//! - [`cli`] — flags and environment fallbacks ([`cli::Config`]).
//! - [`server`] — axum routes (`/health`, `/v1/models`, `/v1/chat/completions`,
//!   `/v1/completions`, `/metrics`), OpenAI request/response shapes, JSON errors, SSE streaming,
//!   graceful shutdown.
//! - [`engine`] — the inference thread: loads the GGUF, owns the llama.cpp context and runs
//!   continuous batching (one sequence per request, one `llama_decode` per step); requests
//!   arrive through a bounded queue.
//! - [`grammar`] — JSON schema → GBNF, for `response_format`.
//! - [`template`] — chat templates (the model's own, or a documented default).
//! - [`metrics`] — Prometheus counters and histograms.
//! - [`auth`] — constant-time bearer-key check.

#![deny(missing_docs)]

pub mod auth;
pub mod cli;
pub mod engine;
pub mod grammar;
pub mod metrics;
pub mod server;
pub mod template;

pub use cli::Config;
pub use server::{serve, shutdown_signal};

/// Binds `config.listen` and serves until SIGINT/SIGTERM.
///
/// # Errors
/// See [`serve`]; also when the address cannot be bound.
pub async fn run(config: Config) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    tracing::info!(addr = %config.listen, "listening");
    serve(config, listener, shutdown_signal()).await
}
