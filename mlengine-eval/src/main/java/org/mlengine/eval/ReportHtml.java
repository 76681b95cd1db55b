package org.mlengine.eval;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.PipelineResult;

/**
 * Renders a report as one self-contained HTML page that is also well-formed XML (so tests can
 * parse it): inline styles, inline SVG charts, and one inline script that only measures the
 * charts. The content security policy allows nothing but those, so the page cannot load
 * anything from a network.
 */
final class ReportHtml {
  /**
   * Measures every chart after layout and writes the result into {@code <pre id="render-check">}:
   * per chart its id, the size of its plotted marks and per series the points drawn. Written
   * without '&lt;' and '&amp;' so the page stays well-formed XML.
   */
  static final String RENDER_CHECK_SCRIPT = String.join("\n",
      "(function () {",
      "  var charts = [];",
      "  document.querySelectorAll('svg.chart').forEach(function (svg) {",
      "    var marks = svg.querySelector('g.marks');",
      "    var box = marks.getBBox();",
      "    var series = [];",
      "    marks.querySelectorAll('.series').forEach(function (s) {",
      "      var drawn = s.tagName.toLowerCase() === 'polyline' ? s.points.numberOfItems : s.querySelectorAll('circle').length;",
      "      var b = s.getBBox();",
      "      series.push({name: s.getAttribute('data-name'), points: drawn, width: b.width, height: b.height});",
      "    });",
      "    charts.push({id: svg.id, width: box.width, height: box.height, series: series});",
      "  });",
      "  document.getElementById('render-check').textContent = JSON.stringify({charts: charts});",
      "})();");

  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
      + Base64.getEncoder().encodeToString(Hashing.sha256().hashString(RENDER_CHECK_SCRIPT, StandardCharsets.UTF_8).asBytes())
      + "'";

  private static final String STYLE = String.join("\n",
      "body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 980px;",
      "  padding: 0 1em; color: #222; line-height: 1.45; }",
      "h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; margin-top: 2em; }",
      "table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; }",
      "section > table { display: block; max-width: 100%; overflow-x: auto; } td.num { white-space: nowrap; }",
      "th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }",
      "th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }",
      "code, pre { font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.9em; }",
      "pre.spec { background: #f7f7f7; border: 1px solid #ddd; padding: 0.8em; overflow-x: auto; }",
      "p.note { color: #444; } ul.warnings li { color: #8a4b00; } nav ol { columns: 2; }",
      "svg.chart { display: block; max-width: 100%; height: auto; margin: 0.8em 0; }",
      "svg.chart text { font-size: 12px; fill: #333; } svg.chart text.title { font-size: 14px; font-weight: 600; }",
      "svg.chart .grid line { stroke: #e6e6e6; } svg.chart .axes rect { stroke: #999; }",
      "svg.chart polyline.line { stroke-width: 1.8; } svg.chart polyline.dashed { stroke-width: 1.2; stroke-dasharray: 5 4; }",
      "svg.chart .points circle { fill-opacity: 0.6; }");

  private ReportHtml() {}

