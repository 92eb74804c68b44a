//! Ids in the column of a table whose header names them: `"Order","Cust PO"` over CSV rows,
//! `N° cde | Pos | ...` over `|` rows, `Order     Customer PO` over rows aligned by blanks.
//!
//! A header cell names an id column when, without a number sign or number word around it
//! (`N°`, `No.`, `#`, `Nr.`, `number`, `Nummer`), it is a label of an id format (PO, quote,
//! case or order: `Order`, `Auftrag`, `Ticket`, `SO` in capitals) or ends with one after
//! another word (`Cust PO`, `Customer order`), the format listed first winning (`Purchase
//! order` is a PO column). A table is a block of lines without a blank line between them;
//! its header has two or more cells and no digit. A cell under such a header is taken when
//! it is one id as the label would take it: enough digits, a PO's starting with one, a
//! quote's written like a quote id, not a date or year (`40-81922-11`, `ET-55120`; not
//! `2026-12-19`, `10`, a part code under `Quote`).

use super::id_formats::{FORMATS, IdFormat};
use super::id_read::{identifier, looks_like_year_or_date, quote_shaped, read_id};
use super::identifiers::{FILLERS, NUMBER_NOUNS, not_an_order};
use crate::entity::{Entity, EntityType};
use crate::text::{Line, lines};

/// Most rows of a table looked at: e-mail tables are short, and this bounds the work.
const MAX_TABLE_ROWS: usize = 80;

/// How a row lays out its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Cells between this separator (`|`, a tab, `;` or `,`; double quotes around a cell
    /// keep a separator inside it): a column is a cell's index.
    Cells(char),
    /// Words aligned by runs of two or more blanks: a column is where a cell starts.
    Aligned,
}

/// One cell of a row: its byte offset in the row, its character column, its text (trimmed,
/// without the double quotes around it).
type Cell<'a> = (usize, usize, &'a str);

