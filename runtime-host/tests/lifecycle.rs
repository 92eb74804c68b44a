//! How requests end under pressure, over HTTP against a generated tiny llama model (no
//! download needed): a full queue, a client that disconnects, a deadline, a shutdown.

mod support;

use std::io::Read;
use std::time::{Duration, Instant};

use serde_json::json;
use support::{TestServer, config, metric, request, tiny_model};

#[test]
fn full_queue_answers_503_with_retry_after() {
    let mut cfg = config(tiny_model(false));
    cfg.parallel = 1;
    cfg.queue_depth = 1;
    cfg.ctx_size = 2048;
    cfg.max_tokens = 1000;
    let server = TestServer::start(cfg);
    let addr = server.addr;
    // Long enough that the first request still runs when the others arrive; short enough to
    // finish well within the request deadline on a loaded machine.
    let body = json!({"prompt": "hello", "max_tokens": 1000, "temperature": 0, "ignore_eos": true})
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
