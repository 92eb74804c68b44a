//! Operating edgecrew: `GET /metrics` (Prometheus text, for an admin key or the
//! `metrics_token` variable), one JSON log line per request in the component's stdout
//! log, and backup and restore (`GET /v1/admin/export`, `POST /v1/admin/import`) from
//! SQLite to Redis and back, byte for byte. Each test runs its own server(s).

mod support;

use std::collections::HashSet;

use edgecrew_tests::client::{Client, Reply};
use http::Method;
use serde_json::{Value, json};
use support::redis_server::RedisServer;
use support::{
    Server, admin_key, bearer, call_at, create_key_at, start_app, start_app_with_runtime_config,
};

/// The scrape token the metrics tests give their server.
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

/// Fill a store through the API: an API key, a conversation with messages, an analysis.
/// Returns the created key, which must still work after a restore.
async fn populate(base: &str) -> String {
    let admin = admin_key();
    let (_, key) = create_key_at(base, &["agents", "conversations", "emails"], None).await;
    let created = call_at(
        base,
        Method::POST,
        "/v1/conversations",
        Some(&key),
        Some(json!({"title": "Q3 numbers"})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", text(&created));
    let id = created.json().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for content in ["What moved revenue?", "And costs?"] {
        let reply = call_at(
            base,
            Method::POST,
            &format!("/v1/conversations/{id}/messages"),
            Some(&key),
            Some(json!({"content": content, "agent": "data_analysis"})),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", text(&reply));
    }
    let analysis = call_at(
        base,
        Method::POST,
        "/v1/emails/analyze",
        Some(&admin),
        Some(json!({"subject": "PO 4500012345 late", "body": "Where is PO 4500012345? Call 555-0100.", "from": "ops@example.com"})),
    )
    .await;
    assert_eq!(analysis.status, 200, "{}", text(&analysis));
    key
}

async fn export(base: &str) -> String {
    let reply = call_at(
        base,
        Method::GET,
        "/v1/admin/export",
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", text(&reply));
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    text(&reply)
}

async fn import(base: &str, file: &str) -> Reply {
    let (auth, value) = bearer(&admin_key());
    Client::new(base)
        .send(
            Method::POST,
            "/v1/admin/import",
            &[(auth, &value), ("content-type", "application/x-ndjson")],
            file.as_bytes().to_vec(),
        )
        .await
        .expect("request")
}

/// A file's record and counter lines (everything but the audit log, header and end).
fn data_lines(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|l| l.starts_with("{\"key\":"))
        .collect()
}

/// A file's audit lines, oldest first.
fn audit_lines(file: &str) -> Vec<&str> {
    file.lines()
        .filter(|l| l.starts_with("{\"audit\":"))
        .collect()
}

#[tokio::test]
async fn a_backup_survives_sqlite_to_redis_to_sqlite_byte_for_byte() {
    let first = start_app(&[("runtime_host_url", "http://127.0.0.1:1")]);
    let key = populate(&first.base_url).await;
    let from_sqlite = export(&first.base_url).await;
    assert!(
        from_sqlite
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("{\"end\":")),
        "{from_sqlite}"
    );
    let kinds: HashSet<&str> = data_lines(&from_sqlite)
        .iter()
        .filter_map(|l| l.split('"').nth(3)?.split(':').next())
        .collect();
    assert_eq!(
        kinds,
        HashSet::from(["key", "conv", "analysis"]),
        "{from_sqlite}"
    );

    let redis = RedisServer::start();
    let on_redis = start_app_with_runtime_config(&[], Some(&redis.runtime_config()));
    let imported = import(&on_redis.base_url, &from_sqlite).await;
    assert_eq!(imported.status, 200, "{}", text(&imported));
    assert_eq!(imported.json().expect("json")["repeated"], false);
    let from_redis = export(&on_redis.base_url).await;

    let last = start_app(&[]);
    assert_eq!(import(&last.base_url, &from_redis).await.status, 200);
    let back_on_sqlite = export(&last.base_url).await;

    // Records and counters: the same bytes at every step.
    assert_eq!(data_lines(&from_redis), data_lines(&from_sqlite));
    assert_eq!(data_lines(&back_on_sqlite), data_lines(&from_sqlite));
    // The audit log: the original records first, byte for byte, then each store's own.
    let original = audit_lines(&from_sqlite);
    assert!(!original.is_empty());
    assert_eq!(audit_lines(&from_redis)[..original.len()], original[..]);
    assert_eq!(audit_lines(&back_on_sqlite)[..original.len()], original[..]);

    // What was restored works: the key authenticates, the conversation reads back.
    let listed = call_at(
        &last.base_url,
        Method::GET,
        "/v1/conversations",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(listed.status, 200, "{}", text(&listed));
    let conversations = listed.json().expect("json");
    let id = conversations["conversations"][0]["id"]
        .as_str()
        .expect("a restored conversation");
    let read = call_at(
        &last.base_url,
        Method::GET,
        &format!("/v1/conversations/{id}"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(read.status, 200, "{}", text(&read));
    assert_eq!(
        read.json().expect("json")["messages"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
}

#[tokio::test]
async fn importing_twice_is_importing_once_and_a_damaged_file_writes_nothing() {
    let source = start_app(&[("runtime_host_url", "http://127.0.0.1:1")]);
    populate(&source.base_url).await;
    let file = export(&source.base_url).await;
    let target = start_app(&[]);

    // Damaged in each way a file is: a changed byte, a cut, a foreign line, a new version.
    let changed = file.replacen("Q3 numbers", "Q4 numbers", 1);
    let cut = file[..file.rfind("{\"end\"").expect("end line")].to_owned();
    let mut lines: Vec<&str> = file.lines().collect();
    lines.insert(1, r#"{"key":"rl:key:x:0","counter":9}"#);
    let foreign = lines.join("\n") + "\n";
    let newer = file.replacen("\"version\":1", "\"version\":2", 1);
    for (damage, bad, says) in [
        ("a changed byte", changed, "checksum"),
        ("a cut", cut, "end line is missing"),
        ("a transient key", foreign, "not a counter a backup holds"),
        ("a newer version", newer, "version 2"),
    ] {
        let reply = import(&target.base_url, &bad).await;
        assert_eq!(reply.status, 400, "{damage}: {}", text(&reply));
        let detail = reply.json().expect("problem")["detail"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            detail.contains(says) && detail.contains("nothing was written"),
            "{damage}: {detail}"
        );
    }
    assert!(
        data_lines(&export(&target.base_url).await).is_empty(),
        "a refused file wrote records"
    );

    for round in [false, true] {
        let reply = import(&target.base_url, &file).await;
        assert_eq!(reply.status, 200, "{}", text(&reply));
        assert_eq!(reply.json().expect("json")["repeated"], round);
    }
    let restored = export(&target.base_url).await;
    assert_eq!(data_lines(&restored), data_lines(&file));
    // Each imported audit record is there once, in its original place at the front.
    let original = audit_lines(&file);
    let audit = audit_lines(&restored);
    assert_eq!(audit[..original.len()], original[..]);
    for line in &original {
        assert_eq!(audit.iter().filter(|l| *l == line).count(), 1, "{line}");
    }
    let wrong_type = Client::new(&target.base_url)
        .send(
            Method::POST,
            "/v1/admin/import",
            &[
                ("authorization", &format!("Bearer {}", admin_key())),
                ("content-type", "application/json"),
            ],
            file.as_bytes().to_vec(),
        )
        .await
        .expect("request");
    assert_eq!(wrong_type.status, 415, "{}", text(&wrong_type));
}
