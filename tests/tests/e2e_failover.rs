//! Failover and recovery with a real runtime-host (tiny generated model): answers come
//! from it while it is up; once it is killed every request still gets a 200 from the
//! fallback with `fallback_reason`, quickly (the circuit opens, so no request waits on the
//! dead primary); once it is back, requests return to it by themselves after the cool-down.
//! Also: streaming relays the model's tokens, and a JSON-schema request gets parsed JSON.

mod support;

use std::time::{Duration, Instant};

use http::Method;
use serde_json::{Value, json};
use support::checks::SEED;
use support::runtime_host::RuntimeHost;
use support::{app_with_primary, call_at, create_key_at};

/// Conversations written to while runtime-host is killed under them.
const CONCURRENT_CONVERSATIONS: usize = 16;

/// Longest a request may take while the primary is dead (connect refused is immediate,
/// an open circuit skips it).
const DEGRADED_BOUND: Duration = Duration::from_secs(3);

/// How long recovery may take after the restart: the cool-down plus slack.
const RECOVERY_BOUND: Duration = Duration::from_secs(support::TEST_COOLDOWN_SECONDS + 15);

async fn complete(base: &str, key: &str, body: Value) -> Value {
    let reply = call_at(base, Method::POST, "/v1/complete", Some(key), Some(body)).await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, 200, "{text}");
    serde_json::from_str(&text).expect("json")
}

fn prompt() -> Value {
    json!({"prompt": "Say hello to the team.", "max_tokens": 8, "seed": SEED})
}

async fn circuit(base: &str) -> Value {
    let health = call_at(base, Method::GET, "/health", None, None).await;
    health.json().expect("json")["checks"]["llm"].clone()
}

