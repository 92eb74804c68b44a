//! End-to-end: the validation component as the front door — keys and scopes, rotation
//! and revocation, input validation, rate limits (also under concurrency), CORS, cookies
//! and the audit log — against the base URL.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::Method;
use serde_json::json;
use support::{CORS_ORIGIN, admin_key, call, client, create_key};

/// One representative endpoint per scope, with a valid request for it.
fn groups() -> Vec<(
    &'static str,
    Method,
    &'static str,
    Option<serde_json::Value>,
)> {
    vec![
        (
            "agents",
            Method::POST,
            "/v1/complete",
            Some(json!({"prompt": "hi"})),
        ),
        ("agents", Method::GET, "/v1/agents", None),
        (
            "emails",
            Method::POST,
            "/v1/entities/extract",
            Some(json!({"text": "PO 12345"})),
        ),
        ("conversations", Method::GET, "/v1/conversations", None),
        ("admin", Method::GET, "/v1/admin/audit", None),
    ]
}

fn assert_problem(reply: &edgecrew_tests::client::Reply, status: u16) -> serde_json::Value {
    assert_eq!(
        reply.status,
        status,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let body = reply.json().expect("problem body");
    assert_eq!(body["status"], status);
    assert_eq!(body["request_id"].as_str(), reply.header("x-request-id"));
    body
}

#[tokio::test]
async fn every_route_group_needs_a_key_with_its_scope() {
    let (_, other) = create_key(&["conversations"], None).await;
    let (_, emails_only) = create_key(&["emails"], None).await;
    for (scope, method, path, body) in groups() {
        let reply = call(method.clone(), path, None, body.clone()).await;
        assert_problem(&reply, 401);
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"), "{path}");

        let bad = format!("ek_{}_{}", "0".repeat(16), "0".repeat(64));
        assert_problem(
            &call(method.clone(), path, Some(&bad), body.clone()).await,
            401,
        );
        assert_problem(
            &call(method.clone(), path, Some("not-a-key"), body.clone()).await,
            401,
        );

        let wrong = if scope == "conversations" {
            &emails_only
        } else {
            &other
        };
        let reply = call(method.clone(), path, Some(wrong), body.clone()).await;
        let problem = assert_problem(&reply, 403);
        assert!(
            problem["detail"].as_str().expect("detail").contains(scope),
            "{problem}"
        );

        let (_, right) = create_key(&[scope], None).await;
        let reply = call(method.clone(), path, Some(&right), body.clone()).await;
        assert!(
            reply.status != 401 && reply.status != 403,
            "{path} with a '{scope}' key: {}",
            reply.status
        );
    }
}

async fn audit_events() -> Vec<serde_json::Value> {
    let reply = call(
        Method::GET,
        "/v1/admin/audit?limit=1000",
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(reply.status, 200);
    reply.json().expect("json")["events"]
        .as_array()
        .expect("events")
        .clone()
}

#[tokio::test]
async fn key_lifecycle_create_use_rotate_grace_revoke_with_audit() {
    let (id, old) = create_key(&["agents"], None).await;
    let used = call(Method::GET, "/v1/agents", Some(&old), None).await;
    assert_ne!(used.status, 401);
    let used_request_id = used.header("x-request-id").expect("id").to_owned();

    let rotated = call(
        Method::POST,
        &format!("/v1/admin/keys/{id}/rotate"),
        Some(&admin_key()),
        Some(json!({"grace_seconds": 4})),
    )
    .await;
    assert_eq!(
        rotated.status,
        200,
        "{}",
        String::from_utf8_lossy(&rotated.body)
    );
    let rotated = rotated.json().expect("json");
    assert_eq!(rotated["id"], id.as_str());
    let new = rotated["key"].as_str().expect("key").to_owned();
    assert_ne!(new, old);

    // Both secrets work during the grace period...
    assert_ne!(
        call(Method::GET, "/v1/agents", Some(&new), None)
            .await
            .status,
        401
    );
    assert_ne!(
        call(Method::GET, "/v1/agents", Some(&old), None)
            .await
            .status,
        401
    );
    // ...then only the new one.
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_problem(
        &call(Method::GET, "/v1/agents", Some(&old), None).await,
        401,
    );
    assert_ne!(
        call(Method::GET, "/v1/agents", Some(&new), None)
            .await
            .status,
        401
    );

    let revoked = call(
        Method::DELETE,
        &format!("/v1/admin/keys/{id}"),
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(revoked.status, 204);
    let problem = assert_problem(
        &call(Method::GET, "/v1/agents", Some(&new), None).await,
        401,
    );
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("revoked")
    );
    // Revoking twice, or rotating a revoked key, finds no active key.
    assert_problem(
        &call(
            Method::DELETE,
            &format!("/v1/admin/keys/{id}"),
            Some(&admin_key()),
            None,
        )
        .await,
        404,
    );

    let events = audit_events().await;
    for action in ["key.created", "key.rotated", "key.revoked"] {
        assert!(
            events
                .iter()
                .any(|e| e["action"] == action && e["target_key_id"] == id.as_str()),
            "no {action} event for {id}"
        );
    }
    let use_event = events
        .iter()
        .find(|e| e["request_id"] == used_request_id.as_str())
        .expect("the use of the key is audited");
    assert_eq!(use_event["key_id"], id.as_str());
    assert_eq!(use_event["path"], "/v1/agents");
    assert!(events.iter().any(|e| e["action"] == "auth.failed"));
    // No secret ever reaches the audit log.
    let text = serde_json::to_string(&events).expect("json");
    assert!(!text.contains(&old) && !text.contains(&new));
}

#[tokio::test]
async fn bad_input_gets_415_413_400_and_405_as_problem_json() {
    let (_, key) = create_key(&["agents"], None).await;
    let auth = format!("Bearer {key}");
    let c = client();
    let send = |ct: &'static str, body: Vec<u8>| {
        let c = c.clone();
        let auth = auth.clone();
        async move {
            c.send(
                Method::POST,
                "/v1/complete",
                &[("authorization", auth.as_str()), ("content-type", ct)],
                body,
            )
            .await
            .expect("request")
        }
    };
    assert_problem(&send("text/plain", b"prompt=hi".to_vec()).await, 415);
    let big = format!("{{\"prompt\":\"{}\"}}", "a".repeat(300 * 1024));
    let too_big = send("application/json", big.into_bytes()).await;
    assert_problem(&too_big, 413);
    assert!(too_big.header("ratelimit-remaining").is_some());
    let p = assert_problem(
        &send("application/json", b"{\"prompt\":".to_vec()).await,
        400,
    );
    assert!(
        p["detail"]
            .as_str()
            .expect("detail")
            .contains("malformed JSON")
    );
    let p = assert_problem(
        &send(
            "application/json",
            br#"{"prompt":"x","max_tokens":0}"#.to_vec(),
        )
        .await,
        400,
    );
    assert!(
        p["detail"].as_str().expect("detail").contains("max_tokens"),
        "{p}"
    );
    let p = assert_problem(
        &send("application/json", br#"{"promt":"x"}"#.to_vec()).await,
        400,
    );
    assert!(
        p["detail"].as_str().expect("detail").contains("promt"),
        "{p}"
    );
    let reply = call(Method::PUT, "/v1/complete", Some(&key), None).await;
    assert_problem(&reply, 405);
    assert_eq!(reply.header("allow"), Some("POST"));
    let (_, conv_key) = create_key(&["conversations"], None).await;
    let p = assert_problem(
        &call(
            Method::GET,
            "/v1/conversations/bad%20id",
            Some(&conv_key),
            None,
        )
        .await,
        400,
    );
    assert!(
        p["detail"]
            .as_str()
            .expect("detail")
            .contains("not a valid id"),
        "{p}"
    );
}

#[tokio::test]
async fn the_limit_answers_429_with_ratelimit_headers_and_retry_after() {
    let (_, key) = create_key(&["agents"], Some(3)).await;
    wait_for_fresh_window(10).await;
    for remaining in ["2", "1", "0"] {
        let reply = call(Method::GET, "/v1/agents", Some(&key), None).await;
        assert_ne!(reply.status, 429);
        assert_eq!(reply.header("ratelimit-limit"), Some("3"));
        assert_eq!(reply.header("ratelimit-remaining"), Some(remaining));
        assert!(reply.header("ratelimit-reset").is_some());
    }
    let reply = call(Method::GET, "/v1/agents", Some(&key), None).await;
    assert_problem(&reply, 429);
    assert_eq!(reply.header("ratelimit-remaining"), Some("0"));
    let retry: u64 = reply
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry));
}

