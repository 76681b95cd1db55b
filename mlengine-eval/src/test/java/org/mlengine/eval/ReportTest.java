package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.eval.ReportPages.drawnPoints;
import static org.mlengine.eval.ReportPages.one;
import static org.mlengine.eval.ReportPages.parseHtml;
import static org.mlengine.eval.ReportPages.parseJson;
import static org.mlengine.eval.ReportPages.section;
import static org.mlengine.eval.ReportPages.select;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.ReportFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The report without a browser: the page is self-contained and well-formed, the JSON twin holds
 * the numbers the page shows, the curves are the module's own, sections can be added, the output
 * is deterministic and writing is all or nothing. Real data: the credit data for classification
 * and regression (see {@link ReportFixtures}).
 */
class ReportTest {
  @TempDir Path dir;

  private static List<PipelineResult> all() {
    return List.of(ReportFixtures.classification(), ReportFixtures.regression(), ReportFixtures.threeClasses());
  }

  // ---- self-contained, well-formed ----

  @Test
  void toHtml_everyTask_isWellFormedAndLoadsNothingFromOutside() {
    for (PipelineResult result : all()) {
      String html = Report.of(result).toHtml();
      Document page = parseHtml(html);
      Element csp = one(page, "//meta[@http-equiv='Content-Security-Policy']");
      assertTrue(csp.getAttribute("content").startsWith("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"),
          csp.getAttribute("content"));
      assertAll(
          () -> assertEquals(List.of(), select(page, "//*[@src]"), "no element may load a source"),
          () -> assertEquals(List.of(), select(page, "//link"), "no linked style sheet"),
          () -> assertEquals(1, select(page, "//script").size(), "only the render check script"),
          () -> assertFalse(html.contains("url(") || html.contains("@import"), "no style may load anything"));
      for (Element a : select(page, "//*[@href]")) {
        assertTrue(a.getAttribute("href").startsWith("#"), () -> "a link leaves the page: " + a.getAttribute("href"));
        String target = a.getAttribute("href").substring(1);
        assertEquals(1, select(page, "//*[@id='" + target + "']").size(), () -> "the contents link to a missing #" + target);
      }
    }
  }

  // ---- the JSON twin holds the page's numbers ----

  @Test
  void toJson_everyTask_holdsEveryNumberThePageShows() {
    for (PipelineResult result : all()) {
      assertTwinHoldsEveryShownNumber(Report.of(result));
    }
  }

  /** Every number cell of the page is in the JSON twin exactly, and shows that value rounded. */
  static void assertTwinHoldsEveryShownNumber(Report report) {
    Document page = parseHtml(report.toHtml());
    JsonNode json = parseJson(report.toJson());
    Set<Double> numbers = new HashSet<>(ReportPages.numbers(json));
    List<Element> cells = select(page, "//td[@class='num']");
    assertTrue(cells.size() > 20, () -> "only " + cells.size() + " number cells");
    for (Element td : cells) {
      if (!td.hasAttribute("data-value")) {
        assertEquals("n/a", td.getTextContent());
        continue;
      }
      String exact = td.getAttribute("data-value");
      double value = Double.parseDouble(exact);
      assertTrue(numbers.contains(value), () -> "the page shows " + exact + " but the JSON twin has no such number");
      Number asNumber = exact.matches("-?\\d+") ? (Number) Long.parseLong(exact) : (Number) value;
      assertEquals(ReportFormat.shown(asNumber), td.getTextContent(), "a cell shows its exact value rounded");
    }
  }

