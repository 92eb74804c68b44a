//! Which family of answer a prompt calls for. Each family has cue phrases; the family
//! with the most cues in the prompt wins (ties go to the earlier family in
//! [`PromptKind::ALL`]). Only when the prompt has no cue does the agent's system prompt
//! decide; with no cue anywhere the answer is [`PromptKind::General`].

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

    fn cues(self) -> &'static [&'static str] {
        match self {
            PromptKind::Extraction => &[
                "extract",
                "entities",
                "entity",
                "pull out",
                "identify all",
                "list all",
                "po number",
                "tracking number",
                "invoice number",
                "order number",
            ],
            PromptKind::Email => &[
                "email", "e-mail", "inbox", "reply to", "subject:", "from:", "dear ", "regards",
            ],
            PromptKind::ActionItems => &[
                "action item",
                "action items",
                "to-do",
                "todo",
                "next steps",
                "follow up",
                "follow-up",
                "what needs to be done",
                "tasks",
            ],
            PromptKind::Summary => &[
                "summarize",
                "summarise",
                "summary",
                "tl;dr",
                "tldr",
                "recap",
                "condense",
                "key points",
                "in short",
            ],
            PromptKind::Code => &[
                "code",
                "function",
                "bug",
                "compile",
                "stack trace",
                "refactor",
                "rust",
                "python",
                "javascript",
                "typescript",
                "sql",
                "```",
                "exception",
            ],
            PromptKind::Analysis => &[
                "analyze",
                "analyse",
                "analysis",
                "compare",
                "comparison",
                "trend",
                "evaluate",
                "assess",
                "pros and cons",
                "root cause",
            ],
            PromptKind::Research => &[
                "research",
                "find out",
                "sources",
                "investigate",
                "background on",
                "what is known",
                "literature",
                "market for",
            ],
            PromptKind::Workflow => &[
                "workflow",
                "process",
                "approval",
                "approve",
                "pipeline",
                "automate",
                "escalate",
                "procedure",
                "steps to",
            ],
            PromptKind::Writing => &[
                "write",
                "draft",
                "rewrite",
                "blog",
                "article",
                "essay",
                "proofread",
                "edit this",
                "tone",
            ],
            PromptKind::General => &[],
        }
    }
}

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
}
