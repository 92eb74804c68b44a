//! The built-in tools, one function each: pure computations over their arguments, or a
//! bounded read of the store. Arguments were checked against the tool's schema already.

use edgecrew_agents::tools::calculate;
use edgecrew_core::civil::civil_from_days;
use edgecrew_extract::{Email, Options, analyze, extract};
use edgecrew_validation_rules::time::format_rfc3339;
use serde_json::{Value, json};

use super::Context;
use crate::clock::now_ms;
use crate::conversations::store;

/// The tools built in here, the ones `tools.toml` may list (a test checks both ways).
pub const BUILT_IN: &[&str] = &[
    "calculate",
    "current_time",
    "extract_entities",
    "analyze_email",
    "get_email_analysis",
    "search_conversations",
    "http_get",
];

/// Conversations `search_conversations` looks through at most, newest first.
const SEARCH_CONVERSATIONS: usize = 50;

/// Newest messages of each conversation it reads at most.
const SEARCH_MESSAGES: usize = 100;

/// Matches it returns at most.
const SEARCH_RESULTS: usize = 10;

/// Characters of a matching message it quotes at most.
const EXCERPT_CHARS: usize = 200;

/// Run built-in `tool`.
pub async fn call(tool: &str, arguments: &Value, context: &Context<'_>) -> Result<Value, String> {
    let text = |name: &str| arguments[name].as_str().unwrap_or_default().to_owned();
    match tool {
        "calculate" => {
            let expression = text("expression");
            let value = calculate::evaluate(&expression).map_err(|e| e.to_string())?;
            Ok(
                json!({ "expression": expression, "value": value, "text": calculate::format(value) }),
            )
        }
        "current_time" => Ok(current_time(now_ms() as i64)),
        "extract_entities" => {
            Ok(json!({ "entities": extract(&text("text"), &Options::default()) }))
        }
        "analyze_email" => {
            let email = Email {
                subject: text("subject"),
                body: text("body"),
                ..Email::default()
            };
            serde_json::to_value(analyze(&email, "tool")).map_err(|e| e.to_string())
        }
        "get_email_analysis" => stored_analysis(&text("email_id"), context).await,
        "search_conversations" => search(&text("query"), context).await,
        "http_get" => super::http_get::fetch(&text("url")).await,
        other => Err(format!("'{other}' has no implementation")),
    }
}

/// The time at `ms` (Unix milliseconds) in UTC, and its weekday.
fn current_time(ms: i64) -> Value {
    const WEEKDAYS: [&str; 7] = [
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
    ];
    let days = ms.div_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    json!({
        "utc": format_rfc3339(ms),
        "date": format!("{year:04}-{month:02}-{day:02}"),
        "weekday": WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)],
    })
}

/// The analysis stored by `POST /v1/emails/analyze` for `email_id`, without the e-mail it
/// was made of (the model asked for the analysis, and a long body would crowd it out).
async fn stored_analysis(email_id: &str, context: &Context<'_>) -> Result<Value, String> {
    let kv = context.kv.ok_or("the store is not available")?;
    let mut analysis = kv
        .get_json::<Value>(&format!("analysis:{email_id}"))
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no stored analysis of e-mail '{email_id}'"))?;
    if let Some(fields) = analysis.as_object_mut() {
        fields.remove("email");
    }
    Ok(analysis)
}

/// The caller's conversations whose title or recent messages hold every word of `query`.
async fn search(query: &str, context: &Context<'_>) -> Result<Value, String> {
    let kv = context.kv.ok_or("the store is not available")?;
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let holds_all = |text: &str| {
        let text = text.to_lowercase();
        words.iter().all(|w| text.contains(w.as_str()))
    };
    let (conversations, _) = store::page(
        kv,
        context.owner,
        None,
        SEARCH_CONVERSATIONS,
        SEARCH_CONVERSATIONS * 2,
    )
    .await
    .map_err(|e| e.to_string())?;
    let mut matches = Vec::new();
    for conversation in conversations {
        if matches.len() >= SEARCH_RESULTS {
            break;
        }
        let messages = store::recent(kv, &conversation.id, SEARCH_MESSAGES, usize::MAX)
            .await
            .map_err(|e| e.to_string())?;
        let found = messages.iter().rev().find(|m| holds_all(&m.content));
        if found.is_none() && !holds_all(&conversation.title) {
            continue;
        }
        matches.push(json!({
            "conversation_id": conversation.id,
            "title": conversation.title,
            "created_at": conversation.created_at,
            "excerpt": found.map(|m| m.content.chars().take(EXCERPT_CHARS).collect::<String>()),
        }));
    }
    Ok(json!({ "query": query, "matches": matches }))
}

#[cfg(test)]
mod tests {
    use super::current_time;

    #[test]
    fn the_time_has_its_date_and_weekday() {
        let t = current_time(1_796_601_600_000); // 2026-12-07T00:00:00Z
        assert_eq!(t["date"], "2026-12-07");
        assert_eq!(t["weekday"], "Monday");
        assert_eq!(current_time(0)["weekday"], "Thursday");
    }
}
