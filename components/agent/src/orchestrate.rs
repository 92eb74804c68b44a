//! `POST /v1/orchestrate` `{"query", "conversation_id"?}`: parse the query, rank the
//! agents, plan (a schema-constrained plan from the model, else a rule-based one), run the
//! steps wave by wave in dependency order (each step sees its dependencies' outputs; a
//! step whose call fails passes to its agent's fallbacks), review, answer. Each step's
//! agent acts with its tools as `execute` does (`tools::turn`); the step lists its calls in
//! `tool_calls`.
//!
//! Bounded: at most `plan::MAX_STEPS` steps, each model call within the chain's deadline,
//! and the whole run within a total deadline sized for the planning call plus one call per
//! wave; a step that would start past it is skipped and the answer says so.

use edgecrew_agents::plan::{self, Plan, Step};
use edgecrew_agents::review::{self, StepOutcome};
use edgecrew_agents::{Agent, query, route};
use edgecrew_core::Problem;
use edgecrew_providers::openai::Prompt;
use serde_json::{Value, json};
use spin_sdk::http::Request;

use crate::chain::{Answer, Chain, Route};
use crate::clock::now_ms;
use crate::conversations;
use crate::ids::random_id;
use crate::respond::{self, Response};
use crate::tools::model_loop::{self, Stop};
use crate::tools::{self, ToolCall, turn};

/// The planner's system message.
const PLANNER: &str = "You are the planner of a team of AI agents. Split the user's request \
into at most six steps, each given to the one agent best suited to it, and list which \
earlier steps each step needs. Answer only with the JSON the schema describes.";

/// Tokens the planning call may generate.
const PLAN_MAX_TOKENS: u32 = 1_024;

/// Status of a step in the result: `completed` by a model, `degraded` (answered by the
/// fallback), `failed`, or `skipped` (the total deadline came first).
fn status(outcome: Option<&StepOutcome>, degraded: bool) -> &'static str {
    match outcome {
        Some(o) if o.ok && degraded => "degraded",
        Some(o) if o.ok => "completed",
        Some(_) => "failed",
        None => "skipped",
    }
}

/// The plan: from the model when it gives a valid one, else from the rules.
async fn make_plan(
    chain: &Chain,
    query_text: &str,
    catalogue: &[Agent],
    budget_ms: u64,
) -> (Plan, &'static str) {
    let analysis = query::analyse(query_text);
    let ranked = route::rank(&analysis, catalogue);
    let ids: Vec<&str> = catalogue.iter().map(|a| a.id.as_str()).collect();
    let mut prompt = Prompt::new(Some(PLANNER), query_text);
    prompt.json_schema = Some(plan::schema(&ids));
    prompt.max_tokens = Some(PLAN_MAX_TOKENS);
    prompt.temperature = Some(0.0);
    let answer = chain
        .answer_within(&prompt, Route::Primary, budget_ms)
        .await;
    if let Some(p) = answer
        .ok()
        .and_then(|a| a.json)
        .and_then(|j| plan::from_model(&j, catalogue).ok())
    {
        return (p, "model");
    }
    (plan::rule_based(query_text, &analysis, &ranked), "rules")
}

/// Who asks: the caller's key and its scopes (the steps' tools run with its rights).
struct Caller {
    owner: String,
    scopes: Vec<String>,
}

/// A step's outcome, the answer that gave it (none when every agent failed), the tool
/// calls its agent made, and why its tool loop ended.
struct StepRun {
    outcome: StepOutcome,
    answer: Option<Answer>,
    calls: Vec<ToolCall>,
    stop: Stop,
}

/// One step: its agent, then the agent's fallbacks, until one answers. Each takes its
/// turn with its own tools (`tools::turn`): the calls the step's description asks for,
/// on the material of the original request when the step is a part of it.
async fn run_step(
    chain: &Chain,
    catalogue: &[Agent],
    step: &Step,
    ask: Ask<'_>,
    caller: &Caller,
    budget_ms: u64,
) -> StepRun {
    let mut agents: Vec<&Agent> = catalogue.iter().filter(|a| a.id == step.agent).collect();
    agents.extend(route::fallback_chain(&step.agent, catalogue));
    let mut last_error = String::from("no agent could take the step");
    for agent in agents {
        let prompt = Prompt::new(Some(&agent.system_prompt), &ask.text);
        let planned = tools::planned(&agent.id, &step.description, ask.material);
        let turn_caller = model_loop::Caller {
            agent: &agent.id,
            owner: &caller.owner,
            scopes: &caller.scopes,
        };
        match turn::take(chain, prompt, &turn_caller, &planned, budget_ms).await {
            Ok(done) => {
                let outcome = StepOutcome {
                    step_id: step.id.clone(),
                    agent: agent.id.clone(),
                    output: done.answer.text.clone(),
                    ok: !done.answer.text.trim().is_empty(),
                };
                return StepRun {
                    outcome,
                    answer: Some(done.answer),
                    calls: done.calls,
                    stop: done.stop,
                };
            }
            Err(e) => last_error = e.to_string(),
        }
    }
    let outcome = StepOutcome {
        step_id: step.id.clone(),
        agent: step.agent.clone(),
        output: last_error,
        ok: false,
    };
    StepRun {
        outcome,
        answer: None,
        calls: Vec::new(),
        stop: Stop::Answer,
    }
}

