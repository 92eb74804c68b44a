//! The backup file of `GET /v1/admin/export` and `POST /v1/admin/import`: NDJSON, one
//! JSON object per line, in this order:
//!
//! ```text
//! {"format":"edgecrew-export","version":1}
//! {"key":"analysis:…","value":{…}}          a record, its stored JSON verbatim
//! {"key":"conv:…:seq","counter":7}          a counter, as a number (either backend)
//! {"audit":{…}}                             an audit record, oldest first
//! {"end":{"lines":42,"sha256":"…"}}         lines between, hash of every byte before
//! ```
//!
//! Records are sorted by key and values written byte for byte as stored, so the same
//! data gives the same file on SQLite and on Redis. Only durable data is in it (API keys,
//! conversations, analyses, audit); rate-limit windows, circuits, metrics and import
//! markers are transient and left out.

use serde::Deserialize;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::audit::AuditEvent;
use crate::keys::KeyRecord;

/// The format's name, on the first line.
pub const FORMAT: &str = "edgecrew-export";
/// The version this code writes and reads.
pub const VERSION: u32 = 1;
/// Media type of the file.
pub const CONTENT_TYPE: &str = "application/x-ndjson";

/// What a stored key holds, for a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A JSON record, written as it is stored.
    Record,
    /// An atomic counter.
    Counter,
    /// An audit record or the audit log's counters: written from the log, in order.
    Audit,
    /// Transient state, not backed up.
    Transient,
}

/// The e-mail workflow's slot counter (the agent's layout,
/// `components/agent/src/workflow/index.rs`); its other `workflow:` keys are records.
const WORKFLOW_SLOTS: &str = "workflow:slots";

/// Which class `key` belongs to.
pub fn classify(key: &str) -> Class {
    if key.starts_with("audit:") {
        Class::Audit
    } else if (key.starts_with("conv:") && key.ends_with(":seq")) || key == WORKFLOW_SLOTS {
        Class::Counter
    } else if ["key:", "conv:", "analysis:", "workflow:"]
        .iter()
        .any(|p| key.starts_with(p))
    {
        Class::Record
    } else {
        Class::Transient
    }
}

/// `conv:index:{owner}:{n}`: slot `n` of an owner's conversation list (the agent's layout,
/// `components/agent/src/conversations/store.rs`), as `(owner, n)`.
pub fn index_slot(key: &str) -> Option<(&str, i64)> {
    let (owner, n) = key.strip_prefix("conv:index:")?.rsplit_once(':')?;
    Some((owner, n.parse().ok()?))
}

/// The counter of an owner's conversation list.
pub fn index_counter_key(owner: &str) -> String {
    format!("conv:index:{owner}:seq")
}

/// Slot `n` of an owner's conversation list.
pub fn index_slot_key(owner: &str, n: i64) -> String {
    format!("conv:index:{owner}:{n}")
}

/// At most 128 characters of `key`, for an error message.
fn shown(key: &str) -> String {
    key.chars().take(128).collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes the file line by line, hashing as it goes.
#[derive(Default)]
pub struct Writer {
    hasher: Sha256,
    lines: u64,
}

impl Writer {
    /// The first line.
    pub fn header(&mut self) -> String {
        let line = format!("{{\"format\":\"{FORMAT}\",\"version\":{VERSION}}}\n");
        self.hasher.update(line.as_bytes());
        line
    }

    fn body_line(&mut self, line: String) -> String {
        self.hasher.update(line.as_bytes());
        self.lines += 1;
        line
    }

    fn key_json(key: &str) -> String {
        serde_json::Value::from(key).to_string()
    }

    /// A record's line, or `None` when its stored bytes are not JSON (never written by
    /// edgecrew; left out rather than corrupting the file).
    pub fn record(&mut self, key: &str, stored: &[u8]) -> Option<String> {
        let value = std::str::from_utf8(stored).ok()?;
        serde_json::from_str::<&RawValue>(value).ok()?;
        if value.contains('\n') {
            return None;
        }
        let line = format!("{{\"key\":{},\"value\":{value}}}\n", Self::key_json(key));
        Some(self.body_line(line))
    }

    /// A counter's line.
    pub fn counter(&mut self, key: &str, value: i64) -> String {
        let line = format!("{{\"key\":{},\"counter\":{value}}}\n", Self::key_json(key));
        self.body_line(line)
    }

    /// An audit record's line, or `None` when its stored bytes are not an audit record.
    pub fn audit(&mut self, stored: &[u8]) -> Option<String> {
        serde_json::from_slice::<AuditEvent>(stored).ok()?;
        let value = std::str::from_utf8(stored).ok()?;
        if value.contains('\n') {
            return None;
        }
        Some(self.body_line(format!("{{\"audit\":{value}}}\n")))
    }

    /// The last line: how many lines came between and the hash of everything before.
    pub fn end(self) -> String {
        format!(
            "{{\"end\":{{\"lines\":{},\"sha256\":\"{}\"}}}}\n",
            self.lines,
            hex(&self.hasher.finalize())
        )
    }
}

/// A checked backup, ready to write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Backup {
    /// Records: key and the stored bytes.
    pub records: Vec<(String, Vec<u8>)>,
    /// Counters: key and value.
    pub counters: Vec<(String, i64)>,
    /// Audit records, oldest first.
    pub audit: Vec<AuditLine>,
    /// The file's hash (its identity for idempotent imports).
    pub sha256: String,
}

