package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
import org.mlengine.core.Trainers;
import org.mlengine.core.tuning.Trial;
import org.mlengine.core.tuning.Tuner;
import org.mlengine.core.tuning.TuningResult;
import org.mlengine.eval.Metrics;
import org.mlengine.features.Features;

/** The tuner's own example on the shipped credit data: a feature option and a trainer option tuned together. */
class TunerCreditTest {

  @Test
  void grid_overMeanEncodingSmoothingAndTreeDepth_refitsTheBestByCrossValidatedRocAuc() throws Exception {
    Table credit = Quickstart.creditData();
    TuningResult tuned = Tuner.grid()
        .param("smoothing", 1.0, 10.0, 100.0)
        .param("maxDepth", 3, 5, 8)
        .metric(Metrics.rocAuc())
        .folds(5)
        .threads(2)
        .quiet()
        .fit(p -> Pipeline.builder().target("Status").split(Split.stratified(0.8))
            .add(Features.meanEncoding("Home", "Marital", "Records", "Job").smoothing(p.number("smoothing")))
            .add(Features.impute(Quickstart.NUMERIC).median())
            .trainer(Trainers.cart().maxDepth(p.integer("maxDepth")))
            .metrics(Metrics.rocAuc()).bootstrap(0).seed(42).build(), credit);

    List<Trial> trials = tuned.trials();
    assertEquals(9, trials.size());
    Trial best = trials.stream().max(Comparator.comparingDouble(Trial::mean)).orElseThrow();
    assertEquals(best.params(), tuned.best().values());
    assertEquals(1, best.rank());
    trials.forEach(t -> assertEquals(5, t.scores().size()));
    // 3563 training rows (80% of 4454) are cut into the five folds; the test part is scored once, by the refit.
    assertEquals(List.of(3563), tuned.rowsPerRound());
    double auc = tuned.result().metrics().get("roc_auc");
    assertTrue(auc > 0.7 && auc < 0.95, "held-out roc_auc " + auc);
    assertEquals(tuned.bestPipeline().fit(credit).bundle().id(), tuned.result().bundle().id());
  }
}
