//! Backup and restore: `GET /v1/admin/export` ([`export`]) and `POST /v1/admin/import`
//! ([`import`]), in the file format of `edgecrew_validation_rules::backup`.

mod export;
mod import;

pub use export::{Streamed, export};
pub use import::import;
