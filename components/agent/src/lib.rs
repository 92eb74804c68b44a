//! The `agent` component: the API's routes behind the `validation` front door.
//!
//! Layout: [`handle`] routes a request; `chain` is the provider chain (runtime-host and
//! other OpenAI-compatible providers, circuit breakers in the key-value store, then the
//! fallback templates in this instance); `health` builds `GET /health`; `metrics` renders `GET /metrics`; `agents` lists the agent catalogue;
//! `execute` runs one agent; `chat` is OpenAI's chat-completions API on the chain and
//! `models` the model names it takes; `orchestrate` plans and runs several; `complete` answers
//! `POST /v1/complete`; `conversations` stores and continues conversations; `emails`
//! extracts entities and analyses, stores and reads back e-mails; `workflow` lists, moves
//! and flags the analysed e-mails (states, SLA); `paging` reads the listings' `limit` and
//! `cursor`; `respond` turns results
//! and problems into HTTP responses; `clock` reads the host's wall clock. The agent is the
//! only component allowed to reach a model (runtime-host and the other providers) and the
//! `http_get` tool's origin.

#![deny(missing_docs)]

mod agents;
mod chain;
mod chat;
mod clock;
mod complete;
mod conversations;
mod emails;
mod execute;
mod health;
mod ids;
mod metrics;
mod models;
mod orchestrate;
mod paging;
mod respond;
#[cfg(test)]
mod tests;
mod tools;
mod workflow;

use edgecrew_core::Problem;
use spin_sdk::http::{IntoResponse, Method, Request};
use spin_sdk::http_service;

/// Entry point: route the request to its handler, or answer 404/405 problem+json.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let request_id = respond::request_id(&req);
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let caller = respond::caller(&req);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (req.method(), segments.as_slice()) {
        (&Method::POST, ["v1", "agents", id, "execute"]) => {
            return execute::execute(id, req, &request_id).await;
        }
        (&Method::POST, ["v1", "orchestrate"]) => {
            return orchestrate::orchestrate(req, &request_id).await;
        }
        (&Method::POST, ["v1", "conversations"]) => {
            return conversations::create(req, &request_id).await;
        }
        (&Method::GET, ["v1", "conversations"]) => {
            return conversations::list(&query, &caller, &request_id).await;
        }
        (&Method::GET, ["v1", "conversations", id]) => {
            return conversations::read(id, &caller, &request_id).await;
        }
        (&Method::DELETE, ["v1", "conversations", id]) => {
            return conversations::delete(id, &caller, &request_id).await;
        }
        (&Method::POST, ["v1", "conversations", id, "messages"]) => {
            return conversations::post_message(id, req, &request_id).await;
        }
        (&Method::GET, ["v1", "models", id]) => return models::retrieve(id, &request_id).await,
        (&Method::GET, ["v1", "emails"]) => return workflow::list(&query, &request_id).await,
        (&Method::GET, ["v1", "emails", "overdue"]) => {
            return workflow::overdue(&query, &request_id).await;
        }
        (&Method::POST, ["v1", "emails", id, "transition"]) => {
            return workflow::transition(id, req, &request_id).await;
        }
        (&Method::GET, ["v1", "conversations", id, "export"]) => {
            return conversations::export(id, &caller, &query, &request_id).await;
        }
        _ => {}
    }
    match (req.method(), path.as_str()) {
        (&Method::GET, "/health") => respond::json(200, &health::check().await),
        (&Method::GET, "/v1/agents") => agents::list(&request_id),
        (&Method::GET, "/metrics") => metrics::scrape(&request_id).await,
        (&Method::POST, "/v1/chat/completions") => chat::completions(req, &request_id).await,
        (&Method::GET, "/v1/models") => models::list(&request_id).await,
        (&Method::POST, "/v1/complete") => complete::complete(req, &request_id).await,
        (&Method::POST, "/v1/entities/extract") => emails::extract_entities(req, &request_id).await,
        (&Method::POST, "/v1/emails/analyze") => emails::analyze_one(req, &request_id).await,
        (&Method::POST, "/v1/emails/analyze/batch") => {
            emails::analyze_batch(req, &request_id).await
        }
        (&Method::GET, p) if emails::analysis_id(p).is_some() => {
            let id = emails::analysis_id(p).unwrap_or_default().to_owned();
            emails::stored(&id, &request_id).await
        }
        (method, "/health") => respond::with_allow(
            respond::problem(&Problem::method_not_allowed(
                method.as_str(),
                &path,
                request_id,
            )),
            "GET",
        ),
        _ if edgecrew_core::openai_error::is_openai_path(&path) => {
            chat::error(404, &Problem::not_found(&path, "").detail, &request_id)
        }
        _ => respond::problem(&Problem::not_found(&path, request_id)),
    }
}
