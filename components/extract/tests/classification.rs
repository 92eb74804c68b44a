//! Priority, intent and category decisions a triage user relies on, one e-mail each: negated
//! and conditional urgency, deadlines relative to `received_at`, reports versus asks, bulk
//! mail.

use edgecrew_extract::analysis::{Category, Email, Intent, Level, analyze};

/// Received on Monday 2026-03-23 at 09:00 UTC unless a test says otherwise.
const MONDAY: &str = "2026-03-23T09:00:00Z";

fn email(subject: &str, body: &str, received_at: &str) -> Email {
    Email {
        subject: subject.into(),
        body: body.into(),
        received_at: Some(received_at.into()),
        ..Email::default()
    }
}

fn level(subject: &str, body: &str, received_at: &str) -> Level {
    analyze(&email(subject, body, received_at), "t")
        .priority
        .level
}

#[test]
fn urgency_that_is_negated_or_conditional_is_not_high() {
    let not_urgent = "Clients still drop every 40 minutes. It's not urgent - the office is \
                      usable - but could someone look at the logs when you get a chance?";
    assert_eq!(
        level("Ticket 4411 follow-up", not_urgent, MONDAY),
        Level::Medium
    );
    let auto_escalation = "The spend request SPR-42 is awaiting your approval. Please approve \
                           or reject by April 3, 2026. This request will be escalated to your \
                           manager if not actioned within 10 days.";
    assert_eq!(
        level("Approval pending", auto_escalation, MONDAY),
        Level::Medium
    );
    let escalating = "The replacement controller is faulty too. I am escalating this. Please \
                      send an onsite technician.";
    assert_eq!(level("SR#771204", escalating, MONDAY), Level::High);
}

#[test]
fn curly_apostrophes_negate_like_straight_ones() {
    let body = "Could you look at the VPN logs? This isn\u{2019}t urgent.";
    assert_eq!(level("VPN drops", body, MONDAY), Level::Medium);
}

#[test]
fn outage_cues_need_a_system_that_is_out() {
    let meeting = "Nobody can make Friday's call - can we move it to next week?";
    assert_eq!(level("Call", meeting, MONDAY), Level::Medium);
    let outage = "Since this morning nobody can log into the ordering portal.";
    assert_eq!(level("Portal", outage, MONDAY), Level::Critical);
    let fyi = "FYI - the ERP is down for all users since 9:00.";
    assert_eq!(level("ERP", fyi, MONDAY), Level::Critical);
    let promotion = "FYI: our spring promotion closes today. Thanks to everyone who joined.";
    assert_eq!(level("Promotion", promotion, MONDAY), Level::Low);
}

#[test]
fn courtesy_offers_ask_for_nothing() {
    let body = "Your order SO-45311 has shipped with UPS. Let me know if you have any \
                questions. Please don't hesitate to call us.";
    let a = analyze(&email("Order SO-45311 shipped", body, MONDAY), "t");
    assert_eq!(a.intent, Intent::Update);
    assert_eq!(a.priority.level, Level::Low);
}

#[test]
fn a_compound_is_not_the_word_it_ends_with() {
    let body = "Their spring order is time-critical, so could we approve a temporary credit \
                limit by next week?";
    assert_eq!(level("Credit limit exception", body, MONDAY), Level::Medium);
}

#[test]
fn today_makes_a_request_high_but_not_a_report() {
    let report = "Today we received your shipment for order SO-88690; two pallets were \
                  damaged. Please arrange replacements by April 6, 2026.";
    assert_eq!(level("Damaged delivery", report, MONDAY), Level::Medium);
    let ask = "Three monitors arrived cracked. Please confirm the replacement ship date today.";
    assert_eq!(level("Damaged monitors", ask, MONDAY), Level::High);
}

#[test]
fn end_of_day_is_due_on_the_day_it_names() {
    let body = "Can you check whether we can get additional discount on FTQ-88213? Need an \
                answer by EOD Wednesday if possible.";
    assert_eq!(level("Special pricing", body, MONDAY), Level::Medium);
    assert_eq!(
        level("Special pricing", body, "2026-03-24T09:00:00Z"),
        Level::High,
        "received on Tuesday, Wednesday is tomorrow"
    );
    let bare = "Please send the signed form by end of day.";
    assert_eq!(level("Form", bare, MONDAY), Level::High);
    let dated = "Please send the signed form by end of day 31 March.";
    assert_eq!(level("Form", dated, MONDAY), Level::Medium);
    let report = "Attached is the end of day stock report for the Columbus warehouse.";
    assert_ne!(level("Stock", report, MONDAY), Level::High);
}

