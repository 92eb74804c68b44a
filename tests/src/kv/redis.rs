//! The Redis backend, following Spin's `crates/key-value-redis` so that `spin up` and
//! devhost can share one Redis and read each other's data: keys are stored as they are
//! named (the store label is not part of them), values as plain strings, counters by
//! `INCRBY` (decimal text), compare-and-swap by `WATCH` / `MULTI` / `EXEC`, key listings
//! by `KEYS *`.
//!
//! One connection, opened lazily, serves the app's requests in turn; a failed call drops
//! it, so the next call reconnects: service resumes by itself when Redis is back. Every
//! call is bounded (connect and read/write timeouts), so a dead or stalled Redis is an
//! error at once, never a hang.

use std::sync::Mutex;
use std::time::Duration;

use redis::{Client, Connection, RedisError, Value};

use super::{DEFAULT_STORE, KvBackend, KvOpenError, in_place};
use crate::bindings::spin::key_value::key_value::Error as KvError;

/// Longest wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Longest wait for one command's reply.
const IO_TIMEOUT: Duration = Duration::from_secs(2);

/// A store label served by one Redis database.
pub struct RedisBackend {
    label: String,
    client: Client,
    connection: Mutex<Option<Connection>>,
}

fn other(e: RedisError) -> KvError {
    KvError::Other(format!("redis: {e}"))
}

impl std::fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisBackend")
            .field("label", &self.label)
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl RedisBackend {
    /// A backend for `label` at `url` (`redis://host:port[/db]`); connects on first use.
    pub fn new(label: &str, url: &str) -> Result<Self, KvOpenError> {
        let client = Client::open(url).map_err(|e| KvOpenError::RedisUrl {
            label: label.to_owned(),
            detail: e.to_string(),
        })?;
        Ok(Self {
            label: label.to_owned(),
            client,
            connection: Mutex::new(None),
        })
    }

    /// Run `f` on the connection (opening it if needed); on any error the connection is
    /// dropped, so the next call starts afresh.
    fn with<R>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<R, RedisError>,
    ) -> Result<R, KvError> {
        in_place(|| {
            let mut slot = self
                .connection
                .lock()
                .map_err(|_| KvError::Other("redis connection poisoned".into()))?;
            if slot.is_none() {
                let connection = self
                    .client
                    .get_connection_with_timeout(CONNECT_TIMEOUT)
                    .map_err(other)?;
                connection
                    .set_read_timeout(Some(IO_TIMEOUT))
                    .map_err(other)?;
                connection
                    .set_write_timeout(Some(IO_TIMEOUT))
                    .map_err(other)?;
                *slot = Some(connection);
            }
            let Some(connection) = slot.as_mut() else {
                return Err(KvError::Other("redis: no connection".into()));
            };
            f(connection).map_err(|e| {
                *slot = None;
                other(e)
            })
        })
    }
}

impl KvBackend for RedisBackend {
    fn has_store(&self, store: &str) -> bool {
        store == self.label || (store == DEFAULT_STORE && self.label == DEFAULT_STORE)
    }

    fn get(&self, _store: &str, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.with(|c| redis::cmd("GET").arg(key).query(c))
    }

    fn set(&self, _store: &str, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.with(|c| redis::cmd("SET").arg(key).arg(value).query(c))
    }

    fn delete(&self, _store: &str, key: &str) -> Result<(), KvError> {
        self.with(|c| redis::cmd("DEL").arg(key).query::<i64>(c).map(drop))
    }

    fn exists(&self, _store: &str, key: &str) -> Result<bool, KvError> {
        self.with(|c| redis::cmd("EXISTS").arg(key).query(c))
    }

    fn increment(&self, _store: &str, key: &str, delta: i64) -> Result<i64, KvError> {
        self.with(|c| redis::cmd("INCRBY").arg(key).arg(delta).query(c))
    }

    fn compare_and_swap(
        &self,
        _store: &str,
        key: &str,
        expected: Option<&[u8]>,
        value: &[u8],
    ) -> Result<bool, KvError> {
        self.with(|c| {
            redis::cmd("WATCH").arg(key).query::<()>(c)?;
            let current: Option<Vec<u8>> = redis::cmd("GET").arg(key).query(c)?;
            if current.as_deref() != expected {
                redis::cmd("UNWATCH").query::<()>(c)?;
                return Ok(false);
            }
            // EXEC answers nil when the watched key changed since WATCH: no swap.
            let done: Value = redis::pipe().atomic().set(key, value).query(c)?;
            Ok(!matches!(done, Value::Nil))
        })
    }

    fn keys_page(
        &self,
        store: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<String>, Option<String>), KvError> {
        let after = cursor.unwrap_or("");
        let page: Vec<String> = self
            .keys(store)?
            .into_iter()
            .filter(|k| k.as_str() > after)
            .take(limit)
            .collect();
        let next = (page.len() == limit)
            .then(|| page.last().cloned())
            .flatten();
        Ok((page, next))
    }

    fn keys(&self, _store: &str) -> Result<Vec<String>, KvError> {
        let mut keys: Vec<String> = self.with(|c| redis::cmd("KEYS").arg("*").query(c))?;
        keys.sort();
        Ok(keys)
    }
}
