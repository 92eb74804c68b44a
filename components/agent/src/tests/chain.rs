//! The provider chain over a scripted transport: order of providers, the failures each
//! attempt reports, the one retry of an overloaded provider, the checks of an answer,
//! the shared circuit, and the fallback as the last link.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use edgecrew_kv::Kv;
use edgecrew_providers::Failure;
use edgecrew_providers::config::{BreakerPolicy, ProviderSpec, Settings, Timeouts};
use edgecrew_providers::openai::{Generated, Prompt};
use futures::executor::block_on;
use futures::future::{LocalBoxFuture, ready};
use serde_json::json;

use super::opened;
use crate::chain::transport::Transport;
use crate::chain::{Chain, ChainError, Route};

/// What the scripted providers answer, call by call, and what was asked of them.
#[derive(Clone, Default)]
pub(super) struct Script(Rc<RefCell<ScriptState>>);

#[derive(Default)]
pub(super) struct ScriptState {
    answers: HashMap<String, VecDeque<Result<Generated, Failure>>>,
    calls: Vec<String>,
    pub(super) prompts: Vec<Prompt>,
    pauses: Vec<u64>,
}

impl Script {
    /// The state, to look at what was asked.
    pub(super) fn state(&self) -> std::cell::Ref<'_, ScriptState> {
        self.0.borrow()
    }

    /// `provider` answers `results` to its next calls, in order.
    pub(super) fn answers(self, provider: &str, results: Vec<Result<Generated, Failure>>) -> Self {
        self.0
            .borrow_mut()
            .answers
            .insert(provider.into(), results.into());
        self
    }

    fn calls(&self) -> Vec<String> {
        self.0.borrow().calls.clone()
    }
}

impl Transport for Script {
    fn generate<'a>(
        &'a self,
        spec: &'a ProviderSpec,
        prompt: &'a Prompt,
        _: &'a Timeouts,
        _: u64,
    ) -> LocalBoxFuture<'a, Result<Generated, Failure>> {
        let mut state = self.0.borrow_mut();
        state.calls.push(spec.name.clone());
        state.prompts.push(prompt.clone());
        let next = state
            .answers
            .get_mut(&spec.name)
            .and_then(VecDeque::pop_front);
        Box::pin(ready(next.unwrap_or_else(|| {
            Err(Failure::Unavailable("unscripted".into()))
        })))
    }

    fn pause(&self, ms: u64) -> LocalBoxFuture<'static, ()> {
        self.0.borrow_mut().pauses.push(ms);
        Box::pin(ready(()))
    }
}

pub(super) fn text(t: &str) -> Result<Generated, Failure> {
    Ok(Generated {
        text: t.into(),
        model: Some("m".into()),
        ..Generated::default()
    })
}

fn spec(name: &str) -> ProviderSpec {
    ProviderSpec {
        name: name.into(),
        url: format!("http://{name}"),
        model: None,
        api_key: None,
    }
}

fn settings() -> Settings {
    Settings {
        providers: vec![spec("runtime-host"), spec("backup")],
        timeouts: Timeouts {
            connect_ms: 100,
            first_byte_ms: 1_000,
            between_bytes_ms: 1_000,
        },
        deadline_ms: 60_000,
        breaker: BreakerPolicy {
            failure_threshold: 2,
            window_ms: 600_000,
            cooldown_ms: 600_000,
        },
    }
}

pub(super) fn chain(script: &Script, kv: Option<Kv>) -> Chain {
    Chain::new(settings(), kv, script.clone())
}

fn ask(chain: &Chain, route: Route) -> Result<crate::chain::Answer, ChainError> {
    block_on(chain.answer(&Prompt::new(None, "hello"), route))
}

fn down() -> Failure {
    Failure::Unavailable("connection refused".into())
}

#[test]
fn the_first_provider_that_answers_answers_and_says_who_it_is() {
    let script = Script::default().answers("runtime-host", vec![text("hi")]);
    let answer = ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(
        (answer.text.as_str(), answer.provider.name.as_str()),
        ("hi", "runtime-host")
    );
    assert_eq!(answer.provider.fallback_reason, None);
    assert!(answer.provider.attempts.is_empty());
    assert_eq!(script.calls(), ["runtime-host"]);
}

#[test]
fn a_failed_provider_is_reported_and_the_next_one_answers() {
    let script = Script::default()
        .answers("runtime-host", vec![Err(down())])
        .answers("backup", vec![text("from backup")]);
    let answer = ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(answer.provider.name, "backup");
    assert_eq!(answer.provider.fallback_reason, Some("unavailable"));
    assert_eq!(answer.provider.attempts[0].provider, "runtime-host");
}

