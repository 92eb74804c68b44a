//! Who is calling: the bearer key, checked against the bootstrap admin key (a Spin
//! variable) or the stored key record, in constant time.

use edgecrew_validation_rules::keys::{self, AuthFailure, KeyRecord, Scope};

use edgecrew_kv::{Kv, StoreError};

/// The id the bootstrap admin key acts under.
pub const BOOTSTRAP_ID: &str = "bootstrap";

/// The id a request authenticated by the `metrics_token` variable acts under.
pub const METRICS_TOKEN_ID: &str = "metrics-token";

/// An authenticated caller.
pub struct Principal {
    /// The key id.
    pub key_id: String,
    /// What the key may do.
    pub scopes: Vec<Scope>,
    /// The key's own rate limit, if set.
    pub rate_limit_per_minute: Option<u32>,
}

/// Why a request is not authenticated.
pub enum AuthError {
    /// No usable credentials; the detail says what was wrong.
    Unauthenticated(&'static str),
    /// The store could not be read.
    Store(StoreError),
}

/// The key record's storage key.
pub fn record_key(id: &str) -> String {
    format!("key:{id}")
}

/// Authenticate from the request's headers. `metrics_token` is the `metrics_token`
/// variable when the request is `GET /metrics` (the only request it admits), else empty.
pub async fn authenticate(
    kv: &Kv,
    authorization: Option<&str>,
    has_cookie: bool,
    bootstrap: &str,
    metrics_token: &str,
    now: i64,
) -> Result<Principal, AuthError> {
    let Some(header) = authorization else {
        return Err(AuthError::Unauthenticated(if has_cookie {
            "cookies are not accepted for authentication; send Authorization: Bearer <api key>"
        } else {
            "missing Authorization: Bearer <api key>"
        }));
    };
    let presented = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or(AuthError::Unauthenticated(
            "the Authorization header must use the Bearer scheme",
        ))?;
    if keys::keys_equal(presented, bootstrap) {
        return Ok(Principal {
            key_id: BOOTSTRAP_ID.to_owned(),
            scopes: Scope::ALL.to_vec(),
            rate_limit_per_minute: None,
        });
    }
    if keys::keys_equal(presented, metrics_token) {
        // The admin scope /metrics needs, for this request only: the token is passed in
        // for `GET /metrics` alone.
        return Ok(Principal {
            key_id: METRICS_TOKEN_ID.to_owned(),
            scopes: vec![Scope::Admin],
            rate_limit_per_minute: None,
        });
    }
    let Some((id, secret)) = keys::parse(presented) else {
        return Err(AuthError::Unauthenticated("invalid API key"));
    };
    let record: KeyRecord = kv
        .get_json(&record_key(id))
        .await
        .map_err(AuthError::Store)?
        .ok_or(AuthError::Unauthenticated("invalid API key"))?;
    match record.authenticate(secret, now) {
        Ok(()) => Ok(Principal {
            key_id: record.id,
            scopes: record.scopes,
            rate_limit_per_minute: record.rate_limit_per_minute,
        }),
        Err(AuthFailure::Revoked) => Err(AuthError::Unauthenticated("this API key was revoked")),
        Err(AuthFailure::Expired) => Err(AuthError::Unauthenticated("this API key has expired")),
        Err(AuthFailure::BadSecret) => Err(AuthError::Unauthenticated("invalid API key")),
    }
}
