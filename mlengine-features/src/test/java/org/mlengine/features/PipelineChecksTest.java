package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import java.util.List;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;
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

  /** Twenty rows a day apart (one without a time), with a customer group and a label. */
  private static Table events() {
    int n = 40;
    java.time.Instant[] when = new java.time.Instant[n];
    String[] customer = new String[n];
    String[] label = new String[n];
    double[] amount = new double[n];
    for (int r = 0; r < n; r++) {
      when[r] = r == 7 ? null : java.time.Instant.parse("2024-03-01T08:00:00Z").plus(java.time.Duration.ofHours(13L * r));
      customer[r] = "c" + (r % 8);
      label[r] = (r * 7) % 3 == 0 ? "yes" : "no";
      amount[r] = r % 5;
    }
    return Table.builder().timestamp("When", when).categorical("customer", customer).numeric("amount", amount)
        .categorical("label", label).build();
  }

  @Test
  void fit_stepReadingAColumnAnEarlierStepMade_isCheckedWhenReached() {
    PipelineResult result = Pipeline.builder()
        .target("label")
        .split(Split.random(0.75))
        .add(Features.calendar(java.time.ZoneOffset.UTC, "When").parts(Features.CalendarPart.HOUR))
        .add(Features.impute("When_hour", "When_hour_sin", "When_hour_cos").median())
        .drop("customer")
        .trainer(Trainers.logisticRegression())
        .seed(1)
        .build()
        .fit(events());
    assertEquals(List.of("amount", "When_hour", "When_hour_sin", "When_hour_cos"), result.pipeline().featureNames());

    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().target("label").split(Split.random(0.75))
        .add(Features.calendar(java.time.ZoneOffset.UTC, "When").parts(Features.CalendarPart.HOUR))
        .add(Features.standardize("When_hour", "When_minute"))
        .drop("customer").trainer(Trainers.logisticRegression()).build().fit(events()));
    assertEquals("""
        the pipeline does not fit this table:
        - standardize reads column 'When_minute', which is not in the table; the table has [amount, label, When_hour, When_hour_sin, When_hour_cos]. Check the spelling.""",
        e.getMessage());
  }

  @Test
  void crossFitting_afterAStepDroppedTheGroupColumn_stillUsesGroupFolds() {
    Table data = events();
    String[] region = new String[data.rowCount()];
    for (int r = 0; r < region.length; r++) {
      region[r] = "r" + (r % 3);
    }
    PipelineResult result = Pipeline.builder()
        .target("label")
        .split(Split.group("customer", 0.75))
        .add(Features.oneHot("customer"))
        .add(Features.meanEncoding("region").smoothing(1))
        .drop("When")
        .trainer(Trainers.logisticRegression())
        .seed(2)
        .build()
        .fit(data.withCategorical("region", region));
    assertTrue(result.pipeline().featureNames().contains("region"), result.pipeline().featureNames()::toString);
  }
}
