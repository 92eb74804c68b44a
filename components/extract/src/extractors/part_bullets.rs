//! Part codes that open the lines of a bulleted list (`- `, `* `, `• `) in which another
//! line opens with a part code found otherwise: the list is a column of codes, so a looser
//! code there is one too (`- 960-001379 Logitech Rally Bar` below `- LH65QMCEBGCXEN
//! Samsung …`; `- 3CF4AEA Chrome Education Upgrade` below `- 82YF0012UK Lenovo …`). A word
//! that is no code opens a line of the list without ending it (`- wandbeugel …`); a line
//! without a bullet or a blank line ends it.

use super::part_forms::{self, Context};
use super::part_vetoes::other_code_cue;
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::lines;

/// Bullets that open a line of a list.
const BULLETS: [&str; 3] = ["- ", "* ", "• "];

/// Finds the codes opening bulleted lines of a list where a line opens with a part code at
/// one of `found` (spans of part codes found otherwise).
#[must_use]
pub fn extract(text: &str, found: &[(usize, usize)]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut list: Vec<(usize, Option<usize>)> = Vec::new();
    for line in lines(text) {
        match first_word(text, line.start, line.text) {
            Some(item) => list.push(item),
            None => {
                take_list(text, &list, found, &mut out);
                list.clear();
            }
        }
    }
    take_list(text, &list, found, &mut out);
    out
}

/// Where the first word of a bulleted line starts, and the end of the loose code there if
/// it is one; `None` when the line has no bullet.
fn first_word(text: &str, start: usize, line: &str) -> Option<(usize, Option<usize>)> {
    let trimmed = line.trim_start();
    let bullet = BULLETS.iter().find(|b| trimmed.starts_with(**b))?;
    let rest = &trimmed[bullet.len()..];
    let at = start + (line.len() - rest.trim_start().len());
    let end = part_forms::read_loose(text, at)
        .filter(|&end| text[end..].starts_with(' ') && !other_code_cue(text, at));
    Some((at, end))
}

/// Takes the opening codes of a list that holds a found part at the start of a line.
fn take_list(
    text: &str,
    list: &[(usize, Option<usize>)],
    found: &[(usize, usize)],
    out: &mut Vec<Entity>,
) {
    let seeded = list
        .iter()
        .any(|(at, end)| end.is_some() && found.iter().any(|f| f.0 == *at));
    if list.len() < 2 || !seeded {
        return;
    }
    for &(at, end) in list {
        if let Some(end) = end
            && part_forms::is_loose_code(&text[at..end], Context::Column)
        {
            out.push(
                Entity::rule(EntityType::PartNumber, text, at, end, 0.8)
                    .with_normalized(Some(Normalized::Text(text[at..end].to_owned()))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::extractors::test_support::spans_of;

    fn parts(text: &str, found: &[&str]) -> Vec<String> {
        let spans = spans_of(text, found);
        extract(text, &spans).into_iter().map(|e| e.value).collect()
    }

    #[test]
    fn codes_opening_lines_of_a_list_with_a_part() {
        let text = "Pricing:\n- 82YF0012UK Lenovo 300e – £289.00\n- 3CF4AEA Chrome Upgrade – £28.50\n\
                    - wall mount – 3 st\n- 960-001379 Logitech Rally Bar – 3 st\n";
        assert_eq!(
            parts(text, &["82YF0012UK"]),
            ["82YF0012UK", "3CF4AEA", "960-001379"]
        );
    }

    #[test]
    fn lists_without_a_part_and_other_codes_are_refused() {
        let text = "- 3CF4AEA Chrome Upgrade\n- 960-001379 Rally Bar\n";
        assert!(parts(text, &[]).is_empty());
        let text = "- 82YF0012UK Lenovo\n\n- 3CF4AEA Chrome Upgrade\n- FY26 budget\n";
        assert_eq!(parts(text, &["82YF0012UK"]), Vec::<String>::new());
    }
}
