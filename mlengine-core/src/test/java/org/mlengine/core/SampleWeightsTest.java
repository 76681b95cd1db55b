package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlengine.core.spi.Augmenter;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Json;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.spi.FittedTransform;

/**
 * Issue #14, item 11 (the trainers' half): {@code Pipeline.builder().sampleWeights(column)} weighs
 * each training row as scikit-learn's {@code fit(X, y, sample_weight)} does.
 */
class SampleWeightsTest {

  // ---- what weights do to the model ----

  static Stream<Trainer> exactTrainers() {
    return Stream.of(Trainers.xgboost().trees(10).maxDepth(3), Trainers.cart().maxDepth(4).minChildWeight(2));
  }

  @ParameterizedTest
  @MethodSource("exactTrainers")
  void fit_weightTwo_isExactlyTwoCopiesOfTheRow_classification(Trainer trainer) {
    Table table = TestData.binary(80, 3);
    double[] w = weights(table.rowCount(), r -> r % 3 == 0 ? 2 : 1);
    assertEquals(modelJson(trainer, table.withNumeric("w", w), "w"), modelJson(trainer, repeated(table, w), null));
  }

  @Test
  void fit_weightTwo_isExactlyTwoCopiesOfTheRow_regression_xgboost() {
    Table table = TestData.regression(80, 4);
    double[] w = weights(table.rowCount(), r -> r % 4 == 1 ? 2 : 1);
    Trainer xgboost = Trainers.xgboost().trees(10).maxDepth(3);
    assertEquals(modelJson(xgboost, table.withNumeric("w", w), "w"), modelJson(xgboost, repeated(table, w), null));
  }

  /**
   * A regression tree's splits are exactly those of the copies; its leaf means agree to the last
   * few bits (Tribuo sums 2 y in one place where the copies add y twice).
   */
  @Test
  void fit_weightTwo_isTwoCopiesOfTheRow_regression_cart_toRounding() {
    Table table = TestData.regression(80, 4);
    double[] w = weights(table.rowCount(), r -> r % 4 == 1 ? 2 : 1);
    Trainer cart = Trainers.cart().maxDepth(4).minChildWeight(2);
    FittedPipeline weighted = fit(cart, table.withNumeric("w", w), "w");
    FittedPipeline copies = fit(cart, repeated(table, w), null);
    assertEquals(thresholds(weighted), thresholds(copies));
    Table probe = TestData.regression(200, 5);
    Scores a = weighted.score(probe);
    Scores b = copies.score(probe);
    for (int r = 0; r < probe.rowCount(); r++) {
      assertEquals(b.value(r), a.value(r), 1e-12 * Math.max(1, Math.abs(b.value(r))));
    }
  }

  /**
   * Rows of weight 0 leave a CART tree exactly as without them when their features repeat a
   * weighted row's (here: copies of rows 0..19 with the other label). A zero-weight row with a
   * value of its own is not the same as no row: its value still adds a candidate threshold
   * between the weighted rows' values. XGBoost's trees differ even then (SampleWeightsProperties).
   */
  @Test
  void fit_zeroWeightRowsRepeatingOtherRowsFeatures_isExactlyWithoutThem_cart() {
    Trainer trainer = Trainers.cart().maxDepth(4).minChildWeight(2);
    Table table = TestData.binary(80, 5);
    int[] copies = IntStream.range(0, 20).toArray();
    String[] flipped = Arrays.stream(table.rows(copies).stringColumn("y")).map(y -> y.equals("yes") ? "no" : "yes")
        .toArray(String[]::new);
    Table withZeroRows = table.concat(table.rows(copies).withCategorical("y", flipped));
    double[] w = weights(withZeroRows.rowCount(), r -> r < table.rowCount() ? 1 : 0);
    assertEquals(modelJson(trainer, withZeroRows.withNumeric("w", w), "w"), modelJson(trainer, table, null));
  }

