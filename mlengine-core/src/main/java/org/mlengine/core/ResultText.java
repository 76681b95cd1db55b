package org.mlengine.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;

/**
 * {@link PipelineResult#toString()}: a summary for a notebook in under 40 lines, whatever the size
 * of the data; no row indices, every list capped with how many more there are.
 */
final class ResultText {
  private static final int METRICS_SHOWN = 10;
  private static final int WARNINGS_SHOWN = 3;
  private static final int STEPS_SHOWN = 10;
  private static final int FINDINGS_SHOWN = 3;
  private static final int COLUMNS_SHOWN = 6;

  private final StringBuilder text = new StringBuilder();

  private ResultText() {}

  static String of(PipelineResult result) {
    ResultText out = new ResultText();
    out.header(result);
    if (result.bundle() != null) {
      result.bundle().refit().ifPresent(r -> out.line("final model refitted on all " + r.fittedRows() + " rows after the evaluation;"
          + " the held-out metrics are of the same pipeline fitted on " + r.evaluatedTrainingRows() + " rows"));
    }
    out.metrics(result.estimates(), result.metrics());
    out.warnings(result.warnings());
    out.steps(spec(result.bundle()), result.pipeline());
    out.audit(result);
    out.timings(result.timings());
    if (result.bundle() != null) {
      out.line("bundle " + result.bundle().id() + " (" + result.bundle().modelKind() + " model)");
    }
    return out.text.toString().stripTrailing();
  }

  private void header(PipelineResult result) {
    FittedPipeline p = result.pipeline();
    String what = p == null ? "PipelineResult" : "PipelineResult: " + p.task() + " of '" + p.target() + "'";
    line(result.partition() == null ? what : what + ", " + result.partition().train().length() + " training, "
        + result.partition().validation().length() + " validation and " + result.partition().test().length() + " test rows");
  }

  private void metrics(List<MetricEstimate> estimates, Map<String, Double> metrics) {
    if (estimates.isEmpty()) {
      line("held-out metrics: " + (metrics.isEmpty() ? "none" : metrics));
      return;
    }
    line("held-out metrics:");
    int width = estimates.stream().mapToInt(e -> e.name().length()).max().orElse(0);
    for (MetricEstimate e : estimates.subList(0, Math.min(estimates.size(), METRICS_SHOWN))) {
      String interval = Double.isNaN(e.lower()) ? "" : " [" + decimal(e.lower()) + ", " + decimal(e.upper()) + "]";
      StringBuilder baselines = new StringBuilder();
      e.baselines().forEach((name, value) -> baselines.append(baselines.length() == 0 ? "  baselines: " : ", ")
          .append(name).append(' ').append(decimal(value)));
      line("  " + pad(e.name(), width) + " " + decimal(e.value()) + interval + baselines);
    }
    more(estimates.size(), METRICS_SHOWN, "metrics", "result.estimates()");
    intervalMethods(estimates.subList(0, Math.min(estimates.size(), METRICS_SHOWN)));
  }

  /**
   * How the shown intervals were made: one method for all, or each method with its metrics, e.g.
   * {@code intervals: DeLong, 95% (roc_auc); Wilson score, 95% (accuracy)}.
   */
  private void intervalMethods(List<MetricEstimate> shown) {
    Map<String, List<String>> metricsOf = new java.util.LinkedHashMap<>();
    for (MetricEstimate e : shown) {
      if (!Double.isNaN(e.lower()) && !e.method().isEmpty()) {
        metricsOf.computeIfAbsent(e.method(), m -> new java.util.ArrayList<>()).add(e.name());
      }
    }
    if (metricsOf.size() == 1) {
      line("  intervals: " + metricsOf.keySet().iterator().next());
    } else if (!metricsOf.isEmpty()) {
      StringBuilder text = new StringBuilder();
      metricsOf.forEach((method, names) -> text.append(text.length() == 0 ? "" : "; ").append(method).append(" (")
          .append(String.join(", ", names)).append(')'));
      line("  intervals: " + text);
    }
  }

