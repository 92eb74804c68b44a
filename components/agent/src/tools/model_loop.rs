//! The model's tool loop: the agent's tools are offered to the model (OpenAI `tools`); the
//! calls it asks for are checked and run, their results fed back as `tool` messages, and
//! the model asked again — until it answers, [`MAX_STEPS`] rounds of calls have run, the
//! deadline has passed, or it asks again for calls it already made. A loop that does not
//! end in an answer answers with what the tools returned, and says why it stopped.

use std::collections::HashSet;

use edgecrew_agents::tools as catalogue;
use edgecrew_providers::openai::Prompt;
use edgecrew_providers::tool_calls::{ToolCallRequest, assistant_message, result_message};
use serde::Serialize;
use serde_json::{Value, json};

use super::{Context, Status, ToolCall, answer, refusal, run};
use crate::chain::{Answer, Chain, ChainError, Route};
use crate::clock::now_ms;

/// Rounds of tool calls at most.
pub const MAX_STEPS: usize = 5;

/// Characters of one tool result fed back to the model at most.
const RESULT_CHARS: usize = 16_000;

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// The model (or the fallback) answered.
    Answer,
    /// [`MAX_STEPS`] rounds of calls ran.
    StepLimit,
    /// The model asked only for calls it had already made.
    RepeatedCall,
    /// The request's deadline passed.
    Deadline,
}

/// The loop's answer, every call it ran, and why it ended.
pub struct Outcome {
    /// The answer.
    pub answer: Answer,
    /// The calls, in the order they ran.
    pub calls: Vec<ToolCall>,
    /// Why the loop ended.
    pub stop: Stop,
}

/// Who the calls run for.
pub struct Caller<'a> {
    /// The agent.
    pub agent: &'a str,
    /// The caller's key id.
    pub owner: &'a str,
    /// The caller's key scopes.
    pub scopes: &'a [String],
}

/// Answer `prompt` within `budget_ms`, letting the model use `caller.agent`'s tools.
pub async fn answer_with_tools(
    chain: &Chain,
    mut prompt: Prompt,
    caller: &Caller<'_>,
    budget_ms: u64,
) -> Result<Outcome, ChainError> {
    prompt.tools = catalogue::for_agent(caller.agent)
        .iter()
        .map(|t| t.openai())
        .collect();
    let deadline = now_ms() + budget_ms as f64;
    let (mut calls, mut seen) = (Vec::new(), HashSet::new());
    let mut steps = 0;
    loop {
        // The first round runs even with no time left: the chain then skips the models and
        // the fallback answers, saying why, instead of the request failing.
        let remaining = (deadline - now_ms()).max(0.0) as u64;
        let answer = chain.answer_within(&prompt, Route::Auto, remaining).await?;
        if answer.tool_calls.is_empty() || answer.provider.name == "fallback" {
            return Ok(Outcome {
                answer,
                calls,
                stop: Stop::Answer,
            });
        }
        let keys: Vec<String> = answer.tool_calls.iter().map(call_key).collect();
        if keys.iter().all(|k| seen.contains(k)) {
            return Ok(stopped(answer, calls, Stop::RepeatedCall));
        }
        seen.extend(keys);
        let context = Context {
            kv: chain.store(),
            owner: caller.owner,
            scopes: caller.scopes,
            agent: caller.agent,
        };
        let done =
            futures::future::join_all(answer.tool_calls.iter().map(|c| call(c, &context))).await;
        prompt
            .messages
            .push(assistant_message(&answer.text, &answer.tool_calls));
        for (request, result) in answer.tool_calls.iter().zip(&done) {
            prompt
                .messages
                .push(result_message(&request.id, &fed_back(result)));
        }
        calls.extend(done);
        steps += 1;
        if steps == MAX_STEPS {
            return Ok(stopped(answer, calls, Stop::StepLimit));
        }
        if deadline <= now_ms() {
            return Ok(stopped(answer, calls, Stop::Deadline));
        }
    }
}

/// Run one requested call: its arguments must be JSON first.
async fn call(request: &ToolCallRequest, context: &Context<'_>) -> ToolCall {
    match serde_json::from_str::<Value>(&request.arguments) {
        Ok(arguments) => run(&request.name, &arguments, context).await,
        Err(e) => refusal(
            &request.name,
            Value::String(request.arguments.clone()),
            format!("the arguments are not JSON: {e}"),
        ),
    }
}

/// The same call whatever the spacing or key order of its arguments.
fn call_key(request: &ToolCallRequest) -> String {
    let arguments = serde_json::from_str::<Value>(&request.arguments)
        .map_or_else(|_| request.arguments.clone(), |v| v.to_string());
    format!("{}\u{0}{arguments}", request.name)
}

/// What the model is told of a call: its output, or its error.
fn fed_back(call: &ToolCall) -> String {
    let text = match call.status {
        Status::Ok => call.output.to_string(),
        Status::Error | Status::Refused => json!({ "error": call.error }).to_string(),
    };
    text.chars().take(RESULT_CHARS).collect()
}

/// The answer of a loop that did not end in one: what the tools returned, and why it
/// stopped.
fn stopped(mut answer: Answer, calls: Vec<ToolCall>, stop: Stop) -> Outcome {
    let why = match stop {
        Stop::StepLimit => format!("the model was still calling tools after {MAX_STEPS} rounds"),
        Stop::RepeatedCall => "the model asked again for a call it had already made".into(),
        Stop::Deadline | Stop::Answer => "the time for this request ran out".into(),
    };
    answer.text = format!(
        "Stopped: {why}. What the tools returned:\n\n{}",
        answer::compose(&calls)
    );
    answer.tool_calls.clear();
    Outcome {
        answer,
        calls,
        stop,
    }
}