#[test]
fn empty_output_is_a_failure_not_an_answer() {
    let script = Script::default()
        .answers("runtime-host", vec![text("   ")])
        .answers("backup", vec![text("real")]);
    let answer = ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(
        (
            answer.provider.name.as_str(),
            answer.provider.fallback_reason
        ),
        ("backup", Some("empty_output"))
    );
}

#[test]
fn output_that_does_not_match_the_schema_is_a_failure() {
    let script = Script::default()
        .answers("runtime-host", vec![text("{\"n\": \"x\"}")])
        .answers("backup", vec![text("{\"n\": 3}")]);
    let mut prompt = Prompt::new(None, "count");
    prompt.json_schema = Some(
        json!({"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}),
    );
    let answer = block_on(chain(&script, None).answer(&prompt, Route::Auto)).unwrap();
    assert_eq!(answer.provider.name, "backup");
    assert_eq!(answer.json, Some(json!({"n": 3})));
    assert_eq!(answer.provider.fallback_reason, Some("invalid_output"));
}

#[test]
fn with_every_model_down_the_fallback_answers_and_says_why() {
    let script = Script::default();
    let answer = ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(answer.provider.name, "fallback");
    assert_eq!(answer.provider.fallback_reason, Some("unavailable"));
    assert_eq!(answer.provider.attempts.len(), 2);
    assert_eq!(answer.text, edgecrew_templates::answer("hello", None).text);
}

#[test]
fn primary_only_never_degrades_and_fallback_only_never_calls_a_model() {
    let script = Script::default();
    let Err(ChainError::NoModel(attempts)) = ask(&chain(&script, None), Route::Primary) else {
        panic!("expected no model");
    };
    assert_eq!(attempts.len(), 2);
    let script = Script::default().answers("runtime-host", vec![text("hi")]);
    let answer = ask(&chain(&script, None), Route::Fallback).unwrap();
    assert_eq!(
        (
            answer.provider.name.as_str(),
            answer.provider.fallback_reason
        ),
        ("fallback", Some("requested"))
    );
    assert!(script.calls().is_empty());
}

#[test]
fn an_overloaded_provider_is_retried_once_after_a_backoff_no_shorter_than_asked() {
    let busy = || Failure::Overloaded {
        status: 429,
        retry_after_ms: Some(200),
    };
    let script = Script::default().answers("runtime-host", vec![Err(busy()), text("second try")]);
    let answer = ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(answer.text, "second try");
    let pauses = script.0.borrow().pauses.clone();
    assert!(
        pauses.len() == 1 && (200..300).contains(&pauses[0]),
        "{pauses:?}"
    );
    // Busy twice: no third call, on to the next provider.
    let script = Script::default()
        .answers("runtime-host", vec![Err(busy()), Err(busy())])
        .answers("backup", vec![text("b")]);
    ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(script.calls(), ["runtime-host", "runtime-host", "backup"]);
}

#[test]
fn a_provider_asking_for_a_long_wait_is_not_retried() {
    let script = Script::default()
        .answers(
            "runtime-host",
            vec![Err(Failure::Overloaded {
                status: 503,
                retry_after_ms: Some(30_000),
            })],
        )
        .answers("backup", vec![text("b")]);
    ask(&chain(&script, None), Route::Auto).unwrap();
    assert_eq!(script.calls(), ["runtime-host", "backup"]);
    assert!(script.0.borrow().pauses.is_empty());
}

#[test]
fn once_its_circuit_opens_a_provider_is_skipped_without_a_call_by_every_chain() {
    let (store, _) = opened();
    let script = Script::default()
        .answers(
            "runtime-host",
            vec![Err(down()), Err(down()), text("never asked")],
        )
        .answers("backup", vec![text("b1"), text("b2"), text("b3")]);
    for _ in 0..2 {
        ask(&chain(&script, Some(Kv::new(store.clone()))), Route::Auto).unwrap();
    }
    // A third request, a new chain on the same store (another instance): skipped.
    let answer = ask(&chain(&script, Some(Kv::new(store.clone()))), Route::Auto).unwrap();
    assert_eq!(answer.provider.fallback_reason, Some("circuit_open"));
    assert_eq!(
        script.calls(),
        ["runtime-host", "backup", "runtime-host", "backup", "backup"]
    );
    let circuits = block_on(chain(&script, Some(Kv::new(store))).circuits());
    assert_eq!(
        circuits,
        [
            ("runtime-host".to_owned(), "open"),
            ("backup".to_owned(), "closed")
        ]
    );
}
