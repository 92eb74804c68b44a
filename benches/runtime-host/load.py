#!/usr/bin/env python3
"""Load client for OpenAI-compatible servers (runtime-host or llama-server), stdlib only.

Sends N concurrent streaming chat requests (bounded count) to a loopback server and reports
time to first token, per-request generation rate (from the server's `timings`), and the
aggregate generated tokens per second over the whole wave.

    load.py --url http://127.0.0.1:8081 --concurrency 4 --requests 8 --max-tokens 128
    load.py --url http://127.0.0.1:8081 --concurrency 8 --distinct

Both servers keep a finished request's tokens in its sequence and reuse the shared start of the
next prompt (runtime-host always; llama-server with `cache_prompt`, but for models with
sliding-window layers, such as Gemma 3, it reuses one token at most). The eight prompts repeat
across requests, so later requests can reuse earlier ones' prompts; `--distinct` puts the
request's number first, so no two prompts share more than the chat template's opening.
"""
import argparse
import json
import statistics
import threading
import time
import urllib.request

PROMPTS = [
    "Write a short story about a lighthouse keeper who finds a message in a bottle.",
    "Explain how a bicycle stays upright while moving, in simple terms.",
    "List some ideas for a rainy weekend with children and explain each one.",
    "Describe the water cycle for a school report.",
    "Write a letter to a friend about a trip to the mountains.",
    "Explain the rules of chess to a beginner.",
    "Describe a busy market in the morning.",
    "Write a recipe for a simple vegetable soup and explain the steps.",
]


def one(url, key, i, max_tokens, distinct, out):
    prompt = PROMPTS[i % len(PROMPTS)]
    if distinct:
        prompt = f"Request {i}. {prompt}"
    body = {
        "messages": [{"role": "user", "content": prompt}],
        "max_tokens": max_tokens,
        "temperature": 0.7,
        "seed": i,
        "stream": True,
        "ignore_eos": True,  # both servers: generate exactly max_tokens, so rates compare like for like
    }
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(url + "/v1/chat/completions", json.dumps(body).encode(), headers)
    start = time.perf_counter()
    ttft = None
    timings = None
    n_chunks = 0
    with urllib.request.urlopen(req, timeout=600) as resp:
        for raw in resp:
            line = raw.decode().strip()
            if not line.startswith("data: "):
                continue
            data = line[6:]
            if data == "[DONE]":
                break
            chunk = json.loads(data)
            choices = chunk.get("choices") or [{}]
            if ttft is None and (choices[0].get("delta") or {}).get("content"):
                ttft = time.perf_counter() - start
            n_chunks += 1
            if chunk.get("timings"):
                timings = chunk["timings"]
    out[i] = {"ttft": ttft, "timings": timings, "end": time.perf_counter()}


def wave(url, key, concurrency, requests, max_tokens, distinct):
    out = {}
    t0 = time.perf_counter()
    pending = list(range(requests))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                i = pending.pop(0)
            one(url, key, i, max_tokens, distinct, out)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    gen = sum(r["timings"]["predicted_n"] for r in out.values() if r["timings"])
    return {
        "concurrency": concurrency,
        "requests": requests,
        "wall_s": wall,
        "generated_tokens": gen,
        "distinct_prompts": distinct,
        "cached_prompt_tokens": sum((r["timings"] or {}).get("cache_n", 0) for r in out.values()),
        "aggregate_tok_s": gen / wall,
        "ttft_ms_median": statistics.median(r["ttft"] * 1000 for r in out.values() if r["ttft"]),
        "gen_tok_s_per_request_median": statistics.median(
            r["timings"]["predicted_per_second"] for r in out.values() if r["timings"]
        ),
        "prompt_tok_s_median": statistics.median(
            r["timings"]["prompt_per_second"] for r in out.values() if r["timings"]
        ),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--key", default="")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4, 8])
    p.add_argument("--max-tokens", type=int, default=128)
    p.add_argument("--label", default="server")
    p.add_argument("--distinct", action="store_true", help="no two prompts share their start")
    args = p.parse_args()
    for c in args.concurrency:
        res = wave(args.url, args.key, c, max(c * 2, 4), args.max_tokens, args.distinct)
        res["server"] = args.label
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
