//! `POST /v1/chat/completions` and `POST /v1/completions`: queue a job, then answer with one
//! JSON body or a server-sent-event stream.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::AppState;
use super::error::ApiError;
use super::request::{Prepared, chat_messages, check_model, prepare, single_prompt};
use super::tools::{self, Tools};
use super::types::{ChatRequest, CompletionRequest};
use crate::engine::{Engine, Event, Job, Timings};
use crate::metrics::{Metrics, Outcome};

/// Which endpoint shapes the response.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Chat,
    Text,
}

/// Identity of one response.
struct Reply {
    kind: Kind,
    id: String,
    created: u64,
    model: String,
}

impl Reply {
    fn chunk(&self, text: Option<&str>, first: bool, finish: Option<&str>) -> Value {
        let choice = match self.kind {
            Kind::Chat => {
                let mut delta = serde_json::Map::new();
                if first {
                    delta.insert("role".into(), "assistant".into());
                }
                if let Some(t) = text {
                    delta.insert("content".into(), t.into());
                }
                json!({"index": 0, "delta": delta, "finish_reason": finish})
            }
            Kind::Text => {
                json!({"index": 0, "text": text.unwrap_or(""), "finish_reason": finish, "logprobs": null})
            }
        };
        json!({
            "id": self.id,
            "object": match self.kind { Kind::Chat => "chat.completion.chunk", Kind::Text => "text_completion" },
            "created": self.created,
            "model": self.model,
            "choices": [choice],
        })
    }

    fn full(&self, text: String, finish: &str, timings: &Timings) -> Value {
        let choice = match self.kind {
            Kind::Chat => {
                json!({"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish})
            }
            Kind::Text => {
                json!({"index": 0, "text": text, "finish_reason": finish, "logprobs": null})
            }
        };
        json!({
            "id": self.id,
            "object": match self.kind { Kind::Chat => "chat.completion", Kind::Text => "text_completion" },
            "created": self.created,
            "model": self.model,
            "choices": [choice],
            "usage": usage(timings),
            "timings": timings_json(timings),
        })
    }
}

fn usage(t: &Timings) -> Value {
    json!({
        "prompt_tokens": t.prompt_total(),
        "completion_tokens": t.predicted_n,
        "total_tokens": t.prompt_total() + t.predicted_n,
    })
}

fn timings_json(t: &Timings) -> Value {
    json!({
        "cache_n": t.cache_n,
        "prompt_n": t.prompt_n,
        "prompt_ms": t.prompt_ms,
        "prompt_per_second": t.prompt_per_second(),
        "predicted_n": t.predicted_n,
        "predicted_ms": t.predicted_ms,
        "predicted_per_second": t.predicted_per_second(),
    })
}

/// Counts a request's outcome exactly once, including when a stream is dropped early.
struct OutcomeGuard {
    metrics: Arc<Metrics>,
    outcome: Outcome,
}

impl Drop for OutcomeGuard {
    fn drop(&mut self) {
        self.metrics.request(self.outcome);
    }
}

async fn read_json<T: DeserializeOwned>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<T, ApiError> {
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = ct.to_str().unwrap_or_default();
        if !ct.starts_with("application/json") {
            return Err(ApiError::unsupported_media_type());
        }
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::too_large(limit));
    }
    let bytes: Bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::too_large(limit))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(
            "invalid_json",
            format!("the request body is not valid: {e}"),
        )
    })
}

/// `POST /v1/chat/completions`.
pub async fn chat(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let received = Instant::now();
    let result = async {
        let req: ChatRequest = read_json(&headers, body, state.config().max_body_bytes).await?;
        let engine = state.engine()?;
        check_model(&req.common, &engine)?;
        let tools = Tools::read(req.tools, req.tool_choice)?;
        if tools.is_some() && req.common.response_format.is_some() {
            return Err(ApiError::bad_request(
                "invalid_tools",
                "`tools` and `response_format` cannot be used together",
            ));
        }
        let mut messages = chat_messages(req.messages)?;
        if let Some(tools) = &tools {
            match messages.first_mut() {
                Some((role, text)) if role == "system" => {
                    text.push_str("\n\n");
                    text.push_str(&tools.instruction());
                }
                _ => messages.insert(0, ("system".into(), tools.instruction())),
            }
        }
        let prompt = engine.render_chat(&messages)?;
        let stream = req.common.stream;
        let mut prepared = prepare(&engine, &prompt, req.common, state.config().max_tokens)?;
        if let Some(tools) = &tools {
            prepared.params.grammar = Some(tools.grammar()?);
            prepared.params.ignore_eos = false;
        }
        let shape = Shape {
            kind: Kind::Chat,
            stream,
            tools: tools.as_ref(),
        };
        run(&state, &engine, prepared, shape, received).await
    }
    .await;
    finish(&state, result)
}

/// `POST /v1/completions`.
pub async fn completions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let received = Instant::now();
    let result = async {
        let req: CompletionRequest =
            read_json(&headers, body, state.config().max_body_bytes).await?;
        let engine = state.engine()?;
        check_model(&req.common, &engine)?;
        let prompt = single_prompt(req.prompt)?;
        let stream = req.common.stream;
        let prepared = prepare(&engine, &prompt, req.common, state.config().max_tokens)?;
        let shape = Shape {
            kind: Kind::Text,
            stream,
            tools: None,
        };
        run(&state, &engine, prepared, shape, received).await
    }
    .await;
    finish(&state, result)
}

fn finish(state: &AppState, result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(|e| {
        state.metrics().request(e.outcome());
        e.into_response()
    })
}

/// How a job's answer is sent: its endpoint, streamed or whole, and the request's tools
/// (an answer with tools is collected whole, then read for calls, then sent).
struct Shape<'a> {
    kind: Kind,
    stream: bool,
    tools: Option<&'a Tools>,
}

