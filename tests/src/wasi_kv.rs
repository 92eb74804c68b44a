//! `wasi:keyvalue@0.2.0-draft2`, following Spin's `crates/factor-key-value` (its
//! `wasi:keyvalue` host): store, atomics and batch on the same stores as
//! `spin:key-value`, as Spin provides it: a bucket is a store label granted in
//! `key_value_stores`; counters are kept in each backend's encoding (`crate::kv`).

use wasmtime::component::Resource;

use crate::bindings::spin::key_value::key_value::Error as SpinKvError;
use crate::bindings::wasi::keyvalue::{atomics, batch, store};
use crate::kv::{KvView, OpenDenied, OpenStore};

/// Keys returned per `list-keys` page.
const LIST_PAGE: usize = 1000;

/// A compare-and-swap handle: the key and the value it saw when created.
#[derive(Debug)]
pub struct CasHandle {
    label: String,
    key: String,
    current: Option<Vec<u8>>,
}

fn to_wasi(e: SpinKvError) -> store::Error {
    match e {
        SpinKvError::NoSuchStore => store::Error::NoSuchStore,
        SpinKvError::AccessDenied => store::Error::AccessDenied,
        SpinKvError::StoreTableFull => store::Error::Other("too many open stores".into()),
        SpinKvError::Other(s) => store::Error::Other(s),
    }
}

type Wasi<T> = wasmtime::Result<Result<T, store::Error>>;

impl KvView<'_> {
    fn label(&self, bucket: &Resource<OpenStore>) -> wasmtime::Result<String> {
        Ok(self.table.get(bucket)?.label.clone())
    }
}

impl store::Host for KvView<'_> {
    fn open(&mut self, identifier: String) -> Wasi<Resource<OpenStore>> {
        Ok(match self.ctx.check_open(&identifier) {
            Err(OpenDenied::AccessDenied) => Err(store::Error::AccessDenied),
            Err(OpenDenied::NoSuchStore) => Err(store::Error::NoSuchStore),
            Ok(()) => Ok(self.table.push(OpenStore { label: identifier })?),
        })
    }
}

impl store::HostBucket for KvView<'_> {
    fn get(&mut self, bucket: Resource<OpenStore>, key: String) -> Wasi<Option<Vec<u8>>> {
        let label = self.label(&bucket)?;
        Ok(self.ctx.backend.get(&label, &key).map_err(to_wasi))
    }

    fn set(&mut self, bucket: Resource<OpenStore>, key: String, value: Vec<u8>) -> Wasi<()> {
        let label = self.label(&bucket)?;
        Ok(self.ctx.backend.set(&label, &key, &value).map_err(to_wasi))
    }

    fn delete(&mut self, bucket: Resource<OpenStore>, key: String) -> Wasi<()> {
        let label = self.label(&bucket)?;
        Ok(self.ctx.backend.delete(&label, &key).map_err(to_wasi))
    }

    fn exists(&mut self, bucket: Resource<OpenStore>, key: String) -> Wasi<bool> {
        let label = self.label(&bucket)?;
        Ok(self.ctx.backend.exists(&label, &key).map_err(to_wasi))
    }

    fn list_keys(
        &mut self,
        bucket: Resource<OpenStore>,
        cursor: Option<String>,
    ) -> Wasi<store::KeyResponse> {
        let label = self.label(&bucket)?;
        Ok(self
            .ctx
            .backend
            .keys_page(&label, cursor.as_deref(), LIST_PAGE)
            .map(|(keys, cursor)| store::KeyResponse { keys, cursor })
            .map_err(to_wasi))
    }

    fn drop(&mut self, rep: Resource<OpenStore>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

impl atomics::Host for KvView<'_> {
    fn increment(&mut self, bucket: Resource<OpenStore>, key: String, delta: i64) -> Wasi<i64> {
        let label = self.label(&bucket)?;
        Ok(self
            .ctx
            .backend
            .increment(&label, &key, delta)
            .map_err(to_wasi))
    }

    fn swap(
        &mut self,
        cas: Resource<CasHandle>,
        value: Vec<u8>,
    ) -> wasmtime::Result<Result<(), atomics::CasError>> {
        let handle = self.table.delete(cas)?;
        let swapped = self.ctx.backend.compare_and_swap(
            &handle.label,
            &handle.key,
            handle.current.as_deref(),
            &value,
        );
        Ok(match swapped {
            Ok(true) => Ok(()),
            Ok(false) => match self.ctx.backend.get(&handle.label, &handle.key) {
                Ok(current) => Err(atomics::CasError::CasFailed(
                    self.table.push(CasHandle { current, ..handle })?,
                )),
                Err(e) => Err(atomics::CasError::StoreError(to_wasi(e))),
            },
            Err(e) => Err(atomics::CasError::StoreError(to_wasi(e))),
        })
    }
}

impl atomics::HostCas for KvView<'_> {
    fn new(&mut self, bucket: Resource<OpenStore>, key: String) -> Wasi<Resource<CasHandle>> {
        let label = self.label(&bucket)?;
        Ok(match self.ctx.backend.get(&label, &key) {
            Ok(current) => Ok(self.table.push(CasHandle {
                label,
                key,
                current,
            })?),
            Err(e) => Err(to_wasi(e)),
        })
    }

    fn current(&mut self, cas: Resource<CasHandle>) -> Wasi<Option<Vec<u8>>> {
        Ok(Ok(self.table.get(&cas)?.current.clone()))
    }

    fn drop(&mut self, rep: Resource<CasHandle>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

impl batch::Host for KvView<'_> {
    fn get_many(
        &mut self,
        bucket: Resource<OpenStore>,
        keys: Vec<String>,
    ) -> Wasi<Vec<(String, Option<Vec<u8>>)>> {
        let label = self.label(&bucket)?;
        Ok(keys
            .into_iter()
            .map(|k| {
                let v = self.ctx.backend.get(&label, &k)?;
                Ok((k, v))
            })
            .collect::<Result<_, _>>()
            .map_err(to_wasi))
    }

    fn set_many(
        &mut self,
        bucket: Resource<OpenStore>,
        key_values: Vec<(String, Vec<u8>)>,
    ) -> Wasi<()> {
        let label = self.label(&bucket)?;
        Ok(key_values
            .iter()
            .try_for_each(|(k, v)| self.ctx.backend.set(&label, k, v))
            .map_err(to_wasi))
    }

    fn delete_many(&mut self, bucket: Resource<OpenStore>, keys: Vec<String>) -> Wasi<()> {
        let label = self.label(&bucket)?;
        Ok(keys
            .iter()
            .try_for_each(|k| self.ctx.backend.delete(&label, k))
            .map_err(to_wasi))
    }
}
