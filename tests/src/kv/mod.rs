//! The key-value stores, as Spin's `spin-factor-key-value` provides them: a small
//! [`KvBackend`] trait with one module per backend, as Spin has one crate per backend —
//! [`sqlite`] follows `crates/key-value-spin` (the default store), [`redis`] follows
//! `crates/key-value-redis` — and [`runtime_config`] reads Spin's runtime config file
//! (`[key_value_store.<label>]`) to say which label lives where. The rest of this module
//! is the host side of `spin:key-value@3.0.0`; `crate::wasi_kv` serves `wasi:keyvalue`
//! (atomics, batch) over the same backends.

pub mod redis;
pub mod runtime_config;
pub mod sqlite;

use std::sync::Arc;

use wasmtime::component::{Accessor, FutureReader, HasData, Resource, ResourceTable, StreamReader};

use crate::bindings::spin::key_value::key_value::{
    Error as KvError, Host, HostStore, HostStoreWithStore,
};

/// The label Spin gives the store every app has unless runtime config says otherwise.
pub const DEFAULT_STORE: &str = "default";

/// One key-value backend: what `spin:key-value` and `wasi:keyvalue` need of a store.
/// `store` is the label; a backend that serves one label (Redis) ignores it, as Spin's does.
pub trait KvBackend: Send + Sync + std::fmt::Debug {
    /// Whether `store` is a label this backend serves.
    fn has_store(&self, store: &str) -> bool {
        store == DEFAULT_STORE
    }
    /// The value under `key` in `store`.
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, KvError>;
    /// Store `value` under `key`, replacing any previous value.
    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), KvError>;
    /// Remove `key`; removing a missing key is not an error.
    fn delete(&self, store: &str, key: &str) -> Result<(), KvError>;
    /// Whether `key` has a value.
    fn exists(&self, store: &str, key: &str) -> Result<bool, KvError>;
    /// Add `delta` to the counter under `key` (absent counts as 0) and return the new
    /// value, atomically, in the backend's own counter encoding.
    fn increment(&self, store: &str, key: &str, delta: i64) -> Result<i64, KvError>;
    /// Store `value` under `key` only if the current value is still `expected` (`None`:
    /// the key must be absent). Returns whether the swap happened.
    fn compare_and_swap(
        &self,
        store: &str,
        key: &str,
        expected: Option<&[u8]>,
        value: &[u8],
    ) -> Result<bool, KvError>;
    /// Up to `limit` keys of `store` after `cursor`, in key order, and the cursor for the
    /// next page when there may be more.
    fn keys_page(
        &self,
        store: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<String>, Option<String>), KvError>;
    /// Every key of `store`, in key order.
    fn keys(&self, store: &str) -> Result<Vec<String>, KvError>;
}

/// Run a blocking store call (SQLite waiting for its `fsync`s, a Redis round trip). On a
/// multi-threaded runtime it runs under `block_in_place`, as Spin's stores block.
pub(crate) fn in_place<R>(run: impl FnOnce() -> Result<R, KvError>) -> Result<R, KvError> {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
        _ => run(),
    }
}

