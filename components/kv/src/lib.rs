//! The key-value store as the components use it: JSON records, raw bytes, exact counters
//! and compare-and-swap, on one store. Used by `validation` (keys, rate limits, audit) and
//! `agent` (conversations, analyses, circuit breakers, metrics).
//!
//! Layout, as Spin lays out a capability:
//!
//! - [`backend`]: the [`Backend`] trait, the store's calls and nothing more;
//! - [`spin`]: the backend components run on (`spin:key-value` and
//!   `wasi:keyvalue/atomics` on Spin's default store, every asynchronous call bounded);
//! - [`memory`]: an in-memory backend for native tests;
//! - here: [`Kv`], what callers use: JSON on top of the backend, and a request that
//!   met a failed store fails its later calls at once.

#![deny(missing_docs)]

pub mod backend;
pub mod memory;
pub mod spin;

use std::cell::Cell;

use serde::{Serialize, de::DeserializeOwned};

pub use backend::{Backend, Swap};
pub use memory::MemoryStore;

/// A store error, reported as 503 by the caller.
#[derive(Debug, thiserror::Error)]
#[error("key-value store: {0}")]
pub struct StoreError(pub String);

/// Result alias for store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A store opened for one request.
pub struct Kv {
    backend: Box<dyn Backend>,
    /// Set when a call failed or timed out: later calls of this request fail at once
    /// rather than wait on a store that is gone (a `wasi:keyvalue` call cannot be bounded).
    failed: Cell<bool>,
}

impl Kv {
    /// Open Spin's default store.
    pub async fn open() -> Result<Self> {
        Ok(Self::new(spin::SpinStore::open().await?))
    }

    /// A store over `backend`.
    pub fn new(backend: impl Backend + 'static) -> Self {
        Self {
            backend: Box::new(backend),
            failed: Cell::new(false),
        }
    }

    /// Run a call unless an earlier one of this request failed; a failure makes every
    /// later call fail at once.
    fn run<T>(&self, call: impl FnOnce(&dyn Backend) -> Result<T>) -> Result<T> {
        self.usable()?;
        let result = call(self.backend.as_ref());
        if result.is_err() {
            self.failed.set(true);
        }
        result
    }

    /// The asynchronous form of [`Kv::run`].
    async fn run_async<'a, T>(
        &'a self,
        call: impl FnOnce(&'a dyn Backend) -> futures::future::LocalBoxFuture<'a, Result<T>>,
    ) -> Result<T> {
        self.usable()?;
        let result = call(self.backend.as_ref()).await;
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

    /// A JSON record, if present and readable.
    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        match self.get_raw(key).await? {
            None => Ok(None),
            Some(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| StoreError(format!("'{key}': {e}"))),
        }
    }

    /// A record's stored bytes, if present.
    pub async fn get_raw(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.run_async(|b| b.get(key)).await
    }

    /// Store bytes as they are.
    pub async fn set_raw(&self, key: &str, bytes: &[u8]) -> Result<()> {
        self.run_async(|b| b.set(key, bytes)).await
    }

    /// Store a JSON record.
    pub async fn set_json<T: Serialize>(&self, key: &str, value: &T) -> Result<()> {
        let bytes = serde_json::to_vec(value).map_err(|e| StoreError(e.to_string()))?;
        self.set_raw(key, &bytes).await
    }

    /// Every key `keep` accepts, sorted.
    pub async fn keys_where(&self, keep: impl Fn(&str) -> bool) -> Result<Vec<String>> {
        let mut kept = self.run_async(|b| b.keys(&keep)).await?;
        kept.sort_unstable();
        Ok(kept)
    }

    /// Delete a key (absent is fine).
    pub async fn delete(&self, key: &str) -> Result<()> {
        self.run_async(|b| b.delete(key)).await
    }

    /// Atomically add `delta` to a counter and return the new value.
    pub fn increment(&self, key: &str, delta: i64) -> Result<i64> {
        self.run(|b| b.increment(key, delta))
    }

    /// Start a compare-and-swap of `key`: its bytes now, and a handle for [`Kv::swap`].
    pub fn watch_for_swap(&self, key: &str) -> Result<Swap> {
        self.run(|b| b.watch(key))
    }

    /// Replace the record `swap` watched with `bytes`, unless another writer changed it
    /// since: whether it was replaced.
    pub fn swap(&self, swap: Swap, bytes: &[u8]) -> Result<bool> {
        self.run(|_| swap.complete(bytes))
    }

    /// Delete a counter.
    pub fn bucket_delete(&self, key: &str) -> Result<()> {
        self.run(|b| b.delete_counter(key))
    }

    /// A counter's value (0 when absent), in SQLite's or Redis's encoding. Read as a
    /// record (the same store), so the read is bounded like every asynchronous call: a
    /// request whose first store call this is learns at once that the store is gone,
    /// before any `wasi:keyvalue` call, which cannot be bounded, could wait on it.
    pub async fn counter(&self, key: &str) -> Result<i64> {
        match self.get_raw(key).await? {
            None => Ok(0),
            Some(bytes) => edgecrew_core::counter::decode(&bytes)
                .ok_or_else(|| StoreError(format!("'{key}' is not a counter"))),
        }
    }
}
