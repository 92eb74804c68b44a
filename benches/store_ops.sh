#!/usr/bin/env bash
# Store round trips per request, counted by a real Redis: real `spin up` serves spin.toml
# with the default store on a throw-away redis-server (Spin's runtime config), and each case
# sends N requests one after another; Redis's own command statistics, reset before each
# case, give the commands per request by kind (GET, SET, DEL, INCRBY, ...).
#
#   ./scripts/build-components
#   benches/store_ops.sh            # N=200 PORT=3320 REDIS_PORT=6390
#
# Cases: `health` (GET /health, no key), `agents` (GET /v1/agents with the bootstrap key:
# front door + agent, no model), `complete` (POST /v1/complete with the primary down and its
# circuit open: the fallback path). `spin` is the one on PATH, or SPIN=/path/to/spin.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-200}"
PORT="${PORT:-3320}"
REDIS_PORT="${REDIS_PORT:-6390}"
SPIN="${SPIN:-$(command -v spin || true)}"
[ -x "$SPIN" ] || { echo "no spin CLI: put it on PATH or set SPIN" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "no redis-server (scripts/setup installs it)" >&2; exit 1; }
WORK="$(mktemp -d)"
ADMIN_KEY="ops-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$WORK" >"$WORK/redis.log" 2>&1 &
cli() { redis-cli -p "$REDIS_PORT" "$@"; }
until cli ping >/dev/null 2>&1; do sleep 0.1; done
printf '[key_value_store.default]\ntype = "redis"\nurl = "redis://127.0.0.1:%s"\n' "$REDIS_PORT" \
    >"$WORK/runtime-config.toml"

SPIN_VARIABLE_ADMIN_API_KEY="$ADMIN_KEY" \
SPIN_VARIABLE_RUNTIME_HOST_URL=http://127.0.0.1:1 \
SPIN_VARIABLE_BREAKER_COOLDOWN_SECONDS=3600 \
SPIN_VARIABLE_KEY_RATE_LIMIT_PER_MINUTE=1000000000 \
SPIN_VARIABLE_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000000 \
    "$SPIN" up -f spin.toml --listen "127.0.0.1:$PORT" --state-dir "$WORK/state" \
    --runtime-config-file "$WORK/runtime-config.toml" >"$WORK/spin.log" 2>&1 &
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$base/health" 2>/dev/null && break
    sleep 0.2
done

request() {
    case "$1" in
        health) curl -s -o /dev/null "$base/health" ;;
        agents) curl -s -o /dev/null -H "authorization: Bearer $ADMIN_KEY" "$base/v1/agents" ;;
        complete)
            curl -s -o /dev/null -H "authorization: Bearer $ADMIN_KEY" \
                -H 'content-type: application/json' \
                -d '{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat."}' \
                "$base/v1/complete"
            ;;
    esac
}

# Open the primary's circuit and register every series before counting.
for _ in $(seq 1 12); do request complete; request agents; request health; done

echo "store commands per request on Redis, spin up ($("$SPIN" --version)), N=$N each"
printf '%-10s %-8s %s\n' case total "by command"
for case in health agents complete; do
    cli config resetstat >/dev/null
    for _ in $(seq 1 "$N"); do request "$case"; done
    stats="$(cli info commandstats | tr -d '\r' | grep '^cmdstat_' | grep -v -e cmdstat_config -e cmdstat_info)"
    total="$(echo "$stats" | sed -E 's/^[^:]*:calls=([0-9]+).*/\1/' | paste -sd+ | bc)"
    detail="$(echo "$stats" | sed -E 's/cmdstat_([a-z]+):calls=([0-9]+).*/\1 \2/' |
        awk -v n="$N" '{ printf "%s %.2f  ", toupper($1), $2 / n }')"
    printf '%-10s %-8s %s\n' "$case" "$(echo "scale=2; $total / $N" | bc)" "$detail"
done
