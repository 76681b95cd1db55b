package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled decision tree as node arrays: node {@code i} is a leaf when {@code feature[i] < 0};
 * otherwise rows whose feature value (zero when absent) is greater than {@code threshold[i]} go
 * to {@code greater[i]}, the rest to {@code lessOrEqual[i]}, as Tribuo's {@code SplitNode}
 * routes them. A leaf holds the class probabilities or the regression value. Children always
 * have larger indices than their parent, so evaluation always ends.
 *
 * <pre>{@code
 * TreeModel stump = TreeModel.of(Task.REGRESSION, List.of(new TreeModel.Node(0, 1.5, 1, 2, null),
 *     new TreeModel.Node(-1, 0, 0, 0, new double[] {10}), new TreeModel.Node(-1, 0, 0, 0, new double[] {20})));
 * double[] y = stump.score(new int[] {0}, new double[] {2.0}, 0, 1);   // {20.0}
 * }</pre>
 */
public record TreeModel(Task task, int[] feature, double[] threshold, int[] lessOrEqual, int[] greater, double[][] leaf)
    implements ScoringModel {
  public static final String KIND = "tree";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] score(int[] index, double[] value, int from, int to) {
    int node = 0;
    while (feature[node] >= 0) {
      double x = valueOf(feature[node], index, value, from, to);
      node = x > threshold[node] ? greater[node] : lessOrEqual[node];
    }
    return leaf[node].clone();
  }

  /** The value of a feature slot in a sorted sparse row; zero when absent. */
  private static double valueOf(int slot, int[] index, double[] value, int from, int to) {
    int lo = from;
    int hi = to - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int at = index[mid];
      if (at < slot) {
        lo = mid + 1;
      } else if (at > slot) {
        hi = mid - 1;
      } else {
        return value[mid];
      }
    }
    return 0;
  }

  /** Builds the node arrays from a list of nodes in pre-order. */
  public static TreeModel of(Task task, List<Node> nodes) {
    int n = nodes.size();
    int[] feature = new int[n];
    double[] threshold = new double[n];
    int[] le = new int[n];
    int[] gt = new int[n];
    double[][] leaf = new double[n][];
    for (int i = 0; i < n; i++) {
      Node node = nodes.get(i);
      feature[i] = node.feature();
      threshold[i] = node.threshold();
      le[i] = node.lessOrEqual();
      gt[i] = node.greater();
      leaf[i] = node.leaf();
    }
    return new TreeModel(task, feature, threshold, le, gt, leaf);
  }

  /** One node while a tree is being compiled. */
  public record Node(int feature, double threshold, int lessOrEqual, int greater, double[] leaf) {}

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    ArrayNode nodes = o.putArray("nodes");
    for (int i = 0; i < feature.length; i++) {
      ObjectNode node = nodes.addObject();
      if (feature[i] < 0) {
        node.set("leaf", Json.doubles(leaf[i]));
      } else {
        node.put("feature", feature[i]).put("threshold", threshold[i]).put("lessOrEqual", lessOrEqual[i]).put("greater", greater[i]);
      }
    }
    return o;
  }

  public static TreeModel fromJson(JsonNode json, Task task, int outputs, int features) throws BundleFormatException {
    String entry = "model.json";
    JsonNode nodes = Json.field(json, "nodes", entry);
    if (!nodes.isArray() || nodes.isEmpty()) {
      throw new BundleFormatException("model.json has no tree nodes");
    }
    List<Node> out = new ArrayList<>();
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      JsonNode node = nodes.get(i);
      if (node.has("leaf")) {
        double[] values = Json.doubleArray(node.get("leaf"), "nodes[" + i + "].leaf", entry);
        if (values.length != outputs) {
          throw new BundleFormatException("tree leaf " + i + " has " + values.length + " values; the manifest declares " + outputs + " outputs");
        }
        out.add(new Node(-1, 0, -1, -1, values));
      } else {
        int f = Json.field(node, "feature", entry).asInt(-1);
        int le = Json.field(node, "lessOrEqual", entry).asInt(-1);
        int gt = Json.field(node, "greater", entry).asInt(-1);
        if (f < 0 || f >= features || le <= i || gt <= i || le >= n || gt >= n) {
          throw new BundleFormatException("tree node " + i + " has feature " + f + " and children " + le + ", " + gt
              + "; a split needs a feature below " + features + " and children after it and below " + n);
        }
        out.add(new Node(f, Json.field(node, "threshold", entry).asDouble(), le, gt, null));
      }
    }
    return of(task, out);
  }
}
