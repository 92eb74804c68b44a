//! The SQLite backend, following Spin's `crates/key-value-spin`: one file laid out exactly
//! as Spin's default store (`.spin/sqlite_key_value.db`, table
//! `spin_key_value(store, key, value)`), so a file written here can be served by `spin up`
//! and the other way round.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use super::{KvBackend, KvOpenError, in_place};
use crate::bindings::spin::key_value::key_value::Error as KvError;

/// A SQLite database holding any number of store labels, shared by all instances.
#[derive(Debug)]
pub struct SqliteBackend {
    conn: Mutex<Connection>,
}

impl SqliteBackend {
    /// Open (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, KvOpenError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open(path).map_err(|source| KvOpenError::Sqlite {
            path: path.display().to_string(),
            source,
        })?;
        Self::with_connection(conn, &path.display().to_string())
    }

    /// Set up the table on an open connection.
    fn with_connection(conn: Connection, path: &str) -> Result<Self, KvOpenError> {
        let wrap = |source| KvOpenError::Sqlite {
            path: path.to_owned(),
            source,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(wrap)?;
        // SQLite's defaults, as Spin's store (`crates/key-value-spin`) opens it: a rollback
        // journal and synchronous=FULL, so a committed write is on disk before the call
        // returns, and a write costs here what it costs on `spin up`.
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

    /// A database in memory (`type = "spin"` without a `path`, as Spin has it).
    pub fn in_memory() -> Result<Self, KvOpenError> {
        let conn = Connection::open_in_memory().map_err(|source| KvOpenError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::with_connection(conn, ":memory:")
    }

    /// Run one statement on the connection (a write waits for the disk: see [`in_place`]).
    fn with<R>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<R>) -> Result<R, KvError> {
        in_place(|| {
            let conn = self
                .conn
                .lock()
                .map_err(|_| KvError::Other("key-value connection poisoned".into()))?;
            f(&conn).map_err(|e| KvError::Other(e.to_string()))
        })
    }
}

impl KvBackend for SqliteBackend {
    /// The value under `key` in `store`.
    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.with(|c| select_value(c, store, key))
    }

    /// Store `value` under `key`, replacing any previous value.
    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.with(|c| upsert_value(c, store, key, value))
    }

    /// Remove `key`; removing a missing key is not an error.
    fn delete(&self, store: &str, key: &str) -> Result<(), KvError> {
        self.with(|c| {
            c.prepare_cached("DELETE FROM spin_key_value WHERE store = ?1 AND key = ?2")?
                .execute(params![store, key])
                .map(drop)
        })
    }

    /// Whether `key` has a value.
    fn exists(&self, store: &str, key: &str) -> Result<bool, KvError> {
        self.with(|c| {
            c.prepare_cached("SELECT 1 FROM spin_key_value WHERE store = ?1 AND key = ?2")?
                .exists(params![store, key])
        })
    }

    /// Add `delta` to the counter under `key` (absent counts as 0) and return the new
    /// value, atomically. Counters are 8-byte little-endian `i64`s, as Spin stores them.
    fn increment(&self, store: &str, key: &str, delta: i64) -> Result<i64, KvError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            let current = match select_value(&tx, store, key)? {
                None => 0,
                Some(bytes) => match <[u8; 8]>::try_from(bytes.as_slice()) {
                    Ok(b) => i64::from_le_bytes(b),
                    Err(_) => return Ok(Err(KvError::Other(format!("'{key}' is not a counter")))),
                },
            };
            let Some(next) = current.checked_add(delta) else {
                return Ok(Err(KvError::Other(format!(
                    "incrementing '{key}' overflows"
                ))));
            };
            upsert_value(&tx, store, key, &next.to_le_bytes())?;
            tx.commit()?;
            Ok(Ok(next))
        })?
    }

    /// Store `value` under `key` only if the current value is still `expected`
    /// (`None`: the key must be absent). Returns whether the swap happened.
    fn compare_and_swap(
        &self,
        store: &str,
        key: &str,
        expected: Option<&[u8]>,
        value: &[u8],
    ) -> Result<bool, KvError> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            if select_value(&tx, store, key)?.as_deref() != expected {
                return Ok(false);
            }
            upsert_value(&tx, store, key, value)?;
            tx.commit()?;
            Ok(true)
        })
    }

    /// Up to `limit` keys of `store` after `cursor`, in key order, and the cursor for the
    /// next page when there may be more.
    fn keys_page(
        &self,
        store: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<String>, Option<String>), KvError> {
        let keys: Vec<String> = self.with(|c| {
            c.prepare_cached(
                "SELECT key FROM spin_key_value WHERE store = ?1 AND key > ?2 ORDER BY key LIMIT ?3",
            )?
            .query_map(
                params![store, cursor.unwrap_or(""), i64::try_from(limit).unwrap_or(i64::MAX)],
                |row| row.get(0),
            )?
            .collect()
        })?;
        let next = (keys.len() == limit)
            .then(|| keys.last().cloned())
            .flatten();
        Ok((keys, next))
    }

    /// Every key of `store`, in key order.
    fn keys(&self, store: &str) -> Result<Vec<String>, KvError> {
        self.with(|c| {
            c.prepare_cached("SELECT key FROM spin_key_value WHERE store = ?1 ORDER BY key")?
                .query_map(params![store], |row| row.get(0))?
                .collect()
        })
    }
}

