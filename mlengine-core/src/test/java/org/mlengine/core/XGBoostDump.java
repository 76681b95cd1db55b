package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.BoostedModel;
import org.mlengine.runtime.internal.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The compiled form as {@link XGBoostTraining#compile} made it from the booster's JSON dump until
 * it read the saved model instead: each dumped tree renumbered in pre-order, a two-class model's
 * trees each after a tree of one 0 leaf. The reference the saved-model compile must equal.
 */
final class XGBoostDump {
  private XGBoostDump() {}

  static BoostedModel compile(Booster booster, Trainer.TrainingSet data, XGBoostTraining.Columns columns)
      throws XGBoostError, java.io.IOException {
    int outputs = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
    boolean logistic = XGBoostTraining.Objective.of(data) == XGBoostTraining.Objective.LOGISTIC;
    List<BoostedModel.Tree> trees = new ArrayList<>();
    for (String tree : booster.getModelDump((String) null, false, "json")) {
      if (logistic) {
        trees.add(new BoostedModel.Tree(new int[] {-1}, new float[1], new int[1], new int[1], new int[1], new double[1]));
      }
      trees.add(tree(Json.MAPPER.readTree(tree), columns));
    }
    return new BoostedModel(data.task(), outputs, XGBoostTraining.BASE_SCORE, trees);
  }

  private static BoostedModel.Tree tree(JsonNode root, XGBoostTraining.Columns columns) {
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
        feature[i] = columns.slotOf(Integer.parseInt(node.get("split").asText().substring(1)));
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
