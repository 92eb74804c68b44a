#!/usr/bin/env bash
# Load on the fallback path, on real `spin up` and on devhost, back to back on the same
# machine: each serves spin.toml with the primary provider down (a closed loopback port, so
# its circuit opens after the first failures), then 64 concurrent connections of `oha`
# post /v1/complete REQUESTS times through the whole front door (key check, rate limit,
# audit record) to the fallback; a table of requests/s, p50, p99 and errors closes the run.
#
#   ./scripts/build-components && cargo install oha --locked
#   benches/load/fallback.sh        # HOSTS="spin devhost" REQUESTS=40000 CONNECTIONS=64 PORT=3310
#
# Hosts: `spin` (spin.toml: validation public, forwarding to the private agent over local
# service chaining), `devhost` (the same manifest on the test host), `spin-middleware`
# (benches/load/middleware.toml: the alternative design, validation as HTTP middleware
# composed into the agent; its validation.wasm is built here into target/middleware/).
# TMPDIR=/dev/shm puts the key-value store on tmpfs, taking the disk out of the figures;
# RUNTIME_CONFIG=runtime-config.redis.toml puts it on Redis (Spin's runtime config file).
# `spin` is the one on PATH, or SPIN=/path/to/spin; a host that is not installed is skipped
# with a message.
set -euo pipefail
cd "$(dirname "$0")/../.."

HOSTS="${HOSTS:-spin devhost}"
REQUESTS="${REQUESTS:-40000}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-3310}"
SPIN="${SPIN:-$(command -v spin || true)}"
ADMIN_KEY="load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
WORK="$(mktemp -d)"
SERVER_PID=""
trap 'stop_server; rm -rf "$WORK"' EXIT

# The variables both hosts get: the primary down, limits out of the way, a circuit that
# stays open for the whole run once opened.
export SPIN_VARIABLE_ADMIN_API_KEY="$ADMIN_KEY"
export SPIN_VARIABLE_RUNTIME_HOST_URL=http://127.0.0.1:1
export SPIN_VARIABLE_KEY_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_BREAKER_COOLDOWN_SECONDS=3600

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# Start a host on a fresh state directory (its own key-value store) for run $2.
start_server() {
    local host="$1" state="$WORK/$2-$1"
    mkdir -p "$state"
    case "$host" in
        spin)
            "$SPIN" up -f spin.toml --listen "127.0.0.1:$PORT" --state-dir "$state" \
                ${RUNTIME_CONFIG:+--runtime-config-file "$RUNTIME_CONFIG"} \
                >"$state/server.log" 2>&1 &
            ;;
        spin-middleware)
            "$SPIN" up -f benches/load/middleware.toml --listen "127.0.0.1:$PORT" \
                --state-dir "$state" >"$state/server.log" 2>&1 &
            ;;
        devhost)
            target/release/devhost --listen "127.0.0.1:$PORT" --kv-file "$state/kv.db" \
                ${RUNTIME_CONFIG:+--runtime-config-file "$RUNTIME_CONFIG"} \
                >"$state/server.log" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "$host did not start:" >&2
    cat "$state/server.log" >&2
    return 1
}

BODY='{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat; renewals drove most of the growth.","system_prompt":"You are a finance analyst."}'

# One host: start it, open the primary's circuit (the steady state of an outage), load it
# and keep oha's summary as $WORK/<run>-<host>.oha.
run_host() {
    local host="$1" run="$2"
    start_server "$host" "$run"
    for _ in 1 2 3 4; do
        curl -sf -X POST "http://127.0.0.1:$PORT/v1/complete" \
            -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' \
            -d "$BODY" >/dev/null
    done
    oha --no-tui -n "$REQUESTS" -c "$CONNECTIONS" -m POST \
        -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' -d "$BODY" \
        "http://127.0.0.1:$PORT/v1/complete" | tee "$WORK/$run-$host.oha"
    stop_server
}

# A host may be listed more than once (say "spin spin-middleware spin-middleware spin", to
# cancel out the order): each run is a row of the table.
ran=()
for host in $HOSTS; do
    case "$host" in
        spin | spin-middleware)
            if [ -z "$SPIN" ] || [ ! -x "$SPIN" ]; then
                echo "fallback.sh: $host skipped: no spin CLI (PATH or SPIN=...)" >&2
                continue
            fi
            if [ "$host" = spin-middleware ]; then
                cargo build --target wasm32-wasip2 --release -q -p edgecrew-validation \
                    --features http-middleware --target-dir target/middleware
            fi
            ;;
        devhost) cargo build --release -q -p edgecrew-tests --bin devhost ;;
        *) echo "fallback.sh: unknown host '$host' (spin, spin-middleware, devhost)" >&2; exit 2 ;;
    esac
    echo "== $host: $REQUESTS requests, $CONNECTIONS connections, POST /v1/complete (fallback, circuit open)"
    run_host "$host" "${#ran[@]}"
    ran+=("$host")
done

# oha's summary: "Requests/sec: N", "50.00% in X ms" (or "secs"), "[200] N responses".
echo
printf '%-16s %12s %10s %10s %8s %8s\n' host 'requests/s' 'p50 ms' 'p99 ms' '200s' other
for run in "${!ran[@]}"; do
    host="${ran[$run]}"
    f="$WORK/$run-$host.oha"
    rps="$(awk '/Requests\/sec:/ {print $2}' "$f")"
    p50="$(awk '/ 50.00% in/ {printf "%.1f", ($4 ~ /^sec/) ? $3 * 1000 : $3}' "$f")"
    p99="$(awk '/ 99.00% in/ {printf "%.1f", ($4 ~ /^sec/) ? $3 * 1000 : $3}' "$f")"
    ok="$(awk '/\[200\]/ {print $2}' "$f")"
    printf '%-16s %12s %10s %10s %8s %8s\n' "$host" "$rps" "$p50" "$p99" "${ok:-0}" \
        "$((REQUESTS - ${ok:-0}))"
done