  private void warnings(List<String> warnings) {
    if (warnings.isEmpty()) {
      line("warnings: none");
      return;
    }
    line("warnings:");
    warnings.stream().limit(WARNINGS_SHOWN).forEach(w -> line("- " + firstSentence(w)));
    more(warnings.size(), WARNINGS_SHOWN, "warnings", "result.warnings()");
  }

  private void steps(JsonNode spec, FittedPipeline pipeline) {
    List<String> steps = new ArrayList<>();
    spec.path("steps").forEach(step -> steps.add(step(step, "step")));
    if (steps.isEmpty() && pipeline != null) {
      pipeline.transforms().forEach(t -> steps.add(t.tag() + " " + names(t.inputColumns())));
    }
    line(steps.isEmpty() ? "steps: none" : "steps:");
    for (int i = 0; i < Math.min(steps.size(), STEPS_SHOWN); i++) {
      line("  " + (i + 1) + ". " + steps.get(i));
    }
    more(steps.size(), STEPS_SHOWN, "steps", "result.bundle().spec()");
    if (spec.has("trainer")) {
      line("trainer: " + step(spec.get("trainer"), "algorithm"));
    }
    if (spec.has("calibration")) {
      line("calibration: " + step(spec.get("calibration"), "method"));
    }
  }

  private void audit(PipelineResult result) {
    if (result.audit() == null) {
      return;
    }
    List<AuditFinding> findings = result.audit().findings();
    if (findings.isEmpty()) {
      line(result.audit().toString());
      return;
    }
    line("leakage audit: " + findings.size() + (findings.size() == 1 ? " finding" : " findings") + " (result.audit() says what to do)");
    for (AuditFinding f : findings.subList(0, Math.min(findings.size(), FINDINGS_SHOWN))) {
      line("- " + f.severity() + " " + f.kind() + (f.columns().isEmpty() ? "" : " " + names(f.columns())) + ": "
          + firstSentence(f.message()));
    }
    more(findings.size(), FINDINGS_SHOWN, "findings", "result.audit()");
  }

  /** One line: the whole fit's seconds, then each phase's (none for a result not made by fit). */
  private void timings(Map<String, java.time.Duration> timings) {
    if (timings.isEmpty()) {
      return;
    }
    StringBuilder phases = new StringBuilder();
    long total = 0;
    for (Map.Entry<String, java.time.Duration> e : timings.entrySet()) {
      total += e.getValue().toNanos();
      phases.append(phases.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(seconds(e.getValue().toNanos()));
    }
    line("fit took " + seconds(total) + " s: " + phases + " (result.timings())");
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  /** A step or trainer from the spec: its name, its columns, and its other settings in parentheses. */
  private static String step(JsonNode node, String nameField) {
    StringBuilder s = new StringBuilder(node.path(nameField).asText("?"));
    if (node.has("columns")) {
      List<String> columns = new ArrayList<>();
      node.get("columns").forEach(c -> columns.add(c.asText()));
      s.append(' ').append(names(columns));
    }
    List<String> settings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getKey().equals(nameField) && !e.getKey().equals("columns")) {
        settings.add(e.getKey() + " " + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
      }
    }
    return settings.isEmpty() ? s.toString() : s.append(" (").append(String.join(", ", settings)).append(')').toString();
  }

  private static JsonNode spec(ModelBundle bundle) {
    if (bundle == null) {
      return new ObjectMapper().createObjectNode();
    }
    try {
      return new ObjectMapper().readTree(bundle.spec());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the bundle's spec is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String names(List<String> names) {
    if (names.size() <= COLUMNS_SHOWN) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, COLUMNS_SHOWN)) + ", +" + (names.size() - COLUMNS_SHOWN) + " more";
  }

  /** The text up to the end of its first sentence. */
  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    return end < 0 ? text : text.substring(0, end + 1);
  }

  private void more(int count, int shown, String what, String where) {
    if (count > shown) {
      line("  ... " + (count - shown) + " more " + what + " in " + where);
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private void line(String s) {
    text.append(s).append('\n');
  }
}
