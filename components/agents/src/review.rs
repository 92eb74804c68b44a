//! After the steps ran: checking their outcomes, handing a step the outputs of the steps it
//! depends on, and composing the final answer.
//!
//! A step's outcome is the last [`StepOutcome`] recorded for its id, so a retry by a fallback
//! agent replaces the failed attempt.

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, Step};
use crate::text;

/// Most chars of one dependency's output passed to a step ([`step_context`]).
pub const CONTEXT_CHARS: usize = 4000;
/// Most chars of a step description used as a heading.
const HEADING_CHARS: usize = 80;

/// What one step produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutcome {
    /// The step's id.
    pub step_id: String,
    /// The agent that ran it (a fallback agent when the planned one failed).
    pub agent: String,
    /// Its output (an error description when it failed).
    pub output: String,
    /// False when the step failed.
    pub ok: bool,
}

/// The deterministic checks of a run against its plan; step ids in plan order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// True when every step of the plan succeeded with a non-blank output.
    pub passed: bool,
    /// Steps that failed.
    pub failed: Vec<String>,
    /// Steps that succeeded with a blank output.
    pub empty: Vec<String>,
    /// Steps with no outcome (not run).
    pub missing: Vec<String>,
}

/// Check `outputs` against `plan`.
#[must_use]
pub fn review(plan: &Plan, outputs: &[StepOutcome]) -> Review {
    let mut review = Review {
        passed: true,
        failed: Vec::new(),
        empty: Vec::new(),
        missing: Vec::new(),
    };
    for step in &plan.steps {
        let list = match outcome(&step.id, outputs) {
            None => &mut review.missing,
            Some(o) if !o.ok => &mut review.failed,
            Some(o) if o.output.trim().is_empty() => &mut review.empty,
            Some(_) => continue,
        };
        list.push(step.id.clone());
        review.passed = false;
    }
    review
}

/// The text given to `step` from the outputs of the steps it depends on, in `depends_on`
/// order: each under a heading naming the step, cut to [`CONTEXT_CHARS`] chars with a marker
/// saying how much was left out; a dependency without a usable output is named as such.
/// Empty when the step depends on nothing.
#[must_use]
pub fn step_context(plan: &Plan, step: &Step, outputs: &[StepOutcome]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for id in &step.depends_on {
        if seen.contains(&id.as_str()) {
            continue;
        }
        seen.push(id);
        let description = plan
            .steps
            .iter()
            .find(|s| s.id == *id)
            .map_or_else(String::new, |s| {
                text::headline(&s.description, HEADING_CHARS)
            });
        parts.push(match success(id, outputs) {
            Some(o) => {
                let body = match text::truncate_chars(o.output.trim(), CONTEXT_CHARS) {
                    (kept, 0) => kept.to_owned(),
                    (kept, cut) => format!("{kept}\n[… {cut} more characters left out]"),
                };
                format!("Result of step {id} ({}: {description}):\n{body}", o.agent)
            }
            None => format!("Step {id} ({description}) produced no result."),
        });
    }
    parts.join("\n\n")
}

/// The final answer: the output of the plan's last step when it succeeded (the combining
/// step), else the successful outputs in plan order under a heading per step; followed by a
/// plain note naming the steps that failed, returned nothing or did not run.
#[must_use]
pub fn compose_answer(plan: &Plan, outputs: &[StepOutcome]) -> String {
    let last = plan.steps.last().and_then(|s| success(&s.id, outputs));
    let body = match last {
        Some(o) => o.output.trim().to_owned(),
        None => sections(plan, outputs),
    };
    let note = note(plan, &review(plan, outputs));
    match (body.is_empty(), note) {
        (false, Some(note)) => format!("{body}\n\n{note}"),
        (false, None) => body,
        (true, Some(note)) => format!("No step produced a result. {note}"),
        (true, None) => "No step produced a result.".to_owned(),
    }
}

