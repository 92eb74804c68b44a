//! End-to-end: the `http_get` tool, run by the rule-based planner with the primary down,
//! against a loopback site the operator allows (`http_get_origin`): pages and redirects
//! within that origin are fetched; other hosts, private addresses, redirects to them,
//! bodies past the limit and redirect loops are refused with the reason, to the client in
//! `tool_calls` and in the answer. On real `spin up` and on devhost.

mod support;

use std::sync::OnceLock;

use http::Method;
use serde_json::{Value, json};
use support::{DEAD_RUNTIME_HOST, Server, call_at, create_key_at, start_app};

/// The site: `/page`, redirects within it and out of it, a body past the limit, a loop.
fn page(path: &str) -> String {
    let redirect =
        |to: &str| format!("HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\n\r\n");
    match path {
        "/page" => ok("hello from the page"),
        "/hop" => redirect("/page"),
        "/away" => redirect("http://10.0.0.7/x"),
        "/away-public" => redirect("http://example.com/"),
        "/loop" => redirect("/loop"),
        "/big" => ok(&"x".repeat(70_000)),
        _ => "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n".into(),
    }
}

fn ok(body: &str) -> String {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// The site's origin and an app that allows it.
fn app() -> &'static (String, Server) {
    static APP: OnceLock<(String, Server)> = OnceLock::new();
    APP.get_or_init(|| {
        let site = support::fake_provider::serve_pages(page);
        let server = start_app(&[
            DEAD_RUNTIME_HOST,
            ("breaker_failure_threshold", "1000000"),
            ("http_get_origin", &site),
        ]);
        (site, server)
    })
}

/// The one tool call of `tool_executor` fetching `url`, and the answer's text.
async fn fetch(url: &str) -> (Value, String) {
    let (_, server) = app();
    let (_, key) = create_key_at(&server.base_url, &["agents"], None).await;
    let reply = call_at(
        &server.base_url,
        Method::POST,
        "/v1/agents/tool_executor/execute",
        Some(&key),
        Some(json!({"task": format!("Fetch {url}")})),
    )
    .await;
    let doc: Value = serde_json::from_slice(&reply.body).expect("JSON");
    assert_eq!(reply.status, 200, "{doc}");
    assert_eq!(doc["tool_calls"].as_array().map(Vec::len), Some(1), "{doc}");
    (
        doc["tool_calls"][0].clone(),
        doc["output"].as_str().unwrap_or_default().to_owned(),
    )
}

/// The error of a call that must have failed.
fn failed(call: &Value) -> String {
    assert_eq!(call["status"], "error", "{call}");
    call["error"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_page_of_the_allowed_origin_is_fetched_and_redirects_within_it_are_followed() {
    let site = &app().0;
    let (call, output) = fetch(&format!("{site}/page")).await;
    assert_eq!(call["status"], "ok", "{call}");
    assert_eq!(call["output"]["status"], 200);
    assert_eq!(call["output"]["body"], "hello from the page");
    assert!(output.contains("hello from the page"), "{output}");
    let (call, _) = fetch(&format!("{site}/hop")).await;
    assert_eq!(call["status"], "ok", "{call}");
    assert!(
        call["output"]["url"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/page"),
        "{call}"
    );
}

#[tokio::test]
async fn other_hosts_and_private_addresses_are_refused() {
    let error = failed(&fetch("http://example.com/").await.0);
    assert!(error.contains("not the allowed origin"), "{error}");
    let (call, output) = fetch("http://10.1.2.3/admin").await;
    let error = failed(&call);
    assert!(error.contains("private or loopback"), "{error}");
    assert!(output.contains("http_get could not run"), "{output}");
}

#[tokio::test]
async fn redirects_out_of_the_origin_are_refused() {
    let site = &app().0;
    let error = failed(&fetch(&format!("{site}/away")).await.0);
    assert!(
        error.starts_with("redirected to http://10.0.0.7:80/x") && error.contains("private"),
        "{error}"
    );
    let error = failed(&fetch(&format!("{site}/away-public")).await.0);
    assert!(error.contains("not the allowed origin"), "{error}");
    let error = failed(&fetch(&format!("{site}/loop")).await.0);
    assert!(error.contains("more than 3 redirects"), "{error}");
}

#[tokio::test]
async fn a_body_past_the_limit_is_an_error() {
    let site = &app().0;
    let error = failed(&fetch(&format!("{site}/big")).await.0);
    assert!(error.contains("past the limit of 65536 bytes"), "{error}");
}

#[tokio::test]
async fn with_no_origin_set_nothing_is_fetched() {
    let (_, key) = support::create_key(&["agents"], None).await;
    let reply = support::call(
        Method::POST,
        "/v1/agents/research/execute",
        Some(&key),
        Some(json!({"task": "Read https://example.com/"})),
    )
    .await;
    let doc: Value = serde_json::from_slice(&reply.body).expect("JSON");
    let error = failed(&doc["tool_calls"][0]);
    assert!(error.contains("http_get_origin"), "{error}");
}
