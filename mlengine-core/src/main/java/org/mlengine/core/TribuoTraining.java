package org.mlengine.core;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.ForestModel;
import org.mlengine.runtime.internal.LinearModel;
import org.mlengine.runtime.internal.TreeModel;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Set;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.AdaGradRDA;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/** The adapter to Tribuo: training data become a Tribuo dataset only in here. */
final class TribuoTraining {
  /** The Tribuo model classes a bundle may name; anything else is refused before it is loaded. */
  static final Set<String> ALLOWED_MODEL_CLASSES = Set.of(
      "org.tribuo.classification.sgd.linear.LinearSGDModel",
      "org.tribuo.regression.sgd.linear.LinearSGDModel",
      "org.tribuo.common.tree.TreeModel",
      "org.tribuo.regression.rtree.IndependentRegressionTreeModel",
      "org.tribuo.ensemble.WeightedEnsembleModel");

  /** Tribuo's SGD logging interval: never. */
  private static final int NO_LOGGING = -1;
  /** AdaGrad's (and AdaGrad-RDA's) epsilon, Tribuo's default. */
  private static final double ADAGRAD_EPSILON = 0.1;
  /** CART's least impurity decrease for a split: any decrease will do. */
  private static final float ANY_IMPURITY_DECREASE = 0f;
  /** A single CART tree chooses each split among all the features. */
  private static final float EVERY_FEATURE = 1f;
  /** CART's {@code useRandomSplitPoints}: off, each split is at its feature's best threshold. */
  private static final boolean RANDOM_SPLIT_POINTS = false;

  private TribuoTraining() {}

