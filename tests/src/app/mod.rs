//! The app, as Spin's `crates/app` and `crates/trigger-http/src/lib.rs` hold it: every
//! component of the manifest loaded and pre-instantiated once, one
//! pipeline per HTTP trigger (its middleware, outermost first, then its component), and
//! the dispatch of a request through that pipeline.
//!
//! Instances are reused as Spin reuses WASIp3 instances: up to
//! [`MAX_INSTANCE_REUSE_COUNT`] requests each, [`MAX_INSTANCE_CONCURRENT_REUSE_COUNT`] at
//! once, dropped after [`IDLE_INSTANCE_TIMEOUT`] without work. Middleware runs with its
//! handler's capabilities, filtered by its `inherit_configuration`, as Spin grants them to
//! the middleware it composes into the handler.

mod engine;
mod instance;
mod logs;

pub use instance::{
    IDLE_INSTANCE_TIMEOUT, MAX_INSTANCE_CONCURRENT_REUSE_COUNT, MAX_INSTANCE_REUSE_COUNT,
};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use bytes::Bytes;
use edgecrew_core::Problem;
use edgecrew_core::headers::SECURITY_HEADERS;
use edgecrew_core::problem::PROBLEM_CONTENT_TYPE;
use edgecrew_core::request_id;
use http_body_util::{BodyExt, Full};
use wasmtime::Result;
use wasmtime::component::Component;
use wasmtime::error::Context as _;
use wasmtime_wasi_http::WasiBody;
use wasmtime_wasi_http::handler::ProxyHandler;
use wasmtime_wasi_http::p3::bindings::ServicePre;

use crate::kv::runtime_config::Stores;
use crate::manifest::{Inherit, Manifest};
use crate::routes::Router;
use engine::{EPOCH_TICK, EpochTicker, engine, linker};
use instance::{ComponentHost, Grants};
use logs::ComponentLogs;

/// Runtime limits of the host.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The SQLite file behind the `default` store, unless the runtime config moves it.
    pub kv_path: PathBuf,
    /// Spin's runtime config file (`[key_value_store.<label>]`), as `spin up
    /// --runtime-config-file` takes it.
    pub runtime_config: Option<PathBuf>,
    /// How long one component instance may take to produce its response.
    pub instance_deadline: Duration,
    /// Linear-memory cap per instance.
    pub max_memory_bytes: usize,
    /// Instances alive at once (pooling allocator slots).
    pub max_instances: u32,
    /// Where each component's standard output goes, as `<component>_stdout.txt` (Spin's
    /// `--log-dir`, by default `.spin/logs` beside the manifest); `None` discards it.
    pub log_dir: Option<PathBuf>,
    /// Write `/tmp/perf-<pid>.map` so `perf` names the components' compiled functions
    /// (wasmtime's perfmap profiler; for flame graphs, off by default).
    pub perfmap: bool,
}

impl AppConfig {
    /// Defaults for a manifest: the kv file and logs where `spin up` keeps them, a 60 s
    /// deadline, 256 MiB of memory per instance and 512 concurrent instances.
    pub fn for_manifest(manifest: &Manifest) -> Self {
        Self {
            kv_path: manifest.base_dir.join(".spin/sqlite_key_value.db"),
            log_dir: Some(manifest.base_dir.join(".spin/logs")),
            runtime_config: None,
            instance_deadline: Duration::from_secs(60),
            max_memory_bytes: 256 << 20,
            max_instances: 512,
            perfmap: false,
        }
    }
}

/// A stage of a trigger's pipeline: `pipelines[trigger][stage]` handles the request next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextHop {
    trigger: usize,
    stage: usize,
}

/// Shared state behind [`App`]; components hold a weak reference for chaining.
pub struct AppInner {
    router: Router,
    /// Per trigger: its middleware, outermost first, then its component.
    pipelines: Vec<Vec<ProxyHandler<ComponentHost>>>,
    /// Component id → the trigger that serves `http://<id>.spin.internal`.
    chaining: HashMap<String, usize>,
    _ticker: EpochTicker,
}

/// A loaded app, cheap to clone, ready to handle requests.
#[derive(Clone)]
pub struct App {
    inner: Arc<AppInner>,
}

