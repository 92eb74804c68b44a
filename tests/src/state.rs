//! The per-instance store data, as Spin's `crates/factors` gathers each factor's instance
//! state: WASI, wasi-http, key-value and variables contexts.

use wasmtime::component::ResourceTable;
use wasmtime::{StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use crate::kv::{KvCtx, KvView};
use crate::outbound_http::OutboundHooks;
use crate::variables::VariablesCtx;

/// Everything one component instance can reach, owned by its `Store`.
pub struct HostState {
    table: ResourceTable,
    wasi: WasiCtx,
    http: WasiHttpCtx,
    pub(crate) hooks: OutboundHooks,
    kv: KvCtx,
    variables: VariablesCtx,
    pub(crate) limits: StoreLimits,
}

impl HostState {
    /// State for one instance with the given capabilities, standard output (discarded
    /// when `None`) and memory cap.
    pub(crate) fn new(
        hooks: OutboundHooks,
        kv: KvCtx,
        variables: VariablesCtx,
        stdout: Option<wasmtime_wasi::cli::OutputFile>,
        max_memory_bytes: usize,
    ) -> Self {
        let mut wasi = WasiCtx::builder();
        wasi.inherit_stderr();
        if let Some(file) = stdout {
            wasi.stdout(file);
        }
        Self {
            table: ResourceTable::new(),
            wasi: wasi.build(),
            http: WasiHttpCtx::new(),
            hooks,
            kv,
            variables,
            limits: StoreLimitsBuilder::new()
                .memory_size(max_memory_bytes)
                .trap_on_grow_failure(true)
                .build(),
        }
    }

    /// The wasi-http view (also used as the getter for the middleware import).
    pub(crate) fn http_view(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }

    /// The key-value view.
    pub(crate) fn kv_view(&mut self) -> KvView<'_> {
        KvView::new(&self.kv, &mut self.table)
    }

    /// The variables view.
    pub(crate) fn variables_view(&mut self) -> &VariablesCtx {
        &self.variables
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        self.http_view()
    }
}
