package org.mlengine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlengine.eval.ReportPages.parseJson;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;

/** Issue #14, item 10: the report of a model refitted on every row says which rows the model and the metrics come from. */
class ReportRefitTest {
  private static Pipeline.Builder builder() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression())
        .metrics(Metrics.accuracy()).bootstrap(0).seed(3);
  }

  private static final String SAID = "Refitted: the final model was fitted on all 400 rows; the held-out estimates are of the same"
      + " pipeline fitted on 320 rows and scored on 80 held-out rows, which the final model has now seen, so they estimate how it"
      + " does on new rows, not on those.";

  @Test
  void report_refitOnAll_saysTheModelSawMoreRowsThanWereEvaluated() {
    PipelineResult result = builder().refitOnAll().build().fit(TestData.binary(400, 9));
    Report report = Report.of(result);
    String html = report.toHtml();
    assertTrue(html.contains("<p class=\"summary\">320 training rows, 0 validation rows, 80 test rows; linear model. Classes: no, yes."
        + " Bundle " + result.bundle().id() + ". " + SAID + "</p>"), html);
    assertTrue(html.contains("<p class=\"note\">" + SAID + "</p>"), html);
    JsonNode refit = parseJson(report.toJson()).get("lineage").get("refit");
    assertEquals(400, refit.get("fittedRows").asInt());
    assertEquals(320, refit.get("evaluatedTrainingRows").asInt());
    assertEquals(80, refit.get("heldOutRows").asInt());
    assertEquals(400, parseJson(report.toJson()).get("lineage").get("trainingRows").asInt());
  }

  /** The audit's fitted-on hashes are the evaluated fit's; the bundle's training data is all rows. */
  @Test
  void report_refitOnAllWithAFittedStep_saysWhyTheHashesDiffer() {
    PipelineResult result = builder().add(new org.mlengine.core.Unchanged("x1")).refitOnAll().build()
        .fit(TestData.binary(400, 9));
    String html = Report.of(result).toHtml();
    assertTrue(html.contains("these are the evaluated fit&#39;s, on 320 training rows: the final model was refitted on all 400"
        + " rows, whose SHA-256 (the bundle&#39;s training data) is " + result.bundle().trainingDataSha256()
        + ", so the two differ by design."), html);
  }

  @Test
  void report_withoutRefit_saysNothingOfIt() {
    Report report = Report.of(builder().build().fit(TestData.binary(400, 9)));
    assertFalse(report.toHtml().contains("Refitted"));
    assertTrue(parseJson(report.toJson()).get("lineage").get("refit") == null);
  }
}
