//! The chain's settings, read from Spin variables on each request.

use edgecrew_providers::config::{ConfigError, Settings};

/// Every variable [`Settings::from_variables`] reads.
const NAMES: &[&str] = &[
    "runtime_host_url",
    "runtime_host_api_key",
    "extra_providers",
    "provider_connect_timeout_ms",
    "provider_first_byte_timeout_ms",
    "provider_between_bytes_timeout_ms",
    "request_deadline_ms",
    "breaker_failure_threshold",
    "breaker_window_seconds",
    "breaker_cooldown_seconds",
];

/// Read the variables and build the settings.
pub async fn load() -> Result<Settings, ConfigError> {
    let mut values = Vec::with_capacity(NAMES.len());
    for name in NAMES {
        values.push((*name, spin_sdk::variables::get(name).await.ok()));
    }
    Settings::from_variables(|name| {
        values
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.clone())
    })
}
