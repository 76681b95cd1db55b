package org.mlengine.runtime.internal.steps;

/**
 * A part of a date or time the calendar kernel writes: the apply-time form of the fit side's
 * calendar parts, in the same order. Not API.
 *
 * <pre>{@code
 * CalendarField.HOUR   // column_hour, column_hour_sin, column_hour_cos
 * }</pre>
 */
public enum CalendarField {
  /** The year: {@code column_year} only. */
  YEAR,
  /** The month 1-12. */
  MONTH,
  /** The day of the month 1-31. */
  DAY_OF_MONTH,
  /** The ISO day of the week, 1 = Monday. */
  DAY_OF_WEEK,
  /** The day of the year 1-366. */
  DAY_OF_YEAR,
  /** The hour of the day 0-23. */
  HOUR
}
