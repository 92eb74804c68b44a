//! Many instances, one truth: two app instances (two `spin up` processes, or two devhosts)
//! on one real Redis through Spin's runtime config (`[key_value_store.default] type =
//! "redis"`). Rate limits, circuits, conversations and keys are shared exactly; and when
//! Redis is killed under load every request gets a clear 503 problem+json (never a hang,
//! never a 500) and nothing acknowledged is lost. That instances resume by themselves once
//! Redis is back holds on devhost but not on `spin up` 4.1.0-pre0 (its Redis store never
//! reconnects after a command was in flight during the outage), so that test is ignored and
//! run with `--ignored` on devhost.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use edgecrew_tests::client::Reply;
use http::Method;
use serde_json::{Value, json};
use support::redis_server::RedisServer;
use support::{Server, admin_key, call_at, create_key_at, start_app_with_runtime_config};

/// The primary provider down, its circuit opening after 2 failures and staying open.
const VARIABLES: &[(&str, &str)] = &[
    ("runtime_host_url", "http://127.0.0.1:1"),
    ("breaker_failure_threshold", "2"),
    ("breaker_window_seconds", "3600"),
    ("breaker_cooldown_seconds", "3600"),
];

/// Longest any request may take, Redis up or down.
const REQUEST_BOUND: Duration = Duration::from_secs(10);

/// Two instances of the app on `redis`.
fn two_instances(redis: &RedisServer) -> (Server, Server) {
    let config = redis.runtime_config();
    (
        start_app_with_runtime_config(VARIABLES, Some(&config)),
        start_app_with_runtime_config(VARIABLES, Some(&config)),
    )
}

/// A request that must finish within [`REQUEST_BOUND`].
async fn bounded(base: &str, method: Method, path: &str, key: &str, body: Option<Value>) -> Reply {
    tokio::time::timeout(REQUEST_BOUND, call_at(base, method, path, Some(key), body))
        .await
        .unwrap_or_else(|_| panic!("{path} on {base} hung past {REQUEST_BOUND:?}"))
}