  static String render(PipelineResult result, List<ReportSection> sections) {
    ModelBundle bundle = result.bundle();
    StringBuilder html = new StringBuilder(64 * 1024);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(ReportFormat.escape(CSP)).append("\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>").append(ReportFormat.escape(title(result))).append("</title>\n")
        .append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n");
    html.append("<h1>").append(ReportFormat.escape(title(result))).append("</h1>\n");
    html.append("<p class=\"summary\">").append(ReportFormat.escape(summary(result))).append("</p>\n");

    List<String[]> toc = new ArrayList<>();
    toc.add(new String[] {"metrics", "Metrics on the test part"});
    toc.add(new String[] {"warnings", "Warnings"});
    for (int i = 0; i < sections.size(); i++) {
      toc.add(new String[] {ReportJson.sectionId(i), sections.get(i).title()});
    }
    toc.add(new String[] {"lineage", "Bundle and lineage"});
    html.append("<nav><ol>");
    for (String[] entry : toc) {
      html.append("<li><a href=\"#").append(entry[0]).append("\">").append(ReportFormat.escape(entry[1])).append("</a></li>");
    }
    html.append("</ol></nav>\n");

    StringBuilder validation = new StringBuilder();
    if (!result.validationMetrics().isEmpty()) {
      List<List<Object>> rows = new ArrayList<>();
      result.validationMetrics().forEach((name, value) -> rows.add(List.of(name, value)));
      validation.append("<h3>On the validation part</h3>\n");
      table(validation, List.of("metric", "value"), rows, "validation-metrics");
    }
    section(html, "metrics", metricsSection(result.estimates()), Optional.empty(), validation.toString());

    html.append("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
    if (result.warnings().isEmpty()) {
      html.append("<p class=\"note\">None: on every metric the model is significantly better than every baseline.</p>\n");
    } else {
      html.append("<ul class=\"warnings\">\n");
      for (String w : result.warnings()) {
        html.append("<li>").append(ReportFormat.escape(w)).append("</li>\n");
      }
      html.append("</ul>\n");
    }
    html.append("</section>\n");

    for (int i = 0; i < sections.size(); i++) {
      section(html, ReportJson.sectionId(i), sections.get(i), Optional.of(ReportJson.chartId(i)), "");
    }

    section(html, "lineage", lineageSection(bundle), Optional.empty(),
        "<h3>Pipeline spec</h3>\n<pre class=\"spec\">" + ReportFormat.escape(ReportJson.prettySpec(bundle)) + "</pre>\n");

    html.append("<pre id=\"render-check\" hidden=\"hidden\"></pre>\n");
    // The policy's hash covers the script's exact text: nothing may stand between the tags and it.
    html.append("<script>").append(RENDER_CHECK_SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  static String title(PipelineResult result) {
    return "Evaluation report: " + result.pipeline().task().name().toLowerCase(Locale.ROOT) + " of '" + result.pipeline().target() + "'";
  }

  private static String summary(PipelineResult result) {
    ModelBundle bundle = result.bundle();
    String classes = result.pipeline().classes().isEmpty() ? "" : " Classes: " + String.join(", ", result.pipeline().classes()) + ".";
    String refit = bundle.refit().map(r -> " Refitted: " + r.describe()).orElse("");
    return String.format(Locale.ROOT, "%d training rows, %d validation rows, %d test rows; %s model.%s Bundle %s%s.%s",
        result.partition().train().length(), result.partition().validation().length(), result.testOutcomes().size(),
        bundle.modelKind(), classes, bundle.id(), bundle.label().isEmpty() ? "" : " ('" + bundle.label() + "')", refit);
  }

  /** The metrics table: value, interval and each baseline's value on the same rows. */
  static ReportSection metricsSection(List<MetricEstimate> estimates) {
    Set<String> baselines = new LinkedHashSet<>();
    estimates.forEach(e -> baselines.addAll(e.baselines().keySet()));
    List<String> headers = new ArrayList<>(List.of("metric", "value", "lower", "upper", "interval"));
    baselines.forEach(b -> headers.add("baseline " + b));
    List<List<Object>> rows = new ArrayList<>();
    for (MetricEstimate e : estimates) {
      List<Object> row = new ArrayList<>(List.of(e.name(), e.value(), e.lower(), e.upper(), e.method()));
      for (String b : baselines) {
        row.add(e.baselines().getOrDefault(b, Double.NaN));
      }
      rows.add(row);
    }
    String interval = estimates.isEmpty() ? "" : " The interval is the " + estimates.get(0).method() + " one.";
    return ReportSection.table("Metrics on the test part", headers, rows).withNote(
        "Each metric on the test rows with its interval, beside what the baselines (which ignore the features) reach on the"
            + " same rows." + interval);
  }

  /** Where the model came from: the bundle's identity and provenance. */
  static ReportSection lineageSection(ModelBundle bundle) {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(List.of("bundle id", bundle.id()));
    rows.add(List.of("label", bundle.label().isEmpty() ? "(none)" : bundle.label()));
    rows.add(List.of("parent bundle id", bundle.parentId().orElse("(none)")));
    rows.add(List.of("library version", bundle.libraryVersion()));
    rows.add(List.of("bundle format version", (long) bundle.formatVersion()));
    rows.add(List.of("created at", bundle.createdAt().toString()));
    rows.add(List.of("model kind", bundle.modelKind()));
    rows.add(List.of("training rows", (long) bundle.trainingRows()));
    rows.add(List.of("rows added by augmenters", (long) bundle.augmentedRows()));
    rows.add(List.of("training data SHA-256", bundle.trainingDataSha256()));
    bundle.refit().ifPresent(r -> {
      rows.add(List.of("rows the evaluated model was fitted on", (long) r.evaluatedTrainingRows()));
      rows.add(List.of("held-out rows the metrics come from", (long) r.heldOutRows()));
    });
    ReportSection section = ReportSection.table("Bundle and lineage", List.of("field", "value"), rows);
    return bundle.refit().map(r -> section.withNote("Refitted: " + r.describe())).orElse(section);
  }

  /** A section: heading, note, table, chart, then {@code after} (HTML already escaped). */
  private static void section(StringBuilder html, String id, ReportSection section, Optional<String> chartId, String after) {
    html.append("<section id=\"").append(id).append("\">\n<h2>").append(ReportFormat.escape(section.title())).append("</h2>\n");
    if (!section.note().isEmpty()) {
      html.append("<p class=\"note\">").append(ReportFormat.escape(section.note())).append("</p>\n");
    }
    if (!section.headers().isEmpty()) {
      table(html, section.headers(), section.rows(), id + "-table");
    }
    section.chart().ifPresent(chart -> html.append(ReportSvg.render(chart, chartId.orElseThrow())).append('\n'));
    html.append(after).append("</section>\n");
  }

  private static void table(StringBuilder html, List<String> headers, List<List<Object>> rows, String id) {
    html.append("<table id=\"").append(id).append("\">\n<thead><tr>");
    for (String h : headers) {
      html.append("<th>").append(ReportFormat.escape(h)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      html.append("<tr>");
      for (Object cell : row) {
        if (cell instanceof Number n) {
          String exact = ReportFormat.exact(n);
          html.append("<td class=\"num\"");
          if (exact != null) {
            html.append(" data-value=\"").append(exact).append('"');
          }
          html.append('>').append(ReportFormat.shown(n)).append("</td>");
        } else {
          html.append("<td>").append(ReportFormat.escape((String) cell)).append("</td>");
        }
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }
}
