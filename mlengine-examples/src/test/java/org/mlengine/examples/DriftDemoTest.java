package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.serving.AliasMove;
import org.mlengine.serving.ModelRegistry;

/** The drift demo end to end on the credit data: the alert, the retraining, the shadow trial, the promotion, the scrape. */
class DriftDemoTest {
  @TempDir static Path dir;
  private static String output;

  @BeforeAll
  static void run() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DriftDemo.run(Quickstart.creditData(), dir.resolve("registry"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    output = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void monitor_alertsOnIncome_afterTheDrift_andNotBefore() {
    Matcher alert = Pattern.compile("alert: column '(\\w+)': \\w+ [-+.e\\d]+ [<>]= [.\\d]+ in 2 consecutive windows \\(window (\\d+),"
        + " requests (\\d+)\\.\\.(\\d+)\\)").matcher(output);
    assertTrue(alert.find(), output);
    assertEquals("Income", alert.group(1), output);
    assertTrue(Integer.parseInt(alert.group(3)) >= DriftDemo.DRIFT_AT, "no alert before the drift\n" + output);
    assertTrue(output.indexOf("alert: ") > output.indexOf("from here on an upstream change"), output);
  }

  @Test
  void loop_retrainsShadowsAndPromotes_withTheStatistics() {
    Matcher promoted = Pattern.compile("PROMOTED v2: accuracy shadow (0\\.\\d+) vs champion (0\\.\\d+) on (\\d+) requests"
        + " \\(mcnemar p = ([-.e\\d]+)\\)").matcher(output);
    assertTrue(output.contains("TRIGGERED: drift: Income") && output.contains("REGISTERED v2: retrained: drift: Income")
        && output.contains("SHADOWING v2: v2 shadows v1 (production)"), output);
    assertTrue(promoted.find(), output);
    assertTrue(Double.parseDouble(promoted.group(1)) > Double.parseDouble(promoted.group(2)), output);
    assertTrue(Integer.parseInt(promoted.group(3)) >= 1000, output);
    assertTrue(Double.parseDouble(promoted.group(4)) < 0.05, output);
  }

  @Test
  void prometheusScrape_showsTheAlertAndTheDrift() {
    assertTrue(Pattern.compile("mlengine_monitor_alerts_total\\{column=\"Income\",measure=\"ks_p\",monitor=\"monitor\"} 1\\.0")
        .matcher(output).find(), output);
    assertTrue(output.contains("mlengine_monitor_drift{column=\"Income\",monitor=\"monitor\"}"), output);
  }

  @Test
  void monitoringPage_isWrittenBesideTheRegistry_withTheIncomeDrift() throws Exception {
    Path report = dir.resolve(DriftDemo.REPORT_DIR);
    assertTrue(output.contains("monitoring window: " + report.resolve(DriftDemo.MONITORING_JSON).toAbsolutePath()), output);
    assertTrue(output.contains("monitoring page: " + report.resolve("report.html").toAbsolutePath()), output);
    String html = Files.readString(report.resolve("report.html"));
    assertTrue(html.contains("Monitoring: alerts") && html.contains("Monitoring: live metrics"), "the monitoring sections");
    assertTrue(html.contains("<td>Income</td><td>ks_p</td>"), "the Income alert in the alerts table");
  }

  @Test
  void registry_holdsEveryStep() throws Exception {
    try (ModelRegistry registry = ModelRegistry.inDirectory(dir.resolve("registry"))) {
      List<String> moves = registry.history(DriftDemo.MODEL).stream().map(m -> m.kind() + " " + m.alias() + " by " + m.by())
          .toList();
      assertEquals(List.of("PROMOTE production by demo", "PROMOTE candidate by drift-demo", "PROMOTE production by drift-demo",
          "REMOVE candidate by drift-demo"), moves);
      assertEquals(2, registry.version(DriftDemo.MODEL, "production").orElseThrow().number());
    }
  }
}
