package org.mlengine.core;

import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The training algorithms, each backed by Tribuo and configured with named options.
 *
 * <pre>{@code
 * Trainers.logisticRegression()                        // multinomial logistic regression
 * Trainers.linearSgd().l1(1e-3).epochs(30)             // linear model: classification or regression
 * Trainers.cart().maxDepth(8)                          // a decision tree
 * Trainers.randomForest().trees(200)                   // a random forest
 * Trainers.xgboost().trees(100).maxDepth(6)            // gradient-boosted trees
 * }</pre>
 *
 * <p>Linear models are trained by stochastic gradient descent with AdaGrad (AdaGrad-RDA when an
 * L1 or L2 penalty is set) and kept in the bundle as plain weights, which the predictor
 * evaluates without Tribuo. Features must have no missing values; scale them (for example with
 * {@code Features.standardize}) for linear models to converge well.
 */
public final class Trainers {
  private Trainers() {}

  /** Multinomial logistic regression (classification only). */
  public static Linear logisticRegression() {
    return new Linear("logistic_regression", true, 10, 1.0, 0, 0, 1, OptionalLong.empty(), 0);
  }

  /**
   * A linear model trained by SGD: logistic loss for classification, squared loss for
   * regression; the task follows the pipeline's target.
   */
  public static Linear linearSgd() {
    return new Linear("linear_sgd", false, 10, 1.0, 0, 0, 1, OptionalLong.empty(), 0);
  }

  /** A random forest of CART trees for classification or regression. */
  public static Forest randomForest() {
    return new Forest(100, 10, 5f, 0.5f, OptionalLong.empty());
  }

  /**
   * Gradient-boosted trees trained by XGBoost (through Tribuo), kept as a compiled form the
   * predictor evaluates without XGBoost. Fitting needs the optional dependencies
   * {@code org.tribuo:tribuo-classification-xgboost} / {@code tribuo-regression-xgboost} and
   * XGBoost's native library (Linux, macOS or Windows on x86_64).
   */
  public static XGBoost xgboost() {
    return new XGBoost(100, 0.3, 6, 1, 1, 1, 1, 0, OptionalLong.empty(), 0);
  }

  /** A CART decision tree for classification or regression. */
  public static Cart cart() {
    return new Cart(6, 5f, OptionalLong.empty());
  }

  /**
   * A linear model trained by stochastic gradient descent.
   *
   * <pre>{@code
   * Trainers.linearSgd().epochs(20).learningRate(0.5).l2(1e-4).seed(7)
   * }</pre>
   */
  public static final class Linear extends Trainer {
    private final String name;
    private final boolean classifierOnly;
    private final int epochs;
    private final double learningRate;
    private final double l1;
    private final double l2;
    private final int minibatchSize;
    private final OptionalLong seed;
    private final int earlyStopping;

    private Linear(String name, boolean classifierOnly, int epochs, double learningRate, double l1, double l2, int minibatchSize, OptionalLong seed,
        int earlyStopping) {
      this.name = name;
      this.classifierOnly = classifierOnly;
      this.epochs = epochs;
      this.learningRate = learningRate;
      this.l1 = l1;
      this.l2 = l2;
      this.minibatchSize = minibatchSize;
      this.seed = seed;
      this.earlyStopping = earlyStopping;
    }

    /** Passes over the training data; 10 by default. */
    public Linear epochs(int epochs) {
      checkArgument(epochs >= 1, "epochs = %s; give at least 1 pass over the data", epochs);
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, minibatchSize, seed, earlyStopping);
    }

