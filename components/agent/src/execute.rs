//! `POST /v1/agents/{id}/execute` `{"task", "context"?, "conversation_id"?, "stream"?}`:
//! one agent answers one task through the provider chain, its system prompt sent as the
//! system message. With `conversation_id`, the conversation's history is the context and
//! the exchange is stored before the response returns (a stream is then sent whole,
//! after storing).

use edgecrew_agents::Agent;
use edgecrew_core::Problem;
use edgecrew_providers::openai::Prompt;
use serde_json::{Value, json};
use spin_sdk::http::Request;

use crate::chain::framing::NamedEvents;
use crate::chain::{Answer, Chain, Route, stream};
use crate::conversations;
use crate::ids::random_id;
use crate::respond::{self, Response};

/// Characters of `context` passed on at most.
const CONTEXT_CHARS: usize = 32_000;

/// The user message: the task, then the caller's context (text or JSON).
pub fn task_message(task: &str, context: &Value) -> String {
    let context = match context {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    let context: String = context.chars().take(CONTEXT_CHARS).collect();
    if context.trim().is_empty() {
        task.to_owned()
    } else {
        format!("{task}\n\nContext:\n{context}")
    }
}

fn result(id: &str, agent: &str, conversation_id: Option<&str>, answer: &Answer) -> Value {
    let mut doc = json!({
        "id": id,
        "agent": agent,
        "output": answer.text,
        "provider": answer.provider,
        "usage": answer.usage_json(),
        "timings": answer.timings_json(),
    });
    if let Some(c) = conversation_id {
        doc["conversation_id"] = json!(c);
    }
    doc
}

/// Answer the request.
pub async fn execute(agent_id: &str, req: Request, request_id: &str) -> Response {
    let wants_stream = respond::wants_event_stream(&req);
    let owner = respond::caller(&req);
    let catalogue = match edgecrew_agents::catalogue() {
        Ok(c) => c,
        Err(e) => return respond::problem(&Problem::new(500, e.to_string(), request_id)),
    };
    let Some(agent) = catalogue.iter().find(|a| a.id == agent_id) else {
        return respond::problem(&Problem::new(
            404,
            format!("agent '{agent_id}' does not exist; see GET /v1/agents for the catalogue"),
            request_id,
        ));
    };
    let body = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let task = task_message(body["task"].as_str().unwrap_or_default(), &body["context"]);
    let streamed = wants_stream || body["stream"].as_bool() == Some(true);
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    match body["conversation_id"].as_str() {
        Some(conversation_id) => {
            in_conversation(
                agent,
                &task,
                conversation_id,
                &owner,
                chain,
                streamed,
                request_id,
            )
            .await
        }
        None => alone(agent, &task, chain, streamed, request_id).await,
    }
}

/// A task without a conversation: streamed token by token when asked.
async fn alone(
    agent: &Agent,
    task: &str,
    chain: Chain,
    streamed: bool,
    request_id: &str,
) -> Response {
    let prompt = Prompt::new(Some(&agent.system_prompt), task);
    let id = random_id("exec");
    let outcome = if streamed {
        let (id, agent_id) = (id.clone(), agent.id.clone());
        stream::answer(
            chain,
            prompt,
            Route::Auto,
            Box::new(NamedEvents::new(move |a: &Answer| {
                result(&id, &agent_id, None, a)
            })),
        )
        .await
    } else {
        chain.answer(&prompt, Route::Auto).await.map(|a| {
            respond::with_provider(
                respond::json(200, &result(&id, &agent.id, None, &a)),
                &a.provider,
            )
        })
    };
    outcome
        .unwrap_or_else(|e| respond::problem(&Problem::new(e.status(), e.to_string(), request_id)))
}

/// A task inside a conversation: its history as context, the exchange stored.
async fn in_conversation(
    agent: &Agent,
    task: &str,
    conversation_id: &str,
    owner: &str,
    chain: Chain,
    streamed: bool,
    request_id: &str,
) -> Response {
    let (kv, conversation, earlier) =
        match conversations::for_run(conversation_id, owner, request_id).await {
            Ok(found) => found,
            Err(resp) => return resp,
        };
    let prompt = conversations::prompt_for(Some(agent), &earlier, task);
    let answer = match chain.answer(&prompt, Route::Auto).await {
        Ok(a) => a,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let stored =
        conversations::record_exchange(&kv, &conversation, task, Some(&agent.id), &answer).await;
    if let Err(resp) = conversations::not_stored(stored, conversation_id, request_id) {
        return resp;
    }
    let doc = result(
        &random_id("exec"),
        &agent.id,
        Some(conversation_id),
        &answer,
    );
    if streamed {
        return stream::whole(&answer, &NamedEvents::new(move |_: &Answer| doc.clone()));
    }
    respond::json(200, &doc)
}