#[test]
fn a_shipment_notice_needs_nothing_even_with_a_help_line() {
    let body = "Good news - your order SO-60419 shipped today via UPS Ground.\n\
                Tracking: 1Z3DZE9L0276516865\nNeed help? Reply here.";
    let a = analyze(&email("Your order SO-60419 has shipped", body, MONDAY), "t");
    assert_eq!(a.intent, Intent::Update);
    assert_eq!(a.priority.level, Level::Low);
}

#[test]
fn a_quote_sent_is_business_as_usual_but_a_confirmation_is_not() {
    let quote = "Please find our quotation WQ184422 below. Pricing is held until April 15, \
                 2026.";
    let a = analyze(&email("Quotation WQ184422", quote, MONDAY), "t");
    assert_eq!(a.workflow.category, Category::QuoteProcessing);
    assert_eq!(a.intent, Intent::Update);
    assert_eq!(a.priority.level, Level::Medium);
    let confirmed = "Thank you for your order. We are pleased to confirm the following: order \
                     2026-JP-004417, your PO PO-559031.";
    let a = analyze(&email("Order Confirmation", confirmed, MONDAY), "t");
    assert_eq!(a.intent, Intent::Update);
    assert_eq!(a.priority.level, Level::Low);
}

#[test]
fn bulk_mail_is_general_and_low_whatever_business_it_mentions() {
    let newsletter = "Monthly highlights: on-time shipping hit 99%, the RMA portal went live, \
                      new quote templates for orders. Register for our webinar. Unsubscribe \
                      here.";
    let a = analyze(&email("Partner newsletter", newsletter, MONDAY), "t");
    assert_eq!(a.workflow.category, Category::General);
    assert_eq!(a.priority.level, Level::Low);
    let away = "I am out of the office until April 3 with no access to e-mail. For urgent \
                matters please contact my colleague about your order.";
    let a = analyze(&email("Automatic reply: order SO-44907", away, MONDAY), "t");
    assert_eq!(a.workflow.category, Category::General);
    assert_eq!(a.priority.level, Level::Low);
}

#[test]
fn fyi_with_an_action_asked_for_today_is_high() {
    let body = "FYI and action needed - customs want the commercial invoice corrected before \
                they release. Can finance reissue today?";
    let a = analyze(&email("Fwd: Customs hold", body, MONDAY), "t");
    assert_eq!(a.intent, Intent::ActionRequired);
    assert_eq!(a.priority.level, Level::High);
}

#[test]
fn a_deadline_expiring_today_is_critical() {
    let body = "The licences expire tomorrow and the co-term window closes today at 17:00. \
                Please get the signed quote or a PO number.";
    assert_eq!(
        level("Renewal must be booked", body, MONDAY),
        Level::Critical
    );
}

#[test]
fn in_a_reply_the_newest_message_decides_not_the_inherited_subject() {
    let body = "Confirming everything has been stable for 12 hours - you can close \
                INC0048213. Thanks for staying on the bridge.\n\n\
                From: Priyanka Iyer <priyanka@example.com>\nSent: 2026-03-04 07:55\n\
                Subject: RE: CRITICAL: production down\n\n\
                This was critical: production is down at every site.";
    let a = analyze(
        &email("RE: CRITICAL: production down - INC0048213", body, MONDAY),
        "t",
    );
    assert_eq!(a.priority.level, Level::Low);
}

#[test]
fn a_forward_is_as_pressing_as_the_forwarders_comment() {
    let fyi = "FYI - no action needed on your side, I already cancelled this in SAP.\n\n\
               ---------- Forwarded message ---------\nFrom: Aisha <a@example.org>\n\n\
               Please cancel order 905531 urgently.";
    assert_eq!(level("FW: Cancellation request", fyi, MONDAY), Level::Low);
    let bare = "---------- Forwarded message ---------\nFrom: Aisha <a@example.org>\n\n\
                Please cancel order 905531 urgently.";
    assert_eq!(level("FW: Cancellation request", bare, MONDAY), Level::High);
}

#[test]
fn automatic_replies_are_low_whatever_they_say() {
    let body = "I am out of the office until tomorrow. For anything urgent about your order \
                please call +49 89 5589 2210.";
    assert_eq!(
        level("Automatic reply: order SO-1", body, MONDAY),
        Level::Low
    );
}

