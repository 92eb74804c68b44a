//! Action items: sentences that ask the reader to do something, with the deadline a date in
//! the same sentence gives.

use serde::{Deserialize, Serialize};

use crate::entity::{Entity, EntityType, Normalized};

/// One thing the reader is asked to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    /// The request, as the sender wrote it (starting at the cue).
    pub task: String,
    /// Who is asked, when the sentence names them (`Tom, please …`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owner: Option<String>,
    /// The deadline (ISO 8601 when it could be resolved, else as written).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deadline: Option<String>,
}

/// Phrases that open an action item (`please`, `could you`), in ASCII lower case:
/// `data/actions/cues.txt`.
const CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/actions_cues.rs"));

const MAX_ITEMS: usize = 10;
const MAX_TASK_CHARS: usize = 200;

/// Finds action items in `newest` (the newest message); `entities` were found in `full`.
#[must_use]
pub fn extract(newest: &str, entities: &[Entity], full: &str) -> Vec<ActionItem> {
    let mut out: Vec<ActionItem> = Vec::new();
    for sentence in sentences(newest) {
        // Every cue is ASCII: ASCII lower-casing keeps the offsets of `sentence`.
        let lower = sentence.to_ascii_lowercase();
        let Some(at) = CUES
            .iter()
            .filter_map(|c| {
                lower.match_indices(c).find(|(i, _)| {
                    lower[..*i]
                        .chars()
                        .next_back()
                        .is_none_or(|p| !p.is_alphanumeric())
                })
            })
            .map(|(i, _)| i)
            .min()
        else {
            continue;
        };
        if is_pleasantry(&lower[at..]) {
            continue;
        }
        let task: String = sentence[at..].trim().chars().take(MAX_TASK_CHARS).collect();
        let task = task.trim_end_matches([',', ';']).to_owned();
        if task.split_whitespace().count() < 3 || out.iter().any(|a| a.task == task) {
            continue;
        }
        let owner = owner_before(&sentence[..at], entities);
        let deadline = deadline_in(sentence, entities, full);
        out.push(ActionItem {
            task,
            owner,
            deadline,
        });
        if out.len() == MAX_ITEMS {
            break;
        }
    }
    out
}

/// Openings of courtesy sentences, not tasks (`please let me know if you have questions`):
/// `data/actions/pleasantries.txt`.
const PLEASANTRIES: &[&str] = include!(concat!(env!("OUT_DIR"), "/actions_pleasantries.rs"));

/// `please let me know if you have questions` and friends are courtesy, not tasks.
fn is_pleasantry(s: &str) -> bool {
    PLEASANTRIES.iter().any(|p| s.starts_with(p))
}

/// Sentences of `text`: split at `.`/`!`/`?` followed by a blank, and at line breaks.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_start_matches(['>', ' ', '-', '*', '•']))
        .flat_map(|line| {
            let mut parts = Vec::new();
            let mut start = 0;
            for (i, c) in line.char_indices() {
                if matches!(c, '.' | '!' | '?') && line[i + 1..].starts_with(' ') {
                    parts.push(&line[start..=i]);
                    start = i + 1;
                }
            }
            parts.push(&line[start..]);
            parts
        })
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn owner_before(prefix: &str, entities: &[Entity]) -> Option<String> {
    let name = prefix.trim().trim_end_matches(',').trim();
    if name.is_empty() {
        return None;
    }
    entities
        .iter()
        .find(|e| e.kind == EntityType::Person && e.value == name)
        .map(|e| e.value.clone())
}

fn deadline_in(sentence: &str, entities: &[Entity], full: &str) -> Option<String> {
    entities
        .iter()
        .filter(|e| e.kind == EntityType::Date && sentence.contains(&e.value))
        .find(|e| full.get(e.span.0..e.span.1).is_some())
        .map(|e| match &e.normalized {
            Some(Normalized::Text(iso)) => iso.clone(),
            _ => e.value.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::extractors::{Options, extract as entities};

    #[test]
    fn requests_with_deadlines_and_owners() {
        let text = "Hi Tom,\nTom, please send the signed PO by Friday. Thanks!\nPlease let me know if you have any questions.";
        let found = entities(
            text,
            &Options {
                types: vec![],
                reference: crate::calendar::Date::new(2026, 3, 11),
            },
        );
        let items = extract(text, &found, text);
        assert_eq!(items.len(), 1, "{items:?}");
        assert_eq!(items[0].task, "please send the signed PO by Friday.");
        assert_eq!(items[0].owner.as_deref(), Some("Tom"));
        assert_eq!(items[0].deadline.as_deref(), Some("2026-03-13"));
    }
}
