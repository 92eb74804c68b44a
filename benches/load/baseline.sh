#!/usr/bin/env bash
# edgecrew beside two baselines, on real `spin up` and on devhost, back to back: for each
# host, `noop` (benches/load/noop.toml: one component answering 200 with a fixed body, no
# store, no network), `chain` (benches/load/chain.toml: two components over local service
# chaining, the shape of edgecrew's validation -> agent, with none of its work)
# and edgecrew (spin.toml, primary provider down and its circuit open, rate limits lifted)
# each take REQUESTS requests over CONNECTIONS connections of `oha` per case; the table gives
# requests/s, p50, p99, errors, and chain's and edgecrew's requests/s as a ratio to noop's on
# the same host and case, so the figures mean something on a noisy machine.
#
#   ./scripts/build-components && cargo build --release -p edgecrew-tests --bin devhost
#   cargo build --target wasm32-wasip2 --release -p edgecrew-bench-noop -p edgecrew-bench-forward
#   cargo install oha --locked
#   benches/load/baseline.sh        # HOSTS="spin devhost" REQUESTS=10000 CONNECTIONS=64 PORT=3330
#
# Cases (CASES picks some): `health` (GET /health, no key), `agents` (GET /v1/agents with a
# key), `complete` (POST /v1/complete answered by the fallback), `analyze` (POST
# /v1/emails/analyze with a 4 KB e-mail). TMPDIR=/dev/shm puts edgecrew's store on tmpfs;
# RUNTIME_CONFIG=<file> on Redis; KEEPALIVE=0 opens a connection per request (spin up 4.1
# does not set TCP_NODELAY, so on a kept-alive connection a small response can wait 40 ms
# for the client's delayed ACK: benches/REPORT.md). `spin` is the one on PATH, or SPIN=.
set -euo pipefail
cd "$(dirname "$0")/../.."

HOSTS="${HOSTS:-spin devhost}"
REQUESTS="${REQUESTS:-10000}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-3330}"
KEEPALIVE="${KEEPALIVE:-1}"
SPIN="${SPIN:-$(command -v spin || true)}"
ADMIN_KEY="load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
WORK="$(mktemp -d)"
SERVER_PID=""
trap 'stop_server; rm -rf "$WORK"' EXIT

export SPIN_VARIABLE_ADMIN_API_KEY="$ADMIN_KEY"
export SPIN_VARIABLE_RUNTIME_HOST_URL=http://127.0.0.1:1
export SPIN_VARIABLE_KEY_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_BREAKER_COOLDOWN_SECONDS=3600

[ -f target/wasm32-wasip2/release/edgecrew_bench_noop.wasm ] &&
    [ -f target/wasm32-wasip2/release/edgecrew_bench_forward.wasm ] ||
    cargo build --target wasm32-wasip2 --release -q -p edgecrew-bench-noop -p edgecrew-bench-forward

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}

# Start `app` (noop, chain or edgecrew) on `host` with a fresh state directory.
start_server() {
    local host="$1" app="$2" manifest state="$WORK/$1-$2"
    manifest=spin.toml
    [ "$app" = noop ] && manifest=benches/load/noop.toml
    [ "$app" = chain ] && manifest=benches/load/chain.toml
    mkdir -p "$state"
    case "$host" in
        spin)
            "$SPIN" up -f "$manifest" --listen "127.0.0.1:$PORT" --state-dir "$state" \
                ${RUNTIME_CONFIG:+--runtime-config-file "$RUNTIME_CONFIG"} \
                >"$state/server.log" 2>&1 &
            ;;
        devhost)
            target/release/devhost --manifest "$manifest" --listen "127.0.0.1:$PORT" \
                --kv-file "$state/kv.db" --log-dir "$state/logs" \
                ${RUNTIME_CONFIG:+--runtime-config-file "$RUNTIME_CONFIG"} \
                >"$state/server.log" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "$host did not start $app:" >&2
    cat "$state/server.log" >&2
    return 1
}

COMPLETE='{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat; renewals drove most of the growth.","system_prompt":"You are a finance analyst."}'
# A 4 KB e-mail: a real-looking message padded with order lines.
python3 - >"$WORK/analyze.json" <<'PY'
import json
lines = ["Hello team,", "", "Please confirm the status of PO 4500012345 and quote Q-778812.",
         "Ship to: ACME GmbH, Hauptstrasse 5, 10115 Berlin. Call me at +49 30 1234567.", ""]