#[test]
fn a_forward_without_a_comment_is_as_pressing_as_what_it_forwards() {
    let outlook = "From: Plant Operations <ops@example.com>\nSent: Monday, March 23, 2026 \
                   08:10\nSubject: Line 3\n\nProduction is down at the Leeds plant: line 3 \
                   has stopped.";
    assert_eq!(level("FW: Line 3", outlook, MONDAY), Level::Critical);
    let attachment_only = "";
    assert_eq!(
        level("Re: URGENT: signed PO needed", attachment_only, MONDAY),
        Level::High,
        "nothing new to judge: the subject decides"
    );
}

#[test]
fn mentioning_an_absence_or_a_newsletter_is_not_bulk_mail() {
    let body = "I'm out of the office tomorrow, so please approve PO 4411 today.";
    assert_eq!(level("PO 4411", body, MONDAY), Level::High);
    let body = "The site is down for all users since 9:00, the newsletter draft is stuck.";
    assert_eq!(level("Re: newsletter draft", body, MONDAY), Level::Critical);
}

#[test]
fn an_end_of_day_report_is_no_deadline() {
    let body = "Attached is the EOD stock report for the Columbus warehouse.";
    assert_ne!(level("Stock", body, MONDAY), Level::High);
    let body = "Please send the signed form by EOD.";
    assert_eq!(level("Form", body, MONDAY), Level::High);
}

#[test]
fn a_level_going_down_is_no_outage() {
    let body = "Toner stock is down to 2 cartridges, please reorder ASAP.";
    assert_eq!(level("Toner", body, MONDAY), Level::High);
    let body = "Web orders went down by 15% this month, nothing to do for now.";
    assert_ne!(level("Web orders", body, MONDAY), Level::Critical);
    let body = "The label printer server is down, nobody can print.";
    assert_eq!(level("Printing", body, MONDAY), Level::Critical);
}

#[test]
fn a_flaw_exploited_in_the_wild_is_critical() {
    let body = "The vendor confirms the gateway flaw is actively exploited. Please patch \
                the three branch gateways this week.";
    assert_eq!(level("Gateway advisory", body, MONDAY), Level::Critical);
    let body = "Per the bulletin the bug is being exploited in the wild; plan the update.";
    assert_eq!(level("Bulletin", body, MONDAY), Level::Critical);
}

#[test]
fn the_weekday_of_arrival_is_next_week() {
    let body = "Could you send the signed service form by Monday?";
    assert_eq!(level("Service form", body, MONDAY), Level::Medium);
    let body = "Could you send the signed service form by Tuesday?";
    assert_eq!(level("Service form", body, MONDAY), Level::High);
}

#[test]
fn a_delivery_note_is_a_shipping_report() {
    let body = "Delivery note 61120\nYour PO 4411 / our order 8812\n\nItem  Qty\n\
                Label printer  4\n\nDelivery complete.";
    let analysis = analyze(&email("Delivery note 61120 - PO 4411", body, MONDAY), "t");
    assert_eq!(analysis.workflow.category, Category::ShippingLogistics);
    assert_eq!(analysis.priority.level, Level::Low);
}

#[test]
fn an_offer_is_a_quote() {
    let body = "Hello, please send us your offer for 4 label printers, with the price per unit.";
    let analysis = analyze(&email("Label printers", body, MONDAY), "t");
    assert_eq!(analysis.workflow.category, Category::QuoteProcessing);
}

/// The category of an e-mail received on a Monday.
fn category(subject: &str, body: &str) -> Category {
    analyze(&email(subject, body, MONDAY), "t")
        .workflow
        .category
}

#[test]
fn renewals_and_missing_items_in_other_languages_are_recognised() {
    assert_eq!(
        category(
            "Verlenging supportcontract",
            "Hallo, ons supportcontract loopt af op 31-01-2027. Graag een voorstel."
        ),
        Category::RenewalProcessing
    );
    assert_eq!(
        category(
            "Rinnovo licenze",
            "Ciao, il rinnovo delle licenze scade a fine mese."
        ),
        Category::RenewalProcessing
    );
    assert_eq!(
        category(
            "Consegna incompleta",
            "Ciao, nella consegna mancano due articoli: puoi verificare con il magazzino?"
        ),
        Category::ShippingLogistics
    );
}

