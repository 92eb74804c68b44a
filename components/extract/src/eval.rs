//! The labelled evaluation set (`eval/*.jsonl`) and how predictions are scored against it.
//!
//! Entities are compared per e-mail as sets of `(type, text)`, the text trimmed of blanks
//! and a trailing `.` or `,` on both sides; each distinct entity counts once.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::Deserialize;

use crate::analysis::{Analysis, Category, Email, Intent, Level, SentimentLabel};
use crate::entity::EntityType;

/// One labelled e-mail.
#[derive(Debug, Clone, Deserialize)]
pub struct Sample {
    /// Id within the set.
    pub id: String,
    /// The e-mail.
    pub email: Email,
    /// What a careful annotator says about it.
    pub labels: Labels,
}

/// Ground truth of one e-mail.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    /// Workflow category.
    pub category: Category,
    /// Priority level.
    pub priority: Level,
    /// Intent.
    pub intent: Intent,
    /// Sentiment label.
    pub sentiment: SentimentLabel,
    /// Distinct entities.
    pub entities: Vec<LabelledEntity>,
}

/// A labelled entity: its type and its text as it occurs in the e-mail.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledEntity {
    /// Entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Exact text.
    pub text: String,
}

/// Why a set file could not be read.
#[derive(Debug)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a JSON-lines set, checking that every labelled entity occurs in its e-mail.
///
/// # Errors
/// [`ParseError`] naming the first bad line.
pub fn parse(jsonl: &str) -> Result<Vec<Sample>, ParseError> {
    let mut out = Vec::new();
    for (n, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let sample: Sample = serde_json::from_str(line).map_err(|e| ParseError {
            line: n + 1,
            message: e.to_string(),
        })?;
        let text = sample.email.text();
        if let Some(missing) = sample
            .labels
            .entities
            .iter()
            .find(|e| !text.contains(&e.text))
        {
            return Err(ParseError {
                line: n + 1,
                message: format!(
                    "labelled {:?} {:?} does not occur in the e-mail",
                    missing.kind, missing.text
                ),
            });
        }
        out.push(sample);
    }
    Ok(out)
}

/// The set's files: every `*.jsonl` in `dir`, sorted.
///
/// # Errors
/// When `dir` cannot be read.
pub fn set_files(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

/// The directory of the labelled set in this crate.
#[must_use]
pub fn default_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("eval")
}

