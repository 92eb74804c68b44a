//! The workflow category: weighted cue phrases per category in the subject, the newest
//! message and the quoted history, boosted by the entities found; bulk mail is `general`.

use super::Category;
use crate::analysis::lexicon::{Cue, Starts, has};
use crate::analysis::message::Parts;
use crate::entity::{Entity, EntityType};

/// Cue phrases and their weights, per category: `data/category/<category>.cues`, one
/// `<weight> <phrase>` per line, compiled in by `build.rs`.
const CATEGORY_CUES: &[(Category, &[Cue])] = &[
    (
        Category::OrderManagement,
        include!(concat!(env!("OUT_DIR"), "/category_order_management.rs")),
    ),
    (
        Category::ShippingLogistics,
        include!(concat!(env!("OUT_DIR"), "/category_shipping_logistics.rs")),
    ),
    (
        Category::QuoteProcessing,
        include!(concat!(env!("OUT_DIR"), "/category_quote_processing.rs")),
    ),
    (
        Category::CustomerSupport,
        include!(concat!(env!("OUT_DIR"), "/category_customer_support.rs")),
    ),
    (
        Category::DealRegistration,
        include!(concat!(env!("OUT_DIR"), "/category_deal_registration.rs")),
    ),
    (
        Category::ApprovalWorkflow,
        include!(concat!(env!("OUT_DIR"), "/category_approval_workflow.rs")),
    ),
    (
        Category::RenewalProcessing,
        include!(concat!(env!("OUT_DIR"), "/category_renewal_processing.rs")),
    ),
    (
        Category::VendorManagement,
        include!(concat!(env!("OUT_DIR"), "/category_vendor_management.rs")),
    ),
    (
        Category::General,
        include!(concat!(env!("OUT_DIR"), "/category_general.rs")),
    ),
];

/// Entities whose presence points at a category.
fn entity_boost(kind: EntityType) -> Option<(Category, f32)> {
    match kind {
        EntityType::PoNumber | EntityType::OrderNumber => Some((Category::OrderManagement, 1.5)),
        EntityType::TrackingNumber => Some((Category::ShippingLogistics, 2.5)),
        EntityType::QuoteNumber => Some((Category::QuoteProcessing, 1.5)),
        EntityType::CaseNumber => Some((Category::CustomerSupport, 2.0)),
        _ => None,
    }
}

/// Marks of bulk or automatic mail: whatever business it mentions, it is `general`.
const BULK: &[&str] = include!(concat!(env!("OUT_DIR"), "/category_bulk.rs"));

/// Marks of bulk or automatic mail anywhere in the newest message (a newsletter's footer, an
/// out-of-office reply's opening).
const BULK_BODY: &[&str] = include!(concat!(env!("OUT_DIR"), "/category_bulk_body.rs"));

/// Whether the e-mail is bulk or automatic mail: a subject that says so (not a reply's:
/// newsletters are not replied to), or a newsletter footer or absence notice in the newest
/// message.
pub(super) fn is_bulk(parts: &Parts) -> bool {
    !parts.reply && BULK.iter().any(|c| has(&parts.subject, c))
        || BULK_BODY.iter().any(|c| has(&parts.newest_lower, c))
}

/// Subject words that declare an e-mail informational (`FYI: ...`, `(no action)`).
const INFO_SUBJECT: &[&str] = include!(concat!(env!("OUT_DIR"), "/category_info_subject.rs"));

/// Whether the subject (not a reply's, whose subject speaks for earlier messages) declares
/// the e-mail informational: an internal FYI is `general` whatever business it mentions.
fn declared_informational(parts: &Parts) -> bool {
    !parts.reply && INFO_SUBJECT.iter().any(|c| has(&parts.subject, c))
}

/// The score a category must pass to be picked, or reach with an identifier of its own: a
/// lone cue such as `error` or `po` is not enough, a lone quote or order number is
/// (`Status of FTQ-88302?`, `SO 7712012877 on credit block`).
const MIN_SCORE: f32 = 1.5;

/// Picks the category with the highest cue score (the first listed on a tie); `general`
/// when none qualifies (see [`MIN_SCORE`]), the e-mail is bulk or automatic mail (a
/// newsletter, an out-of-office reply) or its subject declares it informational.
#[must_use]
pub fn category(parts: &Parts, entities: &[Entity]) -> Category {
    if is_bulk(parts) || declared_informational(parts) {
        return Category::General;
    }
    let mut best: Option<(Category, f32)> = None;
    let subject = Starts::new(&parts.subject);
    let newest = Starts::new(&parts.newest_lower);
    let quoted = Starts::new(&parts.quoted);
    for (category, cues) in CATEGORY_CUES {
        let mut s = 2.0 * subject.score(cues) + newest.score(cues) + 0.3 * quoted.score(cues);
        let mut boosted = std::collections::HashSet::new();
        for e in entities {
            if let Some((c, w)) = entity_boost(e.kind)
                && c == *category
                && boosted.insert(e.kind)
            {
                s += w;
            }
        }
        let qualifies = s > MIN_SCORE || !boosted.is_empty() && s >= MIN_SCORE;
        if qualifies && best.is_none_or(|(_, top)| s > top) {
            best = Some((*category, s));
        }
    }
    best.map_or(Category::General, |(category, _)| category)
}
