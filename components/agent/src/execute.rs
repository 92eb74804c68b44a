//! `POST /v1/agents/{id}/execute` `{"task", "context"?, "conversation_id"?, "stream"?}`:
//! one agent answers one task through the provider chain, its system prompt sent as the
//! system message. With `conversation_id`, the conversation's history is the context and
//! the exchange is stored before the response returns (a stream is then sent whole,
//! after storing).
//!
//! An agent with tools (`tools.toml`) offers them to the model when the task asks for one
//! (the rule-based planner finds a call), and the model may call them round after round
//! (`tools::model_loop`; a request streamed token by token offers none); when
//! no model answered, the rule-based planner picks the calls the task asks for, they run,
//! and their results are the answer (`provider.template` is then `tools`). Every response
//! lists the calls made in `tool_calls` (empty when none); a task that plans calls is then
//! not streamed token by token but sent whole.

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
use crate::tools::model_loop::{self, Stop};
use crate::tools::{self, ToolCall, turn};

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

/// Who asks: the caller's key and its scopes.
struct Caller {
    owner: String,
    scopes: Vec<String>,
}

/// The calls the task asks of `agent`'s tools (none for an agent without tools).
fn planned(agent: &Agent, body: &Value) -> Vec<(String, Value)> {
    let context = match &body["context"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    tools::planned(
        &agent.id,
        body["task"].as_str().unwrap_or_default(),
        &context,
    )
}

/// The answer to `prompt` with the agent's tools (`tools::turn`).
async fn answer_task(
    run: &Run<'_>,
    chain: &Chain,
    prompt: Prompt,
) -> Result<(Answer, Vec<ToolCall>, Stop), crate::chain::ChainError> {
    let caller = model_loop::Caller {
        agent: &run.agent.id,
        owner: &run.caller.owner,
        scopes: &run.caller.scopes,
    };
    let budget = chain.settings.deadline_ms;
    let outcome = turn::take(chain, prompt, &caller, run.calls, budget).await?;
    Ok((outcome.answer, outcome.calls, outcome.stop))
}

fn result(
    id: &str,
    agent: &str,
    conversation_id: Option<&str>,
    answer: &Answer,
    tool_calls: &[ToolCall],
) -> Value {
    let mut doc = json!({
        "id": id,
        "agent": agent,
        "output": answer.text,
        "provider": answer.provider,
        "usage": answer.usage_json(),
        "timings": answer.timings_json(),
        "tool_calls": tool_calls,
    });
    if let Some(c) = conversation_id {
        doc["conversation_id"] = json!(c);
    }
    doc
}

/// Answer the request.
pub async fn execute(agent_id: &str, req: Request, request_id: &str) -> Response {
    let wants_stream = respond::wants_event_stream(&req);
    let caller = Caller {
        owner: respond::caller(&req),
        scopes: respond::scopes(&req),
    };
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
    let calls = planned(agent, &body);
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let run = Run {
        agent,
        task: &task,
        calls: &calls,
        caller: &caller,
        streamed,
        request_id,
    };
    match body["conversation_id"].as_str() {
        Some(conversation_id) => in_conversation(run, conversation_id, chain).await,
        None => alone(run, chain).await,
    }
}

/// One execution: who runs what for whom, and how to answer.
struct Run<'a> {
    agent: &'a Agent,
    task: &'a str,
    calls: &'a [(String, Value)],
    caller: &'a Caller,
    streamed: bool,
    request_id: &'a str,
}

/// A task without a conversation: streamed token by token when asked (and no tool call
/// is planned).
async fn alone(run: Run<'_>, chain: Chain) -> Response {
    let prompt = Prompt::new(Some(&run.agent.system_prompt), run.task);
    let id = random_id("exec");
    if run.streamed && run.calls.is_empty() {
        let agent_id = run.agent.id.clone();
        return stream::answer(
            chain,
            prompt,
            Route::Auto,
            Box::new(NamedEvents::new(move |a: &Answer| {
                result(&id, &agent_id, None, a, &[])
            })),
        )
        .await
        .unwrap_or_else(|e| {
            respond::problem(&Problem::new(e.status(), e.to_string(), run.request_id))
        });
    }
    let (answer, tool_calls, stop) = match answer_task(&run, &chain, prompt).await {
        Ok(done) => done,
        Err(e) => {
            return respond::problem(&Problem::new(e.status(), e.to_string(), run.request_id));
        }
    };
    let mut doc = result(&id, &run.agent.id, None, &answer, &tool_calls);
    if stop != Stop::Answer {
        doc["tool_loop_stopped"] = json!(stop);
    }
    if run.streamed {
        return stream::whole(&answer, &NamedEvents::new(move |_: &Answer| doc.clone()));
    }
    respond::with_provider(respond::json(200, &doc), &answer.provider)
}

/// A task inside a conversation: its history as context, the exchange stored.
async fn in_conversation(run: Run<'_>, conversation_id: &str, chain: Chain) -> Response {
    let (kv, conversation, earlier) =
        match conversations::for_run(conversation_id, &run.caller.owner, run.request_id).await {
            Ok(found) => found,
            Err(resp) => return resp,
        };
    let prompt = conversations::prompt_for(Some(run.agent), &earlier, run.task);
    let (answer, tool_calls, stop) = match answer_task(&run, &chain, prompt).await {
        Ok(done) => done,
        Err(e) => {
            return respond::problem(&Problem::new(e.status(), e.to_string(), run.request_id));
        }
    };
    let stored =
        conversations::record_exchange(&kv, &conversation, run.task, Some(&run.agent.id), &answer)
            .await;
    if let Err(resp) = conversations::not_stored(stored, conversation_id, run.request_id) {
        return resp;
    }
    let mut doc = result(
        &random_id("exec"),
        &run.agent.id,
        Some(conversation_id),
        &answer,
        &tool_calls,
    );
    if stop != Stop::Answer {
        doc["tool_loop_stopped"] = json!(stop);
    }
    if run.streamed {
        return stream::whole(&answer, &NamedEvents::new(move |_: &Answer| doc.clone()));
    }
    respond::json(200, &doc)
}
