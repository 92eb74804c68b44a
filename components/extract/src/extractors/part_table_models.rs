//! Cells under a model column (`Typ`, `Model`: `data/identifiers/model_columns.txt`) of a
//! table whose part column holds a numeric item number in the same row: a model next to
//! its own order code, not a part (`1240900000 | IE-SW-VL05M-5TX` under `Artikel-Nr. |
//! Typ`). Whatever else takes such a cell for a part code is dropped. Beside a part column
//! of codes the model's code is a part of its own (`FG-60F` beside its renewal SKU
//! `FC-10-0060F-950-02-12`).

use super::part_item_forms::is_item_number;
use super::part_table::{MAX_TABLE_ROWS, cell_word, columns_named, layout_of, names_part_column};
use crate::text::{Line, lines};

/// Header cells that name a column of models: `data/identifiers/model_columns.txt`.
const MODEL_COLUMNS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_model_columns.rs"));

/// Where the cells under a model column of a table with a part column start.
#[must_use]
pub fn model_cells(text: &str) -> Vec<usize> {
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
            let parts = columns_named(header.text, layout, names_part_column);
            for column in columns_named(header.text, layout, names_model_column) {
                for row in &block[h + 1..] {
                    let numbered = parts.iter().any(|&p| {
                        cell_word(row.text, layout, p).is_some_and(|(_, w)| is_item_number(w))
                    });
                    if numbered
                        && layout_of(row.text) == Some(layout)
                        && let Some((at, _)) = cell_word(row.text, layout, column)
                    {
                        out.push(row.start + at);
                    }
                }
            }
        }
    }
    out
}

/// True when a header cell names a column of models (`Typ`, `Model:`).
fn names_model_column(cell: &str) -> bool {
    let name = cell
        .trim()
        .trim_matches('"')
        .trim_end_matches(':')
        .to_lowercase();
    MODEL_COLUMNS.contains(&name.as_str())
}

#[cfg(test)]
mod tests {
    use super::model_cells;

    #[test]
    fn models_beside_a_part_column() {
        let text = "Artikel-Nr.   | Typ              | Beschreibung\n\
                    1240900000    | IE-SW-VL05M-5TX  | Unmanaged Switch\n";
        let at = text.find("IE-SW").expect("in text");
        assert_eq!(model_cells(text), [at]);
    }

    #[test]
    fn a_model_column_alone_or_beside_codes_is_kept() {
        let text = "Model            | Qty | Price\nIE-SW-VL05M-5TX  | 2   | 89,00\n";
        assert!(model_cells(text).is_empty());
        let text =
            "Model     | Renewal SKU            | Term\nFG-60F    | FC-10-0060F-950-02-12  | 1Y\n";
        assert!(model_cells(text).is_empty());
    }
}
