//! `/v1/conversations`: create, list (cursor), read, append a message and get the
//! assistant's reply, export as JSON or Markdown, delete. Both messages of an exchange
//! are stored before the response returns ([`store`] holds the key layout). A
//! conversation belongs to the API key that created it (the middleware's verified
//! `x-edgecrew-key-id`); for any other key it does not exist.

pub mod store;

use edgecrew_core::Problem;
use edgecrew_kv::Kv;
use edgecrew_providers::openai::{Message as ChatMessage, Prompt};
use edgecrew_validation_rules::time::format_rfc3339;
use serde_json::{Value, json};
use spin_sdk::http::Request;

use crate::chain::{Answer, Chain, Route};
use crate::clock::now_ms;
use crate::ids::random_id;
use crate::paging::{PageRequest, page_request, query_param};
use crate::respond::{self, Response};
use store::{Conversation, Message};

/// Default and largest page size of the listing.
const DEFAULT_LIMIT: usize = 20;

/// Index slots one listing page may read.
const SCAN_BUDGET: usize = 1_000;

/// Earlier messages given to the model as context, newest kept.
const HISTORY_MESSAGES: usize = 20;

/// Characters of history given to the model at most.
const HISTORY_CHARS: usize = 16_000;

/// The current time, RFC 3339.
pub fn timestamp() -> String {
    format_rfc3339(now_ms() as i64)
}

fn store_down(e: &impl std::fmt::Display, request_id: &str) -> Response {
    respond::problem(&Problem::new(503, e.to_string(), request_id))
}

fn not_found(id: &str, request_id: &str) -> Response {
    respond::problem(&Problem::new(
        404,
        format!("conversation '{id}' does not exist"),
        request_id,
    ))
}

/// Open the store and read the caller's conversation, or the response that says why not.
async fn open_existing(
    id: &str,
    owner: &str,
    request_id: &str,
) -> Result<(Kv, Conversation), Response> {
    let kv = Kv::open().await.map_err(|e| store_down(&e, request_id))?;
    match store::get(&kv, id, owner).await {
        Ok(Some(c)) => Ok((kv, c)),
        Ok(None) => Err(not_found(id, request_id)),
        Err(e) => Err(store_down(&e, request_id)),
    }
}

fn summary(c: &Conversation) -> Value {
    json!({ "id": c.id, "title": c.title, "created_at": c.created_at })
}

fn document(c: &Conversation, messages: &[Message]) -> Value {
    let mut doc = summary(c);
    doc["messages"] = json!(messages);
    doc
}

/// `POST /v1/conversations`.
pub async fn create(req: Request, request_id: &str) -> Response {
    let owner = respond::caller(&req);
    let body = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let title = body["title"].as_str().unwrap_or_default().trim().to_owned();
    let kv = match Kv::open().await {
        Ok(kv) => kv,
        Err(e) => return store_down(&e, request_id),
    };
    match store::create(&kv, random_id("conv"), title, timestamp(), &owner).await {
        Ok(c) => respond::json(201, &summary(&c)),
        Err(e) => store_down(&e, request_id),
    }
}

/// `GET /v1/conversations?limit=&cursor=`: the caller's conversations, newest first.
pub async fn list(query: &str, owner: &str, request_id: &str) -> Response {
    let PageRequest { limit, before } = match page_request(query, DEFAULT_LIMIT, request_id) {
        Ok(page) => page,
        Err(refused) => return refused,
    };
    let kv = match Kv::open().await {
        Ok(kv) => kv,
        Err(e) => return store_down(&e, request_id),
    };
    match store::page(&kv, owner, before, limit, SCAN_BUDGET).await {
        Ok((found, next)) => respond::json(
            200,
            &json!({
                "conversations": found.iter().map(summary).collect::<Vec<_>>(),
                "next_cursor": next.map(|n| n.to_string()),
            }),
        ),
        Err(e) => store_down(&e, request_id),
    }
}

/// `GET /v1/conversations/{id}`.
pub async fn read(id: &str, owner: &str, request_id: &str) -> Response {
    let (kv, c) = match open_existing(id, owner, request_id).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    match store::messages(&kv, id).await {
        Ok(messages) => respond::json(200, &document(&c, &messages)),
        Err(e) => store_down(&e, request_id),
    }
}

/// `DELETE /v1/conversations/{id}`.
pub async fn delete(id: &str, owner: &str, request_id: &str) -> Response {
    let (kv, c) = match open_existing(id, owner, request_id).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    match store::delete(&kv, &c).await {
        Ok(()) => respond::empty(204),
        Err(e) => store_down(&e, request_id),
    }
}

/// `GET /v1/conversations/{id}/export?format=json|markdown`.
pub async fn export(id: &str, owner: &str, query: &str, request_id: &str) -> Response {
    let (kv, c) = match open_existing(id, owner, request_id).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let messages = match store::messages(&kv, id).await {
        Ok(m) => m,
        Err(e) => return store_down(&e, request_id),
    };
    if query_param(query, "format").as_deref() == Some("markdown") {
        return respond::typed(200, "text/markdown; charset=utf-8", markdown(&c, &messages));
    }
    respond::json(200, &document(&c, &messages))
}

/// The conversation as Markdown: a title, then each message under its speaker.
fn markdown(c: &Conversation, messages: &[Message]) -> String {
    let title = if c.title.is_empty() {
        "Conversation"
    } else {
        &c.title
    };
    let mut out = format!("# {title}\n\n_{} · created {}_\n", c.id, c.created_at);
    for m in messages {
        let who = match (&m.role[..], &m.agent) {
            ("assistant", Some(agent)) => format!("assistant ({agent})"),
            (role, _) => role.to_owned(),
        };
        out.push_str(&format!("\n## {who} · {}\n\n{}\n", m.created_at, m.content));
    }
    out
}

