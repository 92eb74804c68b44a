//! Part codes in the columns of a table: under a header that names a part column (`Part
//! number`, `MPN`, `SKU`, `Art.-Nr.`, `Care Pack`: `data/identifiers/part_columns.txt`),
//! or in the same column as a part code found in another row of the table.
//!
//! Under a header, a shop's or ERP's own numeric item numbers and SKUs count too
//! ([`part_item_forms::is_headed_cell`]: `Item #  7291455`, `Material  10338`).
//!
//! A table is a block of lines without a blank line between them, its rows either cells
//! between `|`, tabs or `;` or quoted cells between `,` (a column is a cell's index) or
//! words aligned by runs of blanks (a column is where a word starts). A cell is taken when
//! it holds one code that [`part_forms::is_loose_code`] takes in a column (`DS1522+`,
//! `J9150D`, `960-001311`, `MA-PWR-CORD-UK`), or under a header a code with dotted groups
//! (`NEX-N722.1F2`), unless a word of another code's kind opens its row (`Serial
//! number:`).

use super::part_forms::{self, Context};
use super::part_item_forms;
use super::part_vetoes::cue_on_line;
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{Line, lines};

/// Header cells that name a column of part codes: `data/identifiers/part_columns.txt`.
const PART_COLUMNS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_part_columns.rs"));

/// Most rows of a table looked at: e-mail tables are short, and this bounds the work.
pub(super) const MAX_TABLE_ROWS: usize = 80;

/// How a row lays out its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Cells between this separator (`|`, a tab, `;` or `,`): a column is a cell's index.
    Cells(char),
    /// Words aligned by runs of blanks: a column is where a word starts.
    Aligned,
}

/// Where a column is, in a given layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    /// The cell's index.
    Index(usize),
    /// The character position its words start at.
    At(usize),
}

/// Finds part codes in table columns of `text`; `found` are the spans of part codes found
/// otherwise, whose columns hold more.
#[must_use]
pub fn extract(text: &str, found: &[(usize, usize)]) -> Vec<Entity> {
    let mut starts: Vec<usize> = found.iter().map(|s| s.0).collect();
    starts.sort_unstable();
    let mut out = Vec::new();
    let all: Vec<Line<'_>> = lines(text).collect();
    for block in all.split(|l| l.text.trim().is_empty()) {
        if block.len() > MAX_TABLE_ROWS {
            continue;
        }
        let mut columns: Vec<(Layout, Column)> = Vec::new();
        for (h, header) in block.iter().enumerate() {
            let Some(layout) = layout_of(header.text) else {
                continue;
            };
            for column in part_columns(header.text, layout) {
                for row in &block[h + 1..] {
                    push_cell(text, row, (layout, column), Under::Header, &mut out);
                }
            }
            let first = starts.partition_point(|&s| s < header.start);
            for &start in starts[first..].iter().take_while(|&&s| s < header.end()) {
                if let Some(column) = column_of(header.text, layout, start - header.start)
                    && !columns.contains(&(layout, column))
                {
                    columns.push((layout, column));
                }
            }
        }
        // Cells in the column of a part found in another row (its own row gives it again).
        for &(layout, column) in &columns {
            for row in block.iter().filter(|r| layout_of(r.text) == Some(layout)) {
                push_cell(text, row, (layout, column), Under::FoundPart, &mut out);
            }
        }
    }
    out
}

/// The layout of a row, if it is one: cells between `|`, tabs or `;` (`sku;description`),
/// quoted cells between `,` (`"VPN","Ingram SKU"`), or words aligned by runs of two or more
/// blanks.
pub(super) fn layout_of(line: &str) -> Option<Layout> {
    if line.matches('|').count() >= 2 {
        Some(Layout::Cells('|'))
    } else if line.contains('\t') {
        Some(Layout::Cells('\t'))
    } else if line.matches(';').count() >= 2 {
        Some(Layout::Cells(';'))
    } else if line.matches("\",\"").count() >= 2 {
        Some(Layout::Cells(','))
    } else if line.trim().contains("  ") {
        Some(Layout::Aligned)
    } else {
        None
    }
}

/// The cells of a header row with where they start: `(byte offset, text)`.
fn header_cells(line: &str, layout: Layout) -> Vec<(usize, &str)> {
    let bytes = line.as_bytes();
    let ends_cell = |i: usize| match layout {
        Layout::Cells(sep) => u32::from(bytes[i]) == u32::from(sep),
        Layout::Aligned => bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' '),
    };
    let mut cells = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if ends_cell(i) {
            cells.push((start, &line[start..i]));
            i += 1;
            while layout == Layout::Aligned && bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    cells.push((start, &line[start..]));
    cells
}

/// The columns of a header row that name part columns (no digit in the row).
fn part_columns(line: &str, layout: Layout) -> Vec<Column> {
    columns_named(line, layout, names_part_column)
}

