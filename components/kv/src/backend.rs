//! The store as a capability: the small object-safe trait a backend implements, as Spin's
//! `key-value` factor draws it (`crates/factor-key-value/src/lib.rs`, the `Store` trait),
//! with the counters and compare-and-swap of `wasi:keyvalue/atomics` beside the records.

use futures::future::LocalBoxFuture;

use crate::Result;

/// One key-value store: records and exact counters on the same keys' space, as Spin
/// serves both interfaces from one backend.
pub trait Backend {
    /// A record's bytes, if present.
    fn get<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<Option<Vec<u8>>>>;

    /// Store bytes under `key`.
    fn set<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> LocalBoxFuture<'a, Result<()>>;

    /// Delete a record (absent is fine).
    fn delete<'a>(&'a self, key: &'a str) -> LocalBoxFuture<'a, Result<()>>;

    /// Every key `keep` accepts, in any order.
    fn keys<'a>(
        &'a self,
        keep: &'a dyn Fn(&str) -> bool,
    ) -> LocalBoxFuture<'a, Result<Vec<String>>>;

    /// Atomically add `delta` to a counter (absent counts as 0) and return the new value.
    fn increment(&self, key: &str, delta: i64) -> Result<i64>;

    /// Delete a counter (absent is fine).
    fn delete_counter(&self, key: &str) -> Result<()>;

    /// Start a compare-and-swap of `key`: its bytes now, and the ticket that swaps them.
    fn watch(&self, key: &str) -> Result<Swap>;
}

/// The backend's half of a compare-and-swap started by [`Backend::watch`].
pub trait Ticket {
    /// Replace the watched record with `bytes` unless another writer changed it since:
    /// whether it was replaced.
    fn swap(self: Box<Self>, bytes: &[u8]) -> Result<bool>;
}

/// A compare-and-swap in progress ([`crate::Kv::watch_for_swap`]).
pub struct Swap {
    /// The record's bytes when it was watched (`None`: absent).
    pub current: Option<Vec<u8>>,
    ticket: Box<dyn Ticket>,
}

impl Swap {
    /// A swap of a record watched holding `current`, completed by `ticket`.
    pub fn new(current: Option<Vec<u8>>, ticket: Box<dyn Ticket>) -> Self {
        Self { current, ticket }
    }

    /// Complete the swap (see [`Ticket::swap`]).
    pub(crate) fn complete(self, bytes: &[u8]) -> Result<bool> {
        self.ticket.swap(bytes)
    }
}
