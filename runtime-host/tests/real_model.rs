//! Tests against the real models; each test runs on every model present
//! (`EDGECREW_MODELS=/a.gguf:/b.gguf`, `EDGECREW_MODEL=/path/to.gguf`, or every `.gguf` under
//! `models/` — see `scripts/fetch-model`: SmolLM2-135M-Instruct and gemma-3-270m), and
//! skips, saying so, when there is none.

mod support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::{TestServer, config};

fn real_models() -> Vec<PathBuf> {
    let listed = std::env::var("EDGECREW_MODELS")
        .or_else(|_| std::env::var("EDGECREW_MODEL"))
        .ok();
    if let Some(list) = listed {
        return std::env::split_paths(&list)
            .filter(|p| p.is_file())
            .collect();
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "gguf") && p.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// A server on each real model, with the model's file name.
fn servers() -> Vec<(String, TestServer)> {
    let models = real_models();
    if models.is_empty() {
        eprintln!("SKIPPED: no real model (set EDGECREW_MODELS or run scripts/fetch-model)");
    }
    models
        .into_iter()
        .map(|model| {
            let name = model
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut cfg = config(model);
            cfg.model_alias = None;
            cfg.ctx_size = 2048;
            cfg.parallel = 2;
            cfg.max_tokens = 1024;
            (name, TestServer::start(cfg))
        })
        .collect()
}

#[test]
fn real_models_chat_with_their_own_templates() {
    for (name, server) in servers() {
        chats(&name, &server);
    }
}

fn chats(name: &str, server: &TestServer) {
    let models = server.get("/v1/models").expect("GET /v1/models").json();
    let template = models["data"][0]["chat_template"].clone();
    eprintln!("{name}: chat_template {template}");
    // The instruct model carries its ChatML template; the gemma base model has none.
    if name.starts_with("SmolLM2") {
        assert_eq!(template, "model", "{name}");
    } else if name.starts_with("gemma") {
        assert_eq!(template, "default:gemma", "{name}");
    }
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({"messages": [{"role": "user", "content": "What is the capital of France?"}], "max_tokens": 24, "temperature": 0}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let text = v["choices"][0]["message"]["content"]
        .as_str()
        .expect("content");
    eprintln!("{name}: answer {text:?}");
    assert!(!text.trim().is_empty(), "{name}");
}

#[test]
fn real_models_follow_a_json_schema() {
    for (name, server) in servers() {
        follows_schema(&name, &server);
    }
}

fn follows_schema(name: &str, server: &TestServer) {
    let schema = json!({
        "type": "object",
        "properties": {"city": {"type": "string", "maxLength": 40}, "population": {"type": "integer"}, "capital": {"type": "boolean"}},
        "required": ["city", "population", "capital"],
        "additionalProperties": false
    });
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({
            "messages": [{"role": "user", "content": "Describe Paris as JSON."}],
            // The grammar bounds every part (a city of 40 characters, each at most a 6-char
            // escape; a 16-digit integer; at most 21 blanks at each of 14 gaps), so the
            // object closes within ~600 characters: 1024 tokens of at least one character
            // each can never cut it off, whatever the sampler picks.
            "max_tokens": 1024,
            "response_format": {"type": "json_schema", "json_schema": {"name": "city", "schema": schema}}
        }),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.json()["choices"][0]["finish_reason"],
        "stop",
        "{name}: {}",
        r.body
    );
    let text = r.json()["choices"][0]["message"]["content"]
        .as_str()
        .expect("content")
        .to_owned();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(
        v["city"].is_string() && v["population"].is_i64() && v["capital"].is_boolean(),
        "{name}: {v}"
    );
}

/// Tool-call runs per model: `EDGECREW_TOOL_CALL_RUNS`, 30 unless set (120 for the figures
/// in `benches/runtime-host/REPORT.md`).
fn tool_call_runs() -> u64 {
    std::env::var("EDGECREW_TOOL_CALL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

#[test]
fn the_instruct_model_makes_tool_calls_that_parse_and_fit_in_every_run() {
    for (name, server) in servers() {
        // Tool calling is for instruction-tuned models; gemma-3-270m here is a base model.
        if name.starts_with("SmolLM2") {
            calls_tools(&name, &server);
        } else {
            eprintln!("{name}: not an instruct model, tool calls not run");
        }
    }
}

/// [`tool_call_runs`] requests: five in six must call a tool (a third of those name it), the
/// rest may. Every call parses, names the tool and has arguments that fit its schema.
fn calls_tools(name: &str, server: &TestServer) {
    let tools = json!([{"type": "function", "function": {"name": "get_weather",
        "description": "The current weather in a city.",
        "parameters": {"type": "object", "properties": {
            "city": {"type": "string", "maxLength": 40},
            "unit": {"enum": ["celsius", "fahrenheit"]}},
            "required": ["city", "unit"], "additionalProperties": false}}}]);
    let named = json!({"type": "function", "function": {"name": "get_weather"}});
    let runs = tool_call_runs();
    let (named_from, auto_from) = (runs * 67 / 120, runs * 100 / 120);
    let (mut calls, mut texts) = (0, 0);
    for run in 0..runs {
        let choice = if run < named_from {
            json!("required")
        } else if run < auto_from {
            named.clone()
        } else {
            json!("auto")
        };
        let r = server.post_json(
            "/v1/chat/completions",
            &json!({"messages": [{"role": "user", "content": "What is the weather in Paris, in celsius?"}],
                    "tools": tools, "tool_choice": choice, "temperature": 0.8, "seed": run,
                    // Bounded like the schema test's object: a call closes well within this.
                    "max_tokens": 1024}),
        );
        assert_eq!(r.status, 200, "{name}: {}", r.body);
        let doc = r.json();
        let choice_doc = &doc["choices"][0];
        let Some(list) = choice_doc["message"]["tool_calls"].as_array() else {
            assert!(
                run >= auto_from,
                "{name}: a required call was not made: {doc}"
            );
            texts += 1;
            continue;
        };
        assert_eq!(choice_doc["finish_reason"], "tool_calls", "{name}: {doc}");
        for call in list {
            assert_eq!(call["function"]["name"], "get_weather", "{name}: {doc}");
            let arguments: Value = serde_json::from_str(
                call["function"]["arguments"]
                    .as_str()
                    .expect("arguments text"),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}: {doc}"));
            let fits = arguments["city"]
                .as_str()
                .is_some_and(|c| c.chars().count() <= 40)
                && ["celsius", "fahrenheit"]
                    .contains(&arguments["unit"].as_str().unwrap_or_default())
                && arguments.as_object().is_some_and(|o| o.len() == 2);
            assert!(fits, "{name}: arguments do not fit: {arguments}");
            calls += 1;
        }
    }
    eprintln!(
        "{name}: {calls} tool calls in {runs} runs, all valid; {texts} auto runs answered in text"
    );
}
