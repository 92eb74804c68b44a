//! Tests against the real gemma model; they run only when it is present
//! (`EDGECREW_MODEL=/path/to.gguf`, or a `.gguf` under `models/` — see `scripts/fetch-model`).

mod support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::{TestServer, config};

fn real_model() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("EDGECREW_MODEL") {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "gguf"))
        .collect();
    found.sort();
    found.into_iter().next()
}

fn server() -> Option<TestServer> {
    let Some(model) = real_model() else {
        eprintln!("SKIPPED: no real model (set EDGECREW_MODEL or run scripts/fetch-model)");
        return None;
    };
    let mut cfg = config(model);
    cfg.model_alias = None;
    cfg.ctx_size = 2048;
    cfg.parallel = 2;
    cfg.max_tokens = 1024;
    Some(TestServer::start(cfg))
}

#[test]
fn real_model_chats() {
    let Some(server) = server() else { return };
    let models = server.get("/v1/models").unwrap().json();
    eprintln!("chat_template: {}", models["data"][0]["chat_template"]);
    let r = server.post_json(
        "/v1/chat/completions",
        &json!({"messages": [{"role": "user", "content": "What is the capital of France?"}], "max_tokens": 24, "temperature": 0}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let text = v["choices"][0]["message"]["content"].as_str().unwrap();
    eprintln!("answer: {text:?}");
    assert!(!text.trim().is_empty());
}

#[test]
fn real_model_json_schema() {
    let Some(server) = server() else { return };
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
        "{}",
        r.body
    );
    let text = r.json()["choices"][0]["message"]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert!(
        v["city"].is_string() && v["population"].is_i64() && v["capital"].is_boolean(),
        "{v}"
    );
}
