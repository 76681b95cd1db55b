package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

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

  /** The significand bits of a double: a sum of whole steps below 2^53 of them is exact. */
  private static final int DOUBLE_SIGNIFICAND_BITS = 53;
  /** XGBoost's {@code gamma}, the least loss reduction a split must make: none, XGBoost's default. */
  private static final double MIN_SPLIT_LOSS = 0;
  /** XGBoost's {@code verbosity}: silent. */
  private static final int SILENT = 0;

  private XGBoostTraining() {}

  static Trainer.TrainedModel train(Trainer.TrainingSet data, XGBoostOptions options, int threads, long pipelineSeed) {
    Columns columns = Columns.of(data);
    DMatrix matrix = null;
    Booster booster = null;
    try {
      matrix = trainingMatrix(data, columns);
      booster = boost(matrix, parameters(data, options, threads, pipelineSeed, HISTOGRAM), options.trees(), data);
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
   * Boosts {@code rounds} rounds on XGBoost's own objective (multi:softprob, or squared error),
   * with each round's gradients and hessians computed here and put on one grid by
   * {@link #roundToGrid}. XGBoost's histogram method (1.6) adds float gradients into per-thread
   * double histograms and then adds the threads' histograms, a grouping that depends on the
   * threads; with XGBoost's own gradients those double sums can round differently (and grow
   * other trees), on the grid every such sum is exact, so the trees are the same for any number
   * of threads. The caller disposes the booster.
   */
  static Booster boost(DMatrix matrix, Map<String, Object> parameters, int rounds, Trainer.TrainingSet data) throws XGBoostError {
    Booster booster = XGBoost.train(matrix, parameters, 0, Map.of(), null, null);
    try {
      int n = data.features().rows;
      int outputs = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
      double[] gradient = new double[n * outputs];
      double[] hessian = new double[n * outputs];
      for (int round = 0; round < rounds; round++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("xgboost was interrupted after " + round + " of " + rounds + " rounds; no model was made.");
        }
        float[][] margin = booster.predict(matrix, true);
        if (data.task() == Task.CLASSIFICATION) {
          softprobGradients(margin, data, gradient, hessian);
        } else {
          squaredErrorGradients(margin, data, gradient, hessian);
        }
        booster.boost(matrix, roundToGrid(gradient, data.weights(), outputs), roundToGrid(hessian, data.weights(), outputs));
      }
      return booster;
    } catch (XGBoostError | RuntimeException e) {
      booster.dispose();
      throw e;
    }
  }

  /** XGBoost's multi:softprob gradients, unweighted: softmax probability minus the one-hot label, hessian 2p(1-p). */
  private static void softprobGradients(float[][] margin, Trainer.TrainingSet data, double[] gradient, double[] hessian) {
    int k = data.classes().size();
    double[] p = new double[k];
    for (int r = 0; r < margin.length; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, margin[r][c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(margin[r][c] - max);
        sum += p[c];
      }
      for (int c = 0; c < k; c++) {
        double q = p[c] / sum;
        gradient[r * k + c] = c == data.classIndices()[r] ? q - 1 : q;
        hessian[r * k + c] = 2 * q * (1 - q);
      }
    }
  }

  /** XGBoost's reg:squarederror gradients, unweighted: prediction minus target, hessian 1. */
  private static void squaredErrorGradients(float[][] margin, Trainer.TrainingSet data, double[] gradient, double[] hessian) {
    for (int r = 0; r < margin.length; r++) {
      gradient[r] = margin[r][0] - (double) (float) data.values()[r];
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
   */
  static float[] roundToGrid(double[] values, double[] weights, int outputs) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    float[] out = new float[values.length];
    if (max == 0 || !Double.isFinite(max)) {
      for (int i = 0; i < values.length; i++) {
        out[i] = (float) (values[i] * (weights == null ? 1 : weights[i / outputs]));
      }
      return out;
    }
    double totalWeight = values.length / outputs;
    if (weights != null) {
      totalWeight = 0;
      for (double w : weights) {
        totalWeight += w;
      }
    }
    int exponent = Math.max(Math.getExponent(max * Math.max(totalWeight, 1)) + 2 - DOUBLE_SIGNIFICAND_BITS, Float.MIN_EXPONENT - 23);
    for (int i = 0; i < values.length; i++) {
      double steps = Math.rint(Math.scalb(values[i], -exponent));
      if (weights != null) {
        steps = Math.rint(steps * weights[i / outputs]);
      }
      out[i] = (float) Math.scalb(steps, exponent);
    }
    return out;
  }

  /**
   * XGBoost's parameters, as Tribuo's XGBoost trainers set them (objective, eta, gamma,
   * max_depth, min_child_weight, subsample, colsample_bytree, lambda, alpha, seed, verbosity,
   * booster), plus {@code base_score}, the tree method and the threads.
   */
  static Map<String, Object> parameters(Trainer.TrainingSet data, XGBoostOptions options, int threads, long pipelineSeed,
      String treeMethod) {
    Map<String, Object> p = new LinkedHashMap<>();
    if (data.task() == Task.CLASSIFICATION) {
      p.put("objective", "multi:softprob");
      p.put("num_class", data.classes().size());
    } else {
      p.put("objective", "reg:squarederror");
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
      for (int k = 0; k < m.rowStart[m.rows]; k++) {
        used[m.index[k]] = true;
      }
      for (int r = 0; r < m.rows && !used[0]; r++) {
        used[0] = m.rowStart[r] == m.rowStart[r + 1];
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
   */
  static DMatrix matrix(FeatureMatrix m, Columns columns, boolean fillEmpty) throws XGBoostError {
    long[] rowHeaders = new long[m.rows + 1];
    int size = m.rowStart[m.rows];
    for (int r = 0; r < m.rows; r++) {
      if (fillEmpty && m.rowStart[r] == m.rowStart[r + 1]) {
        size++;
      }
    }
    int[] columnIndex = new int[size];
    float[] data = new float[size];
    int k = 0;
    for (int r = 0; r < m.rows; r++) {
      int start = k;
      for (int e = m.rowStart[r]; e < m.rowStart[r + 1]; e++) {
        int column = columns.columnOfSlot[m.index[e]];
        if (column >= 0) {
          columnIndex[k] = column;
          data[k++] = (float) m.value[e];
        }
      }
      if (fillEmpty && m.rowStart[r] == m.rowStart[r + 1]) {
        columnIndex[k] = columns.columnOfSlot[0];
        data[k++] = 0f;
      }
      sortRow(columnIndex, data, start, k);
      rowHeaders[r + 1] = k;
    }
    return new DMatrix(rowHeaders, Arrays.copyOf(columnIndex, k), Arrays.copyOf(data, k), DMatrix.SparseType.CSR, columns.count());
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

  /** Reads every tree of the booster's JSON dump into node arrays over our feature slots. */
  static BoostedModel compile(Booster booster, Trainer.TrainingSet data, Columns columns) throws XGBoostError {
    int outputs = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
    String[] dump = booster.getModelDump((String) null, false, "json");
    List<BoostedModel.Tree> trees = new ArrayList<>();
    try {
      for (String tree : dump) {
        trees.add(tree(Json.MAPPER.readTree(tree), columns.slotOfColumn));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not read XGBoost's model dump: " + e.getMessage() + ". No model was made; this is a"
          + " mismatch between mlengine and the XGBoost4J on the class path: use ml.dmlc:xgboost4j_2.12:1.6.2.", e);
    }
    return new BoostedModel(data.task(), outputs, BASE_SCORE, trees);
  }

  /** One dumped tree, renumbered in pre-order so children always follow their parent. */
  private static BoostedModel.Tree tree(JsonNode root, int[] slotOfColumn) {
    List<JsonNode> order = new ArrayList<>();
    Map<Integer, Integer> indexOfId = new HashMap<>();
    collect(root, order, indexOfId);
    int n = order.size();
    int[] feature = new int[n];
    float[] threshold = new float[n];
    int[] yes = new int[n];
    int[] no = new int[n];
    int[] missing = new int[n];
    double[] leaf = new double[n];
    for (int i = 0; i < n; i++) {
      JsonNode node = order.get(i);
      if (node.has("leaf")) {
        feature[i] = -1;
        leaf[i] = (float) node.get("leaf").asDouble();
      } else {
        feature[i] = slotOfColumn[Integer.parseInt(node.get("split").asText().substring(1))];
        threshold[i] = (float) node.get("split_condition").asDouble();
        yes[i] = indexOfId.get(node.get("yes").asInt());
        no[i] = indexOfId.get(node.get("no").asInt());
        missing[i] = indexOfId.get(node.get("missing").asInt());
      }
    }
    return new BoostedModel.Tree(feature, threshold, yes, no, missing, leaf);
  }

  private static void collect(JsonNode node, List<JsonNode> order, Map<Integer, Integer> indexOfId) {
    indexOfId.put(node.get("nodeid").asInt(), order.size());
    order.add(node);
    JsonNode children = node.get("children");
    if (children != null) {
      for (JsonNode child : children) {
        collect(child, order, indexOfId);
      }
    }
  }
}
