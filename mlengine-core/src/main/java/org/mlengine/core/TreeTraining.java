package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.ForestModel;
import org.mlengine.runtime.internal.TreeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * mlengine's own CART and random forest, trained on the sparse training matrix through
 * {@link TreeBins} and {@link TreeGrower}, and compiled to {@link TreeModel} / {@link ForestModel}.
 * Nothing here keeps Tribuo bytes: the trained models carry none.
 */
final class TreeTraining {
  private TreeTraining() {}

  static Trainer.TrainedModel cart(Trainer.TrainingSet data, CartOptions options, int threads) {
    return new Trainer.TrainedModel(cartTree(data, options, threads).model(), null);
  }

  static Trainer.TrainedModel forest(Trainer.TrainingSet data, ForestOptions options, long pipelineSeed, int threads) {
    List<TreeModel> trees = new ArrayList<>();
    for (TreeGrower.Grown grown : forestTrees(data, options, pipelineSeed, threads).trees()) {
      trees.add(grown.model());
    }
    return new Trainer.TrainedModel(new ForestModel(data.task(), trees), null);
  }

  /** One tree on every row, each split choosing among all the features; ties go to the lowest feature and bin, so no seed is needed. */
  static TreeGrower.Grown cartTree(Trainer.TrainingSet data, CartOptions options, int threads) {
    return cartTree(data, options, TreeBins.of(data.features(), data.featureNames().size(), threads));
  }

  /** As {@link #cartTree(Trainer.TrainingSet, CartOptions, int)}, on bins already made. */
  static TreeGrower.Grown cartTree(Trainer.TrainingSet data, CartOptions options, TreeBins bins) {
    return cartTree(data, options, bins, TreeGrower.AHEAD_FROM_BYTES);
  }

  /** As {@link #cartTree(Trainer.TrainingSet, CartOptions, TreeBins)}, loading rows ahead from bins of {@code aheadFromBytes}. */
  static TreeGrower.Grown cartTree(Trainer.TrainingSet data, CartOptions options, TreeBins bins, long aheadFromBytes) {
    double[] weight = weights(data);
    TreeGrower.Shape shape = new TreeGrower.Shape(options.maxDepth(), options.minChildWeight(), bins.features());
    return grower(data, bins, weight, shape, null, aheadFromBytes).grow();
  }

  /** A forest's trees and the bins they were grown on. */
  record Trees(TreeBins bins, List<TreeGrower.Grown> trees) {}

  /**
   * The forest's trees, each on its own bootstrap sample (as many draws as rows, with
   * replacement; a row drawn k times weighs k times its sample weight) with its own random
   * numbers split off the seed in tree order, so the trees do not depend on the threads.
   */
  static Trees forestTrees(Trainer.TrainingSet data, ForestOptions options, long pipelineSeed, int threads) {
    TreeBins bins = TreeBins.of(data.features(), data.featureNames().size(), threads);
    double[] weight = data.weights();   // null: every row weighs 1, and a draw's count is its weight
    int perSplit = Math.max(1, Math.min(bins.features(), Math.round(options.featureFraction() * bins.features())));
    TreeGrower.Shape shape = new TreeGrower.Shape(options.maxDepth(), options.minChildWeight(), perSplit);
    SplittableRandom root = new SplittableRandom(options.seedOr(pipelineSeed));
    SplittableRandom[] randoms = new SplittableRandom[options.trees()];
    for (int t = 0; t < randoms.length; t++) {
      randoms[t] = root.split();
    }
    TreeGrower.Grown[] grown = new TreeGrower.Grown[options.trees()];
    Parallel.forEach(grown.length, threads, t -> {
      SplittableRandom random = randoms[t];
      double[] sample = bootstrap(data.features().rows, weight, random);
      grown[t] = grower(data, bins, sample, shape, random, TreeGrower.AHEAD_FROM_BYTES).grow();
    });
    return new Trees(bins, List.of(grown));
  }

  /**
   * Each row's weight in one bootstrap sample of {@code n} rows: how often it was drawn times its
   * sample weight ({@code weight} null: times 1, which leaves the count as it is).
   */
  private static double[] bootstrap(int n, double[] weight, SplittableRandom random) {
    double[] sample = new double[n];
    for (int i = 0; i < n; i++) {
      sample[random.nextInt(n)] += 1;
    }
    if (weight != null) {
      for (int r = 0; r < n; r++) {
        sample[r] *= weight[r];
      }
    }
    return sample;
  }

  private static TreeGrower grower(Trainer.TrainingSet data, TreeBins bins, double[] weight, TreeGrower.Shape shape, SplittableRandom random,
      long aheadFromBytes) {
    int n = 0;
    for (double w : weight) {
      n += w > 0 ? 1 : 0;
    }
    int[] rows = new int[n];   // the rows of positive weight, counted first: one array of their size (#15)
    for (int r = 0, k = 0; k < n; r++) {
      if (weight[r] > 0) {
        rows[k++] = r;
      }
    }
    int classes = data.task() == Task.CLASSIFICATION ? data.classes().size() : 0;
    return new TreeGrower(bins, classes, data.classIndices(), data.values(), weight, rows, shape, random, aheadFromBytes);
  }

  /** The sample weights, or 1 for every row when there are none. */
  private static double[] weights(Trainer.TrainingSet data) {
    if (data.weights() != null) {
      return data.weights();
    }
    double[] ones = new double[data.features().rows];
    Arrays.fill(ones, 1);
    return ones;
  }
}
