package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.util.BigDenseMatrix;

/**
 * Trains XGBoost models through XGBoost4J, straight from the training part's CSR arrays, and
 * compiles them from the booster's own JSON model dump. The only class that touches XGBoost: it
 * needs XGBoost4J and its native library at fit time, never at prediction time.
 *
 * <p>The matrix keeps the semantics the Tribuo adapter gave before: a stored entry is a present
 * value (a stored 0 included), an absent one is missing (XGBoost's default branch), a row with
 * no entries gets an explicit 0 for the first feature, and XGBoost's columns are the features
 * that occur in the training part, ordered by name (Tribuo's feature ids).
 */
final class XGBoostTraining {
  /** XGBoost 1.6's default {@code base_score}, set explicitly: every margin starts here. */
  static final double BASE_SCORE = 0.5;
  /** XGBoost's tree method: histograms of quantile bins ({@link #boost} makes them thread-count independent). */
  static final String HISTOGRAM = "hist";

  /** The rows of a dense matrix written at a time, a column after the other: 26 columns of them are 200 kB. */
  private static final int DENSE_BLOCK_ROWS = 2048;
  /** The significand bits of a double: a sum of whole steps below 2^53 of them is exact. */
  private static final int DOUBLE_SIGNIFICAND_BITS = 53;
  /** XGBoost's {@code gamma}, the least loss reduction a split must make: none, XGBoost's default. */
  private static final double MIN_SPLIT_LOSS = 0;
  /** XGBoost's {@code verbosity}: silent. */
  private static final int SILENT = 0;
  /** {@link #gridExponent}'s answer when values cannot go on a grid: they are only multiplied by their weights. */
  static final int NO_GRID = Integer.MIN_VALUE;

  private XGBoostTraining() {}

  static Trainer.TrainedModel train(Trainer.TrainingSet data, XGBoostOptions options, int threads, long pipelineSeed) {
    Columns columns = Columns.of(data);
    DMatrix matrix = null;
    Booster booster = null;
    try {
      matrix = trainingMatrix(data, columns);
      booster = boost(matrix, parameters(data, options, threads, pipelineSeed, HISTOGRAM), options.trees(), data, threads);
      return new Trainer.TrainedModel(compile(booster, data, columns), null);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not train on the training part (" + data.features().rows + " rows, "
          + columns.count() + " features): " + e.getMessage() + ". No model was made; check that XGBoost4J's native library"
          + " loads on this platform (Linux, macOS or Windows on x86_64), or choose Trainers.randomForest().", e);
    } finally {
      dispose(booster, matrix);
    }
  }

  /**
   * XGBoost's objective for a training part: {@code binary:logistic} for two classes (one tree a
   * round, as Python's {@code XGBClassifier} trains), {@code multi:softprob} for more (one tree per
   * class a round), squared error for regression. Each computes its gradients here, from the
   * margins {@link XGBoostRounds} keeps.
   */
  enum Objective {
    SOFTPROB("multi:softprob", (float) BASE_SCORE),
    /** Its margins start at 0: XGBoost turns the base score, a probability of 0.5, into the margin log(0.5 / 0.5). */
    LOGISTIC("binary:logistic", 0f),
    SQUARED_ERROR("reg:squarederror", (float) BASE_SCORE);

    /** XGBoost's name for the objective. */
    final String xgboostName;
    /** The margin every row starts at, as XGBoost holds it. */
    final float baseMargin;

    Objective(String xgboostName, float baseMargin) {
      this.xgboostName = xgboostName;
      this.baseMargin = baseMargin;
    }

    static Objective of(Trainer.TrainingSet data) {
      if (data.task() != Task.CLASSIFICATION) {
        return SQUARED_ERROR;
      }
      return data.classes().size() == 2 ? LOGISTIC : SOFTPROB;
    }

    /** The trees a round adds, and the margins a row has: one per class for softprob, else one. */
    int outputs(Trainer.TrainingSet data) {
      return this == SOFTPROB ? data.classes().size() : 1;
    }

