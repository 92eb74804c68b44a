//! `GET /v1/admin/export`: the response head once the store answered and its keys are
//! listed, then the file as it is read: records sorted by key, the audit log in log order,
//! the end line with the count and checksum. A store failure mid-way ends the stream
//! without the end line, so a cut file is never taken for a whole one.

use bytes::Bytes;
use edgecrew_validation_rules::audit::{SEQ_KEY, TAIL_KEY, record_key};
use edgecrew_validation_rules::backup::{CONTENT_TYPE, Class, Writer, classify};
use futures::SinkExt;
use futures::channel::mpsc::Sender;
use spin_sdk::http::{BoxBody, box_body};

use edgecrew_kv::{Kv, Result, StoreError};

/// Bytes gathered before a chunk of the export is sent.
const CHUNK_BYTES: usize = 64 * 1024;

/// A streamed export response.
pub type Streamed = http::Response<BoxBody>;

/// `GET /v1/admin/export`: list the keys to back up (a store that does not answer is an
/// error here, before any response), then stream the file.
pub async fn export(kv: &Kv, request_id: &str) -> Result<Streamed> {
    let keys = kv
        .keys_where(|k| matches!(classify(k), Class::Record | Class::Counter))
        .await?;
    let (tx, body) = spin_sdk::http::body::stream::<Bytes>();
    let rid = request_id.to_owned();
    spin_sdk::wasip3::spawn(async move {
        if let Err(e) = write_export(tx, keys).await {
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
    Ok(response)
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

async fn write_export(tx: Sender<Bytes>, keys: Vec<String>) -> Result<()> {
    let kv = Kv::open().await?;
    let mut writer = Writer::default();
    let mut out = Out {
        tx,
        buffer: writer.header(),
    };
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