/// What a step is given: the message its agent is sent, and the material its tools work
/// on (the original request when the step is only a part of it, else none: the planner
/// then finds the material in the step's own text).
struct Ask<'a> {
    text: String,
    material: &'a str,
}

/// What a step is asked: its description, the original request, its dependencies' outputs.
fn step_text(query_text: &str, plan: &Plan, step: &Step, outcomes: &[StepOutcome]) -> String {
    let context = review::step_context(plan, step, outcomes);
    let mut text = format!("{}\n\nThe original request: {query_text}", step.description);
    if !context.trim().is_empty() {
        text.push_str("\n\nResults of earlier steps:\n");
        text.push_str(&context);
    }
    text
}

/// Answer the request.
pub async fn orchestrate(req: Request, request_id: &str) -> Response {
    let started = now_ms();
    let caller = Caller {
        owner: respond::caller(&req),
        scopes: respond::scopes(&req),
    };
    let body = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let query_text = body["query"].as_str().unwrap_or_default();
    let conversation_id = body["conversation_id"].as_str();
    let catalogue = match edgecrew_agents::catalogue() {
        Ok(c) => c,
        Err(e) => return respond::problem(&Problem::new(500, e.to_string(), request_id)),
    };
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let conversation = match conversation_id {
        Some(id) => match conversations::for_run(id, &caller.owner, request_id).await {
            Ok((kv, c, _)) => Some((kv, c)),
            Err(resp) => return resp,
        },
        None => None,
    };
    let call_ms = chain.settings.deadline_ms;
    let (plan, plan_source) = make_plan(&chain, query_text, &catalogue, call_ms).await;
    let waves = plan.waves();
    // One call for the plan and one per wave (a wave's steps run together), plus slack.
    let total_ms = call_ms.saturating_mul(waves.len() as u64 + 1) as f64 * 1.1;
    let mut outcomes: Vec<StepOutcome> = Vec::new();
    let mut runs_done: Vec<StepRun> = Vec::new();
    for wave in &waves {
        let remaining = total_ms - (now_ms() - started);
        if remaining <= 0.0 {
            break;
        }
        let budget = call_ms.min(remaining as u64);
        let runs = wave.iter().map(|step| {
            let ask = Ask {
                text: step_text(query_text, &plan, step, &outcomes),
                material: if step.description == query_text {
                    ""
                } else {
                    query_text
                },
            };
            run_step(&chain, &catalogue, step, ask, &caller, budget)
        });
        for run in futures::future::join_all(runs).await {
            outcomes.push(run.outcome.clone());
            runs_done.push(run);
        }
    }
    let review = review::review(&plan, &outcomes);
    let answer = review::compose_answer(&plan, &outcomes);
    let steps: Vec<Value> = plan
        .steps
        .iter()
        .map(|s| {
            let run = runs_done.iter().rev().find(|r| r.outcome.step_id == s.id);
            let outcome = run.map(|r| &r.outcome);
            let answer = run.and_then(|r| r.answer.as_ref());
            let degraded = answer.is_some_and(|a| a.provider.name == "fallback");
            let mut step = json!({
                "id": s.id,
                "agent": outcome.map_or(&s.agent, |o| &o.agent),
                "output": outcome.map(|o| o.output.as_str()),
                "provider": answer.map(|a| &a.provider),
                "status": status(outcome, degraded),
                "tool_calls": run.map_or(&[][..], |r| &r.calls[..]),
            });
            if let Some(r) = run.filter(|r| r.stop != Stop::Answer) {
                step["tool_loop_stopped"] = json!(r.stop);
            }
            step
        })
        .collect();
    let degraded = steps.iter().any(|s| s["status"] != "completed");
    let mut doc = json!({
        "id": random_id("orch"),
        "intent": query::analyse(query_text).intent,
        "plan": { "steps": plan.steps, "source": plan_source },
        "steps": steps,
        "answer": answer,
        "degraded": degraded,
        "review": { "passed": review.passed, "failed": review.failed, "empty": review.empty, "skipped": review.missing },
        "timings": { "total_ms": (now_ms() - started).max(0.0) },
    });
    if let Some((kv, c)) = &conversation {
        let provider = json!({ "name": "orchestrator", "degraded": degraded });
        let stored =
            conversations::record_text_exchange(kv, c, query_text, &answer, provider).await;
        if let Err(resp) = conversations::not_stored(stored, &c.id, request_id) {
            return resp;
        }
        doc["conversation_id"] = json!(c.id);
    }
    respond::json(200, &doc)
}
