package org.mlengine.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The monitoring sections of a report, drawn from one window of live traffic as mlengine-serving's
 * {@code Monitor.windowJson} writes it (format {@value #FORMAT}, version {@value #VERSION}; this
 * module reads the document, it does not depend on serving): the window with its drift figures
 * against thresholds, the alerts, the live metrics with their intervals, and per column the
 * window's quantiles or category shares beside the training profile's.
 */
final class ReportMonitoring {
  static final String FORMAT = "mlengine-monitoring";
  static final int VERSION = 1;
  /** The keys every version-1 document has at its top level. */
  static final List<String> KEYS =
      List.of("format", "version", "bundleId", "window", "latencyMillis", "estimate", "columns", "alerts", "metrics");
  private static final String PREFIX = "Monitoring: ";

  private ReportMonitoring() {}

  /**
   * Checks that {@code window} is a monitoring document this module reads and, when it names the
   * bundle it watched, that this is {@code bundleId}.
   *
   * @throws IllegalArgumentException naming what is wrong and what was expected
   */
  static void check(JsonNode window, String bundleId) {
    Check.argument(window != null && window.isObject(), "Report.monitoring(window) needs the JSON object of a monitoring window,"
        + " as Monitor.windowJson(metrics) writes it; got %s", window == null ? "null" : "a JSON " + window.getNodeType());
    String format = window.path("format").asText("(none)");
    Check.argument(format.equals(FORMAT), "Report.monitoring(window): the document's format is '%s'; expected '%s', the"
        + " document Monitor.windowJson(metrics) writes", format, FORMAT);
    int version = window.path("version").asInt(-1);
    Check.argument(version >= 1 && version <= VERSION, "Report.monitoring(window): the document is version %s of %s; this"
        + " mlengine reads version %d. Render it with the mlengine version that wrote it, or a newer one",
        window.path("version").toString(), FORMAT, VERSION);
    List<String> missing = KEYS.stream().filter(k -> !window.has(k)).toList();
    Check.argument(missing.isEmpty(), "Report.monitoring(window): the document lacks %s; expected every key of version %d: %s",
        missing, VERSION, KEYS);
    JsonNode watched = window.get("bundleId");
    Check.argument(watched.isNull() || watched.asText().equals(bundleId), "Report.monitoring(window): the window watched"
        + " bundle %s but this report is of bundle %s; expected the monitoring of this report's model (or a window from a"
        + " monitor built from a profile, whose bundleId is null)", watched.asText(), bundleId);
  }

  /** The sections, in page order: the window and its drift table, the alerts, the live metrics, then one per column. */
  static List<ReportSection> sections(JsonNode doc) {
    List<ReportSection> out = new ArrayList<>();
    out.add(window(doc));
    out.add(alerts(doc.get("alerts")));
    out.add(metrics(doc.get("metrics")));
    doc.get("columns").forEach(c -> out.add(column(c)));
    return out;
  }

  private static ReportSection window(JsonNode doc) {
    JsonNode w = doc.get("window");
    JsonNode latency = doc.get("latencyMillis");
    JsonNode estimate = doc.get("estimate");
    long first = w.get("firstRequest").asLong();
    long requests = w.get("requests").asLong();
    String note = String.format(Locale.ROOT, "Window %d of the monitor: requests %d..%d (%d), from %s to %s;%s %d failed,"
            + " %d dropped by a full queue. Latency p50 %s ms, p90 %s ms, p99 %s ms. Estimated without labels (%s):"
            + " accuracy %s, ROC AUC %s. Each column's figure against its threshold: a p-value drifts at or below it, a"
            + " distance at or above; a threshold of n/a is set by a reference period (or the column is only shown).",
        w.get("index").asLong(), first, first + requests - 1, requests, w.get("start").asText(), w.get("end").asText(),
        w.get("reference").asBoolean() ? " a reference window (it sets thresholds and raises no alerts);" : "",
        w.get("failures").asLong(), w.get("dropped").asLong(), shown(latency.get("p50")), shown(latency.get("p90")),
        shown(latency.get("p99")), estimate.get("method").asText(), shown(estimate.get("accuracy")),
        shown(estimate.get("rocAuc")));
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode c : doc.get("columns")) {
      JsonNode q = c.get("quality");
      rows.add(List.of(c.get("column").asText(), c.get("type").asText(), c.get("statistic").asText(), c.get("measure").asText(),
          number(c.get("value")), number(c.get("threshold")), c.get("driftBelow").asBoolean() ? "at or below" : "at or above",
          c.get("drifted").asBoolean() ? "DRIFTED" : "no", c.get("count").asLong(), number(q.get("missingShare")),
          number(q.get("nanShare")), number(q.get("unseenShare")), number(q.get("outOfRangeShare"))));
    }
    return ReportSection.table("Monitoring", List.of("column", "type", "statistic", "measure", "value", "threshold",
            "drift when", "drifted", "requests", "missing share", "NaN share", "unseen share", "out-of-range share"), rows)
        .withNote(note);
  }

  private static ReportSection alerts(JsonNode alerts) {
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode a : alerts) {
      rows.add(List.of(a.get("column").asText(), a.get("measure").asText(), number(a.get("value")),
          (a.get("below").asBoolean() ? "<= " : ">= ") + shown(a.get("threshold")), a.get("windows").asLong(),
          a.get("window").asLong(), a.get("firstRequest").asLong() + ".." + a.get("lastRequest").asLong(), a.get("at").asText()));
    }
    String note = rows.isEmpty() ? "No alert so far." : rows.size() + " alert" + (rows.size() == 1 ? "" : "s")
        + " raised so far, oldest first: a figure crossed its threshold in that many consecutive windows.";
    return ReportSection.table(PREFIX + "alerts", rows.isEmpty() ? List.of() : List.of("column", "measure", "value",
        "threshold", "consecutive windows", "last window", "its requests", "at"), rows).withNote(note);
  }

  private static ReportSection metrics(JsonNode metrics) {
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode m : metrics) {
      rows.add(List.of(m.get("model").asText(), m.get("metric").asText(), m.get("requests").asLong(), number(m.get("value")),
          number(m.get("lower")), number(m.get("upper")), number(m.get("confidence")), m.get("method").asText()));
    }
    String note = rows.isEmpty() ? "No live metric: no labels came back for the served requests (Feedback)."
        : "Each metric on the served requests whose labels came back, with its interval (wilson: the Wilson score interval"
            + " of a share; student_t: a Student t interval of the per-request values' mean).";
    return ReportSection.table(PREFIX + "live metrics", rows.isEmpty() ? List.of() : List.of("model", "metric", "requests",
        "value", "lower", "upper", "confidence", "interval"), rows).withNote(note);
  }

  /** One column: its quantiles (NUMERIC) or category shares (CATEGORICAL), the window's beside the reference's, and a chart of both. */
  private static ReportSection column(JsonNode c) {
    String name = c.get("column").asText();
    boolean numeric = c.get("type").asText().equals("NUMERIC");
    String title = PREFIX + name + (c.get("drifted").asBoolean() ? " (drifted)" : "");
    String figure = String.format(Locale.ROOT, "%s %s against threshold %s (%s).", c.get("measure").asText(),
        shown(c.get("value")), shown(c.get("threshold")), c.get("drifted").asBoolean() ? "drifted" : "not drifted");
    List<List<Object>> rows = new ArrayList<>();
    List<double[]> reference = new ArrayList<>();
    List<double[]> window = new ArrayList<>();
    JsonNode points = c.get(numeric ? "quantiles" : "shares");
    for (int i = 0; i < points.size(); i++) {
      JsonNode p = points.get(i);
      double x = numeric ? p.get("level").asDouble() : i + 1;
      double ref = number(p.get("reference"));
      double win = number(p.get("window"));
      rows.add(numeric ? List.of(x, ref, win) : List.of((long) (i + 1), p.get("value").asText(), ref, win));
      if (Double.isFinite(ref)) {
        reference.add(new double[] {x, ref});
      }
      if (Double.isFinite(win)) {
        window.add(new double[] {x, win});
      }
    }
    ReportSection section = ReportSection.table(title, numeric ? List.of("quantile level", "reference", "window")
        : List.of("bin", "value", "reference share", "window share"), rows).withNote(figure + (numeric
        ? " The window's quantiles (level 0 is its minimum, 1 its maximum; from a KLL sketch) beside the training profile's."
        : " The window's share of each of the profile's values beside the training share; (other) holds the values the"
            + " profile counted but did not keep, (unseen) values training never had."));
    List<ReportSeries> series = new ArrayList<>();
    if (!reference.isEmpty()) {
      series.add(series("reference (training)", ReportSeries.Mark.DASHED, reference));
    }
    if (!window.isEmpty()) {
      series.add(series("window", ReportSeries.Mark.LINE, window));
    }
    return series.isEmpty() ? section : section.withChart(numeric
        ? new ReportChart(name + ": quantiles", "quantile level", name, series)
        : new ReportChart(name + ": shares", "bin (row of the table)", "share of the requests with a value", series));
  }

  private static ReportSeries series(String name, ReportSeries.Mark mark, List<double[]> points) {
    return new ReportSeries(name, mark, points.stream().map(p -> p[0]).toList(), points.stream().map(p -> p[1]).toList());
  }

  /** A figure of the document: null (NaN or infinite when written) reads as NaN. */
  private static double number(JsonNode node) {
    return node == null || !node.isNumber() ? Double.NaN : node.asDouble();
  }

  private static String shown(JsonNode node) {
    return ReportFormat.shown(number(node));
  }
}
