//! Watching edgecrew: `GET /metrics` (Prometheus text, for an admin key or the
//! `metrics_token` variable) and one JSON log line per request in the front door's stdout
//! log (`<state dir>/logs/validation_stdout.txt` on both hosts). Each test runs its own
//! server.

mod support;

use edgecrew_tests::client::{Client, Reply};
use http::Method;
use serde_json::{Value, json};
use support::{Server, admin_key, bearer, call_at, create_key_at, start_app};

const METRICS_TOKEN: &str = "scrape-token-0123456789abcdef";

/// A completion the chain answers from the fallback (the primary is down).
fn prompt() -> Value {
    json!({ "prompt": "Summarize: revenue rose 12% in Q3 while costs stayed flat." })
}

fn text(reply: &Reply) -> String {
    String::from_utf8_lossy(&reply.body).into_owned()
}

async fn scrape(base: &str, token: &str) -> Reply {
    call_at(base, Method::GET, "/metrics", Some(token), None).await
}

/// The value of the sample whose name and labels are exactly `series`, if present.
fn sample(exposition: &str, series: &str) -> Option<f64> {
    exposition
        .lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_status_provider_and_show_the_open_circuit() {
    let app = start_app(&[
        ("runtime_host_url", "http://127.0.0.1:1"),
        ("breaker_failure_threshold", "2"),
        ("breaker_window_seconds", "3600"),
        ("breaker_cooldown_seconds", "3600"),
        ("metrics_token", METRICS_TOKEN),
    ]);
    let base = &app.base_url;
    let (_, agents_key) = create_key_at(base, &["agents"], Some(3)).await;
    for _ in 0..5 {
        let reply = call_at(
            base,
            Method::POST,
            "/v1/complete",
            Some(&admin_key()),
            Some(prompt()),
        )
        .await;
        assert_eq!(reply.status, 200, "{}", text(&reply));
        assert_eq!(reply.header("x-edgecrew-provider"), Some("fallback"));
    }
    // A key limited to 3 a minute: the 4th and 5th are refused.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            call_at(base, Method::GET, "/v1/agents", Some(&agents_key), None)
                .await
                .status,
        );
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    let unauthenticated = call_at(base, Method::GET, "/v1/agents", None, None).await;
    assert_eq!(unauthenticated.status, 401);

    let reply = scrape(base, METRICS_TOKEN).await;
    let body = text(&reply);
    assert_eq!(reply.status, 200, "{body}");
    assert!(
        reply
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("text/plain; version=0.0.4")),
        "{:?}",
        reply.header("content-type")
    );
    let count =
        |series: &str| sample(&body, series).unwrap_or_else(|| panic!("no {series} in\n{body}"));
    assert_eq!(
        count(
            r#"edgecrew_requests_total{method="POST",route="/v1/complete",status="200",provider="fallback"}"#
        ),
        5.0
    );
    assert_eq!(
        count(
            r#"edgecrew_requests_total{method="GET",route="/v1/agents",status="200",provider="none"}"#
        ),
        3.0
    );
    assert_eq!(
        count(r#"edgecrew_rate_limited_total{method="GET",route="/v1/agents"}"#),
        2.0
    );
    assert_eq!(
        count(
            r#"edgecrew_requests_total{method="GET",route="/v1/agents",status="401",provider="none"}"#
        ),
        1.0
    );
    // Two failures opened the circuit; the other three answers skipped the primary.
    assert_eq!(
        count(r#"edgecrew_fallback_answers_total{reason="unavailable"}"#),
        2.0
    );
    assert_eq!(
        count(r#"edgecrew_fallback_answers_total{reason="circuit_open"}"#),
        3.0
    );
    assert_eq!(
        count(r#"edgecrew_circuit_state{provider="runtime-host",state="open"}"#),
        1.0
    );
    assert_eq!(
        count(r#"edgecrew_circuit_state{provider="runtime-host",state="closed"}"#),
        0.0
    );
    let histogram =
        r#"edgecrew_request_duration_seconds_count{method="POST",route="/v1/complete"}"#;
    assert_eq!(count(histogram), 5.0);
    assert_eq!(
        count(
            r#"edgecrew_request_duration_seconds_bucket{method="POST",route="/v1/complete",le="+Inf"}"#
        ),
        5.0
    );
    assert!(
        count(r#"edgecrew_request_duration_seconds_sum{method="POST",route="/v1/complete"}"#)
            >= 0.0
    );

    // A second scrape sees the first one counted: the counters are shared store state.
    let again = text(&scrape(base, &admin_key()).await);
    assert_eq!(
        sample(
            &again,
            r#"edgecrew_requests_total{method="GET",route="/metrics",status="200",provider="none"}"#
        ),
        Some(1.0),
        "{again}"
    );
}

#[tokio::test]
async fn metrics_need_an_admin_key_or_the_token_and_the_token_opens_nothing_else() {
    let app = start_app(&[("metrics_token", METRICS_TOKEN)]);
    let base = &app.base_url;
    let (_, agents_key) = create_key_at(base, &["agents", "emails", "conversations"], None).await;
    assert_eq!(
        call_at(base, Method::GET, "/metrics", None, None)
            .await
            .status,
        401
    );
    assert_eq!(scrape(base, "not-the-token").await.status, 401);
    let forbidden = scrape(base, &agents_key).await;
    assert_eq!(forbidden.status, 403, "{}", text(&forbidden));
    assert_eq!(scrape(base, METRICS_TOKEN).await.status, 200);
    assert_eq!(scrape(base, &admin_key()).await.status, 200);
    for path in ["/v1/agents", "/v1/admin/audit", "/v1/admin/export"] {
        let reply = call_at(base, Method::GET, path, Some(METRICS_TOKEN), None).await;
        assert_eq!(reply.status, 401, "{path}: {}", text(&reply));
    }
}

#[tokio::test]
async fn without_a_metrics_token_variable_no_token_opens_metrics() {
    let app = start_app(&[]);
    // The variable's default is empty: an empty bearer must not match it.
    let reply = Client::new(&app.base_url)
        .send(
            Method::GET,
            "/metrics",
            &[("authorization", "Bearer ")],
            Vec::new(),
        )
        .await
        .expect("request");
    assert_eq!(reply.status, 401, "{}", text(&reply));
}

/// The log lines of `server`'s front door, parsed.
fn log_lines(server: &Server) -> Vec<Value> {
    server
        .component_stdout("validation")
        .lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: not a JSON log line: {l}"))
        })
        .collect()
}

#[tokio::test]
async fn every_request_leaves_one_json_log_line_with_no_secret_or_body() {
    let app = start_app(&[("runtime_host_url", "http://127.0.0.1:1")]);
    let base = &app.base_url;
    let (key_id, key) = create_key_at(base, &["agents"], None).await;
    let client = Client::new(base);
    let (auth, value) = bearer(&key);
    let secret_prompt = "the launch code is 0xDEADBEEF";
    let body = serde_json::to_vec(&json!({ "prompt": secret_prompt })).expect("json");
    let reply = client
        .send(
            Method::POST,
            "/v1/complete",
            &[
                (auth, &value),
                ("content-type", "application/json"),
                ("x-request-id", "log-check-1"),
            ],
            body,
        )
        .await
        .expect("request");
    assert_eq!(reply.status, 200, "{}", text(&reply));
    let refused = client
        .send(
            Method::GET,
            "/v1/conversations/nope?x=1",
            &[("x-request-id", "log-check-2")],
            Vec::new(),
        )
        .await
        .expect("request");
    assert_eq!(refused.status, 401);

    // The line is written before the response leaves; allow the file a moment on a busy host.
    let mut lines = Vec::new();
    for _ in 0..50 {
        lines = log_lines(&app);
        if lines.iter().any(|l| l["request_id"] == "log-check-2") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let find = |rid: &str| -> Value {
        let matching: Vec<&Value> = lines.iter().filter(|l| l["request_id"] == rid).collect();
        assert_eq!(matching.len(), 1, "one line for {rid}: {lines:?}");
        matching[0].clone()
    };
    let done = find("log-check-1");
    assert_eq!(done["key_id"], key_id.as_str());
    assert_eq!(done["method"], "POST");
    assert_eq!(done["route"], "/v1/complete");
    assert_eq!(done["status"], 200);
    assert_eq!(done["provider"], "fallback");
    assert!(done["ms"].is_u64(), "{done}");
    let refused = find("log-check-2");
    assert_eq!(refused["route"], "/v1/conversations/{id}");
    assert_eq!(refused["status"], 401);
    assert_eq!(refused["key_id"], Value::Null);

    let everything = app.component_stdout("validation");
    for secret in [key.as_str(), &admin_key(), secret_prompt, "nope?x=1"] {
        assert!(!everything.contains(secret), "the log holds '{secret}'");
    }
}

#[tokio::test]
async fn with_request_metrics_off_requests_are_not_counted_but_circuits_still_show() {
    let app = start_app(&[("request_metrics", "off"), ("metrics_token", METRICS_TOKEN)]);
    let base = &app.base_url;
    for _ in 0..3 {
        let reply = call_at(base, Method::GET, "/v1/agents", Some(&admin_key()), None).await;
        assert_eq!(reply.status, 200, "{}", text(&reply));
    }
    let reply = scrape(base, METRICS_TOKEN).await;
    let body = text(&reply);
    assert_eq!(reply.status, 200, "{body}");
    assert!(
        !body
            .lines()
            .any(|l| l.starts_with("edgecrew_requests_total{")),
        "requests were counted: {body}"
    );
    assert!(
        body.lines()
            .any(|l| l.starts_with("edgecrew_circuit_state{provider=\"runtime-host\"")),
        "{body}"
    );
    // The log line is still written.
    assert!(
        app.component_stdout("validation")
            .contains("\"route\":\"/v1/agents\"")
    );
}

#[tokio::test]
async fn concurrent_scrapes_count_each_request_once_and_a_restored_log_is_not_counted() {
    let source = start_app(&[("metrics_token", METRICS_TOKEN)]);
    let base = &source.base_url;
    for _ in 0..20 {
        let reply = call_at(base, Method::GET, "/v1/agents", Some(&admin_key()), None).await;
        assert_eq!(reply.status, 200, "{}", text(&reply));
    }
    // Eight scrapes at once fold the same records: each must be counted once.
    let scrapes = futures::future::join_all((0..8).map(|_| scrape(base, METRICS_TOKEN))).await;
    assert!(scrapes.iter().all(|r| r.status == 200));
    let body = text(&scrape(base, METRICS_TOKEN).await);
    let agents =
        r#"edgecrew_requests_total{method="GET",route="/v1/agents",status="200",provider="none"}"#;
    let scraped =
        r#"edgecrew_requests_total{method="GET",route="/metrics",status="200",provider="none"}"#;
    assert_eq!(sample(&body, agents), Some(20.0), "{body}");
    assert_eq!(sample(&body, scraped), Some(8.0), "{body}");
    assert_eq!(
        sample(&body, "edgecrew_metrics_backlog_records"),
        Some(0.0),
        "{body}"
    );

    // The source's audit log restored into another store is history, not requests the
    // other store served.
    let file = support::export_backup(base).await;
    let target = start_app(&[("metrics_token", METRICS_TOKEN)]);
    let imported = support::import_backup(&target.base_url, file.as_bytes()).await;
    assert_eq!(imported.status, 200, "{}", text(&imported));
    let body = text(&scrape(&target.base_url, METRICS_TOKEN).await);
    assert_eq!(sample(&body, agents), None, "{body}");
    assert_eq!(
        sample(
            &body,
            r#"edgecrew_requests_total{method="POST",route="/v1/admin/import",status="200",provider="none"}"#
        ),
        Some(1.0),
        "{body}"
    );
}
