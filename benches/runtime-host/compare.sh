#!/usr/bin/env bash
# Side-by-side benchmark: runtime-host vs llama.cpp's own llama-bench and llama-server, with the
# same model file and the same threads, all compiled for the host CPU. Loopback traffic only;
# every loop is bounded.
#
# llama-cpp-sys-2 vendors llama.cpp's libraries but not its tools, so llama-bench and
# llama-server are built from the llama.cpp tree inside the llama-cpp-python source
# distribution on PyPI (a slightly older ggml: the report names both versions).
#
#   benches/runtime-host/compare.sh                 # model from $EDGECREW_MODEL or scripts/fetch-model (MODEL=gemma for the report)
#   THREADS=2 MAX_TOKENS=128 benches/runtime-host/compare.sh
#
# Needs: cmake, clang/libclang (apt: cmake clang libclang-dev), python3 (venv).
# Writes JSON lines to $OUT (default: target-rh-bench/results.jsonl) and prints a summary.
set -euo pipefail
# shellcheck source=benches/runtime-host/settings.sh
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
OUT="${OUT:-$WORK/results.jsonl}"
mkdir -p "$WORK"
: > "$OUT"

model="${EDGECREW_MODEL:-}"
if [ -z "$model" ]; then model="$("$root/scripts/fetch-model")"; fi
echo "model: $model  threads: $THREADS  max_tokens: $MAX_TOKENS" >&2

# 1. runtime-host, compiled for this CPU (llama-cpp-sys-2 then builds ggml with GGML_NATIVE).
echo "building runtime-host (target-cpu=native) into $TARGET ..." >&2
(cd "$root" && RUSTFLAGS="-C target-cpu=native" CARGO_TARGET_DIR="$TARGET" cargo build --release -p runtime-host --quiet)
rh="$TARGET/release/runtime-host"

# 2. llama.cpp's tools from the llama-cpp-python sdist (PyPI), also GGML_NATIVE.
LCP_VERSION="${LCP_VERSION:-0.3.36}"
if [ ! -d "$WORK/lcp/llama_cpp_python-$LCP_VERSION" ]; then
    mkdir -p "$WORK/lcp"
    # The sdist is fetched from PyPI's simple index directly: `pip download` would build it.
    url="$(curl -fsS -H 'Accept: application/vnd.pypi.simple.v1+json' https://pypi.org/simple/llama-cpp-python/ \
        | python3 -c "import sys, json; print(next(f['url'] for f in json.load(sys.stdin)['files'] if f['filename'] == 'llama_cpp_python-$LCP_VERSION.tar.gz'))")"
    curl -fsS -o "$WORK/lcp/llama_cpp_python-$LCP_VERSION.tar.gz" "$url"
    tar xzf "$WORK/lcp/llama_cpp_python-$LCP_VERSION.tar.gz" -C "$WORK/lcp"
fi
src="$WORK/lcp/llama_cpp_python-$LCP_VERSION/vendor/llama.cpp"
ver="$(awk '/name = "llama-cpp-sys-2"/{getline; gsub(/[" ]/,"",$0); sub("version=","",$0); print; exit}' "$root/Cargo.lock")"
sys_src="$(ls -d "$HOME"/.cargo/registry/src/*/llama-cpp-sys-2-"$ver"/llama.cpp | head -1)"
ggml_version() { sed -n 's/^set(GGML_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\))/\2/p' "$1/ggml/CMakeLists.txt" | paste -sd.; }
echo "{\"versions\": {\"runtime_host_ggml\": \"$(ggml_version "$sys_src")\", \"llama_cpp_tools_ggml\": \"$(ggml_version "$src")\"}}" | tee -a "$OUT"
if [ ! -x "$WORK/llama/bin/llama-bench" ] || [ ! -x "$WORK/llama/bin/llama-server" ]; then
    echo "building llama-bench and llama-server from $src ..." >&2
    cmake -S "$src" -B "$WORK/llama" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
        -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON >/dev/null
    cmake --build "$WORK/llama" --target llama-bench llama-server -j "$(nproc)" >/dev/null
fi
bench="$WORK/llama/bin/llama-bench"
lserver="$WORK/llama/bin/llama-server"

# 3. llama-bench: prompt processing (512 tokens) and generation (MAX_TOKENS tokens), one sequence.
echo "llama-bench ..." >&2
"$bench" -m "$model" -t "$THREADS" -p 512 -n "$MAX_TOKENS" -r 3 -o jsonl 2>/dev/null \
    | python3 -c 'import sys,json
