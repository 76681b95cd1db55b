#!/usr/bin/python3
"""Fit at scale (issue #15): mlengine's Pipeline.fit against scikit-learn / xgboost.

    mvn -B -q -DskipTests -pl mlengine-bench -am package
    /usr/bin/python3 mlengine-bench/fit_scale.py [--rows 10000,100000,1000000,4000000]
        [--ops logistic,cart,forest,xgboost] [--rounds 3] [--cap 60] [--trees 100] [--heap 8g]
        [--warmups 1] [--baseline OTHER_CLASSPATH_FILE]

Run with Debian's /usr/bin/python3 (python3-sklearn, python3-pandas, python3-xgboost).

Writes credit-shaped CSV files (the 14 columns of shared/data/credit_data.csv: four categorical
columns, nine numeric ones with missing Income and Assets) of each size once, seeded, whose
target Status depends on the features: a logistic function of a few columns plus an
interaction (single and young), a product of two columns (Amount over 80% of Price) and a
threshold effect (Income under 70), so linear models and trees both learn something. Then, for
each size and operation, runs the peer (in this process) and ours (a fresh JVM per round,
org.mlengine.bench.FitScaleBenchmark) alternately, ROUNDS times each, on the same file:

    logistic  one-hot + mean impute + standardize + logistic regression
    cart      one-hot + mean impute + CART depth 8, at least 5 rows a leaf
    forest    one-hot + mean impute + random forest, TREES trees of depth 10, 5 rows a leaf, half the features a split
    xgboost   one-hot + mean impute + XGBoost, 100 trees of depth 6 (peer: tree_method hist, n_jobs 2)

Both train on the same 80% of the rows and report the ROC AUC on the same held-out 20%: ours
splits stratified with seed 42 (FitScaleBenchmark FILE held-out OUT writes which rows it holds
out) and the peer takes those rows as its test part.
Reading the file is timed on neither side. Ours: fit = the whole Pipeline.fit (checks, audit,
evaluation with its default intervals, bundle...), cpu = the CPU seconds of the whole JVM during
that fit (every thread: the JIT compiler's and the collector's too), train = its train phase (the
trainer alone, PipelineResult.timings()), eval and audit phases, peak = the most heap after any
collection during the fit less the heap before it (table loaded). Peer: fit = Pipeline.fit of the
ColumnTransformer and the model (its cpu: the process's CPU seconds meanwhile), model = the model's
fit alone on the transformed matrix. Ratios are ours / peer in seconds (above 1: ours is slower):
r_fit the whole fits, r_cpu their CPU seconds, r_work the part of ours that does what the peer's
fit does (the steps, the matrix and the trainer: features + train phases) against the peer's fit,
r_train the trainers alone. Growth is the exponent k in time ~ rows^k between this size and the
one before (for the forest, time per tree).

Each of our fits runs in a fresh JVM after WARMUPS fits of the same pipeline on (at most) 10,000 of
the rows (default 1: a service's second fit; after one warm-up most of a 10,000-row fit still runs
interpreted, see FitScaleBenchmark). --baseline FILE runs a second build beside ours in every
round (order alternating): FILE holds the class path of that build's jars (as target/classpath.txt
does); this build's benchmark classes come first, so both sides run the same harness. Its rows are
labelled "base", followed by new/base, the medians of the per-round ratios of fit and cpu.

Once a run of an operation takes more than CAP seconds (or the last size's median times the growth
in rows, and in trees for the forest, would exceed 2 x CAP), its larger sizes are skipped. --trees
takes one number or one per size (e.g. 100,100,30,10) and applies to both forests.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORICAL = ["Home", "Marital", "Records", "Job"]
NUMERIC = ["Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"]
OPS = ["logistic", "cart", "forest", "xgboost"]


def write(path, rows, seed=15):
    """A credit-shaped file whose target depends on the features; the same seed and rows give the same bytes."""
    rng = np.random.default_rng(seed)

    def pick(values, p=None):
        return np.array(values)[rng.choice(len(values), rows, p=p)]

    seniority = rng.integers(0, 48, rows)
    home = pick(["owner", "rent", "parents", "priv", "other", "ignore"], [0.45, 0.22, 0.18, 0.07, 0.06, 0.02])
    time_ = rng.choice([12, 24, 36, 48, 60, 72], rows)
    age = rng.integers(18, 70, rows)
    marital = pick(["married", "single", "widow", "separated", "divorced"], [0.6, 0.25, 0.05, 0.05, 0.05])
    records = pick(["no", "yes"], [0.83, 0.17])
    job = pick(["fixed", "freelance", "partime", "others"], [0.6, 0.2, 0.1, 0.1])
    expenses = rng.integers(35, 180, rows)
    income = np.round(rng.gamma(2.0, 70.0, rows), 1)
    income_missing = rng.random(rows) < 0.1
    assets = rng.integers(0, 300, rows) * 1000.0
    assets_missing = rng.random(rows) < 0.05
    debt = rng.integers(0, 30000, rows)
    amount = rng.integers(1, 50, rows) * 100
    price = rng.integers(100, 11000, rows)
    z = -2.95 + 1.5 * (
         1.3 * (records == "yes")
         - 0.035 * (seniority - 20)
         + 0.7 * np.isin(job, ["partime", "freelance"])
         + 0.6 * np.isin(home, ["rent", "other"])
         + 0.9 * ((marital == "single") & (age < 30))          # interaction
         + 0.8 * (amount > 0.8 * price)                          # two columns together
         + np.where(income_missing, 0.6, 1.2 * (income < 70))    # threshold
         + 0.01 * (expenses - 100)
         - 0.3 * (assets > 100_000))
    bad = rng.random(rows) < 1 / (1 + np.exp(-z))
    inc = income.astype(str)
    inc[income_missing] = "NA"
    ast = assets.astype(np.int64).astype(str)
    ast[assets_missing] = "NA"
    q = lambda a: np.char.add(np.char.add('"', a), '"')
    cols = {
        "Status": q(np.where(bad, "bad", "good")), "Seniority": seniority.astype(str), "Home": q(home),
        "Time": time_.astype(str), "Age": age.astype(str), "Marital": q(marital), "Records": q(records), "Job": q(job),
        "Expenses": expenses.astype(str), "Income": inc, "Assets": ast, "Debt": debt.astype(str),
        "Amount": amount.astype(str), "Price": price.astype(str),
    }
    with open(path + ".part", "w", encoding="utf-8", newline="") as f:
        f.write(",".join('"%s"' % c for c in cols) + "\n")
        arrays = list(cols.values())
        for start in range(0, rows, 200_000):
            stop = min(rows, start + 200_000)
            f.write("\n".join(",".join(parts) for parts in zip(*(a[start:stop] for a in arrays))) + "\n")
    os.replace(path + ".part", path)


def peer_model(op, trees):
    if op == "logistic":
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(max_iter=1000)
    if op == "cart":
        from sklearn.tree import DecisionTreeClassifier
        return DecisionTreeClassifier(max_depth=8, min_samples_leaf=5, random_state=42)
    if op == "forest":
        from sklearn.ensemble import RandomForestClassifier
        return RandomForestClassifier(n_estimators=trees, max_depth=10, min_samples_leaf=5, max_features=0.5, n_jobs=2,
                                      random_state=42)
    import xgboost
    return xgboost.XGBClassifier(n_estimators=100, max_depth=6, tree_method="hist", n_jobs=2, random_state=42)


def peer_fit(frame, op, trees, held_out):
    """The peer's fit on the training rows (pipeline and model alone, in seconds) and its AUC on held_out (a boolean mask)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    y = (frame["Status"] == "bad").astype(int).to_numpy()
    x = frame.drop(columns="Status")
    x_train, x_test, y_train, y_test = x[~held_out], x[held_out], y[~held_out], y[held_out]
    numeric = [("imp", SimpleImputer())] + ([("sc", StandardScaler())] if op == "logistic" else [])
    pre = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
                             ("num", Pipeline(numeric), NUMERIC)])
    model = peer_model(op, trees)
    start, start_cpu = time.perf_counter(), time.process_time()
    features = pre.fit_transform(x_train)
    middle = time.perf_counter()
    model.fit(features, y_train)
    stop, stop_cpu = time.perf_counter(), time.process_time()
    auc = roc_auc_score(y_test, model.predict_proba(pre.transform(x_test))[:, 1])
    return {"fit_s": stop - start, "fit_cpu_s": stop_cpu - start_cpu, "model_s": stop - middle, "auc": auc}


