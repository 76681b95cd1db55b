package org.mlengine.eval;

/**
 * The alternative hypothesis of a two-sample test, as SciPy's {@code alternative=}: whether the
 * first sample's parameter (mean, proportion, location) differs from, is less than, or is
 * greater than the second's.
 *
 * <pre>{@code
 * StatTests.twoProportionZ(120, 1000, 150, 1000, Alternative.LESS);   // statsmodels "smaller"
 * }</pre>
 */
public enum Alternative {
  /** A ≠ B ({@code "two-sided"}). */
  TWO_SIDED,
  /** A &lt; B ({@code "less"}; statsmodels {@code "smaller"}). */
  LESS,
  /** A &gt; B ({@code "greater"}; statsmodels {@code "larger"}). */
  GREATER
}
