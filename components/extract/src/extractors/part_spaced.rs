//! Part codes their maker prints with blanks or dots (Rittal `DK 7888.100`, Siemens
//! `6ES7 214-1AG40-0XB0`): one code as written, found by the vendor shapes of
//! `data/identifiers/spaced_part_shapes.txt` wherever a word starts, unless a word before
//! it makes it another kind of code ([`super::part_vetoes::other_code_cue`]).

use super::part_vetoes::other_code_cue;
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{word_end, word_starts};

/// Vendor shapes printed with blanks or dots: `data/identifiers/spaced_part_shapes.txt`.
const SPACED_SHAPES: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/identifiers_spaced_part_shapes.rs"
));

/// Finds part codes of a vendor shape with blanks or dots in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for at in word_starts(text) {
        let Some(end) = SPACED_SHAPES
            .iter()
            .find_map(|shape| shape_end(text, at, shape))
        else {
            continue;
        };
        if !other_code_cue(text, at) {
            out.push(
                Entity::rule(EntityType::PartNumber, text, at, end, 0.9)
                    .with_normalized(Some(Normalized::Text(text[at..end].to_owned()))),
            );
        }
    }
    out
}

/// The end of the code at `at` when it fits `shape` and a word ends after it.
fn shape_end(text: &str, at: usize, shape: &str) -> Option<usize> {
    let code = text.as_bytes().get(at..at + shape.len())?;
    let fits = code.iter().zip(shape.bytes()).all(|(&c, s)| match s {
        b'9' => c.is_ascii_digit(),
        b'a' => c.is_ascii_uppercase(),
        b'x' => c.is_ascii_uppercase() || c.is_ascii_digit(),
        _ => c == s,
    });
    let end = at + shape.len();
    if !fits || !word_end(text, end) {
        return None;
    }
    // Every byte of a fitting code is ASCII, so `end` is a char boundary.
    let glued = text[end..].starts_with(['.', '-']) && !word_end(text, end + 1);
    (!glued).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn parts(text: &str) -> Vec<String> {
        extract(text).into_iter().map(|e| e.value).collect()
    }

    #[test]
    fn vendor_codes_printed_with_blanks_or_dots() {
        assert_eq!(
            parts("2x Rittal QW 4471.250 and 1x 3ZX9 417-2KL31-4QA7 (spare)"),
            ["QW 4471.250", "3ZX9 417-2KL31-4QA7"]
        );
    }

    #[test]
    fn look_alikes_are_not_codes() {
        for text in [
            "EUR 1234.500, CH 2611, version 12.4.100",
            "QW 4471.2505 and QW 4471.250.1",
            "IBAN DE89 3704 0044 0532 0130 00",
            "serial no. QW 4471.250",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }
}
