//! Chat and text completions over HTTP against a generated tiny llama model (no download
//! needed): health and model listing, chat templates, batching, streaming and stop strings.

mod support;

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
fn a_prompt_sharing_a_prefix_with_an_earlier_one_reuses_its_cache_and_answers_the_same() {
    let prompt = "the world is round and the sea is deep";
    let longer = format!("{prompt} so we sail on");
    let ask = |server: &TestServer, prompt: &str| {
        let body = json!({"prompt": prompt, "max_tokens": 16, "temperature": 0});
        let r = server.post_json("/v1/completions", &body);
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    };
    // What a server with nothing cached answers.
    let cold = TestServer::start(config(tiny_model(false)));
    let expected = ask(&cold, &longer);
    assert_eq!(expected["timings"]["cache_n"], 0);
    cold.stop().unwrap();

    let server = TestServer::start(config(tiny_model(false)));
    let first = ask(&server, prompt);
    let prompt_tokens = first["usage"]["prompt_tokens"].as_u64().unwrap();
    assert_eq!(first["timings"]["cache_n"], 0);
    assert_eq!(first["timings"]["prompt_n"], prompt_tokens);

    // The same prompt again: all but its last token come from the cache.
    let again = ask(&server, prompt);
    assert_eq!(again["choices"][0]["text"], first["choices"][0]["text"]);
    assert_eq!(again["timings"]["cache_n"], prompt_tokens - 1);
    assert_eq!(again["timings"]["prompt_n"], 1);
    assert_eq!(again["usage"]["prompt_tokens"], prompt_tokens);

    // A longer prompt starting the same way decodes only what follows the shared part and
    // answers exactly as the cold server did.
    let warm = ask(&server, &longer);
    assert_eq!(warm["choices"][0]["text"], expected["choices"][0]["text"]);
    assert!(warm["timings"]["cache_n"].as_u64().unwrap() >= prompt_tokens - 1);
    assert_eq!(
        warm["usage"]["prompt_tokens"],
        expected["usage"]["prompt_tokens"]
    );
    let m = server.get("/metrics").unwrap().body;
    assert!(
        metric(&m, "runtime_host_prompt_tokens_cached_total") >= (2 * prompt_tokens - 2) as f64
    );
    server.stop().unwrap();
}
