package org.mlengine.eval;

import java.util.Optional;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * The effect a test measured, beside its p-value: a named estimate (a difference of means or
 * proportions, Cramér's V, the common-language effect size) and, where it has one, a standard
 * error and the degrees of freedom of its reference distribution, from which
 * {@link #interval(double)} builds a confidence interval.
 *
 * <pre>{@code
 * TestResult r = StatTests.welchT(a, b, Alternative.TWO_SIDED);
 * Effect e = r.effect().orElseThrow();   // "mean_difference"
 * e.estimate();                          // mean(a) - mean(b)
 * e.interval(0.95);                      // Optional[Interval[...]]: Welch t interval
 * }</pre>
 *
 * @param name what the estimate is, e.g. {@code "mean_difference"}
 * @param estimate its value
 * @param standardError its standard error, or NaN when there is none
 * @param degreesOfFreedom of the t reference distribution; +∞ for the normal one; NaN when
 *     there is no standard error
 */
public record Effect(String name, double estimate, double standardError, double degreesOfFreedom) {
  /**
   * Checks the name.
   *
   * @throws IllegalArgumentException if the name is null or blank
   */
  public Effect {
    Check.argument(
        name != null && !name.isBlank(),
        "Effect: name is %s; expected what the estimate measures, e.g. \"mean_difference\"",
        name == null ? "null" : "blank");
  }

  /**
   * The two-sided interval estimate ± q·standardError, q the (1 + confidence)/2 quantile of
   * Student's t with {@link #degreesOfFreedom()} (the normal quantile when infinite).
   *
   * @param confidence the coverage, in (0, 1), e.g. 0.95
   * @return the interval, or empty when the effect has no standard error
   * @throws IllegalArgumentException if confidence is not in (0, 1)
   */
  public Optional<Interval> interval(double confidence) {
    Check.argument(
        confidence > 0.0 && confidence < 1.0,
        "Effect.interval: confidence is %s; expected a value in (0, 1), e.g. 0.95",
        confidence);
    if (Double.isNaN(standardError)) {
      return Optional.empty();
    }
    double q = SpecialFunctions.studentTQuantile((1.0 + confidence) / 2.0, degreesOfFreedom);
    double half = q * standardError;
    return Optional.of(new Interval(estimate - half, estimate + half));
  }
}
