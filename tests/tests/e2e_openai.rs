//! edgecrew's OpenAI-compatible API (`/v1/chat/completions`, `/v1/models`) driven by the
//! official `openai` Python package, unmodified: whole, streamed and `json_schema` answers
//! from a real runtime-host (tiny generated model), then the same calls with it killed —
//! answered by the fallback, the headers and the `edgecrew` object saying so, and no
//! exception in the client; a stream whose provider dies before its first token; and
//! errors arriving as the client's own exception types, in OpenAI's error shape. Last, the
//! `openai-agents` framework runs its agent and its own tool on the instruct model.

mod support;

use serde_json::Value;
use support::checks::SEED;
use support::openai_client::run;
use support::runtime_host::{RuntimeHost, instruct_model};
use support::{PRIMARY_DOWN_REASONS, admin_key, app_with_primary, base_url, create_key_at};

/// `chat` with the given model and extra options.
fn chat(base: &str, key: &str, model: &str, options: &[&str]) -> Value {
    let seed = SEED.to_string();
    let mut args = vec!["chat", "--model", model, "--seed", &seed];
    args.extend_from_slice(options);
    run(base, key, &args)
}

/// The answer came from runtime-host, and every channel says so.
fn assert_from_model(doc: &Value) {
    assert_eq!(
        doc["headers"]["x-edgecrew-provider"], "runtime-host",
        "{doc}"
    );
    assert!(
        doc["headers"]["x-edgecrew-fallback-reason"].is_null(),
        "{doc}"
    );
    assert_eq!(doc["edgecrew"]["provider"]["name"], "runtime-host", "{doc}");
    assert!(
        doc["content"].as_str().is_some_and(|c| !c.is_empty()),
        "{doc}"
    );
    assert!(
        ["stop", "length"].contains(&doc["finish_reason"].as_str().unwrap_or("")),
        "{doc}"
    );
}

/// The answer came from the fallback because the primary failed for one of `reasons`,
/// and every channel says so, without an exception in the client.
fn assert_degraded_by(doc: &Value, reasons: &[&str]) {
    assert!(doc.get("error").is_none(), "the client raised: {doc}");
    assert_eq!(doc["headers"]["x-edgecrew-provider"], "fallback", "{doc}");
    let reason = doc["headers"]["x-edgecrew-fallback-reason"]
        .as_str()
        .unwrap_or("");
    assert!(reasons.contains(&reason), "{doc}");
    let provider = &doc["edgecrew"]["provider"];
    assert_eq!(provider["name"], "fallback", "{doc}");
    assert_eq!(provider["fallback_reason"], reason, "{doc}");
    assert_eq!(provider["attempts"][0]["provider"], "runtime-host", "{doc}");
    assert_eq!(provider["attempts"][0]["reason"], reason, "{doc}");
    assert!(
        doc["content"]
            .as_str()
            .is_some_and(|c| c.contains("Degraded answer")),
        "{doc}"
    );
    assert_eq!(doc["finish_reason"], "stop", "{doc}");
}

/// The answer came from the fallback because the primary is down.
fn assert_degraded(doc: &Value) {
    assert_degraded_by(doc, &PRIMARY_DOWN_REASONS);
}

#[tokio::test]
async fn the_openai_client_gets_model_answers_and_then_marked_fallback_answers() {
    let mut runtime_host = RuntimeHost::start();
    let server = app_with_primary(&runtime_host.base_url);
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;

    let models = run(base, &key, &["models"]);
    let ids: Vec<&str> = models["ids"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for id in [
        "writer",
        "email_analysis",
        "edgecrew",
        "edgecrew-templates",
        "runtime-host",
    ] {
        assert!(ids.contains(&id), "{id} missing from {models}");
    }

    let whole = chat(base, &key, "writer", &[]);
    assert_from_model(&whole);
    assert_eq!(
        (whole["object"].as_str(), whole["role"].as_str()),
        (Some("chat.completion"), Some("assistant"))
    );
    assert_eq!(whole["model"], "writer", "{whole}");
    let usage = &whole["usage"];
    assert_eq!(
        usage["total_tokens"].as_u64(),
        Some(
            usage["prompt_tokens"].as_u64().unwrap_or(0)
                + usage["completion_tokens"].as_u64().unwrap_or(0)
        ),
        "{whole}"
    );

    let streamed = chat(base, &key, "edgecrew", &["--stream", "--include-usage"]);
    assert_from_model(&streamed);
    assert_eq!(
        streamed["roles"],
        serde_json::json!(["assistant"]),
        "{streamed}"
    );
    assert!(streamed["chunks"].as_u64().unwrap_or(0) >= 3, "{streamed}");
    assert!(
        streamed["usage"]["completion_tokens"].as_u64().unwrap_or(0) >= 1,
        "{streamed}"
    );

    let structured = chat(
        base,
        &key,
        "edgecrew",
        &["--json-schema", "--max-tokens", "256"],
    );
    assert_from_model(&structured);
    let parsed: Value = serde_json::from_str(structured["content"].as_str().unwrap_or(""))
        .unwrap_or_else(|e| panic!("json_schema content is not JSON ({e}): {structured}"));
    assert!(
        parsed["greeting"].is_string() && parsed["count"].is_i64(),
        "{structured}"
    );

    runtime_host.kill();
    assert_degraded(&chat(base, &key, "writer", &[]));
    let streamed = chat(base, &key, "edgecrew", &["--stream", "--include-usage"]);
    assert_degraded(&streamed);
    assert!(
        streamed["usage"]["completion_tokens"].as_u64().unwrap_or(0) >= 1,
        "{streamed}"
    );
    assert_degraded(&chat(base, &key, "edgecrew", &["--json-schema"]));
}

/// A provider that accepts the stream and closes it before any token.
const DIES_BEFORE_FIRST_TOKEN: &str =
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";

#[tokio::test]
async fn a_stream_whose_provider_dies_before_its_first_token_is_answered_by_the_fallback() {
    let server = app_with_primary(&support::fake_provider::serve(DIES_BEFORE_FIRST_TOKEN));
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let doc = chat(base, &key, "research", &["--stream"]);
    assert_degraded_by(&doc, &["invalid_output"]);
    assert_eq!(doc["roles"], serde_json::json!(["assistant"]), "{doc}");
}

/// A key, the client's arguments, and the exception, status and OpenAI `code` expected.
type ErrorCase<'a> = (&'a str, &'a [&'a str], &'a str, u16, Option<&'a str>);

