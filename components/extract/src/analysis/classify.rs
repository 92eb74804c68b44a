//! Workflow category and state, priority, intent and urgency from weighted cue phrases.

use serde::{Deserialize, Serialize};

use super::lexicon::{Cue, Starts, asserted_at, has, has_asserted, occurrences, score};
use super::message::Parts;
use crate::calendar::Timestamp;
use crate::entity::{Entity, EntityType, Normalized};
use crate::extractors::date::{MONTHS, WEEKDAYS};

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
fn is_bulk(parts: &Parts) -> bool {
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

/// Where the process stands, from status phrases in the newest message.
#[must_use]
pub fn state(parts: &Parts) -> State {
    let t = Starts::new(&parts.newest_lower);
    let checks: [(State, &[&str]); 4] = [
        (
            State::Completed,
            &[
                "resolved",
                "has been delivered",
                "was delivered",
                "completed",
                "closed",
                "fixed",
                "has been approved",
                "is approved",
                "processed",
            ],
        ),
        (
            State::PendingExternal,
            &[
                "waiting for",
                "awaiting",
                "pending your",
                "on hold",
                "waiting on",
                "pending approval",
                "once we receive",
                "still waiting",
            ],
        ),
        (
            State::InProgress,
            &[
                "working on",
                "in progress",
                "we are processing",
                "has shipped",
                "has been shipped",
                "in transit",
                "investigating",
                "scheduled",
            ],
        ),
        (
            State::InReview,
            &[
                "reviewing",
                "under review",
                "looking into",
                "will review",
                "we will check",
                "taking a look",
            ],
        ),
    ];
    checks
        .iter()
        .find(|(_, cues)| cues.iter().any(|c| t.has(c)))
        .map_or(State::New, |(s, _)| *s)
}

const CRITICAL: &[&str] = &[
    "outage",
    "production down",
    "production is down",
    "system down",
    "is down",
    "are down",
    "went down",
    "critical",
    "sev1",
    "sev 1",
    "severity 1",
    "p1",
    "security incident",
    "breach",
    "data loss",
    "emergency",
    "line down",
    "ransomware",
    "compromised",
    "all users",
    "completely down",
    "cannot process any",
    "phishing",
    "fraud*",
    "can't connect to",
    "cannot connect to",
    "none of us can log",
    "nobody can log",
    "none of us can access",
    "nobody can access",
    "service unavailable",
    "has been down",
    "line stopped",
    "line has stopped",
    "production stopped",
    "production has stopped",
];

/// The guide's "legal/contract deadline today", in contract business (renewals, approvals,
/// vendor agreements, deal registrations).
const CONTRACT_DEADLINE_TODAY: &[&str] = &[
    "window closes today",
    "deadline is today",
    "deadline today",
    "lapses today",
];
const HIGH: &[&str] = &[
    "urgent",
    "urgently",
    "asap",
    "as soon as possible",
    "immediately",
    "escalated",
    "escalating this",
    "i am escalating",
    "i'm escalating",
    "we are escalating",
    "escalation",
    "escalate this",
    "escalate to",
    "safety concern",
    "safety issue",
    "safety hazard",
    "safety risk",
    "by today",
    "by tomorrow",
    "today if possible",
    "due today",
    "due tomorrow",
    "before tomorrow",
    "by noon",
    "time-sensitive",
    "time sensitive",
    "high priority",
    "overdue",
    "right away",
    "expedite*",
    "within 24 hours",
    "top priority",
    "dringend",
    "urgente",
    "no later than tomorrow",
    "end of today",
];

/// Words that make a date right after them a deadline.
const DEADLINE_WORDS: &[&str] = &[
    "by",
    "before",
    "due",
    "deadline",
    "deadline is",
    "end of day",
    "eod",
    "close of business",
    "later than",
    "bis",
];
const LOW: &[&str] = &[
    "newsletter",
    "unsubscribe",
    "fyi",
    "no action",
    "no rush",
    "no hurry",
    "no further action",
    "whenever",
    "out of office",
    "webinar",
    "announcement",
    "just wanted to say",
    "for your information",
    "automatic reply",
    "automatische antwort",
    "out of the office",
    "no need to reply",
    "no reply needed",
    "heads-up",
    "heads up",
    "all-hands",
    "town hall",
    "lunch",
];

/// The inputs priority is decided from.
#[derive(Debug, Clone, Copy)]
pub struct PriorityInputs<'a> {
    /// The e-mail's parts.
    pub parts: &'a Parts,
    /// `subject + "\n\n" + body`, which entity spans index.
    pub text: &'a str,
    /// Entities found in `text`.
    pub entities: &'a [Entity],
    /// The mail client's importance flag.
    pub importance: Option<&'a str>,
    /// When the e-mail arrived.
    pub received: Option<Timestamp>,
    /// The intent already decided.
    pub intent: Intent,
    /// The category already decided.
    pub category: Category,
}

