package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ModelBundle;

/**
 * The monitor's and the log's hand-off from many request threads (more than the queue's lanes,
 * so lanes are shared): every request is either taken or counted dropped, also when they close
 * while requests are still arriving, and the time a record carries is the wall time it was served.
 */
class ObserverQueueTest {
  private static final int THREADS = 3 * SlotRing.MAX_LANES;

  @TempDir
  Path dir;

  private static Map<String, Object> row(SplittableRandom random) {
    Map<String, Object> m = new HashMap<>(CreditBundles.credit().row(random.nextInt(CreditBundles.credit().rowCount())).toMap());
    m.remove("Status");
    return m;
  }

  /** {@code THREADS} threads, each predicting {@code perThread} times (or until {@code stop}); returns how many they made. */
  private static long load(Deployment d, int perThread, AtomicBoolean stop) throws InterruptedException {
    AtomicLong made = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(t);
      Thread thread = new Thread(() -> {
        for (int i = 0; i < perThread && !stop.get(); i++) {
          d.predict(row(random));
          made.incrementAndGet();
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return made.get();
  }

  @Test
  void manyThreads_theMonitorAndTheLogTakeEveryRequestOrCountIt_withTheWallTime() throws Exception {
    ModelBundle bundle = CreditBundles.classifier();
    long before = System.currentTimeMillis();
    try (Monitor monitor = Monitor.builder(bundle).window(100).build();
        Deployment d = Deployment.single(Predictor.of(bundle))) {
      PredictionLog log = PredictionLog.builder(dir).build();
      d.observe(monitor);
      d.observe(log);
      long made = load(d, 800, new AtomicBoolean());
      d.unobserve(monitor);
      d.unobserve(log);
      assertTrue(monitor.flush(Duration.ofMinutes(1)));
      log.close();
      long after = System.currentTimeMillis();
      assertEquals(made, monitor.processed() + monitor.dropped() + monitor.sampledOut(), monitor.toString());
      assertEquals(0, monitor.errors());
      assertEquals(made, log.written() + log.dropped(), log.toString());
      assertTrue(monitor.processed() > 0 && log.written() > 0);
      MonitorSnapshot last = monitor.lastWindow().orElseThrow();
      assertTrue(!last.start().isBefore(java.time.Instant.ofEpochMilli(before)) && !last.end().isAfter(java.time.Instant.ofEpochMilli(after)),
          last.start() + " .. " + last.end() + " outside " + before + " .. " + after);
      Set<String> ids = new HashSet<>();
      try (var records = PredictionLog.read(dir, line -> { throw new AssertionError(line); })) {
        records.forEach(r -> {
          assertTrue(ids.add(r.requestId()), "request " + r.requestId() + " written twice");
          assertTrue(r.epochMillis() >= before && r.epochMillis() <= after, r.epochMillis() + " outside the run");
          assertEquals(13, r.inputs().size(), "every input of the request, copied");
        });
      }
      assertEquals(log.written(), ids.size());
    }
  }

  @Test
  void monitor_pastItsRate_takesASampleOfTheDeploymentsRequests_andCountsTheOthers() throws Exception {
    ModelBundle bundle = CreditBundles.classifier();
    try (Monitor monitor = Monitor.builder(bundle).window(100).sampleAbove(100).build();
        Deployment d = Deployment.single(Predictor.of(bundle))) {
      d.observe(monitor);
      AtomicBoolean stop = new AtomicBoolean();
      Thread watcher = new Thread(() -> {
        long until = System.nanoTime() + 60_000_000_000L;
        while (monitor.sampledOut() < 10_000 && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        stop.set(true);
      });
      watcher.start();
      long made = load(d, Integer.MAX_VALUE, stop);
      watcher.join();
      d.unobserve(monitor);
      assertTrue(monitor.flush(Duration.ofMinutes(1)));
      assertTrue(monitor.sampledOut() >= 10_000, "past 100 requests a second the monitor samples: " + monitor);
      assertEquals(made, monitor.processed() + monitor.dropped() + monitor.sampledOut() + monitor.errors(), monitor.toString());
      assertTrue(monitor.processed() > 0, monitor.toString());
      assertEquals(0, d.observerFailures());
    }
    assertEquals("sampleAbove is 0 requests a second; expected at least 1 (Long.MAX_VALUE: never sample)",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder(bundle).sampleAbove(0)).getMessage());
  }

  @Test
  void monitor_readsEachInputByName_whateverTheMapsKeyOrderMissingOrExtraKeys() throws Exception {
    ModelBundle bundle = CreditBundles.classifier();
    Map<String, Object> first = row(new SplittableRandom(3));
    first.put("Income", 100.0);
    first.put("Home", "owner");
    try (Monitor monitor = Monitor.builder(bundle).window(5).build()) {
      Prediction p = Predictor.of(bundle).predict(first);
      monitor.record(first, p, 1000);   // remembers this map's key order
      Map<String, Object> reversed = new java.util.LinkedHashMap<>();
      List<String> keys = new ArrayList<>(first.keySet());
      java.util.Collections.reverse(keys);
      keys.forEach(k -> reversed.put(k, first.get(k)));
      reversed.put("Income", 300.0);
      monitor.record(reversed, p, 1000);
      Map<String, Object> missing = new HashMap<>(first);
      missing.remove("Income");
      missing.put("Extra", 12345.0);
      missing.put("Home", null);
      monitor.record(missing, p, 1000);
      Map<String, Object> text = new HashMap<>(first);
      text.put("Income", " 200.5 ");   // a number given as text, parsed by the monitor's thread
      monitor.record(text, p, 1000);
      try (Deployment d = Deployment.single(Predictor.of(bundle))) {
        d.observe(monitor);
        d.predict(CreditBundles.credit().row(0));   // a table's row: read by name from the row
      }
      assertTrue(monitor.flush(Duration.ofMinutes(1)));
      MonitorSnapshot w = monitor.lastWindow().orElseThrow();
      MonitorSnapshot.ColumnDrift income = w.column("Income").orElseThrow();
      assertEquals(5, income.count());
      assertEquals(0.2, income.missingShare(), 1e-12, "one map lacked Income");
      assertEquals(0, income.nanShare(), 1e-12);
      double rowIncome = CreditBundles.credit().row(0).numeric("Income");
      assertEquals(Math.min(100.0, rowIncome), income.quantiles().get(0).window(), 1e-9, "the window's minimum");
      assertEquals(Math.max(300.0, rowIncome), income.quantiles().get(income.quantiles().size() - 1).window(), 1e-9);
      assertEquals(0.2, w.column("Home").orElseThrow().missingShare(), 1e-12, "one map held null for Home");
    }
  }

  @Test
  void closingWhileRequestsArrive_everyRequestIsTakenOrCountedDropped() throws Exception {
    ModelBundle bundle = CreditBundles.classifier();
    Monitor monitor = Monitor.builder(bundle).window(100).build();
    PredictionLog log = PredictionLog.builder(dir).build();
    try (Deployment d = Deployment.single(Predictor.of(bundle))) {
      d.observe(monitor);
      d.observe(log);
      AtomicBoolean stop = new AtomicBoolean();
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        monitor.close();
        log.close();
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        stop.set(true);
      });
      closer.start();
      long made = load(d, Integer.MAX_VALUE, stop);
      closer.join();
      assertTrue(monitor.flush(Duration.ofSeconds(10)), "a closed monitor's flush returns");
      assertEquals(made, monitor.processed() + monitor.dropped() + monitor.sampledOut() + monitor.errors(), monitor.toString());
      assertEquals(made, log.written() + log.dropped() + log.lost() + log.sampledOut(), log.toString());
      assertTrue(monitor.dropped() > 0 && log.dropped() > 0, "requests after the close are dropped");
    }
  }
}
