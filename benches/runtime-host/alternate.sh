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
# shellcheck source=benches/runtime-host/settings.sh
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
CONC="${CONC:-8}"
ROUNDS="${ROUNDS:-5}"
LOAD_ARGS="${LOAD_ARGS:-}"
rh="${RUNTIME_HOST:-$TARGET/release/runtime-host}"
lserver="${LLAMA_SERVER:-$WORK/llama/bin/llama-server}"
model="${EDGECREW_MODEL:-$(MODEL=gemma "$root/scripts/fetch-model")}"
mkdir -p "$WORK"
out="${OUT:-$WORK/alternate.jsonl}"
: > "$out"

for round in $(seq 1 "$ROUNDS"); do
    for server in runtime-host llama-server; do
        if [ "$server" = runtime-host ]; then
            port="$PORT_RH"
            "$rh" --model "$model" --listen "127.0.0.1:$port" --threads "$THREADS" --ctx-size "$CTX" \
                --parallel "$PARALLEL" --queue-depth 64 --max-tokens 1024 2>/dev/null &
        else
            port="$PORT_LS"
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
