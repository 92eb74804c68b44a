//! `POST /v1/entities/extract`, `POST /v1/emails/analyze`, `POST /v1/emails/analyze/batch`
//! and `GET /v1/emails/{id}/analysis`.
//!
//! Analyses come from the rule phase of `edgecrew-extract` (phase 2, the model, joins with
//! the provider chain); each is stored under `analysis:{email_id}` before the response
//! returns, and re-analysing an e-mail overwrites it.

use edgecrew_core::Problem;
use edgecrew_extract::{Email, EntityType, Options, analyze, extract};
use edgecrew_validation_rules::routes::EMAIL;
use serde::Deserialize;
use serde_json::{Value, json};
use spin_sdk::http::Request;
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::key_value::Store;

use crate::clock::{now, now_ms};
use crate::respond::{self, Response};

/// Who produced an analysis while the model phase is not wired in.
fn rule_provider() -> Value {
    json!({
        "name": "fallback",
        "model": "edgecrew-rules",
        "fallback_reason": "unavailable",
    })
}

async fn read_json(req: Request, request_id: &str) -> Result<Value, Response> {
    let body = req.into_body().bytes().await.map_err(|_| {
        respond::problem(&Problem::new(
            400,
            "the request body could not be read",
            request_id,
        ))
    })?;
    serde_json::from_slice(&body)
        .map_err(|_| respond::problem(&Problem::new(400, "malformed JSON", request_id)))
}

#[derive(Deserialize)]
struct ExtractRequest {
    text: String,
    #[serde(default)]
    types: Vec<String>,
}

/// `POST /v1/entities/extract`: relative dates resolve against today (UTC).
pub async fn extract_entities(req: Request, request_id: &str) -> Response {
    let value = match read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let request = match serde_json::from_value::<ExtractRequest>(value) {
        Ok(r) => r,
        Err(e) => {
            return respond::problem(&Problem::new(400, format!("invalid body: {e}"), request_id));
        }
    };
    let mut types = Vec::with_capacity(request.types.len());
    for name in &request.types {
        match EntityType::parse(name) {
            Some(t) => types.push(t),
            None => {
                return respond::problem(&Problem::new(
                    400,
                    format!("field 'types': unknown entity type '{name}'"),
                    request_id,
                ));
            }
        }
    }
    let options = Options {
        types,
        reference: Some(now().date()),
    };
    respond::json(
        200,
        &json!({ "entities": extract(&request.text, &options) }),
    )
}

/// `POST /v1/emails/analyze`.
pub async fn analyze_one(req: Request, request_id: &str) -> Response {
    let value = match read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    match analyze_and_store(&value).await {
        Ok(analysis) => respond::json(200, &analysis),
        Err(AnalyzeError::Invalid(detail)) => {
            respond::problem(&Problem::new(400, detail, request_id))
        }
        Err(AnalyzeError::Store(detail)) => {
            respond::problem(&Problem::new(503, detail, request_id))
        }
        Err(AnalyzeError::Internal(detail)) => {
            respond::problem(&Problem::new(500, detail, request_id))
        }
    }
}

/// `POST /v1/emails/analyze/batch`: one result per item; a bad item never fails the batch.
pub async fn analyze_batch(req: Request, request_id: &str) -> Response {
    let value = match read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let Some(emails) = value["emails"].as_array() else {
        return respond::problem(&Problem::new(400, "field 'emails' is required", request_id));
    };
    let mut results = Vec::with_capacity(emails.len());
    for (i, email) in emails.iter().enumerate() {
        let result = match analyze_and_store(email).await {
            Ok(analysis) => json!({ "ok": true, "analysis": analysis }),
            Err(e) => {
                let (status, detail) = match e {
                    AnalyzeError::Invalid(d) => (400, d),
                    AnalyzeError::Store(d) => (503, d),
                    AnalyzeError::Internal(d) => (500, d),
                };
                let problem = Problem::new(status, format!("emails[{i}]: {detail}"), request_id);
                let error: Value =
                    serde_json::from_slice(&problem.to_json()).unwrap_or(Value::Null);
                json!({ "ok": false, "error": error })
            }
        };
        results.push(result);
    }
    respond::json(200, &json!({ "results": results }))
}

/// `GET /v1/emails/{id}/analysis`.
pub async fn stored(email_id: &str, request_id: &str) -> Response {
    let path = format!("/v1/emails/{email_id}/analysis");
    let read = async {
        let store = Store::open_default().await.map_err(|e| e.to_string())?;
        store.get(&key(email_id)).await.map_err(|e| e.to_string())
    };
    match read.await {
        Ok(Some(bytes)) => {
            let mut resp = respond::json(200, &Value::Null);
            *resp.body_mut() = String::from_utf8_lossy(&bytes).into_owned();
            resp
        }
        Ok(None) => respond::problem(&Problem::not_found(&path, request_id)),
        Err(e) => respond::problem(&Problem::new(
            503,
            format!("reading the analysis: {e}"),
            request_id,
        )),
    }
}

enum AnalyzeError {
    /// The e-mail does not match the Email type.
    Invalid(String),
    /// The key-value store failed.
    Store(String),
    /// The analysis could not be serialised (a bug, not the client's doing).
    Internal(String),
}

fn key(email_id: &str) -> String {
    format!("analysis:{email_id}")
}

fn new_email_id() -> String {
    let bytes = spin_sdk::wasip3::random::random::get_random_bytes(8);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("em_{hex}")
}

async fn analyze_and_store(value: &Value) -> Result<Value, AnalyzeError> {
    let started = now_ms();
    EMAIL.validate(value).map_err(AnalyzeError::Invalid)?;
    let email: Email =
        serde_json::from_value(value.clone()).map_err(|e| AnalyzeError::Invalid(e.to_string()))?;
    let email_id = email.id.clone().unwrap_or_else(new_email_id);
    let mut analysis = serde_json::to_value(analyze(&email, &email_id))
        .map_err(|e| AnalyzeError::Internal(e.to_string()))?;
    analysis["provider"] = rule_provider();
    analysis["timings"] = json!({ "total_ms": (now_ms() - started).max(0.0) });
    let stored =
        serde_json::to_vec(&analysis).map_err(|e| AnalyzeError::Internal(e.to_string()))?;
    let store = Store::open_default()
        .await
        .map_err(|e| AnalyzeError::Store(format!("opening the store: {e}")))?;
    store
        .set(&key(&email_id), stored)
        .await
        .map_err(|e| AnalyzeError::Store(format!("storing the analysis: {e}")))?;
    Ok(analysis)
}

/// The id in `/v1/emails/{id}/analysis`, if `path` is that route.
pub fn analysis_id(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/emails/")?
        .strip_suffix("/analysis")
        .filter(|id| !id.is_empty() && !id.contains('/'))
}
