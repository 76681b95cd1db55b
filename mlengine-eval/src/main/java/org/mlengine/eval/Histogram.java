package org.mlengine.eval;

import java.util.List;

/**
 * Counts (or shares) per bin or category, the input of the histogram drift measures in
 * {@link Drift}: PSI, Jensen–Shannon, Hellinger, L∞, total variation and the chi-square and G
 * goodness-of-fit tests. Two histograms compared with each other must list the same bins in the
 * same order. The distances normalize each histogram to shares; the tests need counts.
 *
 * <pre>{@code
 * Histogram reference = Histogram.of(500, 300, 200);
 * Histogram current = Histogram.of(220, 160, 120);
 * Drift.chiSquare(reference, current).pValue();     // 0.016
 * Drift.jensenShannon(reference, current);
 * }</pre>
 *
 * @param counts the count or share of each bin: finite, ≥ 0, with a positive total
 */
public record Histogram(List<Double> counts) {
  /**
   * Copies the counts into an immutable list and checks them.
   *
   * @throws IllegalArgumentException if there is no bin, a count is negative, NaN or infinite,
   *     or every count is 0
   */
  public Histogram {
    counts = List.copyOf(counts);
    Check.argument(
        !counts.isEmpty(), "Histogram: no bins; expected at least one count — one per bin");
    double total = 0.0;
    for (int i = 0; i < counts.size(); i++) {
      double c = counts.get(i);
      Check.argument(
          Double.isFinite(c) && c >= 0.0,
          "Histogram: bin %d has count %s; expected a finite count >= 0",
          i, c);
      total += c;
    }
    Check.argument(
        total > 0.0,
        "Histogram: every bin is 0; expected a positive total — a histogram of no rows has no "
            + "shares");
  }

  /**
   * A histogram of the given counts or shares.
   *
   * @param counts one value per bin
   * @return the histogram
   * @throws IllegalArgumentException as the constructor
   */
  public static Histogram of(double... counts) {
    Check.notNull(counts, "Histogram", "counts", "one count per bin");
    return new Histogram(Lists.of(counts));
  }

  /**
   * The number of bins.
   *
   * @return the number of counts
   */
  public int bins() {
    return counts.size();
  }

  /**
   * Each bin's share of the total.
   *
   * @return counts divided by their sum, in bin order
   */
  public List<Double> shares() {
    return Lists.of(shareArray());
  }

  double[] countArray() {
    return Lists.toArray(counts);
  }

  double[] shareArray() {
    double[] c = countArray();
    double total = Sums.sum(c);
    double[] s = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      s[i] = c[i] / total;
    }
    return s;
  }
}
