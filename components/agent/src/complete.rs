//! `POST /v1/complete`: one prompt through the provider chain.
//!
//! The body was validated by the `validation` middleware (fields, types, ranges), so
//! here it only needs reading. `stream: true` answers as Server-Sent Events (`event:
//! token` chunks, then `event: done` with the full result).

use edgecrew_core::Problem;
use edgecrew_providers::openai::Prompt;
use serde_json::{Value, json};
use spin_sdk::http::Request;
use spin_sdk::http::body::IncomingBodyExt;

use crate::chain::framing::NamedEvents;
use crate::chain::{Answer, Chain, Route, stream};
use crate::respond::{self, Response};

/// The prompt and parameters of a completion request.
fn prompt_of(request: &Value) -> Option<Prompt> {
    let mut prompt = Prompt::new(
        request["system_prompt"].as_str(),
        request["prompt"].as_str()?,
    );
    prompt.max_tokens = request["max_tokens"]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok());
    prompt.temperature = request["temperature"].as_f64();
    prompt.seed = request["seed"].as_i64();
    prompt.stop = edgecrew_providers::serve::stop_strings(&request["stop"]);
    prompt.json_schema = request
        .get("json_schema")
        .filter(|s| s.is_object())
        .cloned();
    Some(prompt)
}

/// The result document of API.md.
pub fn result_json(answer: &Answer) -> Value {
    json!({
        "text": answer.text,
        "json": answer.json,
        "provider": answer.provider,
        "usage": answer.usage_json(),
        "timings": answer.timings_json(),
    })
}

/// Answer one completion request.
pub async fn complete(req: Request, request_id: &str) -> Response {
    let wants_stream = respond::wants_event_stream(&req);
    let Ok(body) = req.into_body().bytes().await else {
        return respond::problem(&Problem::new(
            400,
            "the request body could not be read",
            request_id,
        ));
    };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return respond::problem(&Problem::new(400, "malformed JSON", request_id));
    };
    let Some(prompt) = prompt_of(&request) else {
        return respond::problem(&Problem::new(400, "field 'prompt' is required", request_id));
    };
    let route = Route::parse(request["provider"].as_str());
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let streamed = if wants_stream || request["stream"].as_bool() == Some(true) {
        stream::answer(
            chain,
            prompt,
            route,
            Box::new(NamedEvents::new(result_json)),
        )
        .await
    } else {
        chain.answer(&prompt, route).await.map(|answer| {
            respond::with_provider(respond::json(200, &result_json(&answer)), &answer.provider)
        })
    };
    streamed
        .unwrap_or_else(|e| respond::problem(&Problem::new(e.status(), e.to_string(), request_id)))
}
