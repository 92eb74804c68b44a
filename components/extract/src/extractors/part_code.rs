//! Part numbers written without a cue word: vendor part codes known by their shape, or by
//! their shape and the order line around them.
//!
//! A code is ASCII capitals and digits, with both, in segments joined by single `-` or `/`
//! (`KSM32RD8/16HDR`), maybe followed by an HP option suffix (`6T1B4EA#ABU`), a Microsoft
//! SKU id (`CFQ7TTC0LCHC:0002`) or a Synology `+` (`DS1522+`). It is a part number
//! - anywhere, when its shape is one only part codes have: an option suffix or SKU id, a
//!   Cisco spare's `=` after a code that looks like one (`C9407-FAN=`), a
//!   shape of `data/identifiers/part_shapes.txt` (`20XW0045GE`, `210-AYCJ`, `JL659A`,
//!   `U8PG1E`, `P52534-B21`, `FG-100F`), three or more segments, the first starting with a
//!   letter, in which letters and digits alternate at least twice (`C9300-48P-E`,
//!   `WS-C2960X-48FPD-L`), or twelve or more letters and digits that alternate four times
//!   ([`super::part_forms::is_long_code`]: `LS34C650TAUXEN`) — even right after a vendor
//!   name (`Aruba JL659A`), where [`super::product`] then ends the model;
//! - otherwise, when it looks like one (letters and digits alternate twice within a segment,
//!   `SRT3000XLI`, or once in a dashed code, `SFP-10G-SR-S`), is not a product's model (not
//!   inside a product mention, `Dell P2725H`, nor the model of one elsewhere in the text,
//!   nor followed by a kind of device, `P2725H monitors`), and is on an order line:
//!   - a quantity right before or after it (`2 x`, `2x`, `Qty 3`, `4 pcs`, `x 4`), or
//!     `model` before it;
//!   - or, eight or more characters long, on a line that starts with a quantity after a
//!     list marker (`- 2 x APC Smart-UPS SRT 3000VA (SRT3000XLI)`) or in a table row with a
//!     quantity cell (shorter codes there are often models or places: `P2725H`, `R12B3`);
//!   - or named in running prose ([`super::part_prose::named_in_prose`]: `the
//!     SRT3000RMXLI`, `a spare RS2423RP+`, `X710-DA2 or E810-XXVDA2`; not with its own
//!     order code in brackets a few words on, `the WD22TB4 as a test (210-BDTD)`,
//!     [`super::part_vetoes::own_code_follows`]), or after a short
//!     description ([`super::part_phrase::named_after_phrase`]: `the access point
//!     CBW240AC-E`, `Schneider Electric contactor LC1D09BD`);
//! - or, long, right after a vendor's name after a prose lead, even as the model of the
//!   product mention it makes ([`super::part_vendor::named_after_vendor`]: `an APC
//!   BX1600MI`, `the Intel E810-XXVDA2 cards`; not `the Dell WD22TB4 (210-BDTD)`).
//!
//! Looser codes in tables, lists and brackets are [`super::part_table`]'s and
//! [`super::part_context`]'s.
//!
//! Never after a word that makes it another kind of code (`serial`, `VAT`, `error`), nor in
//! a run of serials of one batch ([`super::part_vetoes::in_serial_run`]), nor, short,
//! before a capacity (`DC600M 960GB`, [`super::part_vetoes::measure_follows`]), nor
//! when it starts with a measure (`3000VA`, `10GBASE-SR`) or holds a period, version or
//! standard (`FY26`, `Q3-2026`, `DDR5-4800`). Codes of other types (`CAS-01234-X1Y2Z3`)
//! overlap these and win in [`super::resolve`].
//!
//! A code's shape is read in [`super::part_shape`], its order line in
//! [`super::part_order_line`], and what makes it a model or another kind of code in
//! [`super::part_vetoes`].