n = 1
while len("\n".join(lines)) < 3900:
    lines.append(f"Line {n}: part 6T1B4EA#ABU x {n}, unit price EUR {100 + n},00, tracking 1Z999AA1012345678{n % 10}")
    n += 1
lines += ["", "Best regards,", "Jane Doe", "Sales Operations"]
print(json.dumps({"subject": "PO 4500012345 status", "from": "jane.doe@acme.example",
                  "body": "\n".join(lines)}))
PY

# One case against the running server: oha's summary in $WORK/<host>-<app>-<case>.oha.
load() {
    local host="$1" app="$2" case="$3" out="$WORK/$1-$2-$3.oha"
    local url="http://127.0.0.1:$PORT"
    local auth=(-H "authorization: Bearer $ADMIN_KEY")
    local oha=(oha --no-tui -n "$REQUESTS" -c "$CONNECTIONS")
    [ "$KEEPALIVE" = 0 ] && oha+=(--disable-keepalive)
    case "$case" in
        health) "${oha[@]}" "$url/health" >"$out" ;;
        agents) "${oha[@]}" "${auth[@]}" "$url/v1/agents" >"$out" ;;
        complete)
            "${oha[@]}" -m POST "${auth[@]}" \
                -H 'content-type: application/json' -d "$COMPLETE" "$url/v1/complete" >"$out"
            ;;
        analyze)
            "${oha[@]}" -m POST "${auth[@]}" \
                -H 'content-type: application/json' -D "$WORK/analyze.json" \
                "$url/v1/emails/analyze" >"$out"
            ;;
    esac
}

CASES="${CASES:-health agents complete analyze}"
for host in $HOSTS; do
    case "$host" in
        spin) [ -x "$SPIN" ] || { echo "baseline.sh: spin skipped: no spin CLI" >&2; continue; } ;;
        devhost) [ -x target/release/devhost ] || cargo build --release -q -p edgecrew-tests --bin devhost ;;
        *) echo "baseline.sh: unknown host '$host' (spin, devhost)" >&2; exit 2 ;;
    esac
    for app in noop chain edgecrew; do
        start_server "$host" "$app"
        # Open the primary's circuit first: the steady state of an outage.
        for _ in 1 2 3 4; do
            curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/complete" \
                -H "authorization: Bearer $ADMIN_KEY" -H 'content-type: application/json' \
                -d "$COMPLETE"
        done
        for case in $CASES; do
            echo "== $host $app $case: $REQUESTS requests, $CONNECTIONS connections" >&2
            load "$host" "$app" "$case"
        done
        stop_server
    done
done

# oha's summary: "Requests/sec: N", "50.00% in X ms" (or "secs"), "[200] N responses".
field() { awk "$1" "$2"; }
rps() { field '/Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
pct() { field "/ $2% in/ {printf \"%.1f\", (\$4 ~ /^sec/) ? \$3 * 1000 : \$3}" "$1"; }
ok() { field '/^ *\[200\] [0-9]+ responses/ {print $2; exit}' "$1"; }
printf '%-8s %-9s %9s %7s %7s %6s | %9s %7s %7s %6s %6s | %9s %7s %7s %6s %6s\n' host case \
    'noop rps' p50 p99 errors 'chain rps' p50 p99 errors ratio 'edgecrew' p50 p99 errors ratio
for host in $HOSTS; do
    for case in $CASES; do
        base="$WORK/$host-noop-$case.oha" chain="$WORK/$host-chain-$case.oha"
        app="$WORK/$host-edgecrew-$case.oha"
        [ -f "$base" ] && [ -f "$chain" ] && [ -f "$app" ] || continue
        b="$(rps "$base")" c="$(rps "$chain")" a="$(rps "$app")"
        printf '%-8s %-9s %9s %7s %7s %6s | %9s %7s %7s %6s %6s | %9s %7s %7s %6s %6s\n' \
            "$host" "$case" \
            "$b" "$(pct "$base" 50.00)" "$(pct "$base" 99.00)" "$((REQUESTS - $(ok "$base")))" \
            "$c" "$(pct "$chain" 50.00)" "$(pct "$chain" 99.00)" "$((REQUESTS - $(ok "$chain")))" \
            "$(echo "scale=3; ${c:-0} / ${b:-1}" | bc)" \
            "$a" "$(pct "$app" 50.00)" "$(pct "$app" 99.00)" "$((REQUESTS - $(ok "$app")))" \
            "$(echo "scale=3; ${a:-0} / ${b:-1}" | bc)"
    done
done
