//! Identifier forms as they come in sales-operations mail, through the whole extractor (its
//! overlap resolution included): sales orders after `SO`, part codes without a cue word,
//! amounts with thousands grouped by blanks, tracking numbers written in groups and national
//! phone numbers; and the look-alikes that must not be taken for them.

use edgecrew_extract::analysis::{Email, analyze};
use edgecrew_extract::{Entity, EntityType, Normalized, Options, extract};

/// `(type, text)` of the entities of the given types in `text`, by position.
fn found(text: &str, types: &[EntityType]) -> Vec<(EntityType, String)> {
    let options = Options {
        types: types.to_vec(),
        reference: None,
    };
    extract(text, &options)
        .into_iter()
        .map(|e| (e.kind, e.value))
        .collect()
}

/// The identifier types this file is about.
const IDENTIFIERS: &[EntityType] = &[
    EntityType::PoNumber,
    EntityType::QuoteNumber,
    EntityType::CaseNumber,
    EntityType::OrderNumber,
    EntityType::TrackingNumber,
    EntityType::PartNumber,
    EntityType::Amount,
    EntityType::PhoneNumber,
];

fn pairs(expected: &[(EntityType, &str)]) -> Vec<(EntityType, String)> {
    expected
        .iter()
        .map(|(k, t)| (*k, (*t).to_owned()))
        .collect()
}

#[test]
fn an_order_confirmation_with_every_new_form() {
    let text = "Re: SO# 7712009834 – order confirmation\n\n\
                Hello Anna,\n\n\
                thank you for PO 4500012877. We confirm sales order 7712009834:\n\n\
                - 2 x C9300-48P-E, 4 980,00 € each\n\
                - 4x JL659A\n\
                - Qty 3 12 400,00 €\n\
                - 10 x 6T1B4EA#ABU\n\
                - 3 x U8PG1E (care pack)\n\n\
                Total EUR 34 510,00. Shipped today, UPS tracking 1Z 999 AA1 01 2345 6784.\n\n\
                Best regards\n\
                Jan Vermeulen\n\
                Keizersgracht 1, 1015 CJ Amsterdam, Netherlands\n\
                T: 020 123 4567\n\
                06-12345678";
    use EntityType::{Amount, OrderNumber, PartNumber, PhoneNumber, PoNumber, TrackingNumber};
    assert_eq!(
        found(text, IDENTIFIERS),
        pairs(&[
            (OrderNumber, "7712009834"),
            (PoNumber, "4500012877"),
            (PartNumber, "C9300-48P-E"),
            (Amount, "4 980,00 €"),
            (PartNumber, "JL659A"),
            (Amount, "12 400,00 €"),
            (PartNumber, "6T1B4EA#ABU"),
            (PartNumber, "U8PG1E"),
            (Amount, "EUR 34 510,00"),
            (TrackingNumber, "1Z 999 AA1 01 2345 6784"),
            (PhoneNumber, "020 123 4567"),
            (PhoneNumber, "06-12345678"),
        ])
    );
}

#[test]
fn vendor_part_codes_and_the_products_around_them() {
    let text = "Please quote:\n\
                1. 8 x Dell PowerEdge R750 (210-AYCJ)\n\
                2. 20 x Lenovo ThinkPad T14 Gen 4, 21HD003AGE\n\
                3. 6 x HP LaserJet Pro M404dn, 4B7Z6AA#ABB\n\
                4. Qty 2 WS-C2960X-48FPD-L\n\
                5. 1 x R8N85A, 2 x H7J34AC, model C9200L-24T-4G-E";
    let all = found(text, &[EntityType::PartNumber, EntityType::Product]);
    use EntityType::{PartNumber, Product};
    assert_eq!(
        all,
        pairs(&[
            (Product, "Dell PowerEdge R750"),
            (PartNumber, "210-AYCJ"),
            (Product, "Lenovo ThinkPad T14 Gen 4"),
            (PartNumber, "21HD003AGE"),
            (Product, "HP LaserJet Pro M404dn"),
            (PartNumber, "4B7Z6AA#ABB"),
            (PartNumber, "WS-C2960X-48FPD-L"),
            (PartNumber, "R8N85A"),
            (PartNumber, "H7J34AC"),
            (PartNumber, "C9200L-24T-4G-E"),
        ])
    );
}

