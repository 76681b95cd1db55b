package org.mlengine.eval;

import java.util.Locale;
import java.util.Optional;

/**
 * A value computed on held-out rows with its confidence interval, or an undefined value with
 * the reason: what {@link SliceReport} and {@link FairnessReport} hold per slice, group and
 * difference.
 *
 * <pre>{@code
 * Estimate dp = Fairness.of(result, table, "Marital").positive("good").run()
 *     .demographicParityDifference();
 * if (dp.defined()) {
 *   System.out.println(dp);   // "0.1234 [0.0567, 0.2011]"
 * }
 * }</pre>
 *
 * @param value the value, or NaN when it is undefined on these rows
 * @param interval its confidence interval; empty when the value is undefined or no interval
 *     could be computed (the note says why)
 * @param note why the value or the interval is missing; empty when both are there
 */
public record Estimate(double value, Optional<Interval> interval, String note) {
  /**
   * Checks that an undefined value has no interval and says why.
   *
   * @throws IllegalArgumentException if the interval or the note is null, an undefined value has
   *     an interval, or something is missing without a note
   */
  public Estimate {
    Check.notNull(interval, "Estimate", "interval", "an Optional<Interval>, empty when there is none");
    Check.notNull(note, "Estimate", "note", "a String, empty when the value and its interval are there");
    Check.argument(
        !Double.isNaN(value) || interval.isEmpty(),
        "Estimate: the value is NaN but the interval is %s; expected no interval for an undefined value",
        interval.orElse(null));
    Check.argument(
        (!Double.isNaN(value) && interval.isPresent()) || !note.isEmpty(),
        "Estimate: the %s is missing but the note is empty; expected a note that says why",
        Double.isNaN(value) ? "value" : "interval");
  }

  /** A defined value with its interval. */
  static Estimate of(double value, Interval interval) {
    return new Estimate(value, Optional.of(interval), "");
  }

  /** A defined value whose interval could not be computed, and why. */
  static Estimate withoutInterval(double value, String why) {
    return new Estimate(value, Optional.empty(), why);
  }

  /** An undefined value, and why. */
  static Estimate undefined(String why) {
    return new Estimate(Double.NaN, Optional.empty(), why);
  }

  /**
   * Whether the value is defined (not NaN).
   *
   * @return true when {@link #value()} is a number
   */
  public boolean defined() {
    return !Double.isNaN(value);
  }

  /**
   * The interval's lower end, or NaN without an interval.
   *
   * @return the lower end
   */
  public double lower() {
    return interval.map(Interval::lower).orElse(Double.NaN);
  }

  /**
   * The interval's upper end, or NaN without an interval.
   *
   * @return the upper end
   */
  public double upper() {
    return interval.map(Interval::upper).orElse(Double.NaN);
  }

  /**
   * The estimate as plain data for a JSON writer: {@code value}, {@code lower} and {@code upper}
   * (null where missing) and {@code note} (only when not empty).
   *
   * @return an immutable map
   */
  public java.util.Map<String, Object> toMap() {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("value", defined() ? value : null);
    map.put("lower", interval.map(Interval::lower).orElse(null));
    map.put("upper", interval.map(Interval::upper).orElse(null));
    if (!note.isEmpty()) {
      map.put("note", note);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** {@code "0.6900 [0.6300, 0.7500]"}, {@code "0.6900"} without an interval, or {@code "undefined"}. */
  @Override
  public String toString() {
    if (!defined()) {
      return "undefined";
    }
    return interval
        .map(i -> String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", value, i.lower(), i.upper()))
        .orElse(String.format(Locale.ROOT, "%.4f", value));
  }
}
