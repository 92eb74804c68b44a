//! Order lines: where a code that only looks like a part code stands when it is one — next
//! to a quantity (`2 x`, `Qty 3`, `4 pcs`, `six`, `the 4`), after `model`, first on a list
//! line that ends with a quantity (`- MX-7010EU   main unit   x 4`), or, when long
//! enough, on a line that starts with a quantity or in a table row with a quantity cell
//! ([`in_order_line`]).

use super::part_prose;
use crate::text::{
    ascii_alnum_end, prefix_within, skip_blanks, starts_with_ci, suffix_within, word_end,
    word_start,
};

/// Words after which a code is a model's part code: `data/identifiers/model_labels.txt`.
const MODEL_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_model_labels.rs"));

/// Words that make the number after them a quantity: `data/identifiers/quantity_labels.txt`.
const QUANTITY_LABELS: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/identifiers_quantity_labels.rs"));

/// Words that number an order's lines (`Line 2:`, `Pos. 10`):
/// `data/identifiers/line_labels.txt`.
const LINE_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_line_labels.rs"));

/// Words after a number that make it a quantity (`4 pcs`): `data/identifiers/units.txt`.
const UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_units.rs"));

/// Numbers written as words, a quantity right before a code (`six 4X41C12468`):
/// `data/identifiers/number_words.txt`.
const NUMBER_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_number_words.rs"));

/// Most digits of a count right before a code after a prose lead (`the 4 GLC-TE`).
const MAX_COUNT_DIGITS: usize = 3;

/// Fewest characters of a code taken for being on an order line, nothing next to it.
const MIN_ORDER_LINE_CODE: usize = 8;

/// True when the code at `text[start..end]` stands where order lines put part codes: next
/// to a quantity or after `model`, or, when long enough, on a line that starts with a
/// quantity or in a table row with one.
pub(super) fn in_order_line(text: &str, start: usize, end: usize) -> bool {
    quantity_before(text, start)
        || quantity_after(text, end)
        || model_before(text, start)
        || (first_on_list_line(text, start) && line_ends_with_quantity(text, end))
        || (end - start >= MIN_ORDER_LINE_CODE
            && (on_order_line(text, start) || in_table_row_with_quantity(text, start)))
}

/// The text of the line before `at`, at most `max` bytes of it.
pub(super) fn line_before(text: &str, at: usize, max: usize) -> &str {
    let before = suffix_within(&text[..at], max);
    before.rsplit('\n').next().unwrap_or(before)
}

/// `2 x `, `2x `, `2× `, `Qty 3 `, `Qty: 3 `, `4 pcs `, `4 Stk. `, `six ` right before `at`.
pub(super) fn quantity_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 32).trim_end();
    let word = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i);
    if word.is_some_and(|i| word_start(before, i) && is_number_word(&before[i..])) {
        return true;
    }
    let before = before.strip_suffix('.').unwrap_or(before);
    if let Some(rest) = before
        .strip_suffix(['x', 'X', '×'])
        .filter(|r| !r.ends_with(|c: char| c.is_alphabetic()))
    {
        return ends_with_number(rest.trim_end());
    }
    let last_word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    let last = &before[last_word_start..];
    if UNITS.iter().any(|u| last.eq_ignore_ascii_case(u)) {
        return ends_with_number(before[..last_word_start].trim_end());
    }
    if last.bytes().all(|b| b.is_ascii_digit()) && !last.is_empty() {
        let label = before[..last_word_start].trim_end();
        // `the 4 GLC-TE`, `and 2 SFP-10G-LR`: a count after a prose lead.
        if last.len() <= MAX_COUNT_DIGITS && part_prose::ends_with_lead(label) {
            return true;
        }
        let label = label.strip_suffix(':').unwrap_or(label).trim_end();
        return QUANTITY_LABELS.iter().any(|q| {
            label.len() >= q.len()
                && label.is_char_boundary(label.len() - q.len())
                && label[label.len() - q.len()..].eq_ignore_ascii_case(q)
                && word_start(label, label.len() - q.len())
        });
    }
    false
}

