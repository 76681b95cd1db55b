package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/**
 * The quickstart end to end on the shipped credit data ({@link CliTest} has the command line's paths).
 * The pipeline is fitted twice per class: once by {@link Quickstart#run} and once by {@link
 * Quickstart#train}; every test reads those two results.
 */
class QuickstartTest {
  private static final Pattern ROC_AUC_LINE = Pattern.compile("held-out roc_auc\\s+(\\d+\\.\\d+)");
  private static final Pattern BUNDLE_LINE = Pattern.compile("wrote .* \\(bundle ([0-9a-f]{12})\\)");

  @TempDir static Path dir;

  private static Table credit;
  private static PipelineResult result;
  private static Path runBundle;
  private static String runOutput;

  @BeforeAll
  static void fitOnce() throws IOException {
    credit = Quickstart.creditData();
    runBundle = dir.resolve("credit.mlb");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      Quickstart.run(credit, runBundle, print);
    }
    runOutput = buffer.toString(StandardCharsets.UTF_8);
    result = Quickstart.train(credit);
  }

  /** The held-out rows of the quickstart's split, in partition order. */
  private static Table heldOut() {
    return credit.rows(result.partition().test().toArray());
  }

  @Test
  void toString_creditResult_fitsUnderFortyLinesWithMetricsStepsAuditAndBundle() {
    String text = result.toString();

    List<String> lines = text.lines().toList();
    assertTrue(lines.size() < 40, () -> lines.size() + " lines:\n" + text);
    assertTrue(text.length() < 3000, () -> text.length() + " characters:\n" + text);
    assertEquals("PipelineResult: CLASSIFICATION of 'Status', 3563 training, 0 validation and 891 test rows", lines.get(0));
    assertTrue(lines.contains("  roc_auc  0.8310 [0.8005, 0.8616]  baselines: zero_rule 0.5000, uniform_random 0.5000,"
        + " stratified_random 0.4924"), text);
    assertTrue(lines.contains("  3. standardize Seniority, Time, Age, Expenses, Income, Assets, +3 more"), text);
    assertTrue(lines.contains("trainer: logistic_regression (c 1.0, maxIterations 100, tolerance 1.0E-4)"), text);
    assertTrue(lines.contains("leakage audit: 1 finding (result.audit() says what to do)"), text);
    assertEquals("bundle " + result.bundle().id() + " (linear model)", lines.get(lines.size() - 1));
    assertFalse(text.contains("@"), () -> "an identity hash code in:\n" + text);
  }

  @Test
  void pipelineToString_creditResult_namesStepsColumnsAndModel() {
    assertEquals("FittedPipeline[CLASSIFICATION of 'Status' (bad, good): 13 inputs -> mean_encoding(Home, Marital, Records, Job)"
        + " -> impute(Seniority, Time, Age, Expenses, Income, Assets, +3 more) -> standardize(Seniority, Time, Age, Expenses,"
        + " Income, Assets, +3 more) -> 13 features -> linear model]", result.pipeline().toString());
  }

  @Test
  void creditData_shippedResource_hasTheDocumentedApplicantsAndColumns() {
    assertEquals(4454, credit.rowCount());
    assertEquals(14, credit.columnNames().size());
    assertTrue(credit.hasColumn("Status"), () -> "columns: " + credit.columnNames());
  }

  @Test
  void run_creditData_printsHeldOutRocAucOfAtLeastPointEight() {
    Matcher m = ROC_AUC_LINE.matcher(runOutput);
    assertTrue(m.find(), () -> "no 'held-out roc_auc' line in the output:\n" + runOutput);
    double printed = Double.parseDouble(m.group(1));
    assertTrue(printed >= 0.80, () -> "printed held-out roc_auc " + printed + " < 0.80:\n" + runOutput);
  }

  @Test
  void train_creditData_heldOutRocAucIsAtLeastPointEight() {
    double rocAuc = result.metrics().get("roc_auc");
    assertTrue(rocAuc >= 0.80, () -> "held-out roc_auc " + rocAuc + " < 0.80; metrics " + result.metrics());
    assertEquals(rocAuc, result.bundle().metrics().get("roc_auc"));
  }

  @Test
  void run_creditData_printsEveryStepInOrder() {
    List<String> steps = List.of("read 4454 applicants, 14 columns", "trained on ", "held-out roc_auc", "held-out accuracy",
        "held-out log_loss", "leakage audit: 1 finding\n- WARNING EXACT_DUPLICATES", "wrote ", "report ", "applicant {", "predicted ");
    int from = 0;
    for (String step : steps) {
      int at = runOutput.indexOf(step, from);
      int after = from;
      assertTrue(at >= 0, () -> "expected '" + step + "' after character " + after + " of the output:\n" + runOutput);
      from = at + step.length();
    }
    assertFalse(runOutput.contains("Status="), () -> "the printed request still carries the target:\n" + runOutput);
  }

  @Test
  void run_creditData_writesTheReportAndPrintsItsPath() throws IOException {
    Path html = Quickstart.REPORT_DIR.resolve("report.html").toAbsolutePath();
    assertTrue(runOutput.contains("report " + html + " (open it in a browser; the same numbers are in report.json)"), runOutput);
    String page = Files.readString(html);
    Matcher m = BUNDLE_LINE.matcher(runOutput);
    assertTrue(m.find(), runOutput);
    assertTrue(page.contains("Evaluation report: classification of &#39;Status&#39;"), "the report's title");
    assertTrue(page.contains("<td>bundle id</td><td>" + m.group(1)), "the report names the bundle the run saved");
    assertTrue(page.contains("<svg class=\"chart\" id=\"chart-1\""), "the report draws the ROC curve");
    for (String heading : List.of("Worst slices", "Leakage audit", "Data profile")) {
      assertTrue(page.contains("<h2>" + heading + "</h2>"), () -> "the report has no section " + heading);
    }
    assertTrue(page.contains("<th>rank</th><th>column</th><th>slice</th><th>rows</th><th>roc_auc</th>"),
        "the worst slices, by the pipeline's first metric");
    JsonNode json = new ObjectMapper().readTree(Quickstart.REPORT_DIR.resolve("report.json").toFile());
    assertEquals("roc_auc", json.get("slices").get("metric").asText());
    assertEquals(14, json.get("profile").get("columns").size(), "a profile row per column of credit_data.csv");
  }

  @Test
  void run_creditData_writesABundleThatLoadsWithTheLabelAndTheFittedId() throws IOException {
    assertTrue(Files.isRegularFile(runBundle), () -> runBundle + " was not written");
    ModelBundle loaded = ModelBundle.load(runBundle);
    assertEquals("quickstart", loaded.label());
    assertEquals(ModelBundle.FORMAT_VERSION, loaded.formatVersion());
    assertEquals(result.pipeline().inputSchema().names(), loaded.inputSchema().names());
    Matcher m = BUNDLE_LINE.matcher(runOutput);
    assertTrue(m.find(), () -> "no 'wrote ... (bundle ...)' line in the output:\n" + runOutput);
    assertEquals(loaded.id().substring(0, 12), m.group(1));
  }

  @Test
  void fit_samePipelineTwice_givesTheSameBundleId() throws IOException {
    // run() fitted the pipeline once and saved it; train() fitted it again in fitOnce.
    assertEquals(result.bundle().id(), ModelBundle.load(runBundle).id());
    assertEquals(result.bundle().id(), result.bundle().withLabel("another label").id());
  }

  @Test
  void predictAll_loadedBundle_equalsFittedPipelineOnEveryHeldOutRow() throws IOException {
    Path file = dir.resolve("predict-all.mlb");
    result.bundle().save(file);
    Table heldOut = heldOut();
    Scores expected = result.pipeline().score(heldOut);
    try (Predictor predictor = Predictor.load(file)) {
      List<Prediction> actual = predictor.predictAll(heldOut);
      assertEquals(result.partition().test().length(), actual.size());
      assertEquals(expected.size(), actual.size());
      for (int r = 0; r < actual.size(); r++) {
        assertSameScore(expected, r, actual.get(r), result.bundle().id());
      }
    }
  }

  @Test
  void predict_requestMapOfEachHeldOutRow_equalsFittedPipeline() throws IOException {
    Path file = dir.resolve("predict-map.mlb");
    result.bundle().save(file);
    Table heldOut = heldOut();
    Scores expected = result.pipeline().score(heldOut);
    try (Predictor predictor = Predictor.load(file)) {
      for (int r = 0; r < heldOut.rowCount(); r++) {
        Map<String, Object> request = new LinkedHashMap<>(heldOut.row(r).toMap());
        request.remove("Status");
        assertSameScore(expected, r, predictor.predict(request), result.bundle().id());
      }
    }
  }

  private static void assertSameScore(Scores expected, int row, Prediction actual, String bundleId) {
    assertEquals(expected.label(row), actual.label().orElseThrow(), () -> "label of held-out row " + row);
    assertEquals(expected.classes(), List.copyOf(actual.probabilities().keySet()), () -> "classes of held-out row " + row);
    for (int c = 0; c < expected.classes().size(); c++) {
      String label = expected.classes().get(c);
      // No delta: the predictor must compute exactly what the fitted pipeline computes.
      assertEquals(expected.probability(row, c), actual.probability(label), () -> "P(" + label + ") of held-out row " + row);
    }
    assertEquals(bundleId, actual.bundleId());
  }
}
