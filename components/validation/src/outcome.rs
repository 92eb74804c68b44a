//! What a request ends in: a response made here, one streamed from here, or the agent's;
//! problem+json rewritten in OpenAI's error shape on the OpenAI-compatible routes.

use bytes::Bytes;
use edgecrew_core::problem::PROBLEM_CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use http_body_util::Full;
use spin_sdk::http::IntoResponse;

use crate::backup;
use crate::respond::Local;

/// A response made here, one streamed from here, or the agent's.
pub enum Outcome {
    /// Made here.
    Local(Local),
    /// Streamed from here.
    Stream(backup::Streamed),
    /// The agent's.
    Next(spin_sdk::http::Response),
}

impl Outcome {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        match self {
            Outcome::Local(r) => r.status(),
            Outcome::Stream(r) => r.status(),
            Outcome::Next(r) => r.status(),
        }
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        match self {
            Outcome::Local(r) => r.headers(),
            Outcome::Stream(r) => r.headers(),
            Outcome::Next(r) => r.headers(),
        }
    }

    /// The response headers, to add to.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        match self {
            Outcome::Local(r) => r.headers_mut(),
            Outcome::Stream(r) => r.headers_mut(),
            Outcome::Next(r) => r.headers_mut(),
        }
    }
}

impl Outcome {
    /// A problem+json answered here, rewritten in OpenAI's error shape (same status and
    /// headers), for the OpenAI-compatible routes whose clients parse that shape.
    pub async fn in_openai_shape(self) -> Self {
        use http_body_util::BodyExt;
        let Outcome::Local(resp) = self else {
            return self;
        };
        let is_problem = resp
            .headers()
            .get(http::header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes() == PROBLEM_CONTENT_TYPE.as_bytes());
        if !is_problem {
            return Outcome::Local(resp);
        }
        let (mut parts, body) = resp.into_parts();
        let bytes = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let Ok(problem) = serde_json::from_slice::<edgecrew_core::Problem>(&bytes) else {
            return Outcome::Local(http::Response::from_parts(parts, Full::new(bytes)));
        };
        parts.headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(edgecrew_core::JSON_CONTENT_TYPE),
        );
        let body = edgecrew_core::openai_error::to_json(&problem, None);
        Outcome::Local(http::Response::from_parts(
            parts,
            Full::new(Bytes::from(body)),
        ))
    }
}

impl IntoResponse for Outcome {
    fn into_response(
        self,
    ) -> Result<spin_sdk::wasip3::http::types::Response, spin_sdk::wasip3::http::types::ErrorCode>
    {
        match self {
            Outcome::Local(r) => r.into_response(),
            Outcome::Stream(r) => r.into_response(),
            Outcome::Next(r) => r.into_response(),
        }
    }
}