/// The value of `key` in `store`, on a connection or inside a transaction.
fn select_value(c: &Connection, store: &str, key: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    c.prepare_cached("SELECT value FROM spin_key_value WHERE store = ?1 AND key = ?2")?
        .query_row(params![store, key], |row| row.get(0))
        .optional()
}

/// Insert or replace the value of `key` in `store`.
fn upsert_value(c: &Connection, store: &str, key: &str, value: &[u8]) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO spin_key_value (store, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT(store, key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![store, key, value])
    .map(drop)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn concurrent_increments_lose_no_update() {
        let dir = tempfile::tempdir().expect("tempdir");
        let kv = Arc::new(SqliteBackend::open(&dir.path().join("kv.db")).expect("open"));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let kv = kv.clone();
                std::thread::spawn(move || {
                    (0..50)
                        .map(|_| kv.increment("default", "n", 1).expect("inc"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut seen: Vec<i64> = threads
            .into_iter()
            .flat_map(|t| t.join().expect("join"))
            .collect();
        seen.sort_unstable();
        // Every caller saw a distinct value: no two increments read the same count.
        assert_eq!(seen, (1..=400).collect::<Vec<_>>());
    }

    #[test]
    fn round_trips_and_is_compatible_with_spins_table() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(".spin/sqlite_key_value.db");
        let kv = SqliteBackend::open(&path).expect("open");
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

        assert_eq!(kv.increment("default", "n", 5).expect("inc"), 5);
        assert_eq!(kv.increment("default", "n", -2).expect("dec"), 3);
        assert_eq!(
            kv.get("default", "n").expect("get"),
            Some(3i64.to_le_bytes().to_vec())
        );
        assert!(kv.increment("other", "a", 1).is_err(), "not a counter");

        assert!(
            kv.compare_and_swap("default", "c", None, b"1")
                .expect("cas")
        );
        assert!(
            !kv.compare_and_swap("default", "c", None, b"2")
                .expect("cas")
        );
        assert!(
            kv.compare_and_swap("default", "c", Some(b"1"), b"2")
                .expect("cas")
        );
        assert_eq!(kv.get("default", "c").expect("get"), Some(b"2".to_vec()));

        let (page, next) = kv.keys_page("default", None, 1).expect("page");
        assert_eq!(page, vec!["c".to_string()]);
        let (page, next) = kv.keys_page("default", next.as_deref(), 1).expect("page");
        assert_eq!(page, vec!["n".to_string()]);
        let (page, _) = kv.keys_page("default", next.as_deref(), 1).expect("page");
        assert!(page.is_empty());
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
