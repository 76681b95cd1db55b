package org.mlengine.eval;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of a statistical test from {@link StatTests} or {@link Drift}: the test's name,
 * its statistic and p-value (SciPy's {@code statistic} and {@code pvalue}), the degrees of
 * freedom where the reference distribution has them, and the measured effect where one is
 * meaningful.
 *
 * <pre>{@code
 * TestResult g = StatTests.gTest(new long[][] {{120, 880}, {150, 850}});
 * g.statistic();                 // 3.8604834300926534
 * g.pValue();                    // 0.0494360822722314
 * g.degreesOfFreedom();          // OptionalDouble[1.0]
 * g.pValue() < 0.05;             // significant at 5%
 * }</pre>
 *
 * @param test the test, e.g. {@code "g_test"}, {@code "welch_t"}, {@code "ks_2samp"}
 * @param statistic the test statistic
 * @param pValue the p-value, in [0, 1]
 * @param degreesOfFreedom of the reference distribution (chi-square, t), or empty
 * @param effect the measured effect, or empty
 */
public record TestResult(
    String test,
    double statistic,
    double pValue,
    OptionalDouble degreesOfFreedom,
    Optional<Effect> effect) {
  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if a part is null or the p-value is not in [0, 1]
   */
  public TestResult {
    Check.argument(
        test != null && degreesOfFreedom != null && effect != null,
        "TestResult: test, degreesOfFreedom and effect must be given (use OptionalDouble.empty() "
            + "and Optional.empty() for none)");
    Check.argument(
        pValue >= 0.0 && pValue <= 1.0,
        "TestResult: pValue is %s; expected a probability in [0, 1]",
        pValue);
  }
}
