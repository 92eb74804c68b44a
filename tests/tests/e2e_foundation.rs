//! End-to-end: `/health`, unknown routes, request ids and headers, against the base URL
//! (a server started for this binary on the host under test, or `EDGECREW_BASE_URL`).

mod support;

use http::Method;
use support::{SECURITY_HEADERS, admin_key, bearer, client};

#[tokio::test]
async fn health_reports_real_kv_fallback_and_model_checks() {
    let reply = client().get("/health").await.expect("request");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let body = reply.json().expect("json");
    // The suite's primary provider is down: still 200, reported as degraded.
    assert_eq!(body["status"], "degraded", "{body}");
    assert!(body["version"].is_string());
    assert_eq!(body["checks"]["kv"]["status"], "ok");
    assert_eq!(body["checks"]["fallback"]["status"], "ok");
    assert_eq!(body["checks"]["llm"]["status"], "down");
}

#[tokio::test]
async fn unknown_route_is_a_404_problem_with_the_request_id() {
    let (name, value) = bearer(&admin_key());
    let reply = client()
        .send(Method::GET, "/no/such/route", &[(name, &value)], "")
        .await
        .expect("request");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let body = reply.json().expect("json");
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Not Found");
    assert!(body["type"].is_string());
    assert!(
        body["detail"]
            .as_str()
            .expect("detail")
            .contains("/no/such/route")
    );
    assert_eq!(
        body["request_id"].as_str(),
        reply.header("x-request-id"),
        "the problem names the request id the response carries"
    );
}

#[tokio::test]
async fn wrong_method_on_health_is_405_with_allow() {
    let (name, value) = bearer(&admin_key());
    let reply = client()
        .send(Method::DELETE, "/health", &[(name, &value)], "")
        .await
        .expect("request");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET"));
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
}

/// No route is public by accident: every endpoint of the front door's route table (so a
/// route added later is covered too), with every method, and paths no route knows,
/// answers 401 problem+json without a key, with the request id and the security
/// headers; only `GET /health` answers (and the console's static files at `/` and
/// `/app/...`, which are not the API's).
#[tokio::test]
async fn every_route_but_health_needs_a_key() {
    let c = client();
    let mut paths: Vec<String> = edgecrew_validation_rules::routes::ROUTES
        .iter()
        .map(|r| r.pattern.replace("{id}", "x1"))
        .collect();
    // `/` and `/app/...` are the web console's static files, public by design
    // (e2e_console.rs); every other path is the front door's.
    paths.extend(["/v1", "/v1/unknown", "/health/x", "/admin", "/application"].map(String::from));
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ];
    assert_eq!(c.get("/health").await.expect("request").status, 200);
    for path in &paths {
        for method in &methods {
            if path == "/health" && method == Method::GET {
                continue;
            }
            let reply = c
                .send(
                    method.clone(),
                    path,
                    &[("content-type", "application/json")],
                    "{}",
                )
                .await
                .expect("request");
            assert_eq!(reply.status, 401, "{method} {path} without a key");
            // OpenAI's clients parse OpenAI's error shape; every other route is problem+json.
            let openai = edgecrew_core::openai_error::is_openai_path(path);
            let (content_type, id_at) = if openai {
                ("application/json; charset=utf-8", "/error/request_id")
            } else {
                ("application/problem+json", "/request_id")
            };
            assert_eq!(
                reply.header("content-type"),
                Some(content_type),
                "{method} {path}"
            );
            assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
            for name in SECURITY_HEADERS {
                assert!(
                    reply.header(name).is_some(),
                    "{method} {path}: missing {name}"
                );
            }
            let id = reply.header("x-request-id").expect("x-request-id");
            let body = reply.json().expect("error body");
            assert_eq!(body.pointer(id_at), Some(&serde_json::json!(id)), "{body}");
        }
    }
}

#[tokio::test]
async fn every_response_carries_security_headers_and_a_request_id() {
    let c = client();
    for path in ["/health", "/missing"] {
        let reply = c.get(path).await.expect("request");
        for name in SECURITY_HEADERS {
            assert!(reply.header(name).is_some(), "{path}: missing {name}");
        }
        assert_eq!(reply.header("x-frame-options"), Some("DENY"));
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let id = reply.header("x-request-id").expect("x-request-id");
        assert_eq!(id.len(), 32, "minted ids are 32 hex digits: {id}");
    }
}

#[tokio::test]
async fn a_well_formed_request_id_is_echoed_and_a_bad_one_replaced() {
    let c = client();
    let reply = c
        .send(
            Method::GET,
            "/health",
            &[("x-request-id", "client-id_1.2:3")],
            "",
        )
        .await
        .expect("request");
    assert_eq!(reply.header("x-request-id"), Some("client-id_1.2:3"));

    let long = "a".repeat(200);
    for bad in ["has space", long.as_str()] {
        let reply = c
            .send(Method::GET, "/missing", &[("x-request-id", bad)], "")
            .await
            .expect("request");
        let id = reply.header("x-request-id").expect("x-request-id");
        assert_ne!(id, bad);
        assert_eq!(reply.json().expect("json")["request_id"], id);
    }
}

#[tokio::test]
async fn the_agent_catalogue_lists_the_six_agents_without_their_prompts() {
    let (name, value) = bearer(&admin_key());
    let reply = client()
        .send(Method::GET, "/v1/agents", &[(name, &value)], "")
        .await
        .expect("request");
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let body = reply.json().expect("json");
    let agents = body["agents"].as_array().expect("agents");
    let ids: Vec<&str> = agents.iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "research",
            "code",
            "data_analysis",
            "writer",
            "tool_executor",
            "email_analysis"
        ]
    );
    for a in agents {
        for field in ["name", "role", "goal"] {
            assert!(
                !a[field].as_str().unwrap_or("").is_empty(),
                "{field} in {a}"
            );
        }
        assert!(
            !a["capabilities"]
                .as_array()
                .expect("capabilities")
                .is_empty()
        );
        assert!(
            a.get("system_prompt").is_none(),
            "system prompts stay internal"
        );
    }
}
