//! Key administration: a created key works, a rotated key's old secret lasts its grace
//! period and no longer, a revoked key stops at once.

use edgecrew_validation_rules::cors::AllowList;
use edgecrew_validation_rules::keys::{RANDOM_BYTES, Scope};
use futures::executor::block_on;
use http_body_util::BodyExt;
use serde_json::{Value, json};

use super::auth::{auth_at, refusal, stored_key};
use super::opened;
use crate::admin::{self, Done};
use crate::config::Config;

const NOW: i64 = 1_800_000_000_000;

fn config() -> Config {
    Config {
        admin_api_key: String::new(),
        cors: AllowList::parse(""),
        max_body_bytes: 1 << 20,
        key_rate_limit: 600,
        address_rate_limit: 300,
        audit_retention_ms: 86_400_000,
        rotation_grace_ms: 60_000,
        max_import_bytes: 1 << 20,
        metrics_token: String::new(),
        request_metrics: true,
    }
}

/// The status and JSON body of an admin call's response.
fn answer(done: Done) -> (u16, Value) {
    let status = done.response.status().as_u16();
    let bytes = block_on(done.response.into_body().collect())
        .unwrap()
        .to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[test]
fn a_created_key_authenticates_with_the_scopes_asked_for() {
    let (_, kv) = opened();
    let body = json!({"name": "ci", "scopes": ["agents", "emails"], "rate_limit_per_minute": 9});
    let done = block_on(admin::create(&kv, &body, [5; RANDOM_BYTES], NOW, "rid")).unwrap();
    assert_eq!(
        (done.action, done.target.is_some()),
        (Some("key.created"), true)
    );
    let (status, created) = answer(done);
    assert_eq!(status, 201);
    let p = auth_at(
        &kv,
        &format!("Bearer {}", created["key"].as_str().unwrap()),
        NOW,
    )
    .ok()
    .unwrap();
    assert_eq!(p.key_id, created["id"].as_str().unwrap());
    assert_eq!(p.scopes, vec![Scope::Agents, Scope::Emails]);
    assert_eq!(p.rate_limit_per_minute, Some(9));
}

#[test]
fn a_key_cannot_be_created_already_expired() {
    let (store, kv) = opened();
    let body = json!({"expires_at": "2020-01-01T00:00:00Z"});
    let (status, problem) =
        answer(block_on(admin::create(&kv, &body, [5; RANDOM_BYTES], NOW, "rid")).unwrap());
    assert_eq!(status, 400);
    assert!(problem["detail"].as_str().unwrap().contains("expires_at"));
    assert!(store.keys().is_empty(), "nothing stored");
}

#[test]
fn a_rotated_key_keeps_its_old_secret_for_the_grace_period_only() {
    let (_, kv) = opened();
    let (old, _) = stored_key(&kv, 6, vec![Scope::Agents]);
    let body = json!({"grace_seconds": 30});
    let done = block_on(admin::rotate(
        &kv,
        &old.id,
        &body,
        &config(),
        [7; RANDOM_BYTES],
        NOW,
        "rid",
    ))
    .unwrap();
    let (status, rotated) = answer(done);
    assert_eq!(status, 200);
    let new_key = format!("Bearer {}", rotated["key"].as_str().unwrap());
    let old_key = format!("Bearer {}", old.key);
    assert_ne!(new_key, old_key);
    assert_eq!(auth_at(&kv, &new_key, NOW).ok().unwrap().key_id, old.id);
    assert!(auth_at(&kv, &old_key, NOW + 29_999).is_ok());
    assert_eq!(
        refusal(auth_at(&kv, &old_key, NOW + 30_000)),
        "invalid API key"
    );
    assert!(auth_at(&kv, &new_key, NOW + 30_000).is_ok());
}

#[test]
fn without_a_grace_period_in_the_body_the_configured_one_applies() {
    let (_, kv) = opened();
    let (old, _) = stored_key(&kv, 8, vec![Scope::Agents]);
    block_on(admin::rotate(
        &kv,
        &old.id,
        &Value::Null,
        &config(),
        [9; RANDOM_BYTES],
        NOW,
        "rid",
    ))
    .unwrap();
    let old_key = format!("Bearer {}", old.key);
    assert!(auth_at(&kv, &old_key, NOW + 59_999).is_ok());
    assert!(auth_at(&kv, &old_key, NOW + 60_000).is_err());
}

#[test]
fn a_revoked_key_stops_at_once_old_secret_included_and_cannot_be_rotated() {
    let (_, kv) = opened();
    let (old, _) = stored_key(&kv, 10, vec![Scope::Agents]);
    let (_, rotated) = answer(
        block_on(admin::rotate(
            &kv,
            &old.id,
            &Value::Null,
            &config(),
            [11; RANDOM_BYTES],
            NOW,
            "rid",
        ))
        .unwrap(),
    );
    let (status, _) = answer(block_on(admin::revoke(&kv, &old.id, NOW + 1, "rid")).unwrap());
    assert_eq!(status, 204);
    for key in [old.key.as_str(), rotated["key"].as_str().unwrap()] {
        assert_eq!(
            refusal(auth_at(&kv, &format!("Bearer {key}"), NOW + 2)),
            "this API key was revoked"
        );
    }
    let again = block_on(admin::rotate(
        &kv,
        &old.id,
        &Value::Null,
        &config(),
        [12; RANDOM_BYTES],
        NOW + 3,
        "rid",
    ))
    .unwrap();
    assert_eq!(answer(again).0, 404);
    assert_eq!(
        answer(block_on(admin::revoke(&kv, &old.id, NOW + 3, "rid")).unwrap()).0,
        404
    );
}
