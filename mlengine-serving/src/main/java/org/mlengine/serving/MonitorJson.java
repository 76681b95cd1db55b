package org.mlengine.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Writes one monitoring window as the document {@link Monitor#windowJson} describes (format
 * {@value #FORMAT}, version {@value #VERSION}): keys in a fixed order, NaN and infinities as
 * {@code null}, times as ISO-8601 instants, {@code \n} line ends.
 */
final class MonitorJson {
  /** The format name in every monitoring document. */
  static final String FORMAT = "mlengine-monitoring";
  /** The format's version; a reader refuses a newer one. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MonitorJson() {}

  static String render(String bundleId, MonitorSnapshot s, List<Alert> alerts, List<OnlineMetric> metrics) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("bundleId", bundleId);
    ObjectNode window = root.putObject("window");
    window.put("index", s.window());
    window.put("firstRequest", s.firstRequest());
    window.put("requests", s.requests());
    window.put("start", s.start().toString());
    window.put("end", s.end().toString());
    window.put("reference", s.reference());
    window.put("failures", s.failures());
    window.put("dropped", s.dropped());
    ObjectNode latency = root.putObject("latencyMillis");
    number(latency, "p50", s.latencyP50Millis());
    number(latency, "p90", s.latencyP90Millis());
    number(latency, "p99", s.latencyP99Millis());
    ObjectNode estimate = root.putObject("estimate");
    estimate.put("method", "CBPE");
    optional(estimate, "accuracy", s.estimatedAccuracy());
    optional(estimate, "rocAuc", s.estimatedRocAuc());
    ArrayNode columns = root.putArray("columns");
    s.columns().forEach(c -> column(columns.addObject(), c));
    ArrayNode alertList = root.putArray("alerts");
    alerts.forEach(a -> alert(alertList.addObject(), a));
    ArrayNode metricList = root.putArray("metrics");
    metrics.forEach(m -> metric(metricList.addObject(), m));
    try {
      return MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")))
          .writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the monitoring window as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void column(ObjectNode o, MonitorSnapshot.ColumnDrift c) {
    o.put("column", c.column());
    o.put("type", c.type().name());
    o.put("statistic", c.statistic().name());
    o.put("measure", c.measure());
    number(o, "value", c.value());
    number(o, "threshold", c.threshold());
    o.put("driftBelow", c.driftBelow());
    o.put("drifted", c.drifted());
    o.put("count", c.count());
    ObjectNode quality = o.putObject("quality");
    number(quality, "missingShare", c.missingShare());
    number(quality, "nanShare", c.nanShare());
    number(quality, "unseenShare", c.unseenShare());
    number(quality, "outOfRangeShare", c.outOfRangeShare());
    ObjectNode statistics = o.putObject("statistics");
    new TreeMap<>(c.statistics()).forEach((name, value) -> number(statistics, name, value));
    ArrayNode unseen = o.putArray("unseenValues");
    c.unseenValues().forEach(unseen::add);
    ArrayNode quantiles = o.putArray("quantiles");
    for (MonitorSnapshot.Quantile q : c.quantiles()) {
      ObjectNode n = quantiles.addObject();
      n.put("level", q.level());
      number(n, "reference", q.reference());
      number(n, "window", q.window());
    }
    ArrayNode shares = o.putArray("shares");
    for (MonitorSnapshot.Share share : c.shares()) {
      ObjectNode n = shares.addObject();
      n.put("value", share.value());
      number(n, "reference", share.reference());
      number(n, "window", share.window());
    }
  }

  private static void alert(ObjectNode o, Alert a) {
    o.put("column", a.column());
    o.put("measure", a.measure());
    number(o, "value", a.value());
    number(o, "threshold", a.threshold());
    o.put("below", a.below());
    o.put("window", a.window());
    o.put("firstRequest", a.firstRequest());
    o.put("lastRequest", a.lastRequest());
    o.put("windows", a.windows());
    o.put("at", a.at().toString());
    o.put("message", a.message());
  }

  private static void metric(ObjectNode o, OnlineMetric m) {
    o.put("model", m.model());
    o.put("metric", m.metric());
    o.put("requests", m.requests());
    number(o, "value", m.value());
    number(o, "lower", m.lower());
    number(o, "upper", m.upper());
    number(o, "confidence", m.confidence());
    o.put("method", m.method());
  }

  private static void optional(ObjectNode o, String field, OptionalDouble value) {
    number(o, field, value.orElse(Double.NaN));
  }

  private static void number(ObjectNode o, String field, double value) {
    if (Double.isFinite(value)) {
      o.put(field, value);
    } else {
      o.putNull(field);
    }
  }
}
