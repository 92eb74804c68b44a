//! The listing's index: every tracked e-mail's [`Tracked`] summary in pages of [`PAGE`]
//! slots (`workflow:page:{n}`), slots handed out by an atomic counter (`workflow:slots`) in
//! the order e-mails enter the workflow. A listing reads pages newest first and filters
//! them, never the whole store; writers replace a page by compare-and-swap, so concurrent
//! changes to one page are never lost.

use edgecrew_kv::{Kv, Result, StoreError};

use super::record::Tracked;

/// Slots per page.
pub const PAGE: i64 = 64;

/// The counter of slots handed out.
pub const SLOTS_KEY: &str = "workflow:slots";

/// Tries at a page's compare-and-swap before giving up.
const SWAP_TRIES: usize = 32;

/// The key of page `n`.
pub fn page_key(n: i64) -> String {
    format!("workflow:page:{n:012}")
}

/// A new slot.
pub fn new_slot(kv: &Kv) -> Result<i64> {
    Ok(kv.increment(SLOTS_KEY, 1)? - 1)
}

/// Put `entry` in its page, replacing the one of its slot unless that one is newer already
/// (writers of one e-mail may reach its page out of order) or the same (nothing written).
pub async fn put(kv: &Kv, entry: &Tracked) -> Result<()> {
    let key = page_key(entry.slot / PAGE);
    for _ in 0..SWAP_TRIES {
        let swap = kv.watch_for_swap(&key)?;
        let mut page: Vec<Tracked> = match &swap.current {
            Some(bytes) => serde_json::from_slice(bytes)
                .map_err(|e| StoreError(format!("index page '{key}' is unreadable: {e}")))?,
            None => Vec::new(),
        };
        match page.binary_search_by_key(&entry.slot, |e| e.slot) {
            Ok(at) if page[at].version > entry.version || page[at] == *entry => return Ok(()),
            Ok(at) => page[at] = entry.clone(),
            Err(at) => page.insert(at, entry.clone()),
        }
        let bytes = serde_json::to_vec(&page).map_err(|e| StoreError(e.to_string()))?;
        if kv.swap(swap, &bytes)? {
            return Ok(());
        }
    }
    Err(StoreError(format!(
        "index page '{key}' kept changing under {SWAP_TRIES} tries"
    )))
}

/// One page of a listing: what matched, and the cursor to continue from.
pub struct Found {
    /// Matching entries, newest first.
    pub entries: Vec<Tracked>,
    /// The slot to continue below, when older entries remain.
    pub next: Option<i64>,
}

/// Up to `limit` entries that `keep`, newest first, from the slots below `before` (all
/// when `None`), reading at most `page_budget` pages.
pub async fn scan(
    kv: &Kv,
    before: Option<i64>,
    keep: impl Fn(&Tracked) -> bool,
    limit: usize,
    page_budget: usize,
) -> Result<Found> {
    let top = kv.counter(SLOTS_KEY).await?;
    let mut bound = before.map_or(top, |b| b.min(top));
    let mut entries = Vec::new();
    let mut pages = 0;
    while bound > 0 && entries.len() < limit && pages < page_budget {
        let n = (bound - 1) / PAGE;
        let page: Vec<Tracked> = kv.get_json(&page_key(n)).await?.unwrap_or_default();
        pages += 1;
        let mut next_bound = n * PAGE;
        for entry in page.iter().rev().filter(|e| e.slot < bound) {
            if keep(entry) {
                entries.push(entry.clone());
                if entries.len() == limit {
                    next_bound = entry.slot;
                    break;
                }
            }
        }
        bound = next_bound;
    }
    Ok(Found {
        entries,
        next: (bound > 0).then_some(bound),
    })
}