#[test]
fn look_alikes_are_not_identifiers() {
    let text = "URGENT – ASAP: EMEA Q3 / FY26 review\n\n\
                Hi team,\n\n\
                for case CAS-01234-X1Y2Z3 (quote Q-2026-0142, order SO-44821) please check:\n\
                serial numbers FG6H0FTB23900112 and 7XKQ2M3, VAT DE287654321, cost centre \
                IT-INFRA-220, invoice INV-2026-00417, the W-8BEN-E form and KB5034441.\n\
                We need 2 x 16GB DDR5-4800 and 6 x 10GBASE-SR optics by 14:30 CET on \
                2026-03-14 for the London EC1M 5RN office (bank: IBAN FR76 3000 6000 0112 \
                3456 7890 189). The old PRO 0412-558731 was delivered; account 7946 1234 5670.\n\
                Budget 12 400 for 5 000 units.\n";
    use EntityType::{CaseNumber, OrderNumber, QuoteNumber};
    assert_eq!(
        found(text, IDENTIFIERS),
        pairs(&[
            (CaseNumber, "CAS-01234-X1Y2Z3"),
            (QuoteNumber, "Q-2026-0142"),
            (OrderNumber, "SO-44821"),
        ])
    );
}

#[test]
fn a_grouped_tracking_number_is_no_phone_number() {
    for (text, number) in [
        ("Tracking: 1Z999AA1 0123 4567 84", "1Z999AA1 0123 4567 84"),
        ("FedEx tracking 7946 1234 5670", "7946 1234 5670"),
        (
            "USPS tracking 9400 1000 0000 0000 0000 06",
            "9400 1000 0000 0000 0000 06",
        ),
    ] {
        assert_eq!(
            found(text, &[]),
            pairs(&[(EntityType::TrackingNumber, number)]),
            "{text}"
        );
    }
}

#[test]
fn order_and_po_numbers_amounts_and_dates_are_no_phone_numbers() {
    let text = "Tel: PO 4500012345, order 0123456789, sales order 0771200983\n\
                Phone: EUR 1 250 000\nMobile: 14.03.2026";
    assert!(found(text, &[EntityType::PhoneNumber]).is_empty());
}

/// The E.164 form of the only phone number in `email`.
fn e164(email: &Email) -> Option<String> {
    let phones: Vec<Entity> = analyze(email, "t")
        .entities
        .into_iter()
        .filter(|e| e.kind == EntityType::PhoneNumber)
        .collect();
    assert_eq!(phones.len(), 1, "{phones:?}");
    match &phones[0].normalized {
        Some(Normalized::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

#[test]
fn a_national_number_takes_the_senders_country_when_the_text_has_none() {
    let mut email = Email {
        subject: "Delivery".into(),
        body: "Please call me on 0161 496 0000.\n\nThanks\nOlivia".into(),
        from: Some("Olivia <olivia@northfield.co.uk>".into()),
        ..Email::default()
    };
    assert_eq!(e164(&email).as_deref(), Some("+441614960000"));
    email.from = Some("olivia@northfield.com".into());
    assert_eq!(e164(&email), None);
    // A country in the signature wins over the sender's domain.
    email.body = "Please call me on 089 1234 5678.\n\nThanks\nOlivia\nMünchen, Germany".into();
    email.from = Some("olivia@northfield.co.uk".into());
    assert_eq!(e164(&email).as_deref(), Some("+498912345678"));
}

/// The phone numbers found in `text`, as written.
fn phones(text: &str) -> Vec<String> {
    found(text, &[EntityType::PhoneNumber])
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

#[test]
fn national_numbers_by_a_cue_a_layout_or_a_found_phone() {
    for (text, number) in [
        (
            "Track online or call our logistics desk on 0161 555 0140.",
            "0161 555 0140",
        ),
        (
            "Per qualsiasi domanda può contattarmi al numero 02 8734 1120.",
            "02 8734 1120",
        ),
        (
            "wenden Sie sich bitte an einkauf@kvd-koeln.de oder 0221 4711 8200.",
            "0221 4711 8200",
        ),
        ("Carmen Ruiz\nPreventa\nMóvil 612 448 903", "612 448 903"),
        (
            "Ingrid Haugen\nNordlys Energi AS\n22 94 51 60",
            "22 94 51 60",
        ),
        (
            "Northgate Tech Supply Ltd – Sales: 0161 555 0100",
            "0161 555 0100",
        ),
    ] {
        assert_eq!(phones(text), [number], "{text}");
    }
    assert_eq!(
        phones("reached on 077 320 8850 (the old number 077 320 8800 stays active)"),
        ["077 320 8850", "077 320 8800"]
    );
}

#[test]
fn look_alikes_of_the_phone_cues_are_no_phones() {
    for text in [
        "Measures taken to comply with NIS2 (Directive (EU) 2022/2555)",
        "your order shipped on 0412 558731 as planned",
        "Call us. The batch arrived on 0412 558731.",
        "Quantities: 12 40 16 80 were shipped last week",
        "reached on 077 320 8850; batch 078 320 8800 is fine",
    ] {
        assert!(
            phones(text).iter().all(|p| p == "077 320 8850"),
            "{text}: {:?}",
            phones(text)
        );
    }
}
