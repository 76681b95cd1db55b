package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Refit;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.RuntimeAccess;

/** Issue #14, item 10: the final model fitted on every row, the held-out estimate kept and labelled as such. */
class RefitOnAllTest {
  private static final Table TABLE = TestData.binary(400, 9);

  private static Pipeline.Builder builder() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.logisticRegression())
        .metrics(TestData.accuracy()).bootstrap(200).seed(3);
  }

  private static String model(PipelineResult result) {
    return RuntimeAccess.pipelines().model(result.pipeline()).toJson().toString();
  }

  @Test
  void fit_refitOnAll_fitsTheFinalModelOnEveryRow_andKeepsTheHeldOutEstimate() {
    PipelineResult evaluated = builder().build().fit(TABLE);
    PipelineResult refit = builder().refitOnAll().build().fit(TABLE);

    // The estimate, its interval, the warnings and the outcomes are the evaluated model's, on the same held-out rows.
    assertEquals(evaluated.partition(), refit.partition());
    assertEquals(evaluated.estimates(), refit.estimates());
    assertEquals(evaluated.warnings(), refit.warnings());
    assertEquals(evaluated.bundle().metrics(), refit.bundle().metrics());
    // The model is another one, fitted on all 400 rows rather than the 320 training rows.
    assertNotEquals(model(evaluated), model(refit));
    assertEquals(320, evaluated.bundle().trainingRows());
    assertEquals(400, refit.bundle().trainingRows());
    assertEquals(Fingerprint.of(TABLE).sha256(), refit.bundle().trainingDataSha256());
    assertEquals(400, refit.profile().rows());
    assertEquals(Optional.of(new Refit(400, 320, 80)), refit.bundle().refit());
    assertEquals(Optional.empty(), evaluated.bundle().refit());
    // The audit is the evaluation's: the refit holds nothing out to audit.
    assertEquals(evaluated.audit(), refit.audit());
  }

  @Test
  void fit_refitOnAll_saysSoInTheSummary_theSpec_andTheBundleAfterLoad(@TempDir Path dir) throws IOException {
    PipelineResult refit = builder().refitOnAll().build().fit(TABLE);
    String text = refit.toString();
    assertTrue(text.startsWith("PipelineResult: CLASSIFICATION of 'y', 320 training, 0 validation and 80 test rows\nfinal model"
        + " refitted on all 400 rows after the evaluation; the held-out metrics are of the same pipeline fitted on 320 rows\n"
        + "held-out metrics:\n"), text);

    Path path = dir.resolve("refit.mlb");
    refit.bundle().save(path);
    ModelBundle loaded = ModelBundle.load(path);
    assertEquals(refit.bundle().id(), loaded.id());
    assertEquals(Optional.of(new Refit(400, 320, 80)), loaded.refit());
    assertEquals("the final model was fitted on all 400 rows; the held-out estimates are of the same pipeline fitted on 320 rows"
        + " and scored on 80 held-out rows, which the final model has now seen, so they estimate how it does on new rows, not on"
        + " those.", loaded.refit().orElseThrow().describe());
    assertEquals(refit.estimates(), loaded.estimates());
    assertEquals(400, loaded.trainingRows());
    assertTrue(loaded.spec().contains("\"refitOnAll\" : true"), loaded.spec());
    assertTrue(loaded.toString().endsWith(" (held-out, of the model before it was refitted on all 400 rows)]"), loaded.toString());
  }

  @Test
  void build_refitOnAllWithEarlyStopping_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().target("y")
        .split(Split.stratified(0.8).validation(0.2)).trainer(Trainers.linearSgd().earlyStopping(3)).refitOnAll().build());
    assertEquals("the pipeline is not complete:\n- refitOnAll() fits the final model on every row, which leaves none to stop early"
        + " on; drop earlyStopping(...) and set the epochs or trees a fit without refitOnAll() found (its spec records them under"
        + " trainer.earlyStopping), or drop refitOnAll().", e.getMessage());
  }

  @Test
  void refit_countsThatAreNotARefit_areRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Refit(320, 320, 80));
    assertEquals("a refit has 320 fitted rows, 320 evaluated training rows and 80 held-out rows; expected counts of at least 0 and"
        + " more fitted rows than evaluated training rows (the final model is refitted on every row)", e.getMessage());
  }
}
