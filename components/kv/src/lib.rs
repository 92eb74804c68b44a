//! The key-value store as the components use it: JSON records through
//! `spin:key-value`, and exact counters through `wasi:keyvalue/atomics` on the same
//! store (Spin serves both from one backend). Used by `validation` (keys, rate limits,
//! audit) and `agent` (conversations, analyses, circuit breakers).

use serde::{Serialize, de::DeserializeOwned};
use spin_sdk::experimental::wasi::keyvalue::{atomics, store as wasi_kv};
use spin_sdk::key_value::Store;

/// A store error, reported as 503 by the caller.
#[derive(Debug, thiserror::Error)]
#[error("key-value store: {0}")]
pub struct StoreError(pub String);

/// Result alias for store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(e.to_string())
}

/// The default store, opened for one request.
pub struct Kv {
    store: Store,
    bucket: wasi_kv::Bucket,
}

impl Kv {
    /// Open the default store through both interfaces.
    pub async fn open() -> Result<Self> {
        Ok(Self {
            store: Store::open_default().await.map_err(err)?,
            bucket: wasi_kv::open("default").map_err(|e| err(format!("{e:?}")))?,
        })
    }

    /// A JSON record, if present and readable.
    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.store.get(key).await.map_err(err)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(err),
        }
    }

    /// Store a JSON record.
    pub async fn set_json<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let bytes = serde_json::to_vec(value).map_err(err)?;
        self.store.set(key, bytes).await.map_err(err)
    }

    /// Delete a key (absent is fine).
    pub async fn delete(&self, key: &str) -> Result<()> {
        self.store.delete(key).await.map_err(err)
    }

    /// Atomically add `delta` to a counter and return the new value.
    pub fn increment(&self, key: &str, delta: i64) -> Result<i64> {
        atomics::increment(&self.bucket, key, delta).map_err(|e| err(format!("{e:?}")))
    }

    /// Delete a counter.
    pub fn bucket_delete(&self, key: &str) -> Result<()> {
        self.bucket.delete(key).map_err(|e| err(format!("{e:?}")))
    }

    /// A counter's value (0 when absent).
    pub fn counter(&self, key: &str) -> Result<i64> {
        match self.bucket.get(key).map_err(|e| err(format!("{e:?}")))? {
            None => Ok(0),
            Some(bytes) => <[u8; 8]>::try_from(bytes.as_slice())
                .map(i64::from_le_bytes)
                .map_err(|_| err(format!("'{key}' is not a counter"))),
        }
    }
}
