//! Per-request cost through the test host: a fresh instance per hop, routed by the
//! repository's `spin.toml`, in-process (no TCP), with the real compiled components.
//!
//! - `health`: validation middleware → agent → fallback (service chaining) and a
//!   key-value write/read/delete: three instantiations and three SQLite statements.
//! - `not_found`: validation middleware → agent answering a 404 problem: two
//!   instantiations and no I/O, i.e. the floor of any request.
//!
//! Run: `cargo bench -p edgecrew-tests --bench request_cost` (components built first).

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented entry point"
)]

use std::path::Path;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use edgecrew_tests::app::{App, AppConfig};
use edgecrew_tests::manifest::Manifest;
use http_body_util::{BodyExt, Empty};

fn app(kv_dir: &Path) -> App {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest =
        Manifest::load(&root.join("spin.toml"), &Default::default(), &|_| None).expect("manifest");
    let mut config = AppConfig::for_manifest(&manifest);
    config.kv_path = kv_dir.join("kv.db");
    App::load(&manifest, config).expect("load app (build the components first)")
}

async fn get(app: &App, path: &str) -> (u16, Bytes) {
    let request = http::Request::get(format!("http://localhost{path}"))
        .body(
            Empty::<Bytes>::new()
                .map_err(|never| match never {})
                .boxed_unsync(),
        )
        .expect("request");
    let response = app.handle(request).await;
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, body)
}

fn request_cost(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let app = rt.block_on(async { app(dir.path()) });
    let (status, body) = rt.block_on(get(&app, "/health"));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));

    let mut group = c.benchmark_group("request_cost");
    group.bench_function("health", |b| {
        b.iter(|| rt.block_on(get(&app, "/health")));
    });
    group.bench_function("not_found", |b| {
        b.iter(|| rt.block_on(get(&app, "/no/such/route")));
    });
    group.finish();
}

criterion_group!(benches, request_cost);
criterion_main!(benches);
