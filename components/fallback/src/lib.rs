//! The `fallback` component: deterministic answers when no model can give one.
//!
//! It has no network access and no state. It is reached only from inside the app, through
//! Spin local service chaining (`http://fallback.spin.internal`); its route is private.
//!
//! - `GET /health`: `{"status":"ok"}`, for the agent's health check.
//! - `POST /complete` `{"prompt", "system_prompt"?}`: `{"text", "kind"}` from
//!   `edgecrew_templates`, a degraded answer that says so.

#![deny(missing_docs)]

use edgecrew_core::{JSON_CONTENT_TYPE, Problem, problem::PROBLEM_CONTENT_TYPE};
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::http::{IntoResponse, Method, Request};
use spin_sdk::http_service;

/// Entry point: route to the health check or the completion templates.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let id = req
        .headers()
        .get(edgecrew_core::request_id::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    match (method, path.as_str()) {
        (Method::GET, "/health") => respond(200, JSON_CONTENT_TYPE, r#"{"status":"ok"}"#.into()),
        (Method::POST, "/complete") => match req.into_body().bytes().await {
            Ok(body) => complete(&body, &id),
            Err(_) => problem(&Problem::new(400, "the request body could not be read", id)),
        },
        _ => problem(&Problem::not_found(&path, id)),
    }
}

/// Answer a completion request from the templates.
fn complete(body: &[u8], request_id: &str) -> http::Response<String> {
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(body) else {
        return problem(&Problem::new(400, "malformed JSON", request_id));
    };
    let Some(prompt) = request["prompt"].as_str() else {
        return problem(&Problem::new(400, "field 'prompt' is required", request_id));
    };
    let answer = edgecrew_templates::answer(prompt, request["system_prompt"].as_str());
    respond(
        200,
        JSON_CONTENT_TYPE,
        serde_json::to_string(&answer).unwrap_or_default(),
    )
}

fn problem(p: &Problem) -> http::Response<String> {
    respond(
        p.status,
        PROBLEM_CONTENT_TYPE,
        String::from_utf8_lossy(&p.to_json()).into_owned(),
    )
}

fn respond(status: u16, content_type: &'static str, body: String) -> http::Response<String> {
    let mut resp = http::Response::new(body);
    *resp.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    resp
}
