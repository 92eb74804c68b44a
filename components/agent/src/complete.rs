//! `POST /v1/complete`. Until the provider chain to runtime-host exists, every answer
//! comes from the fallback component (over Spin service chaining) and says so:
//! `provider.name = "fallback"`, `fallback_reason = "unavailable"`.
//!
//! `usage` counts words, since the fallback has no tokenizer; `stream: true` gets the
//! same answer as Server-Sent Events (`event: token`, then `event: done`).

use edgecrew_core::Problem;
use serde_json::{Value, json};
use spin_sdk::http::Request;
use spin_sdk::http::body::IncomingBodyExt;

use crate::clock::now_ms;
use crate::respond::{self, Response};

/// Where the fallback component answers completions.
const FALLBACK_COMPLETE_URL: &str = "http://fallback.spin.internal/complete";

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Answer one completion request.
pub async fn complete(req: Request, request_id: &str) -> Response {
    let started = now_ms();
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
    let Some(prompt) = request["prompt"].as_str() else {
        return respond::problem(&Problem::new(400, "field 'prompt' is required", request_id));
    };
    let system_prompt = request["system_prompt"].as_str();
    let answer = match ask_fallback(prompt, system_prompt).await {
        Ok(answer) => answer,
        Err(detail) => return respond::problem(&Problem::new(503, detail, request_id)),
    };
    let text = answer["text"].as_str().unwrap_or_default();
    let total_ms = (now_ms() - started).max(0.0);
    let completion_tokens = word_count(text);
    let result = json!({
        "text": text,
        "provider": {
            "name": "fallback",
            "model": "edgecrew-templates",
            "fallback_reason": "unavailable",
            "template": answer["kind"],
        },
        "usage": {
            "prompt_tokens": word_count(prompt) + system_prompt.map_or(0, word_count),
            "completion_tokens": completion_tokens,
        },
        "timings": {
            "total_ms": total_ms,
            "tokens_per_second": completion_tokens as f64 / (total_ms / 1000.0).max(1e-3),
        },
    });
    if request["stream"].as_bool() == Some(true) {
        let events = format!(
            "event: token\ndata: {}\n\nevent: done\ndata: {}\n\n",
            json!({ "text": text }),
            result
        );
        return respond::event_stream(events);
    }
    respond::json(200, &result)
}

/// The fallback component's answer (`{"text","kind"}`), or why it could not be had.
async fn ask_fallback(prompt: &str, system_prompt: Option<&str>) -> Result<Value, String> {
    let payload = json!({ "prompt": prompt, "system_prompt": system_prompt }).to_string();
    let request = http::Request::post(FALLBACK_COMPLETE_URL)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(payload)))
        .map_err(|e| format!("building the fallback request: {e}"))?;
    let response = spin_sdk::http::send(request)
        .await
        .map_err(|e| format!("the fallback component is unreachable: {e}"))?;
    if !response.status().is_success() {
        return Err(format!(
            "the fallback component answered {}",
            response.status()
        ));
    }
    let bytes = response
        .into_body()
        .bytes()
        .await
        .map_err(|e| format!("reading the fallback answer: {e:?}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("the fallback answer is not JSON: {e}"))
}