for l in sys.stdin:
    r=json.loads(l); kind="pp" if r["n_prompt"] else "tg"
    print(json.dumps({"server":"llama-bench","test":kind+str(r["n_prompt"] or r["n_gen"]),"tok_s":r["avg_ts"],"stddev":r["stddev_ts"]}))' | tee -a "$OUT"

# 4. runtime-host under load (1, 4, 8 concurrent), then the 100x JSON-schema check.
echo "runtime-host ..." >&2
"$rh" --model "$model" --listen "127.0.0.1:$PORT_RH" --threads "$THREADS" --ctx-size "$CTX" \
    --parallel "$PARALLEL" --queue-depth 64 --max-tokens 1024 2>"$WORK/runtime-host.log" &
rh_pid=$!
trap 'kill $rh_pid 2>/dev/null || true; kill ${ls_pid:-} 2>/dev/null || true' EXIT
wait_health "$PORT_RH"
python3 "$here/load.py" --url "http://127.0.0.1:$PORT_RH" --label runtime-host --max-tokens "$MAX_TOKENS" | tee -a "$OUT"
venv="$root/.venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check jsonschema
"$venv/bin/python" "$here/json_schema_check.py" --url "http://127.0.0.1:$PORT_RH" --count "${JSON_COUNT:-100}" | tee -a "$OUT" || true
kill -INT $rh_pid; wait $rh_pid || true

# 5. llama-server with the same model, threads, per-slot context and slots.
echo "llama-server ..." >&2
"$lserver" -m "$model" --host 127.0.0.1 --port "$PORT_LS" -t "$THREADS" -c $((CTX * PARALLEL)) \
    -np "$PARALLEL" --no-webui 2>"$WORK/llama-server.log" &
ls_pid=$!
wait_health "$PORT_LS"
python3 "$here/load.py" --url "http://127.0.0.1:$PORT_LS" --label llama-server --max-tokens "$MAX_TOKENS" | tee -a "$OUT"
kill $ls_pid; wait $ls_pid 2>/dev/null || true

# 6. Summary with ratios.
python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
bench = {r["test"]: r["tok_s"] for r in rows if r.get("server") == "llama-bench"}
load = {(r["server"], r["concurrency"]): r for r in rows if "concurrency" in r}
tg = next((v for k, v in bench.items() if k.startswith("tg")), None)
pp = bench.get("pp512")
print("\n| metric | runtime-host | llama.cpp | ratio |\n|---|---|---|---|")
rh1 = load.get(("runtime-host", 1)); ls1 = load.get(("llama-server", 1))
if rh1 and tg:
    print(f"| generation tok/s, 1 request vs llama-bench tg | {rh1['gen_tok_s_per_request_median']:.1f} | {tg:.1f} | {rh1['gen_tok_s_per_request_median']/tg:.2f} |")
if rh1 and ls1:
    print(f"| generation tok/s, 1 request vs llama-server | {rh1['gen_tok_s_per_request_median']:.1f} | {ls1['gen_tok_s_per_request_median']:.1f} | {rh1['gen_tok_s_per_request_median']/ls1['gen_tok_s_per_request_median']:.2f} |")
    print(f"| prompt tok/s (short chat prompt) | {rh1['prompt_tok_s_median']:.1f} | {ls1['prompt_tok_s_median']:.1f} | {rh1['prompt_tok_s_median']/ls1['prompt_tok_s_median']:.2f} |")
if pp:
    print(f"| llama-bench pp512 tok/s | | {pp:.1f} | |")
for c in (1, 4, 8):
    a = load.get(("runtime-host", c)); b = load.get(("llama-server", c))
    if a and b:
        print(f"| aggregate tok/s, {c} concurrent | {a['aggregate_tok_s']:.1f} | {b['aggregate_tok_s']:.1f} | {a['aggregate_tok_s']/b['aggregate_tok_s']:.2f} |")
        print(f"| median TTFT ms, {c} concurrent | {a['ttft_ms_median']:.0f} | {b['ttft_ms_median']:.0f} | |")
js = next((r for r in rows if "json_schema_valid" in r), None)
if js:
    print(f"| JSON-schema answers valid | {js['json_schema_valid']}/{js['json_schema_total']} | | |")
PY