async fn run(
    state: &AppState,
    engine: &Engine,
    prepared: Prepared,
    shape: Shape<'_>,
    received: Instant,
) -> Result<Response, ApiError> {
    let Shape {
        kind,
        stream,
        tools,
    } = shape;
    let (tx, mut rx) = mpsc::unbounded_channel();
    engine.submit(Job {
        tokens: prepared.tokens,
        params: prepared.params,
        events: tx,
        received,
        deadline: received + state.config().request_timeout(),
    })?;
    state.metrics().set_queue_depth(engine.queue_depth() as u64);

    // Wait for the first event so errors found by the engine still get a proper status.
    let first = rx
        .recv()
        .await
        .ok_or_else(|| ApiError::internal("the inference engine stopped"))?;
    if let Event::Error(e) = first {
        return Err(e.into());
    }
    let reply = Reply {
        kind,
        id: state.next_id(match kind {
            Kind::Chat => "chatcmpl",
            Kind::Text => "cmpl",
        }),
        created: state.unix_now(),
        model: engine.info().id.clone(),
    };
    let guard = OutcomeGuard {
        metrics: Arc::clone(state.metrics()),
        outcome: Outcome::Cancelled,
    };
    match (tools, stream) {
        (Some(tools), stream) => {
            let doc = tools::shape(collect(reply, first, rx, guard).await?, tools);
            Ok(if stream {
                sse_whole(&doc)
            } else {
                axum::Json(doc).into_response()
            })
        }
        (None, true) => Ok(sse(reply, first, rx, guard)),
        (None, false) => Ok(axum::Json(collect(reply, first, rx, guard).await?).into_response()),
    }
}

/// A whole chat completion sent as the chunks of a stream: the role, the content or the
/// tool calls (with their `index`), the finish with usage and timings, `[DONE]`.
fn sse_whole(doc: &Value) -> Response {
    let chunk = |delta: Value, finish: Value| {
        json!({"id": doc["id"], "object": "chat.completion.chunk", "created": doc["created"],
               "model": doc["model"], "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    };
    let message = &doc["choices"][0]["message"];
    let body = match message["tool_calls"].as_array() {
        Some(calls) => {
            let indexed: Vec<Value> = calls
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mut c = c.clone();
                    c["index"] = json!(i);
                    c
                })
                .collect();
            json!({ "tool_calls": indexed })
        }
        None => json!({ "content": message["content"] }),
    };
    let mut last = chunk(json!({}), doc["choices"][0]["finish_reason"].clone());
    last["usage"] = doc["usage"].clone();
    last["timings"] = doc["timings"].clone();
    let mut text = String::new();
    for frame in [
        chunk(json!({"role": "assistant", "content": ""}), Value::Null),
        chunk(body, Value::Null),
        last,
    ] {
        text.push_str(&format!("data: {frame}\n\n"));
    }
    text.push_str("data: [DONE]\n\n");
    event_stream(Body::from(text))
}

/// `body` as a Server-Sent Events response.
fn event_stream(body: Body) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The whole answer, as its JSON document.
async fn collect(
    reply: Reply,
    first: Event,
    mut rx: mpsc::UnboundedReceiver<Event>,
    mut guard: OutcomeGuard,
) -> Result<Value, ApiError> {
    let mut text = String::new();
    let mut next = Some(first);
    loop {
        let event = match next.take() {
            Some(e) => e,
            None => rx
                .recv()
                .await
                .ok_or_else(|| ApiError::internal("the inference engine stopped"))?,
        };
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Done { reason, timings } => {
                guard.outcome = Outcome::Ok;
                return Ok(reply.full(text, reason.as_str(), &timings));
            }
            Event::Error(e) => {
                let err = ApiError::from(e);
                guard.outcome = err.outcome();
                return Err(err);
            }
        }
    }
}

fn sse_frame(value: &Value) -> Bytes {
    Bytes::from(format!("data: {value}\n\n"))
}

struct StreamState {
    reply: Reply,
    pending: Option<Event>,
    rx: mpsc::UnboundedReceiver<Event>,
    guard: OutcomeGuard,
    started: bool,
    finished: bool,
}

fn sse(
    reply: Reply,
    first: Event,
    rx: mpsc::UnboundedReceiver<Event>,
    guard: OutcomeGuard,
) -> Response {
    let init = StreamState {
        reply,
        pending: Some(first),
        rx,
        guard,
        started: false,
        finished: false,
    };
    let stream = futures::stream::unfold(init, |mut st| async move {
        if st.finished {
            return None;
        }
        if !st.started {
            st.started = true;
            if matches!(st.reply.kind, Kind::Chat) {
                let frame = sse_frame(&st.reply.chunk(Some(""), true, None));
                return Some((Ok::<_, Infallible>(frame), st));
            }
        }
        let event = match st.pending.take() {
            Some(e) => e,
            None => st.rx.recv().await?,
        };
        let frame = match event {
            Event::Text(t) => sse_frame(&st.reply.chunk(Some(&t), false, None)),
            Event::Done { reason, timings } => {
                st.guard.outcome = Outcome::Ok;
                st.finished = true;
                let mut last = st.reply.chunk(None, false, Some(reason.as_str()));
                last["usage"] = usage(&timings);
                last["timings"] = timings_json(&timings);
                let mut bytes = sse_frame(&last).to_vec();
                bytes.extend_from_slice(b"data: [DONE]\n\n");
                Bytes::from(bytes)
            }
            Event::Error(e) => {
                let err = ApiError::from(e);
                st.guard.outcome = err.outcome();
                st.finished = true;
                sse_frame(&err.body())
            }
        };
        Some((Ok(frame), st))
    });
    event_stream(Body::from_stream(stream))
}
