//! End-to-end: entity extraction and e-mail analysis through the validation middleware and
//! the agent component — extraction with spans, analysis stored and read back, re-analysis
//! overwriting, a batch whose bad item fails alone, and the rule-phase answer saying it is a
//! fallback while no model is wired in.

mod support;

use edgecrew_tests::client::Reply;
use http::Method;
use serde_json::{Value, json};
use support::{call, create_key};

const ORDER_EMAIL: &str = "Hi Tom,\n\nPlease process our PO#4410983 for 20 units of SKU: ABC-1234 \
at $12,450.00 total and ship by March 20, 2026. Tracking so far: 1Z999AA10123456784.\n\n\
Best regards,\nMaria Schneider\nProcurement Manager, Acme Corp\nmaria@acme.example.com | +1 (415) 555-0134\n";

fn body(reply: &Reply) -> Value {
    reply.json().expect("JSON body")
}

fn entity<'a>(entities: &'a Value, kind: &str) -> Vec<&'a Value> {
    entities
        .as_array()
        .expect("entities")
        .iter()
        .filter(|e| e["type"] == kind)
        .collect()
}

#[tokio::test]
async fn extraction_finds_typed_entities_with_spans_into_the_text() {
    let (_, key) = create_key(&["emails"], None).await;
    let reply = call(
        Method::POST,
        "/v1/entities/extract",
        Some(&key),
        Some(json!({"text": ORDER_EMAIL})),
    )
    .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let entities = body(&reply)["entities"].clone();
    for e in entities.as_array().expect("array") {
        let (s, t) = (
            e["span"][0].as_u64().expect("start") as usize,
            e["span"][1].as_u64().expect("end") as usize,
        );
        assert_eq!(
            &ORDER_EMAIL[s..t],
            e["value"].as_str().expect("value"),
            "{e}"
        );
        assert_eq!(e["method"], "rule");
    }
    assert_eq!(entity(&entities, "po_number")[0]["value"], "4410983");
    assert_eq!(entity(&entities, "part_number")[0]["value"], "ABC-1234");
    let amount = entity(&entities, "amount")[0];
    assert_eq!(
        amount["normalized"],
        json!({"value": 12450.0, "currency": "USD"})
    );
    assert_eq!(
        entity(&entities, "tracking_number")[0]["value"],
        "1Z999AA10123456784"
    );
    assert_eq!(entity(&entities, "date")[0]["normalized"], "2026-03-20");
    assert_eq!(
        entity(&entities, "phone_number")[0]["normalized"],
        "+14155550134"
    );
    assert_eq!(entity(&entities, "person")[0]["value"], "Tom");
    assert!(
        entity(&entities, "person")
            .iter()
            .any(|p| p["value"] == "Maria Schneider")
    );
    assert_eq!(entity(&entities, "company")[0]["value"], "Acme Corp");

    let only = call(
        Method::POST,
        "/v1/entities/extract",
        Some(&key),
        Some(json!({"text": ORDER_EMAIL, "types": ["amount", "email_address"]})),
    )
    .await;
    let kinds: Vec<String> = body(&only)["entities"]
        .as_array()
        .expect("array")
        .iter()
        .map(|e| e["type"].as_str().expect("type").to_owned())
        .collect();
    assert_eq!(kinds, ["amount", "email_address"]);

    let bad = call(
        Method::POST,
        "/v1/entities/extract",
        Some(&key),
        Some(json!({"text": "x", "types": ["planet"]})),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert!(
        body(&bad)["detail"]
            .as_str()
            .expect("detail")
            .contains("types")
    );
}

#[tokio::test]
async fn analysis_is_stored_read_back_and_overwritten_by_reanalysis() {
    let (_, key) = create_key(&["emails"], None).await;
    let id = format!("e2e-{}", std::process::id());
    let email = json!({
        "id": id,
        "subject": "New purchase order PO#4410983",
        "body": ORDER_EMAIL,
        "from": "Maria Schneider <maria@acme.example.com>",
        "received_at": "2026-03-09T14:05:00Z"
    });
    let reply = call(
        Method::POST,
        "/v1/emails/analyze",
        Some(&key),
        Some(email.clone()),
    )
    .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let analysis = body(&reply);
    assert_eq!(analysis["email_id"], id.as_str());
    assert_eq!(analysis["workflow"]["category"], "order_management");
    assert_eq!(analysis["intent"], "action_required");
    assert_eq!(analysis["priority"]["level"], "medium");
    assert_eq!(analysis["priority"]["sla_hours"], 72);
    assert_eq!(analysis["priority"]["due_at"], "2026-03-12T14:05:00Z");
    assert!(!entity(&analysis["entities"], "po_number").is_empty());
    let items = analysis["action_items"].as_array().expect("action items");
    assert!(
        items.iter().any(|a| a["deadline"] == "2026-03-20"),
        "{items:?}"
    );
    assert!(!analysis["summary"].as_str().expect("summary").is_empty());
    assert_eq!(analysis["provider"]["name"], "fallback");
    assert!(
        support::PRIMARY_DOWN_REASONS.contains(
            &analysis["provider"]["fallback_reason"]
                .as_str()
                .unwrap_or_default()
        ),
        "{analysis}"
    );

    let path = format!("/v1/emails/{id}/analysis");
    let stored = call(Method::GET, &path, Some(&key), None).await;
    assert_eq!(stored.status, 200);
    let mut stored = body(&stored);
    let object = stored.as_object_mut().expect("stored analysis");
    assert_eq!(
        object.remove("email"),
        Some(email.clone()),
        "the stored analysis keeps the e-mail it analysed"
    );
    assert_eq!(object.remove("history"), Some(json!([])), "not moved yet");
    assert_eq!(stored, analysis);

    let mut changed = email.clone();
    changed["subject"] = json!("Newsletter: our spring webinar series");
    changed["body"] = json!("Join our webinar series this spring. Unsubscribe at any time.");
    let again = call(
        Method::POST,
        "/v1/emails/analyze",
        Some(&key),
        Some(changed),
    )
    .await;
    assert_eq!(again.status, 200);
    let stored = body(&call(Method::GET, &path, Some(&key), None).await);
    assert_eq!(stored["workflow"]["category"], "general");
    assert_eq!(stored["priority"]["level"], "low");

    let missing = call(
        Method::GET,
        "/v1/emails/never-analysed/analysis",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn a_bad_batch_item_fails_alone() {
    let (_, key) = create_key(&["emails"], None).await;
    let good_id = format!("batch-good-{}", std::process::id());
    let reply = call(
        Method::POST,
        "/v1/emails/analyze/batch",
        Some(&key),
        Some(json!({"emails": [
            {"id": good_id, "subject": "Where is my shipment?", "body": "FedEx tracking shows no movement for UPS 1Z999AA10123456784. Please check."},
            {"subject": 42, "body": "subject is not a string"},
            {"subject": "no id", "body": "Can you send a quote for 10 Dell PowerEdge R750 servers?"}
        ]})),
    )
    .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let results = body(&reply)["results"].clone();
    assert_eq!(results.as_array().expect("results").len(), 3);
    assert_eq!(results[0]["ok"], true);
    assert_eq!(
        results[0]["analysis"]["workflow"]["category"],
        "shipping_logistics"
    );
    assert_eq!(results[1]["ok"], false);
    assert_eq!(results[1]["error"]["status"], 400);
    let detail = results[1]["error"]["detail"].as_str().expect("detail");
    assert!(
        detail.contains("emails[1]") && detail.contains("subject"),
        "{detail}"
    );
    assert_eq!(results[2]["ok"], true);
    let generated = results[2]["analysis"]["email_id"]
        .as_str()
        .expect("generated id");
    assert!(generated.starts_with("em_"), "{generated}");

    for id in [good_id.as_str(), generated] {
        let stored = call(
            Method::GET,
            &format!("/v1/emails/{id}/analysis"),
            Some(&key),
            None,
        )
        .await;
        assert_eq!(stored.status, 200, "{id}");
    }
}
