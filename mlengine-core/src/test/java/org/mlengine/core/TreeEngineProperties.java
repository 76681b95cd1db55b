package org.mlengine.core;

import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.TreeModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * mlengine's CART and random forest engine: the compiled trees route every training row where
 * the engine did, a stump is the exhaustive search's best split, the thread count changes
 * nothing, and a sample weight of 2 is the row twice.
 */
class TreeEngineProperties {

  @Property(tries = 40)
  void compiledTree_everyTrainingRow_reachesTheEnginesLeaf(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 11) int features,
      @ForAll @IntRange(min = 1, max = 8) int depth,
      @ForAll @IntRange(min = 0, max = 3) int decimals,
      @ForAll boolean sampledBounds) {
    Trainer.TrainingSet data = trainingSet(seed, 600, features, classes == 1 ? 2 : classes, decimals, false);
    // Bin bounds from 60 evenly spaced rows stand in for the 200,000 of a long column.
    TreeBins bins = sampledBounds ? TreeBins.of(data.features(), features, 2, 60) : TreeBins.of(data.features(), features, 2);
    TreeGrower.Grown tree = TreeTraining.cartTree(data, CartOptions.DEFAULTS.withMaxDepth(depth).withMinChildWeight(2), bins);
    for (int r = 0; r < data.features().rows; r++) {
      assertEquals(tree.leafOf(bins, r), compiledLeaf(tree.model(), data.features(), r), "row " + r);
    }
  }

  /** The histogram's loads ahead (from 8 MB of bins, so no other test reaches them) change no sum: the same tree with and without. */
  @Property(tries = 30)
  void cartTree_withAndWithoutLoadsAhead_isTheSame(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 11) int features,
      @ForAll @IntRange(min = 1, max = 8) int depth,
      @ForAll boolean weighted) {
    Trainer.TrainingSet data = trainingSet(seed, 700, features, classes == 1 ? 2 : classes, 2, weighted);
    TreeBins bins = TreeBins.of(data.features(), features, 2);
    CartOptions options = CartOptions.DEFAULTS.withMaxDepth(depth).withMinChildWeight(2);
    TreeGrower.Grown always = TreeTraining.cartTree(data, options, bins, 0);
    TreeGrower.Grown never = TreeTraining.cartTree(data, options, bins, Long.MAX_VALUE);
    assertArrayEquals(never.splitBin(), always.splitBin());
    for (int k = 0; k < never.nodes().size(); k++) {
      TreeModel.Node a = never.nodes().get(k);
      TreeModel.Node b = always.nodes().get(k);
      assertEquals(List.of(a.feature(), a.threshold(), a.lessOrEqual(), a.greater()), List.of(b.feature(), b.threshold(), b.lessOrEqual(),
          b.greater()), "node " + k);
      assertArrayEquals(a.leaf(), b.leaf(), "node " + k);
    }
  }

  @Property(tries = 15)
  void compiledForest_everyTrainingRow_reachesEachEngineTreesLeaf(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 2, max = 10) int features,
      @ForAll @IntRange(min = 0, max = 3) int decimals) {
    Trainer.TrainingSet data = trainingSet(seed, 400, features, classes == 1 ? 2 : classes, decimals, true);
    ForestOptions options = ForestOptions.DEFAULTS.withTrees(5).withMaxDepth(6).withMinChildWeight(2);
    TreeTraining.Trees forest = TreeTraining.forestTrees(data, options, seed, 2);
    for (TreeGrower.Grown tree : forest.trees()) {
      TreeModel model = tree.model();
      for (int r = 0; r < data.features().rows; r++) {
        assertEquals(tree.leafOf(forest.bins(), r), compiledLeaf(model, data.features(), r), "row " + r);
      }
    }
  }

  @Property(tries = 60)
  void stump_fewDistinctValues_isTheExhaustiveSearchsBestSplit(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 6) int features,
      @ForAll @IntRange(min = 1, max = 8) int minChildWeight,
      @ForAll boolean weighted,
      @ForAll boolean sampledBounds) {
    Trainer.TrainingSet data = trainingSet(seed, 120, features, classes == 1 ? 2 : classes, 1, weighted);
    // A sample of 30 rows misses values of the column, so its bins must come from every row again.
    TreeBins bins = sampledBounds ? TreeBins.of(data.features(), features, 1, 30) : TreeBins.of(data.features(), features, 1);
    TreeModel stump = TreeTraining.cartTree(data, CartOptions.DEFAULTS.withMaxDepth(1).withMinChildWeight(minChildWeight), bins).model();
    double[][] x = dense(data);
    double scale = Arrays.stream(weightsOf(data)).sum() * Math.max(1, sumOfSquares(data));
    double best = 0;
    for (int f = 0; f < features; f++) {
      for (double t : Arrays.stream(x[f]).distinct().toArray()) {
        best = Math.max(best, decrease(data, x[f], t, minChildWeight));
      }
    }
    if (stump.feature()[0] < 0) {
      assertTrue(best <= 1e-9 * scale, "no split chosen, yet the best split decreases the impurity by " + best);
      return;
    }
    int f = stump.feature()[0];
    double t = stump.threshold()[0];
    assertEquals(best, decrease(data, x[f], t, minChildWeight), 1e-9 * scale);
    double left = Arrays.stream(x[f]).filter(v -> v <= t).max().orElseThrow();
    double right = Arrays.stream(x[f]).filter(v -> v > t).min().orElseThrow();
    assertEquals((left + right) / 2, t, 0.0, "the threshold is the midpoint of the values either side");
  }

  @Property(tries = 15)
  void denseColumnsAndSparseRows_ofTheSameFeatures_growTheSameTreesAndBoostTheSameModel(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 8) int features) {
    // Rounded to whole numbers, many values are -0.0 (a dense column is copied before binning then).
    Trainer.TrainingSet dense = trainingSet(seed, 400, features, classes == 1 ? 2 : classes, 0, true);
    Trainer.TrainingSet sparse = withSparseRows(dense);
    assertTrue(dense.features().isDense() && !sparse.features().isDense());
    ForestOptions forest = ForestOptions.DEFAULTS.withTrees(4).withMaxDepth(5).withMinChildWeight(2);
    assertEquals(TreeTraining.forest(sparse, forest, seed, 2).model().toJson().toString(),
        TreeTraining.forest(dense, forest, seed, 2).model().toJson().toString());
    CartOptions cart = CartOptions.DEFAULTS.withMaxDepth(6).withMinChildWeight(2);
    assertEquals(TreeTraining.cart(sparse, cart, 2).model().toJson().toString(), TreeTraining.cart(dense, cart, 2).model().toJson().toString());
    XGBoostOptions boost = XGBoostOptions.DEFAULTS.withTrees(5).withMaxDepth(3);
    assertEquals(XGBoostTraining.train(sparse, boost, 2, seed).model().toJson().toString(),
        XGBoostTraining.train(dense, boost, 2, seed).model().toJson().toString());
  }

  /**
   * The same training set over sparse rows holding every entry, as the training matrix was
   * before NUMERIC features became dense columns (a scoring matrix is always sparse rows).
   */
  static Trainer.TrainingSet withSparseRows(Trainer.TrainingSet dense) {
    Table.Builder b = Table.builder();
    for (int slot = 0; slot < dense.featureNames().size(); slot++) {
      b.numeric(dense.featureNames().get(slot), dense.features().columns[slot]);
    }
    Table table = b.build();
    return new Trainer.TrainingSet(dense.task(), dense.target(), dense.featureNames(), FeatureMatrix.Layout.of(table).scoringMatrix(table),
        dense.classes(), dense.classIndices(), dense.values(), dense.weights());
  }

  @Property(tries = 15)
  void forestAndCart_oneOrThreeThreads_writeTheSameModel(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 12) int features) {
    Trainer.TrainingSet data = trainingSet(seed, 500, features, classes == 1 ? 2 : classes, 3, true);
    ForestOptions forest = ForestOptions.DEFAULTS.withTrees(6).withMaxDepth(5).withMinChildWeight(2);
    assertEquals(TreeTraining.forest(data, forest, seed, 1).model().toJson().toString(),
        TreeTraining.forest(data, forest, seed, 3).model().toJson().toString());
    CartOptions cart = CartOptions.DEFAULTS.withMaxDepth(6).withMinChildWeight(2);
    assertEquals(TreeTraining.cart(data, cart, 1).model().toJson().toString(), TreeTraining.cart(data, cart, 3).model().toJson().toString());
  }

  @Property(tries = 40)
  void cart_weightTwoOnARow_isThatRowTwice(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 5) int features,
      @ForAll @IntRange(min = 0, max = 79) int row,
      @ForAll @IntRange(min = 1, max = 6) int depth) {
    Trainer.TrainingSet data = trainingSet(seed, 80, features, classes == 1 ? 2 : classes, 1, false);
    double[] weights = new double[80];
    Arrays.fill(weights, 1);
    weights[row] = 2;
    Trainer.TrainingSet weighted = new Trainer.TrainingSet(data.task(), "y", data.featureNames(), data.features(), data.classes(),
        data.classIndices(), data.values(), weights);
    Trainer.TrainingSet twice = withRowTwice(seed, features, classes == 1 ? 2 : classes, row);
    CartOptions options = CartOptions.DEFAULTS.withMaxDepth(depth).withMinChildWeight(3);
    assertEquals(TreeTraining.cart(twice, options, 1).model().toJson().toString(), TreeTraining.cart(weighted, options, 1).model().toJson().toString());
  }

  /**
   * The bins held row by row in blocks of one to four rows (as a wide table's blocks of 4 MB hold
   * few rows) are the bins of one block: each row's value lies in its bin, and CART grows the same
   * tree on either.
   */
  @Property(tries = 30)
  void bins_inBlocksOfAFewRows_holdEachValuesBin_andGrowTheSameTree(
      @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
      @ForAll @IntRange(min = 0, max = 3) int classes,
      @ForAll @IntRange(min = 1, max = 9) int features,
      @ForAll @IntRange(min = 1, max = 40) int blockBytes) {
    Trainer.TrainingSet data = trainingSet(seed, 300, features, classes == 1 ? 2 : classes, 2, true);
    FeatureMatrix m = data.features();
    TreeBins one = TreeBins.of(m, features, 2);
    TreeBins small = TreeBins.of(m, features, 2, 200_000, blockBytes);
    assertEquals(1, one.blocks.length);
    int rowsPerBlock = Math.max(1, Integer.highestOneBit(Math.max(1, blockBytes / features)));
    assertEquals((300 + rowsPerBlock - 1) / rowsPerBlock, small.blocks.length);
    for (int r = 0; r < m.rows; r++) {
      for (int f = 0; f < features; f++) {
        int bin = small.code(f, r);
        assertEquals(one.code(f, r), bin, "row " + r + ", feature " + f);
        double x = 0;
        for (int k = 0; k < m.entries(r); k++) {
          x = m.slot(r, k) == f ? m.value(r, k) : x;
        }
        assertTrue(small.least[f][bin] <= x && x <= small.greatest[f][bin], "row " + r + "'s value " + x + " of feature " + f
            + " lies in its bin " + bin);
      }
    }
    CartOptions options = CartOptions.DEFAULTS.withMaxDepth(6).withMinChildWeight(2);
    assertEquals(TreeTraining.cartTree(data, options, one).model().toJson().toString(),
        TreeTraining.cartTree(data, options, small).model().toJson().toString());
  }

  /** The index of the leaf the compiled tree sends row {@code r} to. */
  private static int compiledLeaf(TreeModel tree, FeatureMatrix m, int r) {
    int node = 0;
    while (tree.feature()[node] >= 0) {
      double x = 0;
      for (int k = 0; k < m.entries(r); k++) {
        if (m.slot(r, k) == tree.feature()[node]) {
          x = m.value(r, k);
        }
      }
      node = x > tree.threshold()[node] ? tree.greater()[node] : tree.lessOrEqual()[node];
    }
    return node;
  }

  /**
   * The weighted impurity decrease of splitting every row at {@code x <= t} by brute force
   * (Gini times weight, or the squared error), or 0 when a child weighs less than {@code minChildWeight}.
   */
  private static double decrease(Trainer.TrainingSet data, double[] x, double t, double minChildWeight) {
    double[] w = weightsOf(data);
    List<Integer> left = new ArrayList<>();
    List<Integer> right = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (int r = 0; r < x.length; r++) {
      (x[r] <= t ? left : right).add(r);
      all.add(r);
    }
    double wl = left.stream().mapToDouble(r -> w[r]).sum();
    double wr = right.stream().mapToDouble(r -> w[r]).sum();
    if (wl < minChildWeight || wr < minChildWeight) {
      return 0;
    }
    return impurity(data, all) - impurity(data, left) - impurity(data, right);
  }

  /** The node's weighted impurity: weight times Gini, or the weighted sum of squared deviations from the weighted mean. */
  private static double impurity(Trainer.TrainingSet data, List<Integer> rows) {
    double[] w = weightsOf(data);
    double total = rows.stream().mapToDouble(r -> w[r]).sum();
    if (data.task() == Task.REGRESSION) {
      double mean = rows.stream().mapToDouble(r -> w[r] * data.values()[r]).sum() / total;
      return rows.stream().mapToDouble(r -> w[r] * (data.values()[r] - mean) * (data.values()[r] - mean)).sum();
    }
    double gini = 1;
    for (int c = 0; c < data.classes().size(); c++) {
      int k = c;
      double p = rows.stream().filter(r -> data.classIndices()[r] == k).mapToDouble(r -> w[r]).sum() / total;
      gini -= p * p;
    }
    return total * gini;
  }

  private static double[] weightsOf(Trainer.TrainingSet data) {
    if (data.weights() != null) {
      return data.weights();
    }
    double[] ones = new double[data.features().rows];
    Arrays.fill(ones, 1);
    return ones;
  }

  private static double sumOfSquares(Trainer.TrainingSet data) {
    return data.task() == Task.REGRESSION ? Arrays.stream(data.values()).map(v -> v * v).max().orElse(0) : 1;
  }

  private static double[][] dense(Trainer.TrainingSet data) {
    FeatureMatrix m = data.features();
    double[][] x = new double[data.featureNames().size()][m.rows];
    for (int r = 0; r < m.rows; r++) {
      for (int k = 0; k < m.entries(r); k++) {
        x[m.slot(r, k)][r] = m.value(r, k);
      }
    }
    return x;
  }

  /**
   * Random features rounded to {@code decimals} places (0: few distinct values, 3: more than
   * 256, so quantile bins), an integer-valued target (regression) or {@code classes} classes,
   * and random integer sample weights 1 to 3 when {@code weighted}.
   */
  static Trainer.TrainingSet trainingSet(long seed, int rows, int features, int classes, int decimals, boolean weighted) {
    return trainingSet(seed, rows, features, classes, decimals, weighted, -1);
  }

  private static Trainer.TrainingSet withRowTwice(long seed, int features, int classes, int row) {
    return trainingSet(seed, 80, features, classes, 1, false, row);
  }

  /** As {@link #trainingSet(long, int, int, int, int, boolean)}, with row {@code twice} appended once more when it is not -1. */
  private static Trainer.TrainingSet trainingSet(long seed, int rows, int features, int classes, int decimals, boolean weighted, int twice) {
    Random random = new Random(seed);
    double scale = Math.pow(10, decimals);
    int n = twice < 0 ? rows : rows + 1;
    Table.Builder b = Table.builder();
    double[] sum = new double[n];
    for (int f = 0; f < features; f++) {
      double[] x = new double[n];
      for (int r = 0; r < rows; r++) {
        x[r] = Math.rint(random.nextGaussian() * (f + 1) * scale) / scale;
        sum[r] += x[r] * (f % 2 == 0 ? 1 : -0.5);
      }
      if (twice >= 0) {
        x[rows] = x[twice];
        sum[rows] = sum[twice];
      }
      b.numeric("f" + f, x);
    }
    Table table = b.build();
    FeatureMatrix.Layout layout = FeatureMatrix.Layout.of(table);
    double[] values = new double[n];
    int[] classIndex = new int[n];
    double[] weights = weighted ? new double[n] : null;
    for (int r = 0; r < rows; r++) {
      values[r] = Math.rint(sum[r] + random.nextGaussian());
      classIndex[r] = r < classes ? r : Math.floorMod((int) Math.floor(sum[r] + random.nextGaussian()), Math.max(classes, 1));
      if (weighted) {
        weights[r] = 1 + random.nextInt(3);
      }
    }
    if (twice >= 0) {
      values[rows] = values[twice];
      classIndex[rows] = classIndex[twice];
    }
    List<String> classNames = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      classNames.add("k" + c);
    }
    return classes == 0
        ? new Trainer.TrainingSet(Task.REGRESSION, "y", layout.names(), layout.trainingMatrix(table), List.of(), null, values, weights)
        : new Trainer.TrainingSet(Task.CLASSIFICATION, "y", layout.names(), layout.trainingMatrix(table), classNames, classIndex, null, weights);
  }
}