  /** An augmenter's added row carries its source row's weight: one verbatim copy of each row is each weight doubled. */
  @Test
  void fit_augmentedRows_keepTheirSourceRowsWeight() {
    Table table = TestData.binary(80, 12);
    double[] w = weights(80, r -> r % 3 == 0 ? 2 : 1);
    Augmenter copy = TestAugmenters.fake("copy", List.of(), Map.of(), (train, seed) -> {
      int[] every = IntStream.range(0, train.rowCount()).toArray();
      return Augmentation.of(train.rows(every), every);
    });
    Trainer cart = Trainers.cart().maxDepth(4).minChildWeight(2);
    FittedPipeline augmented = Pipeline.builder().target("y").sampleWeights("w").split(Split.random(0.8)).augment(copy)
        .trainer(cart).bootstrap(0).build()
        .fitOn(table.withNumeric("w", w), Partition.of(IntStream.range(0, 80).toArray(), new int[0]));
    assertEquals(modelJson(cart, table.withNumeric("w", Arrays.stream(w).map(x -> 2 * x).toArray()), "w"),
        RuntimeAccess.pipelines().model(augmented).toJson().toString());
  }

  /** An augmenter that rewrites the weight column without declaring it is refused like one that changes the target. */
  @Test
  void fit_augmenterChangingTheWeightUndeclared_isRefused() {
    Table table = TestData.binary(80, 12).withNumeric("w", weights(80, r -> 1));
    Augmenter heavy = TestAugmenters.fake("heavy", List.of("x1"), Map.of(),
        (train, seed) -> Augmentation.of(train.rows(new int[] {0}).withNumeric("w", new double[] {-5}), new int[] {0}));

    var e = assertThrows(IllegalStateException.class, () -> Pipeline.builder().target("y").sampleWeights("w")
        .split(Split.random(0.8)).augment(heavy).trainer(Trainers.cart()).build()
        .fitOn(table, Partition.of(IntStream.range(0, 80).toArray(), new int[0])));

    assertEquals("heavy changed the weight 'w' of added row 0 from 1.0 (its source row 0) to -5.0; an added row keeps"
        + " its source row's weight, so the augmenter must copy it unchanged", e.getMessage());
  }

  @Test
  void fit_weightsOfOne_areTheUnweightedModel_forSgd() {
    Table table = TestData.binary(80, 6);
    Trainer sgd = Trainers.linearSgd().epochs(3);
    assertEquals(modelJson(sgd, table.withNumeric("w", weights(80, r -> 1)), "w"), modelJson(sgd, table, null));
  }

  @Test
  void fit_weightsOfOne_areTheUnweightedModel_forLogisticRegression() {
    Table table = TestData.binary(80, 6);
    Trainer lbfgs = Trainers.logisticRegression();
    assertEquals(modelJson(lbfgs, table.withNumeric("w", weights(80, r -> 1)), "w"), modelJson(lbfgs, table, null));
  }

  /**
   * SGD scales each row's step by its weight, shallow trees count it into their leaves: weighing
   * the "yes" rows 5 times raises the mean predicted P(yes). (Deep trees' leaves are nearly pure
   * either way, so the test keeps the forest shallow.)
   */
  @ParameterizedTest
  @MethodSource("pullingTrainers")
  void fit_heavierClass_raisesItsProbability(Trainer trainer) {
    Table table = TestData.binary(200, 7);
    double[] w = weights(200, r -> table.string("y", r).equals("yes") ? 5 : 1);
    Table probe = TestData.binary(50, 8);
    double weighted = meanProbability(fit(trainer, table.withNumeric("w", w), "w").score(probe), "yes");
    double unweighted = meanProbability(fit(trainer, table, null).score(probe), "yes");
    assertTrue(weighted > unweighted + 0.05, weighted + " vs " + unweighted);
  }

  static Stream<Trainer> pullingTrainers() {
    return Stream.of(Trainers.logisticRegression(), Trainers.linearSgd().epochs(5), Trainers.randomForest().trees(20).maxDepth(2));
  }