/// The columns of a header row (no digit in it, two cells or more) whose cells `named`
/// takes.
pub(super) fn columns_named(line: &str, layout: Layout, named: fn(&str) -> bool) -> Vec<Column> {
    if line.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let cells = header_cells(line, layout);
    if cells.iter().filter(|(_, c)| !c.trim().is_empty()).count() < 2 {
        return Vec::new();
    }
    cells
        .iter()
        .enumerate()
        .filter(|(_, (_, cell))| named(cell))
        .map(|(n, (at, cell))| match layout {
            Layout::Cells(_) => Column::Index(n),
            Layout::Aligned => {
                let lead = cell.len() - cell.trim_start().len();
                Column::At(line[..at + lead].chars().count())
            }
        })
        .collect()
}

/// True when a header cell names a part column: `MPN`, `Part number`, `New SKU`, `Vendor
/// SKU (ours)` (a remark in brackets after the name is left out).
pub(super) fn names_part_column(cell: &str) -> bool {
    let cell = match cell.trim_end().strip_suffix(')') {
        Some(open) => open.rfind('(').map_or(cell, |at| &cell[..at]),
        None => cell,
    };
    let name = cell
        .trim()
        .trim_matches('"')
        .trim_end_matches(':')
        .to_lowercase();
    PART_COLUMNS.iter().any(|p| {
        name == *p
            || name
                .strip_suffix(p)
                .is_some_and(|rest| rest.ends_with(' ') && !rest.trim().is_empty())
    })
}

/// The column of the word at byte `at` of a row.
fn column_of(line: &str, layout: Layout, at: usize) -> Option<Column> {
    match layout {
        Layout::Cells(sep) => Some(Column::Index(line.get(..at)?.matches(sep).count())),
        Layout::Aligned => Some(Column::At(line.get(..at)?.chars().count())),
    }
}

/// What makes a column one of part codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Under {
    /// A header that names part or item numbers: a shop's own numbers count too.
    Header,
    /// A part code found in another row.
    FoundPart,
}

/// Takes the part code in `column` of `row`, if it holds one.
fn push_cell(
    text: &str,
    row: &Line<'_>,
    (layout, column): (Layout, Column),
    under: Under,
    out: &mut Vec<Entity>,
) {
    let Some((at, word)) = cell_word(row.text, layout, column) else {
        return;
    };
    let start = row.start + at;
    // `NEX-N722.1F2` under a header: one code with its dotted groups.
    let dotted = under == Under::Header && part_item_forms::is_dotted_cell(word);
    let Some(end) =
        part_forms::read_loose(text, start).or_else(|| dotted.then_some(start + word.len()))
    else {
        return;
    };
    let code = &text[start..end];
    // Under a header, a cell of one word: a run of blanks or the end of the line after it
    // (not `M365 Business Premium` under `Item`).
    let after = &row.text[at + word.len()..];
    let ends_cell = |sep: char| after.trim_start_matches('"').starts_with(sep);
    let alone = after.trim().is_empty()
        || after.starts_with("  ")
        || matches!(layout, Layout::Cells(sep) if ends_cell(sep));
    let taken = match under {
        Under::Header => alone && (dotted || part_item_forms::is_headed_cell(code)),
        Under::FoundPart => part_forms::is_loose_code(code, Context::Column),
    };
    // `Serial number:   SG29KM40QX` below `Product number:   JL659A`: another code's label.
    if end - start == word.len() && taken && !cue_on_line(text, start) {
        out.push(
            Entity::rule(EntityType::PartNumber, text, start, end, 0.8)
                .with_normalized(Some(Normalized::Text(code.to_owned()))),
        );
    }
}

/// The one word in `column` of a row, without brackets around it: `(byte offset, word)`.
pub(super) fn cell_word(line: &str, layout: Layout, column: Column) -> Option<(usize, &str)> {
    let (at, cell) = match (layout, column) {
        (Layout::Cells(sep), Column::Index(n)) => {
            let mut at = 0;
            let mut found = None;
            for (i, cell) in line.split(sep).enumerate() {
                if i == n {
                    found = Some((at, cell));
                    break;
                }
                at += cell.len() + sep.len_utf8();
            }
            let (at, cell) = found?;
            let lead = cell.len() - cell.trim_start().len();
            let (lead, cell) = unquoted(lead, cell.trim());
            if cell.contains(char::is_whitespace) {
                return None;
            }
            (at + lead, cell)
        }
        (Layout::Aligned, Column::At(col)) => {
            let mut found = None;
            let mut prev_blank = true;
            for (chars, (i, c)) in line.char_indices().enumerate() {
                if !c.is_whitespace() && prev_blank {
                    let skip = usize::from(c == '(');
                    if chars + skip == col {
                        found = Some(i + skip);
                        break;
                    }
                }
                prev_blank = c.is_whitespace();
            }
            let at = found?;
            let end = line[at..]
                .find(char::is_whitespace)
                .map_or(line.len(), |e| at + e);
            (at, &line[at..end])
        }
        _ => return None,
    };
    let word = cell.trim_end_matches([')', ',', ';']);
    (!word.is_empty()).then_some((at, word))
}

