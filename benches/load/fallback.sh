#!/usr/bin/env bash
# Load on the fallback path: devhost (release) serving spin.toml with the primary provider
# down (a closed loopback port, so its circuit opens after the first failures), 64
# concurrent connections of `oha` posting /v1/complete REQUESTS times, then oha's summary.
#
#   ./scripts/build-components && cargo install oha --locked
#   benches/load/fallback.sh            # REQUESTS=40000 CONNECTIONS=64 PORT=3310
# oha prints requests/s, the latency distribution and the count of each status code.
set -euo pipefail
cd "$(dirname "$0")/../.."

REQUESTS="${REQUESTS:-40000}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-3310}"
ADMIN_KEY="load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
KV_DIR="$(mktemp -d)"
trap 'kill "$DEVHOST_PID" 2>/dev/null || true; rm -rf "$KV_DIR"' EXIT

cargo build --release -q -p edgecrew-tests --bin devhost
target/release/devhost --listen "127.0.0.1:$PORT" --kv-file "$KV_DIR/kv.db" \
    --variable "admin_api_key=$ADMIN_KEY" \
    --variable runtime_host_url=http://127.0.0.1:1 \
    --variable key_rate_limit_per_minute=1000000000 \
    --variable address_rate_limit_per_minute=1000000000 \
    --variable breaker_cooldown_seconds=3600 >/dev/null 2>"$KV_DIR/devhost.log" &
DEVHOST_PID=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break
    sleep 0.1
done

BODY='{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat; renewals drove most of the growth.","system_prompt":"You are a finance analyst."}'
# Warm up: open the primary's circuit, so the run measures the steady state of an outage.
for _ in 1 2 3 4; do
    curl -sf -X POST "http://127.0.0.1:$PORT/v1/complete" -H "authorization: Bearer $ADMIN_KEY" \
        -H 'content-type: application/json' -d "$BODY" >/dev/null
done

oha --no-tui -n "$REQUESTS" -c "$CONNECTIONS" -m POST \
    -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' -d "$BODY" \
    "http://127.0.0.1:$PORT/v1/complete"
