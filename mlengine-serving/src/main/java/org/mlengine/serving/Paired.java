package org.mlengine.serving;

import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * A champion's and a challenger's answers to the same labelled requests, tested: a classifier's
 * accuracy by McNemar's test (exact binomial below {@value #EXACT_BELOW} discordant pairs, χ²
 * without continuity correction from there on), a regression's MAE by the paired t-test
 * of the absolute errors' differences. {@link Feedback#compare} says why these tests.
 */
final class Paired {
  static final String MCNEMAR = "mcnemar";
  static final String MCNEMAR_EXACT = "mcnemar_exact";
  /** Below this many discordant pairs χ²(1) is a poor fit (b = 4, c = 0: 0.046 against the exact 0.125). */
  static final long EXACT_BELOW = 25;
  static final String PAIRED_T = "paired_t";

  private long classified;
  private long championRight;
  private long challengerRight;
  /** Requests where only the champion was right. */
  private long onlyChampion;
  /** Requests where only the challenger was right. */
  private long onlyChallenger;
  private final OnlineScores.Values championErrors = new OnlineScores.Values();
  private final OnlineScores.Values differences = new OnlineScores.Values();

  /** Adds one request both answered, with its truth (a class label, or a value and null label). */
  void add(LoggedPrediction champion, LoggedPrediction challenger, String label, double value) {
    if (label != null && !champion.probabilities().isEmpty()) {
      boolean a = label.equals(champion.label().orElse(null));
      boolean b = label.equals(challenger.label().orElse(null));
      classified++;
      championRight += a ? 1 : 0;
      challengerRight += b ? 1 : 0;
      onlyChampion += a && !b ? 1 : 0;
      onlyChallenger += b && !a ? 1 : 0;
    } else if (label == null && Double.isFinite(champion.value()) && Double.isFinite(challenger.value())) {
      double a = Math.abs(champion.value() - value);
      double b = Math.abs(challenger.value() - value);
      championErrors.add(a);
      differences.add(b - a);
    }
  }

  Comparison comparison(String champion, String challenger) {
    if (differences.size > 0 && classified == 0) {
      int n = differences.size;
      double championMae = OnlineScores.sum(championErrors.toArray()) / n;
      double meanDifference = OnlineScores.sum(differences.toArray()) / n;
      return new Comparison(champion, challenger, "mae", false, n, championMae, championMae + meanDifference, PAIRED_T,
          pairedT(differences.toArray(), meanDifference));
    }
    double n = classified;
    return new Comparison(champion, challenger, "accuracy", true, classified, championRight / n, challengerRight / n,
        onlyChampion + onlyChallenger < EXACT_BELOW ? MCNEMAR_EXACT : MCNEMAR,
        mcnemar(classified, onlyChampion, onlyChallenger));
  }

  /**
   * McNemar's two-sided p of n requests, b where only the champion and c where only the challenger
   * was right: exact below {@value #EXACT_BELOW} discordant pairs, else χ²(1) of (b − c)² / (b + c);
   * 1 when the models never disagree on rightness, NaN with no request.
   */
  static double mcnemar(long n, long b, long c) {
    if (n == 0) {
      return Double.NaN;
    }
    if (b + c == 0) {
      return 1.0;
    }
    if (b + c < EXACT_BELOW) {
      return mcnemarExact(b, c);
    }
    double d = b - c;
    return SpecialFunctions.chiSquareSf(d * d / (b + c), 1);
  }

  /**
   * The exact (binomial) McNemar p: min(1, 2 P[X ≤ min(b, c)]) with X ~ Bin(b + c, ½), as SciPy's
   * {@code binomtest(min(b, c), b + c).pvalue} and statsmodels' {@code mcnemar(exact=True)}.
   */
  static double mcnemarExact(long b, long c) {
    long m = b + c;
    if (m == 0) {
      return 1.0;
    }
    long k = Math.min(b, c);
    double logHalf = m * Math.log(0.5);
    double tail = 0;
    double logChoose = 0;   // ln C(m, 0)
    for (long i = 0; i <= k; i++) {
      tail += Math.exp(logChoose + logHalf);
      logChoose += Math.log((double) (m - i) / (i + 1));
    }
    return Math.min(1.0, 2 * tail);
  }

  /** Two-sided p of mean(d) = 0 by Student's t with n − 1 degrees of freedom, as SciPy's ttest_rel. */
  static double pairedT(double[] d, double mean) {
    int n = d.length;
    if (n < 2) {
      return Double.NaN;
    }
    double sem = Math.sqrt(OnlineScores.variance(d, mean)) / Math.sqrt(n);
    if (sem == 0) {
      return mean == 0 ? 1.0 : 0.0;
    }
    return 2 * SpecialFunctions.studentTSf(Math.abs(mean / sem), n - 1);
  }
}
