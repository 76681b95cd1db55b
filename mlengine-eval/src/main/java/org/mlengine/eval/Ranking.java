package org.mlengine.eval;

import java.util.OptionalInt;

/**
 * How DCG and nDCG rank and discount, as the keyword arguments of scikit-learn's
 * {@code dcg_score} / {@code ndcg_score}: a cut-off k (only the top k ranks count), the base of
 * the logarithm in the discount 1/log_base(rank + 1), and whether tied scores are averaged
 * (McSherry and Najork, sklearn's default) or ranked in an arbitrary fixed order.
 *
 * <pre>{@code
 * MetricFunctions.ndcg(relevance, scores, Ranking.top(3));                        // ndcg_score(k=3)
 * MetricFunctions.dcg(relevance, scores, Ranking.full().withLogBase(10));         // dcg_score(log_base=10)
 * MetricFunctions.ndcg(relevance, scores, Ranking.full().withIgnoreTies(true));   // ignore_ties=True
 * }</pre>
 *
 * @param k the cut-off, or empty for every rank
 * @param logBase the base of the discount's logarithm, above 1 (nDCG does not depend on it)
 * @param ignoreTies false to average the gains of tied scores; true to rank ties by descending
 *     row position (what NumPy's reversed {@code argsort} gives for rows of up to 16 items)
 */
public record Ranking(OptionalInt k, double logBase, boolean ignoreTies) {
  /**
   * Checks k and the base.
   *
   * @throws IllegalArgumentException if k is below 1 or the base is not a finite number above 1
   */
  public Ranking {
    Check.notNull(k, "Ranking", "k", "OptionalInt.empty() or OptionalInt.of(k) with k >= 1");
    Check.argument(
        k.isEmpty() || k.getAsInt() >= 1,
        "Ranking: k is %d; expected k >= 1 — use Ranking.full() to count every rank",
        k.orElse(0));
    Check.argument(
        Double.isFinite(logBase) && logBase > 1.0,
        "Ranking: logBase is %s; expected a finite base above 1 (sklearn's default is 2)",
        logBase);
  }

  /**
   * Every rank counts, log base 2, ties averaged: sklearn's defaults.
   *
   * @return the default ranking
   */
  public static Ranking full() {
    return new Ranking(OptionalInt.empty(), 2.0, false);
  }

  /**
   * Only the top k ranks count ({@code k=k}), log base 2, ties averaged.
   *
   * @param k the cut-off, at least 1
   * @return a ranking cut at k
   */
  public static Ranking top(int k) {
    Check.argument(
        k >= 1, "Ranking.top: k is %d; expected k >= 1 — use Ranking.full() to count every rank", k);
    return new Ranking(OptionalInt.of(k), 2.0, false);
  }

  /**
   * A copy with another logarithm base.
   *
   * @param base the base, a finite number above 1
   * @return the changed copy
   */
  public Ranking withLogBase(double base) {
    return new Ranking(k, base, ignoreTies);
  }

  /**
   * A copy that averages ties (false) or ranks them in a fixed order (true).
   *
   * @param ignore sklearn's {@code ignore_ties}
   * @return the changed copy
   */
  public Ranking withIgnoreTies(boolean ignore) {
    return new Ranking(k, logBase, ignore);
  }
}
