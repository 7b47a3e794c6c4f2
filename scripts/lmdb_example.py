#!/usr/bin/env python3
"""Reading vocmine's LMDB database from Python, as a BI job would.

    python3 scripts/lmdb_example.py DB_PATH [RUN_ID]

Needs python3-lmdb (Debian package). Opens the database read-only (it
never blocks the nightly writer), lists the runs, prints the TOP-N and the
alerts of RUN_ID (default: the latest run) and the history of its top
topic. Layout (see pipeline/report/schema.h): named databases whose keys
are text fields joined by a NUL byte and whose values are JSON objects.
"""
import json
import sys

import lmdb


def runs(env):
    """All runs, oldest first: [(run_id, summary dict)]."""
    with env.begin(db=env.open_db(b"runs", create=False)) as txn:
        return [(k.decode(), json.loads(v)) for k, v in txn.cursor()]


def with_prefix(env, name, prefix):
    """Values (decoded JSON) of the keys of database `name` that begin with prefix."""
    out = []
    with env.begin(db=env.open_db(name, create=False)) as txn:
        cur = txn.cursor()
        if cur.set_range(prefix):
            for k, v in cur:
                if not k.startswith(prefix):
                    break
                out.append(json.loads(v))
    return out


def topic_key(topic):
    """Key form of a topic id (keys.h): a non-digit prefix, then 1..12 digits
    zero-padded to 12 ("T7" -> "T000000000007"); other ids unchanged."""
    i = 0
    while i < len(topic) and not "0" <= topic[i] <= "9":
        i += 1
    head, digits = topic[:i], topic[i:]
    if 1 <= len(digits) <= 12 and all("0" <= c <= "9" for c in digits):
        return head + digits.lstrip("0").rjust(12, "0")
    return topic


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: lmdb_example.py DB_PATH [RUN_ID]")
    env = lmdb.open(sys.argv[1], readonly=True, lock=True, max_dbs=16, subdir=True)
    with env.begin() as txn:
        meta = env.open_db(b"meta", txn=txn, create=False)
        version = json.loads(txn.get(b"schema_version", db=meta))
    if version != 1:
        sys.exit("unsupported schema version %s" % version)

    all_runs = runs(env)
    if not all_runs:
        sys.exit("no runs in the database yet")
    print("runs:")
    for run_id, s in all_runs:
        print("  %-20s %6d comments %6d complaints %3d alerts" % (run_id, s["comments"], s["complaints"], s["alerts"]))

    run_id = sys.argv[2] if len(sys.argv) > 2 else all_runs[-1][0]
    prefix = run_id.encode() + b"\0"
    top = with_prefix(env, b"topn", prefix)
    print("\nTOP-%d of run %s:" % (len(top), run_id))
    for row in top:
        print("  %2d. %-40s %5d comments  impact %8.1f  %s" % (row["rank"], row["label"][:40], row["comments"],
                                                              row["impact"], row["trend"]))
    print("\nalerts of run %s:" % run_id)
    for a in with_prefix(env, b"alerts", prefix):
        print("  [%s] %s" % (a["level"], a["message"]))
    if top:
        topic = top[0]["topic"]
        print("\nhistory of topic %s:" % topic)
        for h in with_prefix(env, b"topic_history", topic_key(topic).encode() + b"\0"):
            print("  %-20s rank %2d  %5d comments  share %.4f" % (h["run_id"], h["rank"], h["comments"], h["share"]))


if __name__ == "__main__":
    main()