/// Words a forwarder's comment needs to decide the priority alone (a bare signature does
/// not).
const MIN_COMMENT_WORDS: usize = 6;

/// Priority, first match wins: bulk or automatic mail is low; an outage, a security incident
/// or a contract deadline today is critical; urgency, escalation, the importance flag or a
/// deadline (or an ask) for today or tomorrow is high; an FYI is low; when nothing is asked,
/// a low cue (`no rush`, `webinar`), the low importance flag or a report is low (except a
/// report that hands over the next step of a quote, a deal registration or an approval);
/// anything else is medium. Replies are judged by their newest message, not the inherited
/// subject, and commented forwards by the comment.
#[must_use]
pub fn priority(input: &PriorityInputs<'_>) -> Level {
    let parts = input.parts;
    // A reply's subject speaks for earlier messages ("RE: CRITICAL: production down" over
    // "stable now, you can close it"): only the newest message counts then, and of a
    // forward with a comment ("FYI - no action needed, I already cancelled it"), the comment.
    let words = |s: &str| s.split_whitespace().count();
    let t = if !parts.reply || words(&parts.newest_lower) == 0 {
        &parts.own
    } else if words(&parts.comment) >= MIN_COMMENT_WORDS {
        &parts.comment
    } else {
        &parts.newest_lower
    };
    let starts = Starts::new(t);
    let any = |cues: &[&str]| cues.iter().any(|c| starts.has(c));
    let asserted = |cues: &[&str]| cues.iter().any(|c| starts.has_asserted(c));
    if is_bulk(parts) {
        return Level::Low;
    }
    let contract = matches!(
        input.category,
        Category::RenewalProcessing
            | Category::ApprovalWorkflow
            | Category::VendorManagement
            | Category::DealRegistration
    );
    if asserted(CRITICAL) || contract && asserted(CONTRACT_DEADLINE_TODAY) {
        return Level::Critical;
    }
    let high_flag = input
        .importance
        .is_some_and(|i| i.eq_ignore_ascii_case("high"));
    let asks_for_soon = matches!(input.intent, Intent::ActionRequired | Intent::Request)
        && asks_for_today_or_tomorrow(t);
    if asserted(HIGH) || end_of_day(t) || high_flag || near_deadline(input) || asks_for_soon {
        return Level::High;
    }
    if input.intent == Intent::Fyi {
        return Level::Low;
    }
    // The guide's low is "no action needed": never when the reader is asked for something.
    let asks = asks_anything(t);
    let low_flag = input
        .importance
        .is_some_and(|i| i.eq_ignore_ascii_case("low"));
    // A report that hands the reader the next step of a deal (a quote sent, a registration
    // or an approval granted) is business as usual; other reports need nothing.
    let hands_over_next_step = matches!(
        input.category,
        Category::QuoteProcessing | Category::DealRegistration | Category::ApprovalWorkflow
    );
    let report = input.intent == Intent::Update && !hands_over_next_step;
    if !asks && (any(LOW) || low_flag || report) {
        return Level::Low;
    }
    Level::Medium
}

