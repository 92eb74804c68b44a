//! An agent's turn with its tools, as `execute` and each step of `orchestrate` take it:
//! when the rule-based planner finds calls in the task, the model is offered the agent's
//! tools ([`model_loop`](super::model_loop)); a plain question reaches the model without
//! them. When no model answered (the fallback did), the planned calls run and their
//! results are the answer (`provider.template` is then `tools`).

use edgecrew_providers::openai::Prompt;
use serde_json::{Value, json};

use super::model_loop::{self, Caller, Outcome, Stop};
use super::{Context, answer, run_all};
use crate::chain::{Chain, ChainError, Route};

/// Answer `prompt` for `caller` within `budget_ms`, with the calls `planned` for the task.
pub async fn take(
    chain: &Chain,
    prompt: Prompt,
    caller: &Caller<'_>,
    planned: &[(String, Value)],
    budget_ms: u64,
) -> Result<Outcome, ChainError> {
    let mut outcome = if planned.is_empty() {
        Outcome {
            answer: chain.answer_within(&prompt, Route::Auto, budget_ms).await?,
            calls: Vec::new(),
            stop: Stop::Answer,
        }
    } else {
        model_loop::answer_with_tools(chain, prompt, caller, budget_ms).await?
    };
    if planned.is_empty() || outcome.answer.provider.name != "fallback" {
        return Ok(outcome);
    }
    let context = Context {
        kv: chain.store(),
        owner: caller.owner,
        scopes: caller.scopes,
        agent: caller.agent,
    };
    let done = run_all(planned, &context).await;
    outcome.answer.text = answer::compose(&done);
    outcome.answer.provider.template = Some(json!("tools"));
    outcome.calls.extend(done);
    Ok(outcome)
}
