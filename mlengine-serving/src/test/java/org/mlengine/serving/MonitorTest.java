package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ModelBundle;
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
  void record_nullPrediction_saysToUseRecordFailure() {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).build()) {
      assertEquals("prediction is null; pass the answer, or use recordFailure for a refused request",
          assertThrows(NullPointerException.class, () -> monitor.record(Map.of(), null, 1)).getMessage());
    }
  }
}