/// The successful outputs under a heading per step.
fn sections(plan: &Plan, outputs: &[StepOutcome]) -> String {
    plan.steps
        .iter()
        .filter_map(|s| {
            let o = success(&s.id, outputs)?;
            let heading = text::headline(&s.description, HEADING_CHARS);
            Some(format!("## {heading} ({})\n\n{}", o.agent, o.output.trim()))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// "Note: ..." naming the steps that did not succeed, if any.
fn note(plan: &Plan, review: &Review) -> Option<String> {
    let name = |id: &String, what: &str| {
        let agent = plan
            .steps
            .iter()
            .find(|s| s.id == *id)
            .map_or("", |s| s.agent.as_str());
        format!("step {id} ({agent}) {what}")
    };
    let problems: Vec<String> = (review.failed.iter().map(|id| name(id, "failed")))
        .chain(review.empty.iter().map(|id| name(id, "returned nothing")))
        .chain(review.missing.iter().map(|id| name(id, "did not run")))
        .collect();
    (!problems.is_empty()).then(|| format!("Note: {}.", problems.join("; ")))
}

/// The last outcome recorded for step `id`.
fn outcome<'a>(id: &str, outputs: &'a [StepOutcome]) -> Option<&'a StepOutcome> {
    outputs.iter().rev().find(|o| o.step_id == id)
}

/// The outcome of step `id` when it succeeded with a non-blank output.
fn success<'a>(id: &str, outputs: &'a [StepOutcome]) -> Option<&'a StepOutcome> {
    outcome(id, outputs).filter(|o| o.ok && !o.output.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::step;

    fn plan() -> Plan {
        Plan {
            steps: vec![
                step("s1", "research", &[]),
                step("s2", "data_analysis", &["s1"]),
                step("s3", "writer", &["s1", "s2"]),
            ],
        }
    }

    fn out(id: &str, agent: &str, output: &str, ok: bool) -> StepOutcome {
        StepOutcome {
            step_id: id.to_owned(),
            agent: agent.to_owned(),
            output: output.to_owned(),
            ok,
        }
    }

    #[test]
    fn a_full_run_passes_and_answers_with_the_last_step() {
        let outputs = [
            out("s1", "research", "facts", true),
            out("s2", "data_analysis", "numbers", true),
            out("s3", "writer", "  the answer \n", true),
        ];
        let r = review(&plan(), &outputs);
        assert!(r.passed && r.failed.is_empty() && r.empty.is_empty() && r.missing.is_empty());
        assert_eq!(compose_answer(&plan(), &outputs), "the answer");
    }

    #[test]
    fn failed_blank_and_missing_steps_are_listed() {
        let outputs = [
            out("s1", "research", "   ", true),
            out("s2", "data_analysis", "timeout", false),
        ];
        let r = review(&plan(), &outputs);
        assert!(!r.passed);
        assert_eq!(
            (r.failed, r.empty, r.missing),
            (
                vec!["s2".to_owned()],
                vec!["s1".to_owned()],
                vec!["s3".to_owned()]
            )
        );
    }

    #[test]
    fn a_retry_replaces_the_failed_attempt() {
        let outputs = [
            out("s1", "research", "facts", true),
            out("s2", "data_analysis", "timeout", false),
            out("s2", "research", "numbers, by the fallback", true),
            out("s3", "writer", "the answer", true),
        ];
        assert!(review(&plan(), &outputs).passed);
    }

    #[test]
    fn without_the_last_step_the_answer_is_the_sections_and_a_note() {
        let outputs = [
            out("s1", "research", "facts", true),
            out("s2", "data_analysis", "numbers", true),
            out("s3", "writer", "model unavailable", false),
        ];
        assert_eq!(
            compose_answer(&plan(), &outputs),
            "## do s1 (research)\n\nfacts\n\n## do s2 (data_analysis)\n\nnumbers\n\n\
             Note: step s3 (writer) failed."
        );
        let nothing = compose_answer(&plan(), &[out("s1", "research", "boom", false)]);
        assert_eq!(
            nothing,
            "No step produced a result. Note: step s1 (research) failed; \
             step s2 (data_analysis) did not run; step s3 (writer) did not run."
        );
        assert_eq!(
            compose_answer(&Plan { steps: vec![] }, &[]),
            "No step produced a result."
        );
    }

    #[test]
    fn a_good_answer_still_notes_the_steps_that_failed() {
        let outputs = [
            out("s1", "research", "facts", true),
            out("s2", "data_analysis", "boom", false),
            out("s3", "writer", "the answer", true),
        ];
        assert_eq!(
            compose_answer(&plan(), &outputs),
            "the answer\n\nNote: step s2 (data_analysis) failed."
        );
    }

    #[test]
    fn a_step_gets_the_outputs_it_depends_on() {
        let p = plan();
        let outputs = [
            out("s1", "research", "facts", true),
            out("s2", "data_analysis", "boom", false),
        ];
        let s3 = &p.steps[2];
        assert_eq!(
            step_context(&p, s3, &outputs),
            "Result of step s1 (research: do s1):\nfacts\n\nStep s2 (do s2) produced no result."
        );
        assert_eq!(step_context(&p, &p.steps[0], &outputs), "");
    }

    #[test]
    fn long_outputs_are_cut_on_char_boundaries() {
        let p = plan();
        let long = "é".repeat(CONTEXT_CHARS + 7);
        let context = step_context(&p, &p.steps[1], &[out("s1", "research", &long, true)]);
        let expected = format!(
            "Result of step s1 (research: do s1):\n{}\n[… 7 more characters left out]",
            "é".repeat(CONTEXT_CHARS)
        );
        assert_eq!(context, expected);
    }
}
