//! Property-based fuzzing of everything the validation component decides before doing
//! any work. Whatever arrives — random bytes, mangled JSON, hostile paths and queries —
//! the checks return either a checked request or a 4xx rejection, and never panic.
//!
//! The number of cases is `EDGECREW_FUZZ_CASES` (default 200 000); CI prints it.

use edgecrew_validation_rules::request::{Incoming, check};
use edgecrew_validation_rules::routes::ROUTES;
use edgecrew_validation_rules::{keys, time};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("EDGECREW_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000)
}

/// A known route's path with its `{id}` filled by anything.
fn path() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..ROUTES.len(), ".{0,80}").prop_map(|(i, id)| ROUTES[i].pattern.replace("{id}", &id)),
        ".{0,200}",
        "(/[a-z0-9_{}.%-]{0,12}){0,6}/?",
    ]
}

/// Bodies: random bytes, or JSON built from values near what the schemas accept.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let scalar = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        ".{0,40}".prop_map(serde_json::Value::from),
    ];
    let value = scalar.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("prompt".to_owned()),
                    Just("emails".to_owned()),
                    Just("subject".to_owned()),
                    Just("body".to_owned()),
                    Just("scopes".to_owned()),
                    Just("name".to_owned()),
                    Just("max_tokens".to_owned()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        value.prop_map(|v| serde_json::to_vec(&v).unwrap_or_default()),
        // Truncated JSON.
        (".{0,64}", 0usize..64).prop_map(|(s, cut)| {
            let mut b = format!("{{\"prompt\": \"{s}\", \"max_tokens\": 5}}").into_bytes();
            b.truncate(cut.min(b.len()));
            b
        }),
    ]
}

#[test]
fn request_checks_never_panic_and_only_reject_with_4xx() {
    let strategy = (
        prop_oneof![
            Just("GET".to_owned()),
            Just("POST".to_owned()),
            Just("DELETE".to_owned()),
            "[A-Z]{0,10}",
            ".{0,12}",
        ],
        path(),
        proptest::option::of(".{0,120}"),
        proptest::option::of(prop_oneof![
            Just("application/json".to_owned()),
            Just("application/json; charset=utf-8".to_owned()),
            ".{0,60}",
        ]),
        body(),
        0usize..1024,
    );
    let n = cases();
    let mut runner = TestRunner::new(Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    });
    let accepted = std::cell::Cell::new(0u32);
    let rejected = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |(method, path, query, ct, body, limit)| {
            let req = Incoming {
                method: &method,
                path: &path,
                query: query.as_deref(),
                content_type: ct.as_deref(),
                body: &body,
            };
            match check(&req, limit) {
                Ok(checked) => {
                    accepted.set(accepted.get() + 1);
                    if let Some(m) = checked.matched {
                        prop_assert_eq!(m.route.body.is_some(), checked.body.is_some());
                    }
                }
                Err(rejection) => {
                    rejected.set(rejected.get() + 1);
                    prop_assert!((400..500).contains(&rejection.status), "{:?}", rejection);
                    prop_assert!(!rejection.detail.is_empty());
                }
            }
            Ok(())
        })
        .expect("no input may panic or produce a non-4xx rejection");
    println!(
        "fuzz: {n} request cases ({} accepted, {} rejected with 4xx)",
        accepted.get(),
        rejected.get()
    );
}

proptest! {
    #[test]
    fn key_parsing_and_timestamps_never_panic(s in ".{0,200}") {
        let _ = keys::parse(&s);
        let _ = keys::secret_matches(&s, &s);
        if let Some(ms) = time::parse_rfc3339(&s) {
            prop_assert_eq!(time::parse_rfc3339(&time::format_rfc3339(ms)), Some(ms));
        }
    }
}
