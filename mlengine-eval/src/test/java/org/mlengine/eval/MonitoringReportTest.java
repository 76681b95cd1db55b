package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.eval.ReportPages.one;
import static org.mlengine.eval.ReportPages.parseHtml;
import static org.mlengine.eval.ReportPages.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.core.PipelineResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The monitoring page of a report, from a window recorded by mlengine-serving's
 * MonitorWindowJsonTest ({@code monitoring-window.json}: credit traffic whose incomes were tripled
 * after request 600, window 4 of 200 requests, one alert, live metrics from feedback).
 */
class MonitoringReportTest {
  @TempDir Path dir;

  /** The recorded window, as if it watched this report's model. */
  static JsonNode recordedWindow(PipelineResult result) {
    ObjectNode doc = (ObjectNode) recorded();
    doc.put("bundleId", result.bundle().id());
    return doc;
  }

  private static JsonNode recorded() {
    try (InputStream in = MonitoringReportTest.class.getResourceAsStream("monitoring-window.json")) {
      return ReportPages.parseJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void monitoring_recordedWindow_rendersTheDriftTableAlertsMetricsAndAChartPerColumn() {
    PipelineResult result = ReportFixtures.classification();
    JsonNode window = recordedWindow(result);
    Report report = Report.of(result).monitoring(window);
    List<String> titles = report.sections().stream().map(ReportSection::title).toList();
    int first = titles.indexOf("Monitoring");
    List<String> columns = new ArrayList<>();
    window.get("columns").forEach(c -> columns.add(c.get("column").asText()));
    assertEquals(List.of("Monitoring", "Monitoring: alerts", "Monitoring: live metrics"), titles.subList(first, first + 3));
    assertEquals(first + 3 + columns.size(), titles.size(), "a section per column, last");
    assertEquals("Monitoring: Income (drifted)", titles.get(first + 3 + columns.indexOf("Income")));
    assertEquals("Monitoring: Home", titles.get(first + 3 + columns.indexOf("Home")));

    ReportSection drift = report.sections().get(first);
    assertEquals(columns.size(), drift.rows().size());
    List<Object> income = drift.rows().get(columns.indexOf("Income"));
    assertEquals(List.of("Income", "NUMERIC", "KS", "ks_p"), income.subList(0, 4));
    assertEquals(window.get("columns").get(columns.indexOf("Income")).get("value").asDouble(), income.get(4));
    assertEquals(List.of(0.05, "at or below", "DRIFTED", 200L), income.subList(5, 9));
    assertTrue(drift.note().startsWith("Window 4 of the monitor: requests 800..999 (200), from "), drift.note());
    assertTrue(drift.note().contains("Estimated without labels (CBPE): accuracy 0.8980, ROC AUC 0.8943."), drift.note());

    ReportSection alerts = report.sections().get(first + 1);
    assertEquals(1, alerts.rows().size());
    assertEquals(List.of("Income", "ks_p"), alerts.rows().get(0).subList(0, 2));
    assertEquals("<= 0.0500", alerts.rows().get(0).get(3));
    ReportSection metrics = report.sections().get(first + 2);
    assertEquals(List.of("accuracy", "log_loss", "brier_score", "reported_share"),
        metrics.rows().stream().map(r -> r.get(1)).toList());
    assertEquals(List.of("wilson", "student_t", "student_t", "wilson"), metrics.rows().stream().map(r -> r.get(7)).toList());

    ReportChart incomeChart = report.sections().get(first + 3 + columns.indexOf("Income")).chart().orElseThrow();
    assertEquals(List.of("reference (training)", "window"), incomeChart.series().stream().map(ReportSeries::name).toList());
    assertEquals(List.of(0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0), incomeChart.series().get(1).x());
    JsonNode home = window.get("columns").get(columns.indexOf("Home"));
    ReportSection homeSection = report.sections().get(first + 3 + columns.indexOf("Home"));
    assertEquals(home.get("shares").size(), homeSection.chart().orElseThrow().series().get(1).size());
    assertEquals(home.get("shares").get(0).get("value").asText(), homeSection.rows().get(0).get(1));

    Document page = parseHtml(report.toHtml());
    String id = ReportJson.sectionId(first);
    Element row = one(page, "//section[@id='" + id + "']//tr[td[1]='Income']");
    assertEquals("DRIFTED", select(row, "td").get(7).getTextContent());
    assertEquals(columns.size(), select(page, "//svg[contains(@aria-label, ': quantiles') or contains(@aria-label, ': shares')]").size(), "a chart per column");
    JsonNode twin = ReportPages.parseJson(report.toJson());
    assertEquals(window, twin.get("monitoring"), "the JSON twin keeps the window as given");
  }

  @Test
  void monitoring_fromAFile_equalsTheNode() throws IOException {
    PipelineResult result = ReportFixtures.classification();
    Path file = dir.resolve("window.json");
    Files.writeString(file, recordedWindow(result).toString());
    assertEquals(Report.of(result).monitoring(recordedWindow(result)).toHtml(), Report.of(result).monitoring(file).toHtml());
  }

  @Test
  void monitoring_badDocuments_sayWhatIsWrongAndWhatIsExpected() throws IOException {
    PipelineResult result = ReportFixtures.classification();
    Report report = Report.of(result);
    assertEquals("Report.monitoring(window) needs the JSON object of a monitoring window, as Monitor.windowJson(metrics) writes"
        + " it; got null", assertThrows(IllegalArgumentException.class, () -> report.monitoring((JsonNode) null)).getMessage());
    ObjectNode otherFormat = (ObjectNode) recordedWindow(result);
    otherFormat.put("format", "mlengine-report");
    assertEquals("Report.monitoring(window): the document's format is 'mlengine-report'; expected 'mlengine-monitoring', the"
        + " document Monitor.windowJson(metrics) writes",
        assertThrows(IllegalArgumentException.class, () -> report.monitoring(otherFormat)).getMessage());
    ObjectNode newer = (ObjectNode) recordedWindow(result);
    newer.put("version", 2);
    assertEquals("Report.monitoring(window): the document is version 2 of mlengine-monitoring; this mlengine reads version 1."
        + " Render it with the mlengine version that wrote it, or a newer one",
        assertThrows(IllegalArgumentException.class, () -> report.monitoring(newer)).getMessage());
    ObjectNode lacking = (ObjectNode) recordedWindow(result);
    lacking.remove(List.of("alerts", "metrics"));
    assertEquals("Report.monitoring(window): the document lacks [alerts, metrics]; expected every key of version 1: [format,"
        + " version, bundleId, window, latencyMillis, estimate, columns, alerts, metrics]",
        assertThrows(IllegalArgumentException.class, () -> report.monitoring(lacking)).getMessage());
    JsonNode other = recorded();
    assertEquals("Report.monitoring(window): the window watched bundle " + other.get("bundleId").asText() + " but this report"
        + " is of bundle " + result.bundle().id() + "; expected the monitoring of this report's model (or a window from a"
        + " monitor built from a profile, whose bundleId is null)",
        assertThrows(IllegalArgumentException.class, () -> report.monitoring(other)).getMessage());
    ObjectNode fromProfile = (ObjectNode) recorded();
    fromProfile.putNull("bundleId");
    assertTrue(report.monitoring(fromProfile).toHtml().contains("Monitoring: Income (drifted)"), "no bundle named, none checked");
    Path notJson = dir.resolve("window.json");
    Files.writeString(notJson, "window 4");
    IOException e = assertThrows(IOException.class, () -> report.monitoring(notJson));
    assertTrue(e.getMessage().startsWith("cannot read the monitoring window " + notJson + ": it is not JSON ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("); expected the document Monitor.windowJson(metrics) writes"), e.getMessage());
  }

  @Test
  void monitoring_isACopy_theOriginalReportAndTheGivenNodeStayAsTheyWere() {
    PipelineResult result = ReportFixtures.classification();
    Report plain = Report.of(result);
    ObjectNode window = (ObjectNode) recordedWindow(result);
    Report monitored = plain.monitoring(window);
    String html = monitored.toHtml();
    window.putArray("columns");
    assertEquals(html, monitored.toHtml(), "the report copied the window");
    assertTrue(plain.sections().stream().noneMatch(s -> s.title().startsWith("Monitoring")));
  }
}
