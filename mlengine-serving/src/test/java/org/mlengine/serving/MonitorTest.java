package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;

class MonitorTest {

  /** A credit row without its label, drawn at random: the file's own order is not exchangeable (it drifts). */
  private static Map<String, Object> row(SplittableRandom random) {
    return row(random.nextInt(CreditBundles.credit().rowCount()));
  }

  private static Map<String, Object> row(int r) {
    Map<String, Object> m = new HashMap<>(CreditBundles.credit().row(r).toMap());
    m.remove("Status");
    return m;
  }

  @Test
  void observe_stampsRequestsWithTheirOwnTime_whileTheMonitorIsBlockedJudgingAWindow() throws InterruptedException {
    ModelBundle bundle = CreditBundles.classifier();
    CountDownLatch judging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    SplittableRandom random = new SplittableRandom(11);
    long before;
    long after;
    MonitorSnapshot last;
    try (Monitor monitor = Monitor.builder(bundle).columns("Income").window(100).debounce(1).sampleAbove(Long.MAX_VALUE)
            .onAlert(a -> {   // blocks the monitor's thread once, in the middle of a judgement
              if (armed.getAndSet(false)) {
                judging.countDown();
                try {
                  release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }).build();
        Deployment deployment = Deployment.single(Predictor.of(bundle))) {
      deployment.observe(monitor);
      for (int r = 0; r < 300; r++) {
        deployment.predict(shifted(random));
      }
      assertTrue(judging.await(10, TimeUnit.SECONDS), "no window of shifted incomes alerted");
      Thread.sleep(300);   // the monitor's last reading of the clock is now 300 ms old
      before = System.currentTimeMillis();
      for (int r = 0; r < 100; r++) {   // one whole window, every request of it stamped while the monitor is blocked
        deployment.predict(shifted(random));
      }
      after = System.currentTimeMillis();
      release.countDown();
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      last = monitor.lastWindow().orElseThrow();
    } finally {
      release.countDown();
    }
    assertEquals(300, last.firstRequest());
    assertTrue(last.start().toEpochMilli() >= before && last.end().toEpochMilli() <= after, "the window's requests were"
        + " stamped " + last.start() + " to " + last.end() + ", made between " + Instant.ofEpochMilli(before) + " and "
        + Instant.ofEpochMilli(after) + ": the stamps"
        + " lagged while the monitor was judging");
  }

  private static Map<String, Object> shifted(SplittableRandom random) {
    Map<String, Object> m = row(random);
    if (m.get("Income") instanceof Double income && !income.isNaN()) {
      m.put("Income", income + 200);
    }
    return m;
  }

  @Test
  void observe_deploymentTraffic_windowsAlertsAndMeters() throws InterruptedException {
    ModelBundle bundle = CreditBundles.classifier();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    try (Monitor monitor = Monitor.builder(bundle).window(200).meters(registry).name("credit").onAlert(alerts::add).build();
        Deployment deployment = Deployment.single(Predictor.of(bundle))) {
      deployment.observe(monitor);
      SplittableRandom random = new SplittableRandom(7);
      for (int r = 0; r < 400; r++) {
        deployment.predict(row(random));
      }
      for (int r = 400; r < 1000; r++) {
        Map<String, Object> shifted = row(random);
        if (shifted.get("Income") instanceof Double income && !income.isNaN()) {
          shifted.put("Income", income + 200);
        }
        deployment.predict(shifted);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      MonitorSnapshot last = monitor.lastWindow().orElseThrow();
      assertEquals(4, last.window());
      assertEquals(800, last.firstRequest());
      assertEquals(200, last.requests());
      MonitorSnapshot.ColumnDrift income = last.column("Income").orElseThrow();
      assertEquals(Monitor.Statistic.KS, income.statistic());
      assertEquals("ks_p", income.measure());
      assertTrue(income.drifted(), income.toString());
      assertTrue(income.outOfRangeShare() >= 0);
      assertEquals(Monitor.Statistic.JENSEN_SHANNON, last.column("Home").orElseThrow().statistic());
      assertTrue(last.column("prediction").isPresent(), "the answers are watched against the target's profile");
      assertTrue(last.estimatedAccuracy().orElseThrow() > 0.5 && last.estimatedAccuracy().orElseThrow() <= 1);
      assertTrue(last.estimatedRocAuc().isPresent());
      assertTrue(last.latencyP50Millis() > 0 && last.latencyP99Millis() >= last.latencyP50Millis(), last.toString());
      Alert alert = alerts.stream().filter(a -> a.column().equals("Income")).findFirst().orElseThrow();
      assertEquals("ks_p", alert.measure());
      assertTrue(alert.below());
      assertEquals(2, alert.windows());
      assertTrue(alert.firstRequest() >= 400, alert.message());
      assertTrue(alert.message().startsWith("column 'Income': ks_p "), alert.message());
      assertEquals(alerts, monitor.alerts());
      assertEquals(1000, registry.get("mlengine.monitor.requests").tag("monitor", "credit").functionCounter().count());
      assertEquals(income.value(), registry.get("mlengine.monitor.drift").tags("monitor", "credit", "column", "Income").gauge().value());
      assertTrue(registry.get("mlengine.monitor.alerts").tags("column", "Income").counter().count() >= 1);
      assertFalse(Double.isNaN(registry.get("mlengine.monitor.estimated.accuracy").gauge().value()));
    }
  }

  @Test
  void record_calmTraffic_raisesNoAlert() throws InterruptedException {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).window(500).build();
        Predictor predictor = Predictor.of(CreditBundles.classifier())) {
      SplittableRandom random = new SplittableRandom(11);
      for (int r = 0; r < 4000; r++) {
        Map<String, Object> request = row(random);
        monitor.record(request, predictor.predict(request), 1000);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      assertEquals(List.of(), monitor.alerts());
      MonitorSnapshot.ColumnDrift answers = monitor.lastWindow().orElseThrow().column("prediction").orElseThrow();
      assertTrue(answers.value() > 0 && Double.isNaN(answers.threshold()), "shown, judged only from a reference period: " + answers);
      assertEquals(4000, monitor.processed() + monitor.dropped());
      assertEquals(7, monitor.lastWindow().orElseThrow().window());
    }
  }

  @Test
  void recordFailure_countsTheFailureAndTheMissingInputs() throws InterruptedException {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).columns("Income", "Home").window(10).build()) {
      for (int r = 0; r < 10; r++) {
        monitor.recordFailure(Map.of("Home", "owner"), 1_000_000);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      MonitorSnapshot s = monitor.lastWindow().orElseThrow();
      assertEquals(10, s.failures());
      assertEquals(1.0, s.column("Income").orElseThrow().missingShare());
      assertEquals(0.0, s.column("Home").orElseThrow().missingShare());
      assertEquals(1.0, s.latencyP50Millis(), 0.01);
    }
  }

  @Test
  void slidingWindows_judgeEverySlide() throws InterruptedException {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).columns("Age").window(100).slide(25).build()) {
      for (int r = 0; r < 150; r++) {
        monitor.record(row(r), Predictor.of(CreditBundles.classifier()).predict(row(r)), 1);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      MonitorSnapshot s = monitor.lastWindow().orElseThrow();
      assertEquals(2, s.window());   // windows end at requests 99, 124, 149
      assertEquals(50, s.firstRequest());
      assertEquals(100, s.requests());
    }
  }

