//! Folding the audit records appended since the last scrape into the stored [`Tally`]
//! (record layout in `edgecrew_validation_rules::audit`). The tally is replaced by
//! compare-and-swap, so concurrent scrapes, on one instance or many, never count a record
//! twice; a scrape that loses the race folds again from the winner's tally.

use edgecrew_core::metrics::{Slot, TALLY_KEY, Tally};
use edgecrew_kv::{Kv, Result, StoreError};
use edgecrew_validation_rules::audit::{
    AuditEvent, IMPORTED_COUNT_KEY, SEQ_KEY, TAIL_KEY, imported_block_key, record_key,
};
use futures::{StreamExt, TryStreamExt, stream};

/// Records one scrape folds at most; the rest wait for the next scrape
/// (`edgecrew_metrics_backlog_records` shows how many).
const FOLD_AT_MOST: i64 = 20_000;

/// Store reads a scrape keeps in flight at once.
const READS_AT_ONCE: usize = 16;

/// Folds tried when other scrapes keep swapping the tally first.
const ATTEMPTS: usize = 4;

/// Bring the stored tally up to date with the audit log (at most [`FOLD_AT_MOST`]
/// records) and return it with the number of records still to fold.
pub async fn fold(kv: &Kv, now_ms: i64) -> Result<(Tally, u64)> {
    for _ in 0..ATTEMPTS {
        // A bounded read first: a store that is gone is an error here, before the
        // compare-and-swap, a `wasi:keyvalue` call no timer can cut short.
        let head = kv.counter(SEQ_KEY).await?;
        let swap = kv.watch_for_swap(TALLY_KEY)?;
        let Some(stored) = &swap.current else {
            // The first scrape: an empty tally from the log's tail, which later swaps
            // compare against (Spin's SQLite store swaps an absent record unconditionally).
            let tail = kv.counter(TAIL_KEY).await?;
            let start = Tally {
                through: tail,
                ..Tally::default()
            };
            kv.set_json(TALLY_KEY, &start).await?;
            continue;
        };
        let mut tally: Tally = serde_json::from_slice(stored)
            .map_err(|e| StoreError(format!("'{TALLY_KEY}' is not a metrics tally: {e}")))?;
        let before = tally.clone();
        // Records retention retired before any scrape saw them are not counted.
        tally.through = tally.through.max(kv.counter(TAIL_KEY).await?);
        let from = tally.through + 1;
        let to = head.min(from + FOLD_AT_MOST - 1);
        if from > to {
            return Ok((tally, 0));
        }
        let records: Vec<Option<Vec<u8>>> = stream::iter((from..=to).map(|seq| {
            let key = record_key(seq);
            async move { kv.get_raw(&key).await }
        }))
        .buffered(READS_AT_ONCE)
        .try_collect()
        .await?;
        // Read after the records: an imported record that is there was listed before it
        // was written, so its block is in this list.
        let imported = imported_blocks(kv).await?;
        let slots = (from..).zip(records).map(|(seq, record)| {
            if imported.iter().any(|&(a, b)| (a..=b).contains(&seq)) {
                Slot::Restored
            } else {
                record.map_or(Slot::Empty, |bytes| {
                    Slot::Served(
                        serde_json::from_slice::<AuditEvent>(&bytes)
                            .ok()
                            .and_then(|e| e.observation()),
                    )
                })
            }
        });
        tally.advance(slots, now_ms);
        let backlog = u64::try_from(head - tally.through).unwrap_or(0);
        if tally == before {
            return Ok((tally, backlog));
        }
        let bytes = serde_json::to_vec(&tally).map_err(|e| StoreError(e.to_string()))?;
        if kv.swap(swap, &bytes)? {
            return Ok((tally, backlog));
        }
    }
    // Other scrapes kept winning: report the tally they stored.
    let tally = kv.get_json::<Tally>(TALLY_KEY).await?.unwrap_or_default();
    let backlog = u64::try_from(kv.counter(SEQ_KEY).await? - tally.through).unwrap_or(0);
    Ok((tally, backlog))
}

/// The `[first, last]` slots of every block a backup import appended.
async fn imported_blocks(kv: &Kv) -> Result<Vec<(i64, i64)>> {
    let count = kv.counter(IMPORTED_COUNT_KEY).await?;
    let blocks: Vec<Option<[i64; 2]>> =
        stream::iter((1..=count).map(|n| async move { kv.get_json(&imported_block_key(n)).await }))
            .buffered(READS_AT_ONCE)
            .try_collect()
            .await?;
    Ok(blocks.into_iter().flatten().map(|[a, b]| (a, b)).collect())
}
