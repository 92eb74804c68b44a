//! Phase 1 of e-mail analysis: rules only, always available, deterministic.
//!
//! The text analysed is `subject + "\n\n" + body`; entity spans are byte offsets into it.
//! Classification weighs the subject and the newest message (before quoted replies) more
//! than quoted history.

mod actions;
mod classify;
mod lexicon;
mod message;
pub mod model_phase;
mod sentiment;
mod summary;

use serde::{Deserialize, Serialize};

pub use actions::ActionItem;
pub use classify::{Category, Intent, Level, State, Urgency};
pub use sentiment::{Sentiment, SentimentLabel};

use crate::calendar::Timestamp;
use crate::entity::Entity;
use crate::extractors::{self, Options, contact, phone_country};

/// An e-mail as the API receives it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Email {
    /// Caller's id for the e-mail (the component assigns one when absent).
    #[serde(default)]
    pub id: Option<String>,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// Sender (`Name <address>` or an address).
    #[serde(default)]
    pub from: Option<String>,
    /// Recipient(s).
    #[serde(default)]
    pub to: Option<Recipients>,
    /// When it arrived (RFC 3339); anchors `due_at` and relative dates.
    #[serde(default)]
    pub received_at: Option<String>,
    /// Mail-client importance (`high`, `normal`, `low`).
    #[serde(default)]
    pub importance: Option<String>,
}

/// `to` as one address or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Recipients {
    /// One recipient.
    One(String),
    /// Several recipients.
    Many(Vec<String>),
}

impl Email {
    /// The text that is analysed and that entity spans point into.
    #[must_use]
    pub fn text(&self) -> String {
        format!("{}\n\n{}", self.subject, self.body)
    }

    /// When it arrived, if `received_at` is given and valid.
    #[must_use]
    pub fn received(&self) -> Option<Timestamp> {
        self.received_at
            .as_deref()
            .and_then(Timestamp::parse_rfc3339)
    }
}

/// Workflow position of the e-mail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    /// Business process the e-mail belongs to.
    pub category: Category,
    /// Where that process stands.
    pub state: State,
}

/// Priority with its service-level target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    /// The level.
    pub level: Level,
    /// Hours allowed to respond at this level.
    pub sla_hours: u32,
    /// `received_at + sla_hours` (RFC 3339), when `received_at` is known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub due_at: Option<String>,
}

/// The rule phase's analysis (the component adds `provider` and `timings`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Id of the analysed e-mail.
    pub email_id: String,
    /// Category and state.
    pub workflow: Workflow,
    /// Priority and SLA.
    pub priority: Priority,
    /// What the sender wants.
    pub intent: Intent,
    /// How soon it needs handling.
    pub urgency: Urgency,
    /// Tone of the newest message.
    pub sentiment: Sentiment,
    /// Entities in `subject + "\n\n" + body`.
    pub entities: Vec<Entity>,
    /// Things the reader is asked to do.
    pub action_items: Vec<ActionItem>,
    /// A short extractive summary.
    pub summary: String,
}

/// Runs the rule phase on `email`; `email_id` names it in the result.
#[must_use]
pub fn analyze(email: &Email, email_id: &str) -> Analysis {
    let text = email.text();
    let received = email.received();
    let mut entities = extractors::extract(
        &text,
        &Options {
            types: Vec::new(),
            reference: received.map(Timestamp::date),
        },
    );
    // A national phone number whose country the text does not tell is the sender's.
    if let Some(code) = email.from.as_deref().and_then(phone_country::of_address) {
        contact::normalize_national(&mut entities, code);
    }
    let parts = message::split(&email.subject, &email.body);
    let category = classify::category(&parts, &entities);
    let intent = classify::intent(&parts, category);
    let level = classify::priority(&classify::PriorityInputs {
        parts: &parts,
        text: &text,
        entities: &entities,
        importance: email.importance.as_deref(),
        received,
        intent,
        category,
    });
    let sla_hours = level.sla_hours();
    Analysis {
        email_id: email_id.to_owned(),
        workflow: Workflow {
            category,
            state: classify::state(&parts),
        },
        priority: Priority {
            level,
            sla_hours,
            due_at: received.map(|r| r.plus_hours(i64::from(sla_hours)).to_string()),
        },
        intent,
        urgency: classify::urgency(level),
        sentiment: sentiment::score(&parts.newest),
        action_items: actions::extract(&parts.newest, &entities, &text),
        summary: summary::extract(&email.subject, &parts.newest),
        entities,
    }
}
