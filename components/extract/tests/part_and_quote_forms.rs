//! Part and quote number forms of vendor mail, through the whole extractor (its overlap
//! resolution included): part codes in table columns, lists and brackets, after a
//! quantity, with `/`, `+` or a SKU id; quotes after `offer no.`, in a list after
//! `quotes`, named by a clause; and the look-alikes that must not be taken for them.

use edgecrew_extract::{EntityType, Options, extract};

/// The texts of the entities of `kind` in `text`, by position.
fn found(text: &str, kind: EntityType) -> Vec<String> {
    let options = Options {
        types: vec![kind],
        reference: None,
    };
    extract(text, &options)
        .into_iter()
        .map(|e| e.value)
        .collect()
}

fn parts(text: &str) -> Vec<String> {
    found(text, EntityType::PartNumber)
}

fn quotes(text: &str) -> Vec<String> {
    found(text, EntityType::QuoteNumber)
}

#[test]
fn part_codes_under_a_part_column_header() {
    let text = "Pos  Art.-Nr.   Description                  Qty  Net price\n\
                10   JL659A     CX 6300M 48G switch          2    EUR 6.920,00\n\
                30   HZ3R6E     3Y Foundation Care 24x7      2    EUR 1.530,00\n\
                40   J9150D     10G SFP+ LC SR transceiver   8    EUR 298,00\n";
    assert_eq!(parts(text), ["JL659A", "HZ3R6E", "J9150D"]);
    let text = "| Qty | Part number     | Description            |\n\
                |-----|-----------------|------------------------|\n\
                | 8   | KSM32RD8/16HDR  | 16GB DDR4-3200 ECC Reg |\n\
                | 1   | RS1221+         | 8-bay rackmount NAS    |\n";
    assert_eq!(parts(text), ["KSM32RD8/16HDR", "RS1221+"]);
    let text = "Item               MPN           Qty   Unit price\n\
                Rally Bar          960-001311      6   € 3.249,00\n\
                Tap IP             952-000085      6   € 899,00\n";
    assert_eq!(parts(text), ["960-001311", "952-000085"]);
    let text = "Old SKU    New SKU\nJL659A  -> S1T72A\nJ9150D  -> unchanged\n";
    assert_eq!(parts(text), ["JL659A", "S1T72A", "J9150D"]);
}

#[test]
fn part_codes_in_the_column_of_another_part() {
    let text = "Line items:\n\
                \x201 | DiskStation 5-bay NAS | DS1522+      |  2 | SEK 9 890,00\n\
                \x202 | HAT5300 Plus 8TB HDD  | HAT5300-8T   | 10 | SEK 3 150,00\n\
                \x203 | 16GB DDR4 ECC module  | D4ER01-16G   |  2 | SEK 2 450,00\n";
    assert_eq!(parts(text), ["DS1522+", "HAT5300-8T", "D4ER01-16G"]);
    let text = "MR46-HW              MR46 cloud managed AP     6   £612.40\n\
                LIC-ENT-3YR          MR Enterprise licence     6   £198.00\n\
                MS120-24P-HW         MS120 24-port PoE switch  1   £1,025.15\n\
                MA-PWR-CORD-UK       UK power cord             1   £0.00\n";
    assert_eq!(
        parts(text),
        ["MR46-HW", "LIC-ENT-3YR", "MS120-24P-HW", "MA-PWR-CORD-UK"]
    );
    let text = "CON-SNT-C93004PE   x 6    (C9300-48P-E)\n\
                CON-SNT-ISR4331S   x 1    (ISR4331/K9)\n";
    assert_eq!(
        parts(text),
        [
            "CON-SNT-C93004PE",
            "C9300-48P-E",
            "CON-SNT-ISR4331S",
            "ISR4331/K9"
        ]
    );
}