  @Test
  void referenceTable_setsThresholdsFromItsWindows() throws InterruptedException {
    Table reference = CreditBundles.credit().rows(java.util.stream.IntStream.range(0, 2000).toArray());
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).window(500).referenceTable(reference).build()) {
      for (int r = 2000; r < 3000; r++) {
        monitor.recordFailure(row(r), 1);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      MonitorSnapshot s = monitor.lastWindow().orElseThrow();
      assertFalse(s.reference());
      MonitorSnapshot.ColumnDrift age = s.column("Age").orElseThrow();
      assertEquals("ks_d", age.measure());
      assertTrue(age.threshold() > 0 && age.threshold() < 0.2, age.toString());
    }
  }

  @Test
  void builder_badSettings_sayWhatToDo() {
    ModelBundle bundle = CreditBundles.classifier();
    assertEquals("window is 0 requests; expected at least 1 (500 is the default)",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder(bundle).window(0)).getMessage());
    assertEquals("debounce is 0 windows; expected at least 1 (1 alerts on the first drifted window)",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder(bundle).debounce(0)).getMessage());
    assertEquals("threshold for KS is 1.5; expected a p-value strictly between 0 and 1",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder(bundle).threshold(Monitor.Statistic.KS, 1.5)).getMessage());
    assertEquals("cannot build the monitor: slide 300 does not divide window 500; use a divisor such as 250; "
            + "column 'Salary' is not in the profile; expected one of [Status, Seniority, Home, Time, Age, Marital, Records, Job, "
            + "Expenses, Income, Assets, Debt, Amount, Price]; "
            + "column 'Home' is CATEGORICAL; KS needs numbers: use CHI_SQUARE, JENSEN_SHANNON or PSI; "
            + "the reference period is 600 requests, fewer than two windows of 500; give at least 1000",
        assertThrows(IllegalArgumentException.class, () -> Monitor.builder(bundle).columns("Income", "Salary", "Home").slide(300)
            .statistic(Monitor.Statistic.KS, "Home").referencePeriod(600).build()).getMessage());
  }

  @Test
  void meters_monitorRebuiltUnderTheSameName_publishesItsOwnFigures() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Monitor first = Monitor.builder(CreditBundles.classifier()).columns("Income", "Home").window(10).meters(registry).build()) {
      for (int r = 0; r < 10; r++) {
        first.recordFailure(Map.of("Income", 1.0), 1);   // Home missing
      }
      assertTrue(first.flush(Duration.ofSeconds(30)));
      assertEquals(1.0, registry.get("mlengine.monitor.missing.share").tag("column", "Home").gauge().value());
    }
    assertTrue(registry.find("mlengine.monitor.requests").meters().isEmpty(), "close() removes the meters");
    try (Monitor second = Monitor.builder(CreditBundles.classifier()).columns("Income", "Home").window(10).meters(registry).build()) {
      for (int r = 0; r < 20; r++) {
        second.recordFailure(Map.of("Income", 1.0, "Home", "owner"), 1);
      }
      assertTrue(second.flush(Duration.ofSeconds(30)));
      assertEquals(0.0, registry.get("mlengine.monitor.missing.share").tag("column", "Home").gauge().value());
      assertEquals(20.0, registry.get("mlengine.monitor.requests").functionCounter().count());
    }
  }

  @Test
  void record_valueTheSketchesCannotTake_countsAnErrorAndFlushReturns() throws InterruptedException {
    Object unprintable = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("no text");
      }
    };
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).columns("Home").window(10).build()) {
      monitor.recordFailure(Map.of("Home", unprintable), 1);
      assertTrue(monitor.flush(Duration.ofSeconds(2)), "the failed request is counted, not waited for");
      assertEquals(1, monitor.errors());
      assertEquals(0, monitor.processed());
      for (int r = 0; r < 9; r++) {
        monitor.recordFailure(Map.of("Home", "owner"), 1);
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      MonitorSnapshot s = monitor.lastWindow().orElseThrow();
      assertEquals(10, s.requests(), "the failed request still takes its place in the window");
      assertEquals(9, s.column("Home").orElseThrow().count());
    }
  }

  @Test
  void close_waitsForTheListenerItIsRunning() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean finished = new AtomicBoolean();
    Monitor monitor = Monitor.builder(CreditBundles.classifier()).columns("Income", "Home").window(10).debounce(1)
        .onAlert(alert -> {
          started.countDown();
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          finished.set(true);
        }).build();
    for (int r = 0; r < 10; r++) {
      monitor.recordFailure(Map.of("Home", "owner"), 1);   // Income missing in every request: an alert
    }
    assertTrue(started.await(30, TimeUnit.SECONDS));
    monitor.close();
    assertTrue(finished.get(), "close() returned while the listener was still running");
  }

  @Test
  void close_fromItsOwnListener_doesNotWaitForItself() throws InterruptedException {
    AtomicReference<Monitor> self = new AtomicReference<>();
    CountDownLatch closed = new CountDownLatch(1);
    Monitor monitor = Monitor.builder(CreditBundles.classifier()).columns("Income", "Home").window(10).debounce(1)
        .onAlert(alert -> {
          self.get().close();
          closed.countDown();
        }).build();
    self.set(monitor);
    for (int r = 0; r < 10; r++) {
      monitor.recordFailure(Map.of("Home", "owner"), 1);
    }
    assertTrue(closed.await(5, TimeUnit.SECONDS), "close() from the listener waited for its own thread");
  }

  @Test
  void builder_slideCuttingTheWindowIntoTooManyPanes_saysWhatToUse() {
    assertEquals("cannot build the monitor: slide 10 cuts window 1000 into 100 panes, over the cap of 64 (every slide merges"
            + " them all); use a slide of at least 16 that divides the window, such as 20",
        assertThrows(IllegalArgumentException.class,
            () -> Monitor.builder(CreditBundles.classifier()).window(1000).slide(10).build()).getMessage());
  }

  /** Builds a monitor in a JVM on mlengine-serving's run-time class path, which leaves the optional sketches out. */
  @Test
  void builder_withoutDataSketches_saysWhichDependencyToAdd() throws Exception {
    String out = RuntimeDependenciesTest.runOnRuntimeClassPath(WithoutSketches.class);
    assertEquals("java.lang.IllegalStateException: the monitor needs Apache DataSketches (org.apache.datasketches.kll.KllDoublesSketch"
        + " is not on the class path), an optional dependency of mlengine-serving; add"
        + " org.apache.datasketches:datasketches-java:6.2.0 to the application's dependencies", out);
  }

  /** The child JVM of {@link #builder_withoutDataSketches_saysWhichDependencyToAdd}: prints what building a monitor throws. */
  static final class WithoutSketches {
    public static void main(String[] args) {
      try {
        Monitor.builder(new Profile(10, List.of(new ColumnProfile.Categorical("Home", 10, 0, 1,
            List.of(new ColumnProfile.ValueCount("owner", 10)))))).build();
        System.out.println("built");
      } catch (Throwable t) {
        System.out.println(t);
      }
    }
  }

  @Test
  void requireOnClassPath_missingLibrary_namesTheDependencyToAdd() {
    assertEquals("the monitor needs Apache DataSketches (org.example.Missing is not on the class path), an optional dependency"
            + " of mlengine-serving; add org.apache.datasketches:datasketches-java:6.2.0 to the application's dependencies",
        assertThrows(IllegalStateException.class, () -> Monitor.requireOnClassPath("Apache DataSketches", "org.example.Missing",
            "org.apache.datasketches:datasketches-java:6.2.0")).getMessage());
  }

  @Test
  void record_nullPrediction_saysToUseRecordFailure() {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).build()) {
      assertEquals("prediction is null; pass the answer, or use recordFailure for a refused request",
          assertThrows(NullPointerException.class, () -> monitor.record(Map.of(), null, 1)).getMessage());
    }
  }
}
