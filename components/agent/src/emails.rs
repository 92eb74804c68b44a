//! `POST /v1/entities/extract`, `POST /v1/emails/analyze`, `POST /v1/emails/analyze/batch`
//! and `GET /v1/emails/{id}/analysis`.
//!
//! Analyses run the rule phase of `edgecrew-extract`, then the model phase through the
//! provider chain (a schema-constrained review that may add entities found in the text,
//! action items and a better summary; `model_phase::merge` never drops a rule result).
//! When no model answers, the rule phase alone is the answer, with `provider.name =
//! "fallback"` and the reason. Each analysis is stored under `analysis:{email_id}` with the
//! e-mail it was made of (`email`, which `GET` returns too), and
//! the e-mail entered into the workflow (`workflow::store::track`, `tracked` in the
//! response), before the response returns; re-analysing an e-mail overwrites the analysis
//! and keeps its workflow state. A batch shares one model
//! deadline: items it does not reach in time keep their rule result, marked `timeout`.

use edgecrew_core::Problem;
use edgecrew_extract::analysis::model_phase;
use edgecrew_extract::{Analysis, Email, EntityType, Options, analyze, extract};
use edgecrew_kv::Kv;
use edgecrew_providers::openai::Prompt;
use edgecrew_validation_rules::request::parse_time;
use edgecrew_validation_rules::routes::EMAIL;
use serde::Deserialize;
use serde_json::{Value, json};
use spin_sdk::http::Request;

use crate::chain::{Attempt, Chain, ChainError, Route};
use crate::clock::{now, now_ms};
use crate::ids::random_id;
use crate::respond::{self, Response};
use crate::workflow;

/// E-mails of a batch whose model phase runs at the same time.
const BATCH_CONCURRENCY: usize = 4;

/// `provider` of a rule-only analysis, with why no model contributed.
fn rule_provider(reason: &str, attempts: &[Attempt]) -> Value {
    let mut provider = json!({
        "name": "fallback",
        "model": "edgecrew-rules",
        "fallback_reason": reason,
    });
    if !attempts.is_empty() {
        provider["attempts"] = json!(attempts);
    }
    provider
}

/// Phase 2: ask a model to review `analysis` and merge what it adds; the `provider` to
/// report.
async fn model_phase(
    chain: Option<&Chain>,
    email: &Email,
    analysis: &mut Analysis,
    deadline: f64,
) -> Value {
    let Some(chain) = chain else {
        return rule_provider("unavailable", &[]);
    };
    let budget = (deadline - now_ms()).max(0.0) as u64;
    let (system, user) = model_phase::prompt(email, analysis);
    let mut prompt = Prompt::new(Some(&system), &user);
    prompt.json_schema = Some(model_phase::schema());
    prompt.max_tokens = Some(model_phase::MAX_TOKENS);
    prompt.temperature = Some(0.0);
    match chain.answer_within(&prompt, Route::Primary, budget).await {
        Ok(answer) => {
            let added = answer
                .json
                .as_ref()
                .map(|j| model_phase::merge(analysis, email, j))
                .unwrap_or_default();
            let mut provider = json!(answer.provider);
            provider["added"] = json!({
                "entities": added.entities,
                "action_items": added.action_items,
                "summary": added.summary,
            });
            provider
        }
        Err(ChainError::NoModel(attempts)) => {
            let reason = attempts.first().map_or("unavailable", |a| a.reason);
            rule_provider(reason, &attempts)
        }
        Err(_) => rule_provider("unavailable", &[]),
    }
}

#[derive(Deserialize)]
struct ExtractRequest {
    text: String,
    #[serde(default)]
    types: Vec<String>,
}

