package org.mlengine.eval;

/**
 * How a rank or distribution test computes its p-value, as SciPy's {@code method=} of
 * {@code ks_2samp} and {@code mannwhitneyu}.
 *
 * <pre>{@code
 * Drift.ks(reference, current, PValueMethod.ASYMPTOTIC);
 * StatTests.mannWhitneyU(a, b, Alternative.TWO_SIDED, PValueMethod.EXACT);
 * }</pre>
 */
public enum PValueMethod {
  /**
   * SciPy's choice: for KS exact up to 10000 rows per sample; for Mann–Whitney exact only when
   * a sample has at most 8 rows and there are no ties.
   */
  AUTO,
  /** The exact null distribution. */
  EXACT,
  /** The large-sample approximation. */
  ASYMPTOTIC
}
