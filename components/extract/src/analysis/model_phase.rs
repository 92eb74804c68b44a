//! Phase 2 of e-mail analysis: what a language model may add to the rule phase, and how
//! it is merged. The model sees the e-mail and the phase-1 result and answers JSON under
//! [`schema`]; [`merge`] keeps every phase-1 entity, adds a suggested entity only when its
//! text occurs in the e-mail and overlaps nothing already found (marked `method: "llm"`;
//! tracking numbers and e-mail addresses only when the rule extractors read them as such;
//! amounts, dates and phone numbers with the normalized value the rules give them, when they
//! do), adds action items not already listed, and takes the model's summary when it gave one.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{ActionItem, Analysis, Email};
use crate::entity::{Entity, EntityType, Method, Normalized};
use crate::extractors::{self, Options};

/// Confidence given to a model-suggested entity.
pub const LLM_CONFIDENCE: f64 = 0.6;

/// Most entities the model may suggest.
const MAX_ENTITIES: usize = 8;

/// Longest entity text the model may suggest, in characters.
const MAX_VALUE_CHARS: usize = 64;

/// Most action items the model may suggest.
const MAX_ACTIONS: usize = 4;

/// Longest action item, in characters.
const MAX_TASK_CHARS: usize = 120;

/// Longest summary the model may write, in characters.
pub const MAX_SUMMARY_CHARS: usize = 240;

/// Tokens a complete answer under [`schema`] needs at most (its worst case, about 1,700
/// characters of JSON, at one token per character or better): the `max_tokens` to ask for,
/// so that a compliant model is never cut off.
pub const MAX_TOKENS: u32 = 1_800;

/// The JSON Schema the model's answer must match.
#[must_use]
pub fn schema() -> Value {
    let types: Vec<&str> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["entities", "action_items", "summary"],
        "properties": {
            "entities": {
                "type": "array",
                "maxItems": MAX_ENTITIES,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["type", "value"],
                    "properties": {
                        "type": { "enum": types },
                        "value": { "type": "string", "minLength": 1, "maxLength": MAX_VALUE_CHARS }
                    }
                }
            },
            "action_items": {
                "type": "array",
                "maxItems": MAX_ACTIONS,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["task"],
                    "properties": {
                        "task": { "type": "string", "minLength": 3, "maxLength": MAX_TASK_CHARS }
                    }
                }
            },
            "summary": { "type": "string", "maxLength": MAX_SUMMARY_CHARS }
        }
    })
}

/// The instructions and input of the model call: the e-mail, then the rule result.
#[must_use]
pub fn prompt(email: &Email, phase1: &Analysis) -> (String, String) {
    let email_text = email.text();
    let system = "You review the automatic analysis of a business e-mail. List entities the \
        analysis missed (copy their text exactly as it appears in the e-mail), action items it \
        missed, and write a one or two sentence summary. Answer only with the JSON the schema \
        describes."
        .to_owned();
    let found: Vec<Value> = phase1
        .entities
        .iter()
        .map(|e| json!({ "type": e.kind.as_str(), "value": e.value }))
        .collect();
    let user = format!(
        "E-mail:\n{email_text}\n\nAnalysis so far:\n{}",
        json!({
            "category": phase1.workflow.category,
            "entities": found,
            "action_items": phase1.action_items,
            "summary": phase1.summary,
        })
    );
    (system, user)
}

/// One suggested entity.
#[derive(Debug, Deserialize)]
struct SuggestedEntity {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

/// The model's answer.
#[derive(Debug, Deserialize)]
struct Suggestion {
    #[serde(default)]
    entities: Vec<SuggestedEntity>,
    #[serde(default)]
    action_items: Vec<ActionItem>,
    #[serde(default)]
    summary: String,
}

/// Whether `text[start..end]` stands as a whole word (or words): no letter or digit
/// glued to either end.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The first whole-word occurrence of `value` in `text` that overlaps no known entity.
fn free_occurrence(text: &str, value: &str, known: &[Entity]) -> Option<(usize, usize)> {
    if value.is_empty() {
        return None;
    }
    text.match_indices(value)
        .map(|(start, found)| (start, start + found.len()))
        .find(|&(start, end)| {
            whole_word(text, start, end)
                && !known.iter().any(|x| x.span.0 < end && start < x.span.1)
        })
}

/// What merging added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// Entities added.
    pub entities: usize,
    /// Action items added.
    pub action_items: usize,
    /// Whether the summary was replaced.
    pub summary: bool,
}

