//! Which family of answer a prompt calls for. Each family has cue phrases; the family
//! with the most cues in the prompt wins (ties go to the earlier family in
//! [`PromptKind::ALL`]). Only when the prompt has no cue does the agent's system prompt
//! decide; with no cue anywhere the answer is [`PromptKind::General`]. The cue phrases are
//! data, one file per family in `data/kind/`.

use std::sync::LazyLock;

use edgecrew_core::data;
use serde::Serialize;

/// The template families.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PromptKind {
    /// Pull entities or identifiers out of a text.
    Extraction,
    /// Triage or answer an e-mail.
    Email,
    /// List what has to be done.
    ActionItems,
    /// Shorten a text.
    Summary,
    /// Write or fix code.
    Code,
    /// Examine, compare, evaluate.
    Analysis,
    /// Find out what is known.
    Research,
    /// A process, approval or automation.
    Workflow,
    /// Compose or edit prose.
    Writing,
    /// Anything else.
    General,
}

impl PromptKind {
    /// Every family with cues, in tie-breaking order.
    pub const ALL: [PromptKind; 9] = [
        PromptKind::Extraction,
        PromptKind::Email,
        PromptKind::ActionItems,
        PromptKind::Summary,
        PromptKind::Code,
        PromptKind::Analysis,
        PromptKind::Research,
        PromptKind::Workflow,
        PromptKind::Writing,
    ];

    /// The family's name as the API reports it.
    pub fn as_str(self) -> &'static str {
        match self {
            PromptKind::Extraction => "extraction",
            PromptKind::Email => "email",
            PromptKind::ActionItems => "action_items",
            PromptKind::Summary => "summary",
            PromptKind::Code => "code",
            PromptKind::Analysis => "analysis",
            PromptKind::Research => "research",
            PromptKind::Workflow => "workflow",
            PromptKind::Writing => "writing",
            PromptKind::General => "general",
        }
    }

    /// The family's cue file (`data/kind/<name>.txt`), compiled in; empty for `General`.
    fn cue_file(self) -> &'static str {
        match self {
            PromptKind::Extraction => include_str!("../data/kind/extraction.txt"),
            PromptKind::Email => include_str!("../data/kind/email.txt"),
            PromptKind::ActionItems => include_str!("../data/kind/action_items.txt"),
            PromptKind::Summary => include_str!("../data/kind/summary.txt"),
            PromptKind::Code => include_str!("../data/kind/code.txt"),
            PromptKind::Analysis => include_str!("../data/kind/analysis.txt"),
            PromptKind::Research => include_str!("../data/kind/research.txt"),
            PromptKind::Workflow => include_str!("../data/kind/workflow.txt"),
            PromptKind::Writing => include_str!("../data/kind/writing.txt"),
            PromptKind::General => "",
        }
    }

    /// The family's cue phrases (none for `General`).
    fn cues(self) -> &'static [&'static str] {
        CUES.iter()
            .find(|(kind, _)| *kind == self)
            .map_or(&[], |(_, cues)| cues.as_slice())
    }
}

/// Each family of [`PromptKind::ALL`] with its cue phrases, parsed on first use.
static CUES: LazyLock<Vec<(PromptKind, Vec<&'static str>)>> = LazyLock::new(|| {
    PromptKind::ALL
        .iter()
        .map(|&kind| (kind, data::entries(kind.cue_file()).collect()))
        .collect()
});

fn score(text: &str, kind: PromptKind) -> usize {
    kind.cues().iter().filter(|cue| text.contains(*cue)).count()
}

/// The family with the most cues in `text`, if any cue occurs.
fn best(text: &str) -> Option<PromptKind> {
    let text = text.to_lowercase();
    let mut best = (0, None);
    for kind in PromptKind::ALL {
        let s = score(&text, kind);
        if s > best.0 {
            best = (s, Some(kind));
        }
    }
    best.1
}

/// The family for a prompt, given the agent's system prompt if any.
pub fn classify(prompt: &str, system_prompt: Option<&str>) -> PromptKind {
    best(prompt)
        .or_else(|| system_prompt.and_then(best))
        .unwrap_or(PromptKind::General)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_land_in_their_family() {
        let cases = [
            ("Summarize this report: sales rose.", PromptKind::Summary),
            (
                "Extract all PO numbers from the text",
                PromptKind::Extraction,
            ),
            (
                "What are the action items from this meeting?",
                PromptKind::ActionItems,
            ),
            ("Why does this Rust function not compile?", PromptKind::Code),
            (
                "Compare Q1 and Q2 and evaluate the trend",
                PromptKind::Analysis,
            ),
            (
                "Research the market for edge inference",
                PromptKind::Research,
            ),
            (
                "Design an approval workflow for refunds",
                PromptKind::Workflow,
            ),
            ("Draft a blog post about our launch", PromptKind::Writing),
            ("Hello there", PromptKind::General),
        ];
        for (prompt, want) in cases {
            assert_eq!(classify(prompt, None), want, "{prompt}");
        }
    }

    #[test]
    fn the_system_prompt_decides_only_when_the_prompt_has_no_cue() {
        let system = Some("You analyse business e-mail and reply to the inbox.");
        assert_eq!(classify("Look at this", system), PromptKind::Email);
        assert_eq!(classify("Summarize this", system), PromptKind::Summary);
    }

    #[test]
    fn a_quoted_cue_keeps_its_trailing_blank() {
        assert_eq!(classify("Dear Anna, thanks", None), PromptKind::Email);
        assert_eq!(classify("Oh dear", None), PromptKind::General);
    }
}
