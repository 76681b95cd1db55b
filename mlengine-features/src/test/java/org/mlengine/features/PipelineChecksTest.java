package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mlengine.core.Pipeline;
import org.mlengine.core.Split;
import org.mlengine.core.Table;
import org.mlengine.core.Trainers;

/** The pipeline reports every problem of its steps against the table at once, in the steps' words. */
class PipelineChecksTest {
  private static final Table REVIEWS = Table.builder()
      .numeric("Income", 10, 20, 30, 40, 50, 60)
      .text("Review", "great value", "not good", "fine I guess", "would buy again", "too salty", "ok")
      .categorical("Home", "rent", "own", "rent", "own", "rent", "own")
      .categorical("Status", "good", "bad", "good", "bad", "good", "bad")
      .build();

  @Test
  void fit_unknownColumnAndTextColumnForStandardize_reportsBoth() {
    Pipeline pipeline = Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.5))
        .add(Features.standardize("Incme", "Review"))
        .add(Features.oneHot("Home"))
        .trainer(Trainers.logisticRegression())
        .build();
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(REVIEWS));
    assertEquals("""
        the pipeline does not fit this table:
        - standardize reads column 'Incme', which is not in the table; the table has [Income, Review, Home, Status]. Check the spelling.
        - column 'Review' is TEXT; standardize needs NUMERIC. Declare it with CsvOptions.numeric("Review") or drop it.""",
        e.getMessage());
  }

  @Test
  void fit_stepReadingTheTarget_isRefusedAsALeak() {
    Pipeline pipeline = Pipeline.builder()
        .target("Status")
        .split(Split.stratified(0.5))
        .add(Features.oneHot("Home", "Status"))
        .drop("Review")
        .trainer(Trainers.logisticRegression())
        .build();
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(REVIEWS));
    assertEquals("""
        the pipeline does not fit this table:
        - one_hot reads the target 'Status'; no step may read the target (it would leak the label into the features).""",
        e.getMessage());
  }
}
