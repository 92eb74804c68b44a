//! The key-value store as the components use it: JSON records through
//! `spin:key-value`, and exact counters through `wasi:keyvalue/atomics` on the same
//! store (Spin serves both from one backend). Used by `validation` (keys, rate limits,
//! audit) and `agent` (conversations, analyses, circuit breakers).

use std::cell::{Cell, OnceCell};
use std::pin::pin;
use std::time::Duration;

use futures::future::{Either, select};
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

/// Longest a store call may take. A store that does not answer (Spin's Redis store waits
/// for its server to come back) is then an error, answered as 503, never a hang.
const STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// `work`, or an error once [`STORE_TIMEOUT`] has passed.
async fn bounded<T, E: std::fmt::Display>(
    what: &str,
    work: impl Future<Output = std::result::Result<T, E>>,
) -> Result<T> {
    let timer = pin!(spin_sdk::time::sleep(STORE_TIMEOUT));
    match select(pin!(work), timer).await {
        Either::Left((result, _)) => result.map_err(err),
        Either::Right(((), _)) => Err(StoreError(format!(
            "{what} did not answer within {} ms",
            STORE_TIMEOUT.as_millis()
        ))),
    }
}

/// A compare-and-swap in progress ([`Kv::watch_for_swap`]).
pub struct Swap {
    cas: atomics::Cas,
    /// The record's bytes when it was watched (`None`: absent).
    pub current: Option<Vec<u8>>,
}

/// The default store, opened for one request.
pub struct Kv {
    store: Store,
    /// The `wasi:keyvalue` handle, opened on first use: its `open` cannot be bounded, so
    /// it waits until a bounded call of the request has reached the store.
    bucket: OnceCell<wasi_kv::Bucket>,
    /// Set when a call failed or timed out: later calls of this request fail at once
    /// rather than wait on a store that is gone (a `wasi:keyvalue` call cannot be bounded).
    failed: Cell<bool>,
}

impl Kv {
    /// Open the default store through both interfaces.
    pub async fn open() -> Result<Self> {
        Ok(Self {
            store: bounded("opening the store", Store::open_default()).await?,
            bucket: OnceCell::new(),
            failed: Cell::new(false),
        })
    }

    /// Note the outcome of a call: a failure makes every later call fail at once.
    fn watch<T>(&self, result: Result<T>) -> Result<T> {
        if result.is_err() {
            self.failed.set(true);
        }
        result
    }

    /// Refuse at once when an earlier call of this request failed.
    fn usable(&self) -> Result<()> {
        if self.failed.get() {
            return Err(StoreError(
                "the store failed earlier in this request".into(),
            ));
        }
        Ok(())
    }

    /// The `wasi:keyvalue` bucket of the default store, opened once.
    fn bucket(&self) -> Result<&wasi_kv::Bucket> {
        if let Some(bucket) = self.bucket.get() {
            return Ok(bucket);
        }
        let bucket = self.watch(wasi_kv::open("default").map_err(|e| err(format!("{e:?}"))))?;
        Ok(self.bucket.get_or_init(|| bucket))
    }

    /// A JSON record, if present and readable.
    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        self.usable()?;
        match self.watch(bounded("a read", self.store.get(key)).await)? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(err),
        }
    }

    /// A record's stored bytes, if present.
    pub async fn get_raw(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.usable()?;
        self.watch(bounded("a read", self.store.get(key)).await)
    }

    /// Store bytes as they are.
    pub async fn set_raw(&self, key: &str, bytes: &[u8]) -> Result<()> {
        self.usable()?;
        self.watch(bounded("a write", self.store.set(key, bytes)).await)
    }

    /// Every key `keep` accepts, sorted. The listing streams: each step is bounded, and
    /// only kept keys are held in memory.
    pub async fn keys_where(&self, keep: impl Fn(&str) -> bool) -> Result<Vec<String>> {
        self.usable()?;
        let mut listing = self.watch(
            bounded("listing keys", async {
                Ok::<_, std::convert::Infallible>(self.store.get_keys().await)
            })
            .await,
        )?;
        let mut kept = Vec::new();
        while let Some(key) = self.watch(
            bounded("listing keys", async {
                Ok::<_, std::convert::Infallible>(listing.next().await)
            })
            .await,
        )? {
            if keep(&key) {
                kept.push(key);
            }
        }
        self.watch(bounded("listing keys", listing.result()).await)?;
        kept.sort_unstable();
        Ok(kept)
    }

    /// Store a JSON record.
    pub async fn set_json<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let bytes = serde_json::to_vec(value).map_err(err)?;
        self.usable()?;
        self.watch(bounded("a write", self.store.set(key, bytes)).await)
    }

    /// Delete a key (absent is fine).
    pub async fn delete(&self, key: &str) -> Result<()> {
        self.usable()?;
        self.watch(bounded("a delete", self.store.delete(key)).await)
    }

    /// Atomically add `delta` to a counter and return the new value.
    pub fn increment(&self, key: &str, delta: i64) -> Result<i64> {
        self.usable()?;
        self.watch(
            atomics::increment(self.bucket()?, key, delta).map_err(|e| err(format!("{e:?}"))),
        )
    }

    /// Start a compare-and-swap of `key`: its bytes now, and a handle for [`Kv::swap`].
    pub fn watch_for_swap(&self, key: &str) -> Result<Swap> {
        self.usable()?;
        let cas =
            self.watch(atomics::Cas::new(self.bucket()?, key).map_err(|e| err(format!("{e:?}"))))?;
        let current = self.watch(cas.current().map_err(|e| err(format!("{e:?}"))))?;
        Ok(Swap { cas, current })
    }

    /// Replace the record `swap` watched with `bytes`, unless another writer changed it
    /// since: whether it was replaced.
    pub fn swap(&self, swap: Swap, bytes: &[u8]) -> Result<bool> {
        self.usable()?;
        match atomics::swap(swap.cas, bytes) {
            Ok(()) => Ok(true),
            Err(atomics::CasError::CasFailed(_)) => Ok(false),
            Err(atomics::CasError::StoreError(e)) => self.watch(Err(err(format!("{e:?}")))),
        }
    }

    /// Delete a counter.
    pub fn bucket_delete(&self, key: &str) -> Result<()> {
        self.usable()?;
        self.watch(
            self.bucket()?
                .delete(key)
                .map_err(|e| err(format!("{e:?}"))),
        )
    }

    /// A counter's value (0 when absent), in SQLite's or Redis's encoding. Read through
    /// `spin:key-value` (the same store), so the read is bounded like every async call:
    /// a request whose first store call this is learns at once that the store is gone,
    /// before any `wasi:keyvalue` call, which cannot be bounded, could wait on it.
    pub async fn counter(&self, key: &str) -> Result<i64> {
        self.usable()?;
        match self.watch(bounded("a read", self.store.get(key)).await)? {
            None => Ok(0),
            Some(bytes) => edgecrew_core::counter::decode(&bytes)
                .ok_or_else(|| err(format!("'{key}' is not a counter"))),
        }
    }
}
