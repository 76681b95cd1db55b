package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.Trainers;

/** Every fitted step records the rows it was fitted on, and the audit checks them against the split. */
class AuditFittedOnTest {

  @Test
  void augmentedPipeline_everyStepSawTheTrainingPartPlusTheAddedRows() {
    PipelineResult result = Pipeline.builder()
        .target("label")
        .split(Split.stratified(0.75))
        .augment(Features.augmentText("review").synonyms(Map.of("great", List.of("excellent"))).copies(2))
        .add(Features.tfidf("review"), Features.meanEncoding("city"))
        .trainer(Trainers.logisticRegression())
        .bootstrap(0)
        .seed(11)
        .build()
        .fit(TextAugmentationTest.reviews(120, 1));
    assertTrue(result.augmentedRows() > 0);
    List<Audit.FittedOn> fittedOn = result.audit().fittedOn();
    assertEquals(List.of("bag_of_words", "mean_encoding"), fittedOn.stream().map(Audit.FittedOn::step).toList());
    for (Audit.FittedOn f : fittedOn) {
      assertEquals(result.bundle().trainingRows() + result.augmentedRows(), f.rows());
      assertEquals(result.bundle().trainingDataSha256(), f.sha256());
    }
    assertEquals(List.of(), result.audit().of(AuditFinding.Kind.FITTED_ON_OTHER_ROWS));
  }
}
