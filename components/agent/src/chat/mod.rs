//! `POST /v1/chat/completions`: OpenAI's chat API on the chain, so any OpenAI client can
//! use edgecrew. `model` names an agent (its system prompt goes first), `edgecrew` (the
//! chain), `edgecrew-templates` (the fallback alone) or a configured provider
//! ([`crate::models`]). A degraded answer is a normal completion, never an error: the
//! `x-edgecrew-provider` and `x-edgecrew-fallback-reason` headers and the body's
//! `edgecrew` object (provider, attempts, timings) say who answered. Errors use OpenAI's
//! shape ([`edgecrew_core::openai_error`]). `stream: true` answers with
//! `chat.completion.chunk`s ([`frames`]).
//!
//! A client's own `tools` go to the model as they are, and the calls it asks for come back
//! as OpenAI `tool_calls` (`finish_reason: "tool_calls"`) for the client to run; such a
//! request is answered whole (a stream sends it as one delta). An agent model asked,
//! without tools of the client's and not streamed, a question that asks for a tool runs its
//! own tools through the model's loop (`crate::tools::model_loop`), the calls listed in
//! `edgecrew.tool_calls`.

mod frames;

use edgecrew_core::{JSON_CONTENT_TYPE, Problem, openai_error};
use edgecrew_providers::config::Settings;
use edgecrew_providers::serve::{self, Completion};
use serde_json::{Value, json};
use spin_sdk::http::Request;
use spin_sdk::http::body::IncomingBodyExt;

use crate::chain::{Answer, Chain, Route, stream};
use crate::ids::random_id;
use crate::models::{self, Target};
use crate::respond::{self, Response};
use crate::tools::model_loop;

/// An error in OpenAI's shape.
pub fn error(status: u16, detail: &str, request_id: &str) -> Response {
    coded(status, detail, None, request_id)
}

/// An error in OpenAI's shape with an OpenAI `code`.
fn coded(status: u16, detail: &str, code: Option<&str>, request_id: &str) -> Response {
    let body = openai_error::to_json(&Problem::new(status, detail, request_id), code);
    respond::typed(
        status,
        JSON_CONTENT_TYPE,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

/// 404 `model_not_found`, naming the models there are.
pub fn unknown_model(
    name: &str,
    agents: &[edgecrew_agents::Agent],
    settings: &Settings,
    request_id: &str,
) -> Response {
    let shown: String = name.chars().take(128).collect();
    coded(
        404,
        &format!(
            "the model '{shown}' does not exist; use one of: {}",
            models::names(agents, settings).join(", ")
        ),
        Some("model_not_found"),
        request_id,
    )
}

/// edgecrew's object in a completion: who answered, after which attempts, how fast.
pub fn provenance(answer: &Answer) -> Value {
    json!({ "provider": answer.provider, "timings": answer.timings_json() })
}

/// Answer the request.
pub async fn completions(req: Request, request_id: &str) -> Response {
    let (owner, scopes) = (respond::caller(&req), respond::scopes(&req));
    let Ok(bytes) = req.into_body().bytes().await else {
        return error(400, "the request body could not be read", request_id);
    };
    let Ok(body) = serde_json::from_slice::<Value>(&bytes) else {
        return error(400, "malformed JSON", request_id);
    };
    let agents = match edgecrew_agents::catalogue() {
        Ok(agents) => agents,
        Err(e) => return error(500, &e.to_string(), request_id),
    };
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return error(e.status(), &e.to_string(), request_id),
    };
    let name = body["model"].as_str().unwrap_or_default();
    let Some(target) = models::resolve(name, &agents, &chain.settings) else {
        return unknown_model(name, &agents, &chain.settings, request_id);
    };
    let system = match &target {
        Target::Agent(agent) => Some(agent.system_prompt.as_str()),
        Target::Chain | Target::Fallback => None,
    };
    let request = match serve::read(&body, system) {
        Ok(request) => request,
        Err(detail) => return error(400, &detail, request_id),
    };
    let route = match target {
        Target::Fallback => Route::Fallback,
        Target::Agent(_) | Target::Chain => Route::Auto,
    };
    let completion = Completion {
        id: random_id("chatcmpl"),
        created: crate::clock::now().unix,
        model: request.model.clone(),
    };
    let client_tools = !request.prompt.tools.is_empty();
    if request.stream && !client_tools {
        let framing = frames::Chunks::new(completion, request.include_usage, request_id);
        return stream::answer(chain, request.prompt, route, Box::new(framing))
            .await
            .unwrap_or_else(|e| error(e.status(), &e.to_string(), request_id));
    }
    // An agent model with no tools of the client's uses its own, model-driven, when the
    // question asks for one; the client's tools go to the model as they are, and its calls
    // back to the client.
    let asks_for_tools = |agent: &str| {
        let last = request.prompt.last_user();
        !crate::tools::planned(agent, last, "").is_empty()
    };
    let answered = match &target {
        Target::Agent(agent)
            if !client_tools && route == Route::Auto && asks_for_tools(&agent.id) =>
        {
            let caller = model_loop::Caller {
                agent: &agent.id,
                owner: &owner,
                scopes: &scopes,
            };
            let budget = chain.settings.deadline_ms;
            model_loop::answer_with_tools(&chain, request.prompt, &caller, budget)
                .await
                .map(|o| (o.answer, o.calls))
        }
        _ => chain
            .answer(&request.prompt, route)
            .await
            .map(|a| (a, Vec::new())),
    };
    let (answer, calls) = match answered {
        Ok(done) => done,
        Err(e) => return error(e.status(), &e.to_string(), request_id),
    };
    let mut extra = provenance(&answer);
    if !calls.is_empty() {
        extra["tool_calls"] = json!(calls);
    }
    if request.stream {
        let framing = frames::Chunks::new(completion, request.include_usage, request_id);
        return stream::whole(&answer, &framing);
    }
    let doc = if answer.tool_calls.is_empty() {
        completion.document(&answer.text, answer.finish_reason, &answer.usage, extra)
    } else {
        completion.tool_call_document(&answer.tool_calls, &answer.usage, extra)
    };
    respond::with_provider(respond::json(200, &doc), &answer.provider)
}
