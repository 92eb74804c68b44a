//! Native unit tests of the agent's stateful logic over the in-memory store
//! (`edgecrew_kv::MemoryStore`) and a scripted transport: the provider chain, the shared
//! circuit breaker, conversations, the metrics fold, tools and the e-mail workflow.

mod chain;
mod circuit;
mod conversations;
mod fold;
mod model_loop;
mod tools;
mod workflow;

use edgecrew_kv::{Kv, MemoryStore};

/// A fresh in-memory store and a request's `Kv` over it.
fn opened() -> (MemoryStore, Kv) {
    let store = MemoryStore::new();
    (store.clone(), Kv::new(store))
}
