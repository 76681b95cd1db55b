package org.mlengine.core;

import org.mlengine.runtime.FittedPipeline;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;

/**
 * The training algorithms, each configured with named options.
 *
 * <pre>{@code
 * Trainers.logisticRegression()                        // multinomial logistic regression
 * Trainers.linearSgd().l1(1e-3).epochs(30)             // linear model: classification or regression
 * Trainers.cart().maxDepth(8)                          // a decision tree
 * Trainers.randomForest().trees(200)                   // a random forest
 * Trainers.xgboost().trees(100).maxDepth(6)            // gradient-boosted trees
 * }</pre>
 *
 * <p>Logistic regression is fitted by mlengine's own L-BFGS to scikit-learn's objective; linear
 * SGD models are trained by Tribuo's stochastic gradient descent with AdaGrad (AdaGrad-RDA when
 * an L1 or L2 penalty is set). Both are kept in the bundle as plain weights, which the predictor
 * evaluates without Tribuo. Features must have no missing values; scale them (for example with
 * {@code Features.standardize}) for linear models to converge well. CART and random forests
 * grow on mlengine's own histogram trees (each feature binned once per fit: exact up to 256
 * distinct values), boosted trees through XGBoost4J's histogram method. The trainers with a
 * {@code threads(n)} option give the same model, bit for bit, on any number of threads.
 */
public final class Trainers {
  private Trainers() {}

  /**
   * Logistic regression (classification only) as scikit-learn's {@code LogisticRegression()}
   * fits it: L2-penalised with C = 1, by L-BFGS; one sigmoid for two classes, the multinomial
   * (softmax) model for more.
   */
  public static Logistic logisticRegression() {
    return new Logistic(LogisticOptions.DEFAULTS);
  }

  /**
   * A linear model trained by SGD: logistic loss for classification, squared loss for
   * regression; the task follows the pipeline's target.
   */
  public static Linear linearSgd() {
    return new Linear(LinearOptions.DEFAULTS);
  }