impl App {
    /// Load and pre-instantiate every component of `manifest`.
    pub fn load(manifest: &Manifest, config: AppConfig) -> Result<Self> {
        let engine = engine(&config)?;
        let linker = linker(&engine)?;
        let backend: Arc<dyn crate::kv::KvBackend> = Arc::new(Stores::open(
            &config.kv_path,
            config.runtime_config.as_deref(),
        )?);
        let mut compiled = HashMap::new();
        for (id, c) in &manifest.components {
            let component = Component::from_file(&engine, &c.source).with_context(|| {
                format!(
                    "loading component '{id}' from {} (build it with `cargo build --target wasm32-wasip2 --release`)",
                    c.source.display()
                )
            })?;
            let pre = ServicePre::new(linker.instantiate_pre(&component)?).with_context(|| {
                format!("component '{id}' does not export wasi:http/handler@0.3.0")
            })?;
            compiled.insert(id.clone(), pre);
        }
        let logs = ComponentLogs::open(config.log_dir.as_deref(), manifest.components.keys())?;
        let ticker = EpochTicker::start(engine.clone());
        let deadline_ticks =
            (config.instance_deadline.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64 + 1;
        let mut stages = Vec::new();
        for (trigger, t) in manifest.triggers.iter().enumerate() {
            let handler = &manifest.components[&t.component];
            let grants = t
                .middleware
                .iter()
                .map(|m| {
                    (
                        &m.component,
                        Grants::inherited(handler, &m.inherit, &backend),
                    )
                })
                .chain(std::iter::once((
                    &t.component,
                    Grants::inherited(handler, &Inherit::All, &backend),
                )));
            let mut pipeline = Vec::new();
            for (stage, (id, grants)) in grants.enumerate() {
                let id = id.as_str();
                let next = (stage < t.middleware.len()).then_some(NextHop {
                    trigger,
                    stage: stage + 1,
                });
                pipeline.push((
                    id,
                    compiled[id].clone(),
                    grants.with_context(|| format!("component '{id}'"))?,
                    next,
                ));
            }
            stages.push(pipeline);
        }
        let mut chaining = HashMap::new();
        for (i, t) in manifest.triggers.iter().enumerate() {
            chaining.entry(t.component.clone()).or_insert(i);
        }
        let inner = Arc::new_cyclic(|weak: &Weak<AppInner>| AppInner {
            router: Router::new(&manifest.triggers),
            pipelines: stages
                .into_iter()
                .map(|pipeline| {
                    pipeline
                        .into_iter()
                        .map(|(id, pre, grants, next)| {
                            ProxyHandler::new(ComponentHost {
                                engine: engine.clone(),
                                pre,
                                stdout: logs.stdout(id),
                                grants,
                                next,
                                app: weak.clone(),
                                deadline: config.instance_deadline,
                                deadline_ticks,
                                max_memory_bytes: config.max_memory_bytes,
                            })
                        })
                        .collect()
                })
                .collect(),
            chaining,
            _ticker: ticker,
        });
        Ok(Self { inner })
    }

    /// Handle one request from outside: route it, run its chain, and turn host-side
    /// failures into problem+json responses (404 no route, 500 guest fault, 504 deadline).
    pub async fn handle(&self, request: http::Request<WasiBody>) -> http::Response<WasiBody> {
        let path = request.uri().path().to_owned();
        let request_id = request_id_of(&request);
        let Some(trigger) = self.inner.router.route(&path) else {
            return host_problem(404, &format!("no route matches '{path}'"), &request_id);
        };
        let hop = NextHop { trigger, stage: 0 };
        match self.inner.dispatch(hop, request).await {
            Ok(response) => response,
            Err(e) if e.is::<wasmtime_wasi_http::handler::ExpirationError>() => host_problem(
                504,
                "the component did not answer within its deadline",
                &request_id,
            ),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), %path, "component failed");
                host_problem(
                    500,
                    "the component failed while handling the request",
                    &request_id,
                )
            }
        }
    }
}

impl AppInner {
    /// Run `request` on an instance of the hop's stage (a reused one when it has room).
    pub(crate) async fn dispatch(
        &self,
        hop: NextHop,
        request: http::Request<WasiBody>,
    ) -> Result<http::Response<WasiBody>> {
        let handler = self
            .pipelines
            .get(hop.trigger)
            .and_then(|p| p.get(hop.stage))
            .with_context(|| format!("no pipeline stage {hop:?} in this app"))?;
        handler.handle((), request).await
    }

    /// The pipeline that serves `http://<component>.spin.internal`, as Spin routes local
    /// service chaining: to the trigger of that component, whatever its route.
    pub(crate) fn chained(&self, component: &str) -> Option<NextHop> {
        self.chaining
            .get(component)
            .map(|&trigger| NextHop { trigger, stage: 0 })
    }
}

/// A problem+json response produced by the host itself, with the same request-id and
/// security headers the components put on theirs.
pub fn host_problem(status: u16, detail: &str, request_id: &str) -> http::Response<WasiBody> {
    let problem = Problem::new(status, detail, request_id);
    let mut response = http::Response::new(
        Full::new(Bytes::from(problem.to_json()))
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
    );
    if let Ok(id) = http::HeaderValue::from_str(request_id) {
        headers.insert(request_id::HEADER, id);
    }
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, http::HeaderValue::from_static(value));
    }
    response
}

/// The request id of a request: the client's `x-request-id` when well-formed, else new.
pub fn request_id_of<B>(request: &http::Request<B>) -> String {
    let supplied = request
        .headers()
        .get(request_id::HEADER)
        .and_then(|v| v.to_str().ok());
    request_id::resolve(supplied, || {
        let mut bytes = [0u8; 16];
        // The OS RNG failing leaves zeros: a weak but valid id, never a crash.
        let _ = getrandom::fill(&mut bytes);
        bytes
    })
}
