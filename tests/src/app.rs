//! The app: every component of the manifest loaded and pre-instantiated once, one
//! pipeline per HTTP trigger (its middleware, outermost first, then its component), and
//! the dispatch of a request through that pipeline.
//!
//! Instances are reused as Spin reuses WASIp3 instances: up to
//! [`MAX_INSTANCE_REUSE_COUNT`] requests each, [`MAX_INSTANCE_CONCURRENT_REUSE_COUNT`] at
//! once, dropped after [`IDLE_INSTANCE_TIMEOUT`] without work. Middleware runs with its
//! handler's capabilities, filtered by its `inherit_configuration`, as Spin grants them to
//! the middleware it composes into the handler.

use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use edgecrew_core::Problem;
use edgecrew_core::headers::SECURITY_HEADERS;
use edgecrew_core::problem::PROBLEM_CONTENT_TYPE;
use edgecrew_core::request_id;
use http_body_util::{BodyExt, Full};
use wasmtime::Result;
use wasmtime::component::{Component, GuestTaskId, Linker};
use wasmtime::error::Context as _;
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, Store, StoreContextMut,
};
use wasmtime_wasi_http::WasiBody;
use wasmtime_wasi_http::handler::{
    HandlerState, Instance, ProxyHandler, ProxyPre, ShouldAccept, WorkerExpiration, WorkerState,
    WorkerStatus,
};
use wasmtime_wasi_http::p3::bindings::ServicePre;

use crate::bindings::spin::key_value::key_value as kv_bindings;
use crate::bindings::spin::variables::variables as var_bindings;
use crate::bindings::wasi::keyvalue as wasi_keyvalue;
use crate::kv::{KvBackend, KvCtx, SpinKv};
use crate::manifest::{Component as ManifestComponent, Inherit, Manifest};
use crate::outbound::{OutboundHooks, OutboundPolicy, add_next_handler_to_linker};
use crate::router::Router;
use crate::state::HostState;
use crate::variables::{SpinVariables, VariablesCtx};

/// Runtime limits of the host.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// The SQLite file behind the key-value store.
    pub kv_path: PathBuf,
    /// How long one component instance may take to produce its response.
    pub instance_deadline: Duration,
    /// Linear-memory cap per instance.
    pub max_memory_bytes: usize,
    /// Instances alive at once (pooling allocator slots).
    pub max_instances: u32,
}

impl AppConfig {
    /// Defaults for a manifest: the kv file where `spin up` keeps it, a 60 s deadline,
    /// 256 MiB of memory per instance and 512 concurrent instances.
    pub fn for_manifest(manifest: &Manifest) -> Self {
        Self {
            kv_path: manifest.base_dir.join(".spin/sqlite_key_value.db"),
            instance_deadline: Duration::from_secs(60),
            max_memory_bytes: 256 << 20,
            max_instances: 512,
        }
    }
}

/// Requests one instance serves before it is dropped (Spin's WASIp3 default).
pub const MAX_INSTANCE_REUSE_COUNT: usize = 128;
/// Requests one instance serves at once (Spin's WASIp3 default).
pub const MAX_INSTANCE_CONCURRENT_REUSE_COUNT: usize = 16;
/// How long an idle instance is kept for reuse (Spin's default).
pub const IDLE_INSTANCE_TIMEOUT: Duration = Duration::from_secs(1);

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

/// Ticks the engine's epoch so instances past their deadline trap even in a busy loop.
struct EpochTicker {
    stop: Arc<AtomicBool>,
}

/// Period of the epoch ticker.
const EPOCH_TICK: Duration = Duration::from_millis(10);

impl EpochTicker {
    fn start(engine: Engine) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(EPOCH_TICK);
                engine.increment_epoch();
            }
        });
        Self { stop }
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Bytes of each pooled memory, table and stack kept mapped between instances.
const KEEP_RESIDENT_BYTES: usize = 1 << 20;

fn engine(config: &AppConfig) -> Result<Engine> {
    let mut pool = PoolingAllocationConfig::default();
    let n = config.max_instances;
    pool.total_component_instances(n)
        .total_core_instances(n * 8)
        .total_memories(n * 4)
        .total_tables(n * 8)
        .total_stacks(n)
        .max_memory_size(config.max_memory_bytes)
        .max_core_instances_per_component(32)
        .max_memories_per_component(8)
        .max_tables_per_component(16)
        // Reset reused slots with memset instead of unmapping them, so a fresh instance
        // does not pay a page fault for every page its predecessor touched.
        .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
        .table_keep_resident(KEEP_RESIDENT_BYTES / 16);
    let mut wasm = Config::new();
    wasm.wasm_component_model_async(true)
        .epoch_interruption(true)
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    Engine::new(&wasm).context("configuring wasmtime")
}

fn linker(engine: &Engine) -> Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker).context("linking wasi p2")?;
    wasmtime_wasi::p3::add_to_linker(&mut linker).context("linking wasi p3")?;
    wasmtime_wasi_http::p3::add_to_linker(&mut linker).context("linking wasi:http p3")?;
    add_next_handler_to_linker(&mut linker).context("linking wasi:http/handler")?;
    kv_bindings::add_to_linker::<HostState, SpinKv>(&mut linker, HostState::kv_view)
        .context("linking spin:key-value")?;
    var_bindings::add_to_linker::<HostState, SpinVariables>(&mut linker, HostState::variables_view)
        .context("linking spin:variables")?;
    wasi_keyvalue::store::add_to_linker::<HostState, SpinKv>(&mut linker, HostState::kv_view)
        .context("linking wasi:keyvalue/store")?;
    wasi_keyvalue::atomics::add_to_linker::<HostState, SpinKv>(&mut linker, HostState::kv_view)
        .context("linking wasi:keyvalue/atomics")?;
    wasi_keyvalue::batch::add_to_linker::<HostState, SpinKv>(&mut linker, HostState::kv_view)
        .context("linking wasi:keyvalue/batch")?;
    Ok(linker)
}