  static Trainer.TrainedModel linear(Trainer.TrainingSet data, Trainers.LinearOptions options, long pipelineSeed) {
    long seed = options.seedOr(pipelineSeed);
    StochasticGradientOptimiser optimiser = options.l1() > 0 || options.l2() > 0
        ? new AdaGradRDA(options.learningRate(), ADAGRAD_EPSILON, options.l1(), options.l2(), data.features().rows)
        : new AdaGrad(options.learningRate(), ADAGRAD_EPSILON);
    if (data.task() == Task.CLASSIFICATION) {
      var trainer = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
          new LogMulticlass(), optimiser, options.epochs(), NO_LOGGING, options.minibatchSize(), seed);
      Model<Label> model = trainer.train(labelled(data));
      return new Trainer.TrainedModel(compileLinear(model, data), bytes(model));
    }
    var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
        new SquaredLoss(), optimiser, options.epochs(), NO_LOGGING, options.minibatchSize(), seed);
    Model<Regressor> model = trainer.train(regressed(data));
    return new Trainer.TrainedModel(compileLinear(model, data), bytes(model));
  }

  static Trainer.TrainedModel cart(Trainer.TrainingSet data, Trainers.CartOptions options, long pipelineSeed) {
    long seed = options.seedOr(pipelineSeed);
    if (data.task() == Task.CLASSIFICATION) {
      var trainer = classificationTree(options.maxDepth(), options.minChildWeight(), EVERY_FEATURE, seed);
      Model<Label> model = trainer.train(labelled(data));
      return new Trainer.TrainedModel(compileTree(model, data), bytes(model));
    }
    var trainer = regressionTree(options.maxDepth(), options.minChildWeight(), EVERY_FEATURE, seed);
    Model<Regressor> model = trainer.train(regressed(data));
    return new Trainer.TrainedModel(compileTree(model, data), bytes(model));
  }

  static Trainer.TrainedModel forest(Trainer.TrainingSet data, Trainers.ForestOptions options, long pipelineSeed) {
    long seed = options.seedOr(pipelineSeed);
    if (data.task() == Task.CLASSIFICATION) {
      var tree = classificationTree(options.maxDepth(), options.minChildWeight(), options.featureFraction(), seed);
      var trainer = new org.tribuo.common.tree.RandomForestTrainer<>(tree,
          new org.tribuo.classification.ensemble.FullyWeightedVotingCombiner(), options.trees(), seed);
      Model<Label> model = trainer.train(labelled(data));
      return new Trainer.TrainedModel(compileForest(model, data), bytes(model));
    }
    var tree = regressionTree(options.maxDepth(), options.minChildWeight(), options.featureFraction(), seed);
    var trainer = new org.tribuo.common.tree.RandomForestTrainer<>(tree, new org.tribuo.regression.ensemble.AveragingCombiner(),
        options.trees(), seed);
    Model<Regressor> model = trainer.train(regressed(data));
    return new Trainer.TrainedModel(compileForest(model, data), bytes(model));
  }

  /** Tribuo's classification CART, splitting on Gini impurity at the best threshold. */
  private static CARTClassificationTrainer classificationTree(int maxDepth, float minChildWeight, float featureFraction, long seed) {
    return new CARTClassificationTrainer(maxDepth, minChildWeight, ANY_IMPURITY_DECREASE, featureFraction, RANDOM_SPLIT_POINTS,
        new GiniIndex(), seed);
  }

  /** Tribuo's regression CART, splitting on mean squared error at the best threshold. */
  private static CARTRegressionTrainer regressionTree(int maxDepth, float minChildWeight, float featureFraction, long seed) {
    return new CARTRegressionTrainer(maxDepth, minChildWeight, ANY_IMPURITY_DECREASE, featureFraction, RANDOM_SPLIT_POINTS,
        new MeanSquaredError(), seed);
  }

  private static <T extends Output<T>> ForestModel compileForest(Model<T> model, Trainer.TrainingSet data) {
    List<TreeModel> trees = new java.util.ArrayList<>();
    for (Model<T> member : ((org.tribuo.ensemble.EnsembleModel<T>) model).getModels()) {
      trees.add(compileTree(member, data));
    }
    return new ForestModel(data.task(), trees);
  }

  /** Reads a Tribuo tree into node arrays in pre-order, with features and classes in our order. */
  @SuppressWarnings("unchecked") // a regression model's root is a Node<Regressor>, and T is Regressor there
  static <T extends Output<T>> TreeModel compileTree(Model<T> model, Trainer.TrainingSet data) {
    // A regression tree is an IndependentRegressionTreeModel with one root per output dimension;
    // there is one dimension here, the target.
    org.tribuo.common.tree.Node<T> root = model instanceof org.tribuo.regression.rtree.IndependentRegressionTreeModel regression
        ? (org.tribuo.common.tree.Node<T>) (org.tribuo.common.tree.Node<?>) regression.getRoots().values().iterator().next()
        : ((org.tribuo.common.tree.TreeModel<T>) model).getRoot();
    java.util.Map<String, Integer> slotOf = new java.util.HashMap<>();
    for (int f = 0; f < data.featureNames().size(); f++) {
      slotOf.put(data.featureNames().get(f), f);
    }
    List<TreeModel.Node> nodes = new java.util.ArrayList<>();
    addNode(root, model.getFeatureIDMap(), slotOf, data, nodes);
    return TreeModel.of(data.task(), nodes);
  }

  private static <T extends Output<T>> int addNode(org.tribuo.common.tree.Node<T> node, ImmutableFeatureMap features,
      java.util.Map<String, Integer> slotOf, Trainer.TrainingSet data, List<TreeModel.Node> nodes) {
    int at = nodes.size();
    if (node instanceof org.tribuo.common.tree.LeafNode<T> leaf) {
      double[] values;
      if (data.task() == Task.CLASSIFICATION) {
        values = new double[data.classes().size()];
        for (var e : leaf.getDistribution().entrySet()) {
          int c = data.classes().indexOf(e.getKey());
          if (c >= 0) {
            values[c] = ((Label) e.getValue()).getScore();
          }
        }
      } else {
        values = new double[] {((Regressor) leaf.getOutput()).getValues()[0]};
      }
      nodes.add(new TreeModel.Node(-1, 0, -1, -1, values));
      return at;
    }
    org.tribuo.common.tree.SplitNode<T> split = (org.tribuo.common.tree.SplitNode<T>) node;
    nodes.add(null);
    int le = addNode(split.getLessThanOrEqual(), features, slotOf, data, nodes);
    int gt = addNode(split.getGreaterThan(), features, slotOf, data, nodes);
    int slot = slotOf.get(features.get(split.getFeatureID()).getName());
    nodes.set(at, new TreeModel.Node(slot, split.splitValue(), le, gt, null));
    return at;
  }

  /** Reads the weights of a Tribuo linear SGD model into our compiled form, in our feature and class order. */
  private static <T extends Output<T>> LinearModel compileLinear(Model<T> model, Trainer.TrainingSet data) {
    DenseMatrix w = ((AbstractLinearSGDModel<T>) model).getWeightsCopy();
    ImmutableFeatureMap featureMap = model.getFeatureIDMap();
    ImmutableOutputInfo<T> outputs = model.getOutputIDInfo();
    int biasColumn = featureMap.size();
    List<String> names = data.featureNames();
    int outputCount = data.task() == Task.CLASSIFICATION ? data.classes().size() : 1;
    double[][] weights = new double[outputCount][names.size()];
    double[] bias = new double[outputCount];
    for (int id = 0; id < outputs.size(); id++) {
      T output = outputs.getOutput(id);
      int o = data.task() == Task.CLASSIFICATION ? data.classes().indexOf(((Label) output).getLabel()) : 0;
      for (int f = 0; f < names.size(); f++) {
        int fid = featureMap.getID(names.get(f));
        weights[o][f] = fid < 0 ? 0 : w.get(id, fid);
      }
      bias[o] = w.get(id, biasColumn);
    }
    return new LinearModel(data.task(), weights, bias);
  }

  static MutableDataset<Label> labelled(Trainer.TrainingSet data) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> ds = dataset(factory);
    for (int r = 0; r < data.features().rows; r++) {
      ds.add(example(new Label(data.classes().get(data.classIndices()[r])), data, r));
    }
    return ds;
  }

  static MutableDataset<Regressor> regressed(Trainer.TrainingSet data) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> ds = dataset(factory);
    for (int r = 0; r < data.features().rows; r++) {
      ds.add(example(new Regressor(data.target(), data.values()[r]), data, r));
    }
    return ds;
  }

  /**
   * Row {@code r} as a Tribuo example holding its stored entries (absent = 0 for these models),
   * weighted by the row's sample weight when there are any (Tribuo keeps weights as floats).
   * A row with no entries (an empty document) gets an explicit 0 for the first feature, since
   * Tribuo refuses examples without features yet the row still counts for the class balance.
   */
  private static <T extends Output<T>> ArrayExample<T> example(T output, Trainer.TrainingSet data, int r) {
    ArrayExample<T> example = unweighted(output, data, r);
    if (data.weights() != null) {
      example.setWeight((float) data.weights()[r]);
    }
    return example;
  }

  private static <T extends Output<T>> ArrayExample<T> unweighted(T output, Trainer.TrainingSet data, int r) {
    FeatureMatrix m = data.features();
    int from = m.rowStart[r];
    int size = m.rowStart[r + 1] - from;
    if (size == 0) {
      return new ArrayExample<>(output, new String[] {data.featureNames().get(0)}, new double[] {0.0});
    }
    String[] names = new String[size];
    double[] values = new double[size];
    for (int k = 0; k < size; k++) {
      names[k] = data.featureNames().get(m.index[from + k]);
      values[k] = m.value[from + k];
    }
    return new ArrayExample<>(output, names, values);
  }

  private static <T extends Output<T>> MutableDataset<T> dataset(OutputFactory<T> factory) {
    return new MutableDataset<>(new SimpleDataSourceProvenance("mlengine training part", factory), factory);
  }

  private static byte[] bytes(Model<?> model) {
    return model.serialize().toByteArray();
  }

  /**
   * Reads a Tribuo model from its protobuf bytes, refusing any model class outside
   * {@link #ALLOWED_MODEL_CLASSES} before Tribuo looks the class up.
   */
  static Model<?> read(byte[] bytes, String entry) throws BundleFormatException {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new BundleFormatException("entry '" + entry + "' is not a Tribuo model: " + e.getMessage(), e);
    }
    String name = proto.getClassName();
    if (name.toLowerCase(java.util.Locale.ROOT).contains("liblinear") || name.toLowerCase(java.util.Locale.ROOT).contains("libsvm")) {
      throw new BundleFormatException("entry '" + entry + "' holds a " + name + ", whose Tribuo form embeds Java serialization;"
          + " mlengine never deserializes Java objects, so it refuses the model. Retrain with Trainers.linearSgd() or Trainers.cart().");
    }
    if (!ALLOWED_MODEL_CLASSES.contains(name)) {
      throw new BundleFormatException("entry '" + entry + "' names Tribuo model class '" + proto.getClassName()
          + "', which mlengine does not load; it loads only " + ALLOWED_MODEL_CLASSES);
    }
    try {
      return Model.deserialize(proto);
    } catch (RuntimeException e) {
      throw new BundleFormatException("entry '" + entry + "' could not be read by Tribuo: " + e.getMessage(), e);
    }
  }
}
