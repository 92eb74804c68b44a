//! Conversations in the key-value store:
//!
//! - `conv:{id}`: the [`Conversation`] record;
//! - `conv:{id}:seq`: atomic counter handing out message numbers (1, 2, ...), so
//!   concurrent appends never overwrite each other;
//! - `conv:{id}:msg:{seq}`: one [`Message`];
//! - `conv:index:{n}` → id, with the atomic counter `conv:index:seq`: the listing order
//!   (newest first), without scanning every key of the store.

use edgecrew_kv::{Kv, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Record format version.
const VERSION: u32 = 1;

/// The listing counter.
const INDEX_SEQ: &str = "conv:index:seq";

/// A stored conversation (without its messages).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    /// Format version.
    pub v: u32,
    /// Id (`conv_...`).
    pub id: String,
    /// Title, possibly empty.
    pub title: String,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Its place in the listing index.
    pub index: i64,
}

/// One stored message.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Message {
    /// Position in the conversation, from 1.
    pub seq: i64,
    /// `user` or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
    /// The agent that answered or was addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// Who produced an assistant message (`provider` of API.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Value>,
    /// RFC 3339 time it was stored.
    pub created_at: String,
}

fn record_key(id: &str) -> String {
    format!("conv:{id}")
}

fn seq_key(id: &str) -> String {
    format!("conv:{id}:seq")
}

fn message_key(id: &str, seq: i64) -> String {
    format!("conv:{id}:msg:{seq}")
}

fn index_key(n: i64) -> String {
    format!("conv:index:{n}")
}

/// Create and store a conversation.
pub async fn create(
    kv: &Kv,
    id: String,
    title: String,
    created_at: String,
) -> Result<Conversation> {
    let index = kv.increment(INDEX_SEQ, 1)?;
    let conversation = Conversation {
        v: VERSION,
        id,
        title,
        created_at,
        index,
    };
    kv.set_json(&record_key(&conversation.id), &conversation)
        .await?;
    kv.set_json(&index_key(index), &conversation.id).await?;
    Ok(conversation)
}

/// A conversation record, if it exists.
pub async fn get(kv: &Kv, id: &str) -> Result<Option<Conversation>> {
    kv.get_json(&record_key(id)).await
}

/// Store a message under the next number of the conversation.
pub async fn append(kv: &Kv, id: &str, mut message: Message) -> Result<Message> {
    message.seq = kv.increment(&seq_key(id), 1)?;
    kv.set_json(&message_key(id, message.seq), &message).await?;
    Ok(message)
}

/// Every stored message, in order.
pub async fn messages(kv: &Kv, id: &str) -> Result<Vec<Message>> {
    let last = kv.counter(&seq_key(id))?;
    let mut out = Vec::new();
    for seq in 1..=last {
        if let Some(m) = kv.get_json::<Message>(&message_key(id, seq)).await? {
            out.push(m);
        }
    }
    Ok(out)
}

/// Delete the conversation and every key it owns.
pub async fn delete(kv: &Kv, conversation: &Conversation) -> Result<()> {
    let id = &conversation.id;
    kv.delete(&record_key(id)).await?;
    kv.delete(&index_key(conversation.index)).await?;
    let last = kv.counter(&seq_key(id))?;
    for seq in 1..=last {
        kv.delete(&message_key(id, seq)).await?;
    }
    kv.bucket_delete(&seq_key(id))
}

/// Up to `limit` conversations, newest first, starting below index `before` (all when
/// `None`); also the cursor to continue from, when more may follow. At most
/// `scan_budget` index slots are read, so deleted conversations cannot make a page slow.
pub async fn page(
    kv: &Kv,
    before: Option<i64>,
    limit: usize,
    scan_budget: usize,
) -> Result<(Vec<Conversation>, Option<i64>)> {
    let top = kv.counter(INDEX_SEQ)?;
    let mut n = before.map_or(top, |b| b.saturating_sub(1)).min(top);
    let mut found = Vec::new();
    let mut scanned = 0;
    while n >= 1 && found.len() < limit && scanned < scan_budget {
        if let Some(id) = kv.get_json::<String>(&index_key(n)).await?
            && let Some(c) = get(kv, &id).await?
        {
            found.push(c);
        }
        scanned += 1;
        n -= 1;
    }
    let next = (n >= 1).then_some(n + 1);
    Ok((found, next))
}
