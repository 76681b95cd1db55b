package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.ModelBundle;

/**
 * The monitoring window's JSON document: written from a real monitor and feedback on the credit
 * data, read back with Jackson, every key in its place and every figure equal to the snapshot's.
 * The document is also kept as {@code target/monitoring-window.json}: mlengine-eval's
 * MonitoringReportTest renders a copy of one (its test resource {@code monitoring-window.json}).
 */
class MonitorWindowJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A credit row without its label, drawn at random, with the income inflated after request 600. */
  private static Map<String, Object> request(SplittableRandom random, boolean drifted) {
    Map<String, Object> m = new HashMap<>(CreditBundles.credit().row(random.nextInt(CreditBundles.credit().rowCount())).toMap());
    m.remove("Status");
    if (drifted && m.get("Income") instanceof Double income && !income.isNaN()) {
      m.put("Income", income * 3);
    }
    return m;
  }

  @Test
  void windowJson_driftedCreditTraffic_roundTripsEveryFigureUnderItsKey() throws Exception {
    ModelBundle bundle = CreditBundles.classifier();
    Feedback feedback = Feedback.keeping(2_000);
    String json;
    MonitorSnapshot last;
    List<Alert> alerts;
    List<OnlineMetric> metrics;
    try (Monitor monitor = Monitor.builder(bundle).window(200).build();
        Deployment deployment = Deployment.single(Predictor.of(bundle))) {
      deployment.observe(monitor);
      deployment.observe(feedback);
      SplittableRandom random = new SplittableRandom(3);
      for (int r = 0; r < 1000; r++) {
        Map<String, Object> request = request(random, r >= 600);
        deployment.predict("r-" + r, request);
      }
      SplittableRandom labels = new SplittableRandom(5);
      for (int r = 0; r < 1000; r += 2) {
        feedback.feedback("r-" + r, labels.nextInt(10) < 7 ? "good" : "bad");
      }
      assertTrue(monitor.flush(Duration.ofSeconds(30)));
      metrics = feedback.metrics("champion");
      json = monitor.windowJson(metrics);
      last = monitor.lastWindow().orElseThrow();
      alerts = monitor.alerts();
    }
    Path kept = Path.of("target", "monitoring-window.json");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, json);

    JsonNode root = MAPPER.readTree(json);
    assertEquals(List.of("format", "version", "bundleId", "window", "latencyMillis", "estimate", "columns", "alerts", "metrics"),
        keys(root));
    assertEquals("mlengine-monitoring", root.get("format").asText());
    assertEquals(1, root.get("version").asInt());
    assertEquals(bundle.id(), root.get("bundleId").asText());
    JsonNode window = root.get("window");
    assertEquals(List.of("index", "firstRequest", "requests", "start", "end", "reference", "failures", "dropped"), keys(window));
    assertEquals(last.window(), window.get("index").asLong());
    assertEquals(800, window.get("firstRequest").asLong());
    assertEquals(200, window.get("requests").asLong());
    assertEquals(last.start().toString(), window.get("start").asText());
    assertEquals(last.end().toString(), window.get("end").asText());
    assertEquals(false, window.get("reference").asBoolean());
    assertEquals(last.failures(), window.get("failures").asLong());
    assertEquals(List.of("p50", "p90", "p99"), keys(root.get("latencyMillis")));
    assertEquals(last.latencyP99Millis(), root.get("latencyMillis").get("p99").asDouble());
    assertEquals(List.of("method", "accuracy", "rocAuc"), keys(root.get("estimate")));
    assertEquals("CBPE", root.get("estimate").get("method").asText());
    assertEquals(last.estimatedAccuracy().orElseThrow(), root.get("estimate").get("accuracy").asDouble());
    assertEquals(last.estimatedRocAuc().orElseThrow(), root.get("estimate").get("rocAuc").asDouble());

    assertEquals(last.columns().size(), root.get("columns").size());
    for (int c = 0; c < last.columns().size(); c++) {
      MonitorSnapshot.ColumnDrift want = last.columns().get(c);
      JsonNode got = root.get("columns").get(c);
      assertEquals(List.of("column", "type", "statistic", "measure", "value", "threshold", "driftBelow", "drifted", "count",
          "quality", "statistics", "unseenValues", "quantiles", "shares"), keys(got));
      assertEquals(want.column(), got.get("column").asText());
      assertEquals(want.type().name(), got.get("type").asText());
      assertEquals(want.statistic().name(), got.get("statistic").asText());
      assertEquals(want.measure(), got.get("measure").asText());
      assertSame(want.value(), got.get("value"));
      assertSame(want.threshold(), got.get("threshold"));
      assertEquals(want.driftBelow(), got.get("driftBelow").asBoolean());
      assertEquals(want.drifted(), got.get("drifted").asBoolean());
      assertEquals(want.count(), got.get("count").asLong());
      assertEquals(List.of("missingShare", "nanShare", "unseenShare", "outOfRangeShare"), keys(got.get("quality")));
      assertSame(want.unseenShare(), got.get("quality").get("unseenShare"));
      assertSame(want.outOfRangeShare(), got.get("quality").get("outOfRangeShare"));
      assertEquals(want.statistics().keySet().stream().sorted().toList(), keys(got.get("statistics")));
      want.statistics().forEach((name, value) -> assertSame(value, got.get("statistics").get(name)));
      assertEquals(want.quantiles().size(), got.get("quantiles").size());
      for (int q = 0; q < want.quantiles().size(); q++) {
        JsonNode node = got.get("quantiles").get(q);
        assertEquals(List.of("level", "reference", "window"), keys(node));
        assertEquals(want.quantiles().get(q).level(), node.get("level").asDouble());
        assertSame(want.quantiles().get(q).reference(), node.get("reference"));
        assertSame(want.quantiles().get(q).window(), node.get("window"));
      }
      assertEquals(want.shares().size(), got.get("shares").size());
      for (int s = 0; s < want.shares().size(); s++) {
        JsonNode node = got.get("shares").get(s);
        assertEquals(List.of("value", "reference", "window"), keys(node));
        assertEquals(want.shares().get(s).value(), node.get("value").asText());
        assertSame(want.shares().get(s).reference(), node.get("reference"));
        assertSame(want.shares().get(s).window(), node.get("window"));
      }
    }
    MonitorSnapshot.ColumnDrift income = last.column("Income").orElseThrow();
    assertEquals(ColumnType.NUMERIC, income.type());
    assertTrue(income.drifted(), "tripled incomes drift: " + income);
    assertEquals(List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0), income.quantiles().stream().map(MonitorSnapshot.Quantile::level).toList());
    assertTrue(income.quantiles().get(3).window() > 2 * income.quantiles().get(3).reference(), "the window's median is tripled");
    MonitorSnapshot.ColumnDrift home = last.column("Home").orElseThrow();
    assertEquals(ColumnType.CATEGORICAL, home.type());
    assertEquals(1.0, home.shares().stream().mapToDouble(MonitorSnapshot.Share::window).sum(), 1e-9, "the bins hold every value");
    assertEquals(1.0, home.shares().stream().mapToDouble(MonitorSnapshot.Share::reference).sum(), 1e-9);

    assertTrue(!alerts.isEmpty(), "the drift raised alerts");
    assertEquals(alerts.size(), root.get("alerts").size());
    JsonNode alert = root.get("alerts").get(0);
    assertEquals(List.of("column", "measure", "value", "threshold", "below", "window", "firstRequest", "lastRequest", "windows",
        "at", "message"), keys(alert));
    assertEquals(alerts.get(0).message(), alert.get("message").asText());
    assertEquals(alerts.get(0).at().toString(), alert.get("at").asText());

    assertEquals(metrics.size(), root.get("metrics").size());
    for (int m = 0; m < metrics.size(); m++) {
      JsonNode node = root.get("metrics").get(m);
      assertEquals(List.of("model", "metric", "requests", "value", "lower", "upper", "confidence", "method"), keys(node));
      assertEquals(metrics.get(m).metric(), node.get("metric").asText());
      assertEquals(metrics.get(m).requests(), node.get("requests").asLong());
      assertSame(metrics.get(m).lower(), node.get("lower"));
      assertSame(metrics.get(m).upper(), node.get("upper"));
      assertEquals(metrics.get(m).method(), node.get("method").asText());
    }
    assertEquals("wilson", metrics.stream().filter(m -> m.metric().equals("accuracy")).findFirst().orElseThrow().method());
    assertEquals("student_t", metrics.stream().filter(m -> m.metric().equals("log_loss")).findFirst().orElseThrow().method());
  }

  @Test
  void windowJson_beforeTheFirstWindow_saysWhenItCanBeCalled() throws InterruptedException {
    try (Monitor monitor = Monitor.builder(CreditBundles.classifier()).window(100).build()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> monitor.windowJson(List.of()));
      assertEquals("no window judged yet: the monitor has processed 0 requests; a window is judged every slide of requests."
          + " Call windowJson after the first window (flush() first in a test or demo)", e.getMessage());
      NullPointerException n = assertThrows(NullPointerException.class, () -> monitor.windowJson(null));
      assertEquals("metrics is null; pass feedback.metrics(model), or List.of() for none", n.getMessage());
    }
  }

  /** A figure and its JSON: equal when finite, null when NaN or infinite. */
  private static void assertSame(double want, JsonNode got) {
    if (Double.isFinite(want)) {
      assertEquals(want, got.asDouble(), () -> "expected " + want + ", got " + got);
    } else {
      assertTrue(got.isNull(), () -> "expected null for " + want + ", got " + got);
    }
  }

  private static List<String> keys(JsonNode node) throws IOException {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
