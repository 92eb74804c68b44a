//! End-to-end tests over HTTP against a generated tiny llama model (no download needed).

mod support;

use std::io::Read;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{TestServer, config, metric, request, tiny_model};

fn greedy_chat(max_tokens: u32) -> Value {
    json!({
        "model": "tiny",
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello world"}],
        "max_tokens": max_tokens,
        "temperature": 0
    })
}

#[test]
fn health_models_and_chat_with_default_template() {
    let server = TestServer::start(config(tiny_model(false)));
    let health = server.get("/health").unwrap().json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["context_size"], 512);
    assert_eq!(health["parallel_slots"], 4);

    let models = server.get("/v1/models").unwrap().json();
    assert_eq!(models["data"][0]["id"], "tiny");
    assert_eq!(models["data"][0]["chat_template"], "default:chatml");

    let r = server.post_json("/v1/chat/completions", &greedy_chat(12));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["object"], "chat.completion");
    assert_eq!(v["choices"][0]["message"]["role"], "assistant");
    assert!(v["choices"][0]["message"]["content"].is_string());
    let usage = &v["usage"];
    assert!(usage["prompt_tokens"].as_u64().unwrap() > 5);
    let completion = usage["completion_tokens"].as_u64().unwrap();
    assert!(completion <= 12);
    if v["choices"][0]["finish_reason"] == "length" {
        assert_eq!(completion, 12);
    }
    let t = &v["timings"];
    for key in [
        "prompt_n",
        "prompt_ms",
        "prompt_per_second",
        "predicted_n",
        "predicted_ms",
        "predicted_per_second",
    ] {
        assert!(t[key].is_number(), "timings.{key} missing: {t}");
    }

    // Greedy decoding is deterministic, and a finished sequence leaves no state behind.
    let again = server
        .post_json("/v1/chat/completions", &greedy_chat(12))
        .json();
    assert_eq!(
        again["choices"][0]["message"]["content"],
        v["choices"][0]["message"]["content"]
    );
    server.stop().unwrap();
}

