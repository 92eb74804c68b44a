//! `GET /metrics`: the Prometheus text of the request counters the front door keeps in
//! the store (`edgecrew_core::metrics`) and of each provider's circuit.

use std::collections::{BTreeMap, BTreeSet};

use edgecrew_core::Problem;
use edgecrew_core::metrics::{Circuit, REGISTRY_COUNT_KEY, Series, Snapshot, registry_key};
use edgecrew_kv::{Kv, Result};
use futures::future::try_join_all;

use crate::chain::Chain;
use crate::respond::{self, Response};

/// Media type of the Prometheus text format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Read every registered series and the circuits, and render them.
pub async fn scrape(request_id: &str) -> Response {
    let snapshot = match Kv::open().await {
        Ok(kv) => read(&kv).await,
        Err(e) => Err(e),
    };
    match snapshot {
        Ok(mut snapshot) => {
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

/// The registered series (each once) with their counts, and each route's milliseconds.
async fn read(kv: &Kv) -> Result<Snapshot> {
    let entries = kv.counter(REGISTRY_COUNT_KEY).await?;
    let slots: Vec<String> = (1..=entries).map(registry_key).collect();
    let names = try_join_all(slots.iter().map(|k| kv.get_json::<String>(k))).await?;
    // A series may be registered more than once (registration repeats): keep each once.
    let series: BTreeMap<String, Series> = names
        .into_iter()
        .flatten()
        .filter_map(|name| Series::parse(&name).map(|s| (name, s)))
        .collect();
    let counts = try_join_all(series.keys().map(|key| kv.counter(key))).await?;
    let millis_keys: BTreeSet<String> = series.values().map(Series::millis_key).collect();
    let millis = try_join_all(millis_keys.iter().map(|k| kv.counter(k))).await?;
    Ok(Snapshot {
        requests: series
            .into_values()
            .zip(counts)
            .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
            .collect(),
        millis: millis_keys
            .into_iter()
            .zip(millis)
            .map(|(k, n)| (k, u64::try_from(n).unwrap_or(0)))
            .collect::<BTreeMap<_, _>>(),
        circuits: Vec::new(),
    })
}
