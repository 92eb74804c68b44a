//! `GET /health`: a real key-value round trip, the fallback component's liveness through
//! service chaining, and the model check (unknown until the provider chain exists).

use edgecrew_core::health::{Checks, FallbackCheck, Health, KvCheck, LlmCheck};
use spin_sdk::key_value::Store;

/// Key written, read back and deleted by the kv check.
const PROBE_KEY: &str = "health:probe";

/// Where the fallback component answers inside the app (Spin local service chaining).
const FALLBACK_HEALTH_URL: &str = "http://fallback.spin.internal/health";

/// Run every check and assemble the health document.
pub async fn check() -> Health {
    Health::from_checks(Checks {
        kv: kv_check().await,
        llm: LlmCheck {
            status: "unknown".into(),
            circuit: "closed".into(),
        },
        fallback: fallback_check().await,
    })
}

/// Write, read back and delete a probe key in the default store.
async fn kv_check() -> KvCheck {
    match kv_round_trip().await {
        Ok(()) => KvCheck {
            status: "ok".into(),
            error: None,
        },
        Err(e) => KvCheck {
            status: "down".into(),
            error: Some(e),
        },
    }
}

async fn kv_round_trip() -> Result<(), String> {
    let store = Store::open_default()
        .await
        .map_err(|e| format!("open: {e}"))?;
    let nonce = spin_sdk::wasip3::random::random::get_random_u64().to_le_bytes();
    store
        .set(PROBE_KEY, nonce)
        .await
        .map_err(|e| format!("set: {e}"))?;
    let read = store
        .get(PROBE_KEY)
        .await
        .map_err(|e| format!("get: {e}"))?;
    store
        .delete(PROBE_KEY)
        .await
        .map_err(|e| format!("delete: {e}"))?;
    if read.as_deref() == Some(&nonce[..]) {
        Ok(())
    } else {
        Err("read back a different value than was written".into())
    }
}

/// Ask the fallback component for its own health.
async fn fallback_check() -> FallbackCheck {
    let up =
        matches!(spin_sdk::http::get(FALLBACK_HEALTH_URL).await, Ok(r) if r.status().is_success());
    FallbackCheck {
        status: if up { "ok" } else { "down" }.into(),
    }
}
