//! Phase 2 for the evaluation: one chat-completion call per e-mail to an OpenAI-compatible
//! server (runtime-host) over plain HTTP/1.1, with the same prompt, schema and checks the
//! agent component uses, then the same merge.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use edgecrew_extract::analysis::model_phase;
use edgecrew_extract::{Analysis, Email};
use edgecrew_providers::check;
use edgecrew_providers::config::ProviderSpec;
use edgecrew_providers::openai::{Prompt, parse_answer};

/// Longest wait for one answer.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A server to ask, and what the calls came to.
pub struct Model {
    spec: ProviderSpec,
    host_port: String,
    /// Calls whose answer was usable and merged.
    pub merged: usize,
    /// Calls that failed (transport, status, or output checks), by reason; phase 1 stands
    /// alone for those e-mails.
    pub failed: std::collections::BTreeMap<String, usize>,
}

impl Model {
    /// A model at `url` (`http://host:port`).
    pub fn new(url: &str) -> Result<Self, String> {
        let host_port = url
            .strip_prefix("http://")
            .ok_or("--model takes an http:// URL")?
            .trim_end_matches('/')
            .to_owned();
        Ok(Self {
            spec: ProviderSpec {
                name: "model".into(),
                url: url.to_owned(),
                model: None,
                api_key: std::env::var("EDGECREW_MODEL_API_KEY").ok(),
            },
            host_port,
            merged: 0,
            failed: std::collections::BTreeMap::new(),
        })
    }

    /// Run phase 2 on `analysis` of `email`; a failed call leaves it unchanged.
    pub fn review(&mut self, email: &Email, analysis: &mut Analysis) {
        let (system, user) = model_phase::prompt(email, analysis);
        let mut prompt = Prompt::new(Some(&system), &user);
        prompt.json_schema = Some(model_phase::schema());
        prompt.max_tokens = Some(model_phase::MAX_TOKENS);
        prompt.temperature = Some(0.0);
        let body = prompt.chat_body(&self.spec, false).to_string();
        let answer = self
            .post(&body)
            .and_then(|b| parse_answer(&b).map_err(|e| format!("unusable answer: {e}")))
            .and_then(|g| {
                check::answer(&g, prompt.json_schema.as_ref()).map_err(|e| e.reason().to_owned())
            });
        match answer {
            Ok(Some(json)) => {
                model_phase::merge(analysis, email, &json);
                self.merged += 1;
            }
            Ok(None) => *self.failed.entry("no JSON".into()).or_default() += 1,
            Err(reason) => *self.failed.entry(reason).or_default() += 1,
        }
    }

    /// POST the body to the chat endpoint; the response body of a 2xx.
    fn post(&self, body: &str) -> Result<Vec<u8>, String> {
        let mut stream = TcpStream::connect(&self.host_port).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| e.to_string())?;
        let auth = self
            .spec
            .api_key
            .as_ref()
            .map(|k| format!("authorization: Bearer {k}\r\n"))
            .unwrap_or_default();
        let head = format!(
            "POST /v1/chat/completions HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\n\
             {auth}content-length: {}\r\nconnection: close\r\n\r\n",
            self.host_port,
            body.len()
        );
        stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body.as_bytes()))
            .map_err(|e| e.to_string())?;
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).map_err(|e| e.to_string())?;
        let split = reply
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("no HTTP header end")?;
        let status_ok = reply.starts_with(b"HTTP/1.1 2") || reply.starts_with(b"HTTP/1.0 2");
        let payload = reply[split + 4..].to_vec();
        if status_ok {
            Ok(payload)
        } else {
            let status = String::from_utf8_lossy(&reply[..split.min(12)]).into_owned();
            Err(format!("{status}: {}", String::from_utf8_lossy(&payload)))
        }
    }
}