    /**
     * Rows {@code [from, to)}'s gradients and hessians (unweighted, {@code outputs} per row) from
     * their margins, as XGBoost's own objective computes them.
     */
    void gradients(float[] margin, Trainer.TrainingSet data, int from, int to, double[] gradient, double[] hessian) {
      switch (this) {
        case SOFTPROB -> softprobGradients(margin, data, from, to, gradient, hessian);
        case LOGISTIC -> logisticGradients(margin, data, from, to, gradient, hessian);
        case SQUARED_ERROR -> squaredErrorGradients(margin, data, from, to, gradient, hessian);
        default -> throw new AssertionError(this);
      }
    }
  }

  /**
   * Boosts {@code rounds} rounds on XGBoost's own objective ({@link Objective}), with each round's
   * gradients and hessians computed here from XGBoost's margins ({@link XGBoostMargins}) and put
   * on one grid by {@link #roundToGrid}. XGBoost's histogram method (1.6) adds float gradients into
   * per-thread double histograms and then adds the threads' histograms, a grouping that depends on
   * the threads; with XGBoost's own gradients those double sums can round differently (and grow
   * other trees), on the grid every such sum is exact, so the trees are the same for any number
   * of threads. The caller disposes the booster.
   */
  static Booster boost(DMatrix matrix, Map<String, Object> parameters, int rounds, Trainer.TrainingSet data, int threads)
      throws XGBoostError {
    Objective objective = Objective.of(data);
    int size = data.features().rows * objective.outputs(data);
    Booster booster = XGBoost.train(matrix, parameters, 0, Map.of(), null, null);
    try (XGBoostRounds state = new XGBoostRounds(data, objective, threads)) {
      state.advance(state.baseMargins());
      for (int round = 0; round < rounds; round++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("xgboost was interrupted after " + round + " of " + rounds + " rounds; no model was made.");
        }
        booster.boost(matrix, state.gradient(), state.hessian());
        if (round + 1 < rounds) {
          state.advance(XGBoostMargins.of(booster, matrix, size));
        }
      }
      return booster;
    } catch (XGBoostError | RuntimeException e) {
      booster.dispose();
      throw e;
    }
  }

  /** XGBoost's multi:softprob gradients, unweighted: softmax probability minus the one-hot label, hessian 2p(1-p). */
  private static void softprobGradients(float[] margin, Trainer.TrainingSet data, int from, int to, double[] gradient,
      double[] hessian) {
    int k = data.classes().size();
    double[] p = new double[k];
    for (int r = from; r < to; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, margin[r * k + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(margin[r * k + c] - max);
        sum += p[c];
      }
      for (int c = 0; c < k; c++) {
        double q = p[c] / sum;
        gradient[r * k + c] = c == data.classIndices()[r] ? q - 1 : q;
        hessian[r * k + c] = 2 * q * (1 - q);
      }
    }
  }

  /** The least hessian XGBoost's binary:logistic gives a row, so that a sure prediction still has some weight. */
  private static final double LEAST_LOGISTIC_HESSIAN = 1e-16;

  /** XGBoost's binary:logistic gradients, unweighted: p - y with p the sigmoid of the margin, hessian p(1-p). */
  private static void logisticGradients(float[] margin, Trainer.TrainingSet data, int from, int to, double[] gradient,
      double[] hessian) {
    for (int r = from; r < to; r++) {
      double p = 1 / (1 + Math.exp(-margin[r]));
      gradient[r] = p - data.classIndices()[r];
      hessian[r] = Math.max(p * (1 - p), LEAST_LOGISTIC_HESSIAN);
    }
  }

  /** XGBoost's reg:squarederror gradients, unweighted: prediction minus target, hessian 1. */
  private static void squaredErrorGradients(float[] margin, Trainer.TrainingSet data, int from, int to, double[] gradient,
      double[] hessian) {
    for (int r = from; r < to; r++) {
      gradient[r] = margin[r] - (double) (float) data.values()[r];
      hessian[r] = 1;
    }
  }

  /**
   * Each row's value (one per output) times the row's weight, as floats on one grid: a power of
   * two {@code step} of about 2^-51 of the largest |value| times the weights' sum, the most any
   * sum of the results can reach. The unweighted value is rounded to a whole number of steps
   * first, then multiplied by the weight and rounded again, and the float it becomes is still a
   * whole number of steps (a float rounds to multiples of its own ulp, itself a multiple of the
   * step); so any sum of the results is exact in double in whatever order and grouping XGBoost's
   * threads add them, and a weight of 2 (or any power of two) gives exactly what two copies of
   * the row give. A value moves by at most half a step: next to the sums it enters, nothing. (A
   * grid of 2^-24 of the largest value, as first written, rounded every gradient below that to 0:
   * one outlier of 1e8 among targets near 1 erased all the other rows' gradients.)
   * {@link XGBoostRounds} does the same in chunks: {@link #maxAbs}, {@link #gridExponent}, {@link #toGrid}.
   */
  static float[] roundToGrid(double[] values, double[] weights, int outputs) {
    float[] out = new float[values.length];
    int exponent = gridExponent(maxAbs(values, 0, values.length), totalWeight(weights, values.length / outputs));
    toGrid(values, weights, outputs, exponent, out, 0, values.length);
    return out;
  }

  /** The largest |value| of {@code [from, to)}; NaN if one is NaN. */
  static double maxAbs(double[] values, int from, int to) {
    double max = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, Math.abs(values[i]));
    }
    return max;
  }

  /** The weights' sum (in row order), or the row count without weights. */
  static double totalWeight(double[] weights, int rows) {
    if (weights == null) {
      return rows;
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    return total;
  }

  /** The grid's step as a power of two, or {@link #NO_GRID} when the largest |value| is 0 or not finite. */
  static int gridExponent(double max, double totalWeight) {
    if (max == 0 || !Double.isFinite(max)) {
      return NO_GRID;
    }
    return Math.max(Math.getExponent(max * Math.max(totalWeight, 1)) + 2 - DOUBLE_SIGNIFICAND_BITS, Float.MIN_EXPONENT - 23);
  }

  /** Values {@code [from, to)} times their rows' weights, on the grid of step 2^exponent ({@link #roundToGrid}). */
  static void toGrid(double[] values, double[] weights, int outputs, int exponent, float[] out, int from, int to) {
    for (int i = from; i < to; i++) {
      if (exponent == NO_GRID) {
        out[i] = (float) (values[i] * (weights == null ? 1 : weights[i / outputs]));
        continue;
      }
      double steps = Math.rint(Math.scalb(values[i], -exponent));
      if (weights != null) {
        steps = Math.rint(steps * weights[i / outputs]);
      }
      out[i] = (float) Math.scalb(steps, exponent);
    }
  }

  /**
   * XGBoost's parameters, as Tribuo's XGBoost trainers set them (objective, eta, gamma,
   * max_depth, min_child_weight, subsample, colsample_bytree, lambda, alpha, seed, verbosity,
   * booster), plus {@code base_score}, the tree method and the threads; except that two classes
   * train {@code binary:logistic} (one tree a round) where Tribuo trains {@code multi:softprob}
   * with two trees a round.
   */
  static Map<String, Object> parameters(Trainer.TrainingSet data, XGBoostOptions options, int threads, long pipelineSeed,
      String treeMethod) {
    Map<String, Object> p = new LinkedHashMap<>();
    Objective objective = Objective.of(data);
    p.put("objective", objective.xgboostName);
    if (objective == Objective.SOFTPROB) {
      p.put("num_class", data.classes().size());
    }
    p.put("base_score", BASE_SCORE);
    p.put("eta", options.eta());
    p.put("gamma", MIN_SPLIT_LOSS);
    p.put("max_depth", options.maxDepth());
    p.put("min_child_weight", options.minChildWeight());
    p.put("subsample", options.subsample());
    p.put("colsample_bytree", options.featureSubsample());
    p.put("lambda", options.lambda());
    p.put("alpha", options.alpha());
    p.put("seed", options.seedOr(pipelineSeed));
    p.put("verbosity", SILENT);
    p.put("booster", "gbtree");
    p.put("tree_method", treeMethod);
    p.put("nthread", threads);
    return p;
  }

  /**
   * XGBoost's columns: the feature slots that hold an entry in some training row (or slot 0, which
   * an empty row gets), ordered by feature name.
   */
  static final class Columns {
    /** The feature slot of each XGBoost column. */
    private final int[] slotOfColumn;
    /** The XGBoost column of each slot, -1 for a slot no training row uses. */
    private final int[] columnOfSlot;

    private Columns(int[] slotOfColumn, int[] columnOfSlot) {
      this.slotOfColumn = slotOfColumn;
      this.columnOfSlot = columnOfSlot;
    }

    static Columns of(Trainer.TrainingSet data) {
      FeatureMatrix m = data.features();
      boolean[] used = new boolean[data.featureNames().size()];
      if (m.isDense()) {
        Arrays.fill(used, m.rows > 0);
      } else {
        for (int k = 0; k < m.rowStart[m.rows]; k++) {
          used[m.index[k]] = true;
        }
        for (int r = 0; r < m.rows && !used[0]; r++) {
          used[0] = m.rowStart[r] == m.rowStart[r + 1];
        }
      }
      List<Integer> slots = new ArrayList<>();
      for (int s = 0; s < used.length; s++) {
        if (used[s]) {
          slots.add(s);
        }
      }
      slots.sort((a, b) -> data.featureNames().get(a).compareTo(data.featureNames().get(b)));
      int[] slotOfColumn = slots.stream().mapToInt(Integer::intValue).toArray();
      int[] columnOfSlot = new int[used.length];
      Arrays.fill(columnOfSlot, -1);
      for (int c = 0; c < slotOfColumn.length; c++) {
        columnOfSlot[slotOfColumn[c]] = c;
      }
      return new Columns(slotOfColumn, columnOfSlot);
    }

    int count() {
      return slotOfColumn.length;
    }

    /** The feature slot of XGBoost's column {@code column}. */
    int slotOf(int column) {
      return slotOfColumn[column];
    }
  }

  /** The training part as XGBoost's matrix, with labels and (when the pipeline has them) sample weights. */
  static DMatrix trainingMatrix(Trainer.TrainingSet data, Columns columns) throws XGBoostError {
    DMatrix matrix = matrix(data.features(), columns, true);
    try {
      int n = data.features().rows;
      float[] labels = new float[n];
      for (int r = 0; r < n; r++) {
        labels[r] = data.task() == Task.CLASSIFICATION ? data.classIndices()[r] : (float) data.values()[r];
      }
      matrix.setLabel(labels);
      if (data.weights() != null) {
        float[] weights = new float[n];
        for (int r = 0; r < n; r++) {
          weights[r] = (float) data.weights()[r];
        }
        matrix.setWeight(weights);
      }
      return matrix;
    } catch (XGBoostError | RuntimeException e) {
      matrix.dispose();
      throw e;
    }
  }

  /**
   * Rows as XGBoost's CSR matrix over {@code columns}; entries of slots outside the columns are
   * left out (missing). {@code fillEmpty} gives a row without entries an explicit 0 in slot 0, as
   * training does; a matrix for prediction leaves such a row all missing, as the compiled model does.
   * The arrays handed to XGBoost (which copies them) are trimmed only when some entry was left out.
   * A dense matrix whose every slot is a column goes as XGBoost's dense matrix, the same entries
   * without a column index each (at 4M rows of 26 features that index alone was 333 MB), written
   * row by row off the heap, a block of rows at a time: XGBoost reads it where it lies, where a
   * {@code float[]} was copied out of the heap and back by JNI (83 MB each way at 800k rows), and
   * a column at a time over all rows wrote every cache line of it once per column.
   */
  static DMatrix matrix(FeatureMatrix m, Columns columns, boolean fillEmpty) throws XGBoostError {
    if (m.isDense() && columns.count() == m.columns.length) {
      int width = columns.count();
      BigDenseMatrix data = new BigDenseMatrix(m.rows, width);
      try {
        for (int from = 0; from < m.rows; from += DENSE_BLOCK_ROWS) {
          int to = Math.min(m.rows, from + DENSE_BLOCK_ROWS);
          for (int c = 0; c < width; c++) {
            int slot = columns.slotOfColumn[c];
            double[] column = m.columns[slot];
            if (column != null) {
              for (int r = from; r < to; r++) {
                data.set(r, c, (float) column[r]);
              }
            } else {
              byte[] flags = m.indicators[slot];
              for (int r = from; r < to; r++) {
                data.set(r, c, flags[r]);
              }
            }
          }
        }
        return new DMatrix(data, Float.NaN);
      } finally {
        data.dispose();
      }
    }
    long[] rowHeaders = new long[m.rows + 1];
    int size = 0;
    for (int r = 0; r < m.rows; r++) {
      size += fillEmpty && m.entries(r) == 0 ? 1 : m.entries(r);
    }
    int[] columnIndex = new int[size];
    float[] data = new float[size];
    int k = 0;
    for (int r = 0; r < m.rows; r++) {
      int start = k;
      int rowEntries = m.entries(r);
      for (int e = 0; e < rowEntries; e++) {
        int column = columns.columnOfSlot[m.slot(r, e)];
        if (column >= 0) {
          columnIndex[k] = column;
          data[k++] = (float) m.value(r, e);
        }
      }
      if (fillEmpty && rowEntries == 0) {
        columnIndex[k] = columns.columnOfSlot[0];
        data[k++] = 0f;
      }
      sortRow(columnIndex, data, start, k);
      rowHeaders[r + 1] = k;
    }
    return k == size
        ? new DMatrix(rowHeaders, columnIndex, data, DMatrix.SparseType.CSR, columns.count())
        : new DMatrix(rowHeaders, Arrays.copyOf(columnIndex, k), Arrays.copyOf(data, k), DMatrix.SparseType.CSR, columns.count());
  }

  /** Orders one row's entries by column, as Tribuo's examples were (insertion sort: rows are short and mostly ordered). */
  private static void sortRow(int[] column, float[] value, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      int c = column[i];
      float v = value[i];
      int j = i - 1;
      while (j >= from && column[j] > c) {
        column[j + 1] = column[j];
        value[j + 1] = value[j];
        j--;
      }
      column[j + 1] = c;
      value[j + 1] = v;
    }
  }

  private static void dispose(Booster booster, DMatrix matrix) {
    if (booster != null) {
      booster.dispose();
    }
    if (matrix != null) {
      matrix.dispose();
    }
  }

  /**
   * Reads every tree of the booster's saved model (binary, {@link XGBoostModelTrees}) into node
   * arrays over our feature slots, each renumbered in pre-order so children always follow their
   * parent, as the trees of its JSON dump were compiled before (the same arrays to the bit:
   * XGBoostEngineProperties compares them; the dump formatted every number as text and cost about
   * as much as 20 rounds' gradients at 10k rows). With two classes (binary:logistic, one tree a
   * round, margin f) each tree goes to class 1 after a tree of one leaf of 0 for class 0: the
   * compiled form gives tree t to class t % 2 and takes the softmax, and softmax(base, base + f) =
   * sigmoid(f), the booster's own probability of class 1.
   */
  static BoostedModel compile(Booster booster, Trainer.TrainingSet data, Columns columns) throws XGBoostError {
    int outputs = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
    boolean logistic = Objective.of(data) == Objective.LOGISTIC;
    List<BoostedModel.Tree> trees = new ArrayList<>();
    for (BoostedModel.Tree tree : XGBoostModelTrees.all(booster.toByteArray(XGBoostModelTrees.FORMAT), columns.slotOfColumn)) {
      if (logistic) {
        trees.add(new BoostedModel.Tree(new int[] {-1}, new float[1], new int[1], new int[1], new int[1], new double[1]));
      }
      trees.add(XGBoostModelTrees.preOrder(tree));
    }
    return new BoostedModel(data.task(), outputs, BASE_SCORE, trees);
  }
}
