#!/usr/bin/python3
"""Serving over HTTP (issue #17): mlengine-server against FastAPI + uvicorn + scikit-learn.

Starts our server (org.mlengine.server.ModelServer on a bundle, default: the credit quickstart's,
trained with `./mlengine quickstart` into a scratch folder) and the peer (peers/fastapi_credit.py,
the same pipeline in scikit-learn, with 1 and with 2 uvicorn workers), all on loopback, and:

  load   wrk -t1 -cC -dD --latency with a Lua script POSTing to /predict a rotating set of real
         credit rows (credit_data.csv without Status, null where the CSV says NA; keep-alive),
         against each server in turn, ROUNDS rounds after one warm-up run each; prints each
         run's req/s, p50 and p99, the medians, and the ratio ours / peer pair by pair (round by
         round) against the peer's better worker count. Also the server's CPU time per request
         (user + system seconds of its process group during the run over the requests served),
         which a busy machine moves much less than req/s. Any non-2xx answer or socket error is
         counted and printed.
  batch  POST /v2/models/NAME/infer (KServe V2, one column per input) with 10k and 100k rows from
         this script (one keep-alive connection, the body prepared beforehand; the time is from
         sending to the last byte of the answer), median of TURNS (--turns, default 5) after
         --batch-warmups (default 3): rows/s, its quartiles, min and max. With
         --baseline FILE (a class path file of an earlier build) that build's server takes turns
         with ours, request by request, and the ratio is printed; it is one more side of the
         load rounds too (ratios round by round). --baseline-java gives it other JVM options
         (with this build's class path file: a comparison of JVM options).
  cold   wall time from launching the server's process to its first successful /predict answer,
         polling the port every 5 ms, median of COLD launches, ours and the peer's (1 worker,
         model file already trained: the peer loads a pickle as ours loads a bundle), and the
         time to the listening line.

Before the load the script checks that both sides answer 200 for a sample of the rows and says
how often their labels agree (the models are alike, not the same: different splits).

wrk and the servers share the machine's cores: on 2 cores wrk's thread takes a share of the CPU
the server would otherwise have. --wrk-cpu N pins wrk to processor N with taskset (a variant:
then the servers still run anywhere, wrk just cannot migrate); with --server-cpus 0 as well, the
servers (and their cold starts) get CPU 0 and wrk CPU 1, each a core of its own.

    apt-get install -y wrk python3-fastapi python3-uvicorn python3-uvloop python3-httptools python3-sklearn python3-pandas
    mvn -B -q -DskipTests -pl mlengine-bench -am package
    /usr/bin/python3 mlengine-bench/serve_load.py [--bundle credit.mlb] [--rounds 3] [--duration 10s]
        [--connections 16] [--rows 1000] [--workers 1,2] [--wrk-cpu 1] [--server-cpus 0]
        [--batch 10000,100000] [--turns 5] [--batch-warmups 3] [--cold 5]
        [--java "java -XX:+UseParallelGC"] [--only load,batch,cold] [--peer-only] [--baseline OLD_CLASSPATH]
        [--baseline-java "java -XX:+UseG1GC"]

Run with Debian's /usr/bin/python3. --peer-only measures the peer alone (no JVM, no bundle).
"""
import argparse
import csv
import http.client
import json
import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CREDIT_CSV = os.path.join(ROOT, "mlengine-examples", "src", "main", "resources", "org", "mlengine", "examples",
                          "credit_data.csv")
PEER = os.path.join(HERE, "peers", "fastapi_credit.py")
SERVER_MAIN = "org.mlengine.server.ModelServer"
NUMERIC = {"Seniority", "Time", "Age", "Expenses", "Income", "Assets", "Debt", "Amount", "Price"}
OURS_LINE = re.compile(r"mlengine-server listening on (http://[^\s]+)")
PEER_LINE = re.compile(r"fastapi-credit listening on (http://[^\s]+)")


