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
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Trains XGBoost models through Tribuo and compiles them from the booster's own JSON model dump.
 * The only class that touches XGBoost: it needs the optional tribuo-*-xgboost dependencies and
 * XGBoost's native library at fit time, never at prediction time.
 */
final class XGBoostTraining {
  /** XGBoost 1.6's default {@code base_score}: every margin starts here. */
  static final double BASE_SCORE = 0.5;

  /** XGBoost's {@code gamma}, the least loss reduction a split must make: none, XGBoost's default. */
  private static final double MIN_SPLIT_LOSS = 0;
  /** XGBoost's {@code nthread}: one thread per fit. */
  private static final int THREADS = 1;
  /** XGBoost's {@code silent}: no per-round output. */
  private static final boolean SILENT = true;

  private XGBoostTraining() {}

  static Trainer.TrainedModel train(Trainer.TrainingSet data, Trainers.XGBoostOptions options, long pipelineSeed) {
    long seed = options.seedOr(pipelineSeed);
    if (data.task() == Task.CLASSIFICATION) {
      var trainer = new XGBoostClassificationTrainer(options.trees(), options.eta(), MIN_SPLIT_LOSS, options.maxDepth(),
          options.minChildWeight(), options.subsample(), options.featureSubsample(), options.lambda(), options.alpha(), THREADS, SILENT,
          seed);
      Model<Label> model = trainer.train(TribuoTraining.labelled(data));
      return new Trainer.TrainedModel(compile(model, data, data.classes().size()), model.serialize().toByteArray());
    }
    var trainer = new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, options.trees(), options.eta(),
        MIN_SPLIT_LOSS, options.maxDepth(), options.minChildWeight(), options.subsample(), options.featureSubsample(), options.lambda(),
        options.alpha(), THREADS, SILENT, seed);
    Model<Regressor> model = trainer.train(TribuoTraining.regressed(data));
    return new Trainer.TrainedModel(compile(model, data, 1), model.serialize().toByteArray());
  }

  /** Reads every tree of the booster's JSON dump into node arrays over our feature slots. */
  private static BoostedModel compile(Model<?> model, Trainer.TrainingSet data, int outputs) {
    List<Booster> boosters = ((XGBoostModel<?>) model).getInnerModels();
    if (boosters.size() != 1) {
      throw new IllegalStateException("expected one booster, got " + boosters.size());
    }
    ImmutableFeatureMap features = model.getFeatureIDMap();
    Map<String, Integer> slotOf = new HashMap<>();
    for (int f = 0; f < data.featureNames().size(); f++) {
      slotOf.put(data.featureNames().get(f), f);
    }
    int[] slotOfXgbFeature = new int[features.size()];
    for (int id = 0; id < features.size(); id++) {
      slotOfXgbFeature[id] = slotOf.get(features.get(id).getName());
    }
    if (data.task() == Task.CLASSIFICATION && !classOrderMatches(model, data)) {
      throw new IllegalStateException("Tribuo's label ids are not in the sorted class order " + data.classes());
    }
    try {
      String[] dump = boosters.get(0).getModelDump((String) null, false, "json");
      List<BoostedModel.Tree> trees = new ArrayList<>();
      for (String tree : dump) {
        trees.add(tree(Json.MAPPER.readTree(tree), slotOfXgbFeature));
      }
      return new BoostedModel(data.task(), outputs, BASE_SCORE, trees);
    } catch (XGBoostError | java.io.IOException e) {
      throw new IllegalStateException("could not read XGBoost's model dump: " + e.getMessage(), e);
    } finally {
      boosters.forEach(Booster::dispose);
    }
  }

  private static boolean classOrderMatches(Model<?> model, Trainer.TrainingSet data) {
    var info = model.getOutputIDInfo();
    for (int id = 0; id < info.size(); id++) {
      if (!((Label) info.getOutput(id)).getLabel().equals(data.classes().get(id))) {
        return false;
      }
    }
    return info.size() == data.classes().size();
  }

  /** One dumped tree, renumbered in pre-order so children always follow their parent. */
  private static BoostedModel.Tree tree(JsonNode root, int[] slotOfXgbFeature) {
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
        feature[i] = slotOfXgbFeature[Integer.parseInt(node.get("split").asText().substring(1))];
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