/// An audit record of a backup.
#[derive(Debug, PartialEq, Eq)]
pub struct AuditLine {
    /// Its request id (what tells whether a store holds it already).
    pub request_id: String,
    /// Its time, Unix ms.
    pub at_ms: i64,
    /// The record as stored.
    pub stored: Vec<u8>,
}

/// Why a file is refused: the line (1-based) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {detail}")]
pub struct Damaged {
    /// 1-based line number (0: the file as a whole).
    pub line: usize,
    /// What is wrong.
    pub detail: String,
}

fn damaged(line: usize, detail: impl Into<String>) -> Damaged {
    Damaged {
        line,
        detail: detail.into(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    key: Option<String>,
    #[serde(borrow)]
    value: Option<&'a RawValue>,
    counter: Option<i64>,
    #[serde(borrow)]
    audit: Option<&'a RawValue>,
    end: Option<End>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct End {
    lines: u64,
    sha256: String,
}

/// Check a whole file: header, every line, the line count and the hash. Nothing is
/// written unless this succeeds.
pub fn parse(file: &[u8]) -> Result<Backup, Damaged> {
    let text = std::str::from_utf8(file)
        .map_err(|e| damaged(0, format!("not UTF-8 (at byte {})", e.valid_up_to())))?;
    let mut lines = text.split_inclusive('\n').enumerate();
    let (_, first) = lines
        .next()
        .ok_or_else(|| damaged(1, "the file is empty"))?;
    let header: Header = serde_json::from_str(first.trim_end())
        .map_err(|_| damaged(1, format!("not an {FORMAT} header")))?;
    if header.format != FORMAT {
        return Err(damaged(
            1,
            format!("format '{}' is not {FORMAT}", header.format),
        ));
    }
    if header.version != VERSION {
        return Err(damaged(
            1,
            format!(
                "version {} is not supported (this server reads version {VERSION})",
                header.version
            ),
        ));
    }
    let mut hasher = Sha256::new();
    hasher.update(first.as_bytes());
    let mut backup = Backup::default();
    for (index, raw) in lines {
        let n = index + 1;
        let line: Line = serde_json::from_str(raw.trim_end_matches('\n'))
            .map_err(|e| damaged(n, format!("not a backup line: {e}")))?;
        if let Some(end) = line.end {
            // Every line between the header (index 0) and this one was a body line.
            let count = u64::try_from(index - 1).unwrap_or(u64::MAX);
            return finish(backup, hasher, count, &end, n, text);
        }
        hasher.update(raw.as_bytes());
        match (line.key, line.value, line.counter, line.audit) {
            (Some(key), Some(value), None, None) => {
                if classify(&key) != Class::Record {
                    return Err(damaged(
                        n,
                        format!("'{}' is not a record a backup holds", shown(&key)),
                    ));
                }
                if let Some(id) = key.strip_prefix("key:")
                    && !serde_json::from_str::<KeyRecord>(value.get()).is_ok_and(|r| r.id == id)
                {
                    return Err(damaged(
                        n,
                        format!("'{}' is not the API key record of that id", shown(&key)),
                    ));
                }
                backup.records.push((key, value.get().as_bytes().to_vec()));
            }
            (Some(key), None, Some(counter), None) => {
                if classify(&key) != Class::Counter {
                    return Err(damaged(
                        n,
                        format!("'{}' is not a counter a backup holds", shown(&key)),
                    ));
                }
                if counter < 0 {
                    return Err(damaged(n, format!("counter '{}' is negative", shown(&key))));
                }
                backup.counters.push((key, counter));
            }
            (None, None, None, Some(audit)) => {
                let event: AuditEvent = serde_json::from_str(audit.get())
                    .map_err(|_| damaged(n, "not an audit record"))?;
                backup.audit.push(AuditLine {
                    request_id: event.request_id,
                    at_ms: event.at_ms,
                    stored: audit.get().as_bytes().to_vec(),
                });
            }
            _ => {
                return Err(damaged(
                    n,
                    "expected one of key+value, key+counter, audit or end",
                ));
            }
        }
    }
    Err(damaged(0, "the end line is missing: the file is cut short"))
}

/// Check the end line (line `n` of `text`) against what was read before it.
fn finish(
    mut backup: Backup,
    hasher: Sha256,
    count: u64,
    end: &End,
    n: usize,
    text: &str,
) -> Result<Backup, Damaged> {
    let after = text
        .split_inclusive('\n')
        .skip(n)
        .any(|l| !l.trim().is_empty());
    if after {
        return Err(damaged(n + 1, "lines after the end line"));
    }
    if end.lines != count {
        return Err(damaged(
            n,
            format!(
                "the end line counts {} lines, the file has {count}",
                end.lines
            ),
        ));
    }
    let sha256 = hex(&hasher.finalize());
    if end.sha256 != sha256 {
        return Err(damaged(
            n,
            "the checksum does not match: the file was changed or damaged",
        ));
    }
    backup.sha256 = sha256;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"at":"2026-01-01T00:00:00.000Z","at_ms":1767225600000,"request_id":"r1","key_id":null,"method":"GET","path":"/health","status":200,"action":"request"}"#;

    fn sample() -> String {
        let mut w = Writer::default();
        let mut file = w.header();
        file += &w.record("analysis:e1", br#"{"a":1}"#).expect("json");
        file += &w.counter("conv:c1:seq", 3);
        file += &w.audit(EVENT.as_bytes()).expect("event");
        file + &w.end()
    }

    #[test]
    fn a_written_file_parses_back_to_the_same_data() {
        let backup = parse(sample().as_bytes()).expect("valid");
        assert_eq!(
            backup.records,
            [("analysis:e1".to_owned(), br#"{"a":1}"#.to_vec())]
        );
        assert_eq!(backup.counters, [("conv:c1:seq".to_owned(), 3)]);
        assert_eq!(backup.audit.len(), 1);
        assert_eq!(backup.audit[0].stored, EVENT.as_bytes());
        assert_eq!(
            (backup.audit[0].request_id.as_str(), backup.audit[0].at_ms),
            ("r1", 1_767_225_600_000)
        );
        assert_eq!(backup.sha256.len(), 64);
    }

    #[test]
    fn any_changed_byte_is_refused() {
        let file = sample().replace(r#"{"a":1}"#, r#"{"a":2}"#);
        let err = parse(file.as_bytes()).expect_err("damaged");
        assert!(err.detail.contains("checksum"), "{err}");
    }

    #[test]
    fn a_file_cut_short_or_with_a_line_dropped_is_refused() {
        let file = sample();
        let cut = &file[..file.rfind("{\"end\"").expect("end")];
        assert!(
            parse(cut.as_bytes())
                .expect_err("cut")
                .detail
                .contains("missing")
        );
        let mut lines: Vec<&str> = file.split_inclusive('\n').collect();
        lines.remove(2);
        let err = parse(lines.concat().as_bytes()).expect_err("dropped");
        assert!(err.detail.contains("counts 3 lines"), "{err}");
    }

    #[test]
    fn wrong_headers_versions_and_transient_keys_are_refused_with_the_line() {
        let err = parse(b"{\"format\":\"edgecrew-export\",\"version\":2}\n").expect_err("v2");
        assert_eq!(err.line, 1);
        assert!(err.detail.contains("version 2"), "{err}");
        let mut w = Writer::default();
        let file = w.header() + r#"{"key":"rl:key:a:0","counter":1}"# + "\n";
        let err = parse(file.as_bytes()).expect_err("transient");
        assert_eq!((err.line, err.detail.contains("rl:key:a:0")), (2, true));
        let file = w.header() + r#"{"key":"key:k1","value":{"not":"a key"}}"# + "\n";
        assert!(
            parse(file.as_bytes())
                .expect_err("key")
                .detail
                .contains("API key")
        );
        // A key record under another key's id would sign in as that other key.
        let other_id = r#"{"key":"key:aaaa","value":{"v":1,"id":"bootstrap","name":"","scopes":["admin"],"secret_hash":"00","created_at":0,"expires_at":null,"rate_limit_per_minute":null,"revoked_at":null,"previous":null}}"#;
        let file = w.header() + other_id + "\n";
        let err = parse(file.as_bytes()).expect_err("id");
        assert!(err.detail.contains("of that id"), "{err}");
    }

    #[test]
    fn conversation_index_slots_are_told_from_their_counter() {
        assert_eq!(index_slot("conv:index:k1:7"), Some(("k1", 7)));
        assert_eq!(index_slot("conv:index:k1:seq"), None);
        assert_eq!(index_slot("conv:c1:msg:3"), None);
        assert_eq!(index_slot(&index_slot_key("k1", 9)), Some(("k1", 9)));
        assert_eq!(classify(&index_counter_key("k1")), Class::Counter);
    }

    #[test]
    fn keys_are_classified_by_their_layout() {
        assert_eq!(classify("key:abc"), Class::Record);
        assert_eq!(classify("conv:c1"), Class::Record);
        assert_eq!(classify("conv:c1:msg:3"), Class::Record);
        assert_eq!(classify("conv:index:k1:2"), Class::Record);
        assert_eq!(classify("conv:c1:seq"), Class::Counter);
        assert_eq!(classify("conv:index:k1:seq"), Class::Counter);
        assert_eq!(classify("analysis:e1"), Class::Record);
        assert_eq!(classify("workflow:email:e1"), Class::Record);
        assert_eq!(classify("workflow:page:000000000000"), Class::Record);
        assert_eq!(classify("workflow:slots"), Class::Counter);
        assert_eq!(classify("audit:00000000000000000001"), Class::Audit);
        for transient in [
            "rl:ip:1:0",
            "cb:runtime-host:open",
            "metrics:tally",
            "health:probe:00000000deadbeef",
        ] {
            assert_eq!(classify(transient), Class::Transient, "{transient}");
        }
    }
}
