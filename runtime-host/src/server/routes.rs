//! Small endpoints: `/health`, `/v1/models`, `/metrics`, plus the auth middleware.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use crate::auth::bearer_matches;

/// `GET /health`: 503 `{"status":"loading"}` until the model is loaded, then 200.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.engine() {
        Ok(engine) => {
            let info = engine.info();
            axum::Json(json!({
                "status": "ok",
                "model": info.id,
                "context_size": info.ctx_size,
                "parallel_slots": info.parallel,
            }))
            .into_response()
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"status": "loading"})),
        )
            .into_response(),
    }
}

/// `GET /v1/models`.
pub async fn models(State(state): State<AppState>) -> Result<Response, ApiError> {
    let engine = state.engine()?;
    let info = engine.info();
    Ok(axum::Json(json!({
        "object": "list",
        "data": [{
            "id": info.id,
            "object": "model",
            "created": state.started_unix(),
            "owned_by": "runtime-host",
            "architecture": info.architecture,
            "n_vocab": info.n_vocab,
            "n_params": info.n_params,
            "context_size": info.ctx_size,
            "parallel_slots": info.parallel,
            "chat_template": engine.chat_template_label(),
        }],
    }))
    .into_response())
}

/// `GET /metrics` in the Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(engine) = state.engine() {
        state.metrics().set_queue_depth(engine.queue_depth() as u64);
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
        .into_response()
}

/// Rejects requests without the configured bearer key (no-op when none is configured).
pub async fn require_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(expected) = state.config().api_key.as_deref() {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if !bearer_matches(given, expected) {
            return ApiError::unauthorized().into_response();
        }
    }
    next.run(request).await
}

/// Any unknown route.
pub async fn not_found() -> ApiError {
    ApiError::no_route()
}

/// A known route with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::wrong_method()
}