def held_out_rows(path, rows, java, classpath):
    """The rows our fit holds out of the file, as a boolean mask."""
    out = path + ".held-out"
    subprocess.run(java + ["-cp", classpath, "org.mlengine.bench.FitScaleBenchmark", path, "held-out", out], check=True,
                   capture_output=True, text=True)
    mask = np.zeros(rows, dtype=bool)
    with open(out) as f:
        mask[[int(line) for line in f if line.strip()]] = True
    return mask


def ours_fit(path, op, trees, java, classpath, timeout, warmups):
    out = subprocess.run(java + ["-cp", classpath, "org.mlengine.bench.FitScaleBenchmark", path, op, str(trees), str(warmups)],
                         check=True, capture_output=True, text=True, timeout=timeout).stdout
    return {k: float(v) for k, v in (line.split() for line in out.splitlines() if line.strip())}


def growth(times, rows, i):
    if i == 0 or times[i - 1] is None or times[i] is None:
        return "-"
    return "%.2f" % (math.log(times[i] / times[i - 1]) / math.log(rows[i] / rows[i - 1]))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", default="10000,100000,1000000,4000000")
    p.add_argument("--ops", default=",".join(OPS))
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cap", type=float, default=60, help="seconds; skip an operation's larger sizes once a run takes longer")
    p.add_argument("--trees", default="100", help="the forests' trees: one number, or one per size")
    p.add_argument("--heap", default="8g", help="the JVM's -Xmx")
    p.add_argument("--dir", default="/tmp/mlengine-fit-scale")
    p.add_argument("--warmups", type=int, default=1, help="warm-up fits on (at most) 10,000 rows before each timed fit of ours")
    p.add_argument("--baseline", help="a file holding another build's class path, run beside ours in every round")
    args = p.parse_args()
    if args.warmups < 0:
        p.error("--warmups %d: give 0 or more" % args.warmups)
    sizes = [int(r) for r in args.rows.split(",")]
    ops = args.ops.split(",")
    unknown = [o for o in ops if o not in OPS]
    if unknown:
        p.error("--ops %s: unknown %s; choose from %s" % (args.ops, unknown, ",".join(OPS)))
    trees = [int(t) for t in args.trees.split(",")]
    if len(trees) not in (1, len(sizes)):
        p.error("--trees %s: give one number or one per size (%d sizes)" % (args.trees, len(sizes)))
    trees = trees * len(sizes) if len(trees) == 1 else trees

    bench = os.path.join(HERE, "target")
    with open(os.path.join(bench, "classpath.txt")) as f:
        classpath = f.read().strip() + os.pathsep + os.path.join(bench, "classes")
    base_classpath = None
    if args.baseline:
        with open(args.baseline) as f:
            base_classpath = os.path.join(bench, "classes") + os.pathsep + f.read().strip()
    java = ["java", "-Xmx" + args.heap, "-XX:+UseParallelGC"]
    os.makedirs(args.dir, exist_ok=True)
    m = statistics.median
    print("medians of %d alternating rounds; times in s; ratio = ours / peer (above 1: ours slower); growth = k in t ~ rows^k;"
          " %d warm-up fit(s); load average at the start %.1f (the machine may be shared: compare ratios)"
          % (args.rounds, args.warmups, os.getloadavg()[0]))
    print("%-14s %8s | %8s %8s %8s %8s %8s %8s | %8s %8s %8s | %6s %6s %6s %6s | %6s %6s %7s | %6s %6s" % (
        "op", "rows", "fit", "cpu", "train", "eval", "audit", "peakMB", "peer_fit", "peer_cpu", "peer_mdl", "r_fit", "r_cpu",
        "r_work", "r_train", "auc", "p_auc", "d_auc", "g_ours", "g_peer"))
    for op in ops:
        ours_t, peer_t, skip = [None] * len(sizes), [None] * len(sizes), None
        for i, rows in enumerate(sizes):
            label = "%-14s %8d |" % (op, rows)
            if skip:
                print(label + " skipped (> cap: %s)" % skip)
                continue
            path = os.path.join(args.dir, "credit_%d.csv" % rows)
            if not os.path.exists(path):
                write(path, rows)
            frame = pd.read_csv(path)
            held_out = held_out_rows(path, rows, java, classpath)
            peer, ours, base = [], [], []
            timeout = max(600, 4 * args.cap)
            try:
                for r in range(args.rounds):
                    peer.append(peer_fit(frame, op, trees[i], held_out))
                    sides = [(ours, classpath), (base, base_classpath)] if base_classpath else [(ours, classpath)]
                    for runs, cp in (sides if r % 2 == 0 else sides[::-1]):
                        runs.append(ours_fit(path, op, trees[i], java, cp, timeout, args.warmups))
            except subprocess.TimeoutExpired:
                print(label + " ours ran out of time (> %d s)" % max(600, 4 * args.cap))
                skip = "a run timed out"
                continue
            del frame
            med = lambda runs, key: m(r[key] for r in runs)
            # The forest's growth compares time per tree when --trees differs between sizes.
            per_tree = lambda t: [x if x is None or op != "forest" else x / n for x, n in zip(t, trees)]
            ours_t[i], peer_t[i] = med(ours, "fit_s"), med(peer, "fit_s")

            def row(runs, name, g_ours):
                work = m(r["phase.features_s"] + r["phase.train_s"] for r in runs)
                print("%-14s %8d | %8.3f %8.3f %8.3f %8.3f %8.3f %8.0f | %8.3f %8.3f %8.3f | %6.2f %6.2f %6.2f %6.2f | %6.4f %6.4f %+7.4f"
                      " | %6s %6s" % (
                          name, rows, med(runs, "fit_s"), med(runs, "fit_cpu_s"), med(runs, "phase.train_s"),
                          med(runs, "phase.evaluate_s"), med(runs, "phase.audit_s"), med(runs, "fit_peak_bytes") / 2**20,
                          peer_t[i], med(peer, "fit_cpu_s"), med(peer, "model_s"),
                          med(runs, "fit_s") / peer_t[i], med(runs, "fit_cpu_s") / med(peer, "fit_cpu_s"), work / peer_t[i],
                          med(runs, "phase.train_s") / med(peer, "model_s"),
                          med(runs, "auc"), med(peer, "auc"), med(runs, "auc") - med(peer, "auc"),
                          g_ours, growth(per_tree(peer_t), sizes, i)))

            row(ours, op, growth(per_tree(ours_t), sizes, i))
            if base:
                row(base, op + "(base)", "-")
                ratio = lambda key: m(a[key] / b[key] for a, b in zip(ours, base))
                print("%-14s %8d | new/base: fit %.2f, cpu %.2f (medians of the rounds' ratios)" % (
                    op, rows, ratio("fit_s"), ratio("fit_cpu_s")))
            sys.stdout.flush()
            slowest = max(max(r["fit_s"] for r in ours + base), max(r["fit_s"] for r in peer))
            if slowest > args.cap:
                skip = "a run took %.0f s" % slowest
            elif i + 1 < len(sizes):
                # At least linear in the rows (and in the trees, for the forest).
                expected = max(ours_t[i], peer_t[i]) * sizes[i + 1] / rows * (trees[i + 1] / trees[i] if op == "forest" else 1)
                if expected > 2 * args.cap:
                    skip = "expected ~%.0f s at %d rows" % (expected, sizes[i + 1])
    if "forest" in ops and len(set(trees)) > 1:
        print("forest trees per size: %s" % dict(zip(sizes, trees)))
    print("load average at the end %.1f" % os.getloadavg()[0])


if __name__ == "__main__":
    main()
