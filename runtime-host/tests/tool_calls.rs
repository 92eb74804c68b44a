//! Tool calls over HTTP against a generated tiny llama model, whose output is random: under
//! the grammar built from the tools' schemas, every call it makes parses, names one of the
//! tools and has arguments that fit that tool's schema — over 100 runs for each choice —
//! and a streamed request gets its calls in one delta.

mod support;

use serde_json::{Value, json};
use support::{TestServer, config, tiny_model};

/// A server on the tiny model with room for the tools' instruction.
fn server() -> TestServer {
    let mut cfg = config(tiny_model(false));
    cfg.ctx_size = 2048;
    cfg.max_tokens = 1024;
    TestServer::start(cfg)
}

fn tools() -> Value {
    json!([
        {"type": "function", "function": {"name": "get_weather", "description": "Weather in a city.",
            "parameters": {"type": "object", "properties": {"city": {"enum": ["Paris", "Oslo", "Lima"]}},
                "required": ["city"], "additionalProperties": false}}},
        {"type": "function", "function": {"name": "add", "description": "Add two integers.",
            "parameters": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                "required": ["a", "b"], "additionalProperties": false}}}
    ])
}

/// Whether `arguments` fit `tool`'s schema above.
fn fits(tool: &str, arguments: &Value) -> bool {
    let keys: Vec<&str> = arguments
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    match tool {
        "get_weather" => {
            keys == ["city"]
                && arguments["city"]
                    .as_str()
                    .is_some_and(|c| c.chars().count() <= 20)
        }
        "add" => {
            let mut keys = keys;
            keys.sort_unstable();
            keys == ["a", "b"] && arguments["a"].is_i64() && arguments["b"].is_i64()
        }
        _ => false,
    }
}

/// The calls of a chat completion, each checked; `None` when it answered in text.
fn checked_calls(doc: &Value, allowed: &[&str]) -> Option<usize> {
    let choice = &doc["choices"][0];
    let calls = choice["message"]["tool_calls"].as_array()?;
    assert_eq!(choice["finish_reason"], "tool_calls", "{doc}");
    assert!(choice["message"]["content"].is_null(), "{doc}");
    for call in calls {
        let name = call["function"]["name"].as_str().unwrap_or_default();
        assert!(allowed.contains(&name), "an unknown tool: {doc}");
        let arguments: Value = serde_json::from_str(
            call["function"]["arguments"]
                .as_str()
                .expect("arguments text"),
        )
        .unwrap_or_else(|e| panic!("arguments do not parse ({e}): {doc}"));
        assert!(
            fits(name, &arguments),
            "arguments do not fit {name}: {arguments}"
        );
        assert!(
            call["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("call_")),
            "{doc}"
        );
    }
    Some(calls.len())
}

fn ask(server: &TestServer, seed: u64, choice: Value) -> Value {
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({"messages": [{"role": "user", "content": "What is the weather in Paris?"}],
                "tools": tools(), "tool_choice": choice, "max_tokens": 200, "temperature": 1.0, "seed": seed}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

#[test]
fn a_required_call_always_parses_names_a_tool_and_fits_its_schema() {
    let server = server();
    let mut complete = 0;
    for seed in 0..100 {
        let doc = ask(&server, seed, json!("required"));
        // A call cut off by max_tokens is text, and says so.
        match checked_calls(&doc, &["get_weather", "add"]) {
            Some(n) => {
                assert_eq!(n, 1);
                complete += 1;
            }
            None => assert_eq!(doc["choices"][0]["finish_reason"], "length", "{doc}"),
        }
    }
    assert!(
        complete >= 50,
        "only {complete} of 100 calls finished within 200 tokens"
    );
}

#[test]
fn auto_answers_in_text_or_in_a_valid_call_and_a_named_tool_is_the_one_called() {
    let server = server();
    for seed in 0..100 {
        let doc = ask(&server, seed, json!("auto"));
        if checked_calls(&doc, &["get_weather", "add"]).is_none() {
            let text = doc["choices"][0]["message"]["content"]
                .as_str()
                .unwrap_or_default();
            assert!(
                !text.starts_with('{') || doc["choices"][0]["finish_reason"] == "length",
                "{doc}"
            );
        }
    }
    for seed in 0..20 {
        let doc = ask(
            &server,
            seed,
            json!({"type": "function", "function": {"name": "add"}}),
        );
        if checked_calls(&doc, &["add"]).is_none() {
            assert_eq!(doc["choices"][0]["finish_reason"], "length", "{doc}");
        }
    }
}

#[test]
fn a_streamed_call_comes_in_one_delta_and_bad_tool_requests_are_400() {
    let server = server();
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({"messages": [{"role": "user", "content": "weather?"}], "tools": tools(),
                "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
                "max_tokens": 200, "seed": 1, "stream": true}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let data = r.sse_data();
    assert_eq!(data.last().map(String::as_str), Some("[DONE]"));
    let chunks: Vec<Value> = data
        .iter()
        .filter(|d| *d != "[DONE]")
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let last = chunks.last().unwrap();
    if last["choices"][0]["finish_reason"] == "tool_calls" {
        let delta = &chunks[1]["choices"][0]["delta"]["tool_calls"][0];
        assert_eq!(
            (delta["index"].as_u64(), delta["function"]["name"].as_str()),
            (Some(0), Some("get_weather"))
        );
    }
    for (body, code) in [
        (
            json!({"messages": [{"role": "user", "content": "x"}], "tools": tools(), "tool_choice": "sometimes"}),
            "invalid_tools",
        ),
        (
            json!({"messages": [{"role": "user", "content": "x"}], "tools": tools(), "response_format": {"type": "json_object"}}),
            "invalid_tools",
        ),
        (
            json!({"messages": [{"role": "user", "content": "x"}], "tools": [{"type": "function", "function": {"name": "f",
            "parameters": {"type": "object", "properties": {"x": {"type": "string", "pattern": "a"}}}}}]}),
            "unsupported_schema",
        ),
    ] {
        let r = server.post_json("/v1/chat/completions", &body);
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], code, "{}", r.body);
    }
    // A conversation with an earlier call and its result is answered.
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({"messages": [
            {"role": "user", "content": "weather?"},
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
                "function": {"name": "get_weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
            {"role": "tool", "tool_call_id": "c1", "content": "rain"}],
            "tools": tools(), "max_tokens": 8, "seed": 2}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
}
