#!/usr/bin/env bash
# Does a request cost more when the store is big? Real `spin up` serves spin.toml on a
# SQLite store first as it is after a few requests ("empty"), then grown by
# benches/load/seed_store.py to 100,000 API keys, 1,000,000 audit records and 10,000
# conversations of 4 messages ("seeded"), back to back, ROUNDS times, on the same cases:
#
#   complete       POST /v1/complete with a key of its own (key lookup, rate limit, audit
#                  append and retention, the fallback answering)
#   conversations  GET /v1/conversations with that key (its own listing)
#   audit          GET /v1/admin/audit?since=<a minute ago>&limit=10 (the log's search)
#
# Then the export of one conversation grown to 100 and to 1,000 messages
# (GET /v1/conversations/{id}/export, one request at a time, a connection each: Spin 4.1
# stalls kept-alive connections 40 ms): its time should grow
# linearly with the messages.
#
#   ./scripts/build-components
#   benches/load/datasize.sh        # REQUESTS=3000 CONNECTIONS=64 ROUNDS=2 PORT=3340
#
# KEYS, AUDIT, CONVERSATIONS set the seeded sizes. The table gives requests/s, p50 and p99
# per size and the seeded/empty ratio of requests/s. `spin` is the one on PATH, or SPIN=.
set -euo pipefail
cd "$(dirname "$0")/../.."

REQUESTS="${REQUESTS:-3000}"
CONNECTIONS="${CONNECTIONS:-64}"
ROUNDS="${ROUNDS:-2}"
PORT="${PORT:-3340}"
KEYS="${KEYS:-100000}"
AUDIT="${AUDIT:-1000000}"
CONVERSATIONS="${CONVERSATIONS:-10000}"
SPIN="${SPIN:-$(command -v spin || true)}"
[ -x "$SPIN" ] || { echo "datasize.sh: no spin CLI: put it on PATH or set SPIN" >&2; exit 1; }
command -v oha >/dev/null || { echo "datasize.sh: no oha (cargo install oha --locked)" >&2; exit 1; }
ADMIN_KEY="size-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
WORK="$(mktemp -d "${WORKDIR:-/var/tmp}/datasize.XXXXXX")"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

export SPIN_VARIABLE_ADMIN_API_KEY="$ADMIN_KEY"
export SPIN_VARIABLE_RUNTIME_HOST_URL=http://127.0.0.1:1
export SPIN_VARIABLE_KEY_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_ADDRESS_RATE_LIMIT_PER_MINUTE=1000000000
export SPIN_VARIABLE_BREAKER_COOLDOWN_SECONDS=3600
base="http://127.0.0.1:$PORT"

