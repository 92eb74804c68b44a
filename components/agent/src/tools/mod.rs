//! Running tool calls (the catalogue and the planner are `edgecrew_agents::tools`): each
//! call is checked before it runs — a tool of the catalogue, one the agent may use, a
//! scope the caller's key has, arguments that fit the tool's schema — and every call is
//! reported, done or not, with its arguments, status and time ([`ToolCall`]). Calls of
//! one step are independent and run concurrently.
//!
//! - [`builtin`]: the tools themselves, each a pure function or a bounded store read;
//! - [`http_get`]: the one tool that reaches out, to the one origin the operator allows;
//! - [`answer`]: the answer written from the calls' results when no model answered;
//! - [`model_loop`]: the model calling tools, round after round, until it answers;
//! - [`turn`]: an agent's turn: the model's loop, else the planned calls.

pub mod answer;
pub(crate) mod builtin;
mod http_get;
pub mod model_loop;
pub mod turn;

use edgecrew_agents::tools;
use edgecrew_kv::Kv;
use serde::Serialize;
use serde_json::Value;

use crate::clock::now_ms;

/// What a call is run with: the caller and the store.
pub struct Context<'a> {
    /// The store, when it could be opened.
    pub kv: Option<&'a Kv>,
    /// The caller's key id (whose conversations are searched).
    pub owner: &'a str,
    /// The caller's key scopes.
    pub scopes: &'a [String],
    /// The agent making the call.
    pub agent: &'a str,
}

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It ran and gave its output.
    Ok,
    /// It ran and failed (bad input for the tool, a store that did not answer).
    Error,
    /// It was not run: not a tool of this agent, a scope the key lacks, or arguments that
    /// do not fit the tool's schema.
    Refused,
}

/// One call and its outcome, as responses list them.
#[derive(Debug, Clone, Serialize)]
pub struct ToolCall {
    /// The tool's name.
    pub tool: String,
    /// The arguments it was called with.
    pub arguments: Value,
    /// How it ended.
    pub status: Status,
    /// What it gave (`null` unless `ok`).
    pub output: Value,
    /// Why it failed or was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub ms: f64,
}

/// Run `calls` (tool name, arguments) concurrently; their outcomes in the same order.
pub async fn run_all(calls: &[(String, Value)], context: &Context<'_>) -> Vec<ToolCall> {
    futures::future::join_all(
        calls
            .iter()
            .map(|(tool, arguments)| run(tool, arguments, context)),
    )
    .await
}

/// Run one call, after its checks.
pub async fn run(tool: &str, arguments: &Value, context: &Context<'_>) -> ToolCall {
    let started = now_ms();
    let outcome = match admit(tool, arguments, context) {
        Err(reason) => Err((Status::Refused, reason)),
        Ok(()) => builtin::call(tool, arguments, context)
            .await
            .map_err(|e| (Status::Error, e)),
    };
    let (status, output, error) = match outcome {
        Ok(output) => (Status::Ok, output, None),
        Err((status, reason)) => (status, Value::Null, Some(reason)),
    };
    ToolCall {
        tool: tool.to_owned(),
        arguments: arguments.clone(),
        status,
        output,
        error,
        ms: (now_ms() - started).max(0.0),
    }
}

/// The calls the rule-based planner finds in `task` (and its `context`) among `agent`'s
/// tools: what runs when no model answers, and whether the task asks for tools at all.
pub fn planned(agent: &str, task: &str, context: &str) -> Vec<(String, Value)> {
    let allowed: Vec<&str> = tools::for_agent(agent)
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    tools::plan::plan(task, context, &allowed)
        .into_iter()
        .map(|c| (c.tool.to_owned(), c.arguments))
        .collect()
}

/// A call that did not run, with the reason.
pub fn refusal(tool: &str, arguments: Value, reason: String) -> ToolCall {
    ToolCall {
        tool: tool.to_owned(),
        arguments,
        status: Status::Refused,
        output: Value::Null,
        error: Some(reason),
        ms: 0.0,
    }
}

/// Whether `context` may call `tool` with `arguments`; why not, when it may not.
fn admit(tool: &str, arguments: &Value, context: &Context<'_>) -> Result<(), String> {
    let Some(spec) = tools::named(tool).filter(|_| builtin::BUILT_IN.contains(&tool)) else {
        return Err(format!("there is no tool '{tool}'"));
    };
    if !spec.agents.iter().any(|a| a == context.agent) {
        return Err(format!("agent '{}' may not use '{tool}'", context.agent));
    }
    if !context.scopes.iter().any(|s| s == &spec.scope) {
        return Err(format!(
            "'{tool}' needs an API key with the '{}' scope",
            spec.scope
        ));
    }
    spec.check(arguments).map_err(|e| format!("arguments: {e}"))
}
