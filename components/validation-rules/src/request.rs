//! Every check that runs before any work is done for a request: route and method, id
//! segments, query parameters, content type, size, UTF-8, JSON and schema. Pure and
//! total: any input yields either a checked request or a 4xx [`Rejection`].

use serde_json::Value;

use crate::Rejection;
use crate::backup::CONTENT_TYPE;
use crate::routes::{Endpoint, Lookup, Matched, QueryKind, lookup};
use crate::time::parse_rfc3339;

/// Default largest request body, in bytes (API.md: 256 KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;

/// The parts of a request the checks look at.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path, without the query.
    pub path: &'a str,
    /// Raw query string, without `?`.
    pub query: Option<&'a str>,
    /// The `content-type` header.
    pub content_type: Option<&'a str>,
    /// The whole body.
    pub body: &'a [u8],
}

/// A request that passed every check.
#[derive(Debug)]
pub struct Checked<'a> {
    /// The endpoint, or `None` for a path the API does not define.
    pub matched: Option<Matched<'a>>,
    /// The parsed body, for endpoints that take one.
    pub body: Option<Value>,
    /// Decoded query parameters.
    pub query: Vec<(String, String)>,
}

/// Run every check on `req`.
pub fn check<'a>(req: &Incoming<'a>, max_body_bytes: usize) -> Result<Checked<'a>, Rejection> {
    if req.body.len() > max_body_bytes {
        return Err(Rejection::new(
            413,
            format!("the request body exceeds {max_body_bytes} bytes"),
        ));
    }
    let matched = match lookup(req.method, req.path)? {
        Lookup::Found(m) => m,
        Lookup::Unknown => {
            return Ok(Checked {
                matched: None,
                body: None,
                query: Vec::new(),
            });
        }
    };
    let query = check_query(&matched, req.query)?;
    if matched.route.endpoint == Endpoint::Import {
        check_backup_content_type(req.content_type)?;
        if req.body.is_empty() {
            return Err(Rejection::bad_request(
                "the request body must be a backup file from GET /v1/admin/export",
            ));
        }
        return Ok(Checked {
            matched: Some(matched),
            body: None,
            query,
        });
    }
    let body = match matched.route.body {
        None if req.body.is_empty() => None,
        None => {
            return Err(Rejection::bad_request(format!(
                "{} {} takes no request body",
                req.method, matched.route.pattern
            )));
        }
        Some(schema) => {
            let value = if req.body.is_empty() {
                if schema.fields.iter().any(|f| f.required) {
                    return Err(Rejection::bad_request("a JSON request body is required"));
                }
                Value::Object(Default::default())
            } else {
                check_content_type(req.content_type)?;
                parse_json(req.body)?
            };
            schema.validate(&value).map_err(Rejection::bad_request)?;
            Some(value)
        }
    };
    Ok(Checked {
        matched: Some(matched),
        body,
        query,
    })
}

/// A backup file is declared as NDJSON.
fn check_backup_content_type(content_type: Option<&str>) -> Result<(), Rejection> {
    let essence = content_type
        .and_then(|ct| ct.split(';').next())
        .map(str::trim)
        .unwrap_or("none");
    if essence.eq_ignore_ascii_case(CONTENT_TYPE) {
        Ok(())
    } else {
        Err(Rejection::new(
            415,
            format!(
                "content-type must be {CONTENT_TYPE} (got '{}')",
                essence.chars().take(100).collect::<String>()
            ),
        ))
    }
}

/// The body must be declared as JSON, in UTF-8 if a charset is named.
fn check_content_type(content_type: Option<&str>) -> Result<(), Rejection> {
    let unsupported = |got: &str| {
        Rejection::new(
            415,
            format!("content-type must be application/json (got '{got}')"),
        )
    };
    let Some(ct) = content_type else {
        return Err(unsupported("none"));
    };
    let mut parts = ct.split(';');
    let essence = parts.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(unsupported(&ct.chars().take(100).collect::<String>()));
    }
    for param in parts {
        if let Some((name, value)) = param.split_once('=')
            && name.trim().eq_ignore_ascii_case("charset")
            && !value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        {
            return Err(Rejection::new(415, "the only supported charset is utf-8"));
        }
    }
    Ok(())
}