#[tokio::test]
async fn kill_and_restart_fail_over_and_recover_without_intervention() {
    let mut runtime_host = RuntimeHost::start();
    let server = app_with_primary(&runtime_host.base_url);
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;

    for _ in 0..3 {
        let doc = complete(base, &key, prompt()).await;
        assert_eq!(doc["provider"]["name"], "runtime-host", "{doc}");
        assert!(doc["provider"]["fallback_reason"].is_null(), "{doc}");
    }

    runtime_host.kill();
    let mut reasons = Vec::new();
    for _ in 0..6 {
        let started = Instant::now();
        let doc = complete(base, &key, prompt()).await;
        assert!(
            started.elapsed() < DEGRADED_BOUND,
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(doc["provider"]["name"], "fallback", "{doc}");
        reasons.push(
            doc["provider"]["fallback_reason"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
        );
    }
    assert_eq!(reasons[..2], ["unavailable", "unavailable"], "{reasons:?}");
    assert!(
        reasons[2..].iter().all(|r| r == "circuit_open"),
        "{reasons:?}"
    );
    let llm = circuit(base).await;
    assert_eq!(llm["status"], "down", "{llm}");
    assert_eq!(llm["circuit"], "open", "{llm}");

    runtime_host.restart();
    let restarted = Instant::now();
    loop {
        let doc = complete(base, &key, prompt()).await;
        if doc["provider"]["name"] == "runtime-host" {
            break;
        }
        assert!(
            restarted.elapsed() < RECOVERY_BOUND,
            "still degraded: {doc}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let doc = complete(base, &key, prompt()).await;
    assert_eq!(doc["provider"]["name"], "runtime-host", "{doc}");
    let llm = circuit(base).await;
    assert_eq!(llm, json!({"status": "ok", "circuit": "closed"}));
}

#[tokio::test]
async fn streams_relay_tokens_and_schemas_give_parsed_json() {
    let runtime_host = RuntimeHost::start();
    let server = app_with_primary(&runtime_host.base_url);
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;

    let mut body = prompt();
    body["stream"] = json!(true);
    body["max_tokens"] = json!(16);
    let reply = call_at(base, Method::POST, "/v1/complete", Some(&key), Some(body)).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    let tokens: String = text
        .split("\n\n")
        .filter_map(|e| e.strip_prefix("event: token\ndata: "))
        .map(|d| {
            serde_json::from_str::<Value>(d).expect("token json")["text"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        })
        .collect();
    let done = text
        .split("\n\n")
        .find_map(|e| e.strip_prefix("event: done\ndata: "))
        .unwrap_or_else(|| panic!("no done event: {text}"));
    let done: Value = serde_json::from_str(done).expect("done json");
    assert_eq!(done["provider"]["name"], "runtime-host", "{done}");
    assert_eq!(
        done["text"].as_str(),
        Some(tokens.as_str()),
        "tokens add up to the text"
    );
    assert!(
        text.matches("event: token").count() > 1,
        "relayed in pieces: {text}"
    );

    let schema = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["city", "days"],
        "properties": {"city": {"type": "string", "maxLength": 20}, "days": {"type": "integer"}}
    });
    let doc = complete(
        base,
        &key,
        json!({"prompt": "Plan a trip.", "json_schema": schema, "max_tokens": 128, "seed": SEED}),
    )
    .await;
    assert_eq!(doc["provider"]["name"], "runtime-host", "{doc}");
    assert!(
        doc["json"]["city"].is_string() && doc["json"]["days"].is_i64(),
        "{doc}"
    );
    let reparsed: Value =
        serde_json::from_str(doc["text"].as_str().unwrap_or("")).expect("text is the JSON");
    assert_eq!(reparsed, doc["json"]);
}

/// A stream that stops after one token, without `[DONE]`.
const BROKEN_STREAM: &str = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n\
data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n";

/// A 200 whose answer is blank.
const BLANK_ANSWER: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 46\r\nconnection: close\r\n\r\n\
{\"choices\":[{\"message\":{\"content\":\"  \"}}]}    ";

#[tokio::test]
async fn a_stream_that_breaks_mid_way_ends_with_an_error_event() {
    let server = app_with_primary(&support::fake_provider::serve(BROKEN_STREAM));
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let reply = call_at(
        base,
        Method::POST,
        "/v1/complete",
        Some(&key),
        Some(json!({"prompt": "Say hello.", "stream": true})),
    )
    .await;
    assert_eq!(reply.status, 200);
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    let events: Vec<&str> = text.split("\n\n").filter(|e| !e.is_empty()).collect();
    assert_eq!(
        events.first().copied(),
        Some("event: token\ndata: {\"text\":\"Hel\"}"),
        "{text}"
    );
    let last = events.last().copied().unwrap_or_default();
    let error: Value = serde_json::from_str(
        last.strip_prefix("event: error\ndata: ")
            .unwrap_or_else(|| panic!("{text}")),
    )
    .expect("error json");
    assert_eq!(error["provider"], "runtime-host");
    assert_eq!(error["reason"], "invalid_output", "{error}");
}

#[tokio::test]
async fn a_blank_model_answer_counts_as_a_failure_and_falls_back() {
    let server = app_with_primary(&support::fake_provider::serve(BLANK_ANSWER));
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let doc = complete(base, &key, json!({"prompt": "Say hello."})).await;
    assert_eq!(doc["provider"]["name"], "fallback", "{doc}");
    assert_eq!(doc["provider"]["fallback_reason"], "empty_output", "{doc}");
    assert!(
        doc["text"]
            .as_str()
            .unwrap_or("")
            .starts_with("[Degraded answer]")
    );
}

#[tokio::test]
async fn killing_the_primary_mid_load_loses_no_write_and_answers_no_5xx() {
    let mut runtime_host = RuntimeHost::start();
    let server = app_with_primary(&runtime_host.base_url);
    let base = server.base_url.clone();
    let (_, key) = create_key_at(&base, &["conversations", "agents"], None).await;
    let mut ids = Vec::new();
    for _ in 0..CONCURRENT_CONVERSATIONS {
        let reply = call_at(
            &base,
            Method::POST,
            "/v1/conversations",
            Some(&key),
            Some(json!({})),
        )
        .await;
        assert_eq!(reply.status, 201);
        ids.push(
            reply.json().expect("json")["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    // Each conversation gets three exchanges in a row; all conversations at once.
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let (base, key, id) = (base.clone(), key.clone(), id.clone());
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for turn in 0..3 {
                    let reply = call_at(
                        &base,
                        Method::POST,
                        &format!("/v1/conversations/{id}/messages"),
                        Some(&key),
                        Some(json!({"content": format!("turn {turn}: list two risks")})),
                    )
                    .await;
                    statuses.push(reply.status);
                }
                statuses
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(30)).await;
    runtime_host.kill();
    for task in tasks {
        let statuses = task.await.expect("task");
        assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    }
    for id in &ids {
        let reply = call_at(
            &base,
            Method::GET,
            &format!("/v1/conversations/{id}"),
            Some(&key),
            None,
        )
        .await;
        let doc = reply.json().expect("json");
        let seqs: Vec<u64> = doc["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .filter_map(|m| m["seq"].as_u64())
            .collect();
        assert_eq!(
            seqs,
            (1..=6).collect::<Vec<u64>>(),
            "every acknowledged write is there: {doc}"
        );
    }
}

/// A provider whose review of any e-mail adds the date `end of quarter` (which the rules
/// do not resolve), an entity that is not in the e-mail, and a summary (as one JSON
/// answer, ignoring `stream: true`).
const REVIEWER: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n\
{\"model\":\"reviewer\",\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"content\":\
\"{\\\"entities\\\":[{\\\"type\\\":\\\"date\\\",\\\"value\\\":\\\"end of quarter\\\"},\
{\\\"type\\\":\\\"company\\\",\\\"value\\\":\\\"Invented Corp\\\"}],\\\"action_items\\\":[],\
\\\"summary\\\":\\\"Ship PO 48211 by the end of quarter.\\\"}\"}}]}";

#[tokio::test]
async fn the_model_phase_adds_entities_found_in_the_text() {
    let server = app_with_primary(&support::fake_provider::serve(REVIEWER));
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["emails"], None).await;
    let reply = call_at(
        base,
        Method::POST,
        "/v1/emails/analyze",
        Some(&key),
        Some(
            json!({"subject": "Order", "body": "Please ship PO 48211 before the end of quarter."}),
        ),
    )
    .await;
    let doc = reply.json().expect("json");
    assert_eq!(reply.status, 200, "{doc}");
    assert_eq!(doc["provider"]["name"], "runtime-host", "{doc}");
    assert_eq!(doc["provider"]["model"], "reviewer", "{doc}");
    let entities = doc["entities"].as_array().expect("entities");
    let po = entities
        .iter()
        .find(|e| e["type"] == "po_number")
        .expect("rule PO kept");
    assert_eq!(po["method"], "rule");
    let added = entities
        .iter()
        .find(|e| e["value"] == "end of quarter")
        .unwrap_or_else(|| panic!("model entity: {doc}"));
    assert_eq!(added["method"], "llm", "{added}");
    assert_eq!(added["type"], "date", "{added}");
    assert!(
        !doc.to_string().contains("Invented Corp"),
        "not in the e-mail: dropped"
    );
    assert_eq!(doc["summary"], "Ship PO 48211 by the end of quarter.");
}
