package org.mlengine.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlengine.runtime.Table;

/**
 * The operator's figures as Flink metrics, read from an in-memory reporter after a job: the
 * {@code mlengine} counters count every row scored or refused, and with {@code withMonitor} each
 * task's Monitor judged its windows and reports each input column's drift statistic.
 */
class MetricsTest {
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void score_withMonitor_reportsCountsAndEachColumnsDriftAsFlinkMetrics() throws Exception {
    Table credit = Fixtures.credit();
    List<Row> rows = Fixtures.rows(credit);
    RowTypeInfo type = Fixtures.rowType(credit);
    rows.get(7).setField(type.getFieldIndex("Amount"), Double.NEGATIVE_INFINITY);
    StreamExecutionEnvironment env = Fixtures.env(2);
    java.nio.file.Path bundle = java.nio.file.Files.createTempFile("credit", ".mlb");
    org.mlengine.core.Pipeline.builder().target("Status").split(org.mlengine.core.Split.stratified(0.8))
        .add(org.mlengine.features.Features.impute("Income", "Assets", "Debt").median())
        .add(org.mlengine.features.Features.oneHot("Home", "Marital", "Records", "Job"))
        .trainer(org.mlengine.core.Trainers.logisticRegression()).seed(42).build()
        .fit(credit).bundle().save(bundle);
    ScoredStream scoring = FlinkScorer.load(bundle).withMonitor(500).score(Fixtures.source(env, rows, type, 0));
    CloseableIterator<Row> scored = scoring.scored().collectAsync();
    CloseableIterator<Row> refused = scoring.refused().collectAsync();
    env.execute("metrics");
    assertEquals(credit.rowCount() - 1, Fixtures.drain(scored).size());
    assertEquals(1, Fixtures.drain(refused).size());

    List<Map.Entry<String, Metric>> metrics = new java.util.ArrayList<>();
    REPORTER.getMetricsByGroup().forEach((group, byName) -> byName.forEach((name, metric) -> {
      String id = group.getMetricIdentifier(name);
      if (id.contains(".mlengine.")) {
        metrics.add(Map.entry(id.substring(id.indexOf(".mlengine.") + 1), metric));
      }
    }));
    assertEquals(credit.rowCount() - 1, sum(metrics, "mlengine.scored"), metrics.toString());
    assertEquals(1, sum(metrics, "mlengine.refused"));
    assertEquals(credit.rowCount() - 1, sum(metrics, "mlengine.monitor.processed"));
    assertEquals(0, sum(metrics, "mlengine.monitor.dropped"));
    assertTrue(sum(metrics, "mlengine.monitor.windows") >= 2, "windows judged: " + sum(metrics, "mlengine.monitor.windows"));
    List<Double> incomeDrift = values(metrics, "mlengine.monitor.drift_Income");
    assertEquals(2, incomeDrift.size(), "one gauge per task");
    assertFalse(incomeDrift.stream().anyMatch(d -> d.isNaN()), incomeDrift.toString());
    assertTrue(metrics.stream().anyMatch(e -> e.getKey().equals("mlengine.scoreMicros")), metrics.toString());
  }

  @Test
  void withMonitor_bundleWithoutProfile_saysHowToGetOne() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkScorer.load(Fixtures.CREDIT_BUNDLE).withMonitor(500));
    assertEquals("bundle credit-logistic.mlb has no training profile for the monitor to compare traffic with; refit it with"
        + " this library's Pipeline (which profiles the training part), or score without withMonitor", e.getMessage());
  }

  @Test
  void withMonitor_windowNotPositive_saysWhatToGive() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FlinkScorer.load(Fixtures.CREDIT_BUNDLE).withMonitor(0));
    assertEquals("windowRows is 0; give how many rows of a task each drift window holds, e.g. 1000", e.getMessage());
  }

  /** The sum over the tasks of the counters or gauges whose name ends with {@code name}. */
  private static long sum(List<Map.Entry<String, Metric>> metrics, String name) {
    long total = 0;
    for (Map.Entry<String, Metric> e : metrics) {
      if (e.getKey().equals(name)) {
        total += e.getValue() instanceof Counter c ? c.getCount() : ((Number) ((Gauge<?>) e.getValue()).getValue()).longValue();
      }
    }
    return total;
  }

  private static List<Double> values(List<Map.Entry<String, Metric>> metrics, String name) {
    return metrics.stream().filter(e -> e.getKey().equals(name))
        .map(e -> ((Number) ((Gauge<?>) e.getValue()).getValue()).doubleValue()).toList();
  }
}
