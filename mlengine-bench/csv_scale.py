#!/usr/bin/python3
"""CSV read at scale (issue #15): mlengine's Table.readCsv against pandas' read_csv.

Writes credit-shaped CSV files (the columns of shared/data/credit_data.csv: five quoted
categorical columns, eight integer columns and one decimal column with 10% NA) of 10k, 100k,
1M and 4M rows, then for each size runs pandas and mlengine alternately, ROUNDS times each:
pandas reads the file in this process (time of read_csv alone); mlengine reads it in a fresh
JVM (org.mlengine.bench.CsvScaleBenchmark), which reports its first read (cold, JIT included)
and the median of the next reads (warm). peak/table is the most heap left after any collection
during a read over the finished table's heap (an upper bound: dead objects in the old generation
count too); --heap F instead reads once under -Xmx = F x the table and says whether it fits. Prints MB/s (file bytes / seconds), medians over the
rounds, and the ratio ours / pandas (above 1 means faster than pandas).

    mvn -B -q -DskipTests -pl mlengine-bench -am package
    /usr/bin/python3 mlengine-bench/csv_scale.py [--rows 10000,100000,1000000,4000000] [--rounds 5] [--heap 1.5]

Run with Debian's /usr/bin/python3 (python3-pandas).
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def write(path, rows, seed=15):
    """A credit-shaped file; the same seed and rows always give the same bytes."""
    rng = np.random.default_rng(seed)

    def pick(values, p=None):
        return np.array(['"%s"' % v for v in values])[rng.choice(len(values), rows, p=p)]

    income = np.round(rng.gamma(2.0, 70.0, rows), 1).astype(str)
    income[rng.random(rows) < 0.1] = "NA"
    cols = {
        "Status": pick(["good", "bad"], [0.72, 0.28]),
        "Seniority": rng.integers(0, 48, rows).astype(str),
        "Home": pick(["owner", "rent", "parents", "priv", "other", "ignore"]),
        "Time": rng.choice([12, 24, 36, 48, 60, 72], rows).astype(str),
        "Age": rng.integers(18, 70, rows).astype(str),
        "Marital": pick(["married", "single", "widow", "separated", "divorced"]),
        "Records": pick(["no", "yes"], [0.83, 0.17]),
        "Job": pick(["fixed", "freelance", "partime", "others"]),
        "Expenses": rng.integers(35, 180, rows).astype(str),
        "Income": income,
        "Assets": (rng.integers(0, 300, rows) * 1000).astype(str),
        "Debt": rng.integers(0, 30000, rows).astype(str),
        "Amount": (rng.integers(1, 50, rows) * 100).astype(str),
        "Price": rng.integers(100, 11000, rows).astype(str),
    }
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join('"%s"' % c for c in cols) + "\n")
        block = 200_000
        arrays = list(cols.values())
        for start in range(0, rows, block):
            stop = min(rows, start + block)
            lines = [",".join(parts) for parts in zip(*(a[start:stop] for a in arrays))]
            f.write("\n".join(lines) + "\n")


def pandas_read(path):
    start = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - start
    assert len(frame) > 0
    return seconds


def ours_read(path, java, classpath, warm):
    out = subprocess.run(
        java + ["-cp", classpath, "org.mlengine.bench.CsvScaleBenchmark", path, str(warm)],
        check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines() if line.strip())}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", default="10000,100000,1000000,4000000")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warm", type=int, default=3, help="warm reads per JVM after the cold one")
    p.add_argument("--dir", default="/tmp/mlengine-csv-scale")
    p.add_argument("--java", default="java -Xmx8g -XX:+UseParallelGC")
    p.add_argument("--heap", type=float, default=0,
                   help="also read once under -Xmx = HEAP x the finished table's bytes (e.g. 1.5)")
    args = p.parse_args()

    bench = os.path.join(HERE, "target")
    with open(os.path.join(bench, "classpath.txt")) as f:
        classpath = f.read().strip() + os.pathsep + os.path.join(bench, "classes")
    os.makedirs(args.dir, exist_ok=True)
    print("rows  MB  pandas_MB/s  ours_warm_MB/s  ours_cold_MB/s  ratio_warm  ratio_cold  "
          "peak/table  (medians of %d rounds, alternating)" % args.rounds)
    for rows in (int(r) for r in args.rows.split(",")):
        path = os.path.join(args.dir, "credit_%d.csv" % rows)
        if not os.path.exists(path):
            write(path, rows)
        mb = os.path.getsize(path) / 1e6
        peer, warm, cold, peak = [], [], [], []
        for _ in range(args.rounds):
            peer.append(mb / pandas_read(path))
            o = ours_read(path, args.java.split(), classpath, args.warm)
            warm.append(mb / o["warm_s"])
            cold.append(mb / o["cold_s"])
            peak.append(o["read_peak_bytes"] / o["table_bytes"])
        m = statistics.median
        print("%d  %.1f  %.1f  %.1f  %.1f  %.2f  %.2f  %.2f" % (
            rows, mb, m(peer), m(warm), m(cold), m(warm) / m(peer), m(cold) / m(peer), m(peak)))
        if args.heap and o["table_bytes"] < 64 * 2**20:
            print("    heap: not probed (a table under 64 MB is within the JVM's own heap use)")
        elif args.heap:
            # The real test of the read's peak: a heap of HEAP_FACTOR x the finished table, all
            # of the JVM's own heap use included, must be enough.
            table = o["table_bytes"]
            java = [a for a in args.java.split() if not a.startswith("-Xmx")]
            xmx = "-Xmx%dm" % int(args.heap * table / 2**20)
            try:
                ours_read(path, java[:1] + [xmx] + java[1:], classpath, 0)
                verdict = "reads"
            except subprocess.CalledProcessError:
                verdict = "FAILS"
            print("    heap: %s under %s (%.2f x the %d MB table)" % (verdict, xmx, args.heap, table / 2**20))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
