#!/usr/bin/python3
"""Point-in-time join at scale (issue #20): FeatureView.join against pandas' merge_asof.

1,000,000 labelled rows against 10,000,000 events over 10,000 keys (1% of the rows' keys have no
events): for each row, the value of its key's latest event strictly before the row's time. Our
side is org.mlengine.bench.PointInTimeJoinBenchmark (a view with one lag(1) window), the peer is
peers/merge_asof.py (merge_asof(..., by="key", allow_exact_matches=False)); both build the same
data from the same integer hash and time the join alone (pandas: the sort merge_asof needs, then
the join; ours: the events' sort by entity and time, then the join). Each turn runs both, one
after the other in fresh processes (the order alternating turn by turn), each doing one warm-up
join and REPS timed joins; prints each turn's medians and their ratio, then the medians over the
turns, and checks that both sides' checksums agree. Ratio = pandas seconds / ours (above 1: ours
is faster).

    mvn -B -q -DskipTests -pl mlengine-bench -am package
    /usr/bin/python3 mlengine-bench/pit_join.py [--rows 1000000] [--events 10000000] [--keys 10000]
        [--turns 5] [--reps 3] [--classpath FILE]
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures = {}
    for line in out.splitlines():
        name, _, value = line.partition(" ")
        figures.setdefault(name, []).append(value)
    return float(figures["median_s"][0]), figures["checksum"][0]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--events", type=int, default=10_000_000)
    p.add_argument("--keys", type=int, default=10_000)
    p.add_argument("--turns", type=int, default=5)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--classpath", default=os.path.join(HERE, "target", "classpath.txt"),
                   help="a file holding our side's class path (without target/classes, which is added when it exists beside it)")
    a = p.parse_args()
    with open(a.classpath) as f:
        classpath = f.read().strip()
    classes = os.path.join(os.path.dirname(os.path.abspath(a.classpath)), "classes")
    if os.path.isdir(classes):
        classpath += os.pathsep + classes
    sizes = [str(a.rows), str(a.events), str(a.keys), str(a.reps)]
    ours_cmd = ["java", "-Xmx6g", "-cp", classpath, "org.mlengine.bench.PointInTimeJoinBenchmark"] + sizes
    peer_cmd = ["/usr/bin/python3", os.path.join(HERE, "peers", "merge_asof.py")] + sizes
    ours, peer, ratios = [], [], []
    for turn in range(a.turns):
        load = os.getloadavg()[0]
        if turn % 2 == 0:
            o, oc = run(ours_cmd)
            q, qc = run(peer_cmd)
        else:
            q, qc = run(peer_cmd)
            o, oc = run(ours_cmd)
        if oc != qc:
            sys.exit("checksums differ: ours %s, pandas %s" % (oc, qc))
        ours.append(o)
        peer.append(q)
        ratios.append(q / o)
        print("turn %d (load %.1f): ours %.3f s, pandas %.3f s, pandas/ours %.2f, checksum %s"
              % (turn + 1, load, o, q, q / o, oc), flush=True)
    print("medians over %d turns: ours %.3f s, pandas %.3f s, pandas/ours %.2f (turn by turn), load now %.1f"
          % (a.turns, statistics.median(ours), statistics.median(peer), statistics.median(ratios), os.getloadavg()[0]))


if __name__ == "__main__":
    main()
