package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.eval.ReportPages.drawnPoints;
import static org.mlengine.eval.ReportPages.one;
import static org.mlengine.eval.ReportPages.parseHtml;
import static org.mlengine.eval.ReportPages.parseJson;
import static org.mlengine.eval.ReportPages.section;
import static org.mlengine.eval.ReportPages.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Profile;
import org.mlengine.core.ReportFiles;
import org.mlengine.runtime.Table;
import org.mlengine.core.tuning.Trial;
import org.mlengine.core.tuning.TuningResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The report's worst slices, tuning trials, leakage audit and data profile: each table holds
 * exactly the value that computed it ({@link SliceReport#worst}, {@link TuningResult#trials()},
 * {@link Audit#findings()}, {@link Profile#columns()}), the JSON twin holds every number the page
 * shows and the values in full, and the front doors {@code result.report(dir, table)} and {@code
 * tuned.report(dir, table)} write the same report. Real data: the credit data, with two leaks
 * added for the audit (see {@link ReportFixtures}).
 */
class ReportInsightsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private static SliceReport creditSlices() {
    return ErrorAnalysis.slices(ReportFixtures.classification(), ReportFixtures.credit()).metric(Metrics.rocAuc()).run();
  }

  private static FairnessReport maritalFairness() {
    return Fairness.of(ReportFixtures.classification(), ReportFixtures.credit(), "Marital").positive("good").resamples(200).run();
  }

  /** Every new section at once: slices, trials, an audit with findings. */
  private static List<Report> fullReports() {
    TuningResult tuned = ReportFixtures.tuned();
    return List.of(
        Report.of(ReportFixtures.classification()).slices(creditSlices()).fairness(maritalFairness()),
        Report.of(tuned.result()).tuning(tuned)
            .slices(ErrorAnalysis.slices(tuned.result(), ReportFixtures.credit()).metric(Metrics.rocAuc()).run()),
        Report.of(ReportFixtures.leaky()),
        Report.of(ReportFixtures.regression()).slices(ErrorAnalysis.slices(ReportFixtures.regression(), ReportFixtures.credit()).run()));
  }

  // ---- worst slices ----

  @Test
  void slices_tableIsTheTenWorstInOrder_andTheChartHasAPointPerSlice() {
    SliceReport slices = creditSlices();
    List<Slice> worst = slices.worst(10);
    assertEquals(10, worst.size(), "the credit data has more than ten ranked slices");
    Report report = Report.of(ReportFixtures.classification()).slices(slices);
    JsonNode json = parseJson(report.toJson());
    JsonNode section = section(json, "Worst slices");
    assertEquals("[\"rank\",\"column\",\"slice\",\"rows\",\"roc_auc\",\"lower\",\"upper\",\"worse by\"]",
        section.get("table").get("headers").toString());
    JsonNode rows = section.get("table").get("rows");
    assertEquals(worst.size(), rows.size());
    for (int i = 0; i < worst.size(); i++) {
      Slice s = worst.get(i);
      JsonNode row = rows.get(i);
      assertEquals(i + 1, row.get(0).asInt());
      assertEquals(s.column(), row.get(1).asText());
      assertEquals(s.label(), row.get(2).asText());
      assertEquals(s.rows(), row.get(3).asInt());
      assertArrayEquals(new double[] {s.value().value(), s.value().lower(), s.value().upper(), s.worseBy()},
          new double[] {row.get(4).doubleValue(), row.get(5).doubleValue(), row.get(6).doubleValue(), row.get(7).doubleValue()}, 0.0);
    }
    JsonNode series = section.get("chart").get("series");
    assertEquals("slices", series.get(0).get("name").asText());
    assertEquals(worst.size(), series.get(0).get("points").asInt());
    assertEquals(worst.stream().map(s -> s.value().value()).toList(), doubles(series.get(0).get("y")));
    assertEquals("overall", series.get(1).get("name").asText());
    assertEquals(List.of(slices.overall().value(), slices.overall().value()), doubles(series.get(1).get("y")));
    assertEquals(tree(slices.toMap()), json.get("slices"), "the twin holds every slice, ranked or not");

    Document page = parseHtml(report.toHtml());
    String id = section.get("id").asText();
    List<String> labels = new ArrayList<>();
    for (Element tr : select(page, "//section[@id='" + id + "']/table/tbody/tr")) {
      labels.add(select(tr, "td").get(2).getTextContent());
    }
    assertEquals(worst.stream().map(Slice::label).toList(), labels);
    Element svg = one(page, "//*[@id='" + section.get("chart").get("id").asText() + "']");
    assertEquals(worst.size(), drawnPoints(one(svg, ".//*[@data-name='slices']")));
  }

  @Test
  void slices_note_namesTheOverallValueAndEveryUnrankedSlice() {
    SliceReport slices = creditSlices();
    String note = section(parseJson(Report.of(ReportFixtures.classification()).slices(slices).toJson()), "Worst slices")
        .get("note").asText();
    assertTrue(note.startsWith("roc_auc on the " + slices.testRows() + " held-out rows: " + slices.overall() + " ("
        + slices.intervalMethod() + "). The 10 most worse of "), note);
    List<Slice> unranked = slices.slices().stream().filter(s -> s.status() != Slice.Status.RANKED).toList();
    assertFalse(unranked.isEmpty(), "credit has slices too small to rank (e.g. rare Home values)");
    for (Slice s : unranked.subList(0, Math.min(ReportInsights.UNRANKED_NAMED, unranked.size()))) {
      String expected = s.status() == Slice.Status.TOO_SMALL
          ? s.label() + " (n=" + s.rows() + ", fewer than " + slices.minRows() + " rows)"
          : s.label() + " (n=" + s.rows() + ", undefined: " + s.value().note() + ")";
      assertTrue(note.contains(expected), () -> "the note does not name " + expected + ": " + note);
    }
  }

  @Test
  void slices_absent_thePageSaysHowToGetThem() {
    JsonNode section = section(parseJson(Report.of(ReportFixtures.regression()).toJson()), "Worst slices");
    assertEquals("Not computed: slicing needs the table given to fit. Write the report with result.report(directory, table), or"
        + " add them with Report.of(result).slices(ErrorAnalysis.slices(result, table).run()).", section.get("note").asText());
    assertTrue(section.get("table").isNull());
    assertTrue(parseJson(Report.of(ReportFixtures.regression()).toJson()).get("slices").isNull());
  }

  @Test
  void slices_ofAnotherResult_sayWhichRowsDiffer() {
    SliceReport ofRegression = ErrorAnalysis.slices(ReportFixtures.regression(), ReportFixtures.credit()).run();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Report.of(ReportFixtures.threeClasses()).slices(ofRegression));
    assertEquals("Report.slices(report): the slices cover " + ofRegression.testRows() + " held-out rows but this report's result"
        + " has 180; expected the slices of the same result: ErrorAnalysis.slices(result, table).run() with the result given to"
        + " Report.of", e.getMessage());
  }

  // ---- fairness ----

  @Test
  void fairness_tableIsEachGroupsRates_andTheChartAPointPerGroup() {
    FairnessReport fairness = maritalFairness();
    Report report = Report.of(ReportFixtures.classification()).fairness(fairness);
    JsonNode json = parseJson(report.toJson());
    JsonNode section = section(json, "Fairness by Marital");
    JsonNode rows = section.get("table").get("rows");
    assertEquals(fairness.groups().size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      GroupRates g = fairness.groups().get(i);
      JsonNode row = rows.get(i);
      assertEquals(List.of(String.valueOf(i + 1), g.group(), String.valueOf(g.rows()), String.valueOf(g.selected()),
          String.valueOf(g.positives())), List.of(row.get(0).asText(), row.get(1).asText(), row.get(2).asText(),
          row.get(3).asText(), row.get(4).asText()));
      assertEquals(g.selectionRate().value(), row.get(5).doubleValue(), 0.0);
      assertEquals(g.selectionRate().lower(), row.get(6).doubleValue(), 0.0);
      assertEquals(g.selectionRate().upper(), row.get(7).doubleValue(), 0.0);
      if (g.truePositiveRate().defined()) {
        assertEquals(g.truePositiveRate().value(), row.get(8).doubleValue(), 0.0);
      } else {
        assertTrue(row.get(8).isNull(), "an undefined rate is null in the twin");
      }
    }
    JsonNode series = section.get("chart").get("series");
    assertEquals(fairness.groups().size(), series.get(0).get("points").asInt());
    assertEquals("selection rate", series.get(0).get("name").asText());
    assertEquals(tree(List.of(fairness.toMap())), json.get("fairness"));
    assertTrue(section.get("note").asText().startsWith("Groups of 'Marital' on the " + fairness.testRows() + " held-out rows;"
        + " positive class 'good', selected by " + fairness.decision() + ". Demographic-parity difference (max − min selection"
        + " rate) " + fairness.demographicParityDifference() + "; equal-opportunity difference"), section.get("note").asText());
    assertEquals(0, parseJson(Report.of(ReportFixtures.classification()).toJson()).get("fairness").size());
  }

  @Test
  void fairness_ofAnotherResult_saysWhichRowsDiffer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Report.of(ReportFixtures.threeClasses()).fairness(maritalFairness()));
    assertEquals("Report.fairness(report): the groups cover " + maritalFairness().testRows() + " held-out rows but this report's"
        + " result has 180; expected the fairness of the same result: Fairness.of(result, table, column).run() with the result"
        + " given to Report.of", e.getMessage());
  }

  // ---- tuning trials ----

  @Test
  void trials_tableIsTheTrialsInOrder_andTheChartMarksTheChosenOne() {
    TuningResult tuned = ReportFixtures.tuned();
    Report report = Report.of(tuned.result()).tuning(tuned);
    JsonNode json = parseJson(report.toJson());
    JsonNode section = section(json, "Tuning trials");
    assertEquals("[\"rank\",\"trial\",\"candidate\",\"round\",\"depth\",\"leaf\",\"rows\",\"mean roc_auc\",\"sd\",\"scores\","
        + "\"duration ms\"]", section.get("table").get("headers").toString());
    JsonNode rows = section.get("table").get("rows");
    List<Trial> trials = tuned.trials();
    assertEquals(trials.size(), rows.size());
    int chosen = -1;
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      JsonNode row = rows.get(i);
      assertEquals(List.of((long) t.rank(), i + 1L, (long) t.candidate(), (long) t.round()),
          List.of(row.get(0).asLong(), row.get(1).asLong(), row.get(2).asLong(), row.get(3).asLong()));
      assertEquals(((Number) t.params().get("depth")).intValue(), row.get(4).asInt());
      assertEquals(((Number) t.params().get("leaf")).doubleValue(), row.get(5).doubleValue(), 0.0);
      assertEquals(t.rows(), row.get(6).asInt());
      assertEquals(t.mean(), row.get(7).doubleValue(), 0.0);
      assertEquals(t.sd(), row.get(8).doubleValue(), 0.0);
      assertEquals(t.scores().size(), row.get(9).asInt());
      assertEquals(t.duration().toMillis(), row.get(10).asLong());
      chosen = t.rank() == 1 ? i : chosen;
    }
    JsonNode series = section.get("chart").get("series");
    assertEquals(trials.size(), series.get(0).get("points").asInt(), "every trial of this search has a defined mean");
    assertEquals("chosen", series.get(1).get("name").asText());
    assertEquals(List.of(chosen + 1.0), doubles(series.get(1).get("x")));
    assertEquals(List.of(trials.get(chosen).mean()), doubles(series.get(1).get("y")));
    assertEquals(tree(tuned.toMap()), json.get("tuning"));

    String note = section.get("note").asText();
    assertTrue(note.contains("Chosen (rank 1): depth = " + tuned.best().values().get("depth") + ", leaf = "
        + tuned.best().values().get("leaf") + "."), note);
    List<Integer> candidates = tuned.candidatesPerRound();
    assertTrue(candidates.size() > 1, "successive halving ran more than one round");
    assertTrue(note.contains(" Successive halving, round 0: " + candidates.get(0) + " candidates on " + tuned.rowsPerRound().get(0)
        + " rows; round 1: " + candidates.get(1) + " candidates on " + tuned.rowsPerRound().get(1) + " rows"), note);
  }

  @Test
  void tuning_ofAnotherResult_saysWhichBundles() {
    TuningResult tuned = ReportFixtures.tuned();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Report.of(ReportFixtures.classification()).tuning(tuned));
    assertEquals("Report.tuning(tuned): the search's winner is bundle " + tuned.result().bundle().id() + " but this report is of"
        + " bundle " + ReportFixtures.classification().bundle().id() + "; expected Report.of(tuned.result()).tuning(tuned)",
        e.getMessage());
  }

  // ---- leakage audit ----

  @Test
  void audit_leakyTable_showsEachFindingWithItsMessageAndWhatToDo() {
    PipelineResult result = ReportFixtures.leaky();
    List<AuditFinding> findings = result.audit().findings();
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE, AuditFinding.Kind.ID_LIKE_COLUMN),
        findings.stream().map(AuditFinding::kind).toList(), result.audit()::toString);
    Report report = Report.of(result);
    JsonNode json = parseJson(report.toJson());
    JsonNode section = section(json, "Leakage audit");
    assertEquals("2 findings, most serious first (ERROR 1, WARNING 1, INFO 0). Rows are indices into the table given to fit."
        + " Held-out metrics are optimistic while an ERROR stands.", section.get("note").asText());
    Document page = parseHtml(report.toHtml());
    List<Element> rows = select(page, "//section[@id='" + section.get("id").asText() + "']/table/tbody/tr");
    assertEquals(findings.size(), rows.size());
    for (int i = 0; i < findings.size(); i++) {
      AuditFinding f = findings.get(i);
      List<String> cells = select(rows.get(i), "td").stream().map(Element::getTextContent).toList();
      assertEquals(List.of(f.severity().name(), f.kind().name(), String.join(", ", f.columns()), String.valueOf(f.count())),
          cells.subList(0, 4));
      assertEquals(List.of(f.message(), f.action()), cells.subList(5, 7));
    }
    assertTrue(select(rows.get(0), "td").get(5).getTextContent().startsWith("column 'Leak' alone reaches held-out ROC AUC 0.9"));
    assertEquals(tree(result.audit().toMap()), json.get("audit"));
  }

  @Test
  void audit_clean_saysSoAndListsTheRowsEachStepWasFittedOn() {
    PipelineResult fitted = ReportFixtures.threeClasses();
    Audit steps = new Audit(List.of(), List.of(new Audit.FittedOn("impute", 420, "ab12"), new Audit.FittedOn("standardize", 420, "ab12")));
    JsonNode json = parseJson(Report.of(withAudit(fitted, steps)).toJson());
    assertEquals("Clean: no held-out row duplicates an earlier part (exactly or after normalization), no group or time overlap, no"
        + " single column predicts the target almost perfectly on held-out rows, no ID-like column, and every fitted step saw"
        + " exactly the training part.", section(json, "Leakage audit").get("note").asText());
    assertTrue(section(json, "Leakage audit").get("table").isNull(), "no findings table when clean");
    JsonNode fittedOn = section(json, "Leakage audit: rows each step was fitted on");
    assertEquals("{\"headers\":[\"step\",\"rows\",\"SHA-256 of the training rows\"],\"rows\":[[\"impute\",420,\"ab12\"],"
        + "[\"standardize\",420,\"ab12\"]]}", fittedOn.get("table").toString());
    assertTrue(fittedOn.get("note").asText().endsWith("the bundle's training data SHA-256 is " + fitted.bundle().trainingDataSha256()
        + "."));

    JsonNode noSteps = parseJson(Report.of(withAudit(fitted, new Audit(List.of(), List.of()))).toJson());
    assertEquals("The pipeline has no fitted steps.",
        section(noSteps, "Leakage audit: rows each step was fitted on").get("note").asText());
  }

  private static PipelineResult withAudit(PipelineResult r, Audit audit) {
    return new PipelineResult(r.pipeline(), r.bundle(), r.partition(), r.metrics(), r.validationMetrics(), r.estimates(),
        r.warnings(), r.testOutcomes(), r.validationOutcomes(), audit, r.profile());
  }

  @Test
  void auditAndProfile_absentFromAResultMadeWithoutThem_saySo() {
    PipelineResult fitted = ReportFixtures.regression();
    PipelineResult bare = new PipelineResult(fitted.pipeline(), fitted.bundle(), fitted.partition(), fitted.metrics(),
        fitted.validationMetrics(), fitted.estimates(), fitted.warnings(), fitted.testOutcomes(), fitted.validationOutcomes());
    JsonNode json = parseJson(Report.of(bare).toJson());
    assertEquals("Not available: this result carries no leakage audit and no profile (it was not made by Pipeline.fit, or by a"
        + " version before they existed). Refit the pipeline with Pipeline.fit to audit it.",
        section(json, "Leakage audit").get("note").asText());
    assertEquals("Not available: this result carries no data profile (it was not made by Pipeline.fit, or by a version before"
        + " profiles existed).", section(json, "Data profile").get("note").asText());
    assertTrue(json.get("audit").isNull() && json.get("profile").isNull());
  }

  // ---- data profile ----

  @Test
  void profile_rowsAreTheResultsProfile() {
    PipelineResult result = ReportFixtures.classification();
    Profile profile = result.profile();
    JsonNode json = parseJson(Report.of(result).toJson());
    JsonNode section = section(json, "Data profile");
    assertEquals("[\"column\",\"type\",\"rows\",\"missing\",\"missing share\",\"distinct\",\"min\",\"5%\",\"25%\",\"median\","
        + "\"75%\",\"95%\",\"max\",\"mean\",\"sd\",\"top values / other\"]", section.get("table").get("headers").toString());
    JsonNode rows = section.get("table").get("rows");
    assertEquals(profile.columns().size(), rows.size());
    Set<String> types = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      ColumnProfile c = profile.columns().get(i);
      JsonNode row = rows.get(i);
      types.add(c.type().name());
      assertEquals(List.of(c.name(), c.type().name()), List.of(row.get(0).asText(), row.get(1).asText()));
      assertArrayEquals(new double[] {c.rows(), c.missing(), c.missingShare(), c.distinct()},
          new double[] {row.get(2).doubleValue(), row.get(3).doubleValue(), row.get(4).doubleValue(), row.get(5).doubleValue()}, 0.0);
      if (c instanceof ColumnProfile.Numeric n) {
        List<Double> expected = new ArrayList<>(List.of(n.min()));
        ColumnProfile.QUANTILE_LEVELS.forEach(level -> expected.add(n.quantiles().get(level)));
        expected.addAll(List.of(n.max(), n.mean(), n.sd()));
        assertEquals(expected, doubles(row).subList(6, 15), c.name());
      } else if (c instanceof ColumnProfile.Categorical cat) {
        String top = String.join(", ", cat.topValues().stream().map(v -> v.value() + " (" + v.count() + ")").toList());
        assertEquals(top, row.get(15).asText(), c.name());
      }
    }
    assertEquals(Set.of("NUMERIC", "CATEGORICAL"), types);
    assertEquals(tree(profile.toMap()), json.get("profile"));
  }

  // ---- the twin, determinism ----

  @Test
  void toJson_withSlicesTrialsAndFindings_holdsEveryNumberThePageShows() {
    for (Report report : fullReports()) {
      ReportTest.assertTwinHoldsEveryShownNumber(report);
    }
  }

  @Test
  void toHtml_sameInputs_giveTheSameBytes() {
    List<Report> first = fullReports();
    List<Report> second = fullReports();
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).toHtml(), second.get(i).toHtml());
      assertEquals(first.get(i).toJson(), second.get(i).toJson());
    }
  }

  // ---- front doors ----

  @Test
  void pipelineResultReport_withTable_writesTheSlicesByThePipelinesFirstMetric() throws IOException {
    PipelineResult result = ReportFixtures.classification();
    ReportFiles files = result.report(dir, ReportFixtures.credit());
    Report expected = Report.of(result).slices(creditSlices());
    assertEquals(expected.toHtml(), Files.readString(files.html()));
    assertEquals(expected.toJson(), Files.readString(files.json()));
  }

  @Test
  void pipelineResultReport_regressionWithTable_slicesByRmse() throws IOException {
    PipelineResult result = ReportFixtures.regression();
    ReportFiles files = result.report(dir, ReportFixtures.credit());
    JsonNode json = parseJson(Files.readString(files.json()));
    assertEquals("rmse", json.get("slices").get("metric").asText());
    assertEquals(Report.of(result).slices(ErrorAnalysis.slices(result, ReportFixtures.credit()).metric(Metrics.rmse()).run()).toJson(),
        Files.readString(files.json()));
  }

  @Test
  void tuningResultReport_withTable_writesTheTrialsAndTheWinnersSlices() throws IOException {
    TuningResult tuned = ReportFixtures.tuned();
    ReportFiles files = tuned.report(dir, ReportFixtures.credit());
    Report expected = Report.of(tuned.result()).tuning(tuned)
        .slices(ErrorAnalysis.slices(tuned.result(), ReportFixtures.credit()).metric(Metrics.rocAuc()).run());
    assertEquals(expected.toHtml(), Files.readString(files.html()));
    assertEquals(expected.toJson(), Files.readString(files.json()));
  }

  @Test
  void pipelineResultReport_tableThatWasNotFitted_passesErrorAnalysisMessageAndWritesNothing() {
    PipelineResult result = ReportFixtures.classification();
    Table other = ReportFixtures.credit().rows(new int[] {0, 1, 2});
    Path target = dir.resolve("report");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> result.report(target, other));
    int highest = 0;
    for (int[] part : List.of(result.partition().train().toArray(), result.partition().test().toArray())) {
      for (int r : part) {
        highest = Math.max(highest, r);
      }
    }
    assertEquals("ErrorAnalysis.slices cannot run:\n- the table has 3 rows but the result's partition (train "
        + result.partition().train().length() + ", validation 0, test " + result.partition().test().length() + " rows) refers to"
        + " row " + highest + "; pass the table that was given to fit", e.getMessage());
    assertFalse(Files.exists(target), "nothing is written for a table that does not match");

    Table shuffled = ReportFixtures.credit().withCategorical("Status", flipped(ReportFixtures.credit()));
    IllegalArgumentException wrongTarget = assertThrows(IllegalArgumentException.class,
        () -> ReportFixtures.tuned().report(target, shuffled));
    assertTrue(wrongTarget.getMessage().startsWith("ErrorAnalysis.slices cannot run:\n- "), wrongTarget.getMessage());
    assertTrue(wrongTarget.getMessage().endsWith("; pass the table that was given to fit, rows in the same order"),
        wrongTarget.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void frontDoors_nullTable_sayWhatToPass() {
    NullPointerException result = assertThrows(NullPointerException.class,
        () -> ReportFixtures.classification().report(dir, null));
    assertEquals("report(directory, table) needs the table given to fit, whose held-out rows it slices; got null. Use"
        + " report(directory) for a report without slices", result.getMessage());
    NullPointerException tuned = assertThrows(NullPointerException.class, () -> ReportFixtures.tuned().report(dir, null));
    assertEquals("tuned.report(directory, table) needs the table given to Tuner.fit, whose held-out rows it slices; got null",
        tuned.getMessage());
  }

  @Test
  void named_findsMetricsByTheNameAResultKeeps() {
    assertEquals("roc_auc", EvalReportWriter.named("roc_auc").orElseThrow().name());
    assertEquals("f1_macro", EvalReportWriter.named("f1_macro").orElseThrow().name());
    assertTrue(EvalReportWriter.named("profit_per_customer").isEmpty());
  }

  // ---- helpers ----

  private static String[] flipped(Table credit) {
    String[] out = new String[credit.rowCount()];
    for (int r = 0; r < out.length; r++) {
      out[r] = "good".equals(credit.string("Status", r)) ? "bad" : "good";
    }
    return out;
  }

  /** A value as the twin holds it: written as JSON text and read back. */
  private static JsonNode tree(Object value) {
    try {
      return MAPPER.readTree(MAPPER.writeValueAsString(value));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(v -> out.add(v.doubleValue()));
    return out;
  }
}
