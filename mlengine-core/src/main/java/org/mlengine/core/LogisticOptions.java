package org.mlengine.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@link Trainers.Logistic}; each {@code withX} returns a copy with only that
 * option changed, and the option methods of {@link Trainers.Logistic} check the values.
 *
 * @param c the inverse strength of the L2 penalty, scikit-learn's {@code C}: the objective is
 *     the summed log loss plus {@code ||W||² / 2C}
 * @param maxIterations L-BFGS iterations at most
 * @param tolerance the largest gradient entry at which L-BFGS stops
 * @param threads the threads that evaluate the loss; not part of the spec, since the result is
 *     the same for any count
 */
record LogisticOptions(double c, int maxIterations, double tolerance, int threads) {
  /** scikit-learn's {@code LogisticRegression()}: C = 1, max_iter = 100, tol = 1e-4. */
  static final LogisticOptions DEFAULTS = new LogisticOptions(
      1.0,                                          // c
      100,                                          // maxIterations
      1e-4,                                         // tolerance
      Runtime.getRuntime().availableProcessors());  // threads

  LogisticOptions withC(double c) {
    return new LogisticOptions(c, maxIterations, tolerance, threads);
  }

  LogisticOptions withMaxIterations(int maxIterations) {
    return new LogisticOptions(c, maxIterations, tolerance, threads);
  }

  LogisticOptions withTolerance(double tolerance) {
    return new LogisticOptions(c, maxIterations, tolerance, threads);
  }

  LogisticOptions withThreads(int threads) {
    return new LogisticOptions(c, maxIterations, tolerance, threads);
  }

  /** The spec's trainer options (threads left out); the key order and number types are part of every bundle's id. */
  Map<String, Object> spec() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("c", c);
    out.put("maxIterations", maxIterations);
    out.put("tolerance", tolerance);
    return out;
  }
}