  @Test
  void toJson_classification_metricsTableCellsAreTheEstimatesExactly() {
    PipelineResult result = ReportFixtures.classification();
    Report report = Report.of(result);
    Document page = parseHtml(report.toHtml());
    JsonNode metrics = parseJson(report.toJson()).get("metrics");
    List<Element> rows = select(page, "//section[@id='metrics']/table/tbody/tr");
    assertEquals(result.estimates().size(), rows.size());
    assertEquals(List.of("metric", "value", "lower", "upper", "interval", "baseline zero_rule", "baseline uniform_random",
        "baseline stratified_random"), texts(select(page, "//section[@id='metrics']/table/thead/tr/th")));
    for (int i = 0; i < rows.size(); i++) {
      MetricEstimate e = result.estimates().get(i);
      List<Element> td = select(rows.get(i), "td");
      JsonNode m = metrics.get(i);
      assertEquals(e.name(), td.get(0).getTextContent());
      assertEquals(e.name(), m.get("name").asText());
      double[] shown = {value(td.get(1)), value(td.get(2)), value(td.get(3)), value(td.get(5)), value(td.get(6)), value(td.get(7))};
      double[] twin = {m.get("value").doubleValue(), m.get("lower").doubleValue(), m.get("upper").doubleValue(),
          m.get("baselines").get("zero_rule").doubleValue(), m.get("baselines").get("uniform_random").doubleValue(),
          m.get("baselines").get("stratified_random").doubleValue()};
      double[] estimate = {e.value(), e.lower(), e.upper(), e.baselines().get("zero_rule"), e.baselines().get("uniform_random"),
          e.baselines().get("stratified_random")};
      assertArrayEquals(estimate, shown, 0.0, e.name());
      assertArrayEquals(estimate, twin, 0.0, e.name());
      assertEquals(e.method(), td.get(4).getTextContent());
    }
  }

  // ---- the curves are Metrics' and Calibration's ----

  @Test
  void report_classification_rocCurveHasMetricsRocCurvePoints() {
    PipelineResult result = ReportFixtures.classification();
    Outcomes o = result.testOutcomes();
    RocCurve roc = MetricFunctions.rocCurve(positives(o, 1), o.probabilities(1));
    Report report = Report.of(result);
    JsonNode section = section(parseJson(report.toJson()), "ROC curve");
    JsonNode model = section.get("chart").get("series").get(0);
    assertEquals("model", model.get("name").asText());
    assertEquals(roc.fpr().size(), model.get("points").asInt());
    assertEquals(roc.fpr(), doubles(model.get("x")));
    assertEquals(roc.tpr(), doubles(model.get("y")));
    assertTrue(roc.fpr().size() > 100, () -> "a forest on 891 rows gives a detailed curve, got " + roc.fpr().size() + " points");

    Document page = parseHtml(report.toHtml());
    String chartId = section.get("chart").get("id").asText();
    Element polyline = one(page, "//*[@id='" + chartId + "']//*[@data-name='model']");
    assertEquals(roc.fpr().size(), drawnPoints(polyline));
    assertEquals(String.valueOf(roc.fpr().size()), polyline.getAttribute("data-points"));

    JsonNode row = section.get("table").get("rows").get(0);
    assertEquals("good", row.get(0).asText());
    assertEquals(roc.auc(), row.get(3).doubleValue(), 0.0);
    assertEquals(result.metrics().get("roc_auc"), roc.auc(), 1e-12, "the curve's area is the reported ROC AUC");
    assertEquals(roc.fpr().size(), row.get(4).asInt());
  }

  @Test
  void report_classification_precisionRecallAndReliabilityComeFromMetricsAndCalibration() {
    PipelineResult result = ReportFixtures.classification();
    Outcomes o = result.testOutcomes();
    int[] y = positives(o, 1);
    double[] p = o.probabilities(1);
    JsonNode json = parseJson(Report.of(result).toJson());

    PrecisionRecallCurve pr = MetricFunctions.precisionRecallCurve(y, p);
    JsonNode prSection = section(json, "Precision–recall curve");
    JsonNode prModel = prSection.get("chart").get("series").get(0);
    assertEquals(pr.recall(), doubles(prModel.get("x")));
    assertEquals(pr.precision(), doubles(prModel.get("y")));
    assertEquals(MetricFunctions.averagePrecision(y, p), prSection.get("table").get("rows").get(0).get(2).doubleValue(), 0.0);

    ReliabilityCurve curve = Calibration.reliabilityCurve(y, p, 10, Binning.UNIFORM);
    JsonNode reliability = section(json, "Calibration (reliability) curve");
    JsonNode model = reliability.get("chart").get("series").get(0);
    assertEquals(curve.probPred(), doubles(model.get("x")));
    assertEquals(curve.probTrue(), doubles(model.get("y")));
    JsonNode rows = reliability.get("table").get("rows");
    assertEquals(curve.counts().size(), rows.size());
    long counted = 0;
    for (int b = 0; b < rows.size(); b++) {
      assertEquals(curve.counts().get(b), rows.get(b).get(3).asLong());
      counted += rows.get(b).get(3).asLong();
    }
    assertEquals(o.size(), counted, "the bins hold every test row");
  }