def credit_rows(path, limit):
    """The CSV's rows as request objects: Status dropped, numbers as numbers, NA as null."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for record in csv.DictReader(f):
            record.pop("Status")
            rows.append({c: (None if v == "NA" else (float(v) if "." in v else int(v)) if c in NUMERIC else v)
                         for c, v in record.items()})
            if len(rows) == limit:
                break
    return rows


def lua_script(rows, path):
    """A wrk script that POSTs the rows in turn (one Lua state per wrk thread, each cycling from row 1)."""
    bodies = ",\n".join("[==[%s]==]" % json.dumps(r, separators=(",", ":")) for r in rows)
    with open(path, "w", encoding="utf-8") as f:
        f.write("wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
                "local bodies = {\n%s\n}\nlocal i = 0\n"
                "request = function()\n  i = i %% #bodies + 1\n"
                "  return wrk.format(nil, \"/predict\", nil, bodies[i])\nend\n" % bodies)


class Server:
    """One server process on loopback, started with its command; address from its listening line(s)."""

    def __init__(self, name, command, line, lines=1):
        self.name = name
        self.command = command
        self.line = line
        self.lines = lines
        self.process = None
        self.address = None

    def start(self, timeout=120):
        """Starts the process and waits for LINES listening lines on its stdout (one per worker)."""
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        lines = queue.Queue()
        errors = []

        def read_stdout():
            for out in self.process.stdout:
                lines.put(out)
            lines.put(None)

        # both pipes are read to the end, so a chatty server never blocks on a full one
        threading.Thread(target=read_stdout, daemon=True).start()
        threading.Thread(target=lambda: errors.extend(self.process.stderr), daemon=True).start()
        deadline = time.monotonic() + timeout
        seen = 0
        while seen < self.lines:
            try:
                out = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise SystemExit("%s printed no listening line in %d s: %s" % (self.name, timeout,
                                                                               " ".join(self.command)))
            if out is None:
                code = self.process.wait()
                time.sleep(0.2)  # the rest of stderr
                raise SystemExit("%s exited (%d) before it listened; its stderr:\n%s" % (self.name, code,
                                                                                         "".join(errors)))
            match = self.line.search(out)
            if match:
                self.address = match.group(1)
                seen += 1
        return self

    @property
    def port(self):
        return int(self.address.rsplit(":", 1)[1])

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def post(port, path, body, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def check_agreement(ours, peer, rows):
    """Both answer 200 for every sampled row; how often their labels agree."""
    same = 0
    for row in rows:
        body = json.dumps(row).encode()
        answers = []
        for server in (ours, peer):
            if server is None:
                continue
            status, text = post(server.port, "/predict", body)
            if status != 200:
                raise SystemExit("%s answered %d to %s: %s" % (server.name, status, body.decode(), text.decode()))
            answers.append(json.loads(text)["label"])
        same += len(set(answers)) == 1
    return same


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(group):
    """User + system CPU seconds of every live process in the process group (a server and its workers)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp, the 5th field
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def wrk(server, script, args):
    """One wrk run against server: req/s, p50 and p99 in ms, and the failed requests."""
    command = ["wrk", "-t1", "-c%d" % args.connections, "-d%s" % args.duration, "--latency",
               "--timeout", "10s", "-s", script, server.address]
    if args.wrk_cpu is not None:
        command = ["taskset", "-c", str(args.wrk_cpu)] + command
    cpu = cpu_seconds(server.process.pid)
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(server.process.pid) - cpu
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    rate = float(re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in errors.groups()) if errors else 0)
    requests = int(re.search(r"^\s+(\d+) requests in", out, re.M).group(1))
    return {"rps": rate, "p50": latency["50"], "p99": latency["99"], "failed": failed,
            "cpu_us": cpu * 1e6 / max(requests, 1)}


def load(servers, script, args):
    """Warm-up then ROUNDS rounds, each server in turn within a round; the runs by server name."""
    for server in servers:
        subprocess.run(["wrk", "-t1", "-c%d" % args.connections, "-d%s" % args.warmup, "-s", script, server.address],
                       check=True, capture_output=True)
    runs = {s.name: [] for s in servers}
    for round_number in range(args.rounds):
        for server in (servers if round_number % 2 == 0 else servers[::-1]):
            run = wrk(server, script, args)
            runs[server.name].append(run)
            print("  round %d %-10s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  cpu %7.1f us/req%s" % (
                round_number + 1, server.name, run["rps"], run["p50"], run["p99"], run["cpu_us"],
                "  FAILED %d" % run["failed"] if run["failed"] else ""), flush=True)
    return runs


def v2_body(rows):
    """A KServe V2 infer request with one input per column (pandas-style content)."""
    inputs = []
    for column in rows[0]:
        values = [r[column] for r in rows]
        numeric = column in NUMERIC
        inputs.append({"name": column, "shape": [len(values)], "datatype": "FP64" if numeric else "BYTES",
                       "data": values})
    return json.dumps({"parameters": {"content_type": "pd"}, "inputs": inputs}, separators=(",", ":")).encode()


