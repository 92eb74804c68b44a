//! Extraction never panics and every span slices the input on char boundaries, for arbitrary
//! Unicode input (short strings, business-like mixes, and inputs up to 1 MiB).

use edgecrew_extract::{Email, Options, analyze, calendar::Date, extract};
use proptest::prelude::*;

fn check(text: &str) {
    let options = Options {
        types: Vec::new(),
        reference: Date::new(2026, 3, 11),
    };
    for e in extract(text, &options) {
        let (start, end) = e.span;
        assert!(start < end && end <= text.len(), "{e:?}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{e:?}"
        );
        assert_eq!(&text[start..end], e.value);
        assert!((0.0..=1.0).contains(&e.confidence));
    }
}

/// Pieces that exercise every extractor, glued with arbitrary Unicode.
fn business_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("PO#12345 ".to_owned()),
        Just("Quote Q-2026-0142".to_owned()),
        Just("CAS-01234-X1Y2Z3".to_owned()),
        Just("order #SO-44821".to_owned()),
        Just("1Z999AA10123456784".to_owned()),
        Just("SKU: ABC-1234".to_owned()),
        Just("€1.250,00".to_owned()),
        Just("$12,450.00".to_owned()),
        Just("March 3, 2026".to_owned()),
        Just("14.03.2026".to_owned()),
        Just("by Friday".to_owned()),
        Just("jane.doe@example.com".to_owned()),
        Just("+1 (415) 555-0134".to_owned()),
        Just("Hi Tom,\n".to_owned()),
        Just("Best regards,\nMaria Schneider\nSales Manager\n".to_owned()),
        Just("Acme Corp".to_owned()),
        Just("Cisco Catalyst 9300-48P".to_owned()),
        Just("&nbsp;<br>".to_owned()),
        Just("> ".to_owned()),
        "\\PC{0,12}",
        "[0-9 ,.\\-/#:()+]{0,12}",
    ]
}

/// Inputs that once broke an offset: case mappings that change byte lengths (Kelvin sign,
/// dotted capital I), a blank after a signature dash, and long runs of one character.
#[test]
fn known_hard_inputs() {
    let long_runs = [
        " ",
        "<",
        "(",
        "Q-",
        "part-",
        "customer:",
        "Anna\t",
        "1(",
        "- ",
        "not urgent ",
        "please don't ",
        "isn\u{2019}t ",
    ]
    .map(|unit| unit.repeat(200_000 / unit.len()));
    let cases = [
        "--  José",
        "- \tZoë",
        "THAN\u{212A}S",
        "tak\u{212A}",
        "as\u{212A}\u{0130}\u{0130}",
        "\u{212A} please send the PO today \u{0130}\u{0130}",
        "Q- ",
        "<p title=é>Acme Corp</p>",
        "Hi \u{212A}elvin,\nplease call +1 (415) 555-0134",
    ];
    for text in cases
        .iter()
        .copied()
        .chain(long_runs.iter().map(String::as_str))
    {
        check(text);
        let email = Email {
            subject: "s".to_owned(),
            body: text.to_owned(),
            received_at: Some("2026-03-11T09:00:00Z".to_owned()),
            ..Email::default()
        };
        let _ = analyze(&email, "e1");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode(text in "\\PC{0,200}") {
        check(&text);
    }

    #[test]
    fn business_mixes(pieces in prop::collection::vec(business_piece(), 0..40)) {
        let text = pieces.concat();
        check(&text);
        let email = Email { subject: pieces.first().cloned().unwrap_or_default(), body: text, ..Email::default() };
        let analysis = analyze(&email, "e1");
        prop_assert!(analysis.summary.chars().count() <= 241);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4))]

    #[test]
    fn inputs_up_to_one_mebibyte(seed in prop::collection::vec(business_piece(), 1..60)) {
        let unit = seed.concat();
        let mut text = String::with_capacity(1 << 20);
        while !unit.is_empty() && text.len() + unit.len() <= 1 << 20 {
            text.push_str(&unit);
        }
        check(&text);
    }
}
