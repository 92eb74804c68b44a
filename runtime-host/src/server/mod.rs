//! The HTTP server: shared state, routes, and graceful shutdown.

mod completions;
mod error;
mod request;
mod routes;
mod tools;
mod types;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::cli::Config;
use crate::engine::{self, Engine};
use crate::metrics::Metrics;
use error::ApiError;

/// State shared by every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    metrics: Arc<Metrics>,
    engine: OnceLock<Arc<Engine>>,
    started_unix: u64,
    next_id: AtomicU64,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl AppState {
    fn new(config: Config, metrics: Arc<Metrics>) -> Self {
        Self {
            inner: Arc::new(Inner {
                config,
                metrics,
                engine: OnceLock::new(),
                started_unix: unix_now(),
                next_id: AtomicU64::new(0),
            }),
        }
    }

    fn config(&self) -> &Config {
        &self.inner.config
    }

    fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// The engine, or 503 while the model is loading.
    fn engine(&self) -> Result<Arc<Engine>, ApiError> {
        self.inner
            .engine
            .get()
            .cloned()
            .ok_or_else(ApiError::loading)
    }

    fn started_unix(&self) -> u64 {
        self.inner.started_unix
    }

    fn unix_now(&self) -> u64 {
        unix_now()
    }

    fn next_id(&self, prefix: &str) -> String {
        let n = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{prefix}-{:x}{n:06x}", self.inner.started_unix)
    }
}

fn router(state: AppState) -> Router {
    let protected = Router::new()
        .route("/v1/models", get(routes::models))
        .route("/v1/chat/completions", post(completions::chat))
        .route("/v1/completions", post(completions::completions))
        .route("/metrics", get(routes::metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            routes::require_key,
        ));
    Router::new()
        .route("/health", get(routes::health))
        .merge(protected)
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .with_state(state)
}

/// Serves on `listener` until `shutdown` resolves, then drains in-flight requests.
///
/// The model loads on the inference thread while the server already answers (`/health` says
/// `loading`). A model that fails to load stops the server with that error.
///
/// # Errors
/// Invalid configuration, a model that cannot be loaded, or a server I/O failure.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    config.validate()?;
    let metrics = Arc::new(Metrics::default());
    let (thread, ready) = engine::spawn(&config, Arc::clone(&metrics))?;
    let state = AppState::new(config, metrics);
    let app = router(state.clone());

    let load_error: Arc<Mutex<Option<anyhow::Error>>> = Arc::new(Mutex::new(None));
    let (failed_tx, failed_rx) = tokio::sync::oneshot::channel::<()>();
    {
        let state = state.clone();
        let load_error = Arc::clone(&load_error);
        tokio::spawn(async move {
            let error = match ready.await {
                Ok(Ok(engine)) => {
                    let _ = state.inner.engine.set(engine);
                    tracing::info!("ready");
                    return;
                }
                Ok(Err(e)) => e,
                Err(_) => anyhow::anyhow!("the inference thread stopped while loading"),
            };
            if let Ok(mut slot) = load_error.lock() {
                *slot = Some(error);
            }
            let _ = failed_tx.send(());
        });
    }
    drop(state);

    let stop = async move {
        tokio::pin!(shutdown);
        tokio::select! {
            () = &mut shutdown => {}
            res = failed_rx => {
                if res.is_err() {
                    // Loaded fine (sender dropped without a failure): wait for the real signal.
                    shutdown.await;
                }
            }
        }
        tracing::info!("shutting down: draining in-flight requests");
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
        .context("serving HTTP")?;

    // Every handle on the engine is gone now, so the inference thread finishes its jobs and exits.
    tokio::task::spawn_blocking(move || thread.join())
        .await
        .context("joining the inference thread")?
        .map_err(|_| anyhow::anyhow!("the inference thread panicked"))?;

    let error = load_error.lock().ok().and_then(|mut e| e.take());
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