  @Test
  void report_classification_confusionMatrixCountsEveryTestRow() {
    PipelineResult result = ReportFixtures.classification();
    Outcomes o = result.testOutcomes();
    ConfusionMatrix expected = MetricFunctions.confusionMatrix(o.trueClasses(), o.predictedClasses(), 0, 1);
    Document page = parseHtml(Report.of(result).toHtml());
    JsonNode json = parseJson(Report.of(result).toJson());
    String id = section(json, "Confusion matrix").get("id").asText();
    assertEquals(List.of("true \\ predicted", "bad", "good"), texts(select(page, "//section[@id='" + id + "']//th")));
    List<Element> rows = select(page, "//section[@id='" + id + "']//tbody/tr");
    long total = 0;
    for (int r = 0; r < 2; r++) {
      List<Element> td = select(rows.get(r), "td");
      assertEquals(o.classes().get(r), td.get(0).getTextContent());
      for (int c = 0; c < 2; c++) {
        assertEquals(expected.count(r, c), Long.parseLong(td.get(c + 1).getAttribute("data-value")));
        total += expected.count(r, c);
      }
    }
    assertEquals(o.size(), total);
  }

  @Test
  void report_threeClasses_drawsEachClassAgainstTheRest() {
    PipelineResult result = ReportFixtures.threeClasses();
    Outcomes o = result.testOutcomes();
    JsonNode json = parseJson(Report.of(result).toJson());
    JsonNode series = section(json, "ROC curve").get("chart").get("series");
    assertEquals(4, series.size(), "three classes and the chance line");
    for (int c = 0; c < 3; c++) {
      RocCurve roc = MetricFunctions.rocCurve(positives(o, c), o.probabilities(c));
      assertEquals("'" + o.classes().get(c) + "' vs rest", series.get(c).get("name").asText());
      assertEquals(roc.tpr(), doubles(series.get(c).get("y")));
    }
    assertEquals("chance", series.get(3).get("name").asText());
    assertEquals(3, section(json, "Confusion matrix").get("table").get("rows").size());
    assertEquals(3, section(json, "Precision–recall curve").get("chart").get("series").size(), "no chance line per class");
  }

  @Test
  void report_regression_plotsEveryTestRowAndItsResidual() {
    PipelineResult result = ReportFixtures.regression();
    Outcomes o = result.testOutcomes();
    double[] actual = o.actualValues();
    double[] predicted = o.predictedValues();
    JsonNode json = parseJson(Report.of(result).toJson());
    assertEquals(List.of("Predicted against actual", "Residuals"),
        List.of(json.get("sections").get(0).get("title").asText(), json.get("sections").get(1).get("title").asText()));
    JsonNode scatter = section(json, "Predicted against actual").get("chart").get("series").get(0);
    assertEquals(o.size(), scatter.get("points").asInt());
    assertEquals(Lists.of(actual), doubles(scatter.get("x")));
    assertEquals(Lists.of(predicted), doubles(scatter.get("y")));
    JsonNode residuals = section(json, "Residuals");
    JsonNode dots = residuals.get("chart").get("series").get(0);
    double mean = 0;
    for (int i = 0; i < actual.length; i++) {
      assertEquals(predicted[i], dots.get("x").get(i).doubleValue(), 0.0);
      assertEquals(actual[i] - predicted[i], dots.get("y").get(i).doubleValue(), 0.0);
      mean += (actual[i] - predicted[i]) / actual.length;
    }
    JsonNode stats = residuals.get("table").get("rows");
    assertEquals(o.size(), stats.get(0).get(1).asInt());
    assertEquals(mean, stats.get(1).get(1).doubleValue(), 1e-9);
    assertEquals(List.of("rmse", "mae", "r2"), List.of(json.get("metrics").get(0).get("name").asText(),
        json.get("metrics").get(1).get("name").asText(), json.get("metrics").get(2).get("name").asText()));
  }

