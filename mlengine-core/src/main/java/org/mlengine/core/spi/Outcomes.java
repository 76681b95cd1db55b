package org.mlengine.core.spi;

import org.apiguardian.api.API;
import org.mlengine.runtime.Scores;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.Targets;
import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * True targets beside a model's predictions for the same rows: what a {@link Metric}
 * evaluates. For classification, the classes, each row's true class index and the predicted
 * probability of every class; for regression, the true and predicted values.
 *
 * <pre>{@code
 * Outcomes o = Outcomes.classification(List.of("bad", "good"),
 *     new int[] {0, 1}, new double[][] {{0.8, 0.2}, {0.3, 0.7}});
 * double accuracy = Metrics.accuracy().evaluate(o);
 * }</pre>
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public final class Outcomes {
  private final Task task;
  private final ImmutableList<String> classes;
  private final int[] trueClasses;
  private final double[][] probabilities;
  private final double[] actual;
  private final double[] predicted;
  /** What metrics derived from these outcomes, by key ({@link #derived}); made on first use. */
  private volatile Map<Object, Object> derived;

  private Outcomes(Task task, List<String> classes, int[] trueClasses, double[][] probabilities, double[] actual, double[] predicted) {
    this.task = task;
    this.classes = ImmutableList.copyOf(classes);
    this.trueClasses = trueClasses;
    this.probabilities = probabilities;
    this.actual = actual;
    this.predicted = predicted;
  }

  /**
   * Classification outcomes.
   *
   * @param classes the class labels; indices below refer to this list
   * @param trueClasses each row's true class index
   * @param probabilities each row's predicted probability per class (rows sum to 1)
   */
  public static Outcomes classification(List<String> classes, int[] trueClasses, double[][] probabilities) {
    return classification(classes, trueClasses, probabilities, true);
  }

  /**
   * Classification outcomes that keep the rows of {@code probabilities} instead of copying each
   * one, checked as {@link #classification(List, int[], double[][])} checks them: for a caller
   * that made the rows itself and never changes them (one array may serve many rows, as a
   * baseline's constant probabilities do). The held-out part of a 1M-row fit has 200,000 rows
   * (#15).
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public static Outcomes classificationOfOwnRows(List<String> classes, int[] trueClasses, double[][] probabilities) {
    return classification(classes, trueClasses, probabilities, false);
  }

  private static Outcomes classification(List<String> classes, int[] trueClasses, double[][] probabilities, boolean copyRows) {
    checkArgument(classes.size() >= 2, "classification needs at least two classes, got %s", classes);
    checkArgument(
        trueClasses.length == probabilities.length,
        "%s true classes but %s probability rows; give one of each per row",
        trueClasses.length,
        probabilities.length);
    double[][] p = new double[probabilities.length][];
    int k = classes.size();
    for (int i = 0; i < p.length; i++) {
      // The conditions first: the message's arguments are boxed only for a row that fails (#15).
      if (probabilities[i].length != k) {
        checkArgument(false, "row %s has %s probabilities for %s classes", i, probabilities[i].length, k);
      }
      if (trueClasses[i] < 0 || trueClasses[i] >= k) {
        checkArgument(false, "row %s has true class index %s; expected 0..%s", i, trueClasses[i], k - 1);
      }
      p[i] = copyRows ? probabilities[i].clone() : probabilities[i];
    }
    return new Outcomes(Task.CLASSIFICATION, classes, trueClasses.clone(), p, null, null);
  }

  /** Regression outcomes: true and predicted values, one of each per row. */
  public static Outcomes regression(double[] actual, double[] predicted) {
    checkArgument(
        actual.length == predicted.length,
        "%s true values but %s predictions; give one of each per row",
        actual.length,
        predicted.length);
    return new Outcomes(Task.REGRESSION, ImmutableList.of(), null, null, actual.clone(), predicted.clone());
  }

  /** The outcomes of these rows, in this order (an index may repeat), for resampling. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Outcomes rows(int[] indices) {
    if (task == Task.REGRESSION) {
      double[] a = new double[indices.length];
      double[] p = new double[indices.length];
      for (int i = 0; i < indices.length; i++) {
        a[i] = actual[indices[i]];
        p[i] = predicted[indices[i]];
      }
      return new Outcomes(task, classes, null, null, a, p);
    }
    int[] t = new int[indices.length];
    double[][] p = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      t[i] = trueClasses[indices[i]];
      p[i] = probabilities[indices[i]];
    }
    return new Outcomes(task, classes, t, p, null, null);
  }

  /** Classification or regression. */
  public Task task() {
    return task;
  }

  /** The number of rows. */
  public int size() {
    return task == Task.CLASSIFICATION ? trueClasses.length : actual.length;
  }

  /** The class labels (classification only). */
  public List<String> classes() {
    return classes;
  }

  /** Each row's true class index (classification only). */
  public int[] trueClasses() {
    requireTask(Task.CLASSIFICATION);
    return trueClasses.clone();
  }

  /** Each row's predicted class index: the most probable class, the first on ties. */
  public int[] predictedClasses() {
    requireTask(Task.CLASSIFICATION);
    int[] out = new int[trueClasses.length];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int c = 1; c < classes.size(); c++) {
        if (probabilities[i][c] > probabilities[i][best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** Each row's predicted probability of one class (classification only). */
  public double[] probabilities(int classIndex) {
    requireTask(Task.CLASSIFICATION);
    double[] out = new double[trueClasses.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = probabilities[i][classIndex];
    }
    return out;
  }

  /** Each row's true value (regression only). */
  public double[] actualValues() {
    requireTask(Task.REGRESSION);
    return actual.clone();
  }

  /** Each row's predicted value (regression only). */
  public double[] predictedValues() {
    requireTask(Task.REGRESSION);
    return predicted.clone();
  }

  /**
   * What {@code compute} derives from these outcomes, computed once per {@code key} and kept as
   * long as these outcomes are: an evaluation asks for the same model outcomes' DeLong components
   * for its interval and again for every baseline's paired test (#15). {@code compute} must depend
   * on nothing but these outcomes (they are immutable), so the kept value is what it would return
   * again; what it throws is thrown to every caller and nothing is kept.
   */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public <T> T derived(Object key, Function<Outcomes, T> compute) {
    Map<Object, Object> values = derived;
    if (values == null) {
      synchronized (this) {
        values = derived;
        if (values == null) {
          values = new ConcurrentHashMap<>(4);
          derived = values;
        }
      }
    }
    @SuppressWarnings("unchecked")
    T value = (T) values.computeIfAbsent(key, k -> compute.apply(this));
    return value;
  }

  private void requireTask(Task expected) {
    checkArgument(task == expected, "these outcomes are %s; this needs %s outcomes", task, expected);
  }

  /** Scores beside the true targets of the same rows, for metrics. */
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public static Outcomes of(Scores scores, Table table, String target) {
    int n = scores.size();
    if (scores.task() == Task.REGRESSION) {
      double[] predicted = new double[n];
      for (int i = 0; i < n; i++) {
        predicted[i] = scores.value(i);
      }
      return regression(table.numericColumn(target), predicted);
    }
    List<String> classes = scores.classes();
    String[] labels = Targets.labels(table, target);
    int[] truth = new int[labels.length];
    double[][] rows = new double[n][];
    for (int i = 0; i < labels.length; i++) {
      truth[i] = classes.indexOf(labels[i]);
      if (truth[i] >= 0) {
        continue;
      }
      checkArgument(
          false,
          "held-out row %s has class '%s', which the training part never had (classes %s); use Split.stratified so every class is in training",
          i,
          labels[i],
          classes);
    }
    for (int i = 0; i < n; i++) {
      rows[i] = scores.probabilities(i);   // a copy already
    }
    return classificationOfOwnRows(classes, truth, rows);
  }
}
