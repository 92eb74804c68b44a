//! Identifier cues in German, French, Italian, Dutch and Spanish, and English ones set apart
//! from their id, through the whole extractor: PO, quote, order and case numbers after
//! their labels and number signs (`Bestellung Nr.`, `offre n°`, `pedido n.º`), ids with a
//! prefix's letters inside (`2026-Q-0442`), and the look-alikes that must not be taken
//! for them (a customer number, a price, a year).

use edgecrew_extract::{EntityType, Options, extract};

/// `(type, text)` of the PO, quote, order and case numbers in `text`, by position.
fn ids(text: &str) -> Vec<(EntityType, String)> {
    let options = Options {
        types: vec![
            EntityType::PoNumber,
            EntityType::QuoteNumber,
            EntityType::OrderNumber,
            EntityType::CaseNumber,
        ],
        reference: None,
    };
    extract(text, &options)
        .into_iter()
        .map(|e| (e.kind, e.value))
        .collect()
}

/// Each cue, with its mark or number sign, gives its id as the guide writes it.
#[test]
fn cues_in_other_languages() {
    use EntityType::{CaseNumber, OrderNumber, PoNumber, QuoteNumber};
    for (text, kind, id) in [
        (
            "zu unserer Bestellung Nr. 4500098812 vom",
            PoNumber,
            "4500098812",
        ),
        ("Bestell-Nr. 4500124476:", PoNumber, "4500124476"),
        ("(bon de commande 45127788) ?", PoNumber, "45127788"),
        ("(orden de compra 4700331907):", PoNumber, "4700331907"),
        ("(ons inkoopordernummer 8800412)", PoNumber, "8800412"),
        ("Your reference (PO): 4410273", PoNumber, "4410273"),
        ("PO-Nummer 4500012345", PoNumber, "4500012345"),
        ("offerta n. 2611/OF/093 if", QuoteNumber, "2611/OF/093"),
        (
            "merci pour l'offre n° DV-2026-11873.",
            QuoteNumber,
            "DV-2026-11873",
        ),
        (
            "Devis n° 2026-D-1187 – mise à jour",
            QuoteNumber,
            "2026-D-1187",
        ),
        ("presupuesto n.º PR-26-0772", QuoteNumber, "PR-26-0772"),
        (
            "bij offertenummer OF-26-10452 nog",
            QuoteNumber,
            "OF-26-10452",
        ),
        ("Which is current? (Q#77120)", QuoteNumber, "77120"),
        ("Pedido n.º 2026-08815: cambiar", OrderNumber, "2026-08815"),
        ("nell'ordine n. 26/4471 abbiamo", OrderNumber, "26/4471"),
        ("notre commande n° CMD-260913", OrderNumber, "CMD-260913"),
        (
            "Ihrer Auftragsbestätigung AB-2611-0087 zu",
            OrderNumber,
            "AB-2611-0087",
        ),
        (
            "voor ordernummer 2026-ORD-4471",
            OrderNumber,
            "2026-ORD-4471",
        ),
        ("Levering bestelnummer 88120473 –", OrderNumber, "88120473"),
        ("Ordernr. 2026-ORD-4471", OrderNumber, "2026-ORD-4471"),
        ("votre commande numéro 12345678", OrderNumber, "12345678"),
        ("zu Auftrag Nummer 7712009834", OrderNumber, "7712009834"),
        ("su pedido de compra 4500012345", PoNumber, "4500012345"),
        ("Ticketnummer 8829014", CaseNumber, "8829014"),
        (
            "según nuestra orden de compra nº 45003391:",
            PoNumber,
            "45003391",
        ),
        (
            "Bestellnummer unsererseits 4500192245",
            PoNumber,
            "4500192245",
        ),
        ("votre cde n° 4471208 du", OrderNumber, "4471208"),
        ("notre bon de cde 45127788", PoNumber, "45127788"),
        ("a nossa ordem de compra 4500012345", PoNumber, "4500012345"),
        (
            "a encomenda n.º 2026-08815 chegou",
            OrderNumber,
            "2026-08815",
        ),
        ("o orçamento n.º ORC-26-0318", QuoteNumber, "ORC-26-0318"),
        ("Reklamationsnummer 88213 –", CaseNumber, "88213"),
        ("la segnalazione n. 44120087", CaseNumber, "44120087"),
    ] {
        assert_eq!(ids(text), [(kind, id.to_owned())], "{text}");
    }
}

/// A number that only looks like such an id is none.
#[test]
fn look_alikes_of_the_new_cues_are_not_ids() {
    for text in [
        "Kundennummer 20418",
        "Customer no.: 20418",
        "laut Bestellung waren es 249,00",
        "dell'offerta era di 18940",
        "Q 20418 and Q3 2026",
        "q#20418",
        "in caso di 3 guasti",
        "la offerta n. 2026",
        "A2026-Q-0442",
        "2026-Q-0442-B",
        "nº 45003391",
        "the RMA-12 form",
        "Reklamation von 2026",
        "la segnalazione di 12 guasti",
        "cde 12",
    ] {
        assert!(ids(text).is_empty(), "{text:?}: {:?}", ids(text));
    }
    // The order label inside a PO label is none: one PO, no order.
    assert_eq!(
        ids("bon de commande n° 45821"),
        [(EntityType::PoNumber, "45821".to_owned())]
    );
}

/// A table column whose header names an id format (`Order`, `Cust PO`, `N° cde`) gives
/// each id under it; other columns, and dates or short numbers under it, give none.
#[test]
fn ids_in_a_column_headed_by_their_label() {
    use EntityType::{OrderNumber, PoNumber};
    let csv = "\"Order\",\"Cust PO\",\"Line\",\"ETA\"\n\
               \"40-81922-11\",\"4500188012\",\"1\",\"2026-12-19\"\n\
               \"40-82004-11\",\"4500189345\",\"3\",\"TBA\"\n";
    assert_eq!(
        ids(csv),
        [
            (OrderNumber, "40-81922-11".to_owned()),
            (PoNumber, "4500188012".to_owned()),
            (OrderNumber, "40-82004-11".to_owned()),
            (PoNumber, "4500189345".to_owned()),
        ]
    );
    let piped = "N° cde   | Pos | Statut\nET-55120 | 1   | en transit\nET-55187 | 2   | livré\n";
    assert_eq!(
        ids(piped),
        [
            (OrderNumber, "ET-55120".to_owned()),
            (OrderNumber, "ET-55187".to_owned())
        ]
    );
    for text in [
        "Order date    Qty     Total\n2026-03-14    12345   1,200.00\n",
        "Order | Step\n2026  | 12\n",
    ] {
        assert!(ids(text).is_empty(), "{text:?}: {:?}", ids(text));
    }
}
