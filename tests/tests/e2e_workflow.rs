//! End-to-end: the e-mail workflow people work in — analysed e-mails listed with filters
//! and cursor paging, moved between states (every refusal with its reason, optimistic
//! concurrency), flagged when past their SLA, and each move in the audit log. Against the
//! shared server or `EDGECREW_BASE_URL`, on real `spin up` and on devhost.

mod support;

use http::Method;
use serde_json::{Value, json};
use support::{admin_key, call, create_key};

/// A token no other test's e-mail carries, so a `q` filter sees only this test's.
fn token(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!("wf{name}{nanos}")
}

async fn analyse(key: &str, id: &str, subject: &str, body: &str, received_at: &str) -> Value {
    let reply = call(
        Method::POST,
        "/v1/emails/analyze",
        Some(key),
        Some(json!({
            "id": id, "subject": subject, "body": body,
            "from": "Anna Weber <anna@acme.example>", "received_at": received_at,
        })),
    )
    .await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, 200, "{text}");
    serde_json::from_str(&text).expect("an analysis")
}

async fn get(key: &str, path: &str) -> (u16, Value) {
    let reply = call(Method::GET, path, Some(key), None).await;
    let doc = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, doc)
}

async fn transition(key: &str, id: &str, body: Value) -> (u16, Value) {
    let reply = call(
        Method::POST,
        &format!("/v1/emails/{id}/transition"),
        Some(key),
        Some(body),
    )
    .await;
    let doc = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, doc)
}

