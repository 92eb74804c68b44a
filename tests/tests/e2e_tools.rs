//! End-to-end: agents that act, with the primary provider down — the rule-based planner
//! picks the tools a task asks for, they run with the caller's rights, and their real
//! output is the answer, each call listed in `tool_calls`. Against the shared server or
//! `EDGECREW_BASE_URL`, on real `spin up` and on devhost.

mod support;

use http::Method;
use serde_json::{Value, json};
use support::{call, create_key};

const EMAIL: &str = "Subject: Purchase order 4500012345\n\nHello team,\nplease confirm PO \
                     4500012345 for 12 units of the X200 at EUR 1,200.00 and ship to our Berlin \
                     warehouse by Friday.\nBest regards,\nAnna Weber\nAcme GmbH";

async fn execute(key: &str, agent: &str, body: Value) -> Value {
    let reply = call(
        Method::POST,
        &format!("/v1/agents/{agent}/execute"),
        Some(key),
        Some(body),
    )
    .await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, 200, "{agent}: {text}");
    serde_json::from_str(&text).expect("a JSON result")
}

fn calls(doc: &Value) -> Vec<(String, String)> {
    doc["tool_calls"]
        .as_array()
        .expect("tool_calls is a list")
        .iter()
        .map(|c| {
            (
                c["tool"].as_str().unwrap_or_default().to_owned(),
                c["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn with_no_model_an_email_task_runs_the_analysis_and_answers_with_its_findings() {
    let (_, key) = create_key(&["agents", "emails"], None).await;
    let doc = execute(
        &key,
        "tool_executor",
        json!({"task": "Analyze this e-mail and list its PO numbers", "context": EMAIL}),
    )
    .await;
    assert_eq!(
        calls(&doc),
        [("analyze_email".to_owned(), "ok".to_owned())],
        "{doc}"
    );
    let call = &doc["tool_calls"][0];
    assert_eq!(call["arguments"]["subject"], "Purchase order 4500012345");
    assert!(call["ms"].is_number());
    let found: Vec<&str> = call["output"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["value"].as_str())
        .collect();
    assert!(found.iter().any(|v| v.contains("4500012345")), "{found:?}");
    assert_eq!(doc["provider"]["name"], "fallback");
    assert_eq!(doc["provider"]["template"], "tools");
    let output = doc["output"].as_str().unwrap_or_default();
    assert!(output.starts_with("E-mail analysis: category"), "{output}");
    assert!(
        output.contains("4500012345"),
        "the answer is the tool's output: {output}"
    );
}

#[tokio::test]
async fn with_no_model_an_entity_task_extracts_and_a_sum_is_calculated() {
    let (_, key) = create_key(&["agents", "emails"], None).await;
    let doc = execute(
        &key,
        "email_analysis",
        json!({"task": "Extract the identifiers", "context": EMAIL}),
    )
    .await;
    assert_eq!(
        calls(&doc),
        [("extract_entities".to_owned(), "ok".to_owned())],
        "{doc}"
    );
    assert!(
        doc["output"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Entities found: "),
        "{doc}"
    );

    let doc = execute(
        &key,
        "data_analysis",
        json!({"task": "What is 12.5 * (3 + 4) - 2^3?"}),
    )
    .await;
    assert_eq!(
        calls(&doc),
        [("calculate".to_owned(), "ok".to_owned())],
        "{doc}"
    );
    assert_eq!(doc["tool_calls"][0]["output"]["value"], 79.5);
    assert_eq!(doc["output"], "12.5 * (3 + 4) - 2^3 = 79.5");
}

#[tokio::test]
async fn a_tool_the_key_has_no_scope_for_is_refused_and_reported_and_the_agent_still_answers() {
    let (_, key) = create_key(&["agents"], None).await;
    let doc = execute(
        &key,
        "tool_executor",
        json!({"task": "Analyze this e-mail", "context": EMAIL}),
    )
    .await;
    assert_eq!(
        calls(&doc),
        [("analyze_email".to_owned(), "refused".to_owned())],
        "{doc}"
    );
    let error = doc["tool_calls"][0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("'emails' scope"), "{error}");
    assert!(
        doc["output"]
            .as_str()
            .unwrap_or_default()
            .contains("could not run"),
        "{doc}"
    );
    assert!(doc["tool_calls"][0]["output"].is_null());
}

#[tokio::test]
async fn a_task_that_asks_for_no_tool_lists_no_call_and_keeps_the_template_answer() {
    let (_, key) = create_key(&["agents"], None).await;
    let doc = execute(
        &key,
        "writer",
        json!({"task": "Write a two-line welcome note for new staff."}),
    )
    .await;
    assert_eq!(doc["tool_calls"], json!([]));
    assert_ne!(doc["provider"]["template"], "tools");
}

#[tokio::test]
async fn a_conversation_search_finds_the_callers_own_conversations_only() {
    let (_, alice) = create_key(&["agents", "conversations"], None).await;
    let (_, bob) = create_key(&["agents", "conversations"], None).await;
    let reply = call(
        Method::POST,
        "/v1/conversations",
        Some(&alice),
        Some(json!({"title": "Renewals"})),
    )
    .await;
    assert_eq!(
        reply.status,
        201,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let conversation: Value = serde_json::from_slice(&reply.body).unwrap();
    let id = conversation["id"].as_str().unwrap().to_owned();
    execute(
        &alice,
        "writer",
        json!({"task": "Note: the Zephyrine renewal is due in March.", "conversation_id": id}),
    )
    .await;
    let task = json!({"task": "Find my conversations about zephyrine renewal"});
    let doc = execute(&alice, "research", task.clone()).await;
    assert_eq!(
        calls(&doc),
        [("search_conversations".to_owned(), "ok".to_owned())],
        "{doc}"
    );
    let matches = doc["tool_calls"][0]["output"]["matches"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(matches.len(), 1, "{doc}");
    assert_eq!(matches[0]["conversation_id"], id.as_str());
    assert!(doc["output"].as_str().unwrap_or_default().contains(&id));
    let other = execute(&bob, "research", task).await;
    assert_eq!(
        other["tool_calls"][0]["output"]["matches"],
        json!([]),
        "{other}"
    );
}

#[tokio::test]
async fn a_streamed_task_with_tool_calls_is_sent_whole_with_its_calls() {
    let (_, key) = create_key(&["agents"], None).await;
    let reply = call(
        Method::POST,
        "/v1/agents/data_analysis/execute",
        Some(&key),
        Some(json!({"task": "Calculate 6 * 7", "stream": true})),
    )
    .await;
    assert_eq!(reply.status, 200);
    let text = String::from_utf8_lossy(&reply.body);
    assert!(
        text.contains("\"tool_calls\":[{") && text.contains("6 * 7 = 42"),
        "{text}"
    );
}

#[tokio::test]
async fn with_no_model_an_orchestrated_email_task_runs_the_analysis_in_its_step() {
    let (_, key) = create_key(&["agents", "emails"], None).await;
    let query = format!("Analyze this e-mail and list its PO numbers:\n{EMAIL}");
    let reply = call(
        Method::POST,
        "/v1/orchestrate",
        Some(&key),
        Some(json!({ "query": query })),
    )
    .await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, 200, "{text}");
    let doc: Value = serde_json::from_str(&text).expect("a JSON result");
    assert_eq!(doc["plan"]["source"], "rules", "{doc}");
    let steps = doc["steps"].as_array().expect("steps");
    let acted: Vec<&Value> = steps
        .iter()
        .filter(|s| calls(s).contains(&("analyze_email".to_owned(), "ok".to_owned())))
        .collect();
    assert_eq!(acted.len(), 1, "one step analyses the e-mail: {doc}");
    let step = acted[0];
    assert_eq!(step["provider"]["template"], "tools", "{step}");
    assert_eq!(step["status"], "degraded", "{step}");
    let output = step["output"].as_str().unwrap_or_default();
    assert!(output.contains("4500012345"), "{output}");
    let answer = doc["answer"].as_str().unwrap_or_default();
    assert!(
        answer.contains("4500012345"),
        "the answer carries the tool's findings: {answer}"
    );
    for s in steps {
        assert!(
            s["tool_calls"].is_array(),
            "every step lists its calls: {s}"
        );
    }
}

#[tokio::test]
async fn an_orchestrated_step_runs_its_tools_with_the_callers_rights_only() {
    let (_, key) = create_key(&["agents"], None).await;
    let query = format!("Analyze this e-mail and list its PO numbers:\n{EMAIL}");
    let reply = call(
        Method::POST,
        "/v1/orchestrate",
        Some(&key),
        Some(json!({ "query": query })),
    )
    .await;
    assert_eq!(reply.status, 200);
    let doc: Value = serde_json::from_slice(&reply.body).expect("a JSON result");
    let all: Vec<(String, String)> = doc["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .flat_map(calls)
        .collect();
    assert!(
        all.contains(&("analyze_email".to_owned(), "refused".to_owned())),
        "a key without the emails scope cannot analyse: {doc}"
    );
    assert!(!all.iter().any(|(_, status)| status == "ok"), "{doc}");
}
