package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Task;

/**
 * The arithmetic of mean (target) encoding, as scikit-learn's {@code TargetEncoder}: per
 * category, the target mean shrunk towards the prior, with fixed smoothing
 * {@code (S + m·prior) / (n + m)} or empirical-Bayes ("auto") smoothing
 * {@code λ·mean + (1 − λ)·prior} with {@code λ = n·τ² / (n·τ² + SS/n)}.
 */
final class TargetStatistics {
  private TargetStatistics() {}

  /** Smoothing strength meaning "auto" (empirical Bayes). */
  static final double AUTO = Double.NaN;

  /**
   * The encoded targets of the training rows: one row of values per encoded output.
   *
   * @param classes the classes whose probability is encoded ({@code [classes().get(1)]} for a
   *     binary target, every class for more than two, empty for regression)
   * @param y {@code y[k][r]}: for classification 1.0 when row r has {@code classes.get(k)}, else
   *     0.0; for regression the target value ({@code k = 0})
   */
  record Targets(List<String> classes, double[][] y) {}

  /** Reads the targets the encoding learns from. */
  static Targets targets(FitContext context) {
    if (context.task() == Task.REGRESSION) {
      double[] y = context.targetValues();
      for (int r = 0; r < y.length; r++) {
        if (Double.isNaN(y[r])) {
          throw new IllegalArgumentException(
              "target '" + context.target() + "' is missing at row " + r + "; drop rows without a label before fitting");
        }
      }
      return new Targets(ImmutableList.of(), new double[][] {y});
    }
    List<String> classes = context.classes();
    int[] index = context.classIndices();
    if (classes.size() <= 2) {
      int positive = classes.size() - 1;
      double[] y = new double[index.length];
      for (int r = 0; r < y.length; r++) {
        y[r] = index[r] == positive ? 1.0 : 0.0;
      }
      return new Targets(ImmutableList.of(classes.get(positive)), new double[][] {y});
    }
    double[][] y = new double[classes.size()][index.length];
    for (int r = 0; r < index.length; r++) {
      y[index[r]][r] = 1.0;
    }
    return new Targets(ImmutableList.copyOf(classes), y);
  }

  /**
   * Encodings learned from some rows.
   *
   * @param prior the mean of each target over the rows (the encoding of an unseen category)
   * @param encodings each category's encoded values
   */
  record Fit(double[] prior, Map<String, double[]> encodings) {
    /** The values of one category; the prior for a missing or unseen one. */
    double[] encode(String category) {
      double[] e = category == null ? null : encodings.get(category);
      return e == null ? prior : e;
    }
  }

  /**
   * Learns the encodings from the given rows only.
   *
   * @param categories each row's category ({@code null} when missing: it counts towards the
   *     prior but no category)
   * @param y the targets, {@code y[k][r]}
   * @param rows the rows to learn from; not empty
   * @param smoothing m for fixed smoothing, or {@link #AUTO}
   */
  static Fit fit(String[] categories, double[][] y, int[] rows, double smoothing) {
    int width = y.length;
    double[] prior = means(y, rows);
    Map<String, Integer> index = new HashMap<>();
    List<double[]> sums = new java.util.ArrayList<>();
    List<int[]> counts = new java.util.ArrayList<>();
    for (int r : rows) {
      String c = categories[r];
      if (c == null) {
        continue;
      }
      Integer at = index.get(c);
      if (at == null) {
        at = sums.size();
        index.put(c, at);
        sums.add(new double[width]);
        counts.add(new int[1]);
      }
      counts.get(at)[0]++;
      double[] s = sums.get(at);
      for (int k = 0; k < width; k++) {
        s[k] += y[k][r];
      }
    }
    boolean auto = Double.isNaN(smoothing);
    double[] variance = auto ? variances(y, rows, prior) : null;
    double[][] squares = auto ? squaresWithin(categories, y, rows, index, sums, counts) : null;
    Map<String, double[]> encodings = new HashMap<>();
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      int at = e.getValue();
      int count = counts.get(at)[0];
      double[] sum = sums.get(at);
      double[] enc = new double[width];
      for (int k = 0; k < width; k++) {
        if (auto) {
          double lambda = count * variance[k] / (count * variance[k] + squares[at][k] / count);
          enc[k] = Double.isNaN(lambda) ? prior[k] : lambda * (sum[k] / count) + (1 - lambda) * prior[k];
        } else {
          enc[k] = (sum[k] + smoothing * prior[k]) / (count + smoothing);
        }
      }
      encodings.put(e.getKey(), enc);
    }
    return new Fit(prior, encodings);
  }

  /** The mean of each target over the rows. */
  private static double[] means(double[][] y, int[] rows) {
    double[] out = new double[y.length];
    for (int k = 0; k < y.length; k++) {
      double sum = 0;
      for (int r : rows) {
        sum += y[k][r];
      }
      out[k] = sum / rows.length;
    }
    return out;
  }

  /** The population variance of each target over the rows, around its mean {@code prior}. */
  private static double[] variances(double[][] y, int[] rows, double[] prior) {
    double[] out = new double[y.length];
    for (int k = 0; k < y.length; k++) {
      double ss = 0;
      for (int r : rows) {
        double d = y[k][r] - prior[k];
        ss += d * d;
      }
      out[k] = ss / rows.length;
    }
    return out;
  }

  /** Per category (by index) and target, the sum of squared deviations from the category's mean. */
  private static double[][] squaresWithin(String[] categories, double[][] y, int[] rows, Map<String, Integer> index,
      List<double[]> sums, List<int[]> counts) {
    double[][] squares = new double[sums.size()][y.length];
    for (int r : rows) {
      String c = categories[r];
      if (c == null) {
        continue;
      }
      int at = index.get(c);
      for (int k = 0; k < y.length; k++) {
        double d = y[k][r] - sums.get(at)[k] / counts.get(at)[0];
        squares[at][k] += d * d;
      }
    }
    return squares;
  }

  /**
   * Learns weight-of-evidence values from the given rows only, with category_encoders' formula
   * {@code ln[((pos_c + r) / (P + 2r)) / ((neg_c + r) / (N + 2r))]}, P and N the positive and
   * negative rows among {@code rows} (missing categories included). Singletons keep their value
   * (category_encoders sets them to 0); the value of a missing or unseen category is 0.
   *
   * @param positive 1.0 for a row of the positive class, else 0.0
   * @param r the regularization, &gt; 0
   */
  static Fit weightOfEvidence(String[] categories, double[] positive, int[] rows, double r) {
    double positives = 0;
    for (int row : rows) {
      positives += positive[row];
    }
    double allPositive = positives;
    double allNegative = rows.length - positives;
    Map<String, double[]> counts = new HashMap<>(); // category -> {positives, rows}
    for (int row : rows) {
      String c = categories[row];
      if (c != null) {
        double[] count = counts.computeIfAbsent(c, k -> new double[2]);
        count[0] += positive[row];
        count[1]++;
      }
    }
    Map<String, double[]> encodings = new HashMap<>();
    counts.forEach((category, count) -> {
      double pos = count[0];
      double neg = count[1] - pos;
      // the same ratio as one division, which keeps e.g. ln 1.5 exact when the counts are whole
      double woe = Math.log(((pos + r) * (allNegative + 2 * r)) / ((neg + r) * (allPositive + 2 * r)));
      encodings.put(category, new double[] {woe});
    });
    return new Fit(new double[] {0.0}, encodings);
  }
}
