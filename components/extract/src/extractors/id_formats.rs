//! The table of identifier formats ([`FORMATS`]): for each business identifier (PO, quote,
//! case, order, part number), the labels and prefixes that introduce it and what its id
//! looks like. [`super::identifiers`] reads text by this table.

use crate::entity::EntityType;

/// One identifier format: how it is introduced and what its id looks like.
#[derive(Debug)]
pub struct IdFormat {
    /// Entity type produced.
    pub kind: EntityType,
    /// Labels that introduce the id (case-insensitive, whole words).
    pub labels: &'static [&'static str],
    /// Labels that introduce the id only when written in capitals (`SO`; listed in lower
    /// case), not when a `-` joins them to it (`SO-44821` is a prefixed id); one of a single
    /// letter only with a mark after it (`Q#77120`).
    pub capital_labels: &'static [&'static str],
    /// Labels too common as words to introduce an id alone: only with a mark (`#`, `:`) or
    /// a filler word (`no.`, `number`) between them and the id (`offer no. 9132`, not
    /// "we can offer 2027 pricing").
    pub marked_labels: &'static [&'static str],
    /// Prefixes that are part of the id (case-sensitive), followed by at least `min_digits`
    /// digits.
    pub prefixes: &'static [&'static str],
    /// Fewest digits the id must contain.
    pub min_digits: usize,
    /// Fewest digits when nothing but blanks separates a label from the id (`order 778812`),
    /// so that quantities (`order 500 units`) are not taken for ids.
    pub min_digits_bare: usize,
    /// True when the id must start with a digit (after a label).
    pub starts_with_digit: bool,
    /// Examples, for the reader and the tests: `(text, id)`.
    pub examples: &'static [(&'static str, &'static str)],
}

/// Every identifier format, in priority order (earlier formats win over later ones). Labels
/// and prefixes are data: `data/identifiers/<format>_labels.txt` and `<format>_prefixes.txt`.
pub const FORMATS: &[IdFormat] = &[
    IdFormat {
        kind: EntityType::PoNumber,
        capital_labels: &[],
        marked_labels: &[],
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_po_labels.rs")),
        prefixes: &[],
        min_digits: 4,
        min_digits_bare: 4,
        starts_with_digit: true,
        examples: &[
            ("PO#12345", "12345"),
            ("P.O. 88321", "88321"),
            ("Purchase Order 4500012345", "4500012345"),
            ("PO-778812", "778812"),
            ("our PO is 55120", "55120"),
        ],
    },
    IdFormat {
        kind: EntityType::QuoteNumber,
        capital_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_quote_capital_labels.rs"
        )),
        marked_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_quote_marked_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_quote_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_quote_prefixes.rs")),
        min_digits: 3,
        min_digits_bare: 4,
        starts_with_digit: false,
        examples: &[
            ("Quote #55123", "55123"),
            ("quote number 771200", "771200"),
            ("see Q-2026-0142", "Q-2026-0142"),
            ("WQ184422", "WQ184422"),
            ("FTQ-88213", "FTQ-88213"),
            ("(Q#77120, QUO-26-3391)", "77120"),
            ("and 2026-Q-0442 from", "2026-Q-0442"),
            ("offerta n. 2611/OF/093", "2611/OF/093"),
            ("offre n° DV-2026-11873", "DV-2026-11873"),
        ],
    },
    IdFormat {
        kind: EntityType::CaseNumber,
        capital_labels: &[],
        marked_labels: &[],
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_case_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_case_prefixes.rs")),
        min_digits: 4,
        min_digits_bare: 4,
        starts_with_digit: false,
        examples: &[
            ("CAS-01234-X1Y2Z3", "CAS-01234-X1Y2Z3"),
            ("INC0012345", "INC0012345"),
            ("Case 00123456", "00123456"),
            ("Ticket #4411", "4411"),
            ("SR#77120", "77120"),
            ("returned under RMA-2026-00871", "RMA-2026-00871"),
        ],
    },
    IdFormat {
        kind: EntityType::OrderNumber,
        marked_labels: &[],
        capital_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_order_capital_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_order_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_order_prefixes.rs")),
        min_digits: 3,
        min_digits_bare: 5,
        starts_with_digit: false,
        examples: &[
            ("Order #SO-44821", "SO-44821"),
            ("order 778812", "778812"),
            ("sales order 1100456", "1100456"),
            ("SO 7712009834", "7712009834"),
            ("SO#7712009834", "7712009834"),
            ("SO: 7712009834", "7712009834"),
            ("Sales Order No. 7712009834", "7712009834"),
        ],
    },
    IdFormat {
        kind: EntityType::PartNumber,
        capital_labels: &[],
        marked_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_part_marked_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_part_labels.rs")),
        prefixes: &[],
        min_digits: 1,
        min_digits_bare: 1,
        starts_with_digit: false,
        examples: &[
            ("SKU: ABC-1234", "ABC-1234"),
            ("P/N 8812-334", "8812-334"),
            ("SKU 4B7Z6AA#ABB", "4B7Z6AA#ABB"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::FORMATS;
    use crate::extractors::identifiers::extract;

    #[test]
    fn every_documented_example_is_found() {
        for format in FORMATS {
            for (text, id) in format.examples {
                let found = extract(text);
                assert!(
                    found
                        .iter()
                        .any(|e| e.kind == format.kind && e.value == *id),
                    "{text:?} should give {:?} {id:?}, got {found:?}",
                    format.kind
                );
            }
        }
    }
}