  // ---- the column: not a feature, not an input, recorded in the spec ----

  @Test
  void fit_weightColumn_isNeitherFeatureNorInput_andTheSpecRecordsIt(@TempDir Path dir) throws Exception {
    Table table = TestData.binary(100, 9).withNumeric("w", weights(100, r -> 1 + r % 3));
    PipelineResult result = Pipeline.builder().target("y").sampleWeights("w").split(Split.stratified(0.8))
        .trainer(Trainers.xgboost().trees(5)).bootstrap(0).seed(2).build().fit(table);
    assertEquals(List.of("x1", "x2"), result.pipeline().featureNames());
    assertEquals(List.of("x1", "x2"), result.pipeline().inputSchema().names());
    assertEquals("w", Json.MAPPER.readTree(result.bundle().spec()).get("sampleWeights").asText());

    Path file = dir.resolve("weighted.zip");
    result.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(result.bundle().spec(), loaded.spec());
    assertEquals(result.bundle().id(), loaded.id());
    Table requests = TestData.binary(20, 10);
    assertFalse(requests.hasColumn("w"));
    Scores scores = loaded.pipeline().score(requests);
    Scores withWeights = loaded.pipeline().score(requests.withNumeric("w", weights(20, r -> 7)));
    for (int r = 0; r < 20; r++) {
      assertArrayEquals(scores.probabilities(r), withWeights.probabilities(r));
    }
  }