/// Sleep until at least `margin` seconds remain in the current one-minute window.
async fn wait_for_fresh_window(margin: u64) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
    let into = now.as_secs() % 60;
    if into > 60 - margin {
        tokio::time::sleep(Duration::from_secs(61 - into)).await;
    }
}

/// Guarantee under test: within one window, exactly `limit` requests of a key are
/// admitted however many arrive at once (tolerance 0), because every admission takes a
/// distinct value of an atomic counter.
#[tokio::test]
async fn two_hundred_parallel_requests_against_a_limit_of_fifty_admit_exactly_fifty() {
    let (_, key) = create_key(&["agents"], Some(50)).await;
    wait_for_fresh_window(30).await;
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let key = key.clone();
            tokio::spawn(async move {
                call(Method::GET, "/v1/agents", Some(&key), None)
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("join"));
    }
    let limited = statuses.iter().filter(|s| **s == 429).count();
    let admitted = statuses.len() - limited;
    assert_eq!(admitted, 50, "statuses: {statuses:?}");
    assert!(
        statuses.iter().all(|s| *s < 500),
        "no 5xx under load: {statuses:?}"
    );
}

#[tokio::test]
async fn cookies_are_not_credentials() {
    let reply = client()
        .send(Method::GET, "/v1/agents", &[("cookie", "session=abc")], "")
        .await
        .expect("request");
    let p = assert_problem(&reply, 401);
    assert!(
        p["detail"].as_str().expect("detail").contains("cookies"),
        "{p}"
    );
}

