package org.mlengine.core;

import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * XGBoost trained through XGBoost4J from the CSR arrays: the compiled form predicts what the
 * booster predicts, the threads do not change the trees, and the matrix and parameters are the
 * ones Tribuo's XGBoost trainers built. Few tries: every try starts XGBoost.
 */
class XGBoostEngineProperties {
  /** The rounds of the small models here. */
  private static final int ROUNDS = 12;

  @Property(tries = 6)
  void compiledModel_equalsBoosterPredict_onRowsWithAbsentEntriesAndAnEmptyRow(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 2) int task,
      @ForAll boolean weighted) throws Exception {
    Trainer.TrainingSet data = sparse(seed, 300, classesOf(task), weighted);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withMaxDepth(4).withSubsample(0.9);
    var columns = XGBoostTraining.Columns.of(data);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    DMatrix probe = XGBoostTraining.matrix(data.features(), columns, false);
    Booster booster = XGBoostTraining.boost(training,
        XGBoostTraining.parameters(data, options, 2, seed, XGBoostTraining.HISTOGRAM), ROUNDS, data, 2);
    try {
      BoostedModel compiled = XGBoostTraining.compile(booster, data, columns);
      float[][] predicted = booster.predict(probe);
      FeatureMatrix m = data.features();
      assertEquals(0, m.rowStart[1] - m.rowStart[0], "row 0 has no entries");
      int outputs = task == 0 ? 1 : classesOf(task);
      assertEquals(ROUNDS * outputs, compiled.trees().size(), "two classes: a tree of one 0 leaf for class 0 before each tree");
      for (int r = 0; r < m.rows; r++) {
        double[] actual = compiled.score(m.index, m.value, m.rowStart[r], m.rowStart[r + 1]);
        // binary:logistic predicts class 1's probability only
        double[] expected = task == 1 ? new double[] {1 - predicted[r][0], predicted[r][0]} : toDoubles(predicted[r]);
        assertEquals(expected.length, actual.length);
        for (int o = 0; o < actual.length; o++) {
          assertEquals(expected[o], actual[o], 1e-6 * Math.max(1, Math.abs(actual[o])), "row " + r + ", output " + o);
        }
      }
    } finally {
      booster.dispose();
      probe.dispose();
      training.dispose();
    }
  }

  @Property(tries = 3)
  void threads_oneOrThree_trainTheSameCompiledModel(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 2) int task) {
    // Enough rows that XGBoost splits each histogram's rows into several blocks per thread.
    Trainer.TrainingSet data = sparse(seed, 6000, classesOf(task), false);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withSubsample(0.8).withFeatureSubsample(0.8);
    Trainer.TrainedModel one = XGBoostTraining.train(data, options, 1, seed);
    Trainer.TrainedModel three = XGBoostTraining.train(data, options, 3, seed);
    assertEquals(one.model().toJson().toString(), three.model().toJson().toString());
    assertNull(one.tribuoModel(), "no Tribuo model: XGBoost4J trains it");
  }

  /**
   * Targets spread over thirty orders of magnitude: with XGBoost's built-in squared error, the
   * double sums of these float gradients round, and 1 and 2 threads grew different first trees
   * for this table (XGBoost4J 1.6.2); the gradients rounded to one grid per round sum exactly.
   */
  @Example
  void threads_gradientsOfVeryDifferentSizes_stillTrainTheSameCompiledModel() {
    Random random = new Random(2);
    int rows = 30_000;
    double[][] x = new double[6][rows];
    double[] y = new double[rows];
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < 6; f++) {
        x[f][r] = (float) random.nextGaussian();
      }
      y[r] = (float) (Math.exp(random.nextGaussian() * 12) * (random.nextBoolean() ? 1 : -1));
    }
    Table.Builder b = Table.builder();
    for (int f = 0; f < 6; f++) {
      b.numeric("f" + f, x[f]);
    }
    Table features = b.build();
    var data = new Trainer.TrainingSet(Task.REGRESSION, "y", features.columnNames(),
        FeatureMatrix.Layout.of(features).trainingMatrix(features), List.of(), null, y, null);
    var options = XGBoostOptions.DEFAULTS.withTrees(30).withMaxDepth(8).withMinChildWeight(0).withLambda(0);
    String one = XGBoostTraining.train(data, options, 1, 7).model().toJson().toString();
    assertEquals(one, XGBoostTraining.train(data, options, 2, 7).model().toJson().toString());
    assertEquals(one, XGBoostTraining.train(data, options, 3, 7).model().toJson().toString());
  }

  @Example
  void roundToGrid_keepsSmallValuesBesideAnOutlier_onOnePowerOfTwo() {
    // One outlier (a target of 1e8 among targets near 1): the other rows' gradients must survive.
    double[] values = {1e8, -0.75, 0.3, 1 / 3.0, 1.0 - 1e-12, 1e-30};
    float[] rounded = XGBoostTraining.roundToGrid(values, null, 1);
    double step = Math.scalb(1.0, Math.getExponent(1e8 * values.length) + 2 - 53);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], rounded[i], step / 2 + Math.ulp((float) values[i]), "value " + i);
      assertEquals(Math.rint(rounded[i] / step), rounded[i] / step, "value " + i + " is a whole number of steps");
    }
    assertEquals(0.3, rounded[2], 1e-6, "a gradient of 0.3 beside one of 1e8 survives (a grid of 2^-24 of the largest made it 0)");
    assertEquals(0f, rounded[5], "far below the step: 0");
  }

  @Property(tries = 50)
  void roundToGrid_weightTwo_isTwoCopiesOfTheRow_andAnyWeightStaysOnTheGrid(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Random random = new Random(seed);
    int rows = 40;
    int outputs = 2;
    double[] values = new double[rows * outputs];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian() * Math.exp(random.nextGaussian() * 10);
    }
    double[] weights = new double[rows];
    java.util.List<Integer> copies = new java.util.ArrayList<>();  // the unweighted table: rows of weight 2 twice
    for (int r = 0; r < rows; r++) {
      weights[r] = r % 2 == 0 ? 2 : 1;
      copies.add(r);
      if (weights[r] == 2) {
        copies.add(r);
      }
    }
    double[] copied = new double[copies.size() * outputs];
    for (int k = 0; k < copies.size(); k++) {
      for (int o = 0; o < outputs; o++) {
        copied[k * outputs + o] = values[copies.get(k) * outputs + o];
      }
    }
    float[] weighted = XGBoostTraining.roundToGrid(values, weights, outputs);
    float[] unweighted = XGBoostTraining.roundToGrid(copied, null, outputs);
    for (int k = 0; k < copies.size(); k++) {
      int r = copies.get(k);
      for (int o = 0; o < outputs; o++) {
        assertEquals(unweighted[k * outputs + o] * (float) weights[r], weighted[r * outputs + o], "row " + r + " output " + o);
      }
    }
    double[] odd = weights.clone();
    for (int r = 0; r < rows; r++) {
      odd[r] = random.nextDouble() * 7;
    }
    float[] anyWeights = XGBoostTraining.roundToGrid(values, odd, outputs);
    double max = java.util.Arrays.stream(values).map(Math::abs).max().orElseThrow();
    double step = Math.scalb(1.0, Math.getExponent(max * java.util.Arrays.stream(odd).sum()) + 2 - 53);
    for (int i = 0; i < values.length; i++) {
      assertEquals(Math.rint(anyWeights[i] / step), anyWeights[i] / step, "value " + i + " is a whole number of steps");
    }
  }

  @Property(tries = 2)
  void sameSeed_anyThreads_givesTheSameBundleId(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Table table = TestData.binary(400, seed);
    PipelineResult first = pipeline(Trainers.xgboost().trees(ROUNDS).threads(1), seed).fit(table);
    PipelineResult second = pipeline(Trainers.xgboost().trees(ROUNDS).threads(3), seed).fit(table);
    PipelineResult other = pipeline(Trainers.xgboost().trees(ROUNDS).threads(1), seed + 1).fit(table);
    assertEquals(first.bundle().id(), second.bundle().id());
    assertTrue(!first.bundle().id().equals(other.bundle().id()), "another seed splits and samples differently");
  }

  /**
   * With Tribuo's tree method ({@code auto}) and one thread, the matrix and parameters give the
   * very trees Tribuo's XGBoost trainers gave: the entries present, the stored zeros, the empty
   * row's filler, the column order, the labels, weights and options are Tribuo's.
   */
  @Property(tries = 4)
  void matrixAndParameters_withTribuosTreeMethod_trainTribuosTrees(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 2) int task,
      @ForAll boolean weighted) throws Exception {
    Trainer.TrainingSet data = sparse(seed, 200, classesOf(task), weighted);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withMaxDepth(3).withSubsample(0.8).withFeatureSubsample(0.7)
        .withLambda(2).withAlpha(0.1).withMinChildWeight(0.5);
    var columns = XGBoostTraining.Columns.of(data);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Map<String, Object> parameters = new LinkedHashMap<>(XGBoostTraining.parameters(data, options, 1, seed, "auto"));
    if (task == 1) {  // Tribuo trains two classes as multi:softprob; ours as binary:logistic (the next example)
      parameters.put("objective", "multi:softprob");
      parameters.put("num_class", 2);
    }
    Booster ours = XGBoost.train(training, parameters, ROUNDS, Map.of(), null, null);
    Booster tribuos = tribuoBooster(data, options, seed);
    try {
      assertArrayEquals(tribuos.getModelDump((String) null, true, "json"), ours.getModelDump((String) null, true, "json"));
    } finally {
      ours.dispose();
      tribuos.dispose();
      training.dispose();
    }
  }

  @Example
  void parameters_twoClasses_trainBinaryLogistic_andOtherwiseMatchMoreClasses() {
    var options = XGBoostOptions.DEFAULTS;
    Map<String, Object> two = new LinkedHashMap<>(XGBoostTraining.parameters(sparse(3, 50, 2, false), options, 2, 3, "hist"));
    Map<String, Object> three = new LinkedHashMap<>(XGBoostTraining.parameters(sparse(3, 50, 3, false), options, 2, 3, "hist"));
    assertEquals("binary:logistic", two.remove("objective"));
    assertEquals("multi:softprob", three.remove("objective"));
    assertEquals(3, three.remove("num_class"));
    assertEquals(three, two);
  }

  /**
   * The margins read between rounds ({@link XGBoostMargins}) are those of XGBoost4J's public
   * {@code booster.predict(matrix, true)}: boosting on either grows the very same trees, for each
   * objective, with weights, sampling, an empty row, and many slots.
   */
  @Property(tries = 6)
  void boost_onItsOwnMargins_growsTheTreesOfXGBoostsOwnMargins(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 2) int task,
      @ForAll boolean weighted,
      @ForAll boolean wide) throws Exception {
    Trainer.TrainingSet data = sparse(seed, 9000, classesOf(task), weighted, wide ? 70 : 6);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withMaxDepth(4).withSubsample(0.8).withFeatureSubsample(0.9);
    var columns = XGBoostTraining.Columns.of(data);
    Map<String, Object> parameters = XGBoostTraining.parameters(data, options, 2, seed, XGBoostTraining.HISTOGRAM);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Booster ours = XGBoostTraining.boost(training, parameters, ROUNDS, data, 3);
    Booster reference = XGBoost.train(training, parameters, 0, Map.of(), null, null);
    try {
      var objective = XGBoostTraining.Objective.of(data);
      int outputs = objective.outputs(data);
      int n = data.features().rows;
      double[] gradient = new double[n * outputs];
      double[] hessian = new double[n * outputs];
      for (int round = 0; round < ROUNDS; round++) {
        float[][] margin = reference.predict(training, true);
        float[] flat = new float[n * outputs];
        for (int r = 0; r < n; r++) {
          System.arraycopy(margin[r], 0, flat, r * outputs, outputs);
        }
        objective.gradients(flat, data, 0, n, gradient, hessian);
        reference.boost(training, XGBoostTraining.roundToGrid(gradient, data.weights(), outputs),
            XGBoostTraining.roundToGrid(hessian, data.weights(), outputs));
      }
      assertArrayEquals(reference.getModelDump((String) null, true, "json"), ours.getModelDump((String) null, true, "json"));
    } finally {
      ours.dispose();
      reference.dispose();
      training.dispose();
    }
  }

  /**
   * Dense rows holding NaN (which the pipeline refuses before training, so set here by hand):
   * XGBoost's matrix has NaN for missing, and the margins read between rounds are XGBoost's own,
   * so boosting grows the trees of the margins XGBoost4J's public {@code predict} gives, with
   * nodes that send a missing value left as well as right. (A walk of the trees in Java, as the
   * trainer did before, sent NaN right at every node.)
   */
  @Property(tries = 4)
  void boost_denseRowsWithNaN_growsTheTreesOfXGBoostsOwnMargins(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll boolean twoClasses) throws Exception {
    Random random = new Random(seed);
    int rows = 5000;
    int width = 4;
    Table.Builder b = Table.builder();
    for (int f = 0; f < width; f++) {
      double[] x = new double[rows];
      for (int r = 0; r < rows; r++) {
        x[r] = Math.rint(random.nextGaussian() * 8) / 4;
      }
      b.numeric("f" + f, x);
    }
    Table features = b.build();
    FeatureMatrix matrix = FeatureMatrix.Layout.of(features).trainingMatrix(features);
    assertTrue(matrix.isDense());
    int[] classIndices = new int[rows];
    double[] values = new double[rows];
    for (int r = 0; r < rows; r++) {
      boolean high = r % 3 == 0;  // the rows whose value will be missing in f0 lean to class 1 and a higher target
      for (int f = 0; f < width; f++) {
        if (f == 0 && high || random.nextInt(8) == 0) {
          matrix.columns[f][r] = Double.NaN;
        }
      }
      double signal = (Double.isNaN(matrix.columns[1][r]) ? 0 : matrix.columns[1][r]) + (high ? 2 : 0) + random.nextGaussian();
      classIndices[r] = signal > 1 ? 1 : 0;
      values[r] = signal;
    }
    Trainer.TrainingSet data = twoClasses
        ? new Trainer.TrainingSet(Task.CLASSIFICATION, "y", features.columnNames(), matrix, List.of("a", "b"), classIndices, null, null)
        : new Trainer.TrainingSet(Task.REGRESSION, "y", features.columnNames(), matrix, List.of(), null, values, null);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withMaxDepth(4);
    var columns = XGBoostTraining.Columns.of(data);
    Map<String, Object> parameters = XGBoostTraining.parameters(data, options, 1, seed, XGBoostTraining.HISTOGRAM);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Booster booster = XGBoostTraining.boost(training, parameters, ROUNDS, data, 2);
    Booster reference = XGBoost.train(training, parameters, 0, Map.of(), null, null);
    try {
      var objective = XGBoostTraining.Objective.of(data);
      double[] gradient = new double[rows];
      double[] hessian = new double[rows];
      for (int round = 0; round < ROUNDS; round++) {
        float[][] margin = reference.predict(training, true);
        float[] flat = new float[rows];
        for (int r = 0; r < rows; r++) {
          flat[r] = margin[r][0];
        }
        objective.gradients(flat, data, 0, rows, gradient, hessian);
        reference.boost(training, XGBoostTraining.roundToGrid(gradient, null, 1), XGBoostTraining.roundToGrid(hessian, null, 1));
      }
      assertArrayEquals(reference.getModelDump((String) null, true, "json"), booster.getModelDump((String) null, true, "json"));
      int left = 0;
      int right = 0;
      for (BoostedModel.Tree tree : XGBoostTraining.compile(booster, data, columns).trees()) {
        for (int k = 0; k < tree.feature().length; k++) {
          left += tree.feature()[k] >= 0 && tree.missing()[k] == tree.yes()[k] ? 1 : 0;
          right += tree.feature()[k] >= 0 && tree.missing()[k] == tree.no()[k] ? 1 : 0;
        }
      }
      assertTrue(left > 0 && right > 0, "missing values go left at " + left + " nodes and right at " + right);
    } finally {
      booster.dispose();
      reference.dispose();
      training.dispose();
    }
  }

  /**
   * The saved model cut short, or bytes that are no saved model, say what went wrong; a model
   * saved in another format is refused as such.
   */
  @Example
  void compile_ofBytesThatAreNoWholeSavedBooster_saysWhatIsExpected() throws Exception {
    Trainer.TrainingSet data = sparse(5, 300, 2, false);
    var columns = XGBoostTraining.Columns.of(data);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Booster booster = XGBoostTraining.boost(training,
        XGBoostTraining.parameters(data, XGBoostOptions.DEFAULTS.withTrees(3), 1, 5, XGBoostTraining.HISTOGRAM), 3, data, 1);
    try {
      byte[] model = booster.toByteArray(XGBoostModelTrees.FORMAT);
      byte[] cut = java.util.Arrays.copyOf(model, model.length / 2);
      var e = assertThrows(IllegalStateException.class, () -> XGBoostModelTrees.all(cut, new int[6]));
      assertEquals("could not read XGBoost's saved model (binary): its " + cut.length + " bytes end inside a value; mlengine reads"
          + " the models XGBoost4J 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e.getMessage());
      byte[] ubjson = booster.toByteArray("ubj");
      e = assertThrows(IllegalStateException.class, () -> XGBoostModelTrees.all(ubjson, new int[6]));
      assertEquals("could not read XGBoost's saved model (binary): it does not start with 'binf'; mlengine reads the models"
          + " XGBoost4J 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e.getMessage());
      e = assertThrows(IllegalStateException.class, () -> XGBoostModelTrees.all(model, new int[0]));
      assertTrue(e.getMessage().startsWith("could not read XGBoost's saved model (binary): node 0 splits on column "), e.getMessage());
      assertTrue(e.getMessage().endsWith(" of 0; mlengine reads the models XGBoost4J 1.7.6 saves. No model was made; put"
          + " ml.dmlc:xgboost4j_2.12:1.7.6 on the class path."), e.getMessage());
    } finally {
      booster.dispose();
      training.dispose();
    }
  }

  /**
   * The compiled form read from the booster's saved model (binary) is the very model the JSON dump
   * compiled to before, every array to the bit (so bundle ids stay as they were): regression, two
   * and three classes, with weights, sampling, an empty row, absent entries and a wide vector.
   */
  @Property(tries = 8)
  void compile_fromTheSavedModel_equalsTheCompiledJsonDump(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 2) int task,
      @ForAll boolean weighted,
      @ForAll boolean wide) throws Exception {
    Trainer.TrainingSet data = sparse(seed, 2000, classesOf(task), weighted, wide ? 70 : 6);
    var options = XGBoostOptions.DEFAULTS.withTrees(ROUNDS).withMaxDepth(6).withSubsample(0.8).withFeatureSubsample(0.9);
    var columns = XGBoostTraining.Columns.of(data);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Booster booster = XGBoostTraining.boost(training,
        XGBoostTraining.parameters(data, options, 2, seed, XGBoostTraining.HISTOGRAM), ROUNDS, data, 2);
    try {
      assertEquals(XGBoostDump.compile(booster, data, columns).toJson().toString(),
          XGBoostTraining.compile(booster, data, columns).toJson().toString());
    } finally {
      booster.dispose();
      training.dispose();
    }
  }

  @Example
  void margins_ofAnotherSize_sayWhatWasReturnedAndWhatIsNeeded() throws Exception {
    Trainer.TrainingSet data = sparse(9, 300, 3, false);
    var columns = XGBoostTraining.Columns.of(data);
    DMatrix training = XGBoostTraining.trainingMatrix(data, columns);
    Booster booster = XGBoostTraining.boost(training,
        XGBoostTraining.parameters(data, XGBoostOptions.DEFAULTS.withTrees(2), 1, 9, XGBoostTraining.HISTOGRAM), 2, data, 1);
    try {
      float[] margins = XGBoostMargins.of(booster, training, 900);
      float[][] predicted = booster.predict(training, true);
      for (int r = 0; r < 300; r++) {
        assertArrayEquals(predicted[r], java.util.Arrays.copyOfRange(margins, 3 * r, 3 * r + 3), "row " + r);
      }
      var e = assertThrows(IllegalStateException.class, () -> XGBoostMargins.of(booster, training, 300));
      assertEquals("XGBoost returned 900 margins for a training matrix that needs 300; mlengine reads the margins of XGBoost4J 1.7.6."
          + " No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e.getMessage());
    } finally {
      booster.dispose();
      training.dispose();
    }
  }

  @Example
  void compile_ofBytesThatAreNoSavedBooster_saysWhatIsExpected() {
    byte[] json = {'{', '}'};
    var e = assertThrows(IllegalStateException.class, () -> XGBoostModelTrees.all(json, new int[1]));
    assertEquals("could not read XGBoost's saved model (binary): it does not start with 'binf'; mlengine reads the models XGBoost4J"
        + " 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e.getMessage());
    byte[] header = {'b', 'i', 'n', 'f', 0, 0, 0, 63};
    e = assertThrows(IllegalStateException.class, () -> XGBoostModelTrees.all(header, new int[1]));
    assertEquals("could not read XGBoost's saved model (binary): its 8 bytes end inside a value; mlengine reads the models"
        + " XGBoost4J 1.7.6 saves. No model was made; put ml.dmlc:xgboost4j_2.12:1.7.6 on the class path.", e.getMessage());
  }

  private static double[] toDoubles(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static Booster tribuoBooster(Trainer.TrainingSet data, XGBoostOptions o, long seed) {
    XGBoostModel<?> model;
    if (data.task() == Task.CLASSIFICATION) {
      model = new XGBoostClassificationTrainer(o.trees(), o.eta(), 0, o.maxDepth(), o.minChildWeight(), o.subsample(),
          o.featureSubsample(), o.lambda(), o.alpha(), 1, true, seed).train(TribuoTraining.labelled(data));
    } else {
      model = (XGBoostModel<?>) new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, o.trees(), o.eta(), 0, o.maxDepth(),
          o.minChildWeight(), o.subsample(), o.featureSubsample(), o.lambda(), o.alpha(), 1, true, seed)
          .train(TribuoTraining.regressed(data));  // an XGBoostModel, typed as Model by the regression trainer
    }
    return model.getInnerModels().get(0);
  }

  private static Pipeline pipeline(Trainers.XGBoost trainer, long seed) {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(trainer).bootstrap(0).seed(seed).build();
  }

  /** 0: regression; 1: two classes; 2: three classes. */
  private static int classesOf(int task) {
    return task == 0 ? 0 : task + 1;
  }

  /**
   * A training part whose only feature column is a vector with 6 slots named against their order
   * (so XGBoost's name-ordered columns differ from the slots), one slot never used; each row
   * holds each other slot with probability 0.7, some as stored zeros, and row 0 holds none.
   */
  private static Trainer.TrainingSet sparse(long seed, int rows, int classes, boolean weighted) {
    return sparse(seed, rows, classes, weighted, 6);
  }

  /** As {@link #sparse(long, int, int, boolean)}, with {@code slots} slots named v(slots-1) down to v0. */
  private static Trainer.TrainingSet sparse(long seed, int rows, int classes, boolean weighted, int slots) {
    Random random = new Random(seed);
    List<String> dims = new ArrayList<>();
    for (int j = slots - 1; j >= 0; j--) {
      dims.add("v" + j);
    }
    int unused = random.nextInt(dims.size());
    int[][] idx = new int[rows][];
    double[][] val = new double[rows][];
    int[] classIndices = new int[rows];
    double[] values = new double[rows];
    double[] weights = weighted ? new double[rows] : null;
    for (int r = 0; r < rows; r++) {
      List<Integer> present = new ArrayList<>();
      List<Double> stored = new ArrayList<>();
      double signal = random.nextGaussian() * 0.5;
      for (int j = 0; j < dims.size() && r > 0; j++) {
        if (j != unused && random.nextDouble() < 0.7) {
          double x = random.nextInt(5) == 0 ? 0 : random.nextGaussian() * (j + 1);
          present.add(j);
          stored.add(x);
          signal += x / (j + 1) * (j % 2 == 0 ? 1 : -1);
        }
      }
      idx[r] = present.stream().mapToInt(Integer::intValue).toArray();
      val[r] = stored.stream().mapToDouble(Double::doubleValue).toArray();
      values[r] = signal * 3 + 10;
      classIndices[r] = classes == 0 ? 0 : Math.floorMod((int) Math.floor(signal), classes);
      if (weighted) {
        weights[r] = 0.5 + random.nextInt(4) * 0.5;
      }
    }
    for (int c = 0; c < classes; c++) {
      classIndices[1 + c] = c; // every class occurs
    }
    Table features = Table.builder().numeric("drop", new double[rows]).build().withVector("v", dims, idx, val).drop("drop");
    FeatureMatrix matrix = FeatureMatrix.Layout.of(features).trainingMatrix(features);
    List<String> classNames = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      classNames.add("c" + c);
    }
    return classes == 0
        ? new Trainer.TrainingSet(Task.REGRESSION, "y", dims, matrix, List.of(), null, values, weights)
        : new Trainer.TrainingSet(Task.CLASSIFICATION, "y", dims, matrix, classNames, classIndices, null, weights);
  }
}
