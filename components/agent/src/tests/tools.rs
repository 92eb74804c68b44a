//! Tool calls: the checks before a call, each built-in tool's output, and failures
//! reported rather than raised.

use edgecrew_kv::Kv;
use futures::executor::block_on;
use serde_json::{Value, json};

use super::opened;
use crate::conversations::store::{self, Message};
use crate::tools::{Context, Status, ToolCall, run, run_all};

const ALL_SCOPES: &[&str] = &["agents", "emails", "conversations"];

fn context<'a>(kv: Option<&'a Kv>, agent: &'a str, scopes: &'a [String]) -> Context<'a> {
    Context {
        kv,
        owner: "alice",
        scopes,
        agent,
    }
}

fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn call(kv: Option<&Kv>, agent: &str, scopes_held: &[&str], tool: &str, args: Value) -> ToolCall {
    let held = scopes(scopes_held);
    block_on(run(tool, &args, &context(kv, agent, &held)))
}

#[test]
fn calls_are_refused_before_they_run_with_the_reason() {
    let refused = |c: ToolCall| {
        assert_eq!(c.status, Status::Refused, "{c:?}");
        c.error.unwrap_or_default()
    };
    let why = refused(call(None, "tool_executor", ALL_SCOPES, "exec", json!({})));
    assert!(why.contains("no tool 'exec'"), "{why}");
    let why = refused(call(
        None,
        "writer",
        ALL_SCOPES,
        "calculate",
        json!({"expression": "1+1"}),
    ));
    assert!(why.contains("may not use"), "{why}");
    let why = refused(call(
        None,
        "tool_executor",
        &["agents"],
        "extract_entities",
        json!({"text": "PO 4500012345"}),
    ));
    assert!(why.contains("'emails' scope"), "{why}");
    let why = refused(call(
        None,
        "tool_executor",
        ALL_SCOPES,
        "calculate",
        json!({"expression": 7}),
    ));
    assert!(why.starts_with("arguments:"), "{why}");
}

#[test]
fn calculate_gives_the_value_or_says_why_not() {
    let done = call(
        None,
        "data_analysis",
        ALL_SCOPES,
        "calculate",
        json!({"expression": "12.5 * (3 + 4)"}),
    );
    assert_eq!(done.status, Status::Ok);
    assert_eq!(
        (done.output["value"].as_f64(), done.output["text"].as_str()),
        (Some(87.5), Some("87.5"))
    );
    let failed = call(
        None,
        "data_analysis",
        ALL_SCOPES,
        "calculate",
        json!({"expression": "1 / 0"}),
    );
    assert_eq!(
        (failed.status, failed.error.as_deref()),
        (Status::Error, Some("division by zero"))
    );
}

#[test]
fn entities_and_analyses_come_from_the_rules() {
    let text = "Subject: PO 4500012345\n\nPlease confirm PO 4500012345 for EUR 1,200.00 by Friday.";
    let found = call(
        None,
        "email_analysis",
        ALL_SCOPES,
        "extract_entities",
        json!({"text": text}),
    );
    let values: Vec<&str> = found.output["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["value"].as_str())
        .collect();
    assert!(
        values.iter().any(|v| v.contains("4500012345")),
        "{values:?}"
    );
    let analysed = call(
        None,
        "email_analysis",
        ALL_SCOPES,
        "analyze_email",
        json!({"subject": "PO 4500012345", "body": text}),
    );
    assert_eq!(analysed.status, Status::Ok, "{analysed:?}");
    assert!(
        analysed.output["workflow"]["category"].is_string()
            && analysed.output["entities"].is_array()
    );
}

#[test]
fn a_stored_analysis_is_read_and_a_missing_one_is_an_error() {
    let (_, kv) = opened();
    block_on(kv.set_json(
        "analysis:em_1",
        &json!({"email_id": "em_1", "summary": "s"}),
    ))
    .unwrap();
    let read = call(
        Some(&kv),
        "email_analysis",
        ALL_SCOPES,
        "get_email_analysis",
        json!({"email_id": "em_1"}),
    );
    assert_eq!(read.output["summary"], "s");
    let missing = call(
        Some(&kv),
        "email_analysis",
        ALL_SCOPES,
        "get_email_analysis",
        json!({"email_id": "em_2"}),
    );
    assert_eq!(missing.status, Status::Error);
    let no_store = call(
        None,
        "email_analysis",
        ALL_SCOPES,
        "get_email_analysis",
        json!({"email_id": "em_1"}),
    );
    assert_eq!(no_store.status, Status::Error);
}

#[test]
fn a_search_finds_the_callers_own_conversations_only() {
    let (_, kv) = opened();
    let say = |id: &str, owner: &str, title: &str, text: &str| {
        block_on(store::create(
            &kv,
            id.into(),
            title.into(),
            "t".into(),
            owner,
        ))
        .unwrap();
        let message = Message {
            seq: 0,
            role: "user".into(),
            content: text.into(),
            agent: None,
            provider: None,
            created_at: "t".into(),
        };
        block_on(store::append(&kv, id, message)).unwrap();
    };
    say("c1", "alice", "Pricing", "The Acme renewal is due in March");
    say("c2", "alice", "Other", "lunch plans");
    say("c3", "bob", "Acme", "Acme renewal for bob");
    let found = call(
        Some(&kv),
        "research",
        ALL_SCOPES,
        "search_conversations",
        json!({"query": "acme renewal"}),
    );
    let ids: Vec<&str> = found.output["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["conversation_id"].as_str())
        .collect();
    assert_eq!(ids, ["c1"]);
    assert_eq!(
        found.output["matches"][0]["excerpt"],
        "The Acme renewal is due in March"
    );
}

#[test]
fn calls_run_together_and_each_reports_its_own_outcome() {
    let held = scopes(ALL_SCOPES);
    let calls = vec![
        ("calculate".to_owned(), json!({"expression": "2 ^ 10"})),
        ("current_time".to_owned(), json!({})),
        ("calculate".to_owned(), json!({"expression": "nope"})),
    ];
    let done = block_on(run_all(&calls, &context(None, "tool_executor", &held)));
    let statuses: Vec<Status> = done.iter().map(|c| c.status).collect();
    assert_eq!(statuses, [Status::Ok, Status::Ok, Status::Error]);
    assert_eq!(done[0].output["text"], "1024");
    assert!(
        done[1].output["utc"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
}

#[test]
fn every_catalogue_tool_is_built_in_and_every_built_in_is_listed() {
    let mut listed: Vec<&str> = edgecrew_agents::tools::catalogue()
        .expect("tools.toml")
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let mut built: Vec<&str> = crate::tools::builtin::BUILT_IN.to_vec();
    listed.sort_unstable();
    built.sort_unstable();
    assert_eq!(listed, built);
}