  @Test
  void toHtml_everyChart_drawsAsManyPointsAsItsJsonSeriesInsideThePlot() {
    for (PipelineResult result : all()) {
      Report report = Report.of(result);
      Document page = parseHtml(report.toHtml());
      JsonNode json = parseJson(report.toJson());
      int charts = 0;
      for (JsonNode s : json.get("sections")) {
        if (s.get("chart").isNull()) {
          continue;
        }
        charts++;
        JsonNode chart = s.get("chart");
        Element svg = one(page, "//*[@id='" + chart.get("id").asText() + "']");
        assertEquals("chart", svg.getAttribute("class"));
        List<Element> drawn = select(svg, ".//*[contains(@class, 'series')]");
        assertEquals(chart.get("series").size(), drawn.size());
        for (int i = 0; i < drawn.size(); i++) {
          JsonNode series = chart.get("series").get(i);
          assertEquals(series.get("x").size(), drawnPoints(drawn.get(i)), series.get("name").asText());
          assertEquals(series.get("name").asText(), drawn.get(i).getAttribute("data-name"));
        }
        for (Element c : select(svg, ".//*[@class='marks']//circle")) {
          assertInside(Double.parseDouble(c.getAttribute("cx")), Double.parseDouble(c.getAttribute("cy")));
        }
        for (Element line : select(svg, ".//*[@class='marks']/polyline")) {
          for (String xy : line.getAttribute("points").split(" ")) {
            String[] parts = xy.split(",");
            assertInside(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
          }
        }
      }
      assertEquals(charts, select(page, "//*[local-name()='svg']").size(), "one svg per chart");
      assertTrue(charts >= 2);
    }
  }

  // ---- test parts the curves cannot describe ----

  /** The classification fixture's result with other test outcomes in its place. */
  private static PipelineResult withTestOutcomes(PipelineResult result, Outcomes outcomes) {
    return new PipelineResult(result.pipeline(), result.bundle(), result.partition(), result.metrics(), result.validationMetrics(),
        result.estimates(), result.warnings(), outcomes, result.validationOutcomes());
  }

  @Test
  void report_testPartWithOneClass_saysWhyNoCurveIsDrawnAndKeepsTheConfusionMatrix() {
    PipelineResult result = withTestOutcomes(ReportFixtures.classification(), Outcomes.classification(List.of("bad", "good"),
        new int[] {1, 1, 1}, new double[][] {{0.2, 0.8}, {0.6, 0.4}, {0.1, 0.9}}));
    JsonNode sections = parseJson(Report.of(result).toJson()).get("sections");
    assertEquals(List.of("Curves", "Confusion matrix", "Worst slices", "Leakage audit", "Data profile"), titles(sections));
    assertEquals("Curves", sections.get(0).get("title").asText());
    assertEquals("No ROC, precision–recall or reliability curve: the test part holds only class 'good'; every curve needs rows"
        + " of both kinds.", sections.get(0).get("note").asText());
    assertEquals("[[\"bad\",0,0],[\"good\",1,2]]", section(parseJson(Report.of(result).toJson()), "Confusion matrix")
        .get("table").get("rows").toString());
    parseHtml(Report.of(result).toHtml());
  }

  @Test
  void report_classMissingFromTheTestPart_drawsTheOthersAndNamesIt() {
    PipelineResult three = ReportFixtures.threeClasses();
    PipelineResult result = withTestOutcomes(three, Outcomes.classification(List.of("a", "b", "c"),
        new int[] {0, 1, 0, 1}, new double[][] {{0.7, 0.2, 0.1}, {0.3, 0.5, 0.2}, {0.4, 0.4, 0.2}, {0.5, 0.3, 0.2}}));
    JsonNode roc = section(parseJson(Report.of(result).toJson()), "ROC curve");
    assertEquals(List.of("'a' vs rest", "'b' vs rest", "chance"),
        List.of(roc.get("chart").get("series").get(0).get("name").asText(), roc.get("chart").get("series").get(1).get("name").asText(),
            roc.get("chart").get("series").get(2).get("name").asText()));
    assertTrue(roc.get("note").asText().endsWith(" Not drawn for 'c': the test part holds no rows of that class, or only those,"
        + " so the curve is undefined."), roc.get("note").asText());
  }

  @Test
  void report_regressionWithNonFiniteValues_leavesThoseRowsOutAndSaysHowMany() {
    PipelineResult regression = ReportFixtures.regression();
    PipelineResult someNaN = withTestOutcomes(regression,
        Outcomes.regression(new double[] {1, 2, 3, Double.NaN}, new double[] {1.5, Double.POSITIVE_INFINITY, 2.5, 4}));
    JsonNode json = parseJson(Report.of(someNaN).toJson());
    JsonNode dots = section(json, "Residuals").get("chart").get("series").get(0);
    assertEquals("[1.5,2.5]", dots.get("x").toString());
    assertEquals("[-0.5,0.5]", dots.get("y").toString());
    assertTrue(section(json, "Residuals").get("note").asText().endsWith(" 2 rows with a missing or non-finite value are left out."));

    PipelineResult allNaN = withTestOutcomes(regression, Outcomes.regression(new double[] {Double.NaN}, new double[] {1}));
    JsonNode none = parseJson(Report.of(allNaN).toJson()).get("sections");
    assertEquals(List.of("Residuals", "Worst slices", "Leakage audit", "Data profile"), titles(none));
    assertEquals("No residual plot: no test row has a finite actual and predicted value.", none.get(0).get("note").asText());
  }

  // ---- lineage ----

  @Test
  void report_lineage_showsTheBundlesIdentityAndSpec() {
    PipelineResult result = ReportFixtures.classification();
    ModelBundle bundle = result.bundle();
    Report report = Report.of(result);
    Document page = parseHtml(report.toHtml());
    JsonNode lineage = parseJson(report.toJson()).get("lineage");
    List<String> shown = texts(select(page, "//section[@id='lineage']/table/tbody/tr/td"));
    assertEquals(List.of("bundle id", bundle.id(), "label", "(none)", "parent bundle id", "(none)", "library version",
        bundle.libraryVersion(), "bundle format version", "1", "created at", bundle.createdAt().toString(), "model kind", "forest",
        "training rows", String.valueOf(bundle.trainingRows()), "rows added by augmenters", "0", "training data SHA-256",
        bundle.trainingDataSha256()), shown);
    assertAll(
        () -> assertEquals(bundle.id(), lineage.get("bundleId").asText()),
        () -> assertTrue(lineage.get("parentId").isNull()),
        () -> assertEquals(ModelBundle.FORMAT_VERSION, lineage.get("formatVersion").asInt()),
        () -> assertEquals(bundle.createdAt().toString(), lineage.get("createdAt").asText()),
        () -> assertEquals(bundle.trainingDataSha256(), lineage.get("trainingDataSha256").asText()),
        () -> assertEquals(parseJson(bundle.spec()), lineage.get("spec")),
        () -> assertEquals(parseJson(bundle.spec()), parseJson(one(page, "//pre[@class='spec']").getTextContent())));

    ModelBundle child = bundle.withParent(bundle).withLabel("child");
    PipelineResult derived = new PipelineResult(result.pipeline(), child, result.partition(), result.metrics(),
        result.validationMetrics(), result.estimates(), result.warnings(), result.testOutcomes(), result.validationOutcomes());
    JsonNode childLineage = parseJson(Report.of(derived).toJson()).get("lineage");
    assertEquals(bundle.id(), childLineage.get("parentId").asText());
    assertEquals("child", childLineage.get("label").asText());
  }

  // ---- added sections ----

  @Test
  void table_addedSection_rendersInPageAndTwinWithEveryTextEscaped() {
    PipelineResult result = ReportFixtures.classification();
    String title = "Worst <slices> & \"friends\" 'of' </section>";
    String evil = "<script>alert('x')</script>";
    Report base = Report.of(result);
    Report report = base.table(title, List.of("column", "value", "rows", "roc_auc"),
        List.of(List.of("Job", evil, 42, 0.61), List.of("Home", "other", 37L, Double.NaN)));
    assertEquals(base.sections().size() + 1, report.sections().size());
    assertEquals(8, base.sections().size(), "adding a section leaves the original report as it was");
    assertEquals(List.of("ROC curve", "Precision–recall curve", "Calibration (reliability) curve", "Confusion matrix",
        "Worst slices", "Leakage audit", "Leakage audit: rows each step was fitted on", "Data profile"),
        base.sections().stream().map(ReportSection::title).toList());

    Document page = parseHtml(report.toHtml());
    JsonNode added = parseJson(report.toJson()).get("sections").get(8);
    assertEquals("section-9", added.get("id").asText());
    Element section = one(page, "//section[@id='section-9']");
    assertEquals(title, one(section, "h2").getTextContent());
    assertEquals(List.of("Job", evil, "42", "0.6100", "Home", "other", "37", "n/a"), texts(select(section, ".//td")));
    assertEquals(1, select(page, "//script").size(), "the cell's script is text, not an element");
    assertEquals(title, added.get("title").asText());
    assertEquals("[[\"Job\",\"<script>alert('x')</script>\",42,0.61],[\"Home\",\"other\",37,null]]",
        added.get("table").get("rows").toString());
    assertTrue(added.get("chart").isNull());
    assertTrue(texts(select(page, "//nav//a")).contains(title), "the contents list the added section");
  }

  @Test
  void section_withChart_isDrawnAndKeptInTheTwin() {
    ReportChart chart = new ReportChart("Score by <trial>", "trial", "validation ROC AUC", List.of(
        ReportSeries.points("trials", new double[] {1, 2, 3, 4}, new double[] {0.81, 0.83, 0.82, 0.84}),
        ReportSeries.line("best so far", new double[] {1, 2, 3, 4}, new double[] {0.81, 0.83, 0.83, 0.84})));
    ReportSection trials = ReportSection.table("Tuning trials", List.of("trial", "score"), List.of(List.of(1, 0.81)))
        .withNote("made up for the test").withChart(chart);
    Report report = Report.of(ReportFixtures.regression()).section(trials);
    Document page = parseHtml(report.toHtml());
    JsonNode added = section(parseJson(report.toJson()), "Tuning trials");
    assertEquals("made up for the test", added.get("note").asText());
    assertEquals("chart-7", added.get("chart").get("id").asText(), "after the residuals, slices, audit (2) and profile");
    assertEquals("[0.81,0.83,0.82,0.84]", added.get("chart").get("series").get(0).get("y").toString());
    assertEquals("POINTS", added.get("chart").get("series").get(0).get("mark").asText());
    Element svg = one(page, "//*[@id='chart-7']");
    assertEquals("Score by <trial>", svg.getAttribute("aria-label"));
    assertEquals(List.of(4, 4), List.of(drawnPoints(select(svg, ".//*[@data-name='trials']").get(0)),
        drawnPoints(select(svg, ".//*[@data-name='best so far']").get(0))));
  }

  @Test
  void reportSection_badRowsAndCells_sayWhatWasWrongAndWhatToPass() {
    IllegalArgumentException shortRow = assertThrows(IllegalArgumentException.class,
        () -> ReportSection.table("Slices", List.of("column", "rows"), List.of(List.of("Job"))));
    assertEquals("report section 'Slices': row 0 has 1 cells for 2 headers [column, rows]; expected one cell per header",
        shortRow.getMessage());
    IllegalArgumentException badCell = assertThrows(IllegalArgumentException.class,
        () -> ReportSection.table("Slices", List.of("column", "rows"), List.of(List.of("Job", List.of(1)))));
    assertTrue(badCell.getMessage().startsWith("report section 'Slices': row 0, column 'rows' holds a "), badCell.getMessage());
    assertTrue(badCell.getMessage().endsWith("; expected a String or a Number — convert it with String.valueOf or pass the number"
        + " itself"), badCell.getMessage());
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    IllegalArgumentException nullCell = assertThrows(IllegalArgumentException.class,
        () -> ReportSection.table("Slices", List.of("column"), List.of(withNull)));
    assertTrue(nullCell.getMessage().contains("row 0, column 'column' holds null; expected a String or a Number"), nullCell.getMessage());
    IllegalArgumentException noHeaders = assertThrows(IllegalArgumentException.class,
        () -> ReportSection.table("Slices", List.of(), List.of(List.of())));
    assertEquals("report section 'Slices': 1 rows but no column headers; expected a header per column, or no rows for a section"
        + " without a table", noHeaders.getMessage());
    IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
        () -> Report.of(ReportFixtures.classification()).table(" ", List.of(), List.of()));
    assertEquals("report section: the title is blank; expected a heading, e.g. \"Worst slices\"", blank.getMessage());
  }

