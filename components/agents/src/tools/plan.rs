//! The rule-based planner: the tool calls a task asks for, found without a model, so an
//! agent still acts when no model answers. Each rule looks for its cue phrases
//! (`data/tools/*.txt`) and the material the call needs (an expression, a text, an id,
//! search words); a rule without its material makes no call.

use std::sync::LazyLock;

use edgecrew_core::data;
use serde_json::{Value, json};

use crate::text::words;

/// A call the planner chose: a tool and its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCall {
    /// The tool's name.
    pub tool: &'static str,
    /// Its arguments (they fit the tool's schema).
    pub arguments: Value,
}

/// A list file of `data/tools/`, parsed once.
macro_rules! cues {
    ($name:ident, $file:literal) => {
        static $name: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
            data::entries(include_str!(concat!("../../data/tools/", $file))).collect()
        });
    };
}

cues!(CALC, "calc_cues.txt");
cues!(TIME, "time_cues.txt");
cues!(ANALYZE, "analyze_cues.txt");
cues!(EMAIL_WORDS, "email_words.txt");
cues!(EXTRACT, "extract_cues.txt");
cues!(SEARCH, "search_cues.txt");
cues!(FETCH, "fetch_cues.txt");

/// Shortest text worth analysing or searching for entities, in characters.
const MIN_MATERIAL: usize = 20;

/// Longest search query taken from a task, in characters.
const MAX_QUERY: usize = 200;

/// The calls `task` asks for, with `context` (the caller's material, possibly empty), in
/// this order: calculate, current time, the e-mail analysis (stored, or of the text) or
/// the entities of the text, a fetch of the URL named, the conversation search. Only tools `allowed` names are
/// planned.
pub fn plan(task: &str, context: &str, allowed: &[&str]) -> Vec<PlannedCall> {
    let lower = task.to_lowercase();
    let task_words: Vec<String> = words(&lower).collect();
    let has_word = |list: &[&str]| task_words.iter().any(|w| list.contains(&w.as_str()));
    let mut calls = Vec::new();
    if CALC.iter().any(|c| lower.contains(c))
        && let Some(expression) = find_expression(task)
    {
        calls.push(PlannedCall {
            tool: "calculate",
            arguments: json!({ "expression": expression }),
        });
    }
    if TIME.iter().any(|c| lower.contains(c)) {
        calls.push(PlannedCall {
            tool: "current_time",
            arguments: json!({}),
        });
    }
    let material = material(task, context);
    let asks_analysis = has_word(&ANALYZE) && has_word(&EMAIL_WORDS);
    if let Some(id) = email_id(task).filter(|_| asks_analysis || lower.contains("stored")) {
        calls.push(PlannedCall {
            tool: "get_email_analysis",
            arguments: json!({ "email_id": id }),
        });
    } else if let Some(text) = &material {
        if asks_analysis {
            calls.push(PlannedCall {
                tool: "analyze_email",
                arguments: json!({ "subject": subject(text), "body": text }),
            });
        } else if has_word(&EXTRACT) {
            calls.push(PlannedCall {
                tool: "extract_entities",
                arguments: json!({ "text": text }),
            });
        }
    }
    if has_word(&FETCH)
        && let Some(url) = find_url(task)
    {
        calls.push(PlannedCall {
            tool: "http_get",
            arguments: json!({ "url": url }),
        });
    }
    if let Some(query) = search_query(&lower) {
        calls.push(PlannedCall {
            tool: "search_conversations",
            arguments: json!({ "query": query }),
        });
    }
    calls.retain(|c| allowed.contains(&c.tool));
    calls
}

/// The text a call works on: the context when there is one, else what follows the
/// task's first line break or colon (an e-mail pasted into the task).
fn material(task: &str, context: &str) -> Option<String> {
    let context = context.trim();
    if context.chars().count() >= MIN_MATERIAL {
        return Some(context.to_owned());
    }
    let cut = task.find(['\n', ':'])?;
    let rest = task[cut + 1..].trim();
    (rest.chars().count() >= MIN_MATERIAL).then(|| rest.to_owned())
}

/// The `Subject:` line of a pasted e-mail, or empty.
fn subject(text: &str) -> String {
    text.lines()
        .find_map(|l| {
            let l = l.trim();
            l.get(..8)
                .filter(|p| p.eq_ignore_ascii_case("subject:"))
                .map(|_| l[8..].trim().to_owned())
        })
        .unwrap_or_default()
}

