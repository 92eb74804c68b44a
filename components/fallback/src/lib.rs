//! The `fallback` component: deterministic answers when no model can give one.
//!
//! It has no network access and no state. It is reached only from inside the app, through
//! Spin local service chaining (`http://fallback.spin.internal`); its route is private.
//! For now it serves its own liveness check; the template and rule engines arrive with the
//! provider chain.

use edgecrew_core::{JSON_CONTENT_TYPE, Problem, problem::PROBLEM_CONTENT_TYPE};
use spin_sdk::http::{IntoResponse, Method, Request};
use spin_sdk::http_service;

/// Entry point: `GET /health` answers `{"status":"ok"}`; anything else is a 404 problem.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let (status, content_type, body) = match (req.method(), req.uri().path()) {
        (&Method::GET, "/health") => (200, JSON_CONTENT_TYPE, r#"{"status":"ok"}"#.to_owned()),
        (_, path) => {
            let id = req
                .headers()
                .get(edgecrew_core::request_id::HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none");
            let p = Problem::not_found(path, id);
            (
                404,
                PROBLEM_CONTENT_TYPE,
                String::from_utf8_lossy(&p.to_json()).into_owned(),
            )
        }
    };
    let mut resp = http::Response::new(body);
    *resp.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    resp
}
