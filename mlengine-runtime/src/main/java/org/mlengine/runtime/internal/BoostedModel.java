package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled gradient-boosted tree ensemble, read from XGBoost's own model dump: each tree
 * routes a row as XGBoost does (the value as a float below the split goes to {@code yes},
 * otherwise {@code no}; an absent feature goes to {@code missing}), leaves add to the margin of
 * their output, and the margins start at the base score. Classification (XGBoost's
 * {@code multi:softprob}) assigns tree {@code t} to class {@code t % classes} and takes the
 * softmax of the margins; regression returns the margin.
 *
 * <pre>{@code
 * BoostedModel model = BoostedModel.fromJson(json, Task.CLASSIFICATION, 3, features);
 * double[] probabilities = model.score(index, value, 0, index.length);
 * ObjectNode saved = model.toJson();
 * }</pre>
 *
 * @param task classification or regression
 * @param outputs the number of classes, or 1 for regression
 * @param baseScore the margin every output starts at
 * @param trees the trees in boosting order
 */
public record BoostedModel(Task task, int outputs, double baseScore, List<Tree> trees) implements ScoringModel {
  public static final String KIND = "boosted_trees";

  public BoostedModel {
    trees = List.copyOf(trees);
  }

  /**
   * One tree as node arrays; node {@code i} is a leaf when {@code feature[i] < 0}. Children have
   * larger indices than their parent.
   */
  public record Tree(int[] feature, float[] threshold, int[] yes, int[] no, int[] missing, double[] leaf) {

    /** The leaf value of one sparse row (its entries {@code [from, to)}, slots ascending); absent slots are missing. */
    public double evaluate(int[] index, double[] value, int from, int to) {
      int node = 0;
      while (feature[node] >= 0) {
        int at = find(feature[node], index, from, to);
        if (at < 0) {
          node = missing[node];
        } else {
          node = (float) value[at] < threshold[node] ? yes[node] : no[node];
        }
      }
      return leaf[node];
    }

    /** The leaf value of the row spread into {@code row}: each node reads its slot directly. */
    double evaluate(DenseRow row) {
      int node = 0;
      while (feature[node] >= 0) {
        int slot = feature[node];
        if (!row.present(slot)) {
          node = missing[node];
        } else {
          node = (float) row.values[slot] < threshold[node] ? yes[node] : no[node];
        }
      }
      return leaf[node];
    }

    private static int find(int slot, int[] index, int from, int to) {
      int lo = from;
      int hi = to - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (index[mid] < slot) {
          lo = mid + 1;
        } else if (index[mid] > slot) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }
  }

  /**
   * A sparse row spread over the slots it uses: a slot holds a value when its stamp is the current
   * row's, so loading a row touches only its own entries (no clearing of the other slots).
   */
  static final class DenseRow {
    private double[] values = new double[64];
    private int[] stamp = new int[64];
    private int current;

    void load(int[] index, double[] value, int from, int to) {
      if (current == Integer.MAX_VALUE) {
        java.util.Arrays.fill(stamp, 0);
        current = 0;
      }
      current++;
      // A row's slots ascend (FeatureMatrix's order, which Tree.evaluate's binary search needs too).
      int widest = to > from ? index[to - 1] : -1;
      if (widest >= values.length) {
        int size = Math.max(widest + 1, values.length * 2);
        values = java.util.Arrays.copyOf(values, size);
        stamp = java.util.Arrays.copyOf(stamp, size);
      }
      for (int k = from; k < to; k++) {
        values[index[k]] = value[k];
        stamp[index[k]] = current;
      }
    }

    boolean present(int slot) {
      return slot < stamp.length && stamp[slot] == current;
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Each thread's row spread over the feature slots, for {@link #score}: a tree walk then reads
   * each node's slot directly instead of searching the sparse row once per node (200 trees of
   * depth 6 searched a 30-entry row 1,200 times).
   */
  private static final ThreadLocal<DenseRow> ROWS = ThreadLocal.withInitial(DenseRow::new);

  @Override
  public double[] score(int[] index, double[] value, int from, int to) {
    double[] margin = new double[outputs];
    java.util.Arrays.fill(margin, baseScore);
    DenseRow row = ROWS.get();
    row.load(index, value, from, to);
    for (int t = 0; t < trees.size(); t++) {
      margin[t % outputs] += trees.get(t).evaluate(row);
    }
    if (task == Task.CLASSIFICATION) {
      LinearModel.softmax(margin);
    }
    return margin;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    o.put("outputs", outputs);
    o.put("baseScore", baseScore);
    ArrayNode list = o.putArray("trees");
    for (Tree tree : trees) {
      ArrayNode nodes = list.addArray();
      for (int i = 0; i < tree.feature().length; i++) {
        ObjectNode node = nodes.addObject();
        if (tree.feature()[i] < 0) {
          node.put("leaf", tree.leaf()[i]);
        } else {
          node.put("feature", tree.feature()[i]).put("threshold", tree.threshold()[i])
              .put("yes", tree.yes()[i]).put("no", tree.no()[i]).put("missing", tree.missing()[i]);
        }
      }
    }
    return o;
  }

  public static BoostedModel fromJson(JsonNode json, Task task, int outputs, int features) throws BundleFormatException {
    String entry = "model.json";
    int declared = Json.field(json, "outputs", entry).asInt(-1);
    if (declared != outputs) {
      throw new BundleFormatException("model.json declares " + declared + " outputs; the manifest declares " + outputs);
    }
    double base = Json.field(json, "baseScore", entry).asDouble();
    List<Tree> trees = new ArrayList<>();
    JsonNode list = Json.field(json, "trees", entry);
    for (JsonNode nodes : list) {
      int n = nodes.size();
      if (n == 0) {
        throw new BundleFormatException("model.json holds an empty boosted tree");
      }
      int[] feature = new int[n];
      float[] threshold = new float[n];
      int[] yes = new int[n];
      int[] no = new int[n];
      int[] missing = new int[n];
      double[] leaf = new double[n];
      for (int i = 0; i < n; i++) {
        JsonNode node = nodes.get(i);
        if (node.has("leaf")) {
          feature[i] = -1;
          leaf[i] = node.get("leaf").asDouble();
        } else {
          feature[i] = Json.field(node, "feature", entry).asInt(-1);
          threshold[i] = (float) Json.field(node, "threshold", entry).asDouble();
          yes[i] = Json.field(node, "yes", entry).asInt(-1);
          no[i] = Json.field(node, "no", entry).asInt(-1);
          missing[i] = Json.field(node, "missing", entry).asInt(-1);
          for (int child : new int[] {yes[i], no[i], missing[i]}) {
            if (child <= i || child >= n) {
              throw new BundleFormatException("boosted tree node " + i + " has child " + child + "; children come after their node and below " + n);
            }
          }
          if (feature[i] < 0 || feature[i] >= features) {
            throw new BundleFormatException("boosted tree node " + i + " splits on feature " + feature[i] + "; there are " + features);
          }
        }
      }
      trees.add(new Tree(feature, threshold, yes, no, missing, leaf));
    }
    return new BoostedModel(task, outputs, base, trees);
  }
}
