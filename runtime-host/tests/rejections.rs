//! Requests the server refuses, over HTTP against a generated tiny llama model (no download
//! needed): malformed or out-of-range input, unknown routes and a missing bearer key.

mod support;

use serde_json::json;
use support::{TestServer, config, request, tiny_model};

#[test]
fn bad_input_gets_a_clear_4xx() {
    let mut cfg = config(tiny_model(false));
    cfg.max_body_bytes = 4096;
    let server = TestServer::start(cfg);
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("/v1/chat/completions", b"{not json".to_vec(), 400, "invalid_json"),
        ("/v1/chat/completions", br#"{"messages": "nope"}"#.to_vec(), 400, "invalid_json"),
        ("/v1/chat/completions", json!({"model": "gpt-9", "messages": [{"role": "user", "content": "x"}]}).to_string().into_bytes(), 404, "model_not_found"),
        ("/v1/chat/completions", json!({"messages": []}).to_string().into_bytes(), 400, "invalid_messages"),
        ("/v1/chat/completions", json!({"messages": [{"role": "wizard", "content": "x"}]}).to_string().into_bytes(), 400, "invalid_messages"),
        ("/v1/chat/completions", json!({"messages": [{"role": "user", "content": "x"}], "max_tokens": 100000}).to_string().into_bytes(), 400, "invalid_max_tokens"),
        ("/v1/chat/completions", json!({"messages": [{"role": "user", "content": "x"}], "max_tokens": 1e30}).to_string().into_bytes(), 400, "invalid_json"),
        ("/v1/chat/completions", json!({"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}).to_string().into_bytes(), 400, "invalid_max_tokens"),
        ("/v1/chat/completions", json!({"messages": [{"role": "user", "content": "x"}], "top_p": 0}).to_string().into_bytes(), 400, "invalid_top_p"),
        ("/v1/chat/completions", json!({"messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}}).to_string().into_bytes(), 400, "invalid_json"),
        ("/v1/completions", json!({"prompt": "word ".repeat(600)}).to_string().into_bytes(), 400, "context_length_exceeded"),
        ("/v1/completions", json!({"prompt": ["a", "b"]}).to_string().into_bytes(), 400, "invalid_prompt"),
        ("/v1/completions", json!({"prompt": "x".repeat(5000)}).to_string().into_bytes(), 413, "body_too_large"),
    ];
    for (path, body, status, code) in cases {
        let r = request(
            server.addr,
            "POST",
            path,
            &[("Content-Type", "application/json")],
            Some(&body),
        )
        .unwrap();
        assert_eq!(
            r.status,
            status,
            "{path} {}: {}",
            String::from_utf8_lossy(&body),
            r.body
        );
        let v = r.json();
        assert_eq!(v["error"]["code"], code, "{}", r.body);
        assert!(
            v["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        assert!(v["error"]["type"].is_string());
    }
    let r = server.get("/v1/chat/completions").unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(r.json()["error"]["code"], "method_not_allowed");
    let r = server.get("/nope").unwrap();
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error"]["code"], "not_found");
    // Still serving after all that.
    assert_eq!(
        server
            .post_json("/v1/completions", &json!({"prompt": "hi", "max_tokens": 2}))
            .status,
        200
    );
}

#[test]
fn bearer_key_is_required_when_configured() {
    let mut cfg = config(tiny_model(false));
    cfg.api_key = Some("sekret".into());
    let server = TestServer::start(cfg);
    assert_eq!(server.get("/health").unwrap().status, 200);
    assert_eq!(server.get("/v1/models").unwrap().status, 401);
    assert_eq!(server.get("/metrics").unwrap().status, 401);
    let wrong = request(
        server.addr,
        "GET",
        "/v1/models",
        &[("Authorization", "Bearer nope")],
        None,
    )
    .unwrap();
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.json()["error"]["code"], "invalid_api_key");
    let right = request(
        server.addr,
        "GET",
        "/v1/models",
        &[("Authorization", "Bearer sekret")],
        None,
    )
    .unwrap();
    assert_eq!(right.status, 200);
}
