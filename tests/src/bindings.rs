//! Host-side bindings for the Spin interfaces, generated from the vendored `wit/`, as
//! Spin's `crates/world` generates them.

#![allow(missing_docs)]

wasmtime::component::bindgen!({
    path: "../wit",
    world: "edgecrew:host/spin-host",
    imports: { default: trappable },
    with: {
        "spin:key-value/key-value.store": crate::kv::OpenStore,
        "wasi:keyvalue/store.bucket": crate::kv::OpenStore,
        "wasi:keyvalue/atomics.cas": crate::wasi_kv::CasHandle,
    },
});
