package org.mlengine.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.mlengine.serving.Deployment;
import org.mlengine.serving.Monitor;
import org.mlengine.serving.PredictionLog;

/**
 * Issue #18's overhead goal at a fixed request rate (open loop): two threads issue the credit
 * quickstart's single-row request on a schedule, each {@code 2 / rate} seconds apart, and measure
 * each request's latency from the time it was due, not from when it was sent, so a request held
 * up behind a slow one counts its wait (no coordinated omission). The configurations of {@link
 * ObserverBenchmark} (no observer, a monitor, a log of every request, both), each a deployment of
 * its own made once, take turns in every round (the order rotating), so the baseline is measured
 * in the same run under the same load; the summary gives, per rate, the medians over the rounds of
 * each configuration's p50, p99 and p99.9 and of its ratio to the baseline of the same round.
 *
 * <pre>{@code
 * java -Xms1g -Xmx1g -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.mlengine.bench.OpenLoopOverhead 20000,200000 5 5
 * }</pre>
 *
 * <p>Arguments: the total rates in requests a second (comma-separated), the seconds of each turn
 * (default 5) and the rounds (default 5). A thread waits for its next request parked when it is
 * more than {@value #PARK_ABOVE_NANOS} ns away, else spinning, so at low rates the load threads
 * leave the cores to the observers' threads. Each turn also reports the process's CPU time per
 * request (observers' threads included), the requests the monitor and the log dropped, and the
 * one-minute load average.
 */
public final class OpenLoopOverhead {
  static final long PARK_ABOVE_NANOS = 150_000;
  static final long PARK_MARGIN_NANOS = 100_000;
  static final int THREADS = 2;
  static final int WARM_UP_SECONDS = 10;

  private OpenLoopOverhead() {}

  /** One configuration's turn at one rate: latencies from the due time and from the send, CPU and drops. */
  record Turn(String configuration, long rate, int round, Histogram response, Histogram service, double cpuNanosPerRequest,
      long requests, double achieved, double load, long monitorDropped, long logDropped) {}

  /** A deployment and its observers, kept across rounds. */
  private record Setup(Deployment deployment, Monitor monitor, PredictionLog log) {}

