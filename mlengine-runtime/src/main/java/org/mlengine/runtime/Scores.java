package org.mlengine.runtime;

import org.mlengine.runtime.internal.Targets;
import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;

/**
 * A fitted pipeline's output for the rows of a table: per row, the class probabilities
 * (classification) or the predicted value (regression).
 *
 * <pre>{@code
 * Scores scores = result.pipeline().score(newRows);
 * String label = scores.label(0);
 * double pBad = scores.probability(0, scores.classes().indexOf("bad"));
 * }</pre>
 */
public final class Scores {
  private final Task task;
  private final List<String> classes;
  private final double[][] rows;

  Scores(Task task, List<String> classes, double[][] rows) {
    this.task = task;
    this.classes = List.copyOf(classes);
    this.rows = rows;
  }

  /** Classification or regression. */
  public Task task() {
    return task;
  }

  /** The class labels in the order of the probability columns (empty for regression). */
  public List<String> classes() {
    return classes;
  }

  /** The number of rows scored. */
  public int size() {
    return rows.length;
  }

  /** The probability of class {@code classIndex} for a row (classification only). */
  public double probability(int row, int classIndex) {
    checkArgument(task == Task.CLASSIFICATION, "probability() is for classification; these scores are %s", task);
    return rows[row][classIndex];
  }

  /** A copy of the class probabilities for a row (classification only). */
  public double[] probabilities(int row) {
    checkArgument(task == Task.CLASSIFICATION, "probabilities() is for classification; these scores are %s", task);
    return rows[row].clone();
  }

  /** The most probable class of a row, the first in {@link #classes()} on ties (classification only). */
  public String label(int row) {
    checkArgument(task == Task.CLASSIFICATION, "label() is for classification; these scores are %s", task);
    double[] p = rows[row];
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return classes.get(best);
  }

  /** The predicted value of a row (regression only). */
  public double value(int row) {
    checkArgument(task == Task.REGRESSION, "value() is for regression; these scores are %s", task);
    return rows[row][0];
  }
}
