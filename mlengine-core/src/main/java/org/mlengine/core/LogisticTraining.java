package org.mlengine.core;

import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.LinearModel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mlengine.core.internal.DaemonThreads;

/**
 * Trains {@link Trainers#logisticRegression()}: scikit-learn's objective ({@link LogisticLoss})
 * minimised by L-BFGS ({@link Lbfgs}) from all-zero parameters, compiled to a {@link LinearModel}.
 */
final class LogisticTraining {
  /** The correction pairs L-BFGS keeps: scipy's default m = 10, which scikit-learn leaves as is. */
  static final int CORRECTIONS = 10;
  /**
   * scipy's default relative-reduction stop, factr = 1e7 times machine epsilon (about 2.2e-9),
   * which scikit-learn leaves as is: on many rows it, not the gradient tolerance, ends the run.
   */
  static final double SCIPY_RELATIVE_REDUCTION = 1e7 * Math.ulp(1.0);

  private LogisticTraining() {}

  /** A fit: the compiled model, the parameters L-BFGS reached, how it ended, and the objective (for its probabilities). */
  record Fit(LinearModel model, double[] parameters, Lbfgs.Result result, LogisticLoss loss) {}

  static Trainer.TrainedModel train(Trainer.TrainingSet data, LogisticOptions options) {
    Fit fit = fit(data, options, SCIPY_RELATIVE_REDUCTION);
    return new Trainer.TrainedModel(fit.model(), null, warnings(fit.result(), options));
  }

  /**
   * What the result should say about how L-BFGS ended, as scikit-learn's ConvergenceWarning
   * does: nothing when it converged, else that the model may be far from the optimum and what to
   * change.
   */
  static java.util.List<String> warnings(Lbfgs.Result result, LogisticOptions options) {
    if (result.stop() == Lbfgs.Stop.MAX_ITERATIONS) {
      return java.util.List.of("logistic_regression stopped after maxIterations = " + options.maxIterations() + " L-BFGS iterations"
          + " without converging (largest gradient entry above tolerance " + options.tolerance() + "), so the model may be far from"
          + " the optimum. Put the features on one scale with Features.standardize(...), or raise maxIterations(...).");
    }
    if (result.stop() == Lbfgs.Stop.LINE_SEARCH && result.iterations() == 0) {
      return java.util.List.of("logistic_regression's line search found no step that lowers the loss from the all-zero model, so"
          + " the model predicts the same for every row. Put the features on one scale with Features.standardize(...), or clip"
          + " extreme values with Features.clip(...).");
    }
    return java.util.List.of();
  }

  /**
   * Fits with the given relative-reduction stop (0: only the gradient tolerance and the
   * iteration limit stop the run, for tests that need the optimum itself).
   */
  static Fit fit(Trainer.TrainingSet data, LogisticOptions options, double relativeReduction) {
    int classes = data.classes().size();
    int features = data.featureNames().size();
    int threads = Math.min(options.threads(), LogisticLoss.chunkCount(data.features().rows));
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, DaemonThreads.named("mlengine-logistic")) : null;
    try {
      LogisticLoss loss = new LogisticLoss(data.features(), data.classIndices(), classes, data.weights(), features, options.c(), pool);
      Lbfgs.Result result = new Lbfgs(CORRECTIONS, options.tolerance(), relativeReduction, options.maxIterations())
          .minimize(loss, new double[loss.dimension()]);
      return new Fit(compile(result.x(), loss.outputs(), classes, features), result.x(), result, loss);
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The parameters as softmax weights per class: with two classes the sigmoid's weights are
   * class 1's and class 0's are 0 (softmax(0, z) is the sigmoid of z).
   */
  private static LinearModel compile(double[] x, int outputs, int classes, int features) {
    double[][] weights = new double[classes][features];
    double[] bias = new double[classes];
    int first = classes - outputs;
    for (int o = 0; o < outputs; o++) {
      System.arraycopy(x, o * (features + 1), weights[first + o], 0, features);
      bias[first + o] = x[o * (features + 1) + features];
    }
    return new LinearModel(Task.CLASSIFICATION, weights, bias);
  }
}