#[tokio::test]
async fn errors_reach_the_client_as_its_own_exceptions_with_the_request_id() {
    let base = base_url();
    let admin = admin_key();
    let (_, emails_only) = create_key_at(&base, &["emails"], None).await;
    let cases: [ErrorCase; 5] = [
        (
            "not-a-key",
            &["chat", "--model", "edgecrew"],
            "AuthenticationError",
            401,
            Some("invalid_api_key"),
        ),
        (
            &emails_only,
            &["models"],
            "PermissionDeniedError",
            403,
            Some("insufficient_scope"),
        ),
        (
            &admin,
            &["chat", "--model", "gpt-4o"],
            "NotFoundError",
            404,
            Some("model_not_found"),
        ),
        (
            &admin,
            &["chat", "--model", "edgecrew", "--n", "2"],
            "BadRequestError",
            400,
            None,
        ),
        (
            &admin,
            &["chat", "--model", "edgecrew", "--max-tokens", "0"],
            "BadRequestError",
            400,
            None,
        ),
    ];
    for (key, args, exception, status, code) in cases {
        let doc = run(&base, key, args);
        assert_eq!(doc["error"], exception, "{args:?}: {doc}");
        assert_eq!(doc["status"], status, "{args:?}: {doc}");
        let body = &doc["body"];
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{doc}"
        );
        assert!(
            body["request_id"].as_str().is_some_and(|r| r.len() >= 16),
            "{doc}"
        );
        if let Some(code) = code {
            assert_eq!(body["code"], code, "{args:?}: {doc}");
        }
        if status == 400 {
            assert_eq!(body["type"], "invalid_request_error", "{doc}");
            assert!(
                ["n", "max_tokens"].contains(&body["param"].as_str().unwrap_or("")),
                "{doc}"
            );
        }
    }
}

#[tokio::test]
async fn the_openai_agents_framework_runs_its_own_tool_on_the_instruct_model() {
    let Some(model) = instruct_model() else {
        eprintln!("SKIPPED: no instruct model (scripts/fetch-model, or EDGECREW_MODELS)");
        return;
    };
    let runtime_host = RuntimeHost::start_with(model, "smollm2");
    let server = app_with_primary(&runtime_host.base_url);
    let base = server.base_url.as_str();
    let (_, key) = create_key_at(base, &["agents"], None).await;
    let options = ["--tool-choice", "required", "--max-tokens", "48"];
    let run = support::openai_client::run_weather_agent(base, &key, &options).await;
    eprintln!("openai-agents on the instruct model: {run}");
    // Only a model makes tool calls (the fallback never does), so a run of the framework's
    // own tool means runtime-host's call reached it through edgecrew, well-formed.
    let cities = run["tool_runs"].as_array().expect("tool_runs");
    assert_eq!(cities.len(), 1, "one call, then an answer: {run}");
    assert!(
        cities[0].as_str().is_some_and(|c| !c.trim().is_empty()),
        "{run}"
    );
    let items: Vec<&str> = run["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        items,
        [
            "tool_call_item",
            "tool_call_output_item",
            "message_output_item"
        ],
        "{run}"
    );
    let answer = run["final_output"].as_str().unwrap_or_default();
    assert!(
        !answer.trim().is_empty() && !answer.contains("Degraded answer"),
        "the model's own final answer: {run}"
    );
}
