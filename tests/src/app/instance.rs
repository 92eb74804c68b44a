//! One pipeline stage's instances, following Spin's `crates/trigger-http/src/server.rs`
//! (instance reuse for WASIp3 handlers): what they may reach ([`Grants`]), how they are made
//! ([`ComponentHost`]), reused ([`Reuse`]) and expired ([`Expiration`]), as Spin does it
//! for WASIp3 components.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Weak};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use wasmtime::component::GuestTaskId;
use wasmtime::{Engine, Result, Store, StoreContextMut};
use wasmtime_wasi_http::handler::{
    HandlerState, Instance, ProxyPre, ShouldAccept, WorkerExpiration, WorkerState, WorkerStatus,
};
use wasmtime_wasi_http::p3::bindings::ServicePre;

use super::{AppInner, NextHop};
use crate::kv::{KvBackend, KvCtx};
use crate::manifest::{Component as ManifestComponent, Inherit};
use crate::outbound_http::{OutboundHooks, OutboundPolicy};
use crate::state::HostState;
use crate::variables::VariablesCtx;

/// Requests one instance serves before it is dropped (Spin's WASIp3 default).
pub const MAX_INSTANCE_REUSE_COUNT: usize = 128;

/// Requests one instance serves at once (Spin's WASIp3 default).
pub const MAX_INSTANCE_CONCURRENT_REUSE_COUNT: usize = 16;

/// How long an idle instance is kept for reuse (Spin's default).
pub const IDLE_INSTANCE_TIMEOUT: Duration = Duration::from_secs(1);

/// What one pipeline stage may reach: its outbound hosts, key-value stores and variables.
pub(super) struct Grants {
    policy: Arc<OutboundPolicy>,
    kv: KvCtx,
    variables: VariablesCtx,
}

impl Grants {
    /// The capabilities of `handler` that `inherit` passes on (all, for the handler itself).
    pub(super) fn inherited(
        handler: &ManifestComponent,
        inherit: &Inherit,
        backend: &Arc<dyn KvBackend>,
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

/// Instantiates one pipeline stage for `ProxyHandler`.
pub struct ComponentHost {
    pub(super) engine: Engine,
    pub(super) pre: ServicePre<HostState>,
    pub(super) grants: Grants,
    /// The component's standard output file (`None`: discarded).
    pub(super) stdout: Option<wasmtime_wasi::cli::OutputFile>,
    /// Where this stage's `wasi:http/handler` import forwards: the next stage.
    pub(super) next: Option<NextHop>,
    pub(super) app: Weak<AppInner>,
    pub(super) deadline: Duration,
    pub(super) deadline_ticks: u64,
    pub(super) max_memory_bytes: usize,
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
            self.stdout.clone(),
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
