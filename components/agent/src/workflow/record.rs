//! What the workflow stores of an e-mail: the [`Tracked`] summary the listing shows (kept
//! in the index pages too) and the [`Record`] under `workflow:email:{email_id}`, which adds the
//! history of moves and is the one that decides a transition.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Moves a record keeps, newest last (the audit log keeps them all).
pub const HISTORY_LIMIT: usize = 100;

/// The key of an e-mail's record.
pub fn record_key(email_id: &str) -> String {
    format!("workflow:email:{email_id}")
}

/// An e-mail as the workflow lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracked {
    /// The e-mail's id (that of its analysis).
    pub email_id: String,
    /// Its subject line.
    pub subject: String,
    /// Its sender, as given (empty when not).
    pub from: String,
    /// When it arrived (RFC 3339), or when it was analysed when the caller did not say.
    pub received_at: String,
    /// The analysis' category.
    pub category: String,
    /// The analysis' priority level.
    pub priority: String,
    /// Where it stands in the workflow.
    pub state: String,
    /// Bumped by every change; a transition names the version it saw.
    pub version: i64,
    /// When its priority's SLA runs out (RFC 3339).
    pub due_at: String,
    /// `due_at` in Unix milliseconds.
    pub due_ms: i64,
    /// When it was last analysed (RFC 3339).
    pub analyzed_at: String,
    /// Its place in the index (the order it entered the workflow).
    pub slot: i64,
}

impl Tracked {
    /// Whether its SLA has run out at `now_ms` and it is not completed.
    pub fn overdue(&self, now_ms: i64) -> bool {
        self.state != super::machine::DONE && self.due_ms < now_ms
    }

    /// The summary responses carry.
    pub fn summary(&self, now_ms: i64) -> Value {
        json!({
            "email_id": self.email_id,
            "subject": self.subject,
            "from": self.from,
            "received_at": self.received_at,
            "category": self.category,
            "priority": self.priority,
            "state": self.state,
            "version": self.version,
            "due_at": self.due_at,
            "overdue": self.overdue(now_ms),
            "analyzed_at": self.analyzed_at,
        })
    }
}

/// One move of the workflow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    /// The state it left.
    pub from: String,
    /// The state it entered.
    pub to: String,
    /// When (RFC 3339).
    pub at: String,
    /// The API key that moved it.
    pub key_id: String,
    /// The caller's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The stored record: the summary and its moves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// What the listing shows.
    #[serde(flatten)]
    pub tracked: Tracked,
    /// Its moves, oldest first, at most [`HISTORY_LIMIT`].
    #[serde(default)]
    pub history: Vec<Move>,
}