start_server() {
    "$SPIN" up -f spin.toml --listen "127.0.0.1:$PORT" --state-dir "$1" \
        >"$1.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        curl -fs -o /dev/null "$base/health" 2>/dev/null && return 0
        sleep 0.2
    done
    cat "$1.log" >&2
    exit 1
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# The state every size starts from: a key, a conversation with messages, the circuit open.
start_server "$WORK/empty"
KEY="$(curl -fsS -X POST "$base/v1/admin/keys" -H "authorization: Bearer $ADMIN_KEY" \
    -H 'content-type: application/json' \
    -d '{"name":"bench","scopes":["agents","conversations"]}' | json '["key"]')"
CONV="$(curl -fsS -X POST "$base/v1/conversations" -H "authorization: Bearer $KEY" \
    -H 'content-type: application/json' -d '{"title":"bench"}' | json '["id"]')"
COMPLETE='{"prompt":"Summarize: revenue rose 12% in Q3 while costs stayed flat."}'
for _ in 1 2; do
    curl -fsS -o /dev/null -X POST "$base/v1/conversations/$CONV/messages" \
        -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
        -d '{"content":"What changed in Q3?"}'
done
for _ in 1 2 3 4; do
    curl -s -o /dev/null -X POST "$base/v1/complete" -H "authorization: Bearer $KEY" \
        -H 'content-type: application/json' -d "$COMPLETE"
done
stop_server
cp -r "$WORK/empty" "$WORK/seeded"
echo "== seeding: $KEYS keys, $AUDIT audit records, $CONVERSATIONS conversations" >&2
python3 benches/load/seed_store.py "$WORK/seeded/sqlite_key_value.db" \
    --keys "$KEYS" --audit "$AUDIT" --conversations "$CONVERSATIONS" >&2
cp "$WORK/empty/sqlite_key_value.db" "$WORK/empty.db"
cp "$WORK/seeded/sqlite_key_value.db" "$WORK/seeded.db"

load() {
    local out="$1"
    shift
    oha --no-tui -n "$REQUESTS" -c "$CONNECTIONS" "$@" >"$out"
}

for round in $(seq 1 "$ROUNDS"); do
    for size in empty seeded; do
        # Every round starts from the same file: what one round appended is gone.
        cp "$WORK/$size.db" "$WORK/$size/sqlite_key_value.db"
        start_server "$WORK/$size"
        since=$(( $(date +%s) * 1000 - 60000 ))
        echo "== round $round, $size" >&2
        load "$WORK/$size-complete-$round.oha" -m POST -H "authorization: Bearer $KEY" \
            -H 'content-type: application/json' -d "$COMPLETE" "$base/v1/complete"
        load "$WORK/$size-conversations-$round.oha" -H "authorization: Bearer $KEY" \
            "$base/v1/conversations"
        load "$WORK/$size-audit-$round.oha" -H "authorization: Bearer $ADMIN_KEY" \
            "$base/v1/admin/audit?since=$since&limit=10"
        stop_server
    done
done

for n in 100 1000; do
    cp "$WORK/empty.db" "$WORK/empty/sqlite_key_value.db"
    python3 benches/load/seed_store.py "$WORK/empty/sqlite_key_value.db" \
        --grow-conversation "$n" >&2
    start_server "$WORK/empty"
    echo "== export of $n messages" >&2
    oha --no-tui -n 100 -c 1 --disable-keepalive -H "authorization: Bearer $KEY" \
        "$base/v1/conversations/$CONV/export" >"$WORK/export-$n.oha"
    stop_server
done

field() { awk "$1" "$2"; }
rps() { field '/Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
pct() { field "/ $2% in/ {printf \"%.1f\", (\$4 ~ /^sec/) ? \$3 * 1000 : \$3}" "$1"; }
ok() { field '/^ *\[200\] [0-9]+ responses/ {print $2; exit}' "$1"; }
echo
for n in 100 1000; do
    p50="$(pct "$WORK/export-$n.oha" 50.00)"
    printf 'export of %4s messages: p50 %s ms (%s ms per message), %s of 100 answered 200\n' \
        "$n" "$p50" "$(echo "scale=3; $p50 / $n" | bc)" "$(ok "$WORK/export-$n.oha")"
done
echo
printf '%-5s %-13s | %8s %7s %7s %6s | %8s %7s %7s %6s | %5s\n' round case \
    'empty' p50 p99 errors 'seeded' p50 p99 errors ratio
for round in $(seq 1 "$ROUNDS"); do
    for case in complete conversations audit; do
        e="$WORK/empty-$case-$round.oha" s="$WORK/seeded-$case-$round.oha"
        a="$(rps "$e")" b="$(rps "$s")"
        printf '%-5s %-13s | %8s %7s %7s %6s | %8s %7s %7s %6s | %5s\n' "$round" "$case" \
            "$a" "$(pct "$e" 50.00)" "$(pct "$e" 99.00)" "$((REQUESTS - $(ok "$e")))" \
            "$b" "$(pct "$s" 50.00)" "$(pct "$s" 99.00)" "$((REQUESTS - $(ok "$s")))" \
            "$(echo "scale=2; $b / $a" | bc)"
    done
done
