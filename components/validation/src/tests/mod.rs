//! Native unit tests of the front door's logic over the in-memory store
//! (`edgecrew_kv::MemoryStore`): rate-limit counting, authentication and key rotation,
//! the audit log and its retention.

mod admin;
mod audit;
mod auth;
mod limits;

use edgecrew_kv::{Kv, MemoryStore};

/// A fresh in-memory store and a request's `Kv` over it.
fn opened() -> (MemoryStore, Kv) {
    let store = MemoryStore::new();
    (store.clone(), Kv::new(store))
}
