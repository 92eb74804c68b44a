//! The component's settings, read from Spin variables on each request (variables are
//! the only place secrets live).

use edgecrew_validation_rules::cors::AllowList;
use edgecrew_validation_rules::request::DEFAULT_MAX_BODY_BYTES;

/// Settings of the front door.
pub struct Config {
    /// The bootstrap admin key (empty: none).
    pub admin_api_key: String,
    /// Origins allowed to read responses.
    pub cors: AllowList,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// Requests per minute for keys without their own limit.
    pub key_rate_limit: u32,
    /// Requests per minute per client address without a valid key.
    pub address_rate_limit: u32,
    /// How long audit records are kept, in ms.
    pub audit_retention_ms: i64,
    /// Default grace period of a rotated secret, in ms.
    pub rotation_grace_ms: i64,
    /// Largest backup file `POST /v1/admin/import` takes.
    pub max_import_bytes: usize,
    /// A bearer token that may read `GET /metrics` and nothing else (empty: none).
    pub metrics_token: String,
    /// Whether each request is counted in the metrics (`request_metrics`, `on` or `off`).
    pub request_metrics: bool,
}

async fn var(name: &str) -> Option<String> {
    spin_sdk::variables::get(name)
        .await
        .ok()
        .filter(|v| !v.trim().is_empty())
}

async fn number<T: std::str::FromStr>(name: &str, default: T) -> T {
    var(name)
        .await
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

impl Config {
    /// Read every setting, falling back to the documented defaults.
    pub async fn load() -> Self {
        Self {
            admin_api_key: var("admin_api_key").await.unwrap_or_default(),
            cors: AllowList::parse(&var("cors_allowed_origins").await.unwrap_or_default()),
            max_body_bytes: number("max_body_bytes", DEFAULT_MAX_BODY_BYTES).await,
            key_rate_limit: number("key_rate_limit_per_minute", 600).await,
            address_rate_limit: number("address_rate_limit_per_minute", 300).await,
            audit_retention_ms: number::<i64>("audit_retention_days", 30)
                .await
                .saturating_mul(86_400_000),
            rotation_grace_ms: number::<i64>("key_rotation_grace_seconds", 3600)
                .await
                .saturating_mul(1000),
            max_import_bytes: number("max_import_bytes", 64 << 20).await,
            metrics_token: var("metrics_token").await.unwrap_or_default(),
            request_metrics: !var("request_metrics")
                .await
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("off")),
        }
    }
}
