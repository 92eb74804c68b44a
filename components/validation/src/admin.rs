//! The admin endpoints, served here because keys and the audit log belong to the front
//! door: create, rotate and revoke keys, and read the audit log.

use edgecrew_validation_rules::keys::{self, KeyRecord, RANDOM_BYTES, Scope};
use edgecrew_validation_rules::request::parse_time;
use edgecrew_validation_rules::time::{format_rfc3339, parse_rfc3339};
use serde_json::{Value, json};

use crate::audit;
use crate::auth::record_key;
use crate::config::Config;
use crate::respond::{Local, json_response, problem};
use edgecrew_kv::{Kv, Result};

/// What an admin call did, for the audit record.
pub struct Done {
    /// The response.
    pub response: Local,
    /// The audit action, when it is not a plain request.
    pub action: Option<&'static str>,
    /// The key it acted on.
    pub target: Option<String>,
}

impl Done {
    /// A response that is a plain request for the audit log.
    pub fn plain(response: Local) -> Self {
        Self {
            response,
            action: None,
            target: None,
        }
    }
}

/// `POST /v1/admin/keys`: a new key made from `fresh` random bytes, its secret shown once.
pub async fn create(
    kv: &Kv,
    body: &Value,
    fresh: [u8; RANDOM_BYTES],
    now: i64,
    rid: &str,
) -> Result<Done> {
    let scopes: Vec<Scope> = serde_json::from_value(body["scopes"].clone()).unwrap_or_default();
    let expires_at = body["expires_at"].as_str().and_then(parse_rfc3339);
    if expires_at.is_some_and(|t| t <= now) {
        return Ok(Done::plain(problem(
            400,
            "field 'expires_at' must be in the future",
            rid,
        )));
    }
    let new = keys::generate(fresh);
    let record = KeyRecord {
        v: 1,
        id: new.id.clone(),
        name: body["name"].as_str().unwrap_or_default().to_owned(),
        scopes,
        secret_hash: new.secret_hash,
        created_at: now,
        expires_at,
        rate_limit_per_minute: body["rate_limit_per_minute"]
            .as_u64()
            .and_then(|n| u32::try_from(n).ok()),
        revoked_at: None,
        previous: None,
    };
    kv.set_json(&record_key(&record.id), &record).await?;
    let response = json_response(
        201,
        &json!({
            "id": record.id,
            "key": new.key,
            "name": record.name,
            "scopes": record.scopes,
            "created_at": format_rfc3339(now),
            "expires_at": record.expires_at.map(format_rfc3339),
            "rate_limit_per_minute": record.rate_limit_per_minute,
        }),
    );
    Ok(Done {
        response,
        action: Some("key.created"),
        target: Some(record.id),
    })
}

/// `POST /v1/admin/keys/{id}/rotate`: a new secret made from `fresh` random bytes; the
/// old one lasts the grace period.
pub async fn rotate(
    kv: &Kv,
    id: &str,
    body: &Value,
    config: &Config,
    fresh: [u8; RANDOM_BYTES],
    now: i64,
    rid: &str,
) -> Result<Done> {
    let Some(mut record) = live_record(kv, id).await? else {
        return Ok(Done::plain(problem(
            404,
            format!("no active key '{id}'"),
            rid,
        )));
    };
    let grace_ms = body["grace_seconds"]
        .as_i64()
        .map_or(config.rotation_grace_ms, |s| s.saturating_mul(1000));
    let new = keys::regenerate(id, fresh);
    record.rotate(new.secret_hash, now, grace_ms);
    kv.set_json(&record_key(id), &record).await?;
    let response = json_response(
        200,
        &json!({
            "id": id,
            "key": new.key,
            "previous_valid_until": record.previous.as_ref().map(|p| format_rfc3339(p.valid_until)),
        }),
    );
    Ok(Done {
        response,
        action: Some("key.rotated"),
        target: Some(id.to_owned()),
    })
}

/// `DELETE /v1/admin/keys/{id}`: the key stops working at once.
pub async fn revoke(kv: &Kv, id: &str, now: i64, rid: &str) -> Result<Done> {
    let Some(mut record) = live_record(kv, id).await? else {
        return Ok(Done::plain(problem(
            404,
            format!("no active key '{id}'"),
            rid,
        )));
    };
    record.revoked_at = Some(now);
    record.previous = None;
    kv.set_json(&record_key(id), &record).await?;
    Ok(Done {
        response: json_response(204, &Value::Null),
        action: Some("key.revoked"),
        target: Some(id.to_owned()),
    })
}

async fn live_record(kv: &Kv, id: &str) -> Result<Option<KeyRecord>> {
    Ok(kv
        .get_json::<KeyRecord>(&record_key(id))
        .await?
        .filter(|r| r.revoked_at.is_none()))
}

/// `GET /v1/admin/audit?since=&limit=`: records oldest first.
pub async fn read_audit(kv: &Kv, query: &[(String, String)]) -> Result<Done> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let since = param("since").and_then(parse_time).unwrap_or(0);
    let limit = param("limit")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100usize);
    let events = audit::query(kv, since, limit).await?;
    Ok(Done::plain(json_response(
        200,
        &json!({ "events": events }),
    )))
}
