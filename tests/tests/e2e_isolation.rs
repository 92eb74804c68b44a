//! End-to-end: nothing of one request reaches another in a reused instance. Spin serves
//! up to 128 requests per WASIp3 instance, 16 at once, and the test host does the same;
//! this sends several hundred requests from keys with different scopes, limits and
//! conversations, interleaved and concurrent, and checks that every answer belongs to the
//! key that asked.

mod support;

use std::sync::Arc;

use http::Method;
use serde_json::json;
use support::{call, create_key};
use tokio::sync::Semaphore;

/// More than one instance's whole life (128 requests) per key.
const ROUNDS: usize = 160;

/// Requests in flight at once: twice what one instance takes concurrently (16), and well
/// below any host's own concurrency limit.
const IN_FLIGHT: usize = 32;

/// A permit per request in flight.
fn in_flight() -> Arc<Semaphore> {
    Arc::new(Semaphore::new(IN_FLIGHT))
}

/// What one request was and what its key may see.
#[derive(Clone, Copy)]
enum Probe {
    /// The conversations key lists its own conversations: exactly its own id, always.
    ListOwn,
    /// The agents-only key asks for conversations: always 403, never another key's list.
    ListWithoutScope,
    /// The agents-only key reads the conversations key's conversation by id: 403.
    ReadOthers,
    /// The conversations key asks for the agents catalogue, outside its scope: 403.
    AgentsWithoutScope,
}

#[tokio::test]
async fn identities_scopes_and_conversations_never_cross_requests() {
    let (_, agents_key) = create_key(&["agents"], None).await;
    let (_, conv_key) = create_key(&["conversations"], None).await;
    let created = call(
        Method::POST,
        "/v1/conversations",
        Some(&conv_key),
        Some(json!({"title": "isolation"})),
    )
    .await;
    assert_eq!(created.status, 201);
    let conv_id = created.json().expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let probes = [
        Probe::ListOwn,
        Probe::ListWithoutScope,
        Probe::ReadOthers,
        Probe::AgentsWithoutScope,
    ];
    let permits = in_flight();
    let mut tasks = Vec::new();
    for i in 0..ROUNDS * probes.len() {
        let probe = probes[i % probes.len()];
        let (agents_key, conv_key, conv_id) =
            (agents_key.clone(), conv_key.clone(), conv_id.clone());
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let reply = match probe {
                Probe::ListOwn => {
                    call(Method::GET, "/v1/conversations", Some(&conv_key), None).await
                }
                Probe::ListWithoutScope => {
                    call(Method::GET, "/v1/conversations", Some(&agents_key), None).await
                }
                Probe::ReadOthers => {
                    let path = format!("/v1/conversations/{conv_id}");
                    call(Method::GET, &path, Some(&agents_key), None).await
                }
                Probe::AgentsWithoutScope => {
                    call(Method::GET, "/v1/agents", Some(&conv_key), None).await
                }
            };
            (i, probe, reply, conv_id)
        }));
    }
    for task in tasks {
        let (i, probe, reply, conv_id) = task.await.expect("join");
        let body = String::from_utf8_lossy(&reply.body).into_owned();
        match probe {
            Probe::ListOwn => {
                assert_eq!(reply.status, 200, "request {i}: {body}");
                let listed = reply.json().expect("json")["conversations"]
                    .as_array()
                    .expect("conversations")
                    .iter()
                    .map(|c| c["id"].as_str().unwrap_or_default().to_owned())
                    .collect::<Vec<_>>();
                assert_eq!(listed, vec![conv_id], "request {i}");
            }
            Probe::ListWithoutScope | Probe::ReadOthers | Probe::AgentsWithoutScope => {
                assert_eq!(reply.status, 403, "request {i}: {body}");
                assert!(
                    !body.contains(&conv_id),
                    "request {i} saw another key's data"
                );
            }
        }
    }
}

/// One key's limit never counts another key's requests, however the requests share
/// instances: a key limited to 5 a minute gets exactly 5 through among hundreds of
/// requests of an unlimited key, and the unlimited key is never refused.
#[tokio::test]
async fn one_keys_limit_never_reaches_another_key() {
    let (_, limited) = create_key(&["agents"], Some(5)).await;
    let (_, unlimited) = create_key(&["agents"], Some(100_000)).await;
    let permits = in_flight();
    let mut tasks = Vec::new();
    for i in 0..ROUNDS * 2 {
        let key = if i % 8 == 0 {
            limited.clone()
        } else {
            unlimited.clone()
        };
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            let reply = call(Method::GET, "/v1/agents", Some(&key), None).await;
            (i % 8 == 0, reply)
        }));
    }
    let mut limited_admitted = 0;
    let mut limited_refused = 0;
    for task in tasks {
        let (is_limited, reply) = task.await.expect("join");
        match (is_limited, reply.status) {
            (true, 200) => limited_admitted += 1,
            (true, 429) => limited_refused += 1,
            (false, 200) => {}
            (limited, status) => panic!("limited={limited}: unexpected {status}"),
        }
    }
    // A minute window can turn over during the run; then a few more may pass.
    assert!(
        (5..=10).contains(&limited_admitted),
        "the limited key got {limited_admitted} through"
    );
    assert_eq!(limited_admitted + limited_refused, ROUNDS * 2 / 8);
}
