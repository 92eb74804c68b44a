//! End-to-end: with the primary provider down, `POST /v1/complete` answers from the
//! fallback templates and says why, as JSON or as SSE; `provider: "primary"` refuses to degrade.

mod support;

use http::Method;
use serde_json::json;
use support::{call, client, create_key};

#[tokio::test]
async fn completions_come_from_the_fallback_and_say_so() {
    let (_, key) = create_key(&["agents"], None).await;
    let reply = call(
        Method::POST,
        "/v1/complete",
        Some(&key),
        Some(json!({
            "prompt": "Summarize this: Revenue grew 12% in Q3. Costs were flat. Renewals drove most of the revenue growth.",
            "system_prompt": "You are a finance analyst. Be brief."
        })),
    )
    .await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let body = reply.json().expect("json");
    assert_eq!(body["provider"]["name"], "fallback");
    assert!(
        support::PRIMARY_DOWN_REASONS.contains(
            &body["provider"]["fallback_reason"]
                .as_str()
                .unwrap_or_default()
        ),
        "{body}"
    );
    assert_eq!(body["provider"]["template"], "summary");
    let text = body["text"].as_str().expect("text");
    assert!(text.starts_with("[Degraded answer]"), "{text}");
    assert!(text.contains("Answering as: a finance analyst."), "{text}");
    assert!(
        text.contains("Renewals drove most of the revenue growth."),
        "{text}"
    );
    assert!(body["usage"]["prompt_tokens"].as_u64().expect("prompt") > 10);
    assert!(
        body["usage"]["completion_tokens"]
            .as_u64()
            .expect("completion")
            > 10
    );
    assert!(body["timings"]["total_ms"].as_f64().expect("total_ms") >= 0.0);
    assert!(body["timings"]["tokens_per_second"].is_number());
}

#[tokio::test]
async fn streamed_completions_end_with_a_done_event_holding_the_result() {
    let (_, key) = create_key(&["agents"], None).await;
    let auth = format!("Bearer {key}");
    let reply = client()
        .send(
            Method::POST,
            "/v1/complete",
            &[("authorization", auth.as_str()), ("content-type", "application/json")],
            json!({"prompt": "Please list the action items: Send the invoice by Friday.", "stream": true}).to_string(),
        )
        .await
        .expect("request");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("text/event-stream"));
    let text = String::from_utf8(reply.body.to_vec()).expect("utf-8");
    let token = text.find("event: token\n").expect("a token event");
    let done = text.find("event: done\n").expect("a done event");
    assert!(token < done);
    let data = text[done..]
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("done data");
    let result: serde_json::Value = serde_json::from_str(data).expect("done carries JSON");
    assert_eq!(result["provider"]["name"], "fallback");
    assert!(
        result["text"]
            .as_str()
            .expect("text")
            .contains("Send the invoice by Friday.")
    );
}

#[tokio::test]
async fn the_same_prompt_gets_the_same_fallback_answer() {
    let (_, key) = create_key(&["agents"], None).await;
    let body = json!({"prompt": "Compare Q1 and Q2 churn and evaluate the trend."});
    let a = call(Method::POST, "/v1/complete", Some(&key), Some(body.clone())).await;
    let b = call(Method::POST, "/v1/complete", Some(&key), Some(body)).await;
    assert_eq!(
        a.json().expect("json")["text"],
        b.json().expect("json")["text"]
    );
}

#[tokio::test]
async fn asking_for_the_primary_only_is_a_503_naming_why_not_a_degraded_answer() {
    let (_, key) = create_key(&["agents"], None).await;
    let reply = call(
        Method::POST,
        "/v1/complete",
        Some(&key),
        Some(json!({"prompt": "Hello", "provider": "primary"})),
    )
    .await;
    assert_eq!(reply.status, 503);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let problem = reply.json().expect("json");
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("runtime-host"), "{detail}");
}