fn json_of(reply: &Reply, want: u16) -> Value {
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, want, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// Sleep until at least `margin` seconds remain in the current one-minute window.
async fn wait_for_fresh_window(margin: u64) {
    let into = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        % 60;
    if into > 60 - margin {
        tokio::time::sleep(Duration::from_secs(61 - into)).await;
    }
}

#[tokio::test]
async fn a_limit_of_fifty_admits_exactly_fifty_of_two_hundred_spread_over_two_instances() {
    let redis = RedisServer::start();
    let (a, b) = two_instances(&redis);
    let (_, key) = create_key_at(&a.base_url, &["agents"], Some(50)).await;
    wait_for_fresh_window(30).await;
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let base = if i % 2 == 0 {
                a.base_url.clone()
            } else {
                b.base_url.clone()
            };
            let key = key.clone();
            tokio::spawn(async move {
                bounded(&base, Method::GET, "/v1/agents", &key, None)
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("join"));
    }
    let admitted = statuses.iter().filter(|s| **s == 200).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((admitted, limited), (50, 150), "statuses: {statuses:?}");
}

#[tokio::test]
async fn circuits_conversations_and_keys_written_through_one_instance_hold_on_the_other() {
    let redis = RedisServer::start();
    let (a, b) = two_instances(&redis);
    let (a, b) = (a.base_url.as_str(), b.base_url.as_str());
    let (id, key) = create_key_at(a, &["agents", "conversations"], None).await;

    // Failures seen by A open the circuit; B skips the dead primary on its first call.
    let prompt = json!({"prompt": "Summarize: the shipment left Dayton on Monday."});
    for _ in 0..2 {
        let doc = json_of(
            &bounded(a, Method::POST, "/v1/complete", &key, Some(prompt.clone())).await,
            200,
        );
        assert_eq!(doc["provider"]["fallback_reason"], "unavailable", "{doc}");
    }
    let doc = json_of(
        &bounded(b, Method::POST, "/v1/complete", &key, Some(prompt)).await,
        200,
    );
    assert_eq!(doc["provider"]["fallback_reason"], "circuit_open", "{doc}");

    // A conversation written through A is read, appended and exported through B.
    let created = json_of(
        &bounded(
            a,
            Method::POST,
            "/v1/conversations",
            &key,
            Some(json!({"title": "shared"})),
        )
        .await,
        201,
    );
    let conversation = created["id"].as_str().expect("id");
    let messages = format!("/v1/conversations/{conversation}/messages");
    let body = json!({"content": "List the open points."});
    json_of(
        &bounded(a, Method::POST, &messages, &key, Some(body.clone())).await,
        201,
    );
    json_of(
        &bounded(b, Method::POST, &messages, &key, Some(body)).await,
        201,
    );
    let read = json_of(
        &bounded(
            b,
            Method::GET,
            &format!("/v1/conversations/{conversation}"),
            &key,
            None,
        )
        .await,
        200,
    );
    let seqs: Vec<u64> = read["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4], "{read}");
    let exported = json_of(
        &bounded(
            a,
            Method::GET,
            &format!("/v1/conversations/{conversation}/export?format=json"),
            &key,
            None,
        )
        .await,
        200,
    );
    assert_eq!(exported["messages"], read["messages"]);

    // Rotation without grace and revocation through A take effect on B at once.
    let rotated = json_of(
        &bounded(
            a,
            Method::POST,
            &format!("/v1/admin/keys/{id}/rotate"),
            &admin_key(),
            Some(json!({"grace_seconds": 0})),
        )
        .await,
        200,
    );
    let new_key = rotated["key"].as_str().expect("key");
    assert_eq!(
        bounded(b, Method::GET, "/v1/agents", &key, None)
            .await
            .status,
        401
    );
    assert_eq!(
        bounded(b, Method::GET, "/v1/agents", new_key, None)
            .await
            .status,
        200
    );
    let revoked = bounded(
        a,
        Method::DELETE,
        &format!("/v1/admin/keys/{id}"),
        &admin_key(),
        None,
    )
    .await;
    assert!(
        revoked.status < 300,
        "{}",
        String::from_utf8_lossy(&revoked.body)
    );
    assert_eq!(
        bounded(b, Method::GET, "/v1/agents", new_key, None)
            .await
            .status,
        401
    );
}

/// How long an instance may take to reach Redis again after it is back.
const RECOVERY_BOUND: Duration = Duration::from_secs(20);

/// Poll until `base` serves a store-backed request again.
async fn wait_until_serving(base: &str, key: &str) {
    let started = std::time::Instant::now();
    loop {
        let reply = bounded(base, Method::GET, "/v1/conversations", key, None).await;
        match reply.status {
            200 => return,
            503 if started.elapsed() < RECOVERY_BOUND => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            other => panic!(
                "{base} did not recover within {RECOVERY_BOUND:?}: {other} {}",
                String::from_utf8_lossy(&reply.body)
            ),
        }
    }
}

/// Conversations created per client while Redis is killed and restarted under them.
const CREATES_PER_CLIENT: usize = 40;

/// Create conversations through every instance in `bases` while `redis` is killed and
/// restarted under them. Every reply must be a 201 or a bounded 503 problem+json naming the
/// store; returns the ids acknowledged with a 201.
async fn create_through_an_outage(
    redis: &mut RedisServer,
    bases: &[&str],
    key: &str,
) -> Vec<String> {
    let clients: Vec<_> = bases
        .iter()
        .map(|base| {
            let (base, key) = (base.to_string(), key.to_owned());
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                let mut unavailable = 0;
                for i in 0..CREATES_PER_CLIENT {
                    let body = json!({"title": format!("load {i}")});
                    let reply =
                        bounded(&base, Method::POST, "/v1/conversations", &key, Some(body)).await;
                    let text = String::from_utf8_lossy(&reply.body).into_owned();
                    match reply.status {
                        201 => acknowledged
                            .push(json_of(&reply, 201)["id"].as_str().expect("id").to_owned()),
                        503 => {
                            assert_eq!(
                                reply.header("content-type"),
                                Some("application/problem+json"),
                                "{text}"
                            );
                            assert!(text.contains("key-value store"), "{text}");
                            unavailable += 1;
                        }
                        other => panic!("{other} while Redis comes and goes: {text}"),
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                (acknowledged, unavailable)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(400)).await;
    redis.kill();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    redis.restart();

    let mut acknowledged = Vec::new();
    let mut unavailable = 0;
    for client in clients {
        let (ids, refused) = client.await.expect("join");
        acknowledged.extend(ids);
        unavailable += refused;
    }
    assert!(
        unavailable > 0,
        "the outage was not observed: every request succeeded"
    );
    assert!(
        !acknowledged.is_empty(),
        "nothing succeeded around the outage"
    );
    acknowledged
}

/// Every conversation in `ids` reads back through `base`.
async fn assert_all_readable(base: &str, key: &str, ids: &[String]) {
    for id in ids {
        let read = bounded(
            base,
            Method::GET,
            &format!("/v1/conversations/{id}"),
            key,
            None,
        )
        .await;
        assert_eq!(
            read.status,
            200,
            "{id} on {base}: {}",
            String::from_utf8_lossy(&read.body)
        );
    }
}

/// The body of a reply that must be the store's 503 problem+json.
fn assert_store_unavailable(reply: &Reply, what: &str) {
    let text = String::from_utf8_lossy(&reply.body);
    assert_eq!(reply.status, 503, "{what}: {text}");
    assert!(text.contains("/problems/unavailable"), "{what}: {text}");
    assert!(text.contains("key-value store"), "{what}: {text}");
}

#[tokio::test]
async fn with_redis_down_every_request_is_a_bounded_503_and_nothing_acknowledged_is_lost() {
    let mut redis = RedisServer::start();
    let app = start_app_with_runtime_config(VARIABLES, Some(&redis.runtime_config()));
    let base = app.base_url.as_str();
    let (_, key) = create_key_at(base, &["conversations", "agents"], None).await;
    let created = bounded(
        base,
        Method::POST,
        "/v1/conversations",
        &key,
        Some(json!({"title": "before the outage"})),
    )
    .await;
    let id = json_of(&created, 201)["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    // Redis dies while no request is in flight: every request after it, reading or
    // writing, authenticated or not, gets the store's 503 within the bound.
    redis.kill();
    for round in 0..3 {
        let create = Some(json!({"title": format!("during the outage {round}")}));
        let replies = [
            bounded(base, Method::POST, "/v1/conversations", &key, create).await,
            bounded(base, Method::GET, "/v1/conversations", &key, None).await,
            bounded(base, Method::GET, "/v1/agents", &key, None).await,
            bounded(
                base,
                Method::GET,
                "/v1/agents",
                "ek_0000000000000000_x",
                None,
            )
            .await,
        ];
        for (i, reply) in replies.iter().enumerate() {
            assert_store_unavailable(reply, &format!("round {round}, request {i}"));
        }
    }

    redis.restart();
    let fresh = start_app_with_runtime_config(VARIABLES, Some(&redis.runtime_config()));
    wait_until_serving(&fresh.base_url, &key).await;
    assert_all_readable(&fresh.base_url, &key, &[id]).await;
}

#[tokio::test]
#[ignore = "spin 4.1.0-pre0: a wasi:keyvalue call in flight when Redis dies can wait forever (no response timeout in its Redis store; README, Many instances on Redis)"]
async fn redis_killed_under_load_gives_clear_503s_and_loses_nothing_acknowledged() {
    let mut redis = RedisServer::start();
    let (a, b) = two_instances(&redis);
    let (_, key) = create_key_at(&a.base_url, &["conversations"], None).await;
    let acknowledged =
        create_through_an_outage(&mut redis, &[&a.base_url, &b.base_url], &key).await;

    // An instance started after Redis is back finds every acknowledged conversation.
    let fresh = start_app_with_runtime_config(VARIABLES, Some(&redis.runtime_config()));
    wait_until_serving(&fresh.base_url, &key).await;
    assert_all_readable(&fresh.base_url, &key, &acknowledged).await;
}

#[tokio::test]
#[ignore = "spin 4.1.0-pre0: its Redis store never reconnects once a command was in flight when Redis died (README, Many instances on Redis)"]
async fn instances_that_saw_redis_die_resume_by_themselves_when_it_is_back() {
    let mut redis = RedisServer::start();
    let (a, b) = two_instances(&redis);
    let (_, key) = create_key_at(&a.base_url, &["conversations"], None).await;
    let acknowledged =
        create_through_an_outage(&mut redis, &[&a.base_url, &b.base_url], &key).await;
    for base in [&a.base_url, &b.base_url] {
        wait_until_serving(base, &key).await;
        assert_all_readable(base, &key, &acknowledged).await;
    }
}
