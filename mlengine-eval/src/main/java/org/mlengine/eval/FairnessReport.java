package org.mlengine.eval;

import com.google.common.collect.ImmutableList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group fairness of a classifier on its held-out rows, from {@link Fairness#of}: each group's
 * selection, true positive and false positive rates, and the demographic-parity and
 * equal-opportunity differences with bootstrap intervals.
 *
 * <pre>{@code
 * FairnessReport f = Fairness.of(result, table, "Marital").positive("good").run();
 * f.groups().forEach(System.out::println);
 * f.demographicParityDifference();   // max − min selection rate over the groups, with interval
 * f.equalOpportunityDifference();    // max − min true positive rate
 * }</pre>
 *
 * @param column the sensitive column
 * @param positive the positive class
 * @param decision how a row counts as selected: {@code "predicted label"} (the most probable
 *     class) or e.g. {@code "P(good) >= 0.6"}
 * @param testRows the number of held-out rows
 * @param groups every group with at least one held-out row, in the column's order (categories
 *     sorted, bins ascending, missing last)
 * @param demographicParityDifference max − min selection rate over the groups (fairlearn's
 *     {@code demographic_parity_difference}, method "between_groups"), with a percentile
 *     bootstrap interval
 * @param equalOpportunityDifference max − min true positive rate over the groups that have
 *     positive rows (Hardt et al. 2016's equal opportunity as a difference, as yardstick's {@code
 *     equal_opportunity}), with a percentile bootstrap interval; undefined when no group has a
 *     positive row, and its note names the groups left out
 * @param intervalMethod how the intervals were computed
 */
public record FairnessReport(
    String column,
    String positive,
    String decision,
    int testRows,
    List<GroupRates> groups,
    Estimate demographicParityDifference,
    Estimate equalOpportunityDifference,
    String intervalMethod) {

  /** Copies the groups into an immutable list. */
  public FairnessReport {
    Check.notNull(column, "FairnessReport", "column", "the sensitive column's name");
    Check.notNull(positive, "FairnessReport", "positive", "the positive class");
    Check.notNull(decision, "FairnessReport", "decision", "how a row counts as selected");
    Check.notNull(demographicParityDifference, "FairnessReport", "demographicParityDifference", "an Estimate");
    Check.notNull(equalOpportunityDifference, "FairnessReport", "equalOpportunityDifference", "an Estimate");
    Check.notNull(intervalMethod, "FairnessReport", "intervalMethod", "a description of the intervals");
    groups = ImmutableList.copyOf(groups);
  }

  /**
   * The report as plain data for a JSON writer.
   *
   * @return an immutable map
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("column", column);
    map.put("positive", positive);
    map.put("decision", decision);
    map.put("testRows", testRows);
    map.put("intervalMethod", intervalMethod);
    map.put("groups", groups.stream().map(GroupRates::toMap).toList());
    map.put("demographicParityDifference", demographicParityDifference.toMap());
    map.put("equalOpportunityDifference", equalOpportunityDifference.toMap());
    return Collections.unmodifiableMap(map);
  }

  /** The differences, then every group on its own line. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder()
        .append("fairness by ").append(column).append(" (positive '").append(positive).append("', ").append(decision)
        .append(", ").append(testRows).append(" held-out rows; ").append(intervalMethod).append(")")
        .append("\ndemographic parity difference ").append(demographicParityDifference)
        .append("\nequal opportunity difference ").append(equalOpportunityDifference);
    groups.forEach(g -> out.append('\n').append(g));
    return out.toString();
  }
}
