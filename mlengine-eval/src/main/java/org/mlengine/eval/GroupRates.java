package org.mlengine.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One group's counts and rates in a {@link FairnessReport}: how often the model selects (predicts
 * the positive class for) the group's rows, and how often it is right and wrong to, each rate
 * with a Wilson interval.
 *
 * <pre>{@code
 * for (GroupRates g : report.groups()) {
 *   System.out.println(g);   // "married (n=180): selected 0.7556 [...], TPR 0.8800 [...], FPR 0.4286 [...]"
 * }
 * }</pre>
 *
 * @param group the group: the column's value, a bin such as {@code "in [80, 120)"}, or {@code
 *     "(missing)"}
 * @param rows the group's held-out rows
 * @param selected the rows predicted positive
 * @param positives the rows whose true class is the positive class
 * @param truePositives the positive rows predicted positive
 * @param falsePositives the negative rows predicted positive
 * @param selectionRate P(ŷ = positive) = selected / rows
 * @param truePositiveRate P(ŷ = positive | y = positive) = truePositives / positives; undefined
 *     without positive rows
 * @param falsePositiveRate P(ŷ = positive | y ≠ positive) = falsePositives / (rows − positives);
 *     undefined without negative rows
 */
public record GroupRates(
    String group,
    int rows,
    int selected,
    int positives,
    int truePositives,
    int falsePositives,
    Estimate selectionRate,
    Estimate truePositiveRate,
    Estimate falsePositiveRate) {

  /**
   * Checks that the counts fit together.
   *
   * @throws IllegalArgumentException if a field is null or the counts are inconsistent
   */
  public GroupRates {
    Check.notNull(group, "GroupRates", "group", "the group's name");
    Check.notNull(selectionRate, "GroupRates", "selectionRate", "an Estimate");
    Check.notNull(truePositiveRate, "GroupRates", "truePositiveRate", "an Estimate");
    Check.notNull(falsePositiveRate, "GroupRates", "falsePositiveRate", "an Estimate");
    Check.argument(
        rows >= 1 && 0 <= positives && positives <= rows && 0 <= truePositives && truePositives <= positives
            && 0 <= falsePositives && falsePositives <= rows - positives && selected == truePositives + falsePositives,
        "GroupRates: the counts rows %d, selected %d, positives %d, truePositives %d, falsePositives %d do not fit"
            + " together; expected 0 <= truePositives <= positives <= rows, 0 <= falsePositives <= rows - positives and"
            + " selected = truePositives + falsePositives",
        rows, selected, positives, truePositives, falsePositives);
  }

  /**
   * The group as plain data for a JSON writer.
   *
   * @return an immutable map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("group", group);
    map.put("rows", rows);
    map.put("selected", selected);
    map.put("positives", positives);
    map.put("truePositives", truePositives);
    map.put("falsePositives", falsePositives);
    map.put("selectionRate", selectionRate.toMap());
    map.put("truePositiveRate", truePositiveRate.toMap());
    map.put("falsePositiveRate", falsePositiveRate.toMap());
    return Collections.unmodifiableMap(map);
  }

  /** One line: the group, its size and its three rates. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (n=%d): selected %s, TPR %s, FPR %s",
        group, rows, selectionRate, truePositiveRate, falsePositiveRate);
  }
}
