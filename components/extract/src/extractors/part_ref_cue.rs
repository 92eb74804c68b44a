//! Part codes after a reference cue of French mail (`réf. SRT3000XLI`, `réf. 2963C001`:
//! `data/identifiers/part_ref_cues.txt`), maybe after a colon: a code of letters and
//! digits that a part column takes. The cue also introduces customers' and orders' numbers
//! (`votre réf. : 88764`, `réf. SO-778812`), so numbers alone and document numbers are left.

use super::part_forms::{self, Context};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{char_at, find_words_ci, skip_blanks};

/// Words that introduce an item's reference: `data/identifiers/part_ref_cues.txt`.
const REF_CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_part_ref_cues.rs"));

/// Finds the part codes after a reference cue in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for cue in REF_CUES {
        for at in find_words_ci(text, cue) {
            let mut i = skip_blanks(text, at + cue.len());
            if char_at(text, i) == Some(':') {
                i = skip_blanks(text, i + 1);
            }
            if i == at + cue.len() {
                continue;
            }
            let Some(end) = part_forms::read_loose(text, i) else {
                continue;
            };
            let code = &text[i..end];
            if code.bytes().any(|b| b.is_ascii_alphabetic())
                && part_forms::is_loose_code(code, Context::Column)
            {
                out.push(
                    Entity::rule(EntityType::PartNumber, text, i, end, 0.85)
                        .with_normalized(Some(Normalized::Text(code.to_owned()))),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn parts(text: &str) -> Vec<String> {
        extract(text).into_iter().map(|e| e.value).collect()
    }

    #[test]
    fn codes_after_a_reference_cue() {
        assert_eq!(
            parts("- réf. SRT3000XLI (onduleur) – 1 pièce\nréf. 2963C001 PFI-1700 MBK"),
            ["SRT3000XLI", "2963C001"]
        );
    }

    #[test]
    fn numbers_and_document_numbers_are_left() {
        assert!(parts("Votre réf. : 88764 du 3 décembre; réf. SO-778812").is_empty());
        assert!(parts("préf. SRT3000XLI").is_empty());
    }
}