#[tokio::test]
async fn cors_allows_only_listed_origins_and_never_credentials() {
    let c = client();
    let preflight = |origin: &'static str| {
        let c = c.clone();
        async move {
            c.send(
                Method::OPTIONS,
                "/v1/complete",
                &[
                    ("origin", origin),
                    ("access-control-request-method", "POST"),
                    (
                        "access-control-request-headers",
                        "authorization, content-type",
                    ),
                ],
                "",
            )
            .await
            .expect("request")
        }
    };
    let ok = preflight(CORS_ORIGIN).await;
    assert_eq!(ok.status, 204);
    assert_eq!(ok.header("access-control-allow-origin"), Some(CORS_ORIGIN));
    assert!(
        ok.header("access-control-allow-methods")
            .expect("methods")
            .contains("POST")
    );
    assert!(ok.header("access-control-allow-credentials").is_none());
    assert!(
        ok.header("ratelimit-limit").is_some(),
        "preflights are rate limited too"
    );
    let denied = preflight("https://evil.example.com").await;
    assert_problem(&denied, 403);
    assert!(denied.header("access-control-allow-origin").is_none());

    let reply = c
        .send(Method::GET, "/health", &[("origin", CORS_ORIGIN)], "")
        .await
        .expect("request");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(CORS_ORIGIN)
    );
    assert!(reply.header("access-control-allow-credentials").is_none());
    let reply = c
        .send(
            Method::GET,
            "/health",
            &[("origin", "https://evil.example.com")],
            "",
        )
        .await
        .expect("request");
    assert!(reply.header("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn the_audit_log_is_for_admins_and_filters_by_time() {
    let (_, key) = create_key(&["agents"], None).await;
    assert_problem(
        &call(Method::GET, "/v1/admin/audit", Some(&key), None).await,
        403,
    );
    let future = "2999-01-01T00:00:00Z";
    let reply = call(
        Method::GET,
        &format!("/v1/admin/audit?since={future}"),
        Some(&admin_key()),
        None,
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json().expect("json")["events"], json!([]));
    let reply = call(
        Method::GET,
        "/v1/admin/audit?limit=2",
        Some(&admin_key()),
        None,
    )
    .await;
    let events = reply.json().expect("json")["events"]
        .as_array()
        .expect("events")
        .clone();
    assert_eq!(events.len(), 2);
    for e in &events {
        for field in ["at", "request_id", "method", "path", "status", "action"] {
            assert!(!e[field].is_null(), "{field} missing in {e}");
        }
    }
    assert_problem(
        &call(
            Method::GET,
            "/v1/admin/audit?limit=0",
            Some(&admin_key()),
            None,
        )
        .await,
        400,
    );
}

/// Retention retires old records as new ones arrive (here with a retention of zero days,
/// so everything older than the newest request is past it). Needs its own server.
#[tokio::test]
async fn audit_retention_retires_old_records() {
    let host = support::start_app(&[("audit_retention_days", "0")]);
    let c = edgecrew_tests::client::Client::new(&host.base_url);
    let auth = format!("Bearer {}", admin_key());
    for _ in 0..40 {
        c.send(Method::GET, "/health", &[], "")
            .await
            .expect("request");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let reply = c
        .send(
            Method::GET,
            "/v1/admin/audit?limit=1000",
            &[("authorization", auth.as_str())],
            "",
        )
        .await
        .expect("request");
    assert_eq!(reply.status, 200);
    let events = reply.json().expect("json")["events"]
        .as_array()
        .expect("events")
        .clone();
    assert!(
        events.len() < 20,
        "40 requests with zero retention leave only the newest records, got {}",
        events.len()
    );
    let last = events.last().expect("the newest records remain");
    assert_eq!(last["path"], "/health");
}