  @Test
  void reportSeries_nanPointOrUnevenLists_sayWhichAndHowToFix() {
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> ReportSeries.line("loss", new double[] {1, 2}, new double[] {0.5, Double.NaN}));
    assertEquals("report series 'loss': point 1 is (2.0, NaN); expected finite numbers — drop the points that are NaN or"
        + " infinite", nan.getMessage());
    IllegalArgumentException uneven = assertThrows(IllegalArgumentException.class,
        () -> ReportSeries.points("loss", new double[] {1, 2}, new double[] {0.5}));
    assertEquals("report series 'loss': 2 x values but 1 y values; expected one of each per point", uneven.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> new ReportChart("Loss", "epoch", "loss", List.of()));
    assertEquals("report chart 'Loss': no series; expected at least one ReportSeries to draw", empty.getMessage());
  }

  // ---- deterministic, atomic ----

  @Test
  void toHtml_sameResult_givesTheSameBytes() throws IOException {
    for (PipelineResult result : all()) {
      assertEquals(Report.of(result).toHtml(), Report.of(result).toHtml());
      assertEquals(Report.of(result).toJson(), Report.of(result).toJson());
    }
    PipelineResult result = ReportFixtures.classification();
    ReportFiles first = Report.of(result).write(dir.resolve("a"));
    ReportFiles second = Report.of(result).write(dir.resolve("b"));
    assertArrayEquals(Files.readAllBytes(first.html()), Files.readAllBytes(second.html()));
    assertArrayEquals(Files.readAllBytes(first.json()), Files.readAllBytes(second.json()));
    assertNotEquals(Report.of(result).toHtml(), Report.of(ReportFixtures.regression()).toHtml());
  }

  @Test
  void write_newDirectory_writesExactlyTheTwoFiles() throws IOException {
    Report report = Report.of(ReportFixtures.classification());
    Path target = dir.resolve("nested/report");
    ReportFiles files = report.write(target);
    assertEquals(target.toAbsolutePath().resolve("report.html"), files.html());
    assertEquals(target.toAbsolutePath().resolve("report.json"), files.json());
    assertEquals(report.toHtml(), Files.readString(files.html()));
    assertEquals(report.toJson(), Files.readString(files.json()));
    assertEquals(List.of("report.html", "report.json"), listing(target));
    // Writing again replaces both files in place.
    report.write(target);
    assertEquals(List.of("report.html", "report.json"), listing(target));
  }

  @Test
  void write_reportNameTakenByADirectory_failsAndWritesNothing() throws IOException {
    Path taken = Files.createDirectories(dir.resolve("out/report.html"));
    Files.writeString(taken.resolve("keep.txt"), "mine");
    IOException e = assertThrows(IOException.class, () -> Report.of(ReportFixtures.classification()).write(dir.resolve("out")));
    assertEquals("cannot write " + taken.toAbsolutePath() + ": a directory has that name, expected a file or nothing; nothing was"
        + " written. Remove the directory or choose another report directory", e.getMessage());
    assertEquals(List.of("report.html"), listing(dir.resolve("out")));
    assertEquals("mine", Files.readString(taken.resolve("keep.txt")));
  }

  @Test
  void write_directoryIsAFile_saysSo() throws IOException {
    Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
    IOException e = assertThrows(IOException.class, () -> Report.of(ReportFixtures.regression()).write(file));
    assertEquals("cannot write the report into " + file.toAbsolutePath() + ": it is a file, expected a directory (or nothing, to be"
        + " created); choose another directory or remove the file", e.getMessage());
    assertEquals("mine", Files.readString(file));
  }

  @Test
  void pipelineResultReport_withEvalOnTheClassPath_writesThisModulesReport() throws IOException {
    PipelineResult result = ReportFixtures.regression();
    ReportFiles files = result.report(dir);
    assertEquals(Report.of(result).toHtml(), Files.readString(files.html()));
    assertEquals(Report.of(result).toJson(), Files.readString(files.json()));
  }

  // ---- helpers ----

  private static void assertInside(double x, double y) {
    assertTrue(x >= ReportSvg.LEFT - 0.01 && x <= ReportSvg.RIGHT + 0.01 && y >= ReportSvg.TOP - 0.01 && y <= ReportSvg.BOTTOM + 0.01,
        () -> "point (" + x + ", " + y + ") outside the plot area");
  }

  private static int[] positives(Outcomes o, int classIndex) {
    int[] truth = o.trueClasses();
    int[] y = new int[truth.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = truth[i] == classIndex ? 1 : 0;
    }
    return y;
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(v -> out.add(v.doubleValue()));
    return out;
  }

  private static double value(Element td) {
    return Double.parseDouble(td.getAttribute("data-value"));
  }

  private static List<String> titles(JsonNode sections) {
    List<String> out = new ArrayList<>();
    sections.forEach(s -> out.add(s.get("title").asText()));
    return out;
  }

  private static List<String> texts(List<Element> elements) {
    return elements.stream().map(Element::getTextContent).toList();
  }

  private static List<String> listing(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
