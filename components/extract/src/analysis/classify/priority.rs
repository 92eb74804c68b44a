//! The priority level: critical and high cues asserted in the sender's own words,
//! deadlines for today or tomorrow, the importance flag, and what the e-mail asks.

use super::asks::asks_anything;
use super::category::is_bulk;
use super::due_soon::{
    OtherDay, asks_for_today_or_tomorrow, names_today_or_tomorrow, sets_today_or_tomorrow,
};
use super::{Category, Intent, Level};
use crate::analysis::lexicon::{Starts, asserted_at, occurrences};
use crate::analysis::message::Parts;
use crate::calendar::Timestamp;
use crate::entity::{Entity, EntityType, Normalized};
use crate::extractors::date::{MONTHS, WEEKDAYS};

/// Cues of an outage or a stop: critical when asserted.
const CRITICAL: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_critical.rs"));

/// The guide's "legal/contract deadline today", in contract business (renewals, approvals,
/// vendor agreements, deal registrations).
const CONTRACT_DEADLINE_TODAY: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/priority_contract_deadline_today.rs"
));

const HIGH: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_high.rs"));

/// Words that make a date right after them a deadline.
const DEADLINE_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_deadline_words.rs"));

const LOW: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_low.rs"));

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

/// Priority, first match wins: bulk or automatic mail is low; an outage (not a level reached: `down
/// to 3 units`), a security incident or a contract deadline today is critical; urgency, escalation,
/// the importance flag or a deadline (or an ask) for today or tomorrow is high (also a clock time
/// as a deadline or an event set for the day in mail that asks: `the truck leaves at 14:00`, `the
/// payment run is tomorrow`); an FYI is low; so is general mail with a low cue (a lunch invitation,
/// a no-rush favour) even when it asks; when nothing is asked, a low cue (`no rush`, `webinar`),
/// the low importance flag or a report is low (except a report that hands over the next step of a
/// quote, a deal registration or an approval); anything else is medium. Replies are judged by their
/// newest message, not the inherited subject, and commented forwards by the comment.
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
    let outage = CRITICAL.iter().any(|c| {
        starts.occurrences(c).any(|at| {
            let after = t.get(at + c.trim_end_matches('*').len()..).unwrap_or("");
            asserted_at(t, at, c) && !names_a_level(after) && !in_table_row(t, at)
        })
    });
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
    if outage || contract && asserted(CONTRACT_DEADLINE_TODAY) {
        return Level::Critical;
    }
    let high_flag = input
        .importance
        .is_some_and(|i| i.eq_ignore_ascii_case("high"));
    let asks_for_soon = matches!(input.intent, Intent::ActionRequired | Intent::Request)
        && (asks_for_today_or_tomorrow(t) || sets_today_or_tomorrow(t, &other_days(input)));
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
    // Social and internal mail (a lunch invitation, a no-rush favour) stays low though it
    // asks something.
    let social = input.category == Category::General && any(LOW);
    if social || !asks && (any(LOW) || low_flag || report) {
        return Level::Low;
    }
    Level::Medium
}

/// Whether the text right after a critical cue makes it a level reached rather than a stop
/// (`stock is down to 3 units`, `sales went down by 20%`): `to` or `by` and a number.
fn names_a_level(after: &str) -> bool {
    let mut words = after.split_whitespace();
    matches!(words.next(), Some("to" | "by"))
        && words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether the line holding byte `at` of `t` is a table row (three columns or more, set
/// apart by runs of blanks, tabs, `|` or `;`): a cue there names a product or a service
/// level (`ProSupport Plus Mission Critical 5 Years`), not an outage.
fn in_table_row(t: &str, at: usize) -> bool {
    let start = t[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = t[at..].find('\n').map_or(t.len(), |n| at + n);
    let line = t[start..end].trim();
    let gaps = line
        .split("  ")
        .filter(|cell| !cell.trim().is_empty())
        .count();
    let separated = |sep: char| line.matches(sep).count() >= 2;
    gaps >= 3 || line.contains('\t') || separated('|') || separated(';')
}

/// Whether a date entity is a bare weekday naming the day the e-mail arrived (`by
/// Thursday`, written on a Thursday): the writer would have said `today`, so it is next
/// week's.
fn names_next_week(e: &Entity, today: &str) -> bool {
    let bare_weekday = WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(&e.value));
    bare_weekday && matches!(&e.normalized, Some(Normalized::Text(iso)) if iso == today)
}

/// Words that make `end of day` / `EOD` right after them a deadline.
const END_OF_DAY_LEADS: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/priority_end_of_day_leads.rs"));

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

/// A date due today or tomorrow right after `by`, `before`, `due` ... in the newest message
/// (not a bare weekday naming the day of arrival, see [`names_next_week`]).
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
            || names_next_week(e, &today)
        {
            return false;
        }
        let before = crate::text::suffix_within(&input.text[..e.span.0], 24).to_lowercase();
        let before = before.trim_end();
        DEADLINE_WORDS.iter().any(|w| before.ends_with(w)) && input.parts.newest.contains(&e.value)
    })
}

/// The dates found that are neither today nor tomorrow (but for words that name the day
/// itself), each marked when it is after tomorrow or cannot be placed (the arrival time
/// unknown, a date not understood, a bare weekday naming the day of arrival): a clock time
/// is due on the day only when no such day claims it.
fn other_days(input: &PriorityInputs<'_>) -> Vec<OtherDay> {
    let soon = input.received.map(|r| {
        let today = r.date();
        (today.to_string(), today.plus_days(1).to_string())
    });
    input
        .entities
        .iter()
        .filter(|e| e.kind == EntityType::Date)
        .filter(|e| !names_today_or_tomorrow(&e.value.to_lowercase()))
        .filter_map(|e| {
            let iso = match &e.normalized {
                Some(Normalized::Text(iso)) => Some(iso.as_str()),
                _ => None,
            };
            let later = match (iso, &soon) {
                (Some(iso), Some((today, tomorrow))) => {
                    if (today.as_str()..=tomorrow.as_str()).contains(&iso)
                        && !names_next_week(e, today)
                    {
                        return None;
                    }
                    iso > tomorrow.as_str() || names_next_week(e, today)
                }
                _ => true,
            };
            Some(OtherDay {
                text: e.value.to_lowercase(),
                later,
            })
        })
        .collect()
}