  /**
   * {@code args}: rates (total requests a second, comma-separated), seconds a turn (default 5),
   * rounds (default 5).
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      throw new IllegalArgumentException("OpenLoopOverhead takes the total rates in requests a second (comma-separated),"
          + " and optionally the seconds a turn (5) and the rounds (5); e.g. OpenLoopOverhead 20000,200000 5 5");
    }
    long[] rates = Arrays.stream(args[0].split(",")).mapToLong(Long::parseLong).toArray();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    OverheadFixture fixture = OverheadFixture.make();
    Path dir = Files.createTempDirectory("open-loop-overhead-");
    Map<String, Setup> setups = new LinkedHashMap<>();
    for (String c : OverheadFixture.CONFIGURATIONS) {
      Deployment d = fixture.deployment(c, dir);
      setups.put(c, new Setup(d, fixture.monitor(), fixture.log()));
    }
    try {
      for (Setup s : setups.values()) {
        run(s, fixture.request(), 0, WARM_UP_SECONDS * 1_000_000_000L / setups.size());   // closed loop: the JIT's warm-up
      }
      List<Turn> turns = new ArrayList<>();
      for (long rate : rates) {
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < setups.size(); i++) {
            String c = OverheadFixture.CONFIGURATIONS.get((i + r) % setups.size());
            Turn t = turn(c, setups.get(c), fixture.request(), rate, r, seconds);
            System.out.println(line(t));
            turns.add(t);
          }
        }
      }
      System.out.println();
      System.out.print(summary(turns, rates));
    } finally {
      for (Setup s : setups.values()) {
        s.deployment().close();
        if (s.monitor() != null) {
          s.monitor().close();
        }
        if (s.log() != null) {
          s.log().close();
        }
      }
      OverheadFixture.deleteTree(dir);
    }
  }

  private static Turn turn(String configuration, Setup s, Map<String, Object> request, long rate, int round, int seconds)
      throws InterruptedException {
    long monitorDropped = s.monitor() == null ? 0 : s.monitor().dropped();
    long logDropped = s.log() == null ? 0 : s.log().dropped();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long wall = System.nanoTime();
    Histogram[][] h = run(s, request, rate, seconds * 1_000_000_000L);
    wall = System.nanoTime() - wall;
    cpu = os.getProcessCpuTime() - cpu;
    Histogram response = new Histogram(3);
    Histogram service = new Histogram(3);
    for (Histogram[] pair : h) {
      response.add(pair[0]);
      service.add(pair[1]);
    }
    long n = response.getTotalCount();
    return new Turn(configuration, rate, round, response, service, (double) cpu / n, n, n * 1e9 / wall,
        os.getSystemLoadAverage(), s.monitor() == null ? 0 : s.monitor().dropped() - monitorDropped,
        s.log() == null ? 0 : s.log().dropped() - logDropped);
  }

  /**
   * Two threads for {@code nanos}: on a schedule at {@code rate} requests a second in all (the
   * second thread half an interval behind the first), or back to back when {@code rate} is 0.
   * Returns each thread's histograms of latency from the due time and from the send.
   */
  private static Histogram[][] run(Setup s, Map<String, Object> request, long rate, long nanos) throws InterruptedException {
    Histogram[][] out = new Histogram[THREADS][];
    Thread[] threads = new Thread[THREADS];
    long interval = rate == 0 ? 0 : THREADS * 1_000_000_000L / rate;
    long start = System.nanoTime() + 1_000_000;
    for (int t = 0; t < THREADS; t++) {
      int index = t;
      out[t] = new Histogram[] {new Histogram(3), new Histogram(3)};
      threads[t] = new Thread(() -> load(s.deployment(), request, start + index * interval / THREADS, interval, start + nanos,
          out[index][0], out[index][1]), "open-loop-" + t);
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return out;
  }

  private static void load(Deployment d, Map<String, Object> request, long first, long interval, long end,
      Histogram response, Histogram service) {
    long due = first;
    while (due < end) {
      long now;
      while ((now = System.nanoTime()) < due) {
        long left = due - now;
        if (left > PARK_ABOVE_NANOS) {
          LockSupport.parkNanos(left - PARK_MARGIN_NANOS);
        } else {
          Thread.onSpinWait();
        }
      }
      if (d.predict(request) == null) {
        throw new IllegalStateException("no prediction");
      }
      long done = System.nanoTime();
      response.recordValue(done - (interval == 0 ? now : due));
      service.recordValue(done - now);
      due = interval == 0 ? done : due + interval;
    }
  }

  private static String line(Turn t) {
    return String.format(Locale.ROOT, "rate %,d/s round %d %-7s: p50 %,7.0f ns p99 %,9.0f ns p99.9 %,10.0f ns (service p50 %,5.0f"
        + " p99 %,7.0f) achieved %,.0f/s, CPU %,.0f ns a request, dropped monitor %d log %d, load %.2f",
        t.rate(), t.round(), t.configuration(), p(t.response(), 50), p(t.response(), 99), p(t.response(), 99.9),
        p(t.service(), 50), p(t.service(), 99), t.achieved(), t.cpuNanosPerRequest(), t.monitorDropped(), t.logDropped(),
        t.load());
  }

  /** Per rate and configuration: medians over the rounds, and the medians of the ratios to the same round's baseline. */
  static String summary(List<Turn> turns, long[] rates) {
    StringBuilder out = new StringBuilder(
        "| rate /s | observers | p50 ns | p99 ns | p99.9 ns | p50 / none | p99 / none | p99.9 / none | service p50, p99 ns"
            + " | service p50, p99 / none | CPU ns a request | dropped (monitor, log) | load |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (long rate : rates) {
      Map<Integer, Turn> baseline = new LinkedHashMap<>();
      for (Turn t : turns) {
        if (t.rate() == rate && t.configuration().equals("none")) {
          baseline.put(t.round(), t);
        }
      }
      for (String c : OverheadFixture.CONFIGURATIONS) {
        List<Turn> mine = turns.stream().filter(t -> t.rate() == rate && t.configuration().equals(c)).toList();
        double[] loads = mine.stream().mapToDouble(Turn::load).sorted().toArray();
        out.append(String.format(Locale.ROOT, "| %,d | %s | %,.0f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %,.0f, %,.0f | %.2f, %.2f"
            + " | %,.0f | %d, %d | %.1f–%.1f |%n",
            rate, c, median(mine, t -> p(t.response(), 50)), median(mine, t -> p(t.response(), 99)),
            median(mine, t -> p(t.response(), 99.9)),
            median(mine, t -> p(t.response(), 50) / p(baseline.get(t.round()).response(), 50)),
            median(mine, t -> p(t.response(), 99) / p(baseline.get(t.round()).response(), 99)),
            median(mine, t -> p(t.response(), 99.9) / p(baseline.get(t.round()).response(), 99.9)),
            median(mine, t -> p(t.service(), 50)), median(mine, t -> p(t.service(), 99)),
            median(mine, t -> p(t.service(), 50) / p(baseline.get(t.round()).service(), 50)),
            median(mine, t -> p(t.service(), 99) / p(baseline.get(t.round()).service(), 99)),
            median(mine, Turn::cpuNanosPerRequest), mine.stream().mapToLong(Turn::monitorDropped).sum(),
            mine.stream().mapToLong(Turn::logDropped).sum(), loads[0], loads[loads.length - 1]));
      }
    }
    return out.toString();
  }

  private static double median(List<Turn> turns, java.util.function.ToDoubleFunction<Turn> f) {
    double[] v = turns.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double p(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile);
  }
}
