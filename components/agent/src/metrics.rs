//! `GET /metrics`: the Prometheus text of the request counters the front door keeps in
//! the store (`edgecrew_core::metrics`) and of each provider's circuit.

use std::collections::{BTreeMap, BTreeSet};

use edgecrew_core::Problem;
use edgecrew_core::metrics::{Circuit, REGISTRY_COUNT_KEY, Series, Snapshot, registry_key};
use edgecrew_kv::{Kv, Result};
use futures::{StreamExt, TryStreamExt, stream};

use crate::chain::Chain;
use crate::respond::{self, Response};

/// Media type of the Prometheus text format.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Store reads a scrape keeps in flight at once.
const READS_AT_ONCE: usize = 16;

/// The values of the counters `keys`, in order, [`READS_AT_ONCE`] reads at a time.
async fn counters<'a>(kv: &Kv, keys: impl Iterator<Item = &'a String>) -> Result<Vec<i64>> {
    stream::iter(keys.map(|k| kv.counter(k)))
        .buffered(READS_AT_ONCE)
        .try_collect()
        .await
}

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
    let names: Vec<Option<String>> = stream::iter(slots.iter().map(|k| kv.get_json::<String>(k)))
        .buffered(READS_AT_ONCE)
        .try_collect()
        .await?;
    // A series may be registered more than once (registration repeats): keep each once.
    let series: BTreeMap<String, Series> = names
        .into_iter()
        .flatten()
        .filter_map(|name| Series::parse(&name).map(|s| (name, s)))
        .collect();
    let counts = counters(kv, series.keys()).await?;
    let millis_keys: BTreeSet<String> = series.values().map(Series::millis_key).collect();
    let millis = counters(kv, millis_keys.iter()).await?;
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
