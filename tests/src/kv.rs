//! `spin:key-value@3.0.0` on a SQLite file laid out exactly as Spin's default store
//! (`.spin/sqlite_key_value.db`, table `spin_key_value(store, key, value)`), so a file
//! written here can be served by `spin up` and the other way round.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use wasmtime::component::{Accessor, FutureReader, HasData, Resource, ResourceTable, StreamReader};

use crate::bindings::spin::key_value::key_value::{
    Error as KvError, Host, HostStore, HostStoreWithStore,
};

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
}

/// The label Spin gives the store every app has unless runtime config says otherwise.
pub const DEFAULT_STORE: &str = "default";

/// The SQLite database behind every store label, shared by all instances.
#[derive(Debug)]
pub struct KvBackend {
    conn: Mutex<Connection>,
}

impl KvBackend {
    /// Open (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, KvOpenError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let wrap = |source| KvOpenError::Sqlite {
            path: path.display().to_string(),
            source,
        };
        let conn = Connection::open(path).map_err(wrap)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(wrap)?;
        // WAL with synchronous=NORMAL: a committed write survives a crash of this
        // process (it is in the WAL before the call returns) without an fsync per
        // statement. The file stays an ordinary SQLite database Spin can open.
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(wrap)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(wrap)?;
        conn.execute(
            "CREATE TABLE IF NOT EXISTS spin_key_value (
                store TEXT NOT NULL,
                key   TEXT NOT NULL,
                value BLOB NOT NULL,
                PRIMARY KEY (store, key)
            )",
            [],
        )
        .map_err(wrap)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn with<R>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<R>) -> Result<R, KvError> {
        let conn = self
            .conn
            .lock()
            .map_err(|_| KvError::Other("key-value connection poisoned".into()))?;
        f(&conn).map_err(|e| KvError::Other(e.to_string()))
    }

    /// The value under `key` in `store`.
    pub fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.with(|c| {
            c.prepare_cached("SELECT value FROM spin_key_value WHERE store = ?1 AND key = ?2")?
                .query_row(params![store, key], |row| row.get(0))
                .optional()
        })
    }

    /// Store `value` under `key`, replacing any previous value.
    pub fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.with(|c| {
            c.prepare_cached(
                "INSERT INTO spin_key_value (store, key, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT(store, key) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![store, key, value])
            .map(drop)
        })
    }

    /// Remove `key`; removing a missing key is not an error.
    pub fn delete(&self, store: &str, key: &str) -> Result<(), KvError> {
        self.with(|c| {
            c.prepare_cached("DELETE FROM spin_key_value WHERE store = ?1 AND key = ?2")?
                .execute(params![store, key])
                .map(drop)
        })
    }

    /// Whether `key` has a value.
    pub fn exists(&self, store: &str, key: &str) -> Result<bool, KvError> {
        self.with(|c| {
            c.prepare_cached("SELECT 1 FROM spin_key_value WHERE store = ?1 AND key = ?2")?
                .exists(params![store, key])
        })
    }

    /// Every key of `store`, in key order.
    pub fn keys(&self, store: &str) -> Result<Vec<String>, KvError> {
        self.with(|c| {
            c.prepare_cached("SELECT key FROM spin_key_value WHERE store = ?1 ORDER BY key")?
                .query_map(params![store], |row| row.get(0))?
                .collect()
        })
    }
}

/// An open store handle, the host side of the `store` resource.
#[derive(Debug)]
pub struct OpenStore {
    label: String,
}

/// What one component instance may do with the key-value store.
#[derive(Debug, Clone)]
pub struct KvCtx {
    /// The shared database.
    pub backend: Arc<KvBackend>,
    /// Labels listed in the component's `key_value_stores`.
    pub allowed: Arc<[String]>,
}

/// The per-call view the generated bindings work on.
pub struct KvView<'a> {
    ctx: &'a KvCtx,
    table: &'a mut ResourceTable,
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

/// Run a blocking SQLite call off the async worker threads.
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
) -> wasmtime::Result<(Arc<KvBackend>, String)> {
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
            if !view.ctx.allowed.contains(&label) {
                return Ok(Err(if label == DEFAULT_STORE {
                    KvError::AccessDenied
                } else {
                    KvError::NoSuchStore
                }));
            }
            Ok(Ok(view.table.push(OpenStore { label })?))
        })
    }

    async fn get(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<Option<Vec<u8>>, KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(blocking(move || backend.get(&label, &key)).await)
    }

    async fn set(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
        value: Vec<u8>,
    ) -> wasmtime::Result<Result<(), KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(blocking(move || backend.set(&label, &key, &value)).await)
    }

    async fn delete(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<(), KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(blocking(move || backend.delete(&label, &key)).await)
    }

    async fn exists(
        accessor: &Accessor<T, Self>,
        self_: Resource<OpenStore>,
        key: String,
    ) -> wasmtime::Result<Result<bool, KvError>> {
        let (backend, label) = lookup(accessor, &self_)?;
        Ok(blocking(move || backend.exists(&label, &key)).await)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_is_compatible_with_spins_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".spin/sqlite_key_value.db");
        let kv = KvBackend::open(&path).expect("open");
        kv.set("default", "a", b"1").expect("set");
        kv.set("default", "a", b"2").expect("overwrite");
        kv.set("other", "a", b"x").expect("set other store");
        assert_eq!(kv.get("default", "a").expect("get"), Some(b"2".to_vec()));
        assert!(kv.exists("default", "a").expect("exists"));
        assert_eq!(kv.keys("default").expect("keys"), vec!["a".to_string()]);
        kv.delete("default", "a").expect("delete");
        kv.delete("default", "a")
            .expect("deleting a missing key is fine");
        assert_eq!(kv.get("default", "a").expect("get"), None);
        drop(kv);

        // The file is a plain Spin store: another connection sees the same rows.
        let conn = Connection::open(&path).expect("reopen");
        let v: Vec<u8> = conn
            .query_row(
                "SELECT value FROM spin_key_value WHERE store = 'other' AND key = 'a'",
                [],
                |r| r.get(0),
            )
            .expect("row");
        assert_eq!(v, b"x");
    }
}
