//! `GET /metrics`: the Prometheus text of the request counts folded from the audit log
//! ([`fold`], counts in `edgecrew_core::metrics`) and of each provider's circuit.

pub(crate) mod fold;

use edgecrew_core::Problem;
use edgecrew_core::metrics::Circuit;
use edgecrew_kv::Kv;

use crate::chain::Chain;
use crate::respond::{self, Response};

/// Media type of the Prometheus text format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Fold the audit log into the counts, read the circuits, and render them.
pub async fn scrape(request_id: &str) -> Response {
    let folded = match Kv::open().await {
        Ok(kv) => fold::fold(&kv, crate::clock::now_ms() as i64).await,
        Err(e) => Err(e),
    };
    match folded {
        Ok((tally, backlog)) => {
            let mut snapshot = tally.snapshot(backlog);
            if let Ok(chain) = Chain::open().await {
                snapshot.circuits = chain
                    .circuits()
                    .await
                    .into_iter()
                    .map(|(provider, state)| Circuit { provider, state })
                    .collect();
            }
            respond::typed(200, PROMETHEUS_TEXT, snapshot.render())
        }
        Err(e) => respond::problem(&Problem::new(503, e.to_string(), request_id)),
    }
}
