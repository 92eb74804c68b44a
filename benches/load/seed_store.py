#!/usr/bin/env python3
"""Grow a Spin SQLite key-value store to a data size by cloning records it already holds.

    seed_store.py DB --keys 100000 --audit 1000000 --conversations 10000 [--messages 4]
    seed_store.py DB --grow-conversation 1000

DB is the file `spin up` keeps in its state directory (`sqlite_key_value.db`, table
`spin_key_value(store, key, value)`). It must already hold, from real requests, one API
key record (`key:*`), one audit record (`audit:0...`) and one conversation with its
messages: each is the template its clones copy, with a new id. Clones belong to other
keys (owners), so they are data the benched requests never read directly: what they
measure is whether a request's cost grows with the size of the store. Counters are written
in Spin's SQLite encoding (8-byte little-endian integers).
"""

import argparse
import json
import sqlite3
import struct
import time

STORE = "default"


def counter(n: int) -> bytes:
    return struct.pack("<q", n)


def read_counter(value: bytes) -> int:
    return struct.unpack("<q", value)[0] if len(value) == 8 else int(value)


def one(db, pattern: str):
    row = db.execute(
        "SELECT key, value FROM spin_key_value WHERE store = ? AND key GLOB ? ORDER BY key LIMIT 1",
        (STORE, pattern),
    ).fetchone()
    if row is None:
        raise SystemExit(f"seed_store: no '{pattern}' record to clone; make one by a request first")
    return row[0], row[1]


def put_many(db, rows):
    db.executemany(
        "INSERT OR REPLACE INTO spin_key_value (store, key, value) VALUES (?, ?, ?)",
        ((STORE, k, v) for k, v in rows),
    )


def seed_keys(db, n: int):
    _, value = one(db, "key:*")
    template = json.loads(value)
    id_field = "id" if "id" in template else None

    def rows():
        for i in range(n):
            kid = f"seed{i:08d}"
            record = dict(template)
            if id_field:
                record[id_field] = kid
            yield f"key:{kid}", json.dumps(record, separators=(",", ":")).encode()

    put_many(db, rows())


def seed_audit(db, n: int):
    _, value = one(db, "audit:0*")
    template = json.loads(value)
    head_row = db.execute(
        "SELECT value FROM spin_key_value WHERE store = ? AND key = 'audit:seq'", (STORE,)
    ).fetchone()
    head = read_counter(head_row[0]) if head_row else 0
    now_ms = int(time.time() * 1000)
    # The clones go after the records already there, the newest one second ago, a
    # second apart going back (all inside any retention of a day or more).
    start = head + 1

    def rows():
        for i in range(n):
            seq = start + i
            at_ms = now_ms - (n - i) * 1000
            record = dict(template)
            record["at_ms"] = at_ms
            record["at"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(at_ms / 1000)) + "Z"
            record["request_id"] = f"seed-{seq}"
            yield f"audit:{seq:020d}", json.dumps(record, separators=(",", ":")).encode()

    put_many(db, rows())
    put_many(db, [("audit:seq", counter(head + n))])


def seed_conversations(db, n: int, messages: int):
    key, value = one(db, "conv:conv_*")
    conv_id = key.split(":", 1)[1].split(":")[0]
    template = json.loads(db.execute(
        "SELECT value FROM spin_key_value WHERE store = ? AND key = ?", (STORE, f"conv:{conv_id}")
    ).fetchone()[0])
    _, message = one(db, f"conv:{conv_id}:msg:*")
    message = json.loads(message)

    def rows():
        for i in range(n):
            cid = f"conv_seed{i:08d}"
            owner = f"seed{i % 1000:08d}"
            slot = i // 1000 + 1
            record = dict(template, id=cid, owner=owner, index=slot)
            yield f"conv:{cid}", json.dumps(record, separators=(",", ":")).encode()
            yield f"conv:{cid}:seq", counter(messages)
            for m in range(1, messages + 1):
                yield f"conv:{cid}:msg:{m}", json.dumps(dict(message, seq=m), separators=(",", ":")).encode()
            yield f"conv:index:{owner}:{slot}", json.dumps(cid).encode()
        for o in range(min(n, 1000)):
            yield f"conv:index:seed{o:08d}:seq", counter((n - o - 1) // 1000 + 1)

    put_many(db, rows())


def grow_conversation(db, n: int):
    """Give the first conversation (the bench's own) n messages, copies of its first."""
    key, _ = one(db, "conv:conv_*")
    conv_id = key.split(":", 1)[1].split(":")[0]
    _, message = one(db, f"conv:{conv_id}:msg:*")
    message = json.loads(message)
    put_many(db, ((f"conv:{conv_id}:msg:{m}",
                   json.dumps(dict(message, seq=m), separators=(",", ":")).encode())
                  for m in range(1, n + 1)))
    put_many(db, [(f"conv:{conv_id}:seq", counter(n))])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--keys", type=int, default=0)
    ap.add_argument("--audit", type=int, default=0)
    ap.add_argument("--conversations", type=int, default=0)
    ap.add_argument("--messages", type=int, default=4)
    ap.add_argument("--grow-conversation", type=int, default=0,
                    help="give the first conversation this many messages")
    args = ap.parse_args()
    db = sqlite3.connect(args.db)
    with db:
        if args.keys:
            seed_keys(db, args.keys)
        if args.audit:
            seed_audit(db, args.audit)
        if args.conversations:
            seed_conversations(db, args.conversations, args.messages)
        if args.grow_conversation:
            grow_conversation(db, args.grow_conversation)
    rows = db.execute("SELECT count(*) FROM spin_key_value").fetchone()[0]
    print(f"seed_store: {args.db} holds {rows} keys")


if __name__ == "__main__":
    main()