#[test]
fn model_chat_template_is_used_when_present() {
    let server = TestServer::start(config(tiny_model(true)));
    let models = server.get("/v1/models").unwrap().json();
    assert_eq!(models["data"][0]["chat_template"], "model");
    let r = server.post_json("/v1/chat/completions", &greedy_chat(4));
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn concurrent_requests_batch_together_and_match_sequential_output() {
    let server = TestServer::start(config(tiny_model(false)));
    let body = json!({"prompt": "the world is", "max_tokens": 24, "temperature": 0});
    let sequential = server.post_json("/v1/completions", &body).json();
    let expected = sequential["choices"][0]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(sequential["object"], "text_completion");

    let addr = server.addr;
    let handles: Vec<_> = (0..6)
        .map(|i| {
            let body = if i % 2 == 0 {
                body.clone()
            } else {
                json!({"prompt": format!("other prompt number {i} with more words"), "max_tokens": 24, "temperature": 0.9, "seed": i})
            };
            std::thread::spawn(move || {
                request(addr, "POST", "/v1/completions", &[("Content-Type", "application/json")], Some(body.to_string().as_bytes())).unwrap()
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let r = h.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        if i % 2 == 0 {
            assert_eq!(
                r.json()["choices"][0]["text"],
                expected.as_str(),
                "batched greedy output differs"
            );
        }
    }
    let m = server.get("/metrics").unwrap().body;
    assert_eq!(
        metric(&m, "runtime_host_requests_total{outcome=\"ok\"}"),
        7.0
    );
    assert!(metric(&m, "runtime_host_generated_tokens_total") > 0.0);
    assert!(metric(&m, "runtime_host_time_to_first_token_seconds_count") >= 7.0);
    assert!(m.contains("runtime_host_generation_tokens_per_second_bucket"));
    assert!(m.contains("runtime_host_queue_depth"));
}

#[test]
fn streaming_matches_non_streaming_and_ends_with_done() {
    let server = TestServer::start(config(tiny_model(false)));
    let plain = server
        .post_json("/v1/chat/completions", &greedy_chat(16))
        .json();
    let mut body = greedy_chat(16);
    body["stream"] = json!(true);
    let r = server.post_json("/v1/chat/completions", &body);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/event-stream"));
    let data = r.sse_data();
    assert_eq!(data.last().map(String::as_str), Some("[DONE]"));
    let chunks: Vec<Value> = data[..data.len() - 1]
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
    let text: String = chunks
        .iter()
        .filter_map(|c| c["choices"][0]["delta"]["content"].as_str())
        .collect();
    assert_eq!(
        text,
        plain["choices"][0]["message"]["content"].as_str().unwrap()
    );
    let last = chunks.last().unwrap();
    assert!(last["choices"][0]["finish_reason"].is_string());
    assert_eq!(last["usage"], plain["usage"]);
    assert!(last["timings"]["predicted_per_second"].is_number());

    // Text completions stream too, and stop strings cut the output.
    let full = server
        .post_json(
            "/v1/completions",
            &json!({"prompt": "hello", "max_tokens": 30, "temperature": 0}),
        )
        .json();
    let full_text = full["choices"][0]["text"].as_str().unwrap().to_owned();
    if let Some(stop) = full_text.get(6..8).filter(|s| !s.trim().is_empty()) {
        let cut = server
            .post_json(
                "/v1/completions",
                &json!({"prompt": "hello", "max_tokens": 30, "temperature": 0, "stop": [stop]}),
            )
            .json();
        let expected = &full_text[..full_text.find(stop).unwrap()];
        assert_eq!(cut["choices"][0]["text"], expected);
        assert_eq!(cut["choices"][0]["finish_reason"], "stop");
    }
    let r = server.post_json(
        "/v1/completions",
        &json!({"prompt": "hello", "max_tokens": 5, "stream": true}),
    );
    let data = r.sse_data();
    assert_eq!(data.last().map(String::as_str), Some("[DONE]"));
}

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

#[test]
fn full_queue_answers_503_with_retry_after() {
    let mut cfg = config(tiny_model(false));
    cfg.parallel = 1;
    cfg.queue_depth = 1;
    cfg.ctx_size = 4096;
    cfg.max_tokens = 4000;
    let server = TestServer::start(cfg);
    let addr = server.addr;
    let body = json!({"prompt": "hello", "max_tokens": 4000, "temperature": 0, "ignore_eos": true})
        .to_string();
    let handles: Vec<_> = (0..5)
        .map(|_| {
            let body = body.clone();
            std::thread::spawn(move || {
                request(
                    addr,
                    "POST",
                    "/v1/completions",
                    &[("Content-Type", "application/json")],
                    Some(body.as_bytes()),
                )
                .unwrap()
            })
        })
        .collect();
    let responses: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let busy: Vec<_> = responses.iter().filter(|r| r.status == 503).collect();
    assert!(
        !busy.is_empty(),
        "expected some 503s: {:?}",
        responses.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    assert!(responses.iter().any(|r| r.status == 200));
    for r in busy {
        assert_eq!(r.header("retry-after"), Some("1"));
        assert_eq!(r.json()["error"]["code"], "queue_full");
    }
}

#[test]
fn disconnected_client_frees_its_sequence() {
    let mut cfg = config(tiny_model(false));
    cfg.parallel = 1;
    cfg.ctx_size = 8192;
    cfg.max_tokens = 8000;
    let server = TestServer::start(cfg);
    let body = json!({"prompt": "hello", "max_tokens": 8000, "stream": true, "ignore_eos": true})
        .to_string();
    let mut stream = support::send(
        server.addr,
        "POST",
        "/v1/completions",
        &[("Content-Type", "application/json")],
        Some(body.as_bytes()),
    )
    .unwrap();
    let mut buf = [0u8; 256];
    let n = stream.read(&mut buf).unwrap();
    assert!(n > 0);
    drop(stream);
    // The only sequence must be free long before 8000 tokens could have been generated.
    let started = Instant::now();
    let r = server.post_json(
        "/v1/completions",
        &json!({"prompt": "hi", "max_tokens": 4, "temperature": 0}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let m = server.get("/metrics").unwrap().body;
    let generated = metric(&m, "runtime_host_generated_tokens_total");
    assert!(
        generated < 8000.0,
        "the abandoned request ran to completion ({generated} tokens, {:?})",
        started.elapsed()
    );
    assert!(metric(&m, "runtime_host_requests_total{outcome=\"cancelled\"}") >= 1.0);
}

#[test]
fn deadline_ends_a_long_request_with_504() {
    let mut cfg = config(tiny_model(false));
    cfg.parallel = 1;
    cfg.ctx_size = 8192;
    cfg.max_tokens = 8000;
    cfg.request_timeout_secs = 1;
    let server = TestServer::start(cfg);
    let started = Instant::now();
    let r = server.post_json(
        "/v1/completions",
        &json!({"prompt": "hello", "max_tokens": 8000, "ignore_eos": true}),
    );
    // A fast machine may finish 8000 tiny-model tokens within the second; otherwise 504.
    assert!(r.status == 200 || r.status == 504, "{}", r.body);
    if r.status == 504 {
        assert_eq!(r.json()["error"]["code"], "deadline_exceeded");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[test]
fn shutdown_drains_in_flight_streams() {
    let server = TestServer::start(config(tiny_model(false)));
    let addr = server.addr;
    let body =
        json!({"prompt": "hello", "max_tokens": 200, "stream": true, "temperature": 0}).to_string();
    let client = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            "/v1/completions",
            &[("Content-Type", "application/json")],
            Some(body.as_bytes()),
        )
        .unwrap()
    });
    std::thread::sleep(Duration::from_millis(50));
    server.stop().unwrap();
    let r = client.join().unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.sse_data().last().map(String::as_str), Some("[DONE]"));
}
