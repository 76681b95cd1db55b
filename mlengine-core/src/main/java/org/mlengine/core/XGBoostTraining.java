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
  /** XGBoost's tree method: histograms of quantile bins, bit-identical for any thread count. */
  static final String HISTOGRAM = "hist";

  /** XGBoost's {@code gamma}, the least loss reduction a split must make: none, XGBoost's default. */
  private static final double MIN_SPLIT_LOSS = 0;
  /** XGBoost's {@code verbosity}: silent. */
  private static final int SILENT = 0;

  private XGBoostTraining() {}

  static Trainer.TrainedModel train(Trainer.TrainingSet data, Trainers.XGBoostOptions options, int threads, long pipelineSeed) {
    Columns columns = Columns.of(data);
    DMatrix matrix = null;
    Booster booster = null;
    try {
      matrix = trainingMatrix(data, columns);
      booster = XGBoost.train(matrix, parameters(data, options, threads, pipelineSeed, HISTOGRAM), options.trees(), Map.of(), null, null);
      return new Trainer.TrainedModel(compile(booster, data, columns), null);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not train on the training part (" + data.features().rows + " rows, "
          + columns.count() + " features): " + e.getMessage(), e);
    } finally {
      dispose(booster, matrix);
    }
  }

  /**
   * XGBoost's parameters, as Tribuo's XGBoost trainers set them (objective, eta, gamma,
   * max_depth, min_child_weight, subsample, colsample_bytree, lambda, alpha, seed, verbosity,
   * booster), plus {@code base_score}, the tree method and the threads.
   */
  static Map<String, Object> parameters(Trainer.TrainingSet data, Trainers.XGBoostOptions options, int threads, long pipelineSeed,
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
      throw new IllegalStateException("could not read XGBoost's model dump: " + e.getMessage(), e);
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
