//! Which store label lives where, read from Spin's runtime config file as `spin up
//! --runtime-config-file` reads it (`crates/runtime-config`, `[key_value_store.<label>]`):
//! `type = "spin"` with an optional `path` (a SQLite file, resolved against the config
//! file's directory; in memory without one) or `type = "redis"` with a `url`. `default`
//! is the SQLite file where `spin up` keeps it unless the file says otherwise.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::redis::RedisBackend;
use super::sqlite::SqliteBackend;
use super::{DEFAULT_STORE, KvBackend, KvOpenError};
use crate::bindings::spin::key_value::key_value::Error as KvError;

/// One `[key_value_store.<label>]` table.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
enum StoreConfig {
    /// Spin's SQLite store.
    Spin {
        /// The database file; in memory when absent.
        path: Option<PathBuf>,
    },
    /// Spin's Redis store.
    Redis {
        /// `redis://host:port[/db]`.
        url: String,
    },
}

/// The parts of a runtime config file the key-value stores read; other tables are
/// other factors' business and are left alone.
#[derive(Debug, Deserialize)]
struct RuntimeConfig {
    #[serde(default)]
    key_value_store: BTreeMap<String, StoreConfig>,
}

/// The stores of an app: each label's backend.
#[derive(Debug)]
pub struct Stores {
    by_label: BTreeMap<String, Arc<dyn KvBackend>>,
}

fn config_error(path: &Path, detail: impl std::fmt::Display) -> KvOpenError {
    KvOpenError::RuntimeConfig {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

impl Stores {
    /// `default` on the SQLite file `default_path`, then every label `runtime_config`
    /// defines (which may redefine `default`).
    pub fn open(default_path: &Path, runtime_config: Option<&Path>) -> Result<Self, KvOpenError> {
        let configured = match runtime_config {
            None => BTreeMap::new(),
            Some(file) => {
                let text = std::fs::read_to_string(file).map_err(|e| config_error(file, e))?;
                let parsed: RuntimeConfig =
                    toml::from_str(&text).map_err(|e| config_error(file, e))?;
                parsed.key_value_store
            }
        };
        let base = runtime_config
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut by_label: BTreeMap<String, Arc<dyn KvBackend>> = BTreeMap::new();
        for (label, store) in configured {
            let backend: Arc<dyn KvBackend> = match store {
                StoreConfig::Spin { path: Some(path) } => {
                    Arc::new(SqliteBackend::open(&base.join(path))?)
                }
                StoreConfig::Spin { path: None } => Arc::new(SqliteBackend::in_memory()?),
                StoreConfig::Redis { url } => Arc::new(RedisBackend::new(&label, &url)?),
            };
            by_label.insert(label, backend);
        }
        if !by_label.contains_key(DEFAULT_STORE) {
            by_label.insert(
                DEFAULT_STORE.to_owned(),
                Arc::new(SqliteBackend::open(default_path)?),
            );
        }
        Ok(Self { by_label })
    }

    fn of(&self, store: &str) -> Result<&Arc<dyn KvBackend>, KvError> {
        self.by_label.get(store).ok_or(KvError::NoSuchStore)
    }
}

impl KvBackend for Stores {
    fn has_store(&self, store: &str) -> bool {
        self.by_label.contains_key(store)
    }

    fn get(&self, store: &str, key: &str) -> Result<Option<Vec<u8>>, KvError> {
        self.of(store)?.get(store, key)
    }

    fn set(&self, store: &str, key: &str, value: &[u8]) -> Result<(), KvError> {
        self.of(store)?.set(store, key, value)
    }

    fn delete(&self, store: &str, key: &str) -> Result<(), KvError> {
        self.of(store)?.delete(store, key)
    }

    fn exists(&self, store: &str, key: &str) -> Result<bool, KvError> {
        self.of(store)?.exists(store, key)
    }

    fn increment(&self, store: &str, key: &str, delta: i64) -> Result<i64, KvError> {
        self.of(store)?.increment(store, key, delta)
    }

    fn compare_and_swap(
        &self,
        store: &str,
        key: &str,
        expected: Option<&[u8]>,
        value: &[u8],
    ) -> Result<bool, KvError> {
        self.of(store)?
            .compare_and_swap(store, key, expected, value)
    }

    fn keys_page(
        &self,
        store: &str,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<(Vec<String>, Option<String>), KvError> {
        self.of(store)?.keys_page(store, cursor, limit)
    }

    fn keys(&self, store: &str) -> Result<Vec<String>, KvError> {
        self.of(store)?.keys(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("runtime-config.toml");
        std::fs::write(&path, text).expect("write config");
        path
    }

    #[test]
    fn default_is_the_sqlite_file_unless_the_config_moves_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let default = dir.path().join(".spin/sqlite_key_value.db");
        let stores = Stores::open(&default, None).expect("open");
        assert!(stores.has_store("default") && !stores.has_store("cache"));
        stores.set("default", "k", b"v").expect("set");
        assert!(default.is_file());
        assert!(matches!(
            stores.get("cache", "k"),
            Err(KvError::NoSuchStore)
        ));

        let config = write(
            dir.path(),
            "[key_value_store.default]\ntype = \"spin\"\npath = \"moved.db\"\n\n\
             [key_value_store.cache]\ntype = \"spin\"\n\n[outbound_http]\nmax_connections = 4\n",
        );
        let stores = Stores::open(&default, Some(&config)).expect("open");
        assert!(stores.has_store("cache"));
        assert_eq!(stores.get("default", "k").expect("get"), None, "a new file");
        stores.set("default", "k", b"w").expect("set");
        assert!(dir.path().join("moved.db").is_file());
        stores.set("cache", "k", b"c").expect("in memory");
        assert_eq!(
            stores.get("default", "k").expect("get"),
            Some(b"w".to_vec())
        );
    }

    #[test]
    fn refuses_what_spin_would_refuse() {
        let dir = tempfile::tempdir().expect("tempdir");
        let default = dir.path().join("kv.db");
        for text in [
            "[key_value_store.default]\ntype = \"azure_cosmos\"\n",
            "[key_value_store.default]\ntype = \"redis\"\n",
            "[key_value_store.default]\ntype = \"spin\"\nurl = \"x\"\n",
        ] {
            let config = write(dir.path(), text);
            assert!(
                matches!(
                    Stores::open(&default, Some(&config)),
                    Err(KvOpenError::RuntimeConfig { .. })
                ),
                "{text}"
            );
        }
        let config = write(
            dir.path(),
            "[key_value_store.default]\ntype = \"redis\"\nurl = \"not a url\"\n",
        );
        assert!(matches!(
            Stores::open(&default, Some(&config)),
            Err(KvOpenError::RedisUrl { .. })
        ));
    }
}
