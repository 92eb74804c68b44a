//! `GET /v1/admin/export` and `POST /v1/admin/import` (file format in
//! `edgecrew_validation_rules::backup`).
//!
//! The export streams: records sorted by key, then the audit log oldest first, then the
//! end line with the count and checksum. A store failure mid-way ends the stream without
//! the end line, so a cut file is never taken for a whole one.
//!
//! The import checks the whole file before it writes anything. Records are written under
//! their keys (the file wins), counters are raised to the file's value (never lowered,
//! so a conversation appended since keeps its messages), and audit records go in a block
//! just before the store's own oldest record, so a restore into a fresh store keeps the
//! log in time order. The block's place is kept under `import:{sha256}`, so importing the
//! same file again — or again after a failure half-way — rewrites the same records.

use bytes::Bytes;
use edgecrew_validation_rules::audit::{SEQ_KEY, TAIL_KEY, record_key};
use edgecrew_validation_rules::backup::{self, Backup, CONTENT_TYPE, Class, Writer, classify};
use futures::SinkExt;
use futures::channel::mpsc::Sender;
use serde::{Deserialize, Serialize};
use serde_json::json;
use spin_sdk::http::{BoxBody, box_body};

use crate::admin::Done;
use crate::respond::{json_response, problem};
use edgecrew_kv::{Kv, Result, StoreError};

/// Bytes gathered before a chunk of the export is sent.
const CHUNK_BYTES: usize = 64 * 1024;

/// A streamed export response.
pub type Streamed = http::Response<BoxBody>;

/// `GET /v1/admin/export`: the response head now, the file as it is read.
pub fn export(request_id: &str) -> Streamed {
    let (tx, body) = spin_sdk::http::body::stream::<Bytes>();
    let rid = request_id.to_owned();
    spin_sdk::wasip3::spawn(async move {
        if let Err(e) = write_export(tx).await {
            eprintln!("export {rid} stopped before its end line: {e}");
        }
    });
    let mut response = http::Response::new(box_body(body));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(CONTENT_TYPE),
    );
    response.headers_mut().insert(
        http::header::CONTENT_DISPOSITION,
        http::HeaderValue::from_static("attachment; filename=\"edgecrew-export.ndjson\""),
    );
    response
}

/// Lines waiting to be sent.
struct Out {
    tx: Sender<Bytes>,
    buffer: String,
}

impl Out {
    async fn push(&mut self, line: &str) -> Result<()> {
        self.buffer.push_str(line);
        if self.buffer.len() >= CHUNK_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<()> {
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.tx
            .send(chunk)
            .await
            .map_err(|_| StoreError("the client went away".into()))
    }
}

async fn write_export(tx: Sender<Bytes>) -> Result<()> {
    let kv = Kv::open().await?;
    let mut writer = Writer::default();
    let mut out = Out {
        tx,
        buffer: writer.header(),
    };
    let keys = kv
        .keys_where(|k| matches!(classify(k), Class::Record | Class::Counter))
        .await?;
    for key in keys {
        let line = match classify(&key) {
            Class::Counter => Some(writer.counter(&key, kv.counter(&key).await?)),
            _ => match kv.get_raw(&key).await? {
                Some(bytes) => writer.record(&key, &bytes),
                None => None, // deleted since the listing
            },
        };
        if let Some(line) = line {
            out.push(&line).await?;
        }
    }
    let head = kv.counter(SEQ_KEY).await?;
    let tail = kv.counter(TAIL_KEY).await?;
    for seq in tail + 1..=head {
        if let Some(bytes) = kv.get_raw(&record_key(seq)).await?
            && let Some(line) = writer.audit(&bytes)
        {
            out.push(&line).await?;
        }
    }
    out.push(&writer.end()).await?;
    out.flush().await
}

/// Where an imported file's audit block is, under `import:{sha256}`.
#[derive(Serialize, Deserialize)]
struct Marker {
    /// Sequence number of the block's first record.
    audit_from: i64,
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
    let (audit_from, repeated) = audit_block(kv, &backup).await?;
    for (key, bytes) in &backup.records {
        kv.set_raw(key, bytes).await?;
    }
    for (key, value) in &backup.counters {
        let current = kv.counter(key).await?;
        if *value > current {
            kv.increment(key, value - current)?;
        }
    }
    for (seq, bytes) in (audit_from..).zip(&backup.audit) {
        kv.set_raw(&record_key(seq), bytes).await?;
    }
    let response = json_response(
        200,
        &json!({
            "imported": {
                "records": backup.records.len(),
                "counters": backup.counters.len(),
                "audit": backup.audit.len(),
            },
            "sha256": backup.sha256,
            "repeated": repeated,
        }),
    );
    Ok(Done {
        response,
        action: Some("backup.imported"),
        target: None,
    })
}

/// The first sequence number of the file's audit block: the one recorded for this file,
/// or a new block reserved in front of the log. Also whether the file was seen before.
async fn audit_block(kv: &Kv, backup: &Backup) -> Result<(i64, bool)> {
    let marker_key = format!("import:{}", backup.sha256);
    if let Some(marker) = kv.get_json::<Marker>(&marker_key).await? {
        return Ok((marker.audit_from, true));
    }
    let size = i64::try_from(backup.audit.len()).unwrap_or(i64::MAX);
    // Moving the tail back reserves the block: retention and readers start from the
    // tail, and a slot not yet written reads as absent to both.
    let new_tail = if size == 0 {
        kv.counter(TAIL_KEY).await?
    } else {
        kv.increment(TAIL_KEY, -size)?
    };
    let marker = Marker {
        audit_from: new_tail + 1,
    };
    kv.set_json(&marker_key, &marker).await?;
    Ok((marker.audit_from, false))
}
