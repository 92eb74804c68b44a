//! End-to-end: agents, the orchestrator and conversations, with the primary provider
//! down (every model call falls back), against the shared server or `EDGECREW_BASE_URL`.

mod support;

use http::Method;
use serde_json::{Value, json};
use support::{call, create_key};

async fn ok(method: Method, path: &str, key: &str, body: Option<Value>, status: u16) -> Value {
    let reply = call(method, path, Some(key), body).await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, status, "{path}: {text}");
    if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    }
}

#[tokio::test]
async fn an_agent_answers_with_its_own_system_prompt_and_unknown_agents_are_404() {
    let (_, key) = create_key(&["agents"], None).await;
    let doc = ok(
        Method::POST,
        "/v1/agents/data_analysis/execute",
        &key,
        Some(json!({"task": "Compare Q3 and Q4 revenue.", "context": {"q3": 120, "q4": 150}})),
        200,
    )
    .await;
    assert_eq!(doc["agent"], "data_analysis");
    assert!(
        doc["id"].as_str().is_some_and(|id| id.starts_with("exec_")),
        "{doc}"
    );
    assert_eq!(doc["provider"]["name"], "fallback");
    assert!(
        support::PRIMARY_DOWN_REASONS.contains(
            &doc["provider"]["fallback_reason"]
                .as_str()
                .unwrap_or_default()
        ),
        "{doc}"
    );
    let output = doc["output"].as_str().unwrap_or_default();
    assert!(
        output.contains("data analyst"),
        "the agent's system prompt shapes the answer: {output}"
    );
    assert!(
        doc["timings"]["total_ms"].is_number() && doc["usage"]["completion_tokens"].is_number()
    );

    let reply = call(
        Method::POST,
        "/v1/agents/astrologer/execute",
        Some(&key),
        Some(json!({"task": "x"})),
    )
    .await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn the_orchestrator_plans_runs_every_step_in_order_and_answers() {
    let (_, key) = create_key(&["agents"], None).await;
    let query = "Research the main causes of late deliveries. Then analyze the delay statistics \
                 for Q3. Finally write a short summary for the operations team.";
    let doc = ok(
        Method::POST,
        "/v1/orchestrate",
        &key,
        Some(json!({"query": query})),
        200,
    )
    .await;
    let plan = doc["plan"]["steps"].as_array().expect("plan");
    assert_eq!(
        doc["plan"]["source"], "rules",
        "no model: the rule-based plan"
    );
    assert!(plan.len() >= 3 && plan.len() <= 6, "{doc}");
    let last = plan.last().expect("a last step");
    assert_eq!(last["agent"], "writer", "{doc}");
    assert_eq!(
        last["depends_on"].as_array().map(Vec::len),
        Some(plan.len() - 1),
        "{doc}"
    );
    let steps = doc["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), plan.len());
    assert!(
        steps
            .iter()
            .all(|s| s["status"] == "degraded" && s["provider"]["name"] == "fallback"),
        "every step answered, by the fallback, and marked so: {doc}"
    );
    assert_eq!(doc["degraded"], true);
    assert!(
        !doc["answer"].as_str().unwrap_or("").trim().is_empty(),
        "{doc}"
    );
    assert_eq!(doc["review"]["passed"], true, "{doc}");
    assert!(doc["timings"]["total_ms"].is_number());
}

#[tokio::test]
async fn conversations_store_both_sides_page_export_and_delete() {
    let (_, key) = create_key(&["conversations", "agents"], None).await;
    let created = ok(
        Method::POST,
        "/v1/conversations",
        &key,
        Some(json!({"title": "Q3 review"})),
        201,
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    assert!(created["created_at"].is_string());

    let exchange = ok(
        Method::POST,
        &format!("/v1/conversations/{id}/messages"),
        &key,
        Some(json!({"content": "Summarize: revenue rose 12% and churn fell.", "agent": "writer"})),
        201,
    )
    .await;
    let messages = exchange["messages"].as_array().expect("messages");
    assert_eq!(messages[0]["role"], "user");
    assert_eq!(messages[1]["role"], "assistant");
    assert_eq!(messages[1]["provider"]["name"], "fallback");
    ok(
        Method::POST,
        "/v1/agents/research/execute",
        &key,
        Some(json!({"task": "What drives churn?", "conversation_id": id})),
        200,
    )
    .await;

    let read = ok(
        Method::GET,
        &format!("/v1/conversations/{id}"),
        &key,
        None,
        200,
    )
    .await;
    let seqs: Vec<u64> = read["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter_map(|m| m["seq"].as_u64())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4], "both exchanges stored in order: {read}");
    assert_eq!(read["messages"][2]["agent"], "research");

    let markdown = call(
        Method::GET,
        &format!("/v1/conversations/{id}/export?format=markdown"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(markdown.status, 200);
    let text = String::from_utf8_lossy(&markdown.body);
    assert!(text.starts_with("# Q3 review"), "{text}");
    assert!(text.contains("revenue rose 12%"), "{text}");
    let exported = ok(
        Method::GET,
        &format!("/v1/conversations/{id}/export?format=json"),
        &key,
        None,
        200,
    )
    .await;
    assert_eq!(exported["messages"], read["messages"]);

    ok(
        Method::DELETE,
        &format!("/v1/conversations/{id}"),
        &key,
        None,
        204,
    )
    .await;
    ok(
        Method::GET,
        &format!("/v1/conversations/{id}"),
        &key,
        None,
        404,
    )
    .await;
    ok(
        Method::DELETE,
        &format!("/v1/conversations/{id}"),
        &key,
        None,
        404,
    )
    .await;
}

#[tokio::test]
async fn the_listing_pages_newest_first_with_a_cursor() {
    let (_, key) = create_key(&["conversations"], None).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let c = ok(
            Method::POST,
            "/v1/conversations",
            &key,
            Some(json!({"title": format!("page {i}")})),
            201,
        )
        .await;
        ids.push(c["id"].as_str().expect("id").to_owned());
    }
    let mut seen = Vec::new();
    let mut path = "/v1/conversations?limit=2".to_owned();
    loop {
        let page = ok(Method::GET, &path, &key, None, 200).await;
        let items = page["conversations"].as_array().expect("list");
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_owned)),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/conversations?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    let mine: Vec<&String> = seen.iter().filter(|id| ids.contains(id)).collect();
    let newest_first: Vec<&String> = ids.iter().rev().collect();
    assert_eq!(mine, newest_first, "every conversation once, newest first");
    let bad = call(
        Method::GET,
        "/v1/conversations?cursor=abc",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn a_conversation_is_visible_only_to_the_key_that_created_it() {
    let (_, mine) = create_key(&["conversations", "agents"], None).await;
    let (_, theirs) = create_key(&["conversations", "agents"], None).await;
    let (_, agents_only) = create_key(&["agents"], None).await;
    let created = ok(
        Method::POST,
        "/v1/conversations",
        &mine,
        Some(json!({})),
        201,
    )
    .await;
    let id = created["id"].as_str().expect("id").to_owned();
    let path = format!("/v1/conversations/{id}");

    ok(Method::GET, &path, &theirs, None, 404).await;
    ok(Method::DELETE, &path, &theirs, None, 404).await;
    let message = json!({"content": "hello"});
    ok(
        Method::POST,
        &format!("{path}/messages"),
        &theirs,
        Some(message),
        404,
    )
    .await;
    let task = json!({"task": "hello", "conversation_id": id});
    ok(
        Method::POST,
        "/v1/agents/writer/execute",
        &theirs,
        Some(task.clone()),
        404,
    )
    .await;
    let listing = ok(
        Method::GET,
        "/v1/conversations?limit=100",
        &theirs,
        None,
        200,
    )
    .await;
    assert!(!listing.to_string().contains(&id), "{listing}");

    let refused = call(
        Method::POST,
        "/v1/agents/writer/execute",
        Some(&agents_only),
        Some(task),
    )
    .await;
    assert_eq!(
        refused.status, 403,
        "a conversation_id needs the conversations scope"
    );
    ok(Method::GET, &path, &mine, None, 200).await;
}
