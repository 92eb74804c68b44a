//! Appending to, trimming and querying the audit log (layout in
//! `edgecrew_validation_rules::audit`). Every [`RETIRE_EVERY`]th append also retires up
//! to that many records past retention, so trimming keeps pace with writing at a bounded,
//! amortised cost. Retention never removes a record early; under concurrent trimming it
//! may lag.
//!
//! Records are in time order, except the blocks a backup import appends (older records
//! after newer ones): `audit:unordered_to` marks the last of them, so readers scan up to
//! it in full and binary-search only the ordered part after it.

use std::collections::HashSet;

use edgecrew_validation_rules::audit::{
    AuditEvent, IMPORTED_COUNT_KEY, SEQ_KEY, TAIL_KEY, UNORDERED_TO_KEY, imported_block_key,
    record_key,
};

use edgecrew_kv::{Kv, Result};

/// How often (in appends) retention runs, and how many records it may retire then.
pub const RETIRE_EVERY: i64 = 8;

/// How far behind the newest sequence number an empty slot is taken for an append that
/// failed (rather than one still in flight), so that retention steps over it.
const HOLE_MARGIN: i64 = 1000;

/// Append `event`; it is stored when this returns.
pub async fn append(kv: &Kv, event: &AuditEvent, retention_ms: i64) -> Result<()> {
    let seq = kv.increment(SEQ_KEY, 1)?;
    kv.set_json(&record_key(seq), event).await?;
    if seq % RETIRE_EVERY == 0 {
        let cutoff = event.at_ms.saturating_sub(retention_ms);
        for _ in 0..RETIRE_EVERY {
            if !retire_oldest(kv, cutoff, seq).await? {
                break;
            }
        }
    }
    Ok(())
}

/// Remove the oldest record if it is older than `cutoff` (or step over the slot of an
/// append that failed long ago); whether the tail moved. The oldest slot is looked at
/// before it is claimed, so when nothing is due (the common case) nothing is written.
async fn retire_oldest(kv: &Kv, cutoff: i64, head: i64) -> Result<bool> {
    let oldest = kv.counter(TAIL_KEY).await? + 1;
    if !due(kv, oldest, cutoff, head).await?.0 {
        return Ok(false);
    }
    // Claim it: a concurrent retirer may have moved the tail meanwhile, so look again at
    // the slot the claim returned.
    let slot = kv.increment(TAIL_KEY, 1)?;
    let (retire, present) = due(kv, slot, cutoff, head).await?;
    if retire && present {
        kv.delete(&record_key(slot)).await?;
    } else if !retire {
        kv.increment(TAIL_KEY, -1)?;
    }
    Ok(retire)
}

/// Whether `slot` is due for retirement (its record is older than `cutoff`, or it is an
/// empty slot more than [`HOLE_MARGIN`] behind the newest), and whether it holds a record.
async fn due(kv: &Kv, slot: i64, cutoff: i64, head: i64) -> Result<(bool, bool)> {
    let record = if slot <= head {
        kv.get_json::<AuditEvent>(&record_key(slot)).await?
    } else {
        None
    };
    Ok(match &record {
        Some(e) => (e.at_ms < cutoff, true),
        None => (slot <= head - HOLE_MARGIN, false),
    })
}

/// The log's extent: the last retired, the last appended by an import, the last handed out.
struct Extent {
    tail: i64,
    unordered_to: i64,
    head: i64,
}

impl Extent {
    async fn read(kv: &Kv) -> Result<Self> {
        Ok(Self {
            tail: kv.counter(TAIL_KEY).await?,
            unordered_to: kv.counter(UNORDERED_TO_KEY).await?,
            head: kv.counter(SEQ_KEY).await?,
        })
    }

    /// The slots scanned in full: retention's tail to the last imported record.
    fn unordered(&self) -> std::ops::RangeInclusive<i64> {
        self.tail + 1..=self.unordered_to.min(self.head)
    }

    /// The first slot of the time-ordered part whose record is at or after `since`.
    async fn first_ordered_at_or_after(&self, kv: &Kv, since: i64) -> Result<i64> {
        let (mut lo, mut hi) = (self.tail.max(self.unordered_to) + 1, self.head + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match kv.get_json::<AuditEvent>(&record_key(mid)).await? {
                Some(e) if e.at_ms >= since => hi = mid,
                _ => lo = mid + 1,
            }
        }
        Ok(lo)
    }
}

/// Up to `limit` records at or after `since` (Unix ms), in log order: oldest first, but
/// for records a backup import appended, which come where the import put them.
pub async fn query(kv: &Kv, since: i64, limit: usize) -> Result<Vec<AuditEvent>> {
    let extent = Extent::read(kv).await?;
    let mut events = Vec::with_capacity(limit.min(1000));
    for seq in extent.unordered() {
        if events.len() >= limit {
            return Ok(events);
        }
        if let Some(e) = kv.get_json::<AuditEvent>(&record_key(seq)).await?
            && e.at_ms >= since
        {
            events.push(e);
        }
    }
    let mut seq = extent.first_ordered_at_or_after(kv, since).await?;
    while seq <= extent.head && events.len() < limit {
        if let Some(e) = kv.get_json::<AuditEvent>(&record_key(seq)).await? {
            events.push(e);
        }
        seq += 1;
    }
    Ok(events)
}

/// The request ids of the records from `from` to `to` (Unix ms, inclusive).
pub async fn request_ids_between(kv: &Kv, from: i64, to: i64) -> Result<HashSet<String>> {
    let extent = Extent::read(kv).await?;
    let mut ids = HashSet::new();
    for seq in extent.unordered() {
        if let Some(e) = kv.get_json::<AuditEvent>(&record_key(seq)).await?
            && (from..=to).contains(&e.at_ms)
        {
            ids.insert(e.request_id);
        }
    }
    let mut seq = extent.first_ordered_at_or_after(kv, from).await?;
    while seq <= extent.head {
        match kv.get_json::<AuditEvent>(&record_key(seq)).await? {
            Some(e) if e.at_ms > to => break,
            Some(e) => {
                ids.insert(e.request_id);
            }
            None => {}
        }
        seq += 1;
    }
    Ok(ids)
}

/// Append `records` (stored bytes, in order) as one block after the newest record, and
/// mark the log unordered up to its end: they may be older than records before them.
/// The block is listed before its records are written, so the metrics never count them.
pub async fn append_imported(kv: &Kv, records: &[&[u8]]) -> Result<()> {
    let size = i64::try_from(records.len()).unwrap_or(i64::MAX);
    if size == 0 {
        return Ok(());
    }
    let end = kv.increment(SEQ_KEY, size)?;
    let block = kv.increment(IMPORTED_COUNT_KEY, 1)?;
    kv.set_json(&imported_block_key(block), &[end - size + 1, end])
        .await?;
    let marked = kv.counter(UNORDERED_TO_KEY).await?;
    if end > marked {
        kv.increment(UNORDERED_TO_KEY, end - marked)?;
    }
    for (seq, bytes) in (end - size + 1..).zip(records) {
        kv.set_raw(&record_key(seq), bytes).await?;
    }
    Ok(())
}
