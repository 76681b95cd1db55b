package org.mlengine.eval;

/**
 * A closed interval [lower, upper]: a confidence interval from {@link Bounds}, or the interval
 * of an {@link Effect}.
 *
 * <pre>{@code
 * Interval ci = Bounds.wilson(87, 1000, 0.95);   // [0.0711, 0.1061]
 * ci.contains(0.087);                             // true
 * }</pre>
 *
 * @param lower the lower end
 * @param upper the upper end, at least {@code lower}
 */
public record Interval(double lower, double upper) {
  /**
   * Checks the ends.
   *
   * @throws IllegalArgumentException if an end is NaN or {@code lower > upper}
   */
  public Interval {
    Check.argument(
        !Double.isNaN(lower) && !Double.isNaN(upper),
        "Interval: an end is NaN ([%s, %s]); expected two numbers — the estimate it came from "
            + "is undefined",
        lower, upper);
    Check.argument(
        lower <= upper,
        "Interval: lower %s is above upper %s; expected lower <= upper — swap the ends",
        lower, upper);
  }

  /**
   * Whether {@code value} lies in [lower, upper].
   *
   * @param value any number
   * @return true if lower ≤ value ≤ upper
   */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }

  /**
   * The length of the interval.
   *
   * @return upper − lower
   */
  public double width() {
    return upper - lower;
  }
}