/// A cell without the quotes of a CSV cell around it (`"DS923+"`), and where it starts.
fn unquoted(lead: usize, cell: &str) -> (usize, &str) {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => (lead + 1, inner),
        None => (lead, cell),
    }
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::extractors::test_support::spans_of;

    fn parts(text: &str, found: &[&str]) -> Vec<String> {
        let spans = spans_of(text, found);
        let mut out: Vec<String> = extract(text, &spans).into_iter().map(|e| e.value).collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn cells_under_a_part_header() {
        let text = "Pos  Art.-Nr.   Description          Qty\n\
                    10   JL659A     CX 6300M switch      2\n\
                    40   J9150D     10G SFP+ SR optic    8\n";
        assert_eq!(parts(text, &[]), ["J9150D", "JL659A"]);
        let text = "| Qty | Part number     | Description |\n\
                    |-----|-----------------|-------------|\n\
                    | 8   | KSM32RD8/16HDR  | 16GB DDR4   |\n\
                    | 1   | RS1221+         | 8-bay NAS   |\n";
        assert_eq!(parts(text, &[]), ["KSM32RD8/16HDR", "RS1221+"]);
        let text = "Item        MPN          Qty\nRally Bar   960-001311     6\n";
        assert_eq!(parts(text, &[]), ["960-001311"]);
        let text = "old item    new item    MPN\n100233      100891      SMT1500RMI2UNC\n";
        assert_eq!(parts(text, &[]), ["100233", "100891", "SMT1500RMI2UNC"]);
        let text = "sku                   qty   price\nusw-pro-24-poe        2     € 399,00\n";
        assert_eq!(parts(text, &[]), ["usw-pro-24-poe"]);
        let text = "Référence      Désignation        Prix HT\nNEX-N722.1F2   Jarretière OM4     12,90 €\n\
                    v1.2           Firmware           0,00 €\n";
        assert_eq!(parts(text, &[]), ["NEX-N722.1F2"]);
    }

    #[test]
    fn headers_in_other_languages_and_shops() {
        let text = "Codice articolo     Descrizione            Q.tà\nEXP50               Modulo espansione      5\n";
        assert_eq!(parts(text, &[]), ["EXP50"]);
        let text = "ITEM            MFG PART#       CDW#       QTY\nUPS 1500VA      SMT1500RM2UC    1822945    2\n";
        assert_eq!(parts(text, &[]), ["1822945", "SMT1500RM2UC"]);
        let text = "Typ             Beschreibung    Preis\nEXP50           Modul           89,00\n";
        assert_eq!(parts(text, &[]), Vec::<String>::new());
    }

    #[test]
    fn cells_of_semicolon_and_quoted_comma_tables() {
        let text =
            "sku;description;price\nU6-Pro;UniFi 6 Pro AP;€148,00\nDS923+;DiskStation;€559,00\n";
        assert_eq!(parts(text, &[]), ["DS923+", "U6-Pro"]);
        let text = "\"Order\",\"VPN\",\"Ingram SKU\",\"Description\"\n\
                    \"40-81922-11\",\"SWT-48-PoE-M\",\"5LK0904\",\"Managed 48p PoE\"\n";
        assert_eq!(parts(text, &[]), ["5LK0904", "SWT-48-PoE-M"]);
        // Prose with semicolons and commas is no table.
        let text = "sku, price and stock below; see U6-Pro; and the rest\nDS923+; thanks; bye\n";
        assert_eq!(parts(text, &[]), Vec::<String>::new());
    }

    #[test]
    fn only_cells_of_one_word_under_a_header() {
        let text = "Customer        Item                    Expiry\n\
                    Brightwater     M365 Business Premium   06/12/2026\n";
        assert_eq!(parts(text, &[]), Vec::<String>::new());
    }

    #[test]
    fn cells_in_the_column_of_a_found_part() {
        let text = "MR46-HW        MR46 cloud AP      6   £612.40\n\
                    MS120-24P-HW   MS120 switch       1   £1,025.15\n\
                    MA-PWR-CORD-UK UK power cord      1   £0.00\n";
        assert_eq!(
            parts(text, &["MS120-24P-HW"]),
            ["MA-PWR-CORD-UK", "MR46-HW", "MS120-24P-HW"]
        );
        let text = "CON-SNT-C93004PE   x 6    (C9300-48P-E)\n\
                    CON-SNT-ISR4331S   x 1    (ISR4331/K9)\n";
        assert_eq!(parts(text, &["C9300-48P-E"]), ["C9300-48P-E", "ISR4331/K9"]);
    }

    #[test]
    fn other_columns_and_prose_are_not_taken() {
        let text = "Serial      | Care Pack | Description\n\
                    CZJ8420ABC  | H8QN0PE   | 1Y PW Tech Care\n";
        assert_eq!(parts(text, &[]), ["H8QN0PE"]);
        let text = "Product number:   JL659A\nSerial number:    SG29KM40QX\n";
        assert_eq!(parts(text, &["JL659A"]), ["JL659A"]);
        let text = "We ordered JL659A last week and\nthe rest of DL380 Gen10 is here.";
        assert_eq!(parts(text, &["JL659A"]), Vec::<String>::new());
    }
}
