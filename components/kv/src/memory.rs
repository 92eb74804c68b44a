//! An in-memory backend for native tests: one map holding records and counters, as
//! Spin's stores do (counters in the 8-byte little-endian encoding of Spin's SQLite
//! store), with a count of the writes and a switch that makes the store go away after a
//! given number of calls, so tests can check what a request writes and what a failure
//! half-way leaves behind.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use futures::future::{LocalBoxFuture, ready};

use crate::backend::{Backend, Swap, Ticket};
use crate::{Result, StoreError};

/// The map and its counters, shared by every handle of one [`MemoryStore`].
#[derive(Default)]
struct Inner {
    map: BTreeMap<String, Vec<u8>>,
    calls: usize,
    writes: usize,
    fail_after: Option<usize>,
}

impl Inner {
    /// Count a call; an error once the store has gone away.
    fn call(&mut self) -> Result<()> {
        if self.fail_after.is_some_and(|n| self.calls >= n) {
            return Err(StoreError("the in-memory store went away".into()));
        }
        self.calls += 1;
        Ok(())
    }

    /// Count a call that writes.
    fn write(&mut self) -> Result<()> {
        self.call()?;
        self.writes += 1;
        Ok(())
    }
}

/// A store in memory; clones share the same map, so a test keeps one to look inside
/// while a [`crate::Kv`] uses another.
#[derive(Clone, Default)]
pub struct MemoryStore(Rc<RefCell<Inner>>);

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every call after the next `calls` fails, as a store that went away does.
    pub fn fail_after(&self, calls: usize) {
        let mut inner = self.0.borrow_mut();
        inner.fail_after = Some(inner.calls + calls);
    }

    /// The store answers again.
    pub fn recover(&self) {
        self.0.borrow_mut().fail_after = None;
    }

    /// How many calls wrote (sets, deletes, increments, swaps), failed ones excluded.
    pub fn writes(&self) -> usize {
        self.0.borrow().writes
    }

    /// The keys present, sorted.
    pub fn keys(&self) -> Vec<String> {
        self.0.borrow().map.keys().cloned().collect()
    }

    /// A record's bytes, read without counting a call.
    pub fn peek(&self, key: &str) -> Option<Vec<u8>> {
        self.0.borrow().map.get(key).cloned()
    }

    /// A counter's value (0 when absent), read without counting a call.
    pub fn counter(&self, key: &str) -> i64 {
        self.peek(key)
            .and_then(|b| edgecrew_core::counter::decode(&b))
            .unwrap_or(0)
    }

    fn with<T>(&self, f: impl FnOnce(&mut Inner) -> Result<T>) -> Result<T> {
        f(&mut self.0.borrow_mut())
    }
}

impl Backend for MemoryStore {
    fn get<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<Option<Vec<u8>>>> {
        Box::pin(ready(self.with(|s| {
            s.call()?;
            Ok(s.map.get(key).cloned())
        })))
    }

    fn set<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(ready(self.with(|s| {
            s.write()?;
            s.map.insert(key.to_owned(), bytes.to_vec());
            Ok(())
        })))
    }

    fn delete<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(ready(self.with(|s| {
            s.write()?;
            s.map.remove(key);
            Ok(())
        })))
    }

    fn keys<'a>(
        &'a self,
        keep: &'a dyn Fn(&str) -> bool,
    ) -> LocalBoxFuture<'a, Result<Vec<String>>> {
        Box::pin(ready(self.with(|s| {
            s.call()?;
            Ok(s.map.keys().filter(|k| keep(k)).cloned().collect())
        })))
    }

    fn increment(&self, key: &str, delta: i64) -> Result<i64> {
        self.with(|s| {
            s.write()?;
            let now = match s.map.get(key) {
                None => 0,
                Some(bytes) => edgecrew_core::counter::decode(bytes)
                    .ok_or_else(|| StoreError(format!("'{key}' is not a counter")))?,
            } + delta;
            s.map.insert(key.to_owned(), now.to_le_bytes().to_vec());
            Ok(now)
        })
    }

    fn delete_counter(&self, key: &str) -> Result<()> {
        self.with(|s| {
            s.write()?;
            s.map.remove(key);
            Ok(())
        })
    }

    fn watch(&self, key: &str) -> Result<Swap> {
        let current = self.with(|s| {
            s.call()?;
            Ok(s.map.get(key).cloned())
        })?;
        let ticket = MemoryTicket {
            store: self.clone(),
            key: key.to_owned(),
            watched: current.clone(),
        };
        Ok(Swap::new(current, Box::new(ticket)))
    }
}

/// A compare-and-swap that succeeds while the record still holds the watched bytes.
struct MemoryTicket {
    store: MemoryStore,
    key: String,
    watched: Option<Vec<u8>>,
}

impl Ticket for MemoryTicket {
    fn swap(self: Box<Self>, bytes: &[u8]) -> Result<bool> {
        self.store.with(|s| {
            s.write()?;
            if s.map.get(&self.key) != self.watched.as_ref() {
                return Ok(false);
            }
            s.map.insert(self.key.clone(), bytes.to_vec());
            Ok(true)
        })
    }
}