fn ids(doc: &Value) -> Vec<String> {
    doc["emails"]
        .as_array()
        .expect("emails")
        .iter()
        .map(|e| e["email_id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

const RECENT: &str = "2099-01-05T09:00:00Z";

#[tokio::test]
async fn analysed_emails_are_listed_newest_first_filtered_and_paged() {
    let (_, key) = create_key(&["emails"], None).await;
    let tag = token("list");
    let outage = analyse(
        &key,
        &format!("{tag}-1"),
        &format!("URGENT: production down {tag}"),
        "Our production line is down since 6am, all scanners fail. Please escalate \
         immediately.",
        RECENT,
    )
    .await;
    assert_eq!(outage["tracked"]["version"], 1, "{outage}");
    assert_eq!(outage["tracked"]["priority"], "critical", "{outage}");
    assert_eq!(outage["tracked"]["due_at"], "2099-01-05T13:00:00.000Z");
    analyse(
        &key,
        &format!("{tag}-2"),
        &format!("Quote request {tag}"),
        "Could you send us a quote for 20 Dell Latitude 5440 laptops?",
        RECENT,
    )
    .await;
    analyse(
        &key,
        &format!("{tag}-3"),
        &format!("Newsletter {tag}"),
        "Our monthly newsletter: product news and events. No action needed.",
        RECENT,
    )
    .await;
    let newest = [3, 2, 1].map(|n| format!("{tag}-{n}"));
    let (status, all) = get(&key, &format!("/v1/emails?q={tag}")).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(ids(&all), newest, "newest first");
    let first = &all["emails"][2];
    for field in [
        "subject",
        "from",
        "received_at",
        "category",
        "state",
        "due_at",
    ] {
        assert!(first[field].is_string(), "{field}: {first}");
    }
    assert_eq!(first["overdue"], false);

    let (_, critical) = get(&key, &format!("/v1/emails?q={tag}&priority=critical")).await;
    assert_eq!(ids(&critical), [format!("{tag}-1")]);
    let (_, quotes) = get(
        &key,
        &format!("/v1/emails?q={tag}&category=quote_processing"),
    )
    .await;
    assert_eq!(ids(&quotes), [format!("{tag}-2")], "{quotes}");
    let (_, due_soon) = get(
        &key,
        &format!("/v1/emails?q={tag}&due_before=2099-01-05T20:00:00Z"),
    )
    .await;
    assert_eq!(
        ids(&due_soon),
        [format!("{tag}-1")],
        "only the 4 h SLA runs out by then"
    );

    let mut walked = Vec::new();
    let mut path = format!("/v1/emails?q={tag}&limit=1");
    for _ in 0..10 {
        let (status, page) = get(&key, &path).await;
        assert_eq!(status, 200, "{page}");
        walked.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/emails?q={tag}&limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(walked, newest, "the cursor walks every e-mail once");

    for bad in [
        "state=lost",
        "priority=urgent",
        "limit=0",
        "cursor=abc",
        "colour=red",
    ] {
        let (status, problem) = get(&key, &format!("/v1/emails?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {problem}");
    }
}

#[tokio::test]
async fn every_allowed_move_is_made_and_a_refused_one_names_the_states_it_may_take() {
    let (_, key) = create_key(&["emails"], None).await;
    let id = token("move");
    let analysis = analyse(
        &key,
        &id,
        "Please confirm PO 4500012345",
        "Hello, please confirm our purchase order PO 4500012345 by Friday.",
        RECENT,
    )
    .await;
    let state = analysis["tracked"]["state"]
        .as_str()
        .expect("state")
        .to_owned();
    assert_eq!(state, "new", "{analysis}");
    let path = [
        ("in_review", 1),
        ("pending_external", 2),
        ("in_progress", 3),
        ("completed", 4),
        ("in_review", 5),
    ];
    for (to, version) in path {
        let (status, moved) = transition(&key, &id, json!({"to": to, "if_version": version})).await;
        assert_eq!(status, 200, "to {to}: {moved}");
        assert_eq!(
            (moved["state"].as_str(), moved["version"].as_i64()),
            (Some(to), Some(version + 1))
        );
    }
    let (status, _) = transition(&key, &id, json!({"to": "completed", "if_version": 6})).await;
    assert_eq!(status, 200);
    let (status, refused) =
        transition(&key, &id, json!({"to": "in_progress", "if_version": 7})).await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["allowed"], json!(["in_review"]), "{refused}");
    assert_eq!(refused["state"], "completed");
    let detail = refused["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("may move to: in_review"), "{detail}");

    let (_, read) = get(&key, &format!("/v1/emails/{id}/analysis")).await;
    let moves: Vec<&str> = read["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|m| m["to"].as_str())
        .collect();
    assert_eq!(
        moves,
        [
            "in_review",
            "pending_external",
            "in_progress",
            "completed",
            "in_review",
            "completed"
        ]
    );
    assert_eq!(read["tracked"]["version"], 7);
    assert_eq!(
        read["email"]["subject"], "Please confirm PO 4500012345",
        "{read}"
    );
    let body = read["email"]["body"].as_str().unwrap_or_default();
    let po = read["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["type"] == "po_number")
        .expect("the PO number");
    let text = format!("Please confirm PO 4500012345\n\n{body}");
    let span: Vec<usize> = po["span"]
        .as_array()
        .expect("span")
        .iter()
        .filter_map(|n| n.as_u64().map(|n| n as usize))
        .collect();
    assert_eq!(
        text.get(span[0]..span[1]),
        po["value"].as_str(),
        "spans point into the stored subject and body: {po}"
    );
}

#[tokio::test]
async fn a_move_on_a_stale_version_an_unknown_email_or_a_bad_body_is_refused_clearly() {
    let (_, key) = create_key(&["emails"], None).await;
    let id = token("stale");
    analyse(
        &key,
        &id,
        "Order status",
        "Where is my order 778812?",
        RECENT,
    )
    .await;
    let (status, _) = transition(&key, &id, json!({"to": "in_review", "if_version": 1})).await;
    assert_eq!(status, 200);
    let (status, stale) = transition(
        &key,
        &id,
        json!({"to": "in_progress", "if_version": 1, "note": "second agent"}),
    )
    .await;
    assert_eq!(status, 409, "{stale}");
    assert_eq!(stale["current_version"], 2, "{stale}");
    assert_eq!(stale["state"], "in_review");

    let (status, missing) = transition(
        &key,
        &token("absent"),
        json!({"to": "in_review", "if_version": 1}),
    )
    .await;
    assert_eq!(status, 404, "{missing}");
    for bad in [
        json!({"to": "archived", "if_version": 2}),
        json!({"to": "in_progress"}),
        json!({"to": "in_progress", "if_version": 0}),
        json!({"to": "in_progress", "if_version": 2, "note": "x".repeat(1001)}),
        json!({"to": "in_progress", "if_version": 2, "by": "me"}),
    ] {
        let (status, problem) = transition(&key, &id, bad.clone()).await;
        assert_eq!(status, 400, "{bad}: {problem}");
    }
    let (_, read) = get(&key, &format!("/v1/emails/{id}/analysis")).await;
    assert_eq!(read["tracked"]["version"], 2, "nothing refused changed it");
}

#[tokio::test]
async fn an_email_past_its_sla_is_listed_overdue_until_it_is_completed() {
    let (_, key) = create_key(&["emails"], None).await;
    let id = token("late");
    let analysis = analyse(
        &key,
        &id,
        "URGENT: production down",
        "Our production line is down since 6am. Please escalate immediately.",
        "2020-03-02T08:00:00Z",
    )
    .await;
    assert_eq!(analysis["tracked"]["overdue"], true, "{analysis}");
    let overdue_ids = |doc: &Value| ids(doc);
    let mut found = false;
    let mut path = "/v1/emails/overdue?limit=100".to_owned();
    for _ in 0..50 {
        let (status, page) = get(&key, &path).await;
        assert_eq!(status, 200, "{page}");
        assert!(
            page["emails"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["overdue"] == true)
        );
        found |= overdue_ids(&page).contains(&id);
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/v1/emails/overdue?limit=100&cursor={c}"),
            None => break,
        }
    }
    assert!(found, "{id} is overdue");
    let (status, done) = transition(&key, &id, json!({"to": "completed", "if_version": 1})).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        done["overdue"], false,
        "a completed e-mail is never overdue"
    );
    let (_, page) = get(&key, "/v1/emails/overdue?limit=100").await;
    assert!(!overdue_ids(&page).contains(&id));
}

#[tokio::test]
async fn each_move_is_an_audit_event_saying_what_changed() {
    let (key_id, key) = create_key(&["emails"], None).await;
    let id = token("audit");
    analyse(
        &key,
        &id,
        "Invoice question",
        "Please check invoice 5512 amount.",
        RECENT,
    )
    .await;
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
        - 60_000;
    let (status, _) = transition(
        &key,
        &id,
        json!({"to": "in_progress", "if_version": 1, "note": "on it"}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, refused) =
        transition(&key, &id, json!({"to": "in_progress", "if_version": 2})).await;
    assert_eq!(status, 409, "{refused}");
    let (status, audit) = get(
        &admin_key(),
        &format!("/v1/admin/audit?since={since}&limit=1000"),
    )
    .await;
    assert_eq!(status, 200, "{audit}");
    let path = format!("/v1/emails/{id}/transition");
    let events: Vec<&Value> = audit["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["path"] == path.as_str())
        .collect();
    assert_eq!(events.len(), 2, "{events:?}");
    let moved = events
        .iter()
        .find(|e| e["status"] == 200)
        .expect("the move");
    assert_eq!(moved["action"], "email.transitioned");
    assert_eq!(moved["detail"], format!("{id}: new -> in_progress"));
    assert_eq!(moved["key_id"], key_id.as_str());
    let refused = events
        .iter()
        .find(|e| e["status"] == 409)
        .expect("the refusal");
    assert_ne!(refused["action"], "email.transitioned");
    assert!(refused.get("detail").is_none_or(Value::is_null));
}
