//! The e-mail workflow: `GET /v1/emails` (filters, cursor paging), `GET /v1/emails/overdue`
//! and `POST /v1/emails/{id}/transition`. An e-mail enters it when its analysis is stored
//! (`emails`), in the state the analysis infers, with `due_at` from its priority's SLA.
//!
//! - [`machine`]: the states and the moves allowed between them (a data file);
//! - [`record`]: what is stored of an e-mail, and the summary responses show;
//! - [`index`]: the pages a listing reads, newest first, never the whole store;
//! - [`store`]: entering and moving e-mails, by compare-and-swap (optimistic concurrency).
//!
//! A move's audit event is the front door's record of the request: the response's
//! `x-edgecrew-audit-detail` header (`{id}: {from} -> {to}`) becomes its `detail`.

pub mod index;
pub mod machine;
pub mod record;
pub mod store;

use edgecrew_core::Problem;
use edgecrew_kv::Kv;
use edgecrew_validation_rules::request::parse_time;
use serde_json::{Value, json};
use spin_sdk::http::Request;

use crate::clock::now_ms;
use crate::paging::{PageRequest, page_request, query_param};
use crate::respond::{self, Response};
use record::Tracked;
use store::{Refusal, Transition};

/// Default page size of a listing.
const DEFAULT_LIMIT: usize = 20;

/// Index pages one listing request reads at most ([`index::PAGE`] e-mails each): a filter
/// that matches little returns a short page and a cursor rather than a slow one.
const PAGE_BUDGET: usize = 32;

/// The response header that carries a move into the audit log.
pub const AUDIT_DETAIL_HEADER: &str = "x-edgecrew-audit-detail";

/// What a listing keeps.
#[derive(Default)]
struct Filter {
    state: Option<String>,
    priority: Option<String>,
    category: Option<String>,
    due_before_ms: Option<i64>,
    text: Option<String>,
    overdue_at: Option<i64>,
}

impl Filter {
    fn from_query(query: &str) -> Self {
        Self {
            state: query_param(query, "state"),
            priority: query_param(query, "priority"),
            category: query_param(query, "category"),
            due_before_ms: query_param(query, "due_before").and_then(|t| parse_time(&t)),
            text: query_param(query, "q")
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty()),
            overdue_at: None,
        }
    }

    fn keep(&self, e: &Tracked) -> bool {
        let is =
            |wanted: &Option<String>, value: &str| wanted.as_deref().is_none_or(|w| w == value);
        is(&self.state, &e.state)
            && is(&self.priority, &e.priority)
            && is(&self.category, &e.category)
            && self.due_before_ms.is_none_or(|t| e.due_ms < t)
            && self.overdue_at.is_none_or(|now| e.overdue(now))
            && self.text.as_deref().is_none_or(|q| {
                e.subject.to_lowercase().contains(q) || e.from.to_lowercase().contains(q)
            })
    }
}

fn store_down(e: &impl std::fmt::Display, request_id: &str) -> Response {
    respond::problem(&Problem::new(503, e.to_string(), request_id))
}

/// One page of the e-mails `filter` keeps, newest first.
async fn page(query: &str, filter: Filter, request_id: &str) -> Response {
    let PageRequest { limit, before } = match page_request(query, DEFAULT_LIMIT, request_id) {
        Ok(page) => page,
        Err(refused) => return refused,
    };
    let kv = match Kv::open().await {
        Ok(kv) => kv,
        Err(e) => return store_down(&e, request_id),
    };
    let now = now_ms() as i64;
    match index::scan(&kv, before, |e| filter.keep(e), limit, PAGE_BUDGET).await {
        Ok(found) => respond::json(
            200,
            &json!({
                "emails": found.entries.iter().map(|e| e.summary(now)).collect::<Vec<_>>(),
                "next_cursor": found.next.map(|n| n.to_string()),
            }),
        ),
        Err(e) => store_down(&e, request_id),
    }
}

/// `GET /v1/emails?state=&priority=&category=&due_before=&q=&cursor=&limit=`.
pub async fn list(query: &str, request_id: &str) -> Response {
    page(query, Filter::from_query(query), request_id).await
}

/// `GET /v1/emails/overdue?cursor=&limit=`: past their SLA and not completed.
pub async fn overdue(query: &str, request_id: &str) -> Response {
    let filter = Filter {
        overdue_at: Some(now_ms() as i64),
        ..Filter::default()
    };
    page(query, filter, request_id).await
}

/// `POST /v1/emails/{id}/transition` `{"to", "note"?, "if_version"}`.
pub async fn transition(email_id: &str, req: Request, request_id: &str) -> Response {
    let key_id = respond::caller(&req);
    let body: Value = match respond::read_json(req, request_id).await {
        Ok(v) => v,
        Err(resp) => return resp,
    };
    let (Some(to), Some(if_version)) = (body["to"].as_str(), body["if_version"].as_i64()) else {
        return respond::problem(&Problem::new(
            400,
            "fields 'to' (a state) and 'if_version' (an integer) are required",
            request_id,
        ));
    };
    let asked = Transition {
        to,
        note: body["note"].as_str(),
        if_version,
        key_id: &key_id,
    };
    let kv = match Kv::open().await {
        Ok(kv) => kv,
        Err(e) => return store_down(&e, request_id),
    };
    let now = now_ms() as i64;
    match store::transition(&kv, email_id, &asked, now).await {
        Ok(Ok((tracked, from))) => {
            let mut resp = respond::json(200, &tracked.summary(now));
            let detail = format!("{email_id}: {from} -> {to}");
            if let Ok(value) = http::HeaderValue::from_str(&detail) {
                resp.headers_mut().insert(AUDIT_DETAIL_HEADER, value);
            }
            resp
        }
        Ok(Err(refusal)) => refused(email_id, &asked, refusal, request_id),
        Err(e) => store_down(&e, request_id),
    }
}

/// The problem of a refused move.
fn refused(email_id: &str, asked: &Transition<'_>, refusal: Refusal, request_id: &str) -> Response {
    let (to, asked_version) = (asked.to, asked.if_version);
    match refusal {
        Refusal::NotFound => respond::problem(&Problem::new(
            404,
            format!(
                "e-mail '{email_id}' is not in the workflow; POST /v1/emails/analyze enters it"
            ),
            request_id,
        )),
        Refusal::Stale {
            current_version,
            state,
        } => respond::problem_with(
            &Problem::new(
                409,
                format!(
                    "e-mail '{email_id}' changed since the version the request names \
                     (if_version {}): it is at version {current_version}, state '{state}'; \
                     read it again and retry",
                    asked_version
                ),
                request_id,
            ),
            json!({ "current_version": current_version, "state": state }),
        ),
        Refusal::NotAllowed { from, allowed } => respond::problem_with(
            &Problem::new(
                409,
                format!(
                    "e-mail '{email_id}' cannot move from '{from}' to '{to}'; from '{from}' it \
                     may move to: {}",
                    allowed.join(", ")
                ),
                request_id,
            ),
            json!({ "state": from, "allowed": allowed }),
        ),
    }
}
