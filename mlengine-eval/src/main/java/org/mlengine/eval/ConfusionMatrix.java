package org.mlengine.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of (true label, predicted label) pairs, as scikit-learn's {@code confusion_matrix}:
 * row i is true label {@code labels().get(i)}, column j predicted label {@code labels().get(j)}.
 * Labels are sorted ascending unless given explicitly.
 *
 * <pre>{@code
 * ConfusionMatrix cm = MetricFunctions.confusionMatrix(new int[] {1, 1, 0, 0}, new int[] {1, 0, 0, 1});
 * cm.counts();          // [[1, 1], [1, 1]]
 * cm.truePositives();   // 1 (binary: labels [0, 1], 1 is positive)
 * }</pre>
 *
 * @param labels the labels, in row (and column) order
 * @param counts one row per true label, one column per predicted label
 */
public record ConfusionMatrix(List<Integer> labels, List<List<Long>> counts) {
  /**
   * Copies both lists into immutable ones and checks the shape.
   *
   * @throws IllegalArgumentException if the matrix is not square with one row per label, or a
   *     count is negative
   */
  public ConfusionMatrix {
    labels = List.copyOf(labels);
    List<List<Long>> rows = new ArrayList<>(counts.size());
    for (List<Long> row : counts) {
      rows.add(List.copyOf(row));
    }
    counts = List.copyOf(rows);
    Check.argument(
        counts.size() == labels.size(),
        "ConfusionMatrix: %d rows for %d labels; expected one row per label",
        counts.size(), labels.size());
    for (int i = 0; i < counts.size(); i++) {
      Check.argument(
          counts.get(i).size() == labels.size(),
          "ConfusionMatrix: row %d has %d columns for %d labels; expected one column per label",
          i, counts.get(i).size(), labels.size());
      for (long c : counts.get(i)) {
        Check.argument(c >= 0, "ConfusionMatrix: row %d has count %d; expected counts >= 0", i, c);
      }
    }
  }

  /** Builds the record from a count matrix the engine filled. */
  static ConfusionMatrix of(int[] labels, long[][] counts) {
    List<Integer> l = new ArrayList<>(labels.length);
    for (int label : labels) {
      l.add(label);
    }
    List<List<Long>> rows = new ArrayList<>(counts.length);
    for (long[] row : counts) {
      List<Long> r = new ArrayList<>(row.length);
      for (long c : row) {
        r.add(c);
      }
      rows.add(r);
    }
    return new ConfusionMatrix(l, rows);
  }

  /**
   * The count at one position.
   *
   * @param row the position of the true label in {@link #labels()}
   * @param column the position of the predicted label in {@link #labels()}
   * @return how many rows had that true and that predicted label
   */
  public long count(int row, int column) {
    return counts.get(row).get(column);
  }

  /**
   * The number of rows counted.
   *
   * @return the sum of all counts
   */
  public long total() {
    long sum = 0;
    for (List<Long> row : counts) {
      for (long c : row) {
        sum += c;
      }
    }
    return sum;
  }

  /**
   * Binary only: true label = second label, predicted = second label.
   *
   * @return tp, as sklearn's {@code confusion_matrix(...).ravel()[3]}
   * @throws IllegalStateException if there are not exactly two labels
   */
  public long truePositives() {
    return binary("truePositives", 1, 1);
  }

  /**
   * Binary only: true = first label, predicted = second label.
   *
   * @return fp
   * @throws IllegalStateException if there are not exactly two labels
   */
  public long falsePositives() {
    return binary("falsePositives", 0, 1);
  }

  /**
   * Binary only: true = second label, predicted = first label.
   *
   * @return fn
   * @throws IllegalStateException if there are not exactly two labels
   */
  public long falseNegatives() {
    return binary("falseNegatives", 1, 0);
  }

  /**
   * Binary only: true = first label, predicted = first label.
   *
   * @return tn
   * @throws IllegalStateException if there are not exactly two labels
   */
  public long trueNegatives() {
    return binary("trueNegatives", 0, 0);
  }

  private long binary(String what, int row, int column) {
    if (labels.size() != 2) {
      throw new IllegalStateException(
          String.format(
              java.util.Locale.ROOT,
              "ConfusionMatrix.%s: the matrix has %d labels %s; expected 2 (negative, positive) — "
                  + "use count(row, column) for more than two classes",
              what, labels.size(), labels));
    }
    return count(row, column);
  }
}
