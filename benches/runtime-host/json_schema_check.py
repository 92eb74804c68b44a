#!/usr/bin/env python3
"""Sends 100 JSON-schema-constrained requests and validates every answer (needs `jsonschema`).

    json_schema_check.py --url http://127.0.0.1:8081 [--count 100]
Exits non-zero unless every answer parses and validates.
"""
import argparse
import json
import sys
import urllib.request

import jsonschema

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 60},
        "age": {"type": "integer"},
        "email": {"type": "string", "maxLength": 80},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 20}, "minItems": 1, "maxItems": 4},
        "role": {"enum": ["admin", "user", "guest"]},
        "active": {"type": "boolean"},
        "score": {"anyOf": [{"type": "number"}, {"type": "null"}]},
        "address": {
            "type": "object",
            "properties": {"city": {"type": "string", "maxLength": 40}, "zip": {"type": "string", "maxLength": 10}},
            "required": ["city"],
            "additionalProperties": False,
        },
    },
    "required": ["name", "age", "tags", "role", "active", "address"],
    "additionalProperties": False,
}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--key", default="")
    args = p.parse_args()
    ok = 0
    for i in range(args.count):
        body = {
            "messages": [{"role": "user", "content": f"Invent a user profile number {i} as JSON."}],
            "max_tokens": 400,
            "temperature": 0.8,
            "seed": i,
            "response_format": {"type": "json_schema", "json_schema": {"name": "profile", "schema": SCHEMA}},
        }
        headers = {"Content-Type": "application/json"}
        if args.key:
            headers["Authorization"] = f"Bearer {args.key}"
        req = urllib.request.Request(args.url + "/v1/chat/completions", json.dumps(body).encode(), headers)
        with urllib.request.urlopen(req, timeout=600) as resp:
            answer = json.load(resp)
        text = answer["choices"][0]["message"]["content"]
        try:
            jsonschema.validate(json.loads(text), SCHEMA)
            ok += 1
        except Exception as e:  # noqa: BLE001 - report and keep counting
            print(f"request {i}: INVALID ({answer['choices'][0]['finish_reason']}): {e}\n{text}", file=sys.stderr)
    print(json.dumps({"json_schema_valid": ok, "json_schema_total": args.count}))
    sys.exit(0 if ok == args.count else 1)


if __name__ == "__main__":
    main()
