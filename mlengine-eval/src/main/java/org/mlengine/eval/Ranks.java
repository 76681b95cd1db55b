package org.mlengine.eval;

import java.util.Arrays;

/**
 * DCG and nDCG as scikit-learn 1.2's {@code _dcg_sample_scores}, {@code _tie_averaged_dcg} and
 * {@code _ndcg_sample_scores}: linear gain (the relevance itself), discount
 * 1/log_base(rank + 1), zero past rank k; tied scores share the mean gain of their group times
 * the sum of the group's discounts (McSherry and Najork 2008). Rows may differ in length.
 */
final class Ranks {
  private Ranks() {}

  /** The discount of each of n ranks, zero past k: 1 / (ln(i + 2) / ln(base)). */
  static double[] discounts(int n, Ranking ranking) {
    double lnBase = Math.log(ranking.logBase());
    double[] d = new double[n];
    int k = ranking.k().orElse(n);
    for (int i = 0; i < n; i++) {
      d[i] = i < k ? 1.0 / (Math.log(i + 2) / lnBase) : 0.0;
    }
    return d;
  }

  /** DCG of one row. */
  static double dcg(double[] relevance, double[] score, Ranking ranking) {
    double[] discount = discounts(relevance.length, ranking);
    if (ranking.ignoreTies()) {
      int[] order = descendingTiesReversed(score);
      double sum = 0.0;
      for (int i = 0; i < order.length; i++) {
        sum += discount[i] * relevance[order[i]];
      }
      return sum;
    }
    return tieAveraged(relevance, score, Curves.cumsum(discount));
  }

  /** nDCG of one row: DCG over the DCG of the ideal order; 0 when every relevance is 0. */
  static double ndcg(double[] relevance, double[] score, Ranking ranking) {
    double gain = dcg(relevance, score, ranking);
    double ideal = dcg(relevance, relevance, ranking.withIgnoreTies(true));
    return ideal == 0.0 ? 0.0 : gain / ideal;
  }

  /**
   * NumPy's {@code argsort(score)[::-1]} for short rows: stable ascending, reversed — so
   * descending, and among ties the later row first.
   */
  private static int[] descendingTiesReversed(double[] score) {
    Integer[] idx = new Integer[score.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Ties.compare(score[a], score[b]));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = idx[idx.length - 1 - i];
    }
    return out;
  }

  /** sklearn's {@code _tie_averaged_dcg}. */
  private static double tieAveraged(double[] relevance, double[] score, double[] discountCumsum) {
    // Groups of equal score, by descending score (np.unique(-score)); -0.0 and 0.0 are one.
    double[] distinct = Ties.canonical(score);
    for (int i = 0; i < distinct.length; i++) {
      distinct[i] = -distinct[i];
    }
    Arrays.sort(distinct);
    int groups = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (i == 0 || Double.compare(distinct[i], distinct[i - 1]) != 0) {
        distinct[groups++] = distinct[i];
      }
    }
    double[] ranked = new double[groups];
    long[] counts = new long[groups];
    for (int i = 0; i < score.length; i++) {
      int g = Arrays.binarySearch(distinct, 0, groups, -Ties.canonical(score[i]));
      ranked[g] += relevance[i];
      counts[g]++;
    }
    double[] terms = new double[groups];
    long end = -1;
    double previous = 0.0;
    for (int g = 0; g < groups; g++) {
      ranked[g] /= counts[g];
      end += counts[g];
      double cumulative = discountCumsum[(int) end];
      double discountSum = g == 0 ? cumulative : cumulative - previous;
      previous = cumulative;
      terms[g] = ranked[g] * discountSum;
    }
    return Sums.sum(terms);
  }

  /** Same-shaped, non-empty, finite queries; for nDCG also relevances of at least 0. */
  static void check(
      String metric, double[][] relevance, double[][] scores, Ranking ranking, boolean ndcg) {
    Check.notNull(
        relevance, metric, "relevance", "a double[][] with one row of relevances per query");
    Check.notNull(scores, metric, "scores", "a double[][] with one row of scores per query");
    Check.notNull(ranking, metric, "ranking", "Ranking.full() or Ranking.top(k)");
    Check.sameLength(metric, "relevance", relevance.length, "scores", scores.length);
    Check.argument(
        relevance.length > 0,
        "%s: no queries to evaluate; expected at least one row — pass one row per query",
        metric);
    for (int q = 0; q < relevance.length; q++) {
      checkQuery(metric, q, relevance[q], scores[q], ndcg);
    }
  }

  private static void checkQuery(
      String metric, int q, double[] relevance, double[] scores, boolean ndcg) {
    Check.argument(
        relevance != null && scores != null,
        "%s: query %d is null; expected a row of relevances and a row of scores per query",
        metric, q);
    Check.argument(
        relevance.length == scores.length && relevance.length > 0,
        "%s: query %d has %d relevances and %d scores; expected one of each per item, at "
            + "least one item",
        metric, q, relevance.length, scores.length);
    Check.finite(metric, "relevance[" + q + "]", relevance, "relevance", "drop unjudged items");
    Check.finite(metric, "scores[" + q + "]", scores, "score", Scoring.FIX_SCORE);
    if (ndcg) {
      for (int i = 0; i < relevance.length; i++) {
        Check.argument(
            relevance[i] >= 0.0,
            "%s: relevance[%d][%d] is %s; expected a relevance >= 0 — nDCG is not defined "
                + "for negative gains",
            metric, q, i, relevance[i]);
      }
    }
  }

  /** The mean over queries of DCG, or of nDCG. */
  static double mean(double[][] relevance, double[][] scores, Ranking ranking, boolean ndcg) {
    return mean(relevance, scores, ranking, ndcg, null);
  }

  /** The mean over queries, each query weighted ({@code sample_weight}); w null: unweighted. */
  static double mean(
      double[][] relevance, double[][] scores, Ranking ranking, boolean ndcg, double[] w) {
    double[] perQuery = new double[relevance.length];
    for (int q = 0; q < relevance.length; q++) {
      perQuery[q] =
          ndcg
              ? ndcg(relevance[q], scores[q], ranking)
              : dcg(relevance[q], scores[q], ranking);
    }
    return Weights.mean(perQuery, w);
  }
}