  /** A random forest of CART trees for classification or regression. */
  public static Forest randomForest() {
    return new Forest(ForestOptions.DEFAULTS, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Gradient-boosted trees trained by XGBoost (XGBoost4J, histogram method), kept as a compiled
   * form the predictor evaluates without XGBoost. Fitting needs the optional dependency
   * {@code ml.dmlc:xgboost4j_2.12:1.7.6}, which carries XGBoost's native library (Linux, macOS or
   * Windows on x86_64).
   */
  public static XGBoost xgboost() {
    return new XGBoost(XGBoostOptions.DEFAULTS, Runtime.getRuntime().availableProcessors());
  }

  /** A CART decision tree for classification or regression. */
  public static Cart cart() {
    return new Cart(CartOptions.DEFAULTS, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A linear model trained by stochastic gradient descent.
   *
   * <pre>{@code
   * Trainers.linearSgd().epochs(20).learningRate(0.5).l2(1e-4).seed(7)
   * }</pre>
   */
  public static final class Linear extends Trainer {
    private final LinearOptions options;

    private Linear(LinearOptions options) {
      this.options = options;
    }

    /** Passes over the training data; 10 by default. */
    public Linear epochs(int epochs) {
      checkArgument(epochs >= 1, "epochs = %s; give at least 1 pass over the data", epochs);
      return new Linear(options.withEpochs(epochs));
    }

    /** AdaGrad's initial learning rate; 1.0 by default. */
    public Linear learningRate(double learningRate) {
      checkArgument(learningRate > 0 && Double.isFinite(learningRate),
          "learning rate %s must be a positive finite number, e.g. 0.1 (AdaGrad's steps shrink from it)", learningRate);
      return new Linear(options.withLearningRate(learningRate));
    }

    /** The L1 penalty (sparsity); 0 by default. */
    public Linear l1(double l1) {
      checkArgument(l1 >= 0 && Double.isFinite(l1), "l1 penalty %s must be zero or a positive finite number, e.g. 1e-4", l1);
      return new Linear(options.withL1(l1));
    }

    /** The L2 penalty (shrinkage); 0 by default. */
    public Linear l2(double l2) {
      checkArgument(l2 >= 0 && Double.isFinite(l2), "l2 penalty %s must be zero or a positive finite number, e.g. 1e-4", l2);
      return new Linear(options.withL2(l2));
    }

    /** Rows per gradient step; 1 by default. */
    public Linear minibatchSize(int size) {
      checkArgument(size >= 1, "minibatch size %s must be at least 1", size);
      return new Linear(options.withMinibatchSize(size));
    }

    /** The seed of the row order; the pipeline's seed by default. */
    public Linear seed(long seed) {
      return new Linear(options.withSeed(seed));
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
     * Trainers.linearSgd().epochs(50).earlyStopping(3)   // with Split.stratified(0.8).validation(0.2)
     * }</pre>
     */
    public Linear earlyStopping(int epochs) {
      checkArgument(epochs >= 1, "earlyStopping(%s): give the epochs without improvement to wait for, at least 1 (e.g. 3)", epochs);
      return new Linear(options.withEarlyStoppingEpochs(epochs));
    }

    @Override
    public String name() {
      return "linear_sgd";
    }

    @Override
    public Map<String, Object> spec() {
      return options.spec();
    }

    @Override
    boolean stopsEarly() {
      return options.earlyStoppingEpochs().isPresent();
    }

    @Override
    Stopped stopEarly(FittedPipeline fitted, TrainedModel trained, TrainingSet data, long pipelineSeed, Table validation) {
      if (options.earlyStoppingEpochs().isEmpty()) {
        return super.stopEarly(fitted, trained, data, pipelineSeed, validation);
      }
      return EarlyStopping.epochs(fitted, trained, k -> TribuoTraining.linear(data, options.withEpochs(k), pipelineSeed), options.epochs(),
          validation, options.earlyStoppingEpochs().getAsInt());
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      // Either task: logistic loss for classes, squared loss for numbers.
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TribuoTraining.linear(data, options, pipelineSeed);
    }

    @Override
    boolean takesSampleWeights() {
      // Tribuo's SGD trainers are WeightedExamples: each row's gradient step is scaled by its weight.
      return true;
    }

    @Override
    boolean trainsWithTribuo() {
      return true;
    }

    @Override
    String divergenceAdvice() {
      return "Lower the learning rate, e.g. learningRate(" + options.learningRate() / 10 + ") (it is " + options.learningRate()
          + "), and put the features on one scale with Features.standardize(...): a feature in the millions makes every step huge.";
    }
  }

  /**
   * Logistic regression fitted by L-BFGS to scikit-learn's objective: the log loss summed over
   * the training rows (each weighted by its sample weight) plus {@code ||W||² / 2C}, intercepts
   * unpenalised. Two classes fit one sigmoid, as scikit-learn does (the compiled softmax gives
   * the first class 0 weights); more classes fit the multinomial model. The result is the same
   * for any number of threads.
   *
   * <pre>{@code
   * Trainers.logisticRegression().c(0.1).maxIterations(500).tolerance(1e-6).threads(4)
   * }</pre>
   */
  public static final class Logistic extends Trainer {
    private final LogisticOptions options;

    private Logistic(LogisticOptions options) {
      this.options = options;
    }

    /**
     * The inverse strength of the L2 penalty, scikit-learn's {@code C}: smaller penalises the
     * weights more. 1 by default. The penalty does not grow with the rows, so on many rows
     * C = 1 barely regularises, as in scikit-learn.
     */
    public Logistic c(double c) {
      checkArgument(c > 0 && Double.isFinite(c),
          "c = %s; give a positive, finite inverse penalty strength (scikit-learn's C; 1 by default, smaller penalises more)", c);
      return new Logistic(options.withC(c));
    }

    /** L-BFGS iterations at most; 100 by default, as scikit-learn's {@code max_iter}. */
    public Logistic maxIterations(int iterations) {
      checkArgument(iterations >= 1, "maxIterations = %s; give at least 1 L-BFGS iteration (100 by default)", iterations);
      return new Logistic(options.withMaxIterations(iterations));
    }

    /**
     * L-BFGS stops once no entry of the objective's gradient exceeds this; 1e-4 by default, as
     * scikit-learn's {@code tol}. Like scipy, it also stops once an iteration lowers the
     * objective by a relative 2.2e-9 or less.
     */
    public Logistic tolerance(double tolerance) {
      checkArgument(tolerance > 0 && Double.isFinite(tolerance),
          "tolerance = %s; give a positive, finite gradient tolerance (1e-4 by default)", tolerance);
      return new Logistic(options.withTolerance(tolerance));
    }

    /**
     * The threads that evaluate the loss; the machine's processors by default. Not part of the
     * spec: the model is the same, bit for bit, for any count.
     */
    public Logistic threads(int threads) {
      checkArgument(threads >= 1, "threads = %s; give at least 1 thread (the machine's processors by default)", threads);
      return new Logistic(options.withThreads(threads));
    }

    @Override
    public String name() {
      return "logistic_regression";
    }

    @Override
    public Map<String, Object> spec() {
      return options.spec();
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      if (task != Task.CLASSIFICATION) {
        problems.add(name() + " is a classifier but target '" + target + "' makes this " + task
            + ". Use Trainers.linearSgd() for regression, or call .task(Task.CLASSIFICATION) on the pipeline builder to treat the target's values as classes.");
      }
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return LogisticTraining.train(data, options);
    }

    @Override
    boolean takesSampleWeights() {
      // Each row's log loss is multiplied by its weight, as scikit-learn's sample_weight.
      return true;
    }

    @Override
    String divergenceAdvice() {
      return "Put the features on one scale with Features.standardize(...), or lower c, e.g. c(" + options.c() / 10 + ") (it is "
          + options.c() + "), to penalise large weights more.";
    }
  }

  /**
   * Gradient-boosted trees (XGBoost's binary:logistic for two classes, one tree a round;
   * multi:softprob for more, one tree per class a round; squared error for regression), with
   * XGBoost's defaults.
   *
   * <pre>{@code
   * Trainers.xgboost().trees(200).eta(0.1).maxDepth(4).subsample(0.8)
   * }</pre>
   */
  public static final class XGBoost extends Trainer {
    private final XGBoostOptions options;
    /** XGBoost's {@code nthread}; not part of the spec, since the trees do not depend on it. */
    private final int threads;

    private XGBoost(XGBoostOptions options, int threads) {
      this.options = options;
      this.threads = threads;
    }

    private XGBoost with(XGBoostOptions changed) {
      return new XGBoost(changed, threads);
    }

    /** Boosting rounds; 100 by default. */
    public XGBoost trees(int trees) {
      checkArgument(trees >= 1, "trees = %s; boosting needs at least one round", trees);
      return with(options.withTrees(trees));
    }

    /** The learning rate (shrinkage); 0.3 by default. */
    public XGBoost eta(double eta) {
      checkArgument(eta > 0 && eta <= 1, "eta = %s; give a learning rate in (0, 1]", eta);
      return with(options.withEta(eta));
    }

    /** The deepest a leaf may be; 6 by default. */
    public XGBoost maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return with(options.withMaxDepth(maxDepth));
    }

    /** The least hessian weight a child may have (each row's hessian times its sample weight); 1 by default. */
    public XGBoost minChildWeight(double weight) {
      checkArgument(weight >= 0 && Double.isFinite(weight), "minChildWeight = %s; give a finite number, zero or more (1 by default)",
          weight);
      return with(options.withMinChildWeight(weight));
    }

    /** The share of rows each tree samples, in (0, 1]; 1 by default. */
    public XGBoost subsample(double share) {
      checkArgument(share > 0 && share <= 1, "subsample = %s; give a share in (0, 1]", share);
      return with(options.withSubsample(share));
    }

    /** The share of features each tree samples, in (0, 1]; 1 by default. */
    public XGBoost featureSubsample(double share) {
      checkArgument(share > 0 && share <= 1, "featureSubsample = %s; give a share in (0, 1]", share);
      return with(options.withFeatureSubsample(share));
    }

    /** The L2 penalty on leaf weights; 1 by default. */
    public XGBoost lambda(double lambda) {
      checkArgument(lambda >= 0 && Double.isFinite(lambda), "lambda = %s; give a finite L2 penalty, zero or more (1 by default)",
          lambda);
      return with(options.withLambda(lambda));
    }

    /** The L1 penalty on leaf weights; 0 by default. */
    public XGBoost alpha(double alpha) {
      checkArgument(alpha >= 0 && Double.isFinite(alpha), "alpha = %s; give a finite L1 penalty, zero or more (0 by default)",
          alpha);
      return with(options.withAlpha(alpha));
    }

    /** The seed of row and feature sampling; the pipeline's seed by default. */
    public XGBoost seed(long seed) {
      return with(options.withSeed(seed));
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
      return with(options.withEarlyStoppingRounds(rounds));
    }

    /**
     * The threads XGBoost trains with; all available processors by default. The trees are the
     * same for any number of threads (XGBoostEngineProperties checks it), so this is not part of
     * the spec and leaves the bundle id unchanged. XGBoost's OpenMP threads spin while they wait
     * for each other: where the cores are busy with other work (other fits, parallel tuning
     * trials), give {@code threads(1)}, or set {@code OMP_WAIT_POLICY=PASSIVE} in the environment.
     *
     * <pre>{@code
     * Trainers.xgboost().threads(2)
     * }</pre>
     */
    public XGBoost threads(int threads) {
      checkArgument(threads >= 1, "threads(%s): give the number of threads XGBoost may use, at least 1 (by default all %s processors)",
          threads, Runtime.getRuntime().availableProcessors());
      return new XGBoost(options, threads);
    }

    @Override
    public String name() {
      return "xgboost";
    }

    @Override
    public Map<String, Object> spec() {
      return options.spec();
    }

    @Override
    boolean stopsEarly() {
      return options.earlyStoppingRounds().isPresent();
    }

    @Override
    Stopped stopEarly(FittedPipeline fitted, TrainedModel trained, TrainingSet data, long pipelineSeed, Table validation) {
      return options.earlyStoppingRounds().isPresent()
          ? EarlyStopping.boosted(fitted, validation, options.earlyStoppingRounds().getAsInt())
          : super.stopEarly(fitted, trained, data, pipelineSeed, validation);
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      try {
        Class.forName("ml.dmlc.xgboost4j.java.XGBoost", false, Trainers.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        problems.add("xgboost needs XGBoost4J on the class path, and it is not there; add the dependency"
            + " ml.dmlc:xgboost4j_2.12:1.7.6, or choose Trainers.randomForest().");
      }
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return XGBoostTraining.train(data, options, threads, pipelineSeed);
    }

    @Override
    boolean takesSampleWeights() {
      // XGBoostTraining hands the weights to XGBoost's DMatrix.setWeight.
      return true;
    }

    @Override
    String divergenceAdvice() {
      return "Lower eta, e.g. eta(" + options.eta() / 10 + ") (it is " + options.eta() + "), or raise lambda(...) (it is "
          + options.lambda() + "), and put the features on one scale with Features.standardize(...).";
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
    private final ForestOptions options;
    private final int threads;

    private Forest(ForestOptions options, int threads) {
      this.options = options;
      this.threads = threads;
    }

    /** The number of trees; 100 by default. */
    public Forest trees(int trees) {
      checkArgument(trees >= 1, "trees = %s; a forest needs at least one tree", trees);
      return new Forest(options.withTrees(trees), threads);
    }

    /** The deepest a leaf may be; 10 by default. */
    public Forest maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return new Forest(options.withMaxDepth(maxDepth), threads);
    }

    /** The least total weight a child node may have: its rows, or the sum of their sample weights; 5 by default. */
    public Forest minChildWeight(double weight) {
      checkArgument(weight > 0 && Float.isFinite((float) weight), "minChildWeight = %s; give a positive, finite number of rows (5 by"
          + " default)", weight);
      return new Forest(options.withMinChildWeight((float) weight), threads);
    }

    /** The share of features each split may choose from, in (0, 1]; 0.5 by default. */
    public Forest featureFraction(double fraction) {
      checkArgument(fraction > 0 && fraction <= 1, "featureFraction = %s; give a share in (0, 1]", fraction);
      return new Forest(options.withFeatureFraction((float) fraction), threads);
    }

    /** The seed of the bootstrap samples and feature draws; the pipeline's seed by default. */
    public Forest seed(long seed) {
      return new Forest(options.withSeed(seed), threads);
    }

    /**
     * The threads that bin the features and grow the trees; all processors by default. Not
     * part of the spec: every thread count grows the same forest, bit for bit.
     */
    public Forest threads(int threads) {
      checkArgument(threads >= 1, "threads = %s; give at least 1 thread (e.g. Runtime.getRuntime().availableProcessors())", threads);
      return new Forest(options, threads);
    }

    @Override
    public String name() {
      return "random_forest";
    }

    @Override
    public Map<String, Object> spec() {
      return options.spec();
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      // Forests handle both tasks.
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TreeTraining.forest(data, options, pipelineSeed, threads);
    }

    @Override
    boolean takesSampleWeights() {
      // Each bootstrap sample is drawn uniformly, as in scikit-learn; each tree weighs its rows as cart() does.
      return true;
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
    private final CartOptions options;
    private final int threads;

    private Cart(CartOptions options, int threads) {
      this.options = options;
      this.threads = threads;
    }

    /** The deepest a leaf may be; 6 by default. */
    public Cart maxDepth(int maxDepth) {
      checkArgument(maxDepth >= 1, "maxDepth = %s; a tree needs depth >= 1", maxDepth);
      return new Cart(options.withMaxDepth(maxDepth), threads);
    }

    /** The least total weight a child node may have: its rows, or the sum of their sample weights; 5 by default. */
    public Cart minChildWeight(double weight) {
      checkArgument(weight > 0 && Float.isFinite((float) weight), "minChildWeight = %s; give a positive, finite number of rows (5 by"
          + " default)", weight);
      return new Cart(options.withMinChildWeight((float) weight), threads);
    }

    /**
     * A seed kept in the spec; the pipeline's seed by default. The tree does not depend on it:
     * every split chooses among all the features, and ties go to the lowest feature and threshold.
     */
    public Cart seed(long seed) {
      return new Cart(options.withSeed(seed), threads);
    }

    /**
     * The threads that bin the features; all processors by default. Not part of the spec:
     * every thread count grows the same tree, bit for bit.
     */
    public Cart threads(int threads) {
      checkArgument(threads >= 1, "threads = %s; give at least 1 thread (e.g. Runtime.getRuntime().availableProcessors())", threads);
      return new Cart(options, threads);
    }

    @Override
    public String name() {
      return "cart";
    }

    @Override
    public Map<String, Object> spec() {
      return options.spec();
    }

    @Override
    void check(Task task, String target, List<String> problems) {
      // CART handles both tasks.
    }

    @Override
    TrainedModel train(TrainingSet data, long pipelineSeed) {
      return TreeTraining.cart(data, options, threads);
    }

    @Override
    boolean takesSampleWeights() {
      // The histograms sum each row's weight into the class counts or target sums, the impurity, minChildWeight and the leaves.
      return true;
    }
  }
}
