#!/usr/bin/python3
"""Peer of the point-in-time join (issue #20): pandas' merge_asof, as a user writes it by hand.

For each labelled row, the value of its key's latest event strictly before the row's time:
    pd.merge_asof(rows.sort_values("t"), events, on="t", by="key", allow_exact_matches=False)
The data are the same as org.mlengine.bench.PointInTimeJoinBenchmark's, built from the same
integer hash (SplitMix64's finaliser in uint64): events in time order (merge_asof needs both sides
sorted by "on"; the events already are), rows in random order (sorted inside the timed part, as
merge_asof requires), integer keys (pandas' fastest "by"). Times the sort and the join only and
prints `name value` lines like our side: each join's seconds, the median, and the checksum (sum and
count of the values found), which must equal ours.

    /usr/bin/python3 mlengine-bench/peers/merge_asof.py [rows] [events] [keys] [reps]
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd


def mix(x):
    with np.errstate(over="ignore"):
        z = x.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z ^= z >> np.uint64(31)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
    return z


def data(rows, events, keys):
    names = keys + keys // 100
    i = np.arange(events, dtype=np.uint64)
    h = mix(i)
    ev = pd.DataFrame({
        "key": (h % np.uint64(keys)).astype(np.int64),
        "t": (i * np.uint64(10)).astype(np.int64),
        "value": ((h >> np.uint64(20)) % np.uint64(1000)).astype(np.float64) / 8.0,
    })
    j = np.arange(rows, dtype=np.uint64)
    lab = pd.DataFrame({
        "key": (mix(j + np.uint64(1 << 40)) % np.uint64(names)).astype(np.int64),
        "t": (mix(j + np.uint64(1 << 41)) % np.uint64(10 * events)).astype(np.int64),
    })
    return lab, ev


def join(lab, ev):
    return pd.merge_asof(lab.sort_values("t"), ev, on="t", by="key", allow_exact_matches=False)


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    keys = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    reps = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    lab, ev = data(rows, events, keys)
    seconds = []
    out = None
    for r in range(-1, reps):
        start = time.perf_counter()
        out = join(lab, ev)
        s = time.perf_counter() - start
        if r >= 0:
            seconds.append(s)
            print("join_s %.4f" % s)
    assert len(out) == rows
    found = out["value"].notna()
    print("median_s %.4f" % sorted(seconds)[reps // 2])
    print("checksum %.3f %d" % (out["value"][found].sum(), int(found.sum())))


if __name__ == "__main__":
    main()
