//! `POST /v1/admin/import`: restore a backup into the store, filling in what it lacks.
//!
//! The whole file is checked before anything is written (400 naming the line otherwise).
//! Then, in this order:
//! 1. counters are raised to the file's values, never lowered, so appends that run during
//!    the import take numbers past the file's;
//! 2. records the store lacks are written; a record the store holds is kept (a key
//!    revoked or rotated since the backup stays so, a conversation keeps what it gained);
//!    a conversation index slot another conversation holds (a store used before the
//!    restore) gets the restored conversation a new slot at the end of its owner's list;
//! 3. audit records whose request id the store does not hold (among its records of the
//!    file's time range) are appended as one block (`audit::append_imported`).
//!
//! So importing a file twice is importing it once, and an import cut short by a store
//! failure (503) completes when run again.

use std::collections::{HashMap, HashSet};

use edgecrew_validation_rules::backup::{
    self, Backup, index_counter_key, index_slot, index_slot_key,
};
use serde_json::{Value, json};

use crate::admin::Done;
use crate::audit;
use crate::respond::{json_response, problem};
use edgecrew_kv::{Kv, Result};

/// What an import did.
#[derive(Default)]
struct Tally {
    written: usize,
    kept: usize,
    reindexed: usize,
}

/// `POST /v1/admin/import` with the file's bytes.
pub async fn import(kv: &Kv, file: &[u8], request_id: &str) -> Result<Done> {
    let backup = match backup::parse(file) {
        Ok(b) => b,
        Err(damaged) => {
            return Ok(Done::plain(problem(
                400,
                format!("the backup file is refused, nothing was written: {damaged}"),
                request_id,
            )));
        }
    };
    for (key, value) in &backup.counters {
        let current = kv.counter(key).await?;
        if *value > current {
            kv.increment(key, value - current)?;
        }
    }
    let mut tally = Tally::default();
    let moved = restore_index_slots(kv, &backup, &mut tally).await?;
    for (key, bytes) in backup
        .records
        .iter()
        .filter(|(k, _)| index_slot(k).is_none())
    {
        if kv.get_raw(key).await?.is_some() {
            tally.kept += 1;
            continue;
        }
        let bytes = with_new_index(key, bytes, &moved);
        kv.set_raw(key, &bytes).await?;
        tally.written += 1;
    }
    let present = present_request_ids(kv, &backup).await?;
    let missing: Vec<&[u8]> = backup
        .audit
        .iter()
        .filter(|line| !present.contains(&line.request_id))
        .map(|line| line.stored.as_slice())
        .collect();
    audit::append_imported(kv, &missing).await?;
    let response = json_response(
        200,
        &json!({
            "written": { "records": tally.written, "audit": missing.len() },
            "kept": { "records": tally.kept, "audit": backup.audit.len() - missing.len() },
            "counters": backup.counters.len(),
            "reindexed_conversations": tally.reindexed,
            "sha256": backup.sha256,
        }),
    );
    Ok(Done {
        response,
        action: Some("backup.imported"),
        target: None,
    })
}

/// Write the conversation index slots: empty ones as in the file; one holding another
/// conversation stays, and the restored conversation is appended to its owner's list.
/// Returns the new slot of each conversation so moved.
async fn restore_index_slots(
    kv: &Kv,
    backup: &Backup,
    tally: &mut Tally,
) -> Result<HashMap<String, i64>> {
    let mut moved = HashMap::new();
    for (key, bytes) in &backup.records {
        let Some((owner, _)) = index_slot(key) else {
            continue;
        };
        match kv.get_raw(key).await? {
            None => {
                kv.set_raw(key, bytes).await?;
                tally.written += 1;
            }
            Some(held) if held == *bytes => tally.kept += 1,
            Some(_) => {
                let slot = kv.increment(&index_counter_key(owner), 1)?;
                kv.set_raw(&index_slot_key(owner, slot), bytes).await?;
                if let Ok(id) = serde_json::from_slice::<String>(bytes) {
                    moved.insert(id, slot);
                }
                tally.written += 1;
                tally.reindexed += 1;
            }
        }
    }
    Ok(moved)
}

/// A conversation record with its `index` set to the slot it was moved to, if it was.
fn with_new_index(key: &str, bytes: &[u8], moved: &HashMap<String, i64>) -> Vec<u8> {
    let slot = key.strip_prefix("conv:").and_then(|id| moved.get(id));
    let patched = slot.and_then(|slot| {
        let mut record: Value = serde_json::from_slice(bytes).ok()?;
        record.get_mut("index").map(|index| *index = json!(slot))?;
        serde_json::to_vec(&record).ok()
    });
    patched.unwrap_or_else(|| bytes.to_vec())
}

/// The request ids of the store's audit records in the file's time range.
async fn present_request_ids(kv: &Kv, backup: &Backup) -> Result<HashSet<String>> {
    let times = backup.audit.iter().map(|line| line.at_ms);
    match (times.clone().min(), times.max()) {
        (Some(from), Some(to)) => audit::request_ids_between(kv, from, to).await,
        _ => Ok(HashSet::new()),
    }
}
