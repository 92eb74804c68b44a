//! Authentication: the bootstrap key, the metrics token, stored keys and every refusal.

use edgecrew_kv::Kv;
use edgecrew_validation_rules::keys::{self, KeyRecord, NewKey, Scope};
use futures::executor::block_on;

use super::opened;
use crate::auth::{AuthError, BOOTSTRAP_ID, METRICS_TOKEN_ID, Principal, authenticate, record_key};

const NOW: i64 = 1_800_000_000_000;
const BOOTSTRAP: &str = "bootstrap-secret-value";
const METRICS: &str = "metrics-secret-value";

/// Store a key with `scopes` made from `seed` bytes; the new key.
pub(super) fn stored_key(kv: &Kv, seed: u8, scopes: Vec<Scope>) -> (NewKey, KeyRecord) {
    let new = keys::generate([seed; keys::RANDOM_BYTES]);
    let record = KeyRecord {
        v: 1,
        id: new.id.clone(),
        name: "test".into(),
        scopes,
        secret_hash: new.secret_hash.clone(),
        created_at: NOW,
        expires_at: None,
        rate_limit_per_minute: Some(7),
        revoked_at: None,
        previous: None,
    };
    block_on(kv.set_json(&record_key(&new.id), &record)).unwrap();
    (new, record)
}

/// Authenticate `authorization` at `now` (no cookie).
pub(super) fn auth_at(kv: &Kv, authorization: &str, now: i64) -> Result<Principal, AuthError> {
    block_on(authenticate(
        kv,
        Some(authorization),
        false,
        BOOTSTRAP,
        METRICS,
        now,
    ))
}

/// The 401 detail of a refusal.
pub(super) fn refusal(result: Result<Principal, AuthError>) -> &'static str {
    match result {
        Ok(p) => panic!("admitted as {}", p.key_id),
        Err(AuthError::Unauthenticated(detail)) => detail,
        Err(AuthError::Store(e)) => panic!("store error: {e}"),
    }
}

#[test]
fn the_bootstrap_key_acts_with_every_scope_and_no_limit() {
    let (_, kv) = opened();
    let p = auth_at(&kv, &format!("Bearer {BOOTSTRAP}"), NOW)
        .ok()
        .unwrap();
    assert_eq!(p.key_id, BOOTSTRAP_ID);
    assert_eq!(p.scopes, Scope::ALL.to_vec());
    assert_eq!(p.rate_limit_per_minute, None);
}

#[test]
fn the_metrics_token_is_admin_for_its_one_request() {
    let (_, kv) = opened();
    let p = auth_at(&kv, &format!("Bearer {METRICS}"), NOW)
        .ok()
        .unwrap();
    assert_eq!(
        (p.key_id.as_str(), p.scopes),
        (METRICS_TOKEN_ID, vec![Scope::Admin])
    );
    // Without the token passed in (any other request), it is just a bad key.
    let other = block_on(authenticate(
        &kv,
        Some(&format!("Bearer {METRICS}")),
        false,
        BOOTSTRAP,
        "",
        NOW,
    ));
    assert_eq!(refusal(other), "invalid API key");
}

#[test]
fn an_unset_bootstrap_key_admits_nobody() {
    let (_, kv) = opened();
    let result = block_on(authenticate(&kv, Some("Bearer "), false, "", "", NOW));
    assert_eq!(refusal(result), "invalid API key");
}

#[test]
fn a_stored_key_acts_under_its_own_id_scopes_and_limit() {
    let (_, kv) = opened();
    let (new, _) = stored_key(&kv, 1, vec![Scope::Agents]);
    let p = auth_at(&kv, &format!("bearer {}", new.key), NOW)
        .ok()
        .unwrap();
    assert_eq!(p.key_id, new.id);
    assert_eq!(p.scopes, vec![Scope::Agents]);
    assert_eq!(p.rate_limit_per_minute, Some(7));
}

#[test]
fn missing_malformed_cookie_and_unknown_credentials_are_refused_with_their_reason() {
    let (_, kv) = opened();
    let none = block_on(authenticate(&kv, None, false, BOOTSTRAP, METRICS, NOW));
    assert!(refusal(none).starts_with("missing Authorization"));
    let cookie = block_on(authenticate(&kv, None, true, BOOTSTRAP, METRICS, NOW));
    assert!(refusal(cookie).starts_with("cookies are not accepted"));
    assert!(refusal(auth_at(&kv, &format!("Basic {BOOTSTRAP}"), NOW)).contains("Bearer scheme"));
    assert_eq!(
        refusal(auth_at(&kv, "Bearer not-a-key", NOW)),
        "invalid API key"
    );
    // Shaped like a key, but never stored.
    let unknown = keys::generate([9; keys::RANDOM_BYTES]);
    assert_eq!(
        refusal(auth_at(&kv, &format!("Bearer {}", unknown.key), NOW)),
        "invalid API key"
    );
}

#[test]
fn a_wrong_secret_revoked_or_expired_key_is_refused() {
    let (_, kv) = opened();
    let (new, mut record) = stored_key(&kv, 2, vec![Scope::Agents]);
    let other = keys::regenerate(&new.id, [3; keys::RANDOM_BYTES]);
    assert_eq!(
        refusal(auth_at(&kv, &format!("Bearer {}", other.key), NOW)),
        "invalid API key"
    );

    record.expires_at = Some(NOW);
    block_on(kv.set_json(&record_key(&new.id), &record)).unwrap();
    assert_eq!(
        refusal(auth_at(&kv, &format!("Bearer {}", new.key), NOW)),
        "this API key has expired"
    );
    assert!(auth_at(&kv, &format!("Bearer {}", new.key), NOW - 1).is_ok());

    record.revoked_at = Some(NOW);
    block_on(kv.set_json(&record_key(&new.id), &record)).unwrap();
    assert_eq!(
        refusal(auth_at(&kv, &format!("Bearer {}", new.key), NOW - 1)),
        "this API key was revoked"
    );
}

#[test]
fn a_store_that_is_gone_is_a_store_error_not_a_refusal() {
    let (store, kv) = opened();
    let (new, _) = stored_key(&kv, 4, vec![Scope::Agents]);
    store.fail_after(0);
    assert!(matches!(
        auth_at(&kv, &format!("Bearer {}", new.key), NOW),
        Err(AuthError::Store(_))
    ));
    // The bootstrap key needs no store.
    assert!(auth_at(&kv, &format!("Bearer {BOOTSTRAP}"), NOW).is_ok());
}