/// The normalized value of a suggested `kind` entity at `email_text[start..end]`, or `None`
/// when the suggestion is malformed. Tracking numbers and e-mail addresses have formats that
/// decide what they are, so one the rule extractors do not read as such there (a check digit
/// that fails, a FedEx number with no shipping word near it) is dropped; amounts, dates and
/// phone numbers get the normalized value the rules give them and are kept without one
/// otherwise (`end of quarter`); identifiers get their upper-case form like the rule
/// phase's; names have none.
fn normalized(
    kind: EntityType,
    email_text: &str,
    (start, end): (usize, usize),
    email: &Email,
) -> Option<Option<Normalized>> {
    let read_by_rules = || {
        // The text around it too: some formats need context (a FedEx number a shipping word).
        let before = crate::text::suffix_within(&email_text[..start], 160).len();
        let after = crate::text::prefix_within(&email_text[end..], 80).len();
        let window = &email_text[start - before..end + after];
        let options = Options {
            types: vec![kind],
            reference: email.received().map(|r| r.date()),
        };
        let span = (before, before + (end - start));
        extractors::extract(window, &options)
            .into_iter()
            .find(|e| e.span == span)
            .map(|e| e.normalized)
    };
    match kind {
        EntityType::TrackingNumber | EntityType::EmailAddress => read_by_rules(),
        EntityType::Amount | EntityType::Date | EntityType::PhoneNumber => {
            Some(read_by_rules().flatten())
        }
        EntityType::PoNumber
        | EntityType::QuoteNumber
        | EntityType::CaseNumber
        | EntityType::OrderNumber
        | EntityType::PartNumber => Some(Some(Normalized::Text(
            email_text[start..end].to_ascii_uppercase(),
        ))),
        EntityType::Person | EntityType::Company | EntityType::Product => Some(None),
    }
}

