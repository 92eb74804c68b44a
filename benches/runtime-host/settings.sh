# Shared by compare.sh and alternate.sh (sourced): where the servers are built and run, the
# settings both servers get, and a bounded wait for a server's /health.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/benches/runtime-host"
THREADS="${THREADS:-$(nproc)}"
MAX_TOKENS="${MAX_TOKENS:-128}"
CTX="${CTX:-1024}"
PARALLEL="${PARALLEL:-8}"
PORT_RH="${PORT_RH:-18081}"
PORT_LS="${PORT_LS:-18082}"
WORK="${WORK:-/tmp/runtime-host-bench}"
TARGET="${RH_BENCH_TARGET:-$root/../target-rh-native}"

wait_health() {
    for _ in $(seq 1 600); do
        if curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "server on port $1 did not become healthy" >&2
    return 1
}
