//! The answer written from tool results when no model answered: one short paragraph per
//! call, in call order, with what the tool found (or why it could not run), so the
//! fallback's answer is the tools' real output rather than a template.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::{Status, ToolCall};

/// Entities listed per type at most.
const VALUES_PER_TYPE: usize = 10;

/// The answer to `task` from `calls`.
pub fn compose(calls: &[ToolCall]) -> String {
    let mut out = String::new();
    for call in calls {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        match call.status {
            Status::Ok => out.push_str(&describe(&call.tool, &call.output)),
            Status::Error | Status::Refused => {
                let _ = write!(
                    out,
                    "{} could not run: {}.",
                    call.tool,
                    call.error.as_deref().unwrap_or("unknown error")
                );
            }
        }
    }
    out
}

/// One tool's output in words.
fn describe(tool: &str, output: &Value) -> String {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    match tool {
        "calculate" => format!("{} = {}", s(&output["expression"]), s(&output["text"])),
        "current_time" => format!(
            "It is {} UTC, {} {}.",
            s(&output["utc"]),
            s(&output["weekday"]),
            s(&output["date"])
        ),
        "extract_entities" => entities("Entities found", &output["entities"]),
        "analyze_email" | "get_email_analysis" => analysis(output),
        "search_conversations" => search(output),
        "http_get" => format!(
            "{} answered {} ({}):\n{}",
            s(&output["url"]),
            output["status"],
            s(&output["content_type"]),
            s(&output["body"])
        ),
        _ => output.to_string(),
    }
}

/// `title: type: a, b; type: c` for a list of entities (`none` when empty).
fn entities(title: &str, list: &Value) -> String {
    let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in list.as_array().into_iter().flatten() {
        let values = by_type
            .entry(e["type"].as_str().unwrap_or("other").to_owned())
            .or_default();
        let value = e["value"].as_str().unwrap_or_default().to_owned();
        if !values.contains(&value) && values.len() < VALUES_PER_TYPE {
            values.push(value);
        }
    }
    if by_type.is_empty() {
        return format!("{title}: none.");
    }
    let groups: Vec<String> = by_type
        .iter()
        .map(|(kind, values)| format!("{kind}: {}", values.join(", ")))
        .collect();
    format!("{title}: {}.", groups.join("; "))
}

/// An e-mail analysis in a few lines.
fn analysis(a: &Value) -> String {
    let s = |v: &Value| v.as_str().unwrap_or("unknown").to_owned();
    let mut out = format!(
        "E-mail analysis: category {}, priority {}, intent {}, urgency {}.",
        s(&a["workflow"]["category"]),
        s(&a["priority"]["level"]),
        s(&a["intent"]),
        s(&a["urgency"]),
    );
    if let Some(summary) = a["summary"].as_str().filter(|t| !t.is_empty()) {
        let _ = write!(out, "\nSummary: {summary}");
    }
    let _ = write!(out, "\n{}", entities("Entities", &a["entities"]));
    let actions: Vec<&str> = a["action_items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["task"].as_str())
        .collect();
    if !actions.is_empty() {
        let _ = write!(out, "\nAction items: {}", actions.join("; "));
    }
    out
}

/// The conversations a search found.
fn search(output: &Value) -> String {
    let matches = output["matches"].as_array().cloned().unwrap_or_default();
    let query = output["query"].as_str().unwrap_or_default();
    if matches.is_empty() {
        return format!("No conversation of yours mentions \"{query}\".");
    }
    let mut out = format!("Conversations mentioning \"{query}\":");
    for m in &matches {
        let title = m["title"]
            .as_str()
            .filter(|t| !t.is_empty())
            .unwrap_or("(untitled)");
        let _ = write!(
            out,
            "\n- {} {title}",
            m["conversation_id"].as_str().unwrap_or_default()
        );
        if let Some(excerpt) = m["excerpt"].as_str() {
            let _ = write!(out, ": \"{excerpt}\"");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn done(tool: &str, output: Value) -> ToolCall {
        ToolCall {
            tool: tool.into(),
            arguments: json!({}),
            status: Status::Ok,
            output,
            error: None,
            ms: 0.0,
        }
    }

    #[test]
    fn each_result_is_written_out_and_failures_say_why() {
        let calls = [
            done(
                "calculate",
                json!({"expression": "12.5 * (3 + 4)", "text": "87.5"}),
            ),
            done(
                "extract_entities",
                json!({"entities": [
                    {"type": "po_number", "value": "4500012345"},
                    {"type": "po_number", "value": "4500012345"},
                    {"type": "amount", "value": "€1,200.00"}
                ]}),
            ),
            ToolCall {
                status: Status::Refused,
                error: Some("'analyze_email' needs an API key with the 'emails' scope".into()),
                ..done("analyze_email", Value::Null)
            },
        ];
        let text = compose(&calls);
        assert_eq!(
            text,
            "12.5 * (3 + 4) = 87.5\n\nEntities found: amount: €1,200.00; po_number: 4500012345.\n\n\
             analyze_email could not run: 'analyze_email' needs an API key with the 'emails' scope."
        );
    }

    #[test]
    fn an_analysis_names_its_category_priority_entities_and_actions() {
        let text = describe(
            "analyze_email",
            &json!({
                "workflow": {"category": "order"}, "priority": {"level": "high"},
                "intent": "request", "urgency": "within_24h",
                "summary": "Confirm PO.", "entities": [{"type": "po_number", "value": "45001"}],
                "action_items": [{"task": "Confirm the PO"}]
            }),
        );
        assert!(text.contains("category order, priority high"), "{text}");
        assert!(
            text.contains("po_number: 45001") && text.contains("Action items: Confirm the PO"),
            "{text}"
        );
    }
}