/// Phrases that ask the reader for something.
const ASKS: &[&str] = &[
    "let me know",
    "let us know",
    "need you to",
    "we need",
    "i need",
    "action required",
    "action needed",
    "required",
    "must",
    "needs your",
    "need an",
    "need a",
    "need the",
    "awaiting your",
    "kindly",
];

/// Whether `t` (subject and newest message, lower case) asks the reader for anything: a
/// question, `could you` / `please` + a verb that is not `note` / `find` / `ignore`, or an
/// un-negated ask (`we need`, `let me know`, not `no need to`, not the courtesy `let me know
/// if you need anything`).
fn asks_anything(t: &str) -> bool {
    let (action, request) = asks(t);
    let asked = |cue: &&str| {
        occurrences(t, cue).any(|at| {
            let stem = cue.trim_end_matches('*');
            let offer = t[at + stem.len()..].trim_start().starts_with("if ");
            asserted_at(t, at, cue) && !offer
        })
    };
    action + request > 0.0 || asks_a_question(t) || ASKS.iter().any(asked)
}

/// A question of three words or more (`Need help?` and `Questions?` are boilerplate).
fn asks_a_question(t: &str) -> bool {
    t.split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| s.ends_with('?'))
        .any(|s| s.split_whitespace().count() >= 3)
}

/// Words that make `end of day` / `EOD` right after them a deadline.
const END_OF_DAY_LEADS: &[&str] = &[
    "by", "before", "until", "till", "due", "at", "need", "needed",
];

/// `end of day` / `EOD` as a deadline (`by end of day`, `needed EOD`) with no day named
/// right after it: `EOD Wednesday` or `by end of day 31 March` is due when that day is, which
/// [`near_deadline`] decides; `the end of day stock report` is no deadline.
fn end_of_day(t: &str) -> bool {
    let names_a_day = |w: &&str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || ["next", "today", "tomorrow", "on"].contains(w)
            || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(w))
            || MONTHS.iter().any(|m| m.eq_ignore_ascii_case(w))
    };
    ["end of day", "eod"].iter().any(|cue| {
        occurrences(t, cue)
            .filter(|at| asserted_at(t, *at, cue))
            .any(|at| {
                let later: Vec<&str> = t[at + cue.len()..]
                    .split_whitespace()
                    .take(2)
                    .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                    .collect();
                let by = crate::text::suffix_within(&t[..at], 24)
                    .split_whitespace()
                    .rev()
                    .take(2)
                    .any(|w| END_OF_DAY_LEADS.contains(&w));
                by && !later.iter().any(names_a_day)
            })
    })
}

/// Words that make a sentence ask for something.
const ASKING: &[&str] = &[
    "please",
    "can you",
    "could you",
    "would you",
    "can we",
    "could we",
    "can someone",
    "could someone",
    "need",
    "needs",
    "needed",
    "must",
    "asap",
    "bitte",
];

/// The guide's "due today or tomorrow": a sentence of the (lower-cased) newest message that
/// asks for something and names today, tomorrow or tonight ("Can finance reissue today?"),
/// not one that reports ("today we received your shipment").
fn asks_for_today_or_tomorrow(newest: &str) -> bool {
    newest
        .split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| ["today", "tomorrow", "tonight"].iter().any(|w| has(s, w)))
        .any(|s| s.trim_end().ends_with('?') || ASKING.iter().any(|w| has_asserted(s, w)))
}