#[test]
fn part_codes_by_shape_list_quantity_or_product() {
    // Shapes of HPE, HP care packs, Lenovo warranty and Fortinet codes.
    assert_eq!(
        parts("Registered products: P52534-B21, 875519-B21, H8QP7E, H8QN0PE, U4PV8PE"),
        ["P52534-B21", "875519-B21", "H8QP7E", "H8QN0PE", "U4PV8PE"]
    );
    assert_eq!(
        parts("warranty upgrades 5WS1B61709 registered; our FG-100F cluster"),
        ["5WS1B61709", "FG-100F"]
    );
    // Long codes, a SKU id and a Synology `+`.
    assert_eq!(
        parts("the Samsung LS34C650TAUXEN, the KSM48R40BD8KMM-32HMR and SMT1500RMI2U"),
        ["LS34C650TAUXEN", "KSM48R40BD8KMM-32HMR", "SMT1500RMI2U"]
    );
    assert_eq!(
        parts("Microsoft 365 E3 (CFQ7TTC0LFLX:0001), SKU CFQ7TTC0LCHC:0002"),
        ["CFQ7TTC0LFLX:0001", "CFQ7TTC0LCHC:0002"]
    );
    // Looser codes next to a quantity, in a list with one, or bracketed after a product.
    assert_eq!(
        parts("other lines (4x GLC-TE, 2x PWR-C5-600WAC) and 4x AP9641 cards"),
        ["GLC-TE", "PWR-C5-600WAC", "AP9641"]
    );
    assert_eq!(
        parts("We're thinking UDM-PRO-SE, USW-Pro-24-PoE, and 6x U6-Pro."),
        ["UDM-PRO-SE", "USW-Pro-24-PoE", "U6-Pro"]
    );
    assert_eq!(
        parts("an APC Back-UPS Pro 1600 (BR1600SI) should do; 10x 920-009295"),
        ["BR1600SI", "920-009295"]
    );
    assert_eq!(
        parts("1 x Fortinet FortiManager VM, SKU FMG-VM-BASE"),
        ["FMG-VM-BASE"]
    );
    assert_eq!(
        parts("Parts: SFP-10G-SR, SFP-10G-LR and GLC-SX-MMD"),
        ["SFP-10G-SR", "SFP-10G-LR", "GLC-SX-MMD"]
    );
}

#[test]
fn part_look_alikes() {
    for text in [
        "32GB 2Rx8 PC5-4800B-R memory",
        "We followed your KB article FD-48211 to the letter.",
        "Registered: DR-1124553, SPR-2291 and INV-2026-00417",
        "2 x USB-C, 4 x SFP28, 3 x Smart-UPS, 24/7 support, TCP/IP",
        "Serial numbers: FG6H0FTB23900112, FG6H0FTB23900187",
        "replacement parts 100% tested; 2x HDMI-VGA adapters, 3 x TYPE-C cables",
        "booking ref ABC123DEF456GH",
        "Serial      | Care Pack | Price\nCZJ8420ABC  | none      | £1,120.00\n",
    ] {
        assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
    }
}

#[test]
fn quote_numbers_after_more_cues() {
    assert_eq!(
        quotes("quotes 77120 and 77121 - which one?"),
        ["77120", "77121"]
    );
    assert_eq!(
        quotes("everything on quotes 60231, 60232 and 60240 under one PO"),
        ["60231", "60232", "60240"]
    );
    assert_eq!(quotes("Pricing on offer no. 8812"), ["8812"]);
    assert_eq!(
        quotes("go out with offer no. 2026-118 at 4.1%"),
        ["2026-118"]
    );
    assert_eq!(
        quotes("The quote we issued against it is 44120 rev C."),
        ["44120"]
    );
    assert_eq!(
        quotes("attached is Q-2026-0188-rev2, see quote 55123/v3"),
        ["Q-2026-0188", "55123"]
    );
}

#[test]
fn quote_look_alikes() {
    for text in [
        "we can offer 2027 pricing and offer 5000 units",
        "Request for quotation - DL380 servers and Aruba switches",
        "quotes 3-5 business days to Tokyo; quotes older than 30 days",
        "the quote total is 45000",
    ] {
        assert!(quotes(text).is_empty(), "{text:?}: {:?}", quotes(text));
    }
}

#[test]
fn part_codes_named_in_prose() {
    // After a determiner, a word that picks an item or a verb of ordering.
    assert_eq!(
        parts("We'd rather take the SRT2200XLI, and a spare KTD-PE426/16G for the host."),
        ["SRT2200XLI", "KTD-PE426/16G"]
    );
    assert_eq!(
        parts("Please quote C1111-8P with the older TS-464-8G as an option."),
        ["C1111-8P", "TS-464-8G"]
    );
    // Looser codes: words in mixed case, digits in groups, a Synology `+`.
    assert_eq!(
        parts("Is the USW-Lite-8-PoE still listed, or the DS224+ for the branch?"),
        ["USW-Lite-8-PoE", "DS224+"]
    );
    // A code that looks less like a part code, only before a kind of accessory.
    assert_eq!(parts("the AP9630 card is fine"), ["AP9630"]);
    assert!(parts("the AP9630 is fine").is_empty());
    // A long code before a kind of device is no model's name.
    assert_eq!(
        parts("The MFCL8690CDWZU1 printers arrived."),
        ["MFCL8690CDWZU1"]
    );
}

