//! Appending to, trimming and querying the audit log (layout in
//! `edgecrew_validation_rules::audit`). Every [`RETIRE_EVERY`]th append also retires up
//! to that many records past retention, so trimming keeps pace with writing at a bounded,
//! amortised cost. Retention never removes a record early; under concurrent trimming it
//! may lag.

use edgecrew_validation_rules::audit::{AuditEvent, SEQ_KEY, TAIL_KEY, record_key};

use edgecrew_kv::{Kv, Result};

/// How often (in appends) retention runs, and how many records it may retire then.
pub const RETIRE_EVERY: i64 = 8;

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

/// Remove the oldest record if it is older than `cutoff`; whether one was removed.
async fn retire_oldest(kv: &Kv, cutoff: i64, head: i64) -> Result<bool> {
    let slot = kv.increment(TAIL_KEY, 1)?;
    let expired = slot <= head
        && kv
            .get_json::<AuditEvent>(&record_key(slot))
            .await?
            .is_some_and(|e| e.at_ms < cutoff);
    if expired {
        kv.delete(&record_key(slot)).await?;
    } else {
        kv.increment(TAIL_KEY, -1)?;
    }
    Ok(expired)
}

/// Up to `limit` records at or after `since` (Unix ms), oldest first.
pub async fn query(kv: &Kv, since: i64, limit: usize) -> Result<Vec<AuditEvent>> {
    let head = kv.counter(SEQ_KEY).await?;
    let tail = kv.counter(TAIL_KEY).await?;
    // Binary search for the first record at or after `since`; records are in time order.
    let (mut lo, mut hi) = (tail + 1, head + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match kv.get_json::<AuditEvent>(&record_key(mid)).await? {
            Some(e) if e.at_ms >= since => hi = mid,
            _ => lo = mid + 1,
        }
    }
    let mut events = Vec::with_capacity(limit.min(1000));
    let mut seq = lo;
    while seq <= head && events.len() < limit {
        if let Some(e) = kv.get_json::<AuditEvent>(&record_key(seq)).await? {
            events.push(e);
        }
        seq += 1;
    }
    Ok(events)
}
