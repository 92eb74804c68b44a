//! The rule phase on the labelled evaluation set keeps the quality it has reached: these are
//! the floors a change must not fall below (`cargo run -p edgecrew-extract --bin eval` prints
//! the full tables). The held-out set (`eval/holdout/`, written apart from the rules and
//! never tuned on) must meet the entity bars too.

use edgecrew_extract::EntityType;
use edgecrew_extract::analysis::analyze;
use edgecrew_extract::eval::{Report, default_dir, load};

fn report(dir: &std::path::Path) -> Report {
    let mut report = Report::default();
    for sample in load(dir).expect("the evaluation set") {
        report.add(&sample, &analyze(&sample.email, &sample.id));
    }
    report
}

/// Entity micro-F1 ≥ 0.95 and every identifier type's F1 ≥ 0.97.
fn assert_entity_bars(r: &Report) {
    assert!(
        r.micro().f1() >= 0.95,
        "micro F1 {:.3}\n{r}",
        r.micro().f1()
    );
    for kind in [
        EntityType::PoNumber,
        EntityType::QuoteNumber,
        EntityType::CaseNumber,
        EntityType::OrderNumber,
        EntityType::TrackingNumber,
        EntityType::Amount,
        EntityType::EmailAddress,
        EntityType::PhoneNumber,
    ] {
        let f1 = r.entities[&kind].f1();
        assert!(f1 >= 0.97, "{} F1 {f1:.3}\n{r}", kind.as_str());
    }
}

#[test]
fn rule_phase_meets_the_quality_bar() {
    let r = report(&default_dir());
    assert!(r.samples >= 150, "the set has {} e-mails", r.samples);
    assert_entity_bars(&r);
    let category = r.accuracy(r.category_ok);
    assert!(category >= 0.90, "category accuracy {category:.3}\n{r}");
}

#[test]
fn rule_phase_meets_the_entity_bars_on_the_held_out_set() {
    let r = report(&default_dir().join("holdout"));
    assert!(
        r.samples >= 60,
        "the held-out set has {} e-mails",
        r.samples
    );
    assert_entity_bars(&r);
}
