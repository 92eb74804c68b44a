//! Structured output over HTTP against a generated tiny llama model (no download needed):
//! `response_format` JSON schemas are enforced by a grammar, and unenforceable ones refused.

mod support;

use serde_json::{Value, json};
use support::{TestServer, config, tiny_model};

#[test]
fn json_schema_output_always_parses_and_matches() {
    let server = TestServer::start(config(tiny_model(false)));
    let schema = json!({
        "type": "object",
        "properties": {
            "color": {"enum": ["red", "green", "blue"]},
            "ok": {"type": "boolean"},
            "n": {"type": "integer"},
            "tags": {"type": "array", "items": {"const": "x"}, "minItems": 1, "maxItems": 3},
            "note": {"type": ["null", "boolean"]}
        },
        "required": ["color", "ok", "n", "tags"],
        "additionalProperties": false
    });
    for seed in 0..8 {
        let r = server.post_json(
            "/v1/chat/completions",
            &json!({
                "messages": [{"role": "user", "content": "give me json"}],
                "max_tokens": 200,
                "temperature": 1.0,
                "seed": seed,
                "response_format": {"type": "json_schema", "json_schema": {"name": "t", "schema": schema}}
            }),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let v = r.json();
        let content = v["choices"][0]["message"]["content"].as_str().unwrap();
        assert_eq!(
            v["choices"][0]["finish_reason"], "stop",
            "grammar did not complete: {content}"
        );
        let out: Value = serde_json::from_str(content).unwrap_or_else(|e| panic!("{e}: {content}"));
        assert!(
            ["red", "green", "blue"].contains(&out["color"].as_str().unwrap()),
            "{out}"
        );
        assert!(out["ok"].is_boolean());
        assert!(out["n"].is_i64() || out["n"].is_u64(), "{out}");
        let tags = out["tags"].as_array().unwrap();
        assert!(
            (1..=3).contains(&tags.len()) && tags.iter().all(|t| t == "x"),
            "{out}"
        );
        assert!(
            out.get("note")
                .is_none_or(|n| n.is_null() || n.is_boolean())
        );
        assert!(
            out.as_object()
                .unwrap()
                .keys()
                .all(|k| ["color", "ok", "n", "tags", "note"].contains(&k.as_str()))
        );
    }

    // json_object: a grammar-complete answer is a JSON object.
    let r = server.post_json(
        "/v1/completions",
        &json!({"prompt": "json:", "max_tokens": 64, "seed": 3, "response_format": {"type": "json_object"}}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let text = v["choices"][0]["text"].as_str().unwrap();
    assert!(text.trim_start().starts_with('{'), "{text}");
    if v["choices"][0]["finish_reason"] == "stop" {
        assert!(serde_json::from_str::<Value>(text).unwrap().is_object());
    }

    // Schemas that cannot be enforced are refused, never ignored.
    for schema in [
        json!({"type": "object", "patternProperties": {"^x": {"type": "string"}}}),
        json!({"$ref": "https://example.com/other.json"}),
        json!({"type": "string", "pattern": "^[a-z]+$"}),
    ] {
        let r = server.post_json(
            "/v1/chat/completions",
            &json!({"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}),
        );
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "unsupported_schema");
    }
}