/// Errors opening the backing database.
#[derive(Debug, thiserror::Error)]
pub enum KvOpenError {
    /// SQLite refused to open or initialise the file.
    #[error("cannot open key-value database {path}: {source}")]
    Sqlite {
        /// The database path.
        path: String,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// The parent directory could not be created.
    #[error("cannot create directory for key-value database: {0}")]
    Dir(#[from] std::io::Error),
    /// A Redis URL that does not parse.
    #[error("invalid Redis URL for store '{label}': {detail}")]
    RedisUrl {
        /// The store label.
        label: String,
        /// What is wrong.
        detail: String,
    },
    /// The runtime config file is unreadable or not Spin's format.
    #[error("runtime config {path}: {detail}")]
    RuntimeConfig {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
}

/// An open store handle: the host side of `spin:key-value`'s `store` and of
/// `wasi:keyvalue`'s `bucket`, which name the same stores.
#[derive(Debug)]
pub struct OpenStore {
    /// The store label.
    pub(crate) label: String,
}

/// What one component instance may do with the key-value store.
#[derive(Debug, Clone)]
pub struct KvCtx {
    /// The shared database.
    pub backend: Arc<dyn KvBackend>,
    /// Labels listed in the component's `key_value_stores`.
    pub allowed: Arc<[String]>,
}

/// Why a store label cannot be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenDenied {
    /// The store exists but the component was not granted it.
    AccessDenied,
    /// No store has that label.
    NoSuchStore,
}

impl KvCtx {
    /// Whether this component may open `label`: the store must exist (`default`, or a
    /// label the runtime config defines) and be granted in `key_value_stores`.
    pub(crate) fn check_open(&self, label: &str) -> Result<(), OpenDenied> {
        if !self.backend.has_store(label) {
            Err(OpenDenied::NoSuchStore)
        } else if self.allowed.iter().any(|l| l == label) {
            Ok(())
        } else {
            Err(OpenDenied::AccessDenied)
        }
    }
}

/// The per-call view the generated bindings work on.
pub struct KvView<'a> {
    pub(crate) ctx: &'a KvCtx,
    pub(crate) table: &'a mut ResourceTable,
}

impl<'a> KvView<'a> {
    /// A view over a component's kv context and resource table.
    pub fn new(ctx: &'a KvCtx, table: &'a mut ResourceTable) -> Self {
        Self { ctx, table }
    }
}

/// Marker tying the bindings to [`KvView`].
pub struct SpinKv;

impl HasData for SpinKv {
    type Data<'a> = KvView<'a>;
}

/// Run a whole-store scan off the async worker threads: its cost grows with the store.
/// Point operations run on the worker under [`in_place`].
async fn blocking<R: Send + 'static>(
    f: impl FnOnce() -> Result<R, KvError> + Send + 'static,
) -> Result<R, KvError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| KvError::Other(format!("key-value task failed: {e}")))?
}

impl Host for KvView<'_> {}

impl HostStore for KvView<'_> {
    fn drop(&mut self, rep: Resource<OpenStore>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

/// The backend and label behind an open store handle.
fn lookup<T>(
    accessor: &Accessor<T, SpinKv>,
    store: &Resource<OpenStore>,
) -> wasmtime::Result<(Arc<dyn KvBackend>, String)> {
    accessor.with(|mut access| {
        let view = access.get();
        let label = view.table.get(store)?.label.clone();
        Ok((view.ctx.backend.clone(), label))
    })
}

impl<T> HostStoreWithStore<T> for SpinKv {
    async fn open(
        accessor: &Accessor<T, Self>,
        label: String,
    ) -> wasmtime::Result<Result<Resource<OpenStore>, KvError>> {
        accessor.with(|mut access| {
            let view = access.get();
            match view.ctx.check_open(&label) {
                Err(OpenDenied::AccessDenied) => Ok(Err(KvError::AccessDenied)),
                Err(OpenDenied::NoSuchStore) => Ok(Err(KvError::NoSuchStore)),
                Ok(()) => Ok(Ok(view.table.push(OpenStore { label })?)),
            }
        })
    }

    async fn get(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<Option<Vec<u8>>, KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(backend.get(&label, &key))
    }

    async fn set(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
        value: Vec<u8>,
    ) -> wasmtime::Result<Result<(), KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(backend.set(&label, &key, &value))
    }

    async fn delete(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<(), KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(backend.delete(&label, &key))
    }

    async fn exists(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<bool, KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(backend.exists(&label, &key))
    }

    async fn get_keys(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
    ) -> wasmtime::Result<(StreamReader<String>, FutureReader<Result<(), KvError>>)> {
        let (backend, label) = lookup(accessor, &self_)?;
        let (keys, result) = match blocking(move || backend.keys(&label)).await {
            Ok(keys) => (keys, Ok(())),
            Err(e) => (Vec::new(), Err(e)),
        };
        accessor.with(|mut access| {
            let stream = StreamReader::new(&mut access, keys)?;
            let future =
                FutureReader::new(&mut access, async move { Ok::<_, wasmtime::Error>(result) })?;
            Ok((stream, future))
        })
    }
}