fn parse_json(body: &[u8]) -> Result<Value, Rejection> {
    let text = std::str::from_utf8(body).map_err(|e| {
        Rejection::bad_request(format!(
            "the request body is not valid UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    })?;
    serde_json::from_str(text).map_err(|e| Rejection::bad_request(format!("malformed JSON: {e}")))
}

/// Decode one `application/x-www-form-urlencoded` component.
pub fn percent_decode(s: &str) -> Option<String> {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hi = (bytes.next()? as char).to_digit(16)?;
                let lo = (bytes.next()? as char).to_digit(16)?;
                out.push(u8::try_from(hi * 16 + lo).ok()?);
            }
            _ => out.push(b),
        }
    }
    String::from_utf8(out).ok()
}

fn check_query(
    matched: &Matched<'_>,
    query: Option<&str>,
) -> Result<Vec<(String, String)>, Rejection> {
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (Some(name), Some(value)) = (percent_decode(raw_name), percent_decode(raw_value))
        else {
            return Err(Rejection::bad_request(
                "the query string is not valid percent-encoded UTF-8",
            ));
        };
        let shown: String = name.chars().take(64).collect();
        let Some(param) = matched.route.query.iter().find(|p| p.name == name) else {
            return Err(Rejection::bad_request(format!(
                "unknown query parameter '{shown}'"
            )));
        };
        if out.iter().any(|(n, _)| *n == name) {
            return Err(Rejection::bad_request(format!(
                "query parameter '{shown}' is repeated"
            )));
        }
        let ok = match &param.kind {
            QueryKind::Integer { min, max } => value
                .parse::<i64>()
                .is_ok_and(|n| (*min..=*max).contains(&n)),
            QueryKind::OneOf(options) => options.contains(&value.as_str()),
            QueryKind::Text(max) => value.chars().count() <= *max,
            QueryKind::Time => parse_time(&value).is_some(),
        };
        if !ok {
            let expected = match &param.kind {
                QueryKind::Integer { min, max } => format!("an integer from {min} to {max}"),
                QueryKind::OneOf(options) => format!("one of: {}", options.join(", ")),
                QueryKind::Text(max) => format!("at most {max} characters"),
                QueryKind::Time => "an RFC 3339 timestamp or Unix milliseconds".to_owned(),
            };
            return Err(Rejection::bad_request(format!(
                "query parameter '{shown}' must be {expected}"
            )));
        }
        out.push((name, value));
    }
    Ok(out)
}

