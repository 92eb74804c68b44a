//! End-to-end: tool calling, against a scripted OpenAI-compatible model as the primary
//! provider. In `execute`, the model is offered the agent's tools, asks for a call, reads
//! its result and answers; a model that keeps calling is stopped at the step limit, one that
//! repeats a call is stopped at once. On `/v1/chat/completions`, a client's own tools pass
//! through and the model's calls come back for the client to run — with raw requests, and
//! with OpenAI's `openai-agents` framework running an agent with a function tool of its own
//! to a final answer. On real `spin up` and on devhost.

mod support;

use std::sync::OnceLock;

use http::Method;
use serde_json::{Value, json};
use support::{Server, call_at, create_key_at, start_app};

/// A completion asking for one call of `tool` with `arguments`.
fn calls(tool: &str, arguments: &Value) -> Value {
    json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "model": "scripted",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
            "role": "assistant", "content": null,
            "tool_calls": [{"id": "call_1", "type": "function",
                "function": {"name": tool, "arguments": arguments.to_string()}}]
        }}]
    })
}

/// A completion asking for one `calculate` call.
fn asks(expression: &str) -> Value {
    calls("calculate", &json!({"expression": expression}))
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
    let offers = |name: &str| {
        request["tools"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["function"]["name"] == name))
    };
    if offers("get_weather") {
        return match results.last() {
            None => calls("get_weather", &json!({"city": "Paris"})),
            Some(result) => says(&format!(
                "Weather report: {}.",
                result["content"].as_str().unwrap_or("none")
            )),
        };
    }
    if !offers("calculate") {
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
async fn a_plain_question_reaches_the_model_without_the_tools() {
    let doc = execute("Tell me about quarterly revenue.").await;
    assert_eq!(doc["output"], "no tools were offered", "{doc}");
    assert_eq!(doc["tool_calls"], json!([]));
}

#[tokio::test]
async fn the_model_calls_a_tool_reads_the_result_and_answers_with_it() {
    let doc = execute("What is 6 * 7?").await;
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
    let doc = execute("Calculate 1 + 1, and keep adding forever").await;
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
    let doc = execute("Calculate 2 * 2 again and again").await;
    assert_eq!(doc["tool_loop_stopped"], "repeated_call", "{doc}");
    assert_eq!(doc["tool_calls"].as_array().map(Vec::len), Some(1));
}

/// The client's own tool, as OpenAI clients declare it.
fn weather_tool() -> Value {
    json!({"type": "function", "function": {"name": "get_weather", "description": "The weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}})
}

async fn chat(body: Value) -> (u16, String) {
    let base = &app().base_url;
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let reply = call_at(
        base,
        Method::POST,
        "/v1/chat/completions",
        Some(&key),
        Some(body),
    )
    .await;
    (
        reply.status,
        String::from_utf8_lossy(&reply.body).into_owned(),
    )
}

#[tokio::test]
async fn a_clients_own_tools_pass_through_and_the_models_calls_come_back_to_it() {
    let asked = json!({"model": "edgecrew", "tools": [weather_tool()],
        "messages": [{"role": "user", "content": "Weather in Paris?"}]});
    let (status, text) = chat(asked).await;
    assert_eq!(status, 200, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let choice = &doc["choices"][0];
    assert_eq!(choice["finish_reason"], "tool_calls", "{doc}");
    assert_eq!(choice["message"]["content"], Value::Null);
    let call = &choice["message"]["tool_calls"][0];
    assert_eq!(
        (call["id"].as_str(), call["function"]["name"].as_str()),
        (Some("call_1"), Some("get_weather"))
    );
    assert_eq!(
        serde_json::from_str::<Value>(call["function"]["arguments"].as_str().unwrap()).unwrap(),
        json!({"city": "Paris"})
    );

    let answered = json!({"model": "edgecrew", "tools": [weather_tool()], "messages": [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": null, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}]});
    let (status, text) = chat(answered).await;
    assert_eq!(status, 200, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["choices"][0]["message"]["content"], "Weather report: sunny.",
        "{doc}"
    );
    assert_eq!(doc["choices"][0]["finish_reason"], "stop");
}

#[tokio::test]
async fn a_streamed_request_with_tools_gets_the_calls_in_one_delta() {
    let (status, text) = chat(
        json!({"model": "edgecrew", "stream": true, "tools": [weather_tool()],
        "messages": [{"role": "user", "content": "Weather in Paris?"}]}),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let chunks: Vec<Value> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter(|d| *d != "[DONE]")
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let delta = chunks
        .iter()
        .find(|c| c["choices"][0]["delta"]["tool_calls"].is_array())
        .expect("a tool-call delta");
    assert_eq!(delta["choices"][0]["delta"]["tool_calls"][0]["index"], 0);
    assert_eq!(
        delta["choices"][0]["delta"]["tool_calls"][0]["function"]["name"],
        "get_weather"
    );
    assert_eq!(
        chunks.last().unwrap()["choices"][0]["finish_reason"],
        "tool_calls"
    );
    assert!(text.ends_with("data: [DONE]\n\n"));
}

#[tokio::test]
async fn an_agent_model_runs_its_own_tools_and_a_bad_tool_choice_is_a_400() {
    let (status, text) = chat(json!({"model": "data_analysis",
        "messages": [{"role": "user", "content": "What is 6 * 7?"}]}))
    .await;
    assert_eq!(status, 200, "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["choices"][0]["message"]["content"], "The answer is 42.",
        "{doc}"
    );
    assert_eq!(doc["edgecrew"]["tool_calls"][0]["tool"], "calculate");
    let (status, text) = chat(json!({"model": "edgecrew", "tool_choice": "sometimes",
        "messages": [{"role": "user", "content": "x"}]}))
    .await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("tool_choice"), "{text}");
}

#[tokio::test]
async fn the_openai_agents_framework_runs_an_agent_with_its_own_tool_to_a_final_answer() {
    let base = app().base_url.clone();
    let (_, key) = create_key_at(&base, &["agents"], None).await;
    let run = support::openai_client::run_weather_agent(&base, &key, &[]).await;
    assert_eq!(run["tool_runs"], json!(["Paris"]), "{run}");
    assert_eq!(
        run["final_output"], "Weather report: sunny and 21 degrees in Paris.",
        "{run}"
    );
    let items: Vec<&str> = run["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        items.contains(&"tool_call_item") && items.contains(&"tool_call_output_item"),
        "{items:?}"
    );
}