/// Finds the ids in table columns of `text` whose header names their format.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let all: Vec<Line<'_>> = lines(text).collect();
    for block in all.split(|l| l.text.trim().is_empty()) {
        if block.len() > MAX_TABLE_ROWS {
            continue;
        }
        for (h, header) in block.iter().enumerate() {
            let Some(layout) = layout_of(header.text) else {
                continue;
            };
            if header.text.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let heads = cells(header.text, layout);
            if heads.iter().filter(|c| !c.2.is_empty()).count() < 2 {
                continue;
            }
            for (n, head) in heads.iter().enumerate() {
                let Some(format) = column_format(head.2) else {
                    continue;
                };
                for row in block[h + 1..]
                    .iter()
                    .filter(|r| layout_of(r.text) == Some(layout))
                {
                    let row_cells = cells(row.text, layout);
                    let cell = match layout {
                        // CSV rows have as many cells as their header.
                        Layout::Cells(',' | ';') if row_cells.len() != heads.len() => None,
                        Layout::Cells(_) => row_cells.get(n),
                        Layout::Aligned => row_cells.iter().find(|c| c.1 == head.1),
                    };
                    if let Some(e) = cell.and_then(|c| cell_id(text, row.start + c.0, c.2, format))
                    {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

/// The layout of a row, if it is one: cells between `|`, tabs, `;` or `,`, or words aligned
/// by runs of two or more blanks.
fn layout_of(line: &str) -> Option<Layout> {
    ['|', '\t', ';', ',']
        .into_iter()
        .find(|sep| line.matches(*sep).count() >= 2 || (*sep == '\t' && line.contains('\t')))
        .map(Layout::Cells)
        .or_else(|| line.trim().contains("  ").then_some(Layout::Aligned))
}

/// The cells of a row in `layout`.
fn cells(line: &str, layout: Layout) -> Vec<Cell<'_>> {
    let mut raw: Vec<(usize, &str)> = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match layout {
            Layout::Cells(sep) => c == sep && !quoted,
            Layout::Aligned => c == ' ' && chars.peek().is_some_and(|(_, n)| *n == ' '),
        };
        if c == '"' {
            quoted = !quoted;
        }
        if ends {
            raw.push((start, &line[start..i]));
            while layout == Layout::Aligned && chars.peek().is_some_and(|(_, n)| *n == ' ') {
                chars.next();
            }
            start = chars.peek().map_or(line.len(), |(j, _)| *j);
        }
    }
    raw.push((start, &line[start..]));
    raw.into_iter()
        .map(|(at, cell)| {
            let lead = cell.len() - cell.trim_start().len();
            let trimmed = cell.trim();
            let (inner, quote) = match trimmed.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                Some(inner) => (inner, 1),
                None => (trimmed, 0),
            };
            let at = at + lead + quote;
            (at, line[..at].chars().count(), inner)
        })
        .collect()
}

/// The id format a header cell names, if any: `Order`, `Cust PO`, `N° cde`, `Ticket #`.
fn column_format(cell: &str) -> Option<&'static IdFormat> {
    let sign = |w: &str| {
        let w = w.trim_end_matches([':', '.', '#']).to_lowercase();
        w.is_empty()
            || ["n°", "nº", "n"].contains(&w.as_str())
            || FILLERS.contains(&w.as_str())
            || NUMBER_NOUNS.contains(&w.as_str())
    };
    let mut words: Vec<&str> = cell.split_whitespace().collect();
    let signed =
        words.first().copied().is_some_and(sign) || words.last().copied().is_some_and(sign);
    while words.first().copied().is_some_and(sign) {
        words.remove(0);
    }
    while words.last().copied().is_some_and(sign) {
        words.pop();
    }
    let last = words.last()?.trim_end_matches([':', '.', '#']);
    let written = words[..words.len() - 1]
        .iter()
        .copied()
        .chain([last])
        .collect::<Vec<_>>()
        .join(" ");
    let name = written.to_lowercase();
    let names = |label: &str| {
        name == label
            || name
                .strip_suffix(label)
                .is_some_and(|rest| rest.ends_with(' '))
    };
    FORMATS
        .iter()
        .filter(|f| f.kind != EntityType::PartNumber)
        .find(|f| {
            f.labels.iter().any(|l| names(l))
                || (signed && f.marked_labels.iter().any(|l| names(l)))
                || f.capital_labels
                    .iter()
                    .any(|l| l.len() > 1 && written.ends_with(&l.to_uppercase()) && names(l))
        })
        .filter(|f| {
            let before = name.split(' ').rev().nth(1).unwrap_or_default();
            f.kind != EntityType::OrderNumber || !not_an_order(before)
        })
}

/// The id of `format` that is the whole cell `cell` at byte `at` of `text`, if it is one.
fn cell_id(text: &str, at: usize, cell: &str, format: &IdFormat) -> Option<Entity> {
    let (start, end) = read_id(text, at)?;
    let id = &text[start..end];
    let digits = id.bytes().filter(u8::is_ascii_digit).count();
    let ok = id.len() == cell.len()
        && digits >= format.min_digits_bare
        && (!format.starts_with_digit || id.as_bytes()[0].is_ascii_digit())
        && (format.kind != EntityType::QuoteNumber || quote_shaped(id))
        && !looks_like_year_or_date(id);
    ok.then(|| identifier(text, format.kind, start, end, 0.85))
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::entity::EntityType;

    /// `(type, id)` of every id found in table columns of `text`.
    fn ids(text: &str) -> Vec<(EntityType, String)> {
        extract(text)
            .into_iter()
            .map(|e| (e.kind, e.value))
            .collect()
    }

    #[test]
    fn ids_under_a_header_that_names_them() {
        use EntityType::{OrderNumber, PoNumber};
        let csv = "\"Order\",\"Cust PO\",\"Line\",\"ETA\"\n\
                   \"40-81922-11\",\"4500188012\",\"1\",\"2026-12-19\"\n";
        assert_eq!(
            ids(csv),
            [
                (OrderNumber, "40-81922-11".to_owned()),
                (PoNumber, "4500188012".to_owned())
            ]
        );
        let piped = "N° cde   | Pos | Réf. fabricant\nET-55120 | 1   | JL668A\n";
        assert_eq!(ids(piped), [(OrderNumber, "ET-55120".to_owned())]);
        let aligned = "Customer PO     Qty   Date\n4500012345      12    2026-03-14\n";
        assert_eq!(ids(aligned), [(PoNumber, "4500012345".to_owned())]);
        let quotes = "Quote no.\tCustomer\nQ-2026-0142\tAcme\n";
        assert_eq!(
            ids(quotes),
            [(EntityType::QuoteNumber, "Q-2026-0142".to_owned())]
        );
    }

    #[test]
    fn other_columns_and_look_alikes_are_not_ids() {
        for text in [
            // Not an id column: dates, positions, quantities, prices.
            "Order date | Qty | Price\n2026-03-14 | 12345 | 1,200.00\n",
            // Under an order header: a year, a short number, a work order.
            "Order | Step\n2026 | 12\n",
            "Work order | Site\n778812 | Leeds\n",
            // A PO starts with a digit; a header with digits is a row.
            "PO | Qty\nPO-778812 | 2\n",
            "Order 1 | Order 2\n778812 | 778813\n",
            // A part code under a quote header.
            "Quote | Qty\nCON-SNT-C93004UE | 2\n",
        ] {
            assert!(ids(text).is_empty(), "{text:?}: {:?}", ids(text));
        }
    }
}
