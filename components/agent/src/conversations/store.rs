//! Conversations in the key-value store:
//!
//! - `conv:{id}`: the [`Conversation`] record;
//! - `conv:{id}:seq`: atomic counter handing out message numbers (1, 2, ...), so
//!   concurrent appends never overwrite each other;
//! - `conv:{id}:msg:{seq}`: one [`Message`];
//! - `conv:index:{owner}:{n}` → id, with the atomic counter `conv:index:{owner}:seq`: each
//!   API key's own listing (newest first), without scanning every key of the store.
//!
//! A conversation belongs to the API key that created it (`owner`); other keys see 404.
//! Deletion removes the record last, so a failed delete can be retried; an append that
//! finds the record gone afterwards removes what it wrote.

use edgecrew_kv::{Kv, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Record format version.
const VERSION: u32 = 1;

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
    /// Its place in its owner's listing index.
    pub index: i64,
    /// Id of the API key that created it.
    pub owner: String,
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

fn index_key(owner: &str, n: i64) -> String {
    format!("conv:index:{owner}:{n}")
}

fn index_seq_key(owner: &str) -> String {
    format!("conv:index:{owner}:seq")
}

/// Create and store a conversation owned by `owner`.
pub async fn create(
    kv: &Kv,
    id: String,
    title: String,
    created_at: String,
    owner: &str,
) -> Result<Conversation> {
    let index = kv.increment(&index_seq_key(owner), 1)?;
    let conversation = Conversation {
        v: VERSION,
        id,
        title,
        created_at,
        index,
        owner: owner.to_owned(),
    };
    kv.set_json(&record_key(&conversation.id), &conversation)
        .await?;
    kv.set_json(&index_key(owner, index), &conversation.id)
        .await?;
    Ok(conversation)
}

/// The conversation, if it exists and belongs to `owner`.
pub async fn get(kv: &Kv, id: &str, owner: &str) -> Result<Option<Conversation>> {
    let found: Option<Conversation> = kv.get_json(&record_key(id)).await?;
    Ok(found.filter(|c| c.owner == owner))
}

/// Store a message under the next number of the conversation.
pub async fn append(kv: &Kv, id: &str, mut message: Message) -> Result<Message> {
    message.seq = kv.increment(&seq_key(id), 1)?;
    kv.set_json(&message_key(id, message.seq), &message).await?;
    Ok(message)
}

/// Remove messages written by an append that lost a race with a delete.
pub async fn retract(kv: &Kv, id: &str, messages: &[&Message]) -> Result<()> {
    for m in messages {
        kv.delete(&message_key(id, m.seq)).await?;
    }
    kv.bucket_delete(&seq_key(id))
}

/// The newest messages, oldest first: at most `max_messages`, and no more than
/// `max_chars` of content (reads only those keys, however long the conversation).
pub async fn recent(
    kv: &Kv,
    id: &str,
    max_messages: usize,
    max_chars: usize,
) -> Result<Vec<Message>> {
    let mut seq = kv.counter(&seq_key(id)).await?;
    let (mut out, mut chars) = (Vec::new(), 0);
    while seq >= 1 && out.len() < max_messages {
        if let Some(m) = kv.get_json::<Message>(&message_key(id, seq)).await? {
            chars += m.content.len();
            if chars > max_chars {
                break;
            }
            out.push(m);
        }
        seq -= 1;
    }
    out.reverse();
    Ok(out)
}

/// Every stored message, in order.
pub async fn messages(kv: &Kv, id: &str) -> Result<Vec<Message>> {
    let last = kv.counter(&seq_key(id)).await?;
    let mut out = Vec::new();
    for seq in 1..=last {
        if let Some(m) = kv.get_json::<Message>(&message_key(id, seq)).await? {
            out.push(m);
        }
    }
    Ok(out)
}

/// Delete the conversation and every key it owns; the record goes last, so a delete that
/// fails half-way is retried by deleting again.
pub async fn delete(kv: &Kv, conversation: &Conversation) -> Result<()> {
    let id = &conversation.id;
    let last = kv.counter(&seq_key(id)).await?;
    for seq in 1..=last {
        kv.delete(&message_key(id, seq)).await?;
    }
    kv.bucket_delete(&seq_key(id))?;
    kv.delete(&index_key(&conversation.owner, conversation.index))
        .await?;
    kv.delete(&record_key(id)).await
}

/// Up to `limit` of `owner`'s conversations, newest first, starting below index `before`
/// (all when `None`); also the cursor to continue from, when more may follow. At most
/// `scan_budget` index slots are read, so deleted conversations cannot make a page slow.
pub async fn page(
    kv: &Kv,
    owner: &str,
    before: Option<i64>,
    limit: usize,
    scan_budget: usize,
) -> Result<(Vec<Conversation>, Option<i64>)> {
    let top = kv.counter(&index_seq_key(owner)).await?;
    let mut n = before.map_or(top, |b| b.saturating_sub(1)).min(top);
    let mut found = Vec::new();
    let mut scanned = 0;
    while n >= 1 && found.len() < limit && scanned < scan_budget {
        if let Some(id) = kv.get_json::<String>(&index_key(owner, n)).await?
            && let Some(c) = get(kv, &id, owner).await?
        {
            found.push(c);
        }
        scanned += 1;
        n -= 1;
    }
    let next = (n >= 1).then_some(n + 1);
    Ok((found, next))
}
