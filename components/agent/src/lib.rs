//! The `agent` component: the API's routes behind the `validation` middleware.
//!
//! Layout: [`handle`] routes a request; `health` builds `GET /health`; `agents` lists
//! the agent catalogue; `complete` answers `POST /v1/complete`; `respond` turns results
//! and problems into HTTP responses. The agent is the only component allowed to
//! reach the network (runtime-host, and the fallback component through service chaining).

mod agents;
mod complete;
mod health;
mod respond;

use edgecrew_core::Problem;
use spin_sdk::http::{IntoResponse, Method, Request};
use spin_sdk::http_service;

/// Entry point: route the request to its handler, or answer 404/405 problem+json.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let request_id = respond::request_id(&req);
    let path = req.uri().path().to_owned();
    match (req.method(), path.as_str()) {
        (&Method::GET, "/health") => respond::json(200, &health::check().await),
        (&Method::GET, "/v1/agents") => agents::list(&request_id),
        (&Method::POST, "/v1/complete") => complete::complete(req, &request_id).await,
        (method, "/health") => respond::with_allow(
            respond::problem(&Problem::method_not_allowed(
                method.as_str(),
                &path,
                request_id,
            )),
            "GET",
        ),
        _ => respond::problem(&Problem::not_found(&path, request_id)),
    }
}
