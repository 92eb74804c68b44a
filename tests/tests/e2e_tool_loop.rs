//! End-to-end: the model's tool loop, against a scripted OpenAI-compatible model as the
//! primary provider. The model is offered the agent's tools, asks for a call, reads its
//! result and answers; a model that keeps calling is stopped at the step limit, one that
//! repeats a call is stopped at once. On real `spin up` and on devhost.

mod support;

use std::sync::OnceLock;

use http::Method;
use serde_json::{Value, json};
use support::{Server, call_at, create_key_at, start_app};

/// A completion asking for one `calculate` call.
fn asks(expression: &str) -> Value {
    json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "model": "scripted",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
            "role": "assistant", "content": null,
            "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": "calculate", "arguments": json!({"expression": expression}).to_string()}}]
        }}]
    })
}

/// A completion with text.
fn says(text: &str) -> Value {
    json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "model": "scripted",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}]
    })
}

/// The scripted model: it reads the task and the tool results so far.
fn model(request: &Value) -> Value {
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let task = messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map_or("", |m| m["content"].as_str().unwrap_or(""));
    let results: Vec<&Value> = messages.iter().filter(|m| m["role"] == "tool").collect();
    let offered = request["tools"]
        .as_array()
        .is_some_and(|t| t.iter().any(|t| t["function"]["name"] == "calculate"));
    if !offered {
        return says("no tools were offered");
    }
    if task.contains("forever") {
        return asks(&format!("1+{}", results.len()));
    }
    if task.contains("again") {
        return asks("2*2");
    }
    match results.last() {
        None => asks("6*7"),
        Some(result) => {
            let output: Value = serde_json::from_str(result["content"].as_str().unwrap_or("{}"))
                .unwrap_or(Value::Null);
            says(&format!(
                "The answer is {}.",
                output["text"].as_str().unwrap_or("unknown")
            ))
        }
    }
}

fn app() -> &'static Server {
    static APP: OnceLock<Server> = OnceLock::new();
    APP.get_or_init(|| {
        let url = support::fake_provider::serve_chat(model);
        start_app(&[
            ("runtime_host_url", &url),
            ("breaker_failure_threshold", "1000000"),
        ])
    })
}

async fn execute(task: &str) -> Value {
    let base = &app().base_url;
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let reply = call_at(
        base,
        Method::POST,
        "/v1/agents/data_analysis/execute",
        Some(&key),
        Some(json!({"task": task})),
    )
    .await;
    let doc: Value = serde_json::from_slice(&reply.body).expect("JSON");
    assert_eq!(reply.status, 200, "{doc}");
    doc
}

#[tokio::test]
async fn the_model_calls_a_tool_reads_the_result_and_answers_with_it() {
    let doc = execute("What is 6 times 7?").await;
    assert_eq!(doc["provider"]["name"], "runtime-host", "{doc}");
    assert_eq!(doc["output"], "The answer is 42.", "{doc}");
    let calls = doc["tool_calls"].as_array().expect("tool_calls");
    assert_eq!(calls.len(), 1, "{doc}");
    assert_eq!(
        (calls[0]["tool"].as_str(), calls[0]["status"].as_str()),
        (Some("calculate"), Some("ok"))
    );
    assert_eq!(calls[0]["arguments"], json!({"expression": "6*7"}));
    assert!(doc.get("tool_loop_stopped").is_none(), "{doc}");
}

#[tokio::test]
async fn a_model_that_keeps_calling_tools_is_stopped_at_the_step_limit() {
    let doc = execute("Keep adding forever").await;
    assert_eq!(doc["tool_loop_stopped"], "step_limit", "{doc}");
    assert_eq!(doc["tool_calls"].as_array().map(Vec::len), Some(5));
    let output = doc["output"].as_str().unwrap_or_default();
    assert!(
        output.starts_with("Stopped: the model was still calling tools after 5 rounds"),
        "{output}"
    );
    assert!(output.contains("1+4 = 5"), "{output}");
}

#[tokio::test]
async fn a_repeated_identical_call_ends_the_loop() {
    let doc = execute("Do it again and again").await;
    assert_eq!(doc["tool_loop_stopped"], "repeated_call", "{doc}");
    assert_eq!(doc["tool_calls"].as_array().map(Vec::len), Some(1));
}
