package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;
import org.mlengine.runtime.internal.Immutables;

/**
 * Fitted rare-category grouping: per column, the training categories that keep their value.
 * Every other non-missing value (a rare training category, or one never seen in training)
 * becomes {@code "other"}; a missing value stays missing. The column stays CATEGORICAL under
 * its own name.
 *
 * <pre>{@code
 * GroupRareTransform g = new GroupRareTransform(
 *     Map.of("Job", new CategoryGrouping(List.of("clerk", "nurse"), List.of("pilot"))));
 * Table out = g.apply(table);   // pilot and unseen jobs become "other"
 * }</pre>
 *
 * @param groups per column, in column order, the kept and the grouped training categories
 */
public record GroupRareTransform(Map<String, CategoryGrouping> groups) implements FittedTransform {
  public static final String TAG = "group_rare";

  public GroupRareTransform {
    checkArgument(!groups.isEmpty(), "group_rare needs at least one column");
    groups.forEach((column, g) -> {
      checkSorted(column, g.kept());
      checkSorted(column, g.grouped());
      checkArgument(
          !g.kept().contains(CategoryGrouping.OTHER),
          "column '%s' keeps a category named '%s', the name of the group",
          column,
          CategoryGrouping.OTHER);
      for (String c : g.grouped()) {
        checkArgument(
            Collections.binarySearch(g.kept(), c) < 0, "category '%s' of column '%s' is both kept and grouped", c, column);
      }
    });
    groups = Immutables.map(groups);
  }

  private static void checkSorted(String column, List<String> values) {
    for (int i = 1; i < values.size(); i++) {
      checkArgument(
          values.get(i - 1).compareTo(values.get(i)) < 0,
          "the categories of column '%s' must be sorted and distinct, got %s",
          column,
          values);
    }
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.copyOf(groups.keySet());
  }

  @Override
  public Table apply(Table table) {
    Table out = table;
    for (Map.Entry<String, CategoryGrouping> e : groups.entrySet()) {
      String column = e.getKey();
      List<String> kept = e.getValue().kept();
      Predicate<String> isKept = v -> Collections.binarySearch(kept, v) >= 0;
      String[] values = Inputs.strings(TAG, table, column);
      for (int r = 0; r < values.length; r++) {
        values[r] = group(values[r], isKept);
      }
      out = out.withCategorical(column, values);
    }
    return out;
  }

  /**
   * A value as both forms write it: itself when missing or kept, else {@code "other"}. The table
   * form looks categories up in the sorted list, the row form in a hash set made once.
   */
  static String group(String value, Predicate<String> isKept) {
    return value == null || isKept.test(value) ? value : CategoryGrouping.OTHER;
  }

  /**
   * The row form: each column's string slot is rewritten in place, as {@link #apply} replaces
   * the column under its own name. Empty (the table path, which reports it) when a column is not
   * CATEGORICAL at this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = groups.size();
    int[] slot = new int[n];
    List<Predicate<String>> kept = new java.util.ArrayList<>(n);
    for (String column : groups.keySet()) {
      if (Inputs.typeAt(slots, column) != ColumnType.CATEGORICAL) {
        return Optional.empty();
      }
    }
    int i = 0;
    for (Map.Entry<String, CategoryGrouping> e : groups.entrySet()) {
      slot[i++] = slots.string(e.getKey());
      Set<String> set = new HashSet<>(e.getValue().kept());
      kept.add(set::contains);
    }
    return Optional.of(row -> {
      for (int c = 0; c < n; c++) {
        row.setString(slot[c], group(row.string(slot[c]), kept.get(c)));
      }
    });
  }
}
