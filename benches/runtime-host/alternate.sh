#!/usr/bin/env bash
# runtime-host and llama-server, one after the other, ROUNDS times: a fresh server each run, one
# wave of 2*CONC streaming chat requests at CONC concurrent (load.py), the same model, threads,
# slots and per-slot context. Alternating runs keep a noisy shared machine's drift out of the
# ratio; the summary gives each side's median aggregate tok/s and the ratio of the medians.
#
#   benches/runtime-host/compare.sh                     # builds both servers first
#   ROUNDS=5 benches/runtime-host/alternate.sh          # prompts repeat across requests
#   ROUNDS=5 LOAD_ARGS=--distinct benches/runtime-host/alternate.sh   # no shared prompt starts
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benches/runtime-host"
THREADS="${THREADS:-2}"
CTX="${CTX:-1024}"
PARALLEL="${PARALLEL:-8}"
CONC="${CONC:-8}"
ROUNDS="${ROUNDS:-5}"
LOAD_ARGS="${LOAD_ARGS:-}"
WORK="${WORK:-/tmp/runtime-host-bench}"
rh="${RUNTIME_HOST:-${RH_BENCH_TARGET:-$root/../target-rh-native}/release/runtime-host}"
lserver="${LLAMA_SERVER:-$WORK/llama/bin/llama-server}"
model="${EDGECREW_MODEL:-$(MODEL=gemma "$root/scripts/fetch-model")}"
out="${OUT:-$WORK/alternate.jsonl}"
: > "$out"

wait_health() {
    for _ in $(seq 1 600); do
        if curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "server on port $1 did not become healthy" >&2
    return 1
}

for round in $(seq 1 "$ROUNDS"); do
    for server in runtime-host llama-server; do
        if [ "$server" = runtime-host ]; then
            port=18081
            "$rh" --model "$model" --listen "127.0.0.1:$port" --threads "$THREADS" --ctx-size "$CTX" \
                --parallel "$PARALLEL" --queue-depth 64 --max-tokens 1024 2>/dev/null &
        else
            port=18082
            "$lserver" -m "$model" --host 127.0.0.1 --port "$port" -t "$THREADS" \
                -c $((CTX * PARALLEL)) -np "$PARALLEL" --no-webui 2>/dev/null &
        fi
        pid=$!
        wait_health "$port"
        # shellcheck disable=SC2086 # LOAD_ARGS is a list of flags
        python3 "$here/load.py" --url "http://127.0.0.1:$port" --concurrency "$CONC" \
            --label "$server" $LOAD_ARGS | sed "s/^{/{\"round\": $round, /" | tee -a "$out"
        kill -INT "$pid"
        wait "$pid" 2>/dev/null || true
    done
done

python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
med = {}
for server in ("runtime-host", "llama-server"):
    runs = [r for r in rows if r["server"] == server]
    med[server] = statistics.median(r["aggregate_tok_s"] for r in runs)
    rates = ", ".join("%.1f" % r["aggregate_tok_s"] for r in runs)
    ttft = statistics.median(r["ttft_ms_median"] for r in runs)
    reused = statistics.median(r["cached_prompt_tokens"] for r in runs)
    print(f"{server}: aggregate tok/s {rates} (median {med[server]:.1f}); "
          f"TTFT median ms {ttft:.0f}; prompt tokens reused {reused:.0f}")
print(f"ratio of medians runtime-host / llama-server: {med['runtime-host'] / med['llama-server']:.2f}")
PY