/// True when the line of `at` starts with a quantity, after quote markers and a list marker
/// (`- `, `1. `, `Line 2: `, `Pos. 10 – `): `2 x …`, `Qty 3 …`, `4 pcs …`.
fn on_order_line(text: &str, at: usize) -> bool {
    let line = line_before(text, at, 160);
    if line.len() == 160 {
        return false;
    }
    let mut rest = line.trim_start_matches(['>', ' ', '\t']);
    rest = rest
        .trim_start_matches(['-', '*', '•', '·', '–', '—'])
        .trim_start();
    if let Some(label) = LINE_LABELS
        .iter()
        .find(|l| starts_with_ci(rest, 0, l) && word_end(rest, l.len()))
    {
        rest = rest[label.len()..].trim_start_matches('.').trim_start();
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after_number = &rest[digits..];
    let list_number = after_number.starts_with(['.', ')', ':'])
        || after_number.trim_start().starts_with(['–', '-', '—']);
    if digits > 0 && list_number {
        rest = after_number
            .trim_start_matches(['.', ')', ':', ' ', '\t'])
            .trim_start_matches(['–', '-', '—'])
            .trim_start();
    }
    let number = rest.bytes().take_while(u8::is_ascii_digit).count();
    if number == 0 {
        return QUANTITY_LABELS.iter().any(|q| {
            starts_with_ci(rest, 0, q)
                && word_end(rest, q.len())
                && rest[q.len()..]
                    .trim_start_matches([' ', '\t', ':', '.'])
                    .starts_with(|c: char| c.is_ascii_digit())
        });
    }
    let after = rest[number..].trim_start();
    let sign = after.strip_prefix(['x', 'X', '×']);
    if let Some(after_sign) = sign {
        return after_sign.starts_with([' ', '\t']);
    }
    let word = &after[..ascii_alnum_end(after, 0)];
    UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// True when the line of `at` is a table row (cells between `|` or tabs) with a cell that
/// holds a quantity alone (`| 2 | SRT3000XLI | 1 200,00 € |`), or a row of cells aligned by
/// runs of blanks that starts with one, maybe quoted (`> 12  05095BK11045   wax ribbon`).
fn in_table_row_with_quantity(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 160);
    let rest = prefix_within(&text[at..], 160);
    let after = rest.split('\n').next().unwrap_or(rest);
    let quantity = |c: &str| {
        let c = c.trim();
        (1..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
    };
    let cells: Vec<&str> = before
        .split(['|', '\t'])
        .chain(after.split(['|', '\t']))
        .collect();
    if cells.len() >= 4 {
        return cells.iter().any(|c| quantity(c));
    }
    let row = before.trim_start_matches(['>', ' ']);
    let aligned = |s: &str| s.split("  ").filter(|c| !c.trim().is_empty()).count();
    row.split_once("  ")
        .is_some_and(|(first, gap)| quantity(first) && gap.trim().is_empty())
        && after.contains("  ")
        && aligned(after) >= 2
}

/// True when the code at `at` is the first word of a list line (`- `, `* `, `• ` before it).
fn first_on_list_line(text: &str, at: usize) -> bool {
    let line = line_before(text, at, 16).trim_start_matches(['>', ' ', '\t']);
    let marker = line.trim_end();
    matches!(marker, "-" | "*" | "•" | "–") && line.len() > marker.len()
}

/// True when the line after `end` ends with a quantity after a run of blanks: `x 4`, `4x`,
/// `4 pcs` (`- MX-3071EU    main unit    x 4`).
fn line_ends_with_quantity(text: &str, end: usize) -> bool {
    let rest = prefix_within(&text[end..], 160);
    let line = rest.split('\n').next().unwrap_or(rest).trim_end();
    let Some((_, tail)) = line.rsplit_once("  ") else {
        return false;
    };
    let tail = tail.trim();
    let number = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    tail.strip_prefix(['x', 'X', '×'])
        .is_some_and(|n| number(n.trim_start()))
        || tail.strip_suffix(['x', 'X', '×']).is_some_and(number)
        || tail.split_once(' ').is_some_and(|(n, unit)| {
            number(n) && UNITS.iter().any(|u| unit.eq_ignore_ascii_case(u))
        })
}

/// True when `word` is a number written as a word (`six`, `Zwei`).
pub(super) fn is_number_word(word: &str) -> bool {
    NUMBER_WORDS.iter().any(|n| word.to_lowercase() == *n)
}

/// True when `s` ends with a whole number (`12`, not `v12` or `1.5`).
fn ends_with_number(s: &str) -> bool {
    let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
    digits > 0 && word_start(s, s.len() - digits) && !s[..s.len() - digits].ends_with(['.', ','])
}

/// ` x 4`, `x4`, `× 4`, ` (qty 4)`, `, 4 pcs`, ` – 4 units` right after `end`.
pub(super) fn quantity_after(text: &str, end: usize) -> bool {
    let mut rest = &text[skip_blanks(text, end)..];
    if let Some(r) = ["(", ",", "–", "—", "-", ":"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
    {
        rest = r.trim_start_matches([' ', '\t']);
    }
    let number_follows = |s: &str| {
        let s = s.trim_start_matches([' ', '\t', ':']);
        s.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some(after) = rest.strip_prefix(['x', 'X', '×']) {
        return number_follows(after);
    }
    if let Some(q) = QUANTITY_LABELS.iter().find(|q| starts_with_ci(rest, 0, q)) {
        return word_end(rest, q.len()) && number_follows(&rest[q.len()..]);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let k = skip_blanks(rest, digits);
    let word = &rest[k..ascii_alnum_end(rest, k)];
    digits > 0 && UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// `model`, `Model:`, `model no.` right before `at`.
pub(super) fn model_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 24);
    let trimmed = before.trim_end_matches([' ', '\t', ':', '#', '.']);
    let trimmed = ["number", "no", "nr"]
        .iter()
        .find_map(|f| {
            let cut = trimmed.len().checked_sub(f.len())?;
            (trimmed.is_char_boundary(cut) && trimmed[cut..].eq_ignore_ascii_case(f))
                .then(|| trimmed[..cut].trim_end_matches([' ', '.']))
        })
        .unwrap_or(trimmed);
    MODEL_LABELS.iter().any(|m| {
        trimmed.len() >= m.len()
            && trimmed.is_char_boundary(trimmed.len() - m.len())
            && trimmed[trimmed.len() - m.len()..].eq_ignore_ascii_case(m)
            && word_start(trimmed, trimmed.len() - m.len())
    })
}

#[cfg(test)]
mod tests {
    use crate::extractors::part_code::parts;

    #[test]
    fn codes_in_an_order_line() {
        let text = "- 2 x SRT3000XLI\n- 4x SFP-10G-SR-S\n- Qty 3 P52534-B21\n\
                    - Qty: 2 BR1500MS2\n- SMT1500RMI2U x 2\n- ST12000NT001 (qty 4)\n\
                    - TN-2420X, 6 pcs\nModel: SRT10KXLI";
        assert_eq!(
            parts(text),
            [
                "SRT3000XLI",
                "SFP-10G-SR-S",
                "P52534-B21",
                "BR1500MS2",
                "SMT1500RMI2U",
                "ST12000NT001",
                "TN-2420X",
                "SRT10KXLI"
            ]
        );
        assert_eq!(
            parts(
                "- 2 x APC Smart-UPS SRT 3000VA (SRT3000XLI), EUR 1 200,00\n\
                 Pos. 20 – 6 Stk. Seagate IronWolf Pro 12TB, ST12000NT001\n\
                 Line 3: 4 x HPE server memory, P52534-B21"
            ),
            ["SRT3000XLI", "ST12000NT001", "P52534-B21"]
        );
        assert_eq!(
            parts("- QZ-TR41    inner tray    x 2\n- QZ-4410KE   main unit   3 pcs\n"),
            ["QZ-TR41", "QZ-4410KE"]
        );
        assert!(
            parts("- QZ-TR41 is the tray we use  x 2 later\nsee QZ-TR41 in the list").is_empty()
        );
        assert_eq!(
            parts("| Pos | Artikel | Menge |\n| 1 | SRT3000XLI | 2 |\n| 2 | R12B3 | 1 |"),
            ["SRT3000XLI"]
        );
        assert_eq!(
            parts("> 12  05095BK11045   wax ribbon\n> 2   P1105147-001   printhead\n"),
            ["05095BK11045", "P1105147-001"]
        );
        // A number and one blank, or a number in a sentence, is no quantity cell.
        assert!(parts("> 12 05095BK11045 wax ribbon\nRoom 12  is 05095BK11045").is_empty());
        // Short codes on an order line are often models or places, not parts.
        assert!(
            parts("- 4 x Cisco Meraki MR46 for rack R12B3\n- 12 x 27\" monitors (P2725H)")
                .is_empty()
        );
        // A word like `invoice` or `error` away from the code does not make it another code.
        assert_eq!(
            parts("Please invoice us for 2 x SRT3000XLI; the error was 2 x C9300-48P-E"),
            ["SRT3000XLI", "C9300-48P-E"]
        );
        // The same codes with no quantity or `model` next to them are not taken.
        assert!(parts("We discussed SRT3000XLI and SFP-10G-SR-S yesterday.").is_empty());
    }
}