/// `POST /v1/entities/extract`: relative dates resolve against today (UTC).
pub async fn extract_entities(req: Request, request_id: &str) -> Response {
    let value = match respond::read_json(req, request_id).await {
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
    let value = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let chain = Chain::open().await.ok();
    let deadline = now_ms() + chain.as_ref().map_or(0, |c| c.settings.deadline_ms) as f64;
    match analyze_and_store(&value, chain.as_ref(), deadline).await {
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
    let value = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let Some(emails) = value["emails"].as_array() else {
        return respond::problem(&Problem::new(400, "field 'emails' is required", request_id));
    };
    let chain = Chain::open().await.ok();
    let deadline = now_ms() + chain.as_ref().map_or(0, |c| c.settings.deadline_ms) as f64;
    let mut outcomes = Vec::with_capacity(emails.len());
    for group in emails.chunks(BATCH_CONCURRENCY) {
        let runs = group
            .iter()
            .map(|email| analyze_and_store(email, chain.as_ref(), deadline));
        outcomes.extend(futures::future::join_all(runs).await);
    }
    let mut results = Vec::with_capacity(emails.len());
    for (i, outcome) in outcomes.into_iter().enumerate() {
        let result = match outcome {
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

/// `GET /v1/emails/{id}/analysis`: the stored analysis, with where the e-mail stands in
/// the workflow (`tracked`) and its moves (`history`).
pub async fn stored(email_id: &str, request_id: &str) -> Response {
    let path = format!("/v1/emails/{email_id}/analysis");
    let read = async {
        let kv = Kv::open().await?;
        let Some(mut analysis) = kv.get_json::<Value>(&key(email_id)).await? else {
            return Ok(None);
        };
        if let Some(record) = workflow::store::read(&kv, email_id).await? {
            analysis["tracked"] = record.tracked.summary(now_ms() as i64);
            analysis["history"] = json!(record.history);
        }
        Ok::<_, edgecrew_kv::StoreError>(Some(analysis))
    };
    match read.await {
        Ok(Some(analysis)) => respond::json(200, &analysis),
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

/// Validate, analyse (rules, then the model until `deadline`), store.
async fn analyze_and_store(
    value: &Value,
    chain: Option<&Chain>,
    deadline: f64,
) -> Result<Value, AnalyzeError> {
    let started = now_ms();
    EMAIL.validate(value).map_err(AnalyzeError::Invalid)?;
    let email: Email =
        serde_json::from_value(value.clone()).map_err(|e| AnalyzeError::Invalid(e.to_string()))?;
    let email_id = email.id.clone().unwrap_or_else(|| random_id("em"));
    let mut rules = analyze(&email, &email_id);
    let provider = model_phase(chain, &email, &mut rules, deadline).await;
    let mut analysis =
        serde_json::to_value(&rules).map_err(|e| AnalyzeError::Internal(e.to_string()))?;
    analysis["provider"] = provider;
    analysis["timings"] = json!({ "total_ms": (now_ms() - started).max(0.0) });
    let kv = Kv::open()
        .await
        .map_err(|e| AnalyzeError::Store(format!("opening the store: {e}")))?;
    // The stored analysis keeps the e-mail it was made of, so a reader can show the
    // entities in their text.
    let mut stored = analysis.clone();
    stored["email"] = value.clone();
    kv.set_json(&key(&email_id), &stored)
        .await
        .map_err(|e| AnalyzeError::Store(format!("storing the analysis: {e}")))?;
    let tracked = workflow::store::track(&kv, &analysed(&email, &rules), now_ms() as i64)
        .await
        .map_err(|e| {
            AnalyzeError::Store(format!(
                "the analysis is stored, but entering it into the workflow failed: {e}"
            ))
        })?;
    analysis["tracked"] = tracked.summary(now_ms() as i64);
    Ok(analysis)
}

/// What the workflow takes of an analysed e-mail.
fn analysed(email: &Email, analysis: &Analysis) -> workflow::store::Analysed {
    workflow::store::Analysed {
        email_id: analysis.email_id.clone(),
        subject: email.subject.clone(),
        from: email.from.clone().unwrap_or_default(),
        received_ms: email.received_at.as_deref().and_then(parse_time),
        category: serde_name(&analysis.workflow.category),
        priority: serde_name(&analysis.priority.level),
        sla_hours: i64::from(analysis.priority.sla_hours),
        state: serde_name(&analysis.workflow.state),
    }
}

/// A unit enum's name as serde writes it (`order_management`).
fn serde_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The id in `/v1/emails/{id}/analysis`, if `path` is that route.
pub fn analysis_id(path: &str) -> Option<&str> {
    path.strip_prefix("/v1/emails/")?
        .strip_suffix("/analysis")
        .filter(|id| !id.is_empty() && !id.contains('/'))
}