    /** AdaGrad's initial learning rate; 1.0 by default. */
    public Linear learningRate(double learningRate) {
      checkArgument(learningRate > 0 && Double.isFinite(learningRate), "learning rate %s must be a positive number", learningRate);
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, minibatchSize, seed, earlyStopping);
    }

    /** The L1 penalty (sparsity); 0 by default. */
    public Linear l1(double l1) {
      checkArgument(l1 >= 0 && Double.isFinite(l1), "l1 penalty %s must be zero or positive", l1);
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, minibatchSize, seed, earlyStopping);
    }

    /** The L2 penalty (shrinkage); 0 by default. */
    public Linear l2(double l2) {
      checkArgument(l2 >= 0 && Double.isFinite(l2), "l2 penalty %s must be zero or positive", l2);
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, minibatchSize, seed, earlyStopping);
    }

    /** Rows per gradient step; 1 by default. */
    public Linear minibatchSize(int size) {
      checkArgument(size >= 1, "minibatch size %s must be at least 1", size);
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, size, seed, earlyStopping);
    }

    /** The seed of the row order; the pipeline's seed by default. */
    public Linear seed(long seed) {
      return new Linear(name, classifierOnly, epochs, learningRate, l1, l2, minibatchSize, OptionalLong.of(seed), earlyStopping);
    }

    /**
     * Keeps the number of epochs, at most {@link #epochs(int)}, whose model has the lowest loss
     * on the validation part (log loss for classification, RMSE for regression), stopping once
     * {@code epochs} more have not improved on it. Tribuo trains a fixed number of epochs, so
     * each count is trained from scratch with the same seed: stopping after k epochs costs
     * 1 + 2 + ... + k epochs of training. Needs a split with a validation part. The manifest's
     * spec records the epochs used under {@code trainer.earlyStopping}.
     *
     * <pre>{@code
     * Trainers.logisticRegression().epochs(50).earlyStopping(3)   // with Split.stratified(0.8).validation(0.2)
     * }</pre>
     */
    public Linear earlyStopping(int epochs) {
      checkArgument(epochs >= 1, "earlyStopping(%s): give the epochs without improvement to wait for, at least 1 (e.g. 3)", epochs);
      return new Linear(name, classifierOnly, this.epochs, learningRate, l1, l2, minibatchSize, seed, epochs);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("epochs", epochs);
      out.put("learningRate", learningRate);
      out.put("l1", l1);
      out.put("l2", l2);
      out.put("minibatchSize", minibatchSize);
      seed.ifPresent(s -> out.put("seed", s));
      if (earlyStopping > 0) {
        out.put("earlyStoppingEpochs", earlyStopping);
      }
      return out;
    }

    @Override
    boolean stopsEarly() {
      return earlyStopping > 0;
    }

    @Override
    Stopped stopEarly(FittedPipeline fitted, TrainedModel trained, TrainingSet data, long pipelineSeed, Table validation) {
      if (earlyStopping == 0) {
        return super.stopEarly(fitted, trained, data, pipelineSeed, validation);
      }
      long s = seed.orElse(pipelineSeed);
      return EarlyStopping.epochs(fitted, trained, k -> TribuoTraining.linear(data, k, learningRate, l1, l2, minibatchSize, s), epochs,
          validation, earlyStopping);
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      if (classifierOnly && task != Task.CLASSIFICATION) {
        problems.add(name + " is a classifier but target '" + target + "' makes this " + task
            + ". Use Trainers.linearSgd() for regression, or call .task(Task.CLASSIFICATION) on the pipeline builder to treat the target's values as classes.");
      }
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TribuoTraining.linear(data, epochs, learningRate, l1, l2, minibatchSize, seed.orElse(pipelineSeed));
    }
  }

  /**
   * Gradient-boosted trees (XGBoost's multi:softprob for classification, squared error for
   * regression), with XGBoost's defaults.
   *
   * <pre>{@code
   * Trainers.xgboost().trees(200).eta(0.1).maxDepth(4).subsample(0.8)
   * }</pre>
   */
  public static final class XGBoost extends Trainer {
    private final int trees;
    private final double eta;
    private final int maxDepth;
    private final double minChildWeight;
    private final double subsample;
    private final double featureSubsample;
    private final double lambda;
    private final double alpha;
    private final OptionalLong seed;
    private final int earlyStopping;

    private XGBoost(int trees, double eta, int maxDepth, double minChildWeight, double subsample, double featureSubsample,
        double lambda, double alpha, OptionalLong seed, int earlyStopping) {
      this.trees = trees;
      this.eta = eta;
      this.maxDepth = maxDepth;
      this.minChildWeight = minChildWeight;
      this.subsample = subsample;
      this.featureSubsample = featureSubsample;
      this.lambda = lambda;
      this.alpha = alpha;
      this.seed = seed;
      this.earlyStopping = earlyStopping;
    }

    /** Boosting rounds; 100 by default. */
    public XGBoost trees(int trees) {
      checkArgument(trees >= 1, "trees = %s; boosting needs at least one round", trees);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The learning rate (shrinkage); 0.3 by default. */
    public XGBoost eta(double eta) {
      checkArgument(eta > 0 && eta <= 1, "eta = %s; give a learning rate in (0, 1]", eta);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The deepest a leaf may be; 6 by default. */
    public XGBoost maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The least hessian weight a child may have; 1 by default. */
    public XGBoost minChildWeight(double weight) {
      checkArgument(weight >= 0, "minChildWeight = %s; give zero or more", weight);
      return new XGBoost(trees, eta, maxDepth, weight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The share of rows each tree samples, in (0, 1]; 1 by default. */
    public XGBoost subsample(double share) {
      checkArgument(share > 0 && share <= 1, "subsample = %s; give a share in (0, 1]", share);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, share, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The share of features each tree samples, in (0, 1]; 1 by default. */
    public XGBoost featureSubsample(double share) {
      checkArgument(share > 0 && share <= 1, "featureSubsample = %s; give a share in (0, 1]", share);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, share, lambda, alpha, seed, earlyStopping);
    }

    /** The L2 penalty on leaf weights; 1 by default. */
    public XGBoost lambda(double lambda) {
      checkArgument(lambda >= 0, "lambda = %s; give zero or more", lambda);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The L1 penalty on leaf weights; 0 by default. */
    public XGBoost alpha(double alpha) {
      checkArgument(alpha >= 0, "alpha = %s; give zero or more", alpha);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, earlyStopping);
    }

    /** The seed of row and feature sampling; the pipeline's seed by default. */
    public XGBoost seed(long seed) {
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, OptionalLong.of(seed), earlyStopping);
    }

    /**
     * Stops boosting when the validation part's loss (multi-class log loss, or RMSE for
     * regression, XGBoost's default evaluation metrics) has not improved for {@code rounds}
     * rounds in a row, and keeps the rounds up to the best one, as XGBoost's
     * {@code early_stopping_rounds} does; {@link #trees(int)} is the most rounds it may use.
     * Needs a split with a validation part. The manifest's spec records the rounds used under
     * {@code trainer.earlyStopping}.
     *
     * <pre>{@code
     * Trainers.xgboost().trees(500).eta(0.05).earlyStopping(20)   // with Split.stratified(0.8).validation(0.2)
     * }</pre>
     */
    public XGBoost earlyStopping(int rounds) {
      checkArgument(rounds >= 1, "earlyStopping(%s): give the rounds without improvement to wait for, at least 1 (e.g. 10)", rounds);
      return new XGBoost(trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha, seed, rounds);
    }

    @Override
    public String name() {
      return "xgboost";
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("trees", trees);
      out.put("eta", eta);
      out.put("maxDepth", maxDepth);
      out.put("minChildWeight", minChildWeight);
      out.put("subsample", subsample);
      out.put("featureSubsample", featureSubsample);
      out.put("lambda", lambda);
      out.put("alpha", alpha);
      seed.ifPresent(s -> out.put("seed", s));
      if (earlyStopping > 0) {
        out.put("earlyStoppingRounds", earlyStopping);
      }
      return out;
    }

    @Override
    boolean stopsEarly() {
      return earlyStopping > 0;
    }

    @Override
    Stopped stopEarly(FittedPipeline fitted, TrainedModel trained, TrainingSet data, long pipelineSeed, Table validation) {
      return earlyStopping > 0
          ? EarlyStopping.boosted(fitted, trained.tribuoModel(), validation, earlyStopping)
          : super.stopEarly(fitted, trained, data, pipelineSeed, validation);
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      try {
        Class.forName("org.tribuo.common.xgboost.XGBoostModel", false, Trainers.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        problems.add("xgboost needs XGBoost on the class path; add the dependency org.tribuo:tribuo-classification-xgboost"
            + " (or tribuo-regression-xgboost) version 4.3.2, or choose Trainers.randomForest().");
      }
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return XGBoostTraining.train(data, trees, eta, maxDepth, minChildWeight, subsample, featureSubsample, lambda, alpha,
          seed.orElse(pipelineSeed));
    }
  }

  /**
   * A random forest: bagged CART trees, each split choosing among a random share of the
   * features; class probabilities are the trees' averaged leaf distributions.
   *
   * <pre>{@code
   * Trainers.randomForest().trees(200).maxDepth(10).featureFraction(0.5)
   * }</pre>
   */
  public static final class Forest extends Trainer {
    private final int trees;
    private final int maxDepth;
    private final float minChildWeight;
    private final float featureFraction;
    private final OptionalLong seed;

    private Forest(int trees, int maxDepth, float minChildWeight, float featureFraction, OptionalLong seed) {
      this.trees = trees;
      this.maxDepth = maxDepth;
      this.minChildWeight = minChildWeight;
      this.featureFraction = featureFraction;
      this.seed = seed;
    }

    /** The number of trees; 100 by default. */
    public Forest trees(int trees) {
      checkArgument(trees >= 1, "trees = %s; a forest needs at least one tree", trees);
      return new Forest(trees, maxDepth, minChildWeight, featureFraction, seed);
    }

    /** The deepest a leaf may be; 10 by default. */
    public Forest maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return new Forest(trees, maxDepth, minChildWeight, featureFraction, seed);
    }

    /** The least total weight (rows) a child node may have; 5 by default. */
    public Forest minChildWeight(double weight) {
      checkArgument(weight > 0, "minChildWeight = %s; give a positive number of rows", weight);
      return new Forest(trees, maxDepth, (float) weight, featureFraction, seed);
    }

    /** The share of features each split may choose from, in (0, 1]; 0.5 by default. */
    public Forest featureFraction(double fraction) {
      checkArgument(fraction > 0 && fraction <= 1, "featureFraction = %s; give a share in (0, 1]", fraction);
      return new Forest(trees, maxDepth, minChildWeight, (float) fraction, seed);
    }

    /** The seed of the bootstrap samples and feature draws; the pipeline's seed by default. */
    public Forest seed(long seed) {
      return new Forest(trees, maxDepth, minChildWeight, featureFraction, OptionalLong.of(seed));
    }

    @Override
    public String name() {
      return "random_forest";
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("trees", trees);
      out.put("maxDepth", maxDepth);
      out.put("minChildWeight", (double) minChildWeight);
      out.put("featureFraction", (double) featureFraction);
      seed.ifPresent(s -> out.put("seed", s));
      return out;
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      // Forests handle both tasks.
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TribuoTraining.forest(data, trees, maxDepth, minChildWeight, featureFraction, seed.orElse(pipelineSeed));
    }
  }

  /**
   * A CART decision tree.
   *
   * <pre>{@code
   * Trainers.cart().maxDepth(8).minChildWeight(10)
   * }</pre>
   */
  public static final class Cart extends Trainer {
    private final int maxDepth;
    private final float minChildWeight;
    private final OptionalLong seed;

    private Cart(int maxDepth, float minChildWeight, OptionalLong seed) {
      this.maxDepth = maxDepth;
      this.minChildWeight = minChildWeight;
      this.seed = seed;
    }

    /** The deepest a leaf may be; 6 by default. */
    public Cart maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return new Cart(maxDepth, minChildWeight, seed);
    }

    /** The least total weight (rows) a child node may have; 5 by default. */
    public Cart minChildWeight(double weight) {
      checkArgument(weight > 0, "minChildWeight = %s; give a positive number of rows", weight);
      return new Cart(maxDepth, (float) weight, seed);
    }

    /** The seed for tie-breaking; the pipeline's seed by default. */
    public Cart seed(long seed) {
      return new Cart(maxDepth, minChildWeight, OptionalLong.of(seed));
    }

    @Override
    public String name() {
      return "cart";
    }

    @Override
    public Map<String, Object> spec() {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("maxDepth", maxDepth);
      out.put("minChildWeight", (double) minChildWeight);
      seed.ifPresent(s -> out.put("seed", s));
      return out;
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      // CART handles both tasks.
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TribuoTraining.cart(data, maxDepth, minChildWeight, seed.orElse(pipelineSeed));
    }
  }
}
