//! The model's tool loop over a scripted provider: calls run and fed back until the model
//! answers, and every way a loop is cut short.

use edgecrew_providers::Failure;
use edgecrew_providers::openai::{Generated, Prompt};
use edgecrew_providers::tool_calls::ToolCallRequest;
use futures::executor::block_on;

use super::chain::{Script, chain, text};
use crate::tools::Status;
use crate::tools::model_loop::{Caller, MAX_STEPS, Outcome, Stop, answer_with_tools};

/// A model answer that asks for `calls` (name, arguments text).
fn asks(calls: &[(&str, &str)]) -> Result<Generated, Failure> {
    Ok(Generated {
        tool_calls: calls
            .iter()
            .enumerate()
            .map(|(i, (name, arguments))| ToolCallRequest {
                id: format!("call_{i}"),
                name: (*name).into(),
                arguments: (*arguments).into(),
            })
            .collect(),
        ..Generated::default()
    })
}

fn run(script: &Script, agent: &str) -> Outcome {
    run_within(script, agent, None)
}

/// The loop for `agent` over `script`, with `budget_ms` (the configured deadline when none).
fn run_within(script: &Script, agent: &str, budget_ms: Option<u64>) -> Outcome {
    let scopes = vec!["agents".to_owned(), "emails".to_owned()];
    let caller = Caller {
        agent,
        owner: "alice",
        scopes: &scopes,
    };
    let prompt = Prompt::new(Some("You are helpful."), "What is 6 times 7?");
    let chain = chain(script, None);
    let budget = budget_ms.unwrap_or(chain.settings.deadline_ms);
    match block_on(answer_with_tools(&chain, prompt, &caller, budget)) {
        Ok(outcome) => outcome,
        Err(e) => panic!("no outcome: {e}"),
    }
}

#[test]
fn the_model_calls_a_tool_reads_its_result_and_answers() {
    let script = Script::default().answers(
        "runtime-host",
        vec![
            asks(&[("calculate", r#"{"expression": "6*7"}"#)]),
            text("It is 42."),
        ],
    );
    let outcome = run(&script, "data_analysis");
    assert_eq!(
        (outcome.stop, outcome.answer.text.as_str()),
        (Stop::Answer, "It is 42.")
    );
    assert_eq!(outcome.calls.len(), 1);
    assert_eq!(
        (outcome.calls[0].status, &outcome.calls[0].output["text"]),
        (Status::Ok, &serde_json::json!("42"))
    );
    let state = script.state();
    let first = &state.prompts[0];
    assert!(
        first
            .tools
            .iter()
            .any(|t| t["function"]["name"] == "calculate"),
        "tools offered"
    );
    let second = &state.prompts[1];
    let n = second.messages.len();
    assert_eq!(second.messages[n - 2].role, "assistant");
    assert_eq!(
        second.messages[n - 2].tool_calls[0]["function"]["name"],
        "calculate"
    );
    assert_eq!(
        (
            second.messages[n - 1].role.as_str(),
            second.messages[n - 1].tool_call_id.as_deref()
        ),
        ("tool", Some("call_0"))
    );
    assert!(second.messages[n - 1].content.contains("42"));
}

#[test]
fn bad_calls_are_refused_reported_to_the_model_and_the_loop_goes_on() {
    let script = Script::default().answers(
        "runtime-host",
        vec![
            asks(&[
                ("calculate", "{not json"),
                ("rm_rf", "{}"),
                ("extract_entities", r#"{"text": 5}"#),
            ]),
            text("Sorry, I could not compute it."),
        ],
    );
    let outcome = run(&script, "tool_executor");
    let statuses: Vec<Status> = outcome.calls.iter().map(|c| c.status).collect();
    assert_eq!(
        statuses,
        [Status::Refused, Status::Refused, Status::Refused]
    );
    assert!(
        outcome.calls[0]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("not JSON")
    );
    assert!(
        outcome.calls[1]
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("no tool 'rm_rf'")
    );
    assert_eq!(outcome.stop, Stop::Answer);
    let fed: Vec<String> = script.state().prompts[1]
        .messages
        .iter()
        .filter(|m| m.role == "tool")
        .map(|m| m.content.clone())
        .collect();
    assert_eq!(fed.len(), 3);
    assert!(fed.iter().all(|f| f.contains("\"error\"")), "{fed:?}");
}

#[test]
fn a_model_that_keeps_calling_is_stopped_at_the_step_limit() {
    let rounds: Vec<_> = (0..10)
        .map(|i| {
            let arguments = format!(r#"{{"expression": "1+{i}"}}"#);
            asks(&[("calculate", Box::leak(arguments.into_boxed_str()))])
        })
        .collect();
    let script = Script::default().answers("runtime-host", rounds);
    let outcome = run(&script, "data_analysis");
    assert_eq!(outcome.stop, Stop::StepLimit);
    assert_eq!(outcome.calls.len(), MAX_STEPS);
    assert_eq!(script.state().prompts.len(), MAX_STEPS);
    assert!(
        outcome
            .answer
            .text
            .starts_with("Stopped: the model was still calling tools after 5 rounds"),
        "{}",
        outcome.answer.text
    );
    assert!(outcome.answer.text.contains("1+4 = 5"));
}

#[test]
fn a_repeated_identical_call_ends_the_loop() {
    let same = || asks(&[("calculate", r#"{"expression": "2*2"}"#)]);
    let again = || asks(&[("calculate", r#"{ "expression" : "2*2" }"#)]);
    let script = Script::default().answers("runtime-host", vec![same(), again(), text("never")]);
    let outcome = run(&script, "data_analysis");
    assert_eq!((outcome.stop, outcome.calls.len()), (Stop::RepeatedCall, 1));
    assert!(
        outcome.answer.text.contains("2*2 = 4"),
        "{}",
        outcome.answer.text
    );
}

#[test]
fn with_no_model_the_loop_ends_at_the_fallback() {
    let outcome = run(&Script::default(), "data_analysis");
    assert_eq!(
        (outcome.stop, outcome.answer.provider.name.as_str()),
        (Stop::Answer, "fallback")
    );
    assert!(outcome.calls.is_empty());
}

#[test]
fn with_no_time_left_the_fallback_answers_and_no_model_is_asked() {
    let script = Script::default().answers("runtime-host", vec![text("too late")]);
    let outcome = run_within(&script, "data_analysis", Some(0));
    assert_eq!(
        (outcome.stop, outcome.answer.provider.name.as_str()),
        (Stop::Answer, "fallback")
    );
    assert_eq!(outcome.answer.provider.fallback_reason, Some("timeout"));
    assert!(script.state().prompts.is_empty(), "no provider was called");
}
