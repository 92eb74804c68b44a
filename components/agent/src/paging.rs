//! Query parameters of the listings: one parameter's value, and the `limit` and `cursor`
//! every listing pages with.

use edgecrew_core::Problem;
use edgecrew_validation_rules::request::percent_decode;

use crate::respond::{self, Response};

/// A query parameter's decoded value, its name decoded too, as the front door that checked
/// names and formats reads them.
pub fn query_param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| percent_decode(k).as_deref() == Some(name))
        .and_then(|(_, v)| percent_decode(v))
}

/// The page a listing request asks for.
pub struct PageRequest {
    /// How many items at most: `limit`, 1–100.
    pub limit: usize,
    /// Start after this position: the `cursor`, a `next_cursor` of an earlier page.
    pub before: Option<i64>,
}

/// Reads `limit` (`default_limit` when absent) and `cursor`; a cursor that no page could
/// have given is a 400.
pub fn page_request(
    query: &str,
    default_limit: usize,
    request_id: &str,
) -> Result<PageRequest, Response> {
    let limit = query_param(query, "limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(default_limit)
        .clamp(1, 100);
    let before = match query_param(query, "cursor") {
        None => None,
        Some(c) => match c.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(respond::problem(&Problem::new(
                    400,
                    "query parameter 'cursor' must be a next_cursor from an earlier page",
                    request_id,
                )));
            }
        },
    };
    Ok(PageRequest { limit, before })
}
