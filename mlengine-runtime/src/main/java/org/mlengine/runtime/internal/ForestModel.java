package org.mlengine.runtime.internal;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A compiled tree ensemble: equally weighted trees whose outputs are combined as Tribuo's
 * combiners do: class probabilities summed and normalised by their total
 * ({@code FullyWeightedVotingCombiner}), regression values by a running mean
 * ({@code AveragingCombiner}).
 *
 * <pre>{@code
 * ForestModel forest = new ForestModel(Task.REGRESSION, List.of(tree1, tree2));
 * double[] mean = forest.score(index, value, 0, index.length);   // the trees' mean
 * }</pre>
 */
public record ForestModel(Task task, List<TreeModel> trees) implements ScoringModel {
  public static final String KIND = "forest";

  public ForestModel {
    trees = List.copyOf(trees);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public double[] score(int[] index, double[] value, int from, int to) {
    if (task == Task.REGRESSION) {
      double mean = 0;
      double weightSum = 0;
      for (TreeModel tree : trees) {
        double v = tree.score(index, value, from, to)[0];
        weightSum += 1;
        mean += (1 / weightSum) * (v - mean);
      }
      return new double[] {mean};
    }
    double[] out = null;
    double sum = 0;
    for (TreeModel tree : trees) {
      double[] p = tree.score(index, value, from, to);
      if (out == null) {
        out = new double[p.length];
      }
      for (int c = 0; c < p.length; c++) {
        out[c] += p[c];
        sum += p[c];
      }
    }
    for (int c = 0; c < out.length; c++) {
      out[c] /= sum;
    }
    return out;
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", KIND);
    ArrayNode members = o.putArray("trees");
    for (TreeModel tree : trees) {
      members.add(tree.toJson());
    }
    return o;
  }

  public static ForestModel fromJson(JsonNode json, Task task, int outputs, int features) throws BundleFormatException {
    JsonNode members = Json.field(json, "trees", "model.json");
    if (!members.isArray() || members.isEmpty()) {
      throw new BundleFormatException("model.json holds a forest without trees");
    }
    java.util.ArrayList<TreeModel> trees = new java.util.ArrayList<>();
    for (JsonNode member : members) {
      trees.add(TreeModel.fromJson(member, task, outputs, features));
    }
    return new ForestModel(task, trees);
  }
}