def batch(servers, name, rows, sizes, repeats=5, warmups=3):
    """rows/s of the V2 infer endpoint of each server for each batch size: median of REPEATS after
    WARMUPS not counted, the servers taking turns request by request (the order swapped each
    round), so that a busy moment falls on both. Returns {size: {server name: (median rate, request
    bytes, answer bytes, [each counted rate], median server CPU microseconds a row)}}: the CPU time
    of the server's process group, which a busy machine moves much less than the rate."""
    results = {}
    for size in sizes:
        body = v2_body([rows[i % len(rows)] for i in range(size)])
        connections = {s.name: http.client.HTTPConnection("127.0.0.1", s.port, timeout=120) for s in servers}
        rates = {s.name: [] for s in servers}
        cpu = {s.name: [] for s in servers}
        answered = {}
        for attempt in range(warmups + repeats):
            for server in (servers if attempt % 2 == 0 else servers[::-1]):
                connection = connections[server.name]
                cpu_start = cpu_seconds(server.process.pid)
                start = time.perf_counter()
                connection.request("POST", "/v2/models/%s/infer" % name, body=body,
                                   headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read()
                elapsed = time.perf_counter() - start
                used = cpu_seconds(server.process.pid) - cpu_start
                if response.status != 200:
                    raise SystemExit("%s answered %d to a %d-row V2 infer: %s" % (
                        server.name, response.status, size, answer[:500].decode(errors="replace")))
                answered[server.name] = len(answer)
                if attempt >= warmups:
                    rates[server.name].append(size / elapsed)
                    cpu[server.name].append(used * 1e6 / size)
        for connection in connections.values():
            connection.close()
        results[size] = {n: (statistics.median(r), len(body), answered[n], r, statistics.median(cpu[n]), cpu[n])
                         for n, r in rates.items()}
    return results


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_start(command, line, body):
    """One launch: seconds from starting COMMAND to its listening LINE on stdout, and to its first
    200 on /predict (polled every 5 ms on the port the command was given)."""
    port = free_port()
    listening = []
    start = time.perf_counter()
    process = subprocess.Popen(command(port), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               start_new_session=True)

    def watch():
        for out in process.stdout:
            if not listening and line.search(out):
                listening.append(time.perf_counter() - start)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        while True:
            try:
                status, _ = post(port, "/predict", body, timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise SystemExit("%s exited (%d) before answering" % (" ".join(command(port)), process.returncode))
            time.sleep(0.005)
        answered = time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        watcher.join(5)
    return (listening[0] if listening else float("nan")), answered


def versions(java):
    """One line naming what is measured: the JVM, wrk, and the peer's Python stack."""
    peer = subprocess.run([sys.executable, "-c", "import sys, sklearn, fastapi, uvicorn, pandas, uvloop, httptools; "
                           "print('python %s, scikit-learn %s, pandas %s, FastAPI %s, uvicorn %s, uvloop %s, httptools %s'"
                           " % (sys.version.split()[0], sklearn.__version__, pandas.__version__, fastapi.__version__,"
                           " uvicorn.__version__, uvloop.__version__, httptools.__version__))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]
    jvm = ""
    if java:
        jvm = subprocess.run(java + ["-version"], capture_output=True, text=True).stderr.splitlines()[0] + "; "
    return "%s%s; %s" % (jvm, wrk_version, peer)


def median(runs, key):
    return statistics.median(r[key] for r in runs)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bundle", help="the bundle to serve (default: train the quickstart's into a scratch folder)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", default="10s", help="each wrk run (default 10s)")
    p.add_argument("--warmup", default="10s", help="one wrk run per server before the rounds, not counted")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--rows", type=int, default=1000, help="distinct credit rows the load rotates through")
    p.add_argument("--workers", default="1,2", help="the peer's uvicorn worker counts to measure")
    p.add_argument("--wrk-cpu", type=int, help="pin wrk to this processor (taskset -c N)")
    p.add_argument("--server-cpus", help="pin the servers to these processors (taskset -c LIST, e.g. 0)")
    p.add_argument("--batch", default="10000,100000", help="V2 batch sizes (empty: none)")
    p.add_argument("--turns", type=int, default=5, help="counted V2 batch requests per server and size (default 5)")
    p.add_argument("--batch-warmups", type=int, default=3, help="V2 batch requests per server and size before the"
                   " counted ones (default 3)")
    p.add_argument("--cold", type=int, default=5, help="cold-start launches per side (0: none)")
    p.add_argument("--java", default="java", help="the JVM command and its options for our server")
    p.add_argument("--only", default="load,batch,cold", help="which parts to run: load, batch, cold")
    p.add_argument("--peer-only", action="store_true", help="measure the peer alone (our server is not started)")
    p.add_argument("--baseline", help="a class path file of an earlier build (as target/classpath.txt): its server"
                   " takes turns with ours in the load and batch parts, and the ratios are printed")
    p.add_argument("--baseline-java", help="the JVM command and options for the baseline's server (default: --java);"
                   " with --baseline pointing at this build's class path file, it compares JVM options")
    args = p.parse_args()
    parts = set(args.only.split(","))
    if parts - {"load", "batch", "cold"}:
        p.error("--only %s: the parts are load, batch and cold" % args.only)
    try:
        worker_counts = [int(w) for w in args.workers.split(",")]
    except ValueError:
        p.error("--workers %s: give worker counts separated by commas, e.g. 1,2" % args.workers)
    if min(worker_counts) < 1:
        p.error("--workers %s: every count must be at least 1" % args.workers)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed; install it with apt-get install -y wrk (see this script's header)")
    classpath_file = os.path.join(HERE, "target", "classpath.txt")
    if not args.peer_only and not os.path.exists(classpath_file):
        raise SystemExit("%s is missing; build the bench module first: mvn -B -q -DskipTests -pl mlengine-bench -am"
                         " package (or measure the peer alone with --peer-only)" % classpath_file)
    if args.bundle and not os.path.isfile(args.bundle):
        raise SystemExit("--bundle %s: no such file; give a bundle (.mlb) or leave --bundle out to train the"
                         " quickstart's" % args.bundle)

    scratch = tempfile.mkdtemp(prefix="serve-load-")
    servers = []
    try:
        print("start %s UTC, load average %s" % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                                                 open("/proc/loadavg").read().split()[0]), flush=True)
        rows = credit_rows(CREDIT_CSV, args.rows)
        script = os.path.join(scratch, "rows.lua")
        lua_script(rows, script)
        model = os.path.join(scratch, "credit.pkl")
        subprocess.run([sys.executable, PEER, "--model", model, "--train-only"], check=True)

        java_command = None
        name = None
        pin = ["taskset", "-c", args.server_cpus] if args.server_cpus else []
        if not args.peer_only:
            bundle = args.bundle
            if bundle is None:
                bundle = os.path.join(scratch, "credit.mlb")
                made = subprocess.run([os.path.join(ROOT, "mlengine"), "quickstart", CREDIT_CSV, bundle],
                                      cwd=scratch, capture_output=True, text=True)
                if made.returncode != 0:
                    raise SystemExit("./mlengine quickstart failed (%d):\n%s%s" % (made.returncode, made.stdout,
                                                                                   made.stderr))
                auc = re.search(r"held-out roc_auc\s+([\d.]+)", made.stdout)
                print("trained the quickstart: held-out ROC AUC %s; wrote %s" % (auc.group(1) if auc else "?", bundle))
            name = os.path.basename(bundle)[:-len(".mlb")] if bundle.endswith(".mlb") else os.path.basename(bundle)
            with open(classpath_file) as f:
                classpath = f.read().strip()
            java_command = pin + args.java.split() + ["-cp", classpath, SERVER_MAIN, os.path.abspath(bundle),
                                                "--host", "127.0.0.1", "--port"]

        print(versions(args.java.split() if java_command else None), flush=True)

        def peer_command(port, workers):
            return pin + [sys.executable, PEER, "--model", model, "--host", "127.0.0.1", "--port", str(port),
                    "--workers", str(workers)]

        ours = Server("ours", java_command + ["0"], OURS_LINE) if java_command else None
        peers = [Server("peer w%d" % w, peer_command(0, w), PEER_LINE, lines=w) for w in worker_counts]
        before = None
        if ours and args.baseline:
            with open(args.baseline) as f:
                before_classpath = f.read().strip()
            before_java = (args.baseline_java or args.java).split()
            before = Server("before", pin + before_java + ["-cp", before_classpath, SERVER_MAIN,
                            os.path.abspath(bundle), "--host", "127.0.0.1", "--port", "0"], OURS_LINE)
        for server in ([ours] if ours else []) + peers + ([before] if before else []):
            servers.append(server)
            server.start()
        same = check_agreement(ours, peers[0], rows[:200])
        if ours:
            print("both answer 200 on %d rows; the labels agree on %d" % (min(200, len(rows)), same))

        if "load" in parts:
            print("load: wrk -t1 -c%d -d%s --latency, %d rows rotating, %d rounds%s%s" % (
                args.connections, args.duration, len(rows), args.rounds,
                ", wrk pinned to cpu %d" % args.wrk_cpu if args.wrk_cpu is not None else "",
                ", servers pinned to cpus %s" % args.server_cpus if args.server_cpus else ""), flush=True)
            runs = load(servers, script, args)
            best = max(peers, key=lambda s: median(runs[s.name], "rps"))
            print("%-10s %10s %8s %8s %12s %7s" % ("server", "req/s", "p50 ms", "p99 ms", "cpu us/req", "failed"))
            for server in servers:
                r = runs[server.name]
                print("%-10s %10.0f %8.2f %8.2f %12.1f %7d" % (server.name, median(r, "rps"), median(r, "p50"),
                                                             median(r, "p99"), median(r, "cpu_us"),
                                                             sum(x["failed"] for x in r)))
            if before:
                print("ours / before, round by round: req/s %s; p99 %s" % (
                    " ".join("%.2f" % (o["rps"] / b["rps"]) for o, b in zip(runs["ours"], runs["before"])),
                    " ".join("%.2f" % (o["p99"] / b["p99"]) for o, b in zip(runs["ours"], runs["before"]))))
            if ours:
                ratios = [o["rps"] / b["rps"] for o, b in zip(runs["ours"], runs[best.name])]
                cpu = [b["cpu_us"] / o["cpu_us"] for o, b in zip(runs["ours"], runs[best.name])]
                print("ours / %s (the peer's better): req/s ratio pair by pair %s, median %.1f;"
                      " the peer's CPU per request over ours %s, median %.1f" % (
                          best.name, " ".join("%.1f" % x for x in ratios), statistics.median(ratios),
                          " ".join("%.1f" % x for x in cpu), statistics.median(cpu)))

        if "batch" in parts and ours and args.batch:
            sides = [ours] + ([before] if before else [])
            print("batch: POST /v2/models/%s/infer, median of %d after %d warm-ups%s" % (
                name, args.turns, args.batch_warmups,
                ", taking turns with the baseline %s" % args.baseline if args.baseline else ""))
            sizes = [int(b) for b in args.batch.split(",")]
            for size, by_server in batch(sides, name, rows, sizes, args.turns, args.batch_warmups).items():
                for side, (rate, sent, received, each, cpu_us, cpus) in by_server.items():
                    q = statistics.quantiles(each, n=4) if len(each) > 1 else [rate, rate, rate]
                    c = statistics.quantiles(cpus, n=4) if len(cpus) > 1 else [cpu_us, cpu_us, cpu_us]
                    print("  %7d rows  %-6s %10.0f rows/s (quartiles %.0f-%.0f, min %.0f, max %.0f)  %6.2f us CPU a row"
                          " (quartiles %.2f-%.2f)  (request %.1f MB, answer %.1f MB)" % (
                              size, side, rate, q[0], q[2], min(each), max(each), cpu_us, c[0], c[2],
                              sent / 1e6, received / 1e6), flush=True)
                if args.baseline:
                    ratios = [o / b for o, b in zip(by_server["ours"][3], by_server["before"][3])]
                    print("  %7d rows  ours / before, turn by turn: %s, median %.2f" % (
                        size, " ".join("%.2f" % x for x in ratios), statistics.median(ratios)), flush=True)

        for server in servers:
            server.stop()
        servers = []

        if "cold" in parts and args.cold:
            body = json.dumps(rows[0]).encode()
            print("cold start: launch to first 200 on /predict, %d launches each, alternating" % args.cold)
            sides = ([("ours", lambda port: java_command + [str(port)], OURS_LINE)] if java_command else []) + \
                [("peer w1", lambda port: peer_command(port, 1), PEER_LINE)]
            launches = {side: [] for side, _, _ in sides}
            for _ in range(args.cold):
                for side, command, line in sides:
                    launches[side].append(cold_start(command, line, body))
            for side, values in launches.items():
                answered = [a for _, a in values]
                print("  %-8s first answer median %.3f s (min %.3f, max %.3f); listening line median %.3f s" % (
                    side, statistics.median(answered), min(answered), max(answered),
                    statistics.median(l for l, _ in values)), flush=True)
        print("end %s UTC, load average %s" % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
                                               open("/proc/loadavg").read().split()[0]))
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