#[test]
fn a_device_gone_offline_or_a_vulnerability_is_a_support_matter() {
    assert_eq!(
        category(
            "Printers offline",
            "Hi, three printers are offline since yesterday."
        ),
        Category::CustomerSupport
    );
    assert_eq!(
        category("Question", "Are our firewalls affected by CVE-2026-24858?"),
        Category::CustomerSupport
    );
}

#[test]
fn quotes_in_other_languages_are_quotes_but_a_quote_named_in_an_approval_is_not() {
    assert_eq!(
        category(
            "Richiesta offerta – switch industriali",
            "Buongiorno, vorremmo ricevere un'offerta per 3 switch. Ci serve entro venerdì."
        ),
        Category::QuoteProcessing
    );
    assert_eq!(
        category(
            "Approval: extra 8% on offerta n. 2611/OF/093",
            "The customer accepts offerta n. 2611/OF/093 if we give another 8% discount. \
             The deal stays at 9% margin. Please approve by Thursday."
        ),
        Category::ApprovalWorkflow
    );
}

#[test]
fn renewals_in_spanish_outweigh_the_quote_they_mention() {
    assert_eq!(
        category(
            "Renovación licencias Sophos – presupuesto PR-26-0772",
            "Renovamos a 36 meses, con la suscripción Xstream. La licencia caduca el 20/12."
        ),
        Category::RenewalProcessing
    );
    assert_eq!(
        category(
            "Preventivo switch",
            "Buongiorno, ci mandate un preventivo per 4 switch?"
        ),
        Category::QuoteProcessing
    );
}

#[test]
fn repairs_and_returns_in_other_languages_are_support() {
    assert_eq!(
        category(
            "Reparaturformular – Zebra TC52 x3",
            "Hallo Service, anbei unser Reparaturauftrag: Fehlerbild Scanner liest nicht."
        ),
        Category::CustomerSupport
    );
    assert_eq!(
        category(
            "Reso / Rücksendung – codice errato",
            "Abbiamo ricevuto il codice sbagliato. Chiediamo il reso, la merce torna con FedEx."
        ),
        Category::CustomerSupport
    );
    assert_eq!(
        category(
            "Lieferung unvollständig",
            "In der Lieferung fehlt ein Karton, der Versand war am Montag."
        ),
        Category::ShippingLogistics,
        "`fehlt` (missing) is no `Fehler` (error)"
    );
}

#[test]
fn a_stock_check_is_an_order_matter_but_stock_for_a_quote_is_a_quote() {
    assert_eq!(
        category(
            "stock check fortinet",
            "hi lea, can u check stock on these for me? fg-100f x2"
        ),
        Category::OrderManagement
    );
    assert_eq!(
        category(
            "Intel 25G cards",
            "If the Intel 25G cards are in stock, please quote six plus the optics."
        ),
        Category::QuoteProcessing
    );
}

#[test]
fn asking_for_someones_ok_is_an_approval_but_asking_if_something_is_ok_is_not() {
    assert_eq!(
        category(
            "ok for the apc order?",
            "ok to order 10x smt1000 for the school project? It's within the approved frame \
             (quote Q-2026-1203), just want your ok before i send the po."
        ),
        Category::ApprovalWorkflow
    );
    assert_ne!(
        category(
            "Server media",
            "Is it OK to use the same 2022 media for both servers?"
        ),
        Category::ApprovalWorkflow
    );
}

#[test]
fn a_pricing_question_between_two_models_is_a_quote() {
    assert_eq!(
        category(
            "C9200L-48P-4G-E vs C9200L-48P-4X-E?",
            "What's the actual difference between the 4G and 4X versions? The config tool \
             keeps adding the stack kit."
        ),
        Category::QuoteProcessing
    );
    assert_eq!(
        category(
            "Credit note",
            "The credit note covers the price difference on the docks, see the invoice."
        ),
        Category::VendorManagement
    );
}

#[test]
fn a_dealer_price_list_is_supplier_business_but_a_weekly_price_list_is_not() {
    let dealer = "Dear partner, below our updated net prices, valid from 01.01.2027.\n\
                  sku;description;dealer price;stock\nU6-Pro;UniFi 6 Pro AP;148,00;214";
    let a = analyze(&email("Price list Ubiquiti", dealer, MONDAY), "t");
    assert_eq!(a.workflow.category, Category::VendorManagement);
    assert_eq!(a.priority.level, Level::Low, "a notice asks nothing");
    assert_eq!(
        category(
            "Weekly SSD / RAM price list",
            "Dear partners, this week's prices for storage and memory."
        ),
        Category::General
    );
}

