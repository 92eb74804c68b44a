//! `GET /health`: a real key-value round trip, the fallback templates answering a probe,
//! and the primary model provider's health and circuit state.

use edgecrew_core::health::{Checks, FallbackCheck, Health, KvCheck, LlmCheck};
use edgecrew_providers::openai::Prompt;
use spin_sdk::key_value::Store;

use crate::chain::{Chain, fallback, outbound};

/// Prefix of the key each kv check writes, reads back and deletes: the request's own key
/// (`health:probe:<nonce>`), so concurrent checks never read or delete each other's.
const PROBE_KEY_PREFIX: &str = "health:probe:";

/// Run every check and assemble the health document.
pub async fn check() -> Health {
    Health::from_checks(Checks {
        kv: kv_check().await,
        llm: llm_check().await,
        fallback: fallback_check(),
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
    let random = spin_sdk::wasip3::random::random::get_random_u64();
    let key = format!("{PROBE_KEY_PREFIX}{random:016x}");
    let nonce = random.to_le_bytes();
    store
        .set(&key, nonce)
        .await
        .map_err(|e| format!("set: {e}"))?;
    let read = store.get(&key).await.map_err(|e| format!("get: {e}"))?;
    store
        .delete(&key)
        .await
        .map_err(|e| format!("delete: {e}"))?;
    if read.as_deref() == Some(&nonce[..]) {
        Ok(())
    } else {
        Err("read back a different value than was written".into())
    }
}

/// Longest wait for the primary provider's own health route.
const LLM_PROBE_MS: u64 = 1_000;

/// Ask the primary provider's `GET /health` (bounded), and read its circuit.
async fn llm_check() -> LlmCheck {
    let Ok(chain) = Chain::open().await else {
        // Unusable provider settings: no model can be reached.
        return LlmCheck {
            status: "down".into(),
            circuit: "closed".into(),
        };
    };
    let circuit = chain.primary_circuit().await.to_owned();
    let up = match chain.settings.providers.first() {
        Some(primary) => outbound::health(primary, &chain.settings.timeouts, LLM_PROBE_MS).await,
        None => false,
    };
    LlmCheck {
        status: if up { "ok" } else { "down" }.into(),
        circuit,
    }
}

/// Prompt the fallback answers in the health check, and the identifier its answer must name.
const FALLBACK_PROBE: &str = "Extract the identifiers from: please confirm PO 4500012345.";
const FALLBACK_PROBE_ID: &str = "4500012345";

/// Have the fallback templates answer a probe prompt, as they answer when no model can:
/// `ok` when the answer names the probe's identifier (classification, extraction and the
/// template all worked), `down` otherwise.
fn fallback_check() -> FallbackCheck {
    let probe = Prompt::new(None, FALLBACK_PROBE);
    let up = fallback::answer(&probe).text.contains(FALLBACK_PROBE_ID);
    FallbackCheck {
        status: if up { "ok" } else { "down" }.into(),
    }
}