/// A date due today or tomorrow right after `by`, `before`, `due` ... in the newest message.
fn near_deadline(input: &PriorityInputs<'_>) -> bool {
    let Some(received) = input.received else {
        return false;
    };
    let today = received.date().to_string();
    let tomorrow = received.date().plus_days(1).to_string();
    input.entities.iter().any(|e| {
        let Some(Normalized::Text(iso)) = &e.normalized else {
            return false;
        };
        if e.kind != EntityType::Date
            || !(today.as_str()..=tomorrow.as_str()).contains(&iso.as_str())
        {
            return false;
        }
        let before = crate::text::suffix_within(&input.text[..e.span.0], 24).to_lowercase();
        let before = before.trim_end();
        DEADLINE_WORDS.iter().any(|w| before.ends_with(w)) && input.parts.newest.contains(&e.value)
    })
}

const FYI: &[Cue] = &[
    ("newsletter", 3.0),
    ("unsubscribe", 3.0),
    ("fyi", 2.0),
    ("for your information", 2.0),
    ("announcement", 2.0),
    ("out of office", 3.0),
    ("out of the office", 3.0),
    ("automatic reply", 3.0),
    ("automatische antwort", 3.0),
    ("nicht im büro", 3.0),
    ("no action", 2.0),
    ("no need to reply", 2.0),
    ("heads up", 1.0),
    ("heads-up", 1.0),
    ("webinar", 1.5),
    ("just wanted to share", 1.5),
    ("for your records", 1.5),
    ("no reply needed", 2.0),
    ("just wanted to say", 2.0),
    ("please note", 1.0),
    ("reminder", 1.0),
    ("highlights", 1.5),
    ("we wish you", 1.5),
    ("shout-out", 1.5),
    ("will be closed", 1.5),
    ("no action needed", 2.0),
    ("no action required", 2.0),
    ("no further action", 2.0),
    ("nothing needed", 2.0),
    ("invitation", 1.0),
];

/// Verbs after `could you` / `can you` / `please` that ask for information rather than work.
const INFO_VERBS: &[&str] = &[
    "tell",
    "let",
    "advise",
    "share",
    "clarify",
    "explain",
    "quote",
    "confirm",
    "provide",
    "recommend",
    "suggest",
    "give",
    "point",
];

/// Verbs after `please` that point at something rather than ask for work (`please find
/// attached`, `please don't hesitate`, `please keep this for reference`).
const NOT_ASKING: &[&str] = &[
    "note",
    "find",
    "see",
    "don't",
    "do",
    "feel",
    "ignore",
    "disregard",
    "keep",
    "reference",
    "use",
    "remember",
];