/// Reads and parses every file of the set in `dir`.
///
/// # Errors
/// A file that cannot be read or parsed, named in the message.
pub fn load(dir: &std::path::Path) -> Result<Vec<Sample>, String> {
    let mut samples = Vec::new();
    for file in set_files(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        samples.extend(parse(&text).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    Ok(samples)
}

/// True/false positives and false negatives of one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Found and labelled.
    pub tp: usize,
    /// Found, not labelled.
    pub fp: usize,
    /// Labelled, not found.
    pub fn_: usize,
}

impl Counts {
    /// Precision (1 when nothing was found).
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Recall (1 when nothing was labelled).
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Self) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A mismatch worth reading when tuning rules.
#[derive(Debug, Clone)]
pub struct Miss {
    /// Sample id.
    pub id: String,
    /// `missed` (labelled, not found) or `extra` (found, not labelled).
    pub what: &'static str,
    /// Entity type.
    pub kind: EntityType,
    /// Text.
    pub text: String,
}

/// Scores of one run over the set.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Per entity type.
    pub entities: BTreeMap<EntityType, Counts>,
    /// E-mails scored.
    pub samples: usize,
    /// Correct categories.
    pub category_ok: usize,
    /// Correct priorities.
    pub priority_ok: usize,
    /// Correct intents.
    pub intent_ok: usize,
    /// Correct sentiment labels.
    pub sentiment_ok: usize,
    /// Every entity mismatch, for inspection.
    pub misses: Vec<Miss>,
    /// Classification mismatches: `(id, field, expected, got)`.
    pub wrong: Vec<(String, &'static str, String, String)>,
}

fn key(text: &str) -> String {
    text.trim().trim_end_matches(['.', ',']).trim().to_owned()
}

impl Report {
    /// Scores `analysis` against `sample`'s labels and adds it to the report.
    pub fn add(&mut self, sample: &Sample, analysis: &Analysis) {
        self.samples += 1;
        let labels = &sample.labels;
        let mut check = |field: &'static str, ok: &mut usize, expected: String, got: String| {
            if expected == got {
                *ok += 1;
            } else {
                self.wrong.push((sample.id.clone(), field, expected, got));
            }
        };
        let name = |v: &dyn erased::Named| v.name();
        check(
            "category",
            &mut self.category_ok,
            name(&labels.category),
            name(&analysis.workflow.category),
        );
        check(
            "priority",
            &mut self.priority_ok,
            name(&labels.priority),
            name(&analysis.priority.level),
        );
        check(
            "intent",
            &mut self.intent_ok,
            name(&labels.intent),
            name(&analysis.intent),
        );
        check(
            "sentiment",
            &mut self.sentiment_ok,
            name(&labels.sentiment),
            name(&analysis.sentiment.label),
        );

        let expected: HashSet<(EntityType, String)> = labels
            .entities
            .iter()
            .map(|e| (e.kind, key(&e.text)))
            .collect();
        let found: HashSet<(EntityType, String)> = analysis
            .entities
            .iter()
            .map(|e| (e.kind, key(&e.value)))
            .collect();
        for kind in EntityType::ALL {
            let c = Counts {
                tp: expected
                    .iter()
                    .filter(|e| e.0 == kind && found.contains(e))
                    .count(),
                fp: found
                    .iter()
                    .filter(|e| e.0 == kind && !expected.contains(e))
                    .count(),
                fn_: expected
                    .iter()
                    .filter(|e| e.0 == kind && !found.contains(e))
                    .count(),
            };
            self.entities.entry(kind).or_default().add(c);
        }
        for (what, from, other) in [("missed", &expected, &found), ("extra", &found, &expected)] {
            let mut list: Vec<_> = from.difference(other).collect();
            list.sort();
            for (kind, text) in list {
                self.misses.push(Miss {
                    id: sample.id.clone(),
                    what,
                    kind: *kind,
                    text: text.clone(),
                });
            }
        }
    }

    /// Micro-averaged counts over every entity type.
    #[must_use]
    pub fn micro(&self) -> Counts {
        let mut all = Counts::default();
        for c in self.entities.values() {
            all.add(*c);
        }
        all
    }

    /// Accuracy of `ok` correct answers over the set.
    #[must_use]
    pub fn accuracy(&self, ok: usize) -> f64 {
        ratio(ok, self.samples)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "| entity type | labelled | found | precision | recall | F1 |"
        )?;
        writeln!(f, "|---|---|---|---|---|---|")?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "| {name} | {} | {} | {:.3} | {:.3} | {:.3} |",
                c.tp + c.fn_,
                c.tp + c.fp,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (kind, c) in &self.entities {
            row(f, kind.as_str(), c)?;
        }
        row(f, "**micro**", &self.micro())?;
        writeln!(f)?;
        writeln!(f, "| field | accuracy |")?;
        writeln!(f, "|---|---|")?;
        for (field, ok) in [
            ("category", self.category_ok),
            ("priority", self.priority_ok),
            ("intent", self.intent_ok),
            ("sentiment", self.sentiment_ok),
        ] {
            writeln!(
                f,
                "| {field} | {:.3} ({ok}/{}) |",
                self.accuracy(ok),
                self.samples
            )?;
        }
        Ok(())
    }
}

/// Serde-named enums, printed by their API spelling.
mod erased {
    /// A value with an API name.
    pub trait Named {
        /// The API spelling.
        fn name(&self) -> String;
    }

    impl<T: serde::Serialize> Named for T {
        fn name(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}