/// Merge the model's answer (`suggestion`, JSON under [`schema`]) into `analysis` of
/// `email`. Phase-1 results are never removed.
pub fn merge(analysis: &mut Analysis, email: &Email, suggestion: &Value) -> Added {
    let Ok(s) = Suggestion::deserialize(suggestion) else {
        return Added::default();
    };
    let email_text = email.text();
    let mut added = Added::default();
    for e in s.entities.iter().take(MAX_ENTITIES) {
        let Some(kind) = EntityType::parse(&e.kind) else {
            continue;
        };
        let value = e.value.trim();
        let Some(span) = free_occurrence(&email_text, value, &analysis.entities) else {
            continue;
        };
        let Some(normalized) = normalized(kind, &email_text, span, email) else {
            continue;
        };
        let mut entity = Entity::rule(kind, &email_text, span.0, span.1, LLM_CONFIDENCE)
            .with_normalized(normalized);
        entity.method = Method::Llm;
        analysis.entities.push(entity);
        added.entities += 1;
    }
    analysis.entities.sort_by_key(|e| e.span);
    for item in s.action_items.into_iter().take(MAX_ACTIONS) {
        let task = item.task.trim();
        let known = analysis
            .action_items
            .iter()
            .any(|a| a.task.trim().eq_ignore_ascii_case(task));
        if task.len() >= 3 && !known {
            analysis.action_items.push(ActionItem {
                task: task.to_owned(),
                owner: item.owner,
                deadline: item.deadline,
            });
            added.action_items += 1;
        }
    }
    let summary = s.summary.trim();
    if !summary.is_empty() && summary.chars().count() <= MAX_SUMMARY_CHARS {
        analysis.summary = summary.to_owned();
        added.summary = true;
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Email, analyze};

    fn email() -> (Email, String) {
        let email = Email {
            id: None,
            subject: "Order for ACME".into(),
            body: "Hi Sam,\nPlease ship PO 48211 to our Lyon site. Reference KX-77 too.\n\
                   Freight was quoted at 1,200 and the parcel went out as 1Z999AA10123456785 \
                   or was it 1Z999AA10123456784?\nThanks"
                .into(),
            from: None,
            to: None,
            received_at: None,
            importance: None,
        };
        let text = email.text();
        (email, text)
    }

    #[test]
    fn suggestions_are_kept_only_when_their_text_occurs_and_overlaps_nothing() {
        let (email, text) = email();
        let mut a = analyze(&email, "e1");
        let before: Vec<Entity> = a.entities.clone();
        let suggestion = json!({
            "entities": [
                {"type": "part_number", "value": "KX-77"},
                {"type": "company", "value": "Invented Corp"},
                {"type": "po_number", "value": "48211"},
                {"type": "not_a_type", "value": "Lyon"},
                {"type": "company", "value": "Co"}
            ],
            "action_items": [{"task": "Confirm the Lyon delivery address"}],
            "summary": "ACME asks to ship PO 48211 to Lyon."
        });
        let added = merge(&mut a, &email, &suggestion);
        for e in &before {
            assert!(a.entities.contains(e), "phase-1 entity lost: {e:?}");
        }
        let llm: Vec<&Entity> = a
            .entities
            .iter()
            .filter(|e| e.method == Method::Llm)
            .collect();
        assert!(
            llm.iter()
                .all(|e| text.get(e.span.0..e.span.1) == Some(e.value.as_str()))
        );
        assert!(
            !llm.iter().any(|e| e.value == "Invented Corp"),
            "not in the e-mail"
        );
        assert!(
            !llm.iter().any(|e| e.value == "48211"),
            "overlaps the rule PO"
        );
        assert_eq!(added.entities, llm.len());
        assert_eq!(added.action_items, 1);
        assert!(added.summary);
        assert_eq!(a.summary, "ACME asks to ship PO 48211 to Lyon.");
    }

    #[test]
    fn suggestions_are_checked_and_normalized_like_rule_entities() {
        let (email, _) = email();
        let mut a = analyze(&email, "e1");
        let suggestion = json!({
            "entities": [
                {"type": "tracking_number", "value": "1Z999AA10123456784"},
                {"type": "amount", "value": "1,200"},
                {"type": "part_number", "value": "KX-77"}
            ],
            "action_items": [],
            "summary": ""
        });
        merge(&mut a, &email, &suggestion);
        let llm: Vec<(EntityType, &str, Option<&Normalized>)> = a
            .entities
            .iter()
            .filter(|e| e.method == Method::Llm)
            .map(|e| (e.kind, e.value.as_str(), e.normalized.as_ref()))
            .collect();
        assert_eq!(
            llm,
            [
                (
                    EntityType::PartNumber,
                    "KX-77",
                    Some(&Normalized::Text("KX-77".into()))
                ),
                (EntityType::Amount, "1,200", None),
            ],
            "a tracking number failing its check digit is dropped; an amount without a \
             currency is kept without a normalized value"
        );
    }

    #[test]
    fn a_suggested_amount_gets_its_normalized_value() {
        let email = Email {
            subject: "Invoice".into(),
            body: "The total comes to EUR 3,200 for the two units.".into(),
            ..Email::default()
        };
        let mut a = analyze(&email, "e1");
        a.entities.clear();
        merge(
            &mut a,
            &email,
            &json!({
                "entities": [{"type": "amount", "value": "EUR 3,200"}],
                "action_items": [],
                "summary": ""
            }),
        );
        let amount = a.entities.iter().find(|e| e.method == Method::Llm);
        assert_eq!(
            amount.and_then(|e| e.normalized.as_ref()),
            Some(&Normalized::Money(crate::entity::Money {
                value: 3200.0,
                currency: "EUR".into()
            }))
        );
    }

    #[test]
    fn an_unusable_answer_changes_nothing() {
        let (email, _) = email();
        let mut a = analyze(&email, "e1");
        let before = serde_json::to_value(&a).expect("json");
        assert_eq!(merge(&mut a, &email, &json!("garbage")), Added::default());
        let added = merge(
            &mut a,
            &email,
            &json!({"entities": [], "action_items": [], "summary": " "}),
        );
        assert_eq!(added, Added::default());
        assert_eq!(serde_json::to_value(&a).expect("json"), before);
    }

    #[test]
    fn the_schema_lists_every_entity_type() {
        let s = schema();
        let types = &s["properties"]["entities"]["items"]["properties"]["type"]["enum"];
        assert_eq!(types.as_array().map(Vec::len), Some(EntityType::ALL.len()));
    }
}