/// Scores `could you …`, `can you …`, `would you …`, `please …` by the verb that follows:
/// `(action, request)`.
fn asks(t: &str) -> (f32, f32) {
    let mut action = 0.0_f32;
    let mut request = 0.0_f32;
    for lead in [
        "could you ",
        "can you ",
        "would you ",
        "please ",
        "could we ",
        "can we ",
        "could someone ",
        "can someone ",
    ] {
        for (at, _) in t.match_indices(lead) {
            if t[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || !asserted_at(t, at, lead)
            {
                continue;
            }
            let rest = &t[at + lead.len()..];
            let verb = rest
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
                .next()
                .unwrap_or("");
            if NOT_ASKING.contains(&verb) || rest.starts_with("stop by") {
                continue;
            }
            if INFO_VERBS.contains(&verb) {
                request += 1.0;
            } else {
                action += 1.0;
            }
        }
    }
    (action.min(3.0), request.min(3.0))
}
const ACTION: &[Cue] = &[
    ("we need", 1.5),
    ("i need", 1.5),
    ("need to", 0.5),
    ("required", 1.0),
    ("action required", 3.0),
    ("action needed", 3.0),
    ("for action", 2.0),
    ("please approve", 3.0),
    ("need you to", 2.5),
    ("needs your", 2.0),
    ("must", 1.0),
    ("please sign", 2.5),
    ("please confirm", 1.5),
    ("please send", 1.0),
    ("please process", 2.0),
    ("please update", 1.5),
    ("please review", 1.5),
    ("asap", 1.0),
    ("urgent", 1.0),
    ("immediately", 1.0),
    ("by end of", 1.0),
    ("deadline", 1.0),
    ("please cancel", 2.0),
    ("please ship", 2.0),
    ("please expedite", 2.0),
    ("approve", 1.0),
    ("please complete", 2.0),
    ("please fill", 2.0),
    ("please return", 1.5),
    ("please fix", 2.0),
    ("please escalate", 2.0),
    ("please arrange", 2.0),
    ("please issue", 2.0),
];
const REQUEST: &[Cue] = &[
    ("what is", 1.0),
    ("when will", 1.5),
    ("do you have", 1.0),
    ("is there", 0.5),
    ("please quote", 2.0),
    ("request", 1.0),
    ("let me know", 1.0),
    ("i'd like", 1.0),
    ("we would like", 1.0),
    ("interested in", 1.0),
    ("please advise", 1.5),
    ("any update", 1.5),
    ("what is the status", 2.0),
    ("could we", 1.0),
    ("is it possible", 1.5),
    ("wondering", 1.0),
    ("please share", 1.0),
    ("looking for", 1.0),
    ("need a quote", 2.0),
];
const UPDATE: &[Cue] = &[
    ("update", 1.0),
    ("has shipped", 2.0),
    ("has been", 1.0),
    ("we have", 0.5),
    ("status", 0.5),
    ("completed", 1.0),
    ("delivered", 1.0),
    ("resolved", 1.5),
    ("confirming", 1.5),
    ("wanted to let you know", 2.0),
    ("just to let you know", 2.0),
    ("is now", 1.0),
    ("will be", 0.5),
    ("attached is", 1.0),
    ("please find attached", 1.0),
    ("shipped", 1.0),
    ("has been approved", 2.0),
    ("approved", 0.5),
    ("is scheduled", 1.0),
    ("we received", 1.0),
    ("pleased to confirm", 2.0),
    ("is processed", 1.5),
    ("has been processed", 1.5),
    ("went out", 1.5),
    ("left our", 1.5),
    ("were sent", 1.0),
    ("was sent", 1.0),
    ("please find our", 1.0),
    ("here is", 1.0),
    ("confirmed", 1.0),
    ("expired", 1.0),
    ("automated message", 1.0),
];

/// Subject words of a report: a confirmation, a shipment, a quote or an approval sent.
const UPDATE_SUBJECT: &[Cue] = &[
    ("confirmation", 1.5),
    ("confirmed", 1.5),
    ("confirmé", 1.5),
    ("shipped", 1.5),
    ("approved", 1.5),
    ("quotation", 1.0),
    ("revised quote", 1.0),
    ("your quote", 1.0),
    ("updated", 1.0),
    ("resolved", 1.5),
    ("delivered", 1.0),
    ("acknowledgement", 1.5),
    ("expired", 1.5),
];

/// What the sender wants, from the newest message and the subject.
#[must_use]
pub fn intent(parts: &Parts, category: Category) -> Intent {
    let t = &parts.own;
    let starts = Starts::new(t);
    let fyi = starts.score(FYI);
    let (ask_action, ask_request) = asks(t);
    let action = starts.score_asserted(ACTION) + ask_action;
    let request = starts.score(REQUEST) + ask_request + 0.5 * t.matches('?').count().min(3) as f32;
    let update = starts.score_asserted(UPDATE) + score(&parts.subject, UPDATE_SUBJECT);
    if fyi >= 2.0 && action < 2.0 || (category == Category::General && action + request < 1.0) {
        return Intent::Fyi;
    }
    if asks_anything(t) {
        return if request > action {
            Intent::Request
        } else {
            Intent::ActionRequired
        };
    }
    if update > 0.0 {
        return Intent::Update;
    }
    // Business mail that asks for nothing identifiable is still most often a call to act.
    if category == Category::General {
        Intent::Fyi
    } else {
        Intent::ActionRequired
    }
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