/// Whether a stored reply came from a model (degraded answers are not shown to a model
/// as if it had said them).
fn from_model(m: &Message) -> bool {
    m.provider
        .as_ref()
        .is_none_or(|p| p["name"] != "fallback" && p["degraded"] != true)
}

/// The earlier messages as chat history: user messages and model replies.
fn history(messages: &[Message]) -> Vec<ChatMessage> {
    messages
        .iter()
        .filter(|m| m.role == "user" || from_model(m))
        .map(|m| ChatMessage::new(&m.role, m.content.clone()))
        .collect()
}

/// The newest messages of a conversation, within the history bounds.
async fn recent(kv: &Kv, id: &str) -> edgecrew_kv::Result<Vec<Message>> {
    store::recent(kv, id, HISTORY_MESSAGES, HISTORY_CHARS).await
}

/// The prompt for a new user message: the agent's system prompt, the history, the message.
pub fn prompt_for(
    agent: Option<&edgecrew_agents::Agent>,
    earlier: &[Message],
    content: &str,
) -> Prompt {
    let mut prompt = Prompt::new(agent.map(|a| a.system_prompt.as_str()), "");
    prompt.messages.pop();
    prompt.messages.extend(history(earlier));
    prompt.messages.push(ChatMessage::new("user", content));
    prompt
}

/// Store an exchange after checking the conversation still exists; `None` when it was
/// deleted meanwhile (what was written is removed again).
pub(crate) async fn store_exchange(
    kv: &Kv,
    conversation: &Conversation,
    user: Message,
    reply: Message,
) -> edgecrew_kv::Result<Option<(Message, Message)>> {
    let id = &conversation.id;
    let user = store::append(kv, id, user).await?;
    let reply = store::append(kv, id, reply).await?;
    if store::get(kv, id, &conversation.owner).await?.is_none() {
        store::retract(kv, id, &[&user, &reply]).await?;
        return Ok(None);
    }
    Ok(Some((user, reply)))
}

/// Store an exchange whose reply has no single provider (an orchestrated answer; its
/// `provider` says whether any step was degraded).
pub async fn record_text_exchange(
    kv: &Kv,
    conversation: &Conversation,
    user_content: &str,
    reply: &str,
    provider: Value,
) -> edgecrew_kv::Result<Option<(Message, Message)>> {
    let user = message("user", user_content, None, None);
    let reply = message("assistant", reply, None, Some(provider));
    store_exchange(kv, conversation, user, reply).await
}

/// Store an exchange: the user's message, then the assistant's answer.
pub async fn record_exchange(
    kv: &Kv,
    conversation: &Conversation,
    user_content: &str,
    agent: Option<&str>,
    answer: &Answer,
) -> edgecrew_kv::Result<Option<(Message, Message)>> {
    let user = message("user", user_content, agent, None);
    let provider = serde_json::to_value(&answer.provider).ok();
    let reply = message("assistant", &answer.text, agent, provider);
    store_exchange(kv, conversation, user, reply).await
}

/// The caller's conversation for an agent run (`execute`, `orchestrate`) and its recent
/// messages; else the 404/503 response.
pub async fn for_run(
    id: &str,
    owner: &str,
    request_id: &str,
) -> Result<(Kv, Conversation, Vec<Message>), Response> {
    let (kv, c) = open_existing(id, owner, request_id).await?;
    match recent(&kv, id).await {
        Ok(earlier) => Ok((kv, c, earlier)),
        Err(e) => Err(store_down(&e, request_id)),
    }
}

/// The response when an exchange could not be stored, or its conversation vanished.
pub fn not_stored(
    outcome: edgecrew_kv::Result<Option<(Message, Message)>>,
    id: &str,
    request_id: &str,
) -> Result<(Message, Message), Response> {
    match outcome {
        Ok(Some(pair)) => Ok(pair),
        Ok(None) => Err(not_found(id, request_id)),
        Err(e) => Err(store_down(&e, request_id)),
    }
}

fn message(role: &str, content: &str, agent: Option<&str>, provider: Option<Value>) -> Message {
    Message {
        seq: 0,
        role: role.to_owned(),
        content: content.to_owned(),
        agent: agent.map(str::to_owned),
        provider,
        created_at: timestamp(),
    }
}

/// `POST /v1/conversations/{id}/messages` `{"content", "agent"?}`.
pub async fn post_message(id: &str, req: Request, request_id: &str) -> Response {
    let owner = respond::caller(&req);
    let body = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let content = body["content"].as_str().unwrap_or_default();
    let agent_id = body["agent"].as_str();
    let catalogue = edgecrew_agents::catalogue().unwrap_or_default();
    let agent = agent_id.and_then(|a| catalogue.iter().find(|x| x.id == a));
    let (kv, conversation, earlier) = match for_run(id, &owner, request_id).await {
        Ok(found) => found,
        Err(resp) => return resp,
    };
    let chain = match Chain::open().await {
        Ok(chain) => chain,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let answer = match chain
        .answer(&prompt_for(agent, &earlier, content), Route::Auto)
        .await
    {
        Ok(a) => a,
        Err(e) => return respond::problem(&Problem::new(e.status(), e.to_string(), request_id)),
    };
    let stored = record_exchange(&kv, &conversation, content, agent_id, &answer).await;
    match not_stored(stored, id, request_id) {
        Ok((user, reply)) => respond::with_provider(
            respond::json(
                201,
                &json!({
                    "conversation_id": id,
                    "messages": [user, reply],
                    "provider": answer.provider,
                    "usage": answer.usage_json(),
                    "timings": answer.timings_json(),
                }),
            ),
            &answer.provider,
        ),
        Err(resp) => resp,
    }
}
