//! The JSON error body every failure is answered with: `{"error":{"message","type","code"}}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::engine::{EngineError, SubmitError};
use crate::grammar::SchemaError;
use crate::metrics::Outcome;
use crate::template::TemplateError;

/// An HTTP error with an OpenAI-style JSON body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    kind: &'static str,
    code: &'static str,
    retry_after: Option<u32>,
}

impl ApiError {
    fn new(
        status: StatusCode,
        kind: &'static str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            message: message.into(),
            kind,
            code,
            retry_after: None,
        }
    }

    /// 400 with the given machine-readable `code`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            code,
            message,
        )
    }

    /// 401: missing or wrong bearer key.
    #[must_use]
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication_error",
            "invalid_api_key",
            "a valid `Authorization: Bearer <key>` header is required",
        )
    }

    /// 404 for an unknown route.
    #[must_use]
    pub fn no_route() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "not_found",
            "no such endpoint",
        )
    }

    /// 405 for a known route with the wrong method.
    #[must_use]
    pub fn wrong_method() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request_error",
            "method_not_allowed",
            "method not allowed on this endpoint",
        )
    }

    /// 404 for a model this server does not serve.
    pub fn unknown_model(requested: &str, served: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "invalid_request_error",
            "model_not_found",
            format!("model `{requested}` is not served here; this server serves `{served}`"),
        )
    }

    /// 413: body over the limit.
    #[must_use]
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request_error",
            "body_too_large",
            format!("the request body exceeds {limit} bytes or could not be read"),
        )
    }

    /// 415: wrong content type.
    #[must_use]
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request_error",
            "unsupported_media_type",
            "the request body must be `application/json`",
        )
    }

    /// 503 while the model is loading.
    #[must_use]
    pub fn loading() -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_error",
            "model_loading",
            "the model is still loading",
        );
        e.retry_after = Some(1);
        e
    }

    /// 500 for failures inside the server.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "internal_error",
            message,
        )
    }

    /// The metrics outcome this error counts as.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        match self.status {
            StatusCode::SERVICE_UNAVAILABLE => Outcome::Rejected,
            StatusCode::GATEWAY_TIMEOUT => Outcome::Cancelled,
            s if s.is_client_error() => Outcome::ClientError,
            _ => Outcome::ServerError,
        }
    }

    /// The JSON body, also used as an SSE error event.
    #[must_use]
    pub fn body(&self) -> serde_json::Value {
        json!({"error": {"message": self.message, "type": self.kind, "code": self.code}})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> Self {
        match e {
            SubmitError::QueueFull => {
                let mut err = Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "server_error",
                    "queue_full",
                    e.to_string(),
                );
                err.retry_after = Some(1);
                err
            }
            SubmitError::Stopped => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server_error",
                "shutting_down",
                e.to_string(),
            ),
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Grammar => Self::bad_request("invalid_grammar", e.to_string()),
            EngineError::Deadline => Self::new(
                StatusCode::GATEWAY_TIMEOUT,
                "server_error",
                "deadline_exceeded",
                e.to_string(),
            ),
            EngineError::Decode(_) => Self::internal(e.to_string()),
        }
    }
}

impl From<SchemaError> for ApiError {
    fn from(e: SchemaError) -> Self {
        let code = match e {
            SchemaError::Unsupported { .. } => "unsupported_schema",
            SchemaError::Invalid { .. } => "invalid_schema",
        };
        Self::bad_request(code, e.to_string())
    }
}

impl From<TemplateError> for ApiError {
    fn from(e: TemplateError) -> Self {
        Self::bad_request("invalid_messages", e.to_string())
    }
}