/// Unix milliseconds from an RFC 3339 timestamp or a plain millisecond count.
pub fn parse_time(value: &str) -> Option<i64> {
    parse_rfc3339(value).or_else(|| {
        value
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0 && value.bytes().all(|b| b.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req<'a>(
        method: &'a str,
        path: &'a str,
        ct: Option<&'a str>,
        body: &'a [u8],
    ) -> Incoming<'a> {
        Incoming {
            method,
            path,
            query: None,
            content_type: ct,
            body,
        }
    }

    const JSON: Option<&str> = Some("application/json; charset=utf-8");

    #[test]
    fn an_import_takes_an_ndjson_body_that_is_not_parsed_as_json() {
        let file = b"{\"format\":\"edgecrew-export\",\"version\":1}\n";
        let ndjson = Some("application/x-ndjson");
        let c = check(&req("POST", "/v1/admin/import", ndjson, file), 1 << 20).expect("ok");
        assert_eq!(c.matched.map(|m| m.route.endpoint), Some(Endpoint::Import));
        assert!(c.body.is_none());
        let json = check(&req("POST", "/v1/admin/import", JSON, file), 1 << 20);
        assert_eq!(json.expect_err("json").status, 415);
        let empty = check(&req("POST", "/v1/admin/import", ndjson, b""), 1 << 20);
        assert_eq!(empty.expect_err("empty").status, 400);
        let big = check(&req("POST", "/v1/admin/import", ndjson, file), 4);
        assert_eq!(big.expect_err("big").status, 413);
    }

    #[test]
    fn a_valid_request_passes_with_its_parsed_body() {
        let c = check(
            &req(
                "POST",
                "/v1/complete",
                JSON,
                br#"{"prompt":"hi","max_tokens":5}"#,
            ),
            1024,
        )
        .expect("valid");
        assert_eq!(c.body.expect("body")["prompt"], "hi");
    }

    #[test]
    fn each_failure_has_its_status_and_names_the_problem() {
        let cases: Vec<(Incoming<'_>, u16, &str)> = vec![
            (
                req("POST", "/v1/complete", Some("text/plain"), b"x"),
                415,
                "content-type",
            ),
            (
                req("POST", "/v1/complete", None, b"{}"),
                415,
                "content-type",
            ),
            (
                req(
                    "POST",
                    "/v1/complete",
                    Some("application/json; charset=latin1"),
                    b"{}",
                ),
                415,
                "utf-8",
            ),
            (
                req("POST", "/v1/complete", JSON, b"{\"prompt\": "),
                400,
                "malformed JSON",
            ),
            (req("POST", "/v1/complete", JSON, b"\xff\xfe"), 400, "UTF-8"),
            (
                req("POST", "/v1/complete", JSON, b"{}"),
                400,
                "'prompt' is required",
            ),
            (
                req(
                    "POST",
                    "/v1/complete",
                    JSON,
                    br#"{"prompt":"x","temprature":1}"#,
                ),
                400,
                "unknown field 'temprature'",
            ),
            (
                req("POST", "/v1/complete", JSON, b""),
                400,
                "body is required",
            ),
            (
                req("GET", "/v1/agents", JSON, b"{}"),
                400,
                "takes no request body",
            ),
            (
                req("PATCH", "/v1/complete", JSON, b"{}"),
                405,
                "allowed: POST",
            ),
            (
                req("POST", "/v1/complete", JSON, &[b' '; 2000]),
                413,
                "exceeds 1024 bytes",
            ),
        ];
        for (r, status, needle) in cases {
            let e = check(&r, 1024).expect_err("rejected");
            assert_eq!(e.status, status, "{r:?}: {}", e.detail);
            assert!(e.detail.contains(needle), "{r:?}: {}", e.detail);
        }
    }

    #[test]
    fn optional_bodies_may_be_empty() {
        let c = check(&req("POST", "/v1/conversations", None, b""), 1024).expect("ok");
        assert_eq!(c.body, Some(serde_json::json!({})));
    }

    #[test]
    fn query_parameters_are_decoded_and_checked() {
        let mut r = req("GET", "/v1/admin/audit", None, b"");
        r.query = Some("since=2026-11-25T00%3A00%3A00Z&limit=10");
        let c = check(&r, 1024).expect("ok");
        assert_eq!(c.query[0], ("since".into(), "2026-11-25T00:00:00Z".into()));
        for (q, needle) in [
            ("limit=0", "from 1 to 1000"),
            ("limit=5&limit=6", "repeated"),
            ("nope=1", "unknown query parameter 'nope'"),
            ("since=yesterday", "RFC 3339"),
            ("since=%zz", "percent-encoded"),
        ] {
            r.query = Some(q);
            let e = check(&r, 1024).expect_err(q);
            assert!(e.detail.contains(needle), "{q}: {}", e.detail);
        }
    }

    #[test]
    fn unknown_paths_pass_unparsed_for_the_next_handler_to_404() {
        let c = check(&req("POST", "/v1/unknown", None, b"whatever"), 1024).expect("ok");
        assert!(c.matched.is_none());
    }
}