  @Test
  void spec_withoutSampleWeights_hasNoSuchKey() {
    Pipeline pipeline = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.cart()).build();
    assertFalse(pipeline.spec().containsKey("sampleWeights"));
    assertEquals("w", pipeline.toBuilder().sampleWeights("w").build().spec().get("sampleWeights"));
  }

  // ---- the errors ----

  @Test
  void build_weightColumnClashingWithTheOtherSettings_listsEveryProblem() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().target("y").sampleWeights("w")
        .split(Split.random(0.8)).drop("w").add(new Reading("w")).augment(new Changing("w")).trainer(new Unweighted()).build());
    assertEquals("the pipeline is not complete:\n"
        + "- column 'w' is dropped but sampleWeights reads it; the weight column is never a feature, so remove it from drop().\n"
        + "- reading reads 'w', the sampleWeights column; weights are never a feature, so no step may read them. Remove 'w'"
        + " from the step.\n"
        + "- changing changes 'w', the sampleWeights column; an added row keeps its source row's weight. Remove 'w' from the"
        + " augmenter's columns.\n"
        + "- unweighted does not weigh rows, so it would ignore sampleWeights(\"w\"); use a trainer that does,"
        + " Trainers.logisticRegression(), linearSgd(), cart(), randomForest() or xgboost(), or remove sampleWeights(...).\n"
        + "- column 'w' is dropped but reading reads it; remove it from drop() or from the step.\n"
        + "- column 'w' is dropped but changing augments it; remove it from drop() or from the augmenter.", e.getMessage());
  }

  @Test
  void build_weightColumnIsTheTarget_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.builder().target("y").sampleWeights("y")
        .split(Split.random(0.8)).trainer(Trainers.cart()).build());
    assertEquals("the pipeline is not complete:\n- sampleWeights names the target 'y'; the weights must be a column of their"
        + " own. Name the column that holds each row's weight.", e.getMessage());
  }

  @Test
  void build_everyBuiltInTrainer_weighsRows() {
    for (Trainer t : List.of(Trainers.logisticRegression(), Trainers.linearSgd(), Trainers.cart(), Trainers.randomForest(),
        Trainers.xgboost())) {
      assertTrue(t.takesSampleWeights(), t.name());
    }
  }

  @Test
  void fit_weightColumnMissing_isReportedWithTheOtherProblemsOfTheSpec() {
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline("weight").fit(TestData.binary(50, 1)));
    assertEquals("the pipeline does not fit this table:\n- sampleWeights names column 'weight', which is not in the table;"
        + " the table has [x1, x2, y]. Check the spelling.", e.getMessage());
  }

  @Test
  void fit_weightColumnNotNumeric_isRefused() {
    Table table = TestData.binary(50, 1);
    Table withText = table.withCategorical("w", table.stringColumn("y"));
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline("w").fit(withText));
    assertEquals("the pipeline does not fit this table:\n- sampleWeights column 'w' is CATEGORICAL; weights must be NUMERIC."
        + " Declare it with CsvOptions.numeric(\"w\") or weigh by a NUMERIC column.", e.getMessage());
  }

  @Test
  void fit_missingInfiniteAndNegativeWeights_areReportedAtOnce_namingCountsAndFirstRows() {
    double[] w = weights(50, r -> 1);
    w[3] = Double.NaN;
    w[7] = -1;
    w[9] = Double.POSITIVE_INFINITY;
    w[11] = -0.5;
    w[12] = 1e39;
    w[20] = Double.NaN;
    w[30] = -2;
    w[40] = -3;
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline("w").fit(TestData.binary(50, 1).withNumeric("w", w)));
    assertEquals("the data fail 3 checks; nothing was split or fitted:\n"
        + "- sampleWeights column 'w' has no value in 2 of 50 rows (rows 3, 20); expected a weight in every row. Fill them in"
        + " (1 weighs a row as if unweighted) or drop those rows.\n"
        + "- sampleWeights column 'w' holds 2 weights in 50 rows (Infinity at row 9, 1.0E39 at row 12) too large to train with;"
        + " expected a finite weight of at most 3.4028235E38 (Tribuo keeps weights as 32-bit floats). Scale the weights down or"
        + " drop those rows.\n"
        + "- sampleWeights column 'w' holds 4 negative weights in 50 rows (-1.0 at row 7, -0.5 at row 11, -2.0 at row 30, ...);"
        + " expected weights of 0 or more (0 leaves a row out of training). Correct those rows or drop them.", e.getMessage());
  }

  @Test
  void fit_oneMissingWeight_isNamedInTheSingular() {
    double[] w = weights(50, r -> 1);
    w[4] = Double.NaN;
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline("w").fit(TestData.binary(50, 1).withNumeric("w", w)));
    assertEquals("the data fail 1 check; nothing was split or fitted:\n- sampleWeights column 'w' has no value in 1 of 50 rows"
        + " (row 4); expected a weight in every row. Fill them in (1 weighs a row as if unweighted) or drop those rows.",
        e.getMessage());
  }

  @Test
  void fit_allTrainingWeightsZero_isRefusedBeforeAnythingIsFitted() {
    // A time-ordered split trains on the first 40 rows, all of weight 0.
    Table table = TestData.binary(50, 1).withTimestamp("t", IntStream.range(0, 50).mapToLong(r -> 1_000_000L * r).toArray())
        .withNumeric("w", weights(50, r -> r < 40 ? 0 : 1));
    Pipeline pipeline = Pipeline.builder().target("y").sampleWeights("w").split(Split.timeOrdered("t", 0.8))
        .trainer(new NeverTrained()).bootstrap(0).build();
    var e = assertThrows(IllegalArgumentException.class, () -> pipeline.fit(table));
    assertEquals("sampleWeights column 'w' is 0 in all 40 rows of the training part, so the trainer would learn from nothing;"
        + " nothing was fitted. Expected a positive weight in some training rows: check the column, and the split (a"
        + " time-ordered split trains on the earliest rows).", e.getMessage());
  }

  @Test
  void fitOn_negativeWeight_isRefusedForTheTunersFitsToo() {
    double[] w = weights(50, r -> r == 5 ? -1 : 1);
    Table table = TestData.binary(50, 1).withNumeric("w", w);
    var e = assertThrows(IllegalArgumentException.class,
        () -> pipeline("w").fitOn(table, Partition.of(IntStream.range(0, 40).toArray(), IntStream.range(40, 50).toArray())));
    assertEquals("the data fail 1 check; nothing was split or fitted:\n- sampleWeights column 'w' holds 1 negative weight in 50"
        + " rows (-1.0 at row 5); expected weights of 0 or more (0 leaves a row out of training). Correct those rows or drop"
        + " them.", e.getMessage());
  }

  // ---- helpers ----

  private static Pipeline pipeline(String weights) {
    return Pipeline.builder().target("y").sampleWeights(weights).split(Split.stratified(0.8)).trainer(Trainers.cart())
        .bootstrap(0).build();
  }

  /** Fits on every row of the table (no split), so that tables of different lengths are comparable. */
  static FittedPipeline fit(Trainer trainer, Table table, String weights) {
    Pipeline.Builder b = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(trainer).bootstrap(0).seed(11);
    if (weights != null) {
      b.sampleWeights(weights);
    }
    return b.build().fitOn(table, Partition.of(IntStream.range(0, table.rowCount()).toArray(), new int[0]));
  }

  static String modelJson(Trainer trainer, Table table, String weights) {
    FittedPipeline fitted = fit(trainer, table, weights);
    assertEquals(List.of("x1", "x2"), fitted.featureNames());
    return RuntimeAccess.pipelines().model(fitted).toJson().toString();
  }

  /** The split thresholds of a tree, in pre-order. */
  private static List<Double> thresholds(FittedPipeline fitted) {
    List<Double> out = new java.util.ArrayList<>();
    RuntimeAccess.pipelines().model(fitted).toJson().get("nodes").forEach(n -> {
      if (n.has("threshold")) {
        out.add(n.get("threshold").asDouble());
      }
    });
    return out;
  }

  /** Each row as many times as its (whole) weight, in place, without the weight column. */
  static Table repeated(Table table, double[] w) {
    int[] rows = IntStream.range(0, table.rowCount()).flatMap(r -> IntStream.generate(() -> r).limit((long) w[r])).toArray();
    return table.rows(rows);
  }

  static double[] weights(int n, java.util.function.IntToDoubleFunction weight) {
    return IntStream.range(0, n).mapToDouble(weight).toArray();
  }

  private static double meanProbability(Scores scores, String label) {
    int c = scores.classes().indexOf(label);
    return IntStream.range(0, scores.size()).mapToDouble(r -> scores.probability(r, c)).average().orElseThrow();
  }

  /** A trainer that would ignore weights (none of mlengine's does). */
  static final class Unweighted extends Trainer {
    @Override
    public String name() {
      return "unweighted";
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }

    @Override
    void check(Task task, String target, List<String> problems) {}

    @Override
    TrainedModel train(TrainingSet data, long seed) {
      throw new AssertionError("never trained: build() refuses it");
    }
  }

  /** A trainer that weighs rows and fails the test if it is ever called. */
  static final class NeverTrained extends Trainer {
    @Override
    public String name() {
      return "never_trained";
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }

    @Override
    void check(Task task, String target, List<String> problems) {}

    @Override
    boolean takesSampleWeights() {
      return true;
    }

    @Override
    TrainedModel train(TrainingSet data, long seed) {
      throw new AssertionError("the trainer was called although every training weight is 0");
    }
  }

  /** A step that reads a column and is never fitted. */
  record Reading(String column) implements Extractor {
    @Override
    public String name() {
      return "reading";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public void check(Schema schema, List<String> problems) {}

    @Override
    public FittedTransform fit(FitContext context) {
      throw new AssertionError("never fitted: build() refuses it");
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }
  }

  /** An augmenter that says it changes a column and never runs. */
  record Changing(String column) implements Augmenter {
    @Override
    public String name() {
      return "changing";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }

    @Override
    public void check(Schema schema, List<String> problems) {}

    @Override
    public Augmentation augment(Table trainingPart, long seed) {
      throw new AssertionError("never run: build() refuses it");
    }

    @Override
    public Map<String, Object> spec() {
      return Map.of();
    }
  }
}
