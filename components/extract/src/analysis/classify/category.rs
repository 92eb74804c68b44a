//! The workflow category: weighted cue phrases per category in the subject, the newest
//! message and the quoted history, boosted by the entities found; bulk mail is `general`.

use super::Category;
use crate::analysis::lexicon::{Cue, Starts, has};
use crate::analysis::message::Parts;
use crate::entity::{Entity, EntityType};

/// Cue phrases and their weights, per category.
const CATEGORY_CUES: &[(Category, &[Cue])] = &[
    (
        Category::OrderManagement,
        &[
            ("purchase order", 2.0),
            ("order", 1.0),
            ("orders", 1.0),
            ("ordered", 1.0),
            ("order confirmation", 2.0),
            ("sales order", 2.0),
            ("backorder*", 1.5),
            ("cancel the order", 2.0),
            ("order change", 2.0),
            ("change order", 1.5),
            ("place an order", 2.0),
            ("quantity", 1.0),
            ("order status", 2.0),
            ("po", 1.5),
            ("cancel*", 0.5),
            ("line item*", 1.0),
            ("bestellung", 2.0),
        ],
    ),
    (
        Category::ShippingLogistics,
        &[
            ("shipment*", 2.0),
            ("shipping", 1.0),
            ("shipped", 1.5),
            ("tracking", 2.0),
            ("delivery", 1.0),
            ("delivered", 1.0),
            ("carrier", 1.5),
            ("freight", 2.0),
            ("ups", 1.0),
            ("fedex", 1.5),
            ("usps", 1.5),
            ("dhl", 1.5),
            ("customs", 2.0),
            ("pallet*", 1.0),
            ("courier", 1.5),
            ("in transit", 2.0),
            ("damaged", 1.5),
            ("warehouse", 1.0),
            ("dispatch*", 1.0),
            ("proof of delivery", 2.0),
            ("bill of lading", 2.0),
            ("eta", 1.0),
            ("consignment", 1.5),
            ("logistics", 1.0),
            ("pickup", 1.0),
            ("pick-up", 1.0),
            ("lieferung", 1.5),
            ("not arrived", 1.5),
            ("never arrived", 2.0),
            ("missing package", 2.0),
            ("lost package", 2.0),
            ("vessel", 2.0),
            ("container", 1.0),
            ("congestion", 1.5),
        ],
    ),
    (
        Category::QuoteProcessing,
        &[
            ("quote", 2.0),
            ("quotes", 2.0),
            ("quotation", 2.0),
            ("pricing", 1.0),
            ("price", 0.5),
            ("proposal", 1.0),
            ("rfq", 2.5),
            ("request for quote", 2.5),
            ("bid", 1.0),
            ("estimate", 1.0),
            ("revised quote", 2.0),
            ("angebot", 2.0),
            ("devis", 2.0),
            ("cotação", 2.0),
            ("list price", 1.0),
            ("lead time", 0.5),
        ],
    ),
    (
        Category::CustomerSupport,
        &[
            ("support", 1.0),
            ("case", 1.0),
            ("ticket", 1.5),
            ("issue", 1.0),
            ("problem", 1.0),
            ("error", 1.5),
            ("outage", 2.5),
            ("down", 1.0),
            ("not working", 2.0),
            ("broken", 1.0),
            ("defect*", 1.5),
            ("bug", 1.5),
            ("rma", 2.0),
            ("faulty", 1.5),
            ("troubleshoot*", 2.0),
            ("incident", 1.5),
            ("fail*", 1.5),
            ("crash*", 1.5),
            ("firmware", 1.0),
            ("reboot*", 1.5),
            ("log files", 1.5),
            ("escalat*", 1.0),
            ("resolved", 1.0),
            ("workaround", 2.0),
            ("cannot", 0.5),
            ("can't", 0.5),
            ("unable to", 1.0),
            ("replacement", 1.0),
            ("warranty", 1.0),
            ("sev1", 2.0),
            ("login", 1.0),
            ("log in", 1.0),
            ("phishing", 2.0),
            ("security", 1.0),
        ],
    ),
    (
        Category::DealRegistration,
        &[
            ("deal registration", 4.0),
            ("deal reg", 4.0),
            ("register a deal", 4.0),
            ("register this deal", 4.0),
            ("registration", 1.0),
            ("opportunity", 1.5),
            ("partner portal", 2.0),
            ("end customer", 2.0),
            ("end-customer", 2.0),
            ("expected close", 2.0),
            ("close date", 2.0),
            ("registered", 1.0),
            ("deal", 1.0),
            ("competing", 1.0),
            ("incumbent", 1.5),
        ],
    ),
    (
        Category::ApprovalWorkflow,
        &[
            ("approve", 2.0),
            ("approval", 2.5),
            ("approvals", 2.0),
            ("sign-off", 2.0),
            ("sign off", 1.5),
            ("authorize", 1.5),
            ("authorise", 1.5),
            ("authorization", 1.5),
            ("exception", 1.5),
            ("special pricing", 1.5),
            ("budget approval", 3.0),
            ("approved", 1.0),
            ("reject*", 1.0),
            ("discount", 1.0),
            ("margin", 1.0),
            ("spend", 1.0),
            ("capex", 2.0),
            ("requisition", 1.5),
            ("freigabe", 2.0),
        ],
    ),
    (
        Category::RenewalProcessing,
        &[
            ("renewal", 3.0),
            ("renewals", 3.0),
            ("renew", 2.5),
            ("expire*", 2.0),
            ("expiring", 2.0),
            ("expiration", 2.0),
            ("subscription", 1.5),
            ("licence*", 1.0),
            ("license*", 1.0),
            ("maintenance contract", 2.0),
            ("support contract", 2.0),
            ("co-term*", 2.0),
            ("auto-renew*", 2.0),
            ("term", 0.5),
            ("lapse", 1.5),
            ("verlängerung", 2.0),
        ],
    ),
    (
        Category::VendorManagement,
        &[
            ("vendor", 1.5),
            ("supplier", 1.5),
            ("onboarding", 2.0),
            ("w-9", 3.0),
            ("w9", 3.0),
            ("tax form", 2.5),
            ("supplier agreement", 3.0),
            ("vendor registration", 3.0),
            ("bank details", 2.0),
            ("banking details", 2.0),
            ("invoice", 1.0),
            ("credit memo", 2.0),
            ("credit note", 2.0),
            ("corrected invoice", 2.0),
            ("accounts payable", 1.5),
            ("supply agreement", 3.0),
            ("rahmenvertrag", 2.0),
            ("redline*", 1.5),
            ("governing law", 1.5),
            ("overdue invoice", 2.0),
            ("credit hold", 2.0),
            ("price adjustment", 2.0),
            ("price increase", 1.5),
            ("service agreement", 2.0),
            ("liability", 1.0),
            ("payment terms", 1.5),
            ("nda", 1.5),
            ("certificate of insurance", 3.0),
            ("msa", 2.0),
            ("vendor form", 3.0),
            ("new vendor", 3.0),
            ("supplier portal", 2.0),
            ("iban", 1.5),
            ("vat", 1.0),
            ("remittance", 1.5),
            ("lieferant*", 2.0),
            ("fournisseur", 2.0),
            ("due diligence", 2.0),
            ("questionnaire", 1.5),
        ],
    ),
    (
        Category::General,
        &[
            ("newsletter", 4.0),
            ("unsubscribe", 4.0),
            ("webinar", 2.0),
            ("out of office", 4.0),
            ("announcement", 2.0),
            ("all-hands", 3.0),
            ("all hands", 3.0),
            ("lunch", 1.5),
            ("holiday", 1.0),
            ("fyi", 1.5),
            ("welcome", 1.0),
            ("congratulations", 2.0),
            ("birthday", 2.0),
            ("party", 1.5),
            ("team", 0.5),
            ("office", 0.5),
            ("abwesenheit", 4.0),
            ("automatic reply", 4.0),
            ("auto-reply", 4.0),
            ("parking", 1.5),
            ("town hall", 3.0),
            ("survey", 1.0),
            ("training", 1.0),
            ("planned maintenance", 3.0),
            ("maintenance window", 2.0),
            ("office closure*", 2.0),
            ("will be closed", 2.0),
            ("highlights", 2.0),
            ("shout-out", 2.0),
            ("we wish you", 2.0),
            ("just wanted to say", 2.0),
            ("thank you", 0.5),
            ("dear customers", 2.0),
            ("hello all", 1.5),
            ("hi all", 1.5),
            ("hi team", 1.0),
            ("all staff", 2.5),
            ("dear colleagues", 2.0),
        ],
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
const BULK: &[&str] = &[
    "newsletter",
    "unsubscribe",
    "out of office",
    "out of the office",
    "automatic reply",
    "automatische antwort",
    "abwesenheitsnotiz",
];

/// Marks of bulk or automatic mail anywhere in the newest message (a newsletter's footer, an
/// out-of-office reply's opening).
const BULK_BODY: &[&str] = &[
    "unsubscribe",
    "out of office until",
    "out of the office until",
    "nicht im büro",
    "this is an automatic reply",
];

/// Whether the e-mail is bulk or automatic mail: a subject that says so (not a reply's:
/// newsletters are not replied to), or a newsletter footer or absence notice in the newest
/// message.
pub(super) fn is_bulk(parts: &Parts) -> bool {
    !parts.reply && BULK.iter().any(|c| has(&parts.subject, c))
        || BULK_BODY.iter().any(|c| has(&parts.newest_lower, c))
}

/// Picks the category with the highest cue score; `general` when nothing scores or the
/// e-mail is bulk or automatic mail (a newsletter, an out-of-office reply).
#[must_use]
pub fn category(parts: &Parts, entities: &[Entity]) -> Category {
    if is_bulk(parts) {
        return Category::General;
    }
    let mut best = (Category::General, 1.5_f32);
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
        if s > best.1 {
            best = (*category, s);
        }
    }
    best.0
}