#[test]
fn part_codes_after_a_quantity_in_words() {
    assert_eq!(
        parts("Please add four HAT3310-12T and one QXG-25G2SF-CX4 to the order."),
        ["HAT3310-12T", "QXG-25G2SF-CX4"]
    );
    assert_eq!(
        parts("one UDM-Pro-Max, two USW-Lite-16-PoE and a UCK-G2-PLUS per site"),
        ["UDM-Pro-Max", "USW-Lite-16-PoE", "UCK-G2-PLUS"]
    );
    assert_eq!(
        parts("1 of the 4 GLC-SX-MMD modules is missing"),
        ["GLC-SX-MMD"]
    );
    // Written in lower case, with a part code's shape.
    assert_eq!(
        parts("can you add three c9300-48p-e to it?"),
        ["c9300-48p-e"]
    );
}

#[test]
fn part_codes_offered_as_alternatives() {
    assert_eq!(
        parts("XL710-QDA2 or E810-CQDA2 for the new hosts?"),
        ["XL710-QDA2", "E810-CQDA2"]
    );
    assert_eq!(
        parts("Price check: EX2300-24P vs. EX3400-24P, whichever ships first."),
        ["EX2300-24P", "EX3400-24P"]
    );
    assert_eq!(
        parts("Do you stock SFP-25G-SR-S/SFP-25G-LR-S?"),
        ["SFP-25G-SR-S", "SFP-25G-LR-S"]
    );
}

#[test]
fn part_codes_in_brackets_after_a_word() {
    assert_eq!(
        parts("the matching toner (W1470A) and the Rally Plus (960-001224) please"),
        ["W1470A", "960-001224"]
    );
    // After a kind of device, a short code in brackets is its model.
    assert!(parts("6 x 24\" monitors (P2425H)").is_empty());
}

#[test]
fn vendor_code_shapes() {
    // No cue, quantity or lead: the shape alone (Seagate, WD, Microsoft, Lenovo).
    assert_eq!(
        parts("ST12000VN0008 arrived, ST4000VN006 did not; WD120EFBX, WD80EFZZ: none yet"),
        ["ST12000VN0008", "ST4000VN006", "WD120EFBX", "WD80EFZZ"]
    );
    assert_eq!(
        parts("Surface: 1T9-00002, EP2-19426; backpack 4X41C12469 is back"),
        ["1T9-00002", "EP2-19426", "4X41C12469"]
    );
    // A vendor's last segment: Netgear regions, Meraki hardware.
    assert_eq!(
        parts("GS316EP-100EUS is out; MS130-8P-HW arrives Monday"),
        ["GS316EP-100EUS", "MS130-8P-HW"]
    );
    assert_eq!(
        parts("Renewal FC-10-0040F-247-02-36 for the FortiGate, PAN-SVC-BKLN-440-3YR"),
        ["FC-10-0040F-247-02-36", "PAN-SVC-BKLN-440-3YR"]
    );
    // Digits alone, only in a vendor's shape: Jabra and Poly codes.
    assert_eq!(
        parts("Jabra 26599-889-999 and Poly 2200-87150-025 are both fine"),
        ["26599-889-999", "2200-87150-025"]
    );
    assert_eq!(
        parts("Order 4 x FN-TRAN-QSFP+SR please"),
        ["FN-TRAN-QSFP+SR"]
    );
}

#[test]
fn part_codes_in_prose_look_alikes() {
    for text in [
        "Serials are FGT40FTK23001234 and FGT40FTK23005678, both on site.",
        "the unit with the CZJ9231ABC serial, and the FG100FTK22016789 is fine",
        "Flight LH2031 or LH2033, gate B22; the visit is in the 3B-114 room",
        "the IT-OPS-340 cost centre; the key 7XKQ2-M3P9R-T4W6Y-Z8B2C-HJ4K9",
        "the 14H30 call with the 10G-SR optics, the W-8BEN-E form",
        "please quote the 1ZN70U3U0301692399 parcel",
    ] {
        assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
    }
}

#[test]
fn quote_label_before_a_part_code_is_a_verb() {
    let text = "Please quote CON-SNTP-C9200L4X for three years, and quote 44120 again.";
    assert_eq!(parts(text), ["CON-SNTP-C9200L4X"]);
    assert_eq!(quotes(text), ["44120"]);
    // A prefix at the end of a longer code is no id of its own.
    let text = "an extra RAM-8GDR4ECT0-SO-2666 module";
    assert_eq!(parts(text), ["RAM-8GDR4ECT0-SO-2666"]);
    assert!(found(text, EntityType::OrderNumber).is_empty());
}
