//! Workflow category and state, priority, intent and urgency from weighted cue phrases,
//! one concern per module: [`category`], [`state`], [`priority`], [`intent`], what an
//! e-mail asks of its reader (`asks`), which priority and intent share, and whether what it
//! asks is due today or tomorrow (`due_soon`), which priority uses.

mod asks;
mod category;
mod due_soon;
mod intent;
mod priority;
mod state;

pub use category::category;
pub use intent::intent;
pub use priority::{PriorityInputs, priority};
pub use state::state;

use serde::{Deserialize, Serialize};

/// Business process an e-mail belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// New orders, changes, cancellations, order status.
    OrderManagement,
    /// Shipments, tracking, deliveries, freight.
    ShippingLogistics,
    /// Quote requests and revisions.
    QuoteProcessing,
    /// Support cases, defects, outages, returns.
    CustomerSupport,
    /// Partner deal registrations.
    DealRegistration,
    /// Requests to approve discounts, spend, exceptions.
    ApprovalWorkflow,
    /// Contract, subscription and licence renewals.
    RenewalProcessing,
    /// Supplier onboarding, vendor paperwork.
    VendorManagement,
    /// Everything else.
    General,
}

/// Where the process stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing has happened yet.
    New,
    /// Someone is looking at it.
    InReview,
    /// Work is under way.
    InProgress,
    /// Waiting for someone outside.
    PendingExternal,
    /// Done.
    Completed,
}

/// Priority level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Production down, security incident: 4 h.
    Critical,
    /// Urgent, escalated, due within a day: 24 h.
    High,
    /// Normal business: 72 h.
    Medium,
    /// Informational: 168 h.
    Low,
}

impl Level {
    /// Response target in hours.
    #[must_use]
    pub fn sla_hours(self) -> u32 {
        match self {
            Self::Critical => 4,
            Self::High => 24,
            Self::Medium => 72,
            Self::Low => 168,
        }
    }
}

/// What the sender wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// The reader must do something specific.
    ActionRequired,
    /// The sender asks for information, a quote, a status.
    Request,
    /// The sender reports progress.
    Update,
    /// Informational only.
    Fyi,
}

/// How soon the e-mail needs handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Now.
    Immediate,
    /// Within a day.
    #[serde(rename = "within_24h")]
    Within24h,
    /// Within three days.
    #[serde(rename = "within_72h")]
    Within72h,
    /// Whenever.
    NoRush,
}

/// Urgency follows the priority level.
#[must_use]
pub fn urgency(level: Level) -> Urgency {
    match level {
        Level::Critical => Urgency::Immediate,
        Level::High => Urgency::Within24h,
        Level::Medium => Urgency::Within72h,
        Level::Low => Urgency::NoRush,
    }
}
