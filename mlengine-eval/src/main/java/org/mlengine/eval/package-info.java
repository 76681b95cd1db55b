/**
 * Metrics that match scikit-learn, behind one front door.
 *
 * <p><b>API:</b> {@link org.mlengine.eval.Metrics} is the only public type. Its factories
 * ({@code accuracy()}, {@code rocAuc()}, {@code logLoss()}, {@code rmse()}, {@code mae()}) return
 * {@link org.mlengine.core.Metric} objects for a pipeline or for held-out
 * {@link org.mlengine.core.Outcomes}; its static functions of the same names compute the same
 * values on plain arrays. Everything else in this package is engine and package-private.
 *
 * <pre>{@code
 * double auc = Metrics.rocAuc().evaluate(outcomes);
 * double same = Metrics.rocAuc(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}); // 0.75
 * }</pre>
 */
package org.mlengine.eval;