impl App {
    /// Load and pre-instantiate every component of `manifest`.
    pub fn load(manifest: &Manifest, config: AppConfig) -> Result<Self> {
        let engine = engine(&config)?;
        let linker = linker(&engine)?;
        let backend = Arc::new(KvBackend::open(&config.kv_path)?);
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
                let next = (stage < t.middleware.len()).then_some(NextHop {
                    trigger,
                    stage: stage + 1,
                });
                pipeline.push((
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
                        .map(|(pre, grants, next)| {
                            ProxyHandler::new(ComponentHost {
                                engine: engine.clone(),
                                pre,
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

/// What one pipeline stage may reach: its outbound hosts, key-value stores and variables.
struct Grants {
    policy: Arc<OutboundPolicy>,
    kv: KvCtx,
    variables: VariablesCtx,
}

impl Grants {
    /// The capabilities of `handler` that `inherit` passes on (all, for the handler itself).
    fn inherited(
        handler: &ManifestComponent,
        inherit: &Inherit,
        backend: &Arc<KvBackend>,
    ) -> Result<Self> {
        let policy = if inherit.includes("allowed_outbound_hosts") {
            OutboundPolicy::parse(&handler.allowed_outbound_hosts)?
        } else {
            OutboundPolicy::default()
        };
        let stores = if inherit.includes("key_value_stores") {
            handler.key_value_stores.clone()
        } else {
            Vec::new()
        };
        let variables = if inherit.includes("variables") {
            handler.variables.clone()
        } else {
            HashMap::new()
        };
        Ok(Self {
            policy: Arc::new(policy),
            kv: KvCtx {
                backend: backend.clone(),
                allowed: stores.into(),
            },
            variables: VariablesCtx {
                values: Arc::new(variables),
            },
        })
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

/// Instantiates one pipeline stage for `ProxyHandler`.
pub struct ComponentHost {
    engine: Engine,
    pre: ServicePre<HostState>,
    grants: Grants,
    /// Where this stage's `wasi:http/handler` import forwards: the next stage.
    next: Option<NextHop>,
    app: Weak<AppInner>,
    deadline: Duration,
    deadline_ticks: u64,
    max_memory_bytes: usize,
}

impl HandlerState for ComponentHost {
    type StoreData = HostState;
    type WorkerExpiration = Expiration;
    type WorkerState = Reuse;

    async fn instantiate(&self) -> wasmtime::Result<Instance<HostState, Expiration, Reuse>> {
        let state = HostState::new(
            OutboundHooks::new(self.grants.policy.clone(), self.app.clone(), self.next),
            self.grants.kv.clone(),
            self.grants.variables.clone(),
            self.max_memory_bytes,
        );
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limits);
        store.set_epoch_deadline(self.deadline_ticks);
        store.epoch_deadline_trap();
        let proxy = ProxyPre::P3(self.pre.clone())
            .instantiate_async(&mut store)
            .await?;
        Ok(Instance {
            store,
            proxy,
            view: HostState::http_view,
            expiration: Expiration {
                deadline: self.deadline,
                timer: Box::pin(tokio::time::sleep(self.deadline)),
                armed_at: None,
            },
            state: Reuse {
                deadline: self.deadline,
                deadline_ticks: self.deadline_ticks,
            },
        })
    }
}

/// Worker policy: Spin's WASIp3 instance reuse.
pub struct Reuse {
    deadline: Duration,
    deadline_ticks: u64,
}

impl WorkerState for Reuse {
    type StoreData = HostState;
    type RequestData = ();

    fn should_accept_request(&self, concurrent: usize, total: usize) -> ShouldAccept {
        if total >= MAX_INSTANCE_REUSE_COUNT {
            ShouldAccept::Never
        } else if concurrent >= MAX_INSTANCE_CONCURRENT_REUSE_COUNT {
            ShouldAccept::No
        } else {
            ShouldAccept::Yes
        }
    }

    fn on_request_start(
        &self,
        mut store: StoreContextMut<'_, HostState>,
        _data: (),
        _task: GuestTaskId,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + Sync>> {
        // A runaway guest traps one deadline after the newest request began; the
        // instance (and every request in it) goes with it, as with Spin's store deadline.
        store.set_epoch_deadline(self.deadline_ticks);
        Box::pin(tokio::time::sleep(self.deadline))
    }

    fn drop(&self, _store: Store<HostState>, result: wasmtime::Result<()>) {
        if let Err(e) = result {
            tracing::warn!(error = %format!("{e:#}"), "component instance ended with an error");
        }
    }
}

/// Expires a worker idle for [`IDLE_INSTANCE_TIMEOUT`], or whose requests outlive the
/// deadline; polled outside the guest's event loop so a blocked guest cannot hold it off.
pub struct Expiration {
    deadline: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    armed_at: Option<(Instant, bool)>,
}

impl WorkerExpiration for Expiration {
    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        status: WorkerStatus,
        start: Instant,
    ) -> Poll<()> {
        let idle = status == WorkerStatus::Idle;
        if self.armed_at != Some((start, idle)) {
            let timeout = if idle {
                IDLE_INSTANCE_TIMEOUT
            } else {
                self.deadline
            };
            self.timer.as_mut().reset((start + timeout).into());
            self.armed_at = Some((start, idle));
        }
        self.timer.as_mut().poll(cx)
    }
}