/// An e-mail id named in the task: a token `em_...` (the ids the analysis mints), or the
/// token after `e-mail id` / `email id`.
fn email_id(task: &str) -> Option<String> {
    let tokens: Vec<&str> = task
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '?' | '!' | '"' | '\''))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    let is_id = |t: &&str| {
        t.len() <= 128
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
    };
    if let Some(id) = tokens.iter().find(|t| t.starts_with("em_") && t.len() > 3) {
        return Some((*id).to_owned());
    }
    tokens
        .windows(3)
        .find(|w| {
            matches!(w[0].to_lowercase().as_str(), "e-mail" | "email")
                && w[1].eq_ignore_ascii_case("id")
        })
        .map(|w| w[2])
        .filter(is_id)
        .map(str::to_owned)
}

/// The first `http://` or `https://` URL in the task, without trailing punctuation.
fn find_url(task: &str) -> Option<String> {
    let start = task.find("http://").or_else(|| task.find("https://"))?;
    let url: String = task[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>'))
        .collect();
    let url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    (url.len() <= super::url::MAX_LEN).then(|| url.to_owned())
}

/// The words after a search cue, up to the end of the sentence.
fn search_query(lower: &str) -> Option<String> {
    let (cue_end, _) = SEARCH
        .iter()
        .find_map(|cue| lower.find(cue).map(|at| (at + cue.len(), cue)))?;
    let rest = &lower[cue_end..];
    let end = rest.find(['.', '?', '!', '\n']).unwrap_or(rest.len());
    let query: String = rest[..end]
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”'))
        .chars()
        .take(MAX_QUERY)
        .collect();
    (!query.trim().is_empty()).then(|| query.trim().to_owned())
}

/// The longest run of `text` that is an arithmetic expression: numbers joined by
/// operators (`+ - * / % ^`, `x` or `×` between numbers), with parentheses and blanks.
pub fn find_expression(text: &str) -> Option<String> {
    let normalized: String = text
        .chars()
        .map(|c| match c {
            '×' => '*',
            '÷' => '/',
            '−' => '-',
            c => c,
        })
        .collect();
    let chars: Vec<char> = normalized.chars().collect();
    let mut best: Option<String> = None;
    let mut i = 0;
    while i < chars.len() {
        let allowed = |c: char| c.is_ascii_digit() || "+-*/%^(). ".contains(c);
        if !(chars[i].is_ascii_digit() || chars[i] == '(' || chars[i] == '-') {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (allowed(chars[i]) || is_times(&chars, i)) {
            i += 1;
        }
        let run: String = chars[start..i]
            .iter()
            .enumerate()
            .map(|(k, &c)| if is_times(&chars, start + k) { '*' } else { c })
            .collect();
        let run = run.trim().trim_end_matches(['.', ' ']).to_owned();
        if is_expression(&run) && best.as_ref().is_none_or(|b| run.len() > b.len()) {
            best = Some(run);
        }
        i = i.max(start + 1);
    }
    best
}

/// Whether `chars[i]` is an `x` used as a times sign: between a digit and a digit, with
/// optional blanks.
fn is_times(chars: &[char], i: usize) -> bool {
    if !matches!(chars[i], 'x' | 'X') {
        return false;
    }
    let before = chars[..i].iter().rev().find(|c| **c != ' ');
    let after = chars[i + 1..].iter().find(|c| **c != ' ');
    before.is_some_and(char::is_ascii_digit)
        && after.is_some_and(|c| c.is_ascii_digit() || *c == '(')
}

/// At least two numbers with an operator between them, balanced parentheses, and not a
/// date (`2026-12-07`, `07/12/2026`: three numbers joined by one separator, no blanks).
fn is_expression(run: &str) -> bool {
    let is_date = ['-', '/'].iter().any(|&sep| {
        let parts: Vec<&str> = run.split(sep).collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    });
    if is_date {
        return false;
    }
    let numbers = run
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| s.chars().any(|c| c.is_ascii_digit()))
        .count();
    let mut depth = 0i32;
    for c in run.chars() {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        if depth < 0 {
            return false;
        }
    }
    let has_operator = run
        .trim_start_matches('-')
        .contains(['+', '-', '*', '/', '%', '^']);
    numbers >= 2 && depth == 0 && has_operator && super::calculate::evaluate(run).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every tool of the catalogue, as `tool_executor` may use them all.
    fn all() -> Vec<&'static str> {
        crate::tools::for_agent("tool_executor")
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }

    fn tools(task: &str, context: &str) -> Vec<&'static str> {
        plan(task, context, &all()).iter().map(|c| c.tool).collect()
    }

    const EMAIL: &str =
        "Subject: Order 4500012345\n\nHello, please confirm PO 4500012345 for 12 units by Friday.";

    #[test]
    fn an_expression_with_a_cue_is_calculated() {
        let calls = plan("What is 12.5 * (3 + 4)?", "", &all());
        assert_eq!(
            calls,
            [PlannedCall {
                tool: "calculate",
                arguments: json!({"expression": "12.5 * (3 + 4)"})
            }]
        );
        assert_eq!(
            find_expression("compute 3 x 4 + 1 please").as_deref(),
            Some("3 * 4 + 1")
        );
        assert_eq!(find_expression("what is 2^10").as_deref(), Some("2^10"));
        // A date or a lone number is no expression; nor is a sum without a cue a request.
        assert!(find_expression("what is due on 2026-12-07").is_none());
        assert!(find_expression("what is due on 07/12/2026").is_none());
        assert_eq!(find_expression("what is 10/4").as_deref(), Some("10/4"));
        assert!(tools("Compare Q3 and Q4 revenue.", "{\"q3\": 120, \"q4\": 150}").is_empty());
        assert!(tools("Ship 3 + 4 boxes", "").is_empty(), "no cue");
        assert!(find_expression("order 42").is_none());
    }

    #[test]
    fn the_time_is_asked_for_by_phrase() {
        assert_eq!(tools("What time is it in UTC?", ""), ["current_time"]);
        assert_eq!(tools("What's today's date?", ""), ["current_time"]);
        assert!(tools("Make time for a review", "").is_empty());
    }

    #[test]
    fn an_email_with_an_analysis_cue_is_analysed_and_its_subject_kept() {
        let calls = plan("Analyze this e-mail and list its PO numbers", EMAIL, &all());
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert_eq!(calls[0].tool, "analyze_email");
        assert_eq!(calls[0].arguments["subject"], "Order 4500012345");
        assert_eq!(calls[0].arguments["body"], EMAIL);
        // Pasted into the task after a colon.
        let pasted = format!("Please triage this email: {EMAIL}");
        assert_eq!(tools(&pasted, ""), ["analyze_email"]);
        // No text to analyse: no call.
        assert!(tools("Analyze my e-mail", "").is_empty());
    }

    #[test]
    fn entities_are_extracted_when_asked_without_an_analysis() {
        assert_eq!(
            tools("Extract the identifiers", EMAIL),
            ["extract_entities"]
        );
        assert!(tools("Extract the identifiers", "").is_empty());
    }

    #[test]
    fn a_stored_analysis_is_read_by_its_id() {
        let calls = plan("Show the analysis of email em_3f2a9c1d", "", &all());
        assert_eq!(calls[0].tool, "get_email_analysis");
        assert_eq!(calls[0].arguments["email_id"], "em_3f2a9c1d");
        let calls = plan(
            "Get the stored analysis for e-mail id MSG-2291.",
            "",
            &all(),
        );
        assert_eq!(calls[0].arguments["email_id"], "MSG-2291");
    }

    #[test]
    fn conversations_are_searched_for_the_words_after_the_cue() {
        let calls = plan(
            "Find my conversations about \"pricing for Acme\".",
            "",
            &all(),
        );
        assert_eq!(calls[0].tool, "search_conversations");
        assert_eq!(calls[0].arguments["query"], "pricing for acme");
        assert!(tools("Start a conversation", "").is_empty());
    }

    #[test]
    fn a_url_with_a_fetch_cue_is_fetched() {
        let calls = plan(
            "Fetch https://example.com/report.txt, then summarise it.",
            "",
            &all(),
        );
        assert_eq!(
            calls,
            [PlannedCall {
                tool: "http_get",
                arguments: json!({"url": "https://example.com/report.txt"})
            }]
        );
        assert!(
            tools("I saw https://example.com yesterday", "").is_empty(),
            "no cue"
        );
    }

    #[test]
    fn only_allowed_tools_are_planned_and_every_plan_fits_its_schema() {
        assert!(
            plan("What is 2 + 2 and what time is it?", "", &["current_time"])
                .iter()
                .all(|c| c.tool == "current_time")
        );
        let tasks = [
            ("What is 2 + 2 and what time is it?", ""),
            ("Analyze this e-mail", EMAIL),
            ("Extract entities", EMAIL),
            ("analysis of email em_1", ""),
            ("search conversations about budget", ""),
            ("read http://h:8080/x", ""),
        ];
        for (task, context) in tasks {
            for call in plan(task, context, &all()) {
                let tool = crate::tools::named(call.tool).expect("a catalogue tool");
                assert_eq!(tool.check(&call.arguments), Ok(()), "{task}: {call:?}");
            }
        }
    }
}
