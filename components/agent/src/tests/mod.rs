//! Native unit tests of the agent's stateful logic over the in-memory store
//! (`edgecrew_kv::MemoryStore`) and a scripted transport: the provider chain, the shared
//! circuit breaker, conversations, and the metrics fold.

mod chain;
mod circuit;
mod conversations;
mod fold;
mod model_loop;
mod tools;

use edgecrew_kv::{Kv, MemoryStore};

/// A fresh in-memory store and a request's `Kv` over it.
fn opened() -> (MemoryStore, Kv) {
    let store = MemoryStore::new();
    (store.clone(), Kv::new(store))
}
