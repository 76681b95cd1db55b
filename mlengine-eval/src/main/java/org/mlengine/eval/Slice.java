package org.mlengine.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One slice of the held-out rows in a {@link SliceReport}: the rows with one value of a
 * categorical column (or a missing value), or in one quantile bin of a numeric column, with the
 * metric on them and how much worse that is than on all held-out rows.
 *
 * <pre>{@code
 * Slice s = report.worst(1).get(0);
 * System.out.println(s);   // "Home=rent (n=212): accuracy 0.6900 [0.6300, 0.7500] vs 0.7900 overall"
 * s.worseBy();             // 0.10: overall − slice for a score, slice − overall for a loss
 * }</pre>
 *
 * @param column the column the slice is of
 * @param label the slice, e.g. {@code "Home=rent"}, {@code "Home missing"}, {@code "Income < 80"},
 *     {@code "Income in [80, 120)"}, {@code "Income >= 200"}
 * @param rows the number of held-out rows in the slice
 * @param metricName the metric's name, e.g. {@code "accuracy"}
 * @param value the metric on the slice's rows with its interval, or undefined with the reason
 * @param overall the metric on all held-out rows
 * @param worseBy how much worse the slice is than overall, in the metric's units (positive:
 *     worse; the sign follows {@link org.mlengine.core.spi.Metric#greaterIsBetter()}); NaN when the
 *     value is undefined
 * @param status whether the slice is ranked, too small to rank, or has an undefined metric
 */
public record Slice(
    String column, String label, int rows, String metricName, Estimate value, double overall, double worseBy, Status status) {

  /**
   * Whether a slice takes part in the ranking, and if not, why not.
   *
   * <pre>{@code
   * List<Slice> ranked = report.slices().stream().filter(s -> s.status() == Slice.Status.RANKED).toList();
   * }</pre>
   */
  public enum Status {
    /** At least the minimum number of rows and a defined metric: ranked by {@code worseBy}. */
    RANKED,
    /** Fewer rows than the minimum: listed with its value where defined, but not ranked. */
    TOO_SMALL,
    /** The metric is undefined on the slice's rows (e.g. ROC AUC with one class); the value's note says why. */
    UNDEFINED
  }

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException if a field is null or rows is negative
   */
  public Slice {
    Check.notNull(column, "Slice", "column", "the column's name");
    Check.notNull(label, "Slice", "label", "the slice's label");
    Check.notNull(metricName, "Slice", "metricName", "the metric's name");
    Check.notNull(value, "Slice", "value", "an Estimate");
    Check.notNull(status, "Slice", "status", "a Slice.Status");
    Check.argument(rows >= 0, "Slice: rows is %d; expected a count of rows, 0 or more", rows);
  }

  /**
   * The slice as plain data for a JSON writer: column, label, rows, status, the value with its
   * interval, overall and worseBy (null where undefined).
   *
   * @return an immutable map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("column", column);
    map.put("label", label);
    map.put("rows", rows);
    map.put("status", status.name());
    map.put("metric", metricName);
    map.put("value", value.toMap());
    map.put("overall", overall);
    map.put("worseBy", Double.isNaN(worseBy) ? null : worseBy);
    return Collections.unmodifiableMap(map);
  }

  /**
   * One line, e.g. {@code "Home=rent (n=212): accuracy 0.6900 [0.6300, 0.7500] vs 0.7900
   * overall"}, with {@code "; too small to rank"} or the reason an undefined value is undefined.
   */
  @Override
  public String toString() {
    String line = String.format(Locale.ROOT, "%s (n=%d): %s %s vs %.4f overall", label, rows, metricName, value, overall);
    return switch (status) {
      case RANKED -> line;
      case TOO_SMALL -> line + "; too small to rank";
      case UNDEFINED -> line + " (" + value.note() + ")";
    };
  }
}
