//! The wasmtime engine every component runs on, following Spin's `crates/core/src/lib.rs`
//! (pooling allocator, epoch interruption),
//! the linker with the WASI, wasi-http and Spin interfaces, and the epoch ticker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use wasmtime::component::Linker;
use wasmtime::error::Context as _;
use wasmtime::{
    Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig, ProfilingStrategy, Result,
};

use super::AppConfig;
use crate::bindings::spin::key_value::key_value as kv_bindings;
use crate::bindings::spin::variables::variables as var_bindings;
use crate::bindings::wasi::keyvalue as wasi_keyvalue;
use crate::kv::SpinKv;
use crate::outbound_http::add_next_handler_to_linker;
use crate::state::HostState;
use crate::variables::SpinVariables;

/// Ticks the engine's epoch so instances past their deadline trap even in a busy loop.
pub(super) struct EpochTicker {
    stop: Arc<AtomicBool>,
}

/// Period of the epoch ticker.
pub(super) const EPOCH_TICK: Duration = Duration::from_millis(10);

impl EpochTicker {
    pub(super) fn start(engine: Engine) -> Self {
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

pub(super) fn engine(config: &AppConfig) -> Result<Engine> {
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
    if config.perfmap {
        wasm.profiler(ProfilingStrategy::PerfMap);
    }
    Engine::new(&wasm).context("configuring wasmtime")
}

pub(super) fn linker(engine: &Engine) -> Result<Linker<HostState>> {
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