use super::part_order_line::in_order_line;
use super::part_phrase::named_after_phrase;
use super::part_prose::named_in_prose;
use super::part_shape::{Strength, read_code, strength};
use super::part_vendor::named_after_vendor;
use super::part_vetoes::{
    Models, in_serial_run, measure_follows, other_code_cue, own_code_follows,
};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{ascii_alnum_end, word_start};

/// Finds part codes without a cue word in `text`; `products` are the product mentions found
/// in it, whose models are not part codes unless their shape says so.
#[must_use]
pub fn extract(text: &str, products: &[Entity]) -> Vec<Entity> {
    let models = Models::of(products);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() || !word_start(text, i) {
            i += 1;
            continue;
        }
        let Some((end, base_end)) = read_code(text, i) else {
            i = ascii_alnum_end(text, i).max(i + 1);
            continue;
        };
        let code = &text[i..end];
        let taken = match strength(code, base_end - i) {
            Some(Strength::Certain) => !measure_follows(text, i, end),
            Some(Strength::InOrderLine) => {
                (!models.named(text, i, end)
                    && (in_order_line(text, i, end)
                        || (named_in_prose(text, i, end) && !own_code_follows(text, end))))
                    || named_after_vendor(text, i, end)
                    || (!models.named(text, i, end) && named_after_phrase(text, i, end))
            }
            None => false,
        };
        if taken && !other_code_cue(text, i) && !in_serial_run(text, i, end) {
            out.push(
                Entity::rule(EntityType::PartNumber, text, i, end, 0.85)
                    .with_normalized(Some(Normalized::Text(code.to_owned()))),
            );
        }
        i = end;
    }
    out
}

/// The part codes [`extract`] finds in `text` beside its products, for the tests of this
/// module and of those it reads with.
#[cfg(test)]
pub(super) fn parts(text: &str) -> Vec<String> {
    extract(text, &super::product::extract(text))
        .into_iter()
        .map(|e| e.value)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn words_measures_periods_and_other_codes_are_not_parts() {
        for text in [
            "URGENT: ASAP please, EMEA Q3 FY26 forecast, FY2026-Q3, H1 2026.",
            "2 x 16GB DDR5-4800, 4 x 1TB, 6 x 10GBASE-SR, 2 x 3000VA, 1 x 1000BASE-T",
            "2 x CAT6A-UTP-3M, 4 x 25G SFP28, 2 x RJ45, 3 x USB3-C, 2 x 65W",
            "Serial numbers: FG6H0FTB23900112, FG6H0FTB23900187; service tag 7XKQ2M3",
            "S/N: PF3XK9Z2, VAT DE287654321, IBAN DE89 3704 0044 0532 0130 00",
            "the W-8BEN-E form, KB5034441, CVE-2024-53704, error 4C02, firmware 2335A",
            "Cost centre IT-INFRA-220, INV-2026-00417, DR-2026-04418, B2B-EDI, WPA2-PSK",
            "London EC1M 5RN, SW1A 1AA, K1A 0B1; 10:30 CET, 14H30, 9AM; EUR, USD, CHF",
            "Flight LH2024, gate B12, seat 23A, booking ref XK7Q2P, 24X7, 8X5XNBD",
            "Pick from bin A12-B3-C4, or rack R2-S3-T4",
            "USD 12,400.00 on 2026-03-14, +49 89 1234567, PO 4500012345",
            "PDUs with C19/C20 outlets and the 40/100G uplinks, 10/25G NICs",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }

    #[test]
    fn a_version_of_an_item_is_a_part_a_firmware_version_is_not() {
        assert_eq!(
            parts("or the Thunderbolt version 4J0A2AA instead; firmware version 4J0A2AB"),
            ["4J0A2AA"]
        );
    }

    #[test]
    fn vendor_shapes_of_consumables_warranties_and_accessories() {
        assert_eq!(
            parts(
                "Add warranty EW205 and drum DR-3400; Barco R9861520EU, R9861530D01, GX40K12345, 7QW21AA."
            ),
            [
                "EW205",
                "DR-3400",
                "R9861520EU",
                "R9861530D01",
                "GX40K12345",
                "7QW21AA"
            ]
        );
    }
}
