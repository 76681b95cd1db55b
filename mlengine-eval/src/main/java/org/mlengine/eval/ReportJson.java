package org.mlengine.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.PipelineResult;

/**
 * Renders a report's JSON twin: the same numbers as the HTML page (exact, where the page shows
 * them rounded), NaN and infinities as {@code null}, keys in a fixed order, {@code \n} line ends.
 */
final class ReportJson {
  /** The format name and version in every report.json. */
  static final String FORMAT = "mlengine-report";
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectWriter WRITER =
      MAPPER.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private ReportJson() {}

  static String sectionId(int index) {
    return "section-" + (index + 1);
  }

  static String chartId(int index) {
    return "chart-" + (index + 1);
  }

  static String render(PipelineResult result, List<ReportSection> sections, Map<String, Object> values) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("title", ReportHtml.title(result));
    root.put("task", result.pipeline().task().name());
    root.put("target", result.pipeline().target());
    ArrayNode classes = root.putArray("classes");
    result.pipeline().classes().forEach(classes::add);
    ObjectNode rows = root.putObject("rows");
    rows.put("train", result.partition().train().length());
    rows.put("validation", result.partition().validation().length());
    rows.put("test", result.testOutcomes().size());

    ArrayNode metrics = root.putArray("metrics");
    for (MetricEstimate e : result.estimates()) {
      ObjectNode m = metrics.addObject();
      m.put("name", e.name());
      number(m, "value", e.value());
      number(m, "lower", e.lower());
      number(m, "upper", e.upper());
      m.put("method", e.method());
      ObjectNode baselines = m.putObject("baselines");
      e.baselines().forEach((name, value) -> number(baselines, name, value));
    }
    ObjectNode validation = root.putObject("validationMetrics");
    result.validationMetrics().forEach((name, value) -> number(validation, name, value));
    ArrayNode warnings = root.putArray("warnings");
    result.warnings().forEach(warnings::add);

    ModelBundle bundle = result.bundle();
    ObjectNode lineage = root.putObject("lineage");
    lineage.put("bundleId", bundle.id());
    lineage.put("label", bundle.label());
    lineage.put("parentId", bundle.parentId().orElse(null));
    lineage.put("libraryVersion", bundle.libraryVersion());
    lineage.put("formatVersion", bundle.formatVersion());
    lineage.put("createdAt", bundle.createdAt().toString());
    lineage.put("modelKind", bundle.modelKind());
    lineage.put("trainingRows", bundle.trainingRows());
    lineage.put("augmentedRows", bundle.augmentedRows());
    lineage.put("trainingDataSha256", bundle.trainingDataSha256());
    bundle.refit().ifPresent(r -> lineage.putObject("refit").put("fittedRows", r.fittedRows())
        .put("evaluatedTrainingRows", r.evaluatedTrainingRows()).put("heldOutRows", r.heldOutRows()).put("note", r.describe()));
    lineage.set("spec", spec(bundle));

    ArrayNode out = root.putArray("sections");
    for (int i = 0; i < sections.size(); i++) {
      out.add(section(sections.get(i), sectionId(i), chartId(i)));
    }
    values.forEach((name, value) -> root.set(name, MAPPER.valueToTree(value)));
    return write(root) + "\n";
  }

  private static ObjectNode section(ReportSection section, String id, String chartId) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("id", id);
    s.put("title", section.title());
    s.put("note", section.note());
    if (section.headers().isEmpty()) {
      s.putNull("table");
    } else {
      ObjectNode table = s.putObject("table");
      ArrayNode headers = table.putArray("headers");
      section.headers().forEach(headers::add);
      ArrayNode rows = table.putArray("rows");
      for (List<Object> row : section.rows()) {
        ArrayNode r = rows.addArray();
        for (Object cell : row) {
          if (cell instanceof Number n) {
            cell(r, n);
          } else {
            r.add((String) cell);
          }
        }
      }
    }
    if (section.chart().isEmpty()) {
      s.putNull("chart");
    } else {
      ReportChart chart = section.chart().get();
      ObjectNode c = s.putObject("chart");
      c.put("id", chartId);
      c.put("title", chart.title());
      c.put("xLabel", chart.xLabel());
      c.put("yLabel", chart.yLabel());
      ArrayNode series = c.putArray("series");
      for (ReportSeries one : chart.series()) {
        ObjectNode o = series.addObject();
        o.put("name", one.name());
        o.put("mark", one.mark().name());
        o.put("points", one.size());
        ArrayNode x = o.putArray("x");
        one.x().forEach(x::add);
        ArrayNode y = o.putArray("y");
        one.y().forEach(y::add);
      }
    }
    return s;
  }

  private static void cell(ArrayNode row, Number n) {
    if (n instanceof BigInteger big) {
      row.add(big);
    } else if (ReportFormat.integral(n)) {
      row.add(n.longValue());
    } else if (Double.isFinite(n.doubleValue())) {
      row.add(n.doubleValue());
    } else {
      row.addNull();
    }
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static JsonNode spec(ModelBundle bundle) {
    try {
      return MAPPER.readTree(bundle.spec());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the bundle's pipeline spec is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The pipeline spec, indented, for the page. */
  static String prettySpec(ModelBundle bundle) {
    return write(spec(bundle));
  }

  private static String write(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report's JSON: " + e.getOriginalMessage(), e);
    }
  }
}
