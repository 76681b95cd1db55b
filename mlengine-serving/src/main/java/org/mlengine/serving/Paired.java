package org.mlengine.serving;

/**
 * A champion's and a challenger's answers to the same labelled requests, tested: a classifier's
 * accuracy by McNemar's χ² (no continuity correction), a regression's MAE by the paired t-test
 * of the absolute errors' differences. {@link Feedback#compare} says why these tests.
 */
final class Paired {
  static final String MCNEMAR = "mcnemar";
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
        MCNEMAR, mcnemar(classified, onlyChampion, onlyChallenger));
  }

  /** McNemar's χ² = (b − c)² / (b + c) on 1 degree of freedom; 1 when the models never disagree on rightness. */
  static double mcnemar(long n, long b, long c) {
    if (n == 0) {
      return Double.NaN;
    }
    if (b + c == 0) {
      return 1.0;
    }
    double d = b - c;
    return Stats.chiSquareSf(d * d / (b + c), 1);
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
    return 2 * Stats.studentTSf(Math.abs(mean / sem), n - 1);
  }
}
