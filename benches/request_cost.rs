//! Per-request cost through the test host: instances reused as Spin reuses them, routed by
//! the repository's `spin.toml`, in-process (no TCP), with the real compiled components.
//!
//! - `health`: validation → agent (service chaining), a key-value write/read/delete and
//!   the fallback templates' probe: two components and three SQLite statements.
//! - `unauthenticated`: validation answering 401 after an address rate-limit check:
//!   one component, two counter updates and an audit record.
//! - `authenticated_not_found`: the full front door (bootstrap key, rate limit, input
//!   checks, audit record) then the agent's 404: two components.
//! - `fallback_requested`: `POST /v1/complete` with `provider: "fallback"`: the front door,
//!   the agent, the fallback templates' answer (in the agent's instance).
//! - `fallback_circuit_open`: the same prompt with the primary dead and its circuit open
//!   (the steady state of an outage): the chain reads the circuit, skips the primary and
//!   the fallback templates answer.
//! - `chat_fallback_requested` and `chat_circuit_open`: the same two through OpenAI's
//!   `POST /v1/chat/completions` (`model: "edgecrew-templates"`, and `model: "edgecrew"`),
//!   the added cost of the OpenAI route beside `/v1/complete`.
//!
//! Rate limits are lifted so every iteration is served, not refused; the primary provider
//! is a loopback port nothing listens on.
//!
//! Run: `cargo bench -p edgecrew-tests --bench request_cost` (components built first);
//! `EDGECREW_RUNTIME_CONFIG=runtime-config.redis.toml` runs it with the store on Redis.

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented entry point"
)]

use std::path::Path;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use edgecrew_tests::app::{App, AppConfig};
use edgecrew_tests::manifest::Manifest;
use http_body_util::{BodyExt, Full};

/// The bootstrap admin key the benched app is given.
const ADMIN_KEY: &str = "bench-admin-key";

/// A completion the fallback answers because it was asked to.
const REQUESTED: &str = r#"{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat.","system_prompt":"You are a finance analyst.","provider":"fallback"}"#;

/// The same completion left to the chain (whose primary is down).
const AUTO: &str = r#"{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat.","system_prompt":"You are a finance analyst."}"#;

fn app(kv_dir: &Path) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let overrides = [
        ("admin_api_key", ADMIN_KEY),
        ("key_rate_limit_per_minute", "1000000000"),
        ("address_rate_limit_per_minute", "1000000000"),
        ("runtime_host_url", "http://127.0.0.1:1"),
        ("breaker_cooldown_seconds", "3600"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let manifest =
        Manifest::load(&root.join("spin.toml"), &overrides, &|_| None).expect("manifest");
    let mut config = AppConfig::for_manifest(&manifest);
    config.kv_path = kv_dir.join("kv.db");
    config.log_dir = Some(kv_dir.join("logs"));
    // A Spin runtime config file, e.g. one putting the store on Redis (a relative path is
    // taken from the repository root, where `runtime-config.redis.toml` is).
    config.runtime_config = std::env::var_os("EDGECREW_RUNTIME_CONFIG").map(|p| root.join(p));
    App::load(&manifest, config).expect("load app (build the components first)")
}

async fn get(app: &App, path: &str, key: Option<&str>) -> (u16, Bytes) {
    send(app, http::Method::GET, path, key, None).await
}

async fn post(app: &App, path: &str, body: &'static str) -> (u16, Bytes) {
    send(app, http::Method::POST, path, Some(ADMIN_KEY), Some(body)).await
}

async fn send(
    app: &App,
    method: http::Method,
    path: &str,
    key: Option<&str>,
    body: Option<&'static str>,
) -> (u16, Bytes) {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("http://localhost{path}"));
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let body = Full::new(Bytes::from_static(body.unwrap_or("").as_bytes()))
        .map_err(|never| match never {})
        .boxed_unsync();
    let request = request.body(body).expect("request");
    let response = app.handle(request).await;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, body)
}
/// [`REQUESTED`] through the OpenAI route: the fallback's model.
const CHAT_REQUESTED: &str = r#"{"model":"edgecrew-templates","messages":[{"role":"system","content":"You are a finance analyst."},{"role":"user","content":"Summarize: revenue rose 12% in Q3 while costs stayed flat."}]}"#;

/// [`AUTO`] through the OpenAI route: the chain's model.
const CHAT_AUTO: &str = r#"{"model":"edgecrew","messages":[{"role":"system","content":"You are a finance analyst."},{"role":"user","content":"Summarize: revenue rose 12% in Q3 while costs stayed flat."}]}"#;

fn request_cost(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let app = rt.block_on(async { app(dir.path()) });
    for (path, key, want) in [
        ("/health", None, 200),
        ("/v1/nothing", None, 401),
        ("/v1/nothing", Some(ADMIN_KEY), 404),
    ] {
        let (status, body) = rt.block_on(get(&app, path, key));
        assert_eq!(status, want, "{path}: {}", String::from_utf8_lossy(&body));
    }
    // Open the primary's circuit (3 failures in the window) before measuring.
    for _ in 0..4 {
        let (status, body) = rt.block_on(post(&app, "/v1/complete", AUTO));
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    }
    let (_, body) = rt.block_on(post(&app, "/v1/complete", AUTO));
    assert!(
        String::from_utf8_lossy(&body).contains("circuit_open"),
        "{}",
        String::from_utf8_lossy(&body)
    );

    for body in [CHAT_REQUESTED, CHAT_AUTO] {
        let (status, body) = rt.block_on(post(&app, "/v1/chat/completions", body));
        let text = String::from_utf8_lossy(&body);
        assert!(status == 200 && text.contains("\"fallback\""), "{text}");
    }

    let mut group = c.benchmark_group("request_cost");
    group.bench_function("health", |b| {
        b.iter(|| rt.block_on(get(&app, "/health", None)));
    });
    group.bench_function("unauthenticated", |b| {
        b.iter(|| rt.block_on(get(&app, "/v1/nothing", None)));
    });
    group.bench_function("authenticated_not_found", |b| {
        b.iter(|| rt.block_on(get(&app, "/v1/nothing", Some(ADMIN_KEY))));
    });
    group.bench_function("fallback_requested", |b| {
        b.iter(|| rt.block_on(post(&app, "/v1/complete", REQUESTED)));
    });
    group.bench_function("fallback_circuit_open", |b| {
        b.iter(|| rt.block_on(post(&app, "/v1/complete", AUTO)));
    });
    group.bench_function("chat_fallback_requested", |b| {
        b.iter(|| rt.block_on(post(&app, "/v1/chat/completions", CHAT_REQUESTED)));
    });
    group.bench_function("chat_circuit_open", |b| {
        b.iter(|| rt.block_on(post(&app, "/v1/chat/completions", CHAT_AUTO)));
    });
    group.finish();
}

criterion_group!(benches, request_cost);
criterion_main!(benches);
