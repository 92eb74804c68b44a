//! The backend components run on: Spin's default store through `spin:key-value` (records)
//! and `wasi:keyvalue/atomics` (counters, compare-and-swap), each asynchronous call bounded
//! by [`STORE_TIMEOUT`].

use std::cell::OnceCell;
use std::pin::pin;
use std::time::Duration;

use futures::FutureExt;
use futures::future::{Either, LocalBoxFuture, select};
use spin_sdk::experimental::wasi::keyvalue::{atomics, store as wasi_kv};
use spin_sdk::key_value::Store;

use crate::backend::{Backend, Swap, Ticket};
use crate::{Result, StoreError};

/// Longest a store call may take. A store that does not answer (Spin's Redis store waits
/// for its server to come back) is then an error, answered as 503, never a hang.
const STORE_TIMEOUT: Duration = Duration::from_secs(2);

fn err(e: impl std::fmt::Debug) -> StoreError {
    StoreError(format!("{e:?}"))
}

/// `work`, or an error once [`STORE_TIMEOUT`] has passed.
async fn bounded<T, E: std::fmt::Display>(
    what: &str,
    work: impl Future<Output = std::result::Result<T, E>>,
) -> Result<T> {
    let timer = pin!(spin_sdk::time::sleep(STORE_TIMEOUT));
    match select(pin!(work), timer).await {
        Either::Left((result, _)) => result.map_err(|e| StoreError(e.to_string())),
        Either::Right(((), _)) => Err(StoreError(format!(
            "{what} did not answer within {} ms",
            STORE_TIMEOUT.as_millis()
        ))),
    }
}

/// Spin's default store, opened for one request.
pub struct SpinStore {
    store: Store,
    /// The `wasi:keyvalue` handle, opened on first use: its `open` cannot be bounded, so
    /// it waits until a bounded call of the request has reached the store.
    bucket: OnceCell<wasi_kv::Bucket>,
}

impl SpinStore {
    /// Open the default store.
    pub async fn open() -> Result<Self> {
        Ok(Self {
            store: bounded("opening the store", Store::open_default()).await?,
            bucket: OnceCell::new(),
        })
    }

    /// The `wasi:keyvalue` bucket of the default store, opened once.
    fn bucket(&self) -> Result<&wasi_kv::Bucket> {
        if let Some(bucket) = self.bucket.get() {
            return Ok(bucket);
        }
        let bucket = wasi_kv::open("default").map_err(err)?;
        Ok(self.bucket.get_or_init(|| bucket))
    }
}

impl Backend for SpinStore {
    fn get<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<Option<Vec<u8>>>> {
        bounded("a read", self.store.get(key)).boxed_local()
    }

    fn set<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> LocalBoxFuture<'a, Result<()>> {
        bounded("a write", self.store.set(key, bytes)).boxed_local()
    }

    fn delete<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<()>> {
        bounded("a delete", self.store.delete(key)).boxed_local()
    }

    /// The listing streams: each step is bounded, and only kept keys are held in memory.
    fn keys<'a>(
        &'a self,
        keep: &'a dyn Fn(&str) -> bool,
    ) -> LocalBoxFuture<'a, Result<Vec<String>>> {
        async move {
            let mut listing = bounded("listing keys", async {
                Ok::<_, std::convert::Infallible>(self.store.get_keys().await)
            })
            .await?;
            let mut kept = Vec::new();
            while let Some(key) = bounded("listing keys", async {
                Ok::<_, std::convert::Infallible>(listing.next().await)
            })
            .await?
            {
                if keep(&key) {
                    kept.push(key);
                }
            }
            bounded("listing keys", listing.result()).await?;
            Ok(kept)
        }
        .boxed_local()
    }

    fn increment(&self, key: &str, delta: i64) -> Result<i64> {
        atomics::increment(self.bucket()?, key, delta).map_err(err)
    }

    fn delete_counter(&self, key: &str) -> Result<()> {
        self.bucket()?.delete(key).map_err(err)
    }

    fn watch(&self, key: &str) -> Result<Swap> {
        let cas = atomics::Cas::new(self.bucket()?, key).map_err(err)?;
        let current = cas.current().map_err(err)?;
        Ok(Swap::new(current, Box::new(SpinTicket(cas))))
    }
}

/// A `wasi:keyvalue/atomics` compare-and-swap handle.
struct SpinTicket(atomics::Cas);

impl Ticket for SpinTicket {
    fn swap(self: Box<Self>, bytes: &[u8]) -> Result<bool> {
        match atomics::swap(self.0, bytes) {
            Ok(()) => Ok(true),
            Err(atomics::CasError::CasFailed(_)) => Ok(false),
            Err(atomics::CasError::StoreError(e)) => Err(err(e)),
        }
    }
}
