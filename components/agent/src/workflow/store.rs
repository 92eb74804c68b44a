//! Entering e-mails into the workflow and moving them, each a compare-and-swap of the
//! e-mail's [`Record`] followed by the update of its index entry.

use edgecrew_kv::{Kv, Result, StoreError};
use edgecrew_validation_rules::time::format_rfc3339;

use super::index;
use super::machine;
use super::record::{HISTORY_LIMIT, Move, Record, Tracked, record_key};

/// Tries at a record's compare-and-swap before giving up.
const SWAP_TRIES: usize = 16;

/// What an analysis tells the workflow about an e-mail.
pub struct Analysed {
    /// The e-mail's id.
    pub email_id: String,
    /// Its subject.
    pub subject: String,
    /// Its sender.
    pub from: String,
    /// When it arrived (Unix ms), if the caller said.
    pub received_ms: Option<i64>,
    /// The category.
    pub category: String,
    /// The priority level.
    pub priority: String,
    /// Hours its priority allows.
    pub sla_hours: i64,
    /// The state the analysis infers, where a new e-mail enters the workflow.
    pub state: String,
}

/// A refused move.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// No such e-mail in the workflow.
    NotFound,
    /// The caller saw an older version.
    Stale {
        /// The version now.
        current_version: i64,
        /// The state now.
        state: String,
    },
    /// The workflow does not allow the move.
    NotAllowed {
        /// The state now.
        from: String,
        /// Where it may move.
        allowed: Vec<&'static str>,
    },
}

/// A move asked for.
pub struct Transition<'a> {
    /// The target state.
    pub to: &'a str,
    /// The caller's note.
    pub note: Option<&'a str>,
    /// The version the caller saw.
    pub if_version: i64,
    /// The caller's key id.
    pub key_id: &'a str,
}

fn decode(key: &str, bytes: &[u8]) -> Result<Record> {
    serde_json::from_slice(bytes).map_err(|e| StoreError(format!("'{key}' is unreadable: {e}")))
}

fn encode(record: &Record) -> Result<Vec<u8>> {
    serde_json::to_vec(record).map_err(|e| StoreError(e.to_string()))
}

/// Enter `email` into the workflow at `now_ms` (state from the analysis, version 1), or,
/// when it is there already, take its new category, priority and SLA (its state stays).
pub async fn track(kv: &Kv, email: &Analysed, now_ms: i64) -> Result<Tracked> {
    let key = record_key(&email.email_id);
    let received_ms = email.received_ms.unwrap_or(now_ms);
    let due_ms = received_ms.saturating_add(email.sla_hours.saturating_mul(3_600_000));
    for _ in 0..SWAP_TRIES {
        let swap = kv.watch_for_swap(&key)?;
        let mut record = match &swap.current {
            Some(bytes) => {
                let mut record = decode(&key, bytes)?;
                record.tracked.version += 1;
                record
            }
            None => Record {
                tracked: Tracked {
                    email_id: email.email_id.clone(),
                    subject: String::new(),
                    from: String::new(),
                    received_at: String::new(),
                    category: String::new(),
                    priority: String::new(),
                    state: email.state.clone(),
                    version: 1,
                    due_at: String::new(),
                    due_ms: 0,
                    analyzed_at: String::new(),
                    slot: index::new_slot(kv)?,
                },
                history: Vec::new(),
            },
        };
        let t = &mut record.tracked;
        t.subject.clone_from(&email.subject);
        t.from.clone_from(&email.from);
        t.received_at = format_rfc3339(received_ms);
        t.category = email.category.clone();
        t.priority = email.priority.clone();
        t.due_at = format_rfc3339(due_ms);
        t.due_ms = due_ms;
        t.analyzed_at = format_rfc3339(now_ms);
        if kv.swap(swap, &encode(&record)?)? {
            reindex(kv, &record.tracked).await;
            return Ok(record.tracked);
        }
    }
    Err(StoreError(format!(
        "'{key}' kept changing under {SWAP_TRIES} tries"
    )))
}

/// Move an e-mail as `asked` at `now_ms`: the e-mail after the move and the state it left,
/// or why the move was refused.
pub async fn transition(
    kv: &Kv,
    email_id: &str,
    asked: &Transition<'_>,
    now_ms: i64,
) -> Result<std::result::Result<(Tracked, String), Refusal>> {
    let key = record_key(email_id);
    for _ in 0..SWAP_TRIES {
        let swap = kv.watch_for_swap(&key)?;
        let Some(bytes) = &swap.current else {
            return Ok(Err(Refusal::NotFound));
        };
        let mut record = decode(&key, bytes)?;
        let from = record.tracked.state.clone();
        if record.tracked.version != asked.if_version {
            // The client's version came from the listing: bring the index up to the record
            // in case an earlier write of it failed, so that a reload sees the current one.
            reindex(kv, &record.tracked).await;
            return Ok(Err(Refusal::Stale {
                current_version: record.tracked.version,
                state: from,
            }));
        }
        let allowed = machine::allowed(&from);
        if !allowed.contains(&asked.to) {
            return Ok(Err(Refusal::NotAllowed { from, allowed }));
        }
        record.tracked.state = asked.to.to_owned();
        record.tracked.version += 1;
        record.history.push(Move {
            from: from.clone(),
            to: asked.to.to_owned(),
            at: format_rfc3339(now_ms),
            key_id: asked.key_id.to_owned(),
            note: asked.note.map(str::to_owned),
        });
        let excess = record.history.len().saturating_sub(HISTORY_LIMIT);
        record.history.drain(..excess);
        if kv.swap(swap, &encode(&record)?)? {
            reindex(kv, &record.tracked).await;
            return Ok(Ok((record.tracked, from)));
        }
    }
    Err(StoreError(format!(
        "'{key}' kept changing under {SWAP_TRIES} tries"
    )))
}

/// Bring the index up to `tracked` once its record is written. The record decides every
/// move, so a failed index write leaves only the listing behind until the next write of
/// this e-mail (a stale move's refusal repairs it); it is logged, not the request's failure.
async fn reindex(kv: &Kv, tracked: &Tracked) {
    if let Err(e) = index::put(kv, tracked).await {
        eprintln!(
            "workflow: the index entry of '{}' is behind its record: {e}",
            tracked.email_id
        );
    }
}

/// An e-mail's record, if it is in the workflow.
pub async fn read(kv: &Kv, email_id: &str) -> Result<Option<Record>> {
    kv.get_json(&record_key(email_id)).await
}
