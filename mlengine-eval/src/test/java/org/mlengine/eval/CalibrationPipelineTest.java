package org.mlengine.eval;

import org.mlengine.runtime.internal.RuntimeAccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.CalibrationMap;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.internal.RowScorer;
import org.mlengine.runtime.Scores;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;

/** Calibration as a pipeline step: fitted on the validation part, kept in the bundle, applied on every path. */
class CalibrationPipelineTest {

  private static Table data(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    String[] y = new String[n];
    for (int r = 0; r < n; r++) {
      x[r] = random.nextGaussian();
      y[r] = 3 * x[r] + random.nextGaussian() > 0 ? "yes" : "no";
    }
    return Table.builder().numeric("x", x).categorical("y", y).build();
  }

  private static Pipeline.Builder pipeline() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8).validation(0.3))
        .trainer(Trainers.linearSgd().epochs(2)).metrics(Metrics.logLoss()).bootstrap(0).seed(5);
  }

  @Test
  void isotonic_isFittedOnTheValidationPart_andTravelsInTheBundle() throws Exception {
    Table table = data(600, 1);
    PipelineResult raw = pipeline().build().fit(table);
    PipelineResult calibrated = pipeline().calibrate(Calibration.isotonic()).build().fit(table);
    assertEquals(1, calibrated.pipeline().calibration().size());
    assertTrue(calibrated.bundle().spec().contains("\"calibration\""), calibrated.bundle().spec());

    // The map is the isotonic fit of the validation labels on the raw validation probabilities.
    var validation = raw.validationOutcomes().orElseThrow();
    double[] p = validation.probabilities(1);
    double[] y = new double[p.length];
    int[] truth = validation.trueClasses();
    for (int i = 0; i < y.length; i++) {
      y[i] = truth[i];
    }
    IsotonicCalibrator byHand = Calibration.isotonic(p, y);
    CalibrationMap map = calibrated.pipeline().calibration().get(0);
    for (double s : new double[] {0.0, 0.1, 0.37, 0.5, 0.81, 1.0}) {
      assertEquals(byHand.apply(s), map.apply(s), 0.0);
    }

    Path file = Files.createTempFile("calibrated", ".mlb");
    try {
      calibrated.bundle().save(file);
      ModelBundle loaded = ModelBundle.load(file);
      assertEquals(calibrated.bundle().id(), loaded.id());
      Table probe = data(50, 2).drop("y");
      Scores before = calibrated.pipeline().score(probe);
      Scores after = loaded.pipeline().score(probe);
      RowScorer scorer = RuntimeAccess.pipelines().rowScorer(loaded.pipeline()).orElseThrow();
      RowBuffer row = scorer.newBuffer();
      for (int r = 0; r < probe.rowCount(); r++) {
        assertArrayEquals(before.probabilities(r), after.probabilities(r));
        row.setNumber(scorer.inputSlot(0), probe.numeric("x", r));
        assertArrayEquals(before.probabilities(r), scorer.score(row));
        assertEquals(1.0, before.probability(r, 0) + before.probability(r, 1), 1e-12);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void platt_isASigmoidOfTheValidationFit() {
    PipelineResult result = pipeline().calibrate(Calibration.platt()).build().fit(data(600, 3));
    assertTrue(result.pipeline().calibration().get(0) instanceof CalibrationMap.Sigmoid);
  }

  @Test
  void calibrate_withoutAValidationPart_saysHowToAddOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline().split(Split.stratified(0.8))
        .calibrate(Calibration.isotonic()).build());
    assertEquals("the pipeline is not complete:\n- calibrate(isotonic) needs rows the model never trained on; give the split a"
        + " validation part, e.g. Split.stratified(0.8).validation(0.2).", e.getMessage());
  }
}
