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
