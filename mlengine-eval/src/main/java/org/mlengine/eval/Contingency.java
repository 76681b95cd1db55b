package org.mlengine.eval;

import java.util.Optional;
import java.util.OptionalDouble;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * SciPy 1.10's {@code chi2_contingency} and {@code power_divergence}: expected counts from the
 * margins, Yates's correction (observed moved up to ½ toward expected) only when asked and the
 * table has one degree of freedom, then Pearson's Σ(O − E)²/E or the G statistic
 * 2·Σ O·ln(O/E) (a zero O contributes 0), and the chi-square upper tail. Inputs are checked by
 * the caller.
 */
final class Contingency {
  private Contingency() {}

  /** outer(row sums, column sums) / total. */
  static double[][] expected(long[][] table) {
    int r = table.length;
    int c = table[0].length;
    double[] rows = new double[r];
    double[] cols = new double[c];
    double total = 0.0;
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        rows[i] += table[i][j];
        cols[j] += table[i][j];
        total += table[i][j];
      }
    }
    double[][] e = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        e[i][j] = rows[i] * cols[j] / total;
      }
    }
    return e;
  }

  static TestResult test(long[][] table, boolean g, boolean yates, String name) {
    int r = table.length;
    int c = table[0].length;
    double[][] expected = expected(table);
    int dof = (r - 1) * (c - 1);
    double[] observed = new double[r * c];
    double[] exp = new double[r * c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double o = table[i][j];
        double e = expected[i][j];
        if (yates && dof == 1) {
          double diff = e - o;
          o += Math.signum(diff) * Math.min(0.5, Math.abs(diff));
        }
        observed[i * c + j] = o;
        exp[i * c + j] = e;
      }
    }
    double statistic = dof == 0 ? 0.0 : statistic(observed, exp, g);
    double p = dof == 0 ? 1.0 : SpecialFunctions.chiSquareSf(statistic, dof);
    double n = 0.0;
    for (long[] row : table) {
      for (long v : row) {
        n += v;
      }
    }
    double[] raw = new double[r * c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        raw[i * c + j] = table[i][j];
      }
    }
    double pearson = statistic(raw, exp, false);
    double cramersV = Math.sqrt(pearson / (n * (Math.min(r, c) - 1)));
    return new TestResult(
        name,
        statistic,
        p,
        OptionalDouble.of(dof),
        Optional.of(new Effect("cramers_v", cramersV, Double.NaN, Double.NaN)));
  }

  /** Pearson's Σ(O − E)²/E or G = Σ 2·O·ln(O/E), summed pairwise as NumPy. */
  static double statistic(double[] observed, double[] expected, boolean g) {
    double[] terms = new double[observed.length];
    for (int i = 0; i < observed.length; i++) {
      double o = observed[i];
      double e = expected[i];
      if (g) {
        terms[i] = o == 0.0 ? 0.0 : 2.0 * (o * Math.log(o / e));
      } else {
        double d = o - e;
        terms[i] = d * d / e;
      }
    }
    return Sums.sum(terms);
  }
}