#[test]
fn a_subject_declaring_an_fyi_is_general_but_not_a_replys() {
    assert_eq!(
        category(
            "Licence keys for the Windows Server order (no action)",
            "For your records, the keys for the licences on order SO-78140."
        ),
        Category::General
    );
    assert_eq!(
        category(
            "Re: FYI order SO-78140",
            "Please cancel the order SO-78140, the customer changed his mind."
        ),
        Category::OrderManagement
    );
}

#[test]
fn a_critical_service_level_in_a_table_row_is_no_outage() {
    let quote = "Pasting the configurator output, quote no. 3000178842211:\n\n\
                 Module      SKU          Description                               Qty\n\
                 Support     709-BBJW     ProSupport Plus Mission Critical 5 Years  1\n";
    assert_eq!(
        level("Dell quote 3000178842211", quote, MONDAY),
        Level::Medium
    );
    let prose = "Support: the mission critical database is down for all users.";
    assert_eq!(level("Database", prose, MONDAY), Level::Critical);
}

#[test]
fn chasing_again_or_frustration_is_high_but_an_apology_is_not() {
    let chase = "Der Kunde fragt heute schon zum dritten Mal nach. Wie ist der Stand zu \
                 Auftrag 4711208?";
    assert_eq!(level("Status Auftrag 4711208", chase, MONDAY), Level::High);
    let fed_up = "This is the third lost parcel this quarter and frankly we are getting fed \
                  up. Please open a claim with FedEx.";
    assert_eq!(level("Delivery problem", fed_up, MONDAY), Level::High);
    let waiting = "Pouvez-vous me confirmer une date de livraison ? Le client attend depuis \
                   lundi.";
    assert_eq!(level("Commande 88764", waiting, MONDAY), Level::High);
    let apology = "The replacement ships Monday. Sorry again for the mix-up. Can you confirm \
                   the address?";
    assert_eq!(level("Replacement", apology, MONDAY), Level::Medium);
    let conditional = "Please check the firmware; if this happens a third time we will swap \
                       the unit.";
    assert_eq!(level("Firmware", conditional, MONDAY), Level::Medium);
}

#[test]
fn a_help_line_question_asks_nothing_but_a_real_question_does() {
    let receipt = "Order Receipt\nOrder Number: WEB-44719822\nSubtotal: $6,508.94\n\n\
                   Questions about your order? Call (800) 555-0199.";
    let a = analyze(&email("Web order receipt", receipt, MONDAY), "t");
    assert_eq!(a.intent, Intent::Update);
    assert_eq!(a.priority.level, Level::Low);
    let asked = "Order Number: WEB-44719822\n\nCan you confirm the delivery address?";
    assert_eq!(level("Web order", asked, MONDAY), Level::Medium);
}

#[test]
fn a_note_for_the_record_is_low_unless_it_asks_for_something() {
    let record = "Team, the final rack plan for Saturday, just so everyone knows where things \
                  go. Access badges via reception, support ticket RITM0048812.";
    let a = analyze(&email("Server room move", record, MONDAY), "t");
    assert_ne!(
        a.workflow.category,
        Category::General,
        "business words, an FYI all the same"
    );
    assert_eq!(a.priority.level, Level::Low);
    let asks = "For the record: the NDA is attached. Please sign it by next week.";
    assert_eq!(level("NDA", asks, MONDAY), Level::Medium);
}

#[test]
fn status_lists_and_confirmations_in_other_languages_are_reports() {
    let backorders = "Open backorders as of 11-Dec-2026\n\n\"Order\",\"Line\",\"Qty Open\"\n\
                      \"40-81922-11\",\"1\",\"4\"";
    assert_eq!(level("Open backorders", backorders, MONDAY), Level::Low);
    let confermiamo = "Gentile Giulia, confermiamo il Suo ordine d'acquisto n. 7700223. \
                       Consegna prevista: 18/12/2026.";
    assert_eq!(
        level("Ordine n. 8812 – conferma", confermiamo, MONDAY),
        Level::Low
    );
    let asks = "Hi, here are the serial numbers of the defective units. Please send \
                replacements.";
    assert_eq!(level("Defective units", asks, MONDAY), Level::Medium);
}
