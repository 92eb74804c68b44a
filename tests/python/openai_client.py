"""Drives edgecrew's OpenAI-compatible API with the official `openai` package, unmodified.

The end-to-end suite (tests/tests/e2e_openai.rs) runs this script and asserts on the JSON
it prints, one document per run:

    openai_client.py --base-url URL --api-key KEY models
    openai_client.py --base-url URL --api-key KEY chat --model writer [--stream]
        [--include-usage] [--json-schema] [--max-tokens N] [--seed N] [--n N] [--prompt TEXT]

`chat` prints the content, finish reason, usage, edgecrew's provenance object and the
provider headers; a stream's content is the concatenation of its deltas. An API error
prints {"error": <exception class>, "status", "body"} and exits 0, so the caller can
assert on the exception the client raised; anything else exits non-zero.
"""

import argparse
import json
import sys

import openai

# Bounded throughout (an enum, an integer), so that any model's longest answer under the
# grammar fits the token budget the tests give it.
GREETING_SCHEMA = {
    "type": "object",
    "properties": {
        "greeting": {"type": "string", "enum": ["hello", "hi", "welcome"]},
        "count": {"type": "integer"},
    },
    "required": ["greeting", "count"],
    "additionalProperties": False,
}


def provider_headers(headers):
    return {
        name: headers.get(name)
        for name in ("x-edgecrew-provider", "x-edgecrew-fallback-reason", "x-request-id")
    }


def chat(client, args):
    request = {
        "model": args.model,
        "messages": [
            {"role": "system", "content": "Answer in one short sentence."},
            {"role": "user", "content": args.prompt},
        ],
        "max_tokens": args.max_tokens,
    }
    if args.seed is not None:
        request["seed"] = args.seed
    if args.n is not None:
        request["n"] = args.n
    if args.json_schema:
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "greeting", "strict": True, "schema": GREETING_SCHEMA},
        }
    if not args.stream:
        raw = client.chat.completions.with_raw_response.create(**request)
        completion = raw.parse()
        choice = completion.choices[0]
        return {
            "object": completion.object,
            "model": completion.model,
            "content": choice.message.content,
            "role": choice.message.role,
            "finish_reason": choice.finish_reason,
            "usage": completion.usage.model_dump() if completion.usage else None,
            "edgecrew": (completion.model_extra or {}).get("edgecrew"),
            "headers": provider_headers(raw.headers),
        }
    request["stream"] = True
    if args.include_usage:
        request["stream_options"] = {"include_usage": True}
    raw = client.chat.completions.with_raw_response.create(**request)
    content, finish_reason, usage, edgecrew, chunks, roles = "", None, None, None, 0, []
    for chunk in raw.parse():
        chunks += 1
        assert chunk.object == "chat.completion.chunk", chunk
        if chunk.usage is not None:
            usage = chunk.usage.model_dump()
        extra = (chunk.model_extra or {}).get("edgecrew")
        if extra is not None:
            edgecrew = extra
        for choice in chunk.choices:
            if choice.delta.role:
                roles.append(choice.delta.role)
            content += choice.delta.content or ""
            finish_reason = choice.finish_reason or finish_reason
    return {
        "content": content,
        "chunks": chunks,
        "roles": roles,
        "finish_reason": finish_reason,
        "usage": usage,
        "edgecrew": edgecrew,
        "headers": provider_headers(raw.headers),
    }


def models(client, _args):
    return {"ids": [m.id for m in client.models.list()]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("models")
    c = sub.add_parser("chat")
    c.add_argument("--model", required=True)
    c.add_argument("--prompt", default="Say hello to the team.")
    c.add_argument("--stream", action="store_true")
    c.add_argument("--include-usage", action="store_true")
    c.add_argument("--json-schema", action="store_true")
    c.add_argument("--max-tokens", type=int, default=16)
    c.add_argument("--seed", type=int)
    c.add_argument("--n", type=int)
    args = parser.parse_args()
    client = openai.OpenAI(
        base_url=args.base_url.rstrip("/") + "/v1",
        api_key=args.api_key,
        max_retries=0,
        timeout=60,
    )
    try:
        result = {"models": models, "chat": chat}[args.command](client, args)
    except openai.APIStatusError as e:
        result = {"error": type(e).__name__, "status": e.status_code, "body": e.body}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
