package org.mlengine.core;

import org.mlengine.runtime.BundleFormatException;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.FeatureMatrix;
import org.mlengine.runtime.internal.LinearModel;
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

  private TribuoTraining() {}

  static Trainer.TrainedModel linear(Trainer.TrainingSet data, LinearOptions options, long pipelineSeed) {
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
    int size = m.entries(r);
    if (size == 0) {
      return new ArrayExample<>(output, new String[] {data.featureNames().get(0)}, new double[] {0.0});
    }
    String[] names = new String[size];
    double[] values = new double[size];
    for (int k = 0; k < size; k++) {
      names[k] = data.featureNames().get(m.slot(r, k));
      values[k] = m.value(r, k);
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
