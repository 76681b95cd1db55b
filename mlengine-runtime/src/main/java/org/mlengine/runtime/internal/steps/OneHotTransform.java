package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import org.mlengine.runtime.internal.Immutables;

/**
 * Fitted one-hot encoding: per column, the sorted categories seen in training. Each input column
 * is dropped and one NUMERIC column {@code Column=category} per category is appended, 1.0 where
 * the row has that category and 0.0 elsewhere. A missing value gives all zeros; an unknown
 * category gives all zeros or an error, as the policy says.
 *
 * <pre>{@code
 * OneHotTransform oneHot = new OneHotTransform(Map.of("Job", List.of("clerk", "nurse")), UnknownPolicy.IGNORE);
 * Table out = oneHot.apply(table);   // Job=clerk, Job=nurse; an unseen job gives zeros
 * }</pre>
 *
 * <p>With rare-category grouping, a column whose group is not empty also gets
 * {@code Column=other}, appended after its categories: 1.0 for a grouped training category and,
 * under the IGNORE policy, for an unknown category (scikit-learn's
 * {@code handle_unknown='infrequent_if_exist'}).
 *
 * @param categories the sorted categories of each input column that keep their own column, in
 *     column order
 * @param other per column, the sorted training categories grouped as {@code other}; a column
 *     without a group is absent
 * @param onUnknown what to do with a category not seen in training
 */
public record OneHotTransform(Map<String, List<String>> categories, Map<String, List<String>> other, UnknownPolicy onUnknown)
    implements FittedTransform {
  public static final String TAG = "one_hot";

  public OneHotTransform {
    Objects.requireNonNull(onUnknown, "onUnknown");
    checkArgument(!categories.isEmpty(), "one_hot needs at least one column");
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : other.entrySet()) {
      checkArgument(categories.containsKey(e.getKey()), "column '%s' has a group but is not encoded", e.getKey());
      checkSorted(e.getKey(), e.getValue());
      if (!e.getValue().isEmpty()) {
        groups.put(e.getKey(), List.copyOf(e.getValue()));
      }
    }
    other = Immutables.map(groups);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      String column = e.getKey();
      List<String> values = e.getValue();
      List<String> grouped = other.getOrDefault(column, List.of());
      checkArgument(
          !values.isEmpty() || !grouped.isEmpty(), "column '%s' has no categories; one_hot needs at least one", column);
      checkSorted(column, values);
      if (!grouped.isEmpty()) {
        checkArgument(
            !values.contains(CategoryGrouping.OTHER),
            "column '%s' keeps a category named '%s' and also has a group of that name",
            column,
            CategoryGrouping.OTHER);
        for (String g : grouped) {
          checkArgument(
              Collections.binarySearch(values, g) < 0, "category '%s' of column '%s' is both kept and grouped", g, column);
        }
      }
      copy.put(column, List.copyOf(values));
    }
    categories = Immutables.map(copy);
  }

  /** A one-hot encoding without rare-category groups. */
  public OneHotTransform(Map<String, List<String>> categories, UnknownPolicy onUnknown) {
    this(categories, Map.of(), onUnknown);
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
    return List.copyOf(categories.keySet());
  }

  /** The names of the columns this transform appends, in order. */
  List<String> outputColumns() {
    List<String> out = new ArrayList<>();
    categories.forEach((column, values) -> {
      values.forEach(v -> out.add(column + "=" + v));
      if (other.containsKey(column)) {
        out.add(column + "=" + CategoryGrouping.OTHER);
      }
    });
    return List.copyOf(out);
  }

  @Override
  public Table apply(Table table) {
    int n = table.rowCount();
    Table out = table;
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      String column = e.getKey();
      List<String> known = e.getValue();
      List<String> grouped = other.get(column);
      int width = known.size() + (grouped == null ? 0 : 1);
      String[] values = Inputs.strings(TAG, table, column);
      double[][] block = new double[width][n];
      for (int r = 0; r < n; r++) {
        if (values[r] == null) {
          continue;
        }
        int at = Collections.binarySearch(known, values[r]);
        if (at >= 0) {
          block[at][r] = 1.0;
        } else if (grouped != null
            && (onUnknown == UnknownPolicy.IGNORE || Collections.binarySearch(grouped, values[r]) >= 0)) {
          block[known.size()][r] = 1.0;
        } else if (onUnknown == UnknownPolicy.ERROR) {
          TreeSet<String> all = new TreeSet<>(known);
          if (grouped != null) {
            all.addAll(grouped);
          }
          throw new InvalidInputException(
              column,
              "column '" + column + "' has unknown category '" + values[r] + "'; known categories are " + all
                  + ". Use Features.oneHot(\"" + column + "\").onUnknown(Unknown.IGNORE) to encode it as "
                  + (grouped == null ? "all zeros" : "'" + CategoryGrouping.OTHER + "'")
                  + ", or retrain with data that has it.");
        }
      }
      out = out.drop(column);
      for (int i = 0; i < width; i++) {
        String name = column + "=" + (i < known.size() ? known.get(i) : CategoryGrouping.OTHER);
        Inputs.requireFree(TAG, out, name, column);
        out = out.withNumeric(name, block[i]);
      }
    }
    return out;
  }

  /**
   * The row form: per input column, 1.0 in the slot of the row's category (or of {@code other}),
   * 0.0 in the others; the input is unbound and the outputs appended, as {@link #apply} does.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    List<RowKernel> parts = new java.util.ArrayList<>();
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      String column = e.getKey();
      List<String> known = e.getValue();
      List<String> grouped = other.get(column);
      int in = slots.string(column);
      slots.remove(column);
      int width = known.size() + (grouped == null ? 0 : 1);
      int[] out = new int[width];
      java.util.HashMap<String, Integer> position = new java.util.HashMap<>();
      for (int i = 0; i < width; i++) {
        out[i] = slots.newNumber(column + "=" + (i < known.size() ? known.get(i) : CategoryGrouping.OTHER));
        if (i < known.size()) {
          position.put(known.get(i), i);
        }
      }
      java.util.Set<String> groupedSet = grouped == null ? java.util.Set.of() : java.util.Set.copyOf(grouped);
      parts.add(row -> {
        for (int slot : out) {
          row.setNumber(slot, 0.0);
        }
        String value = row.string(in);
        if (value == null) {
          return;
        }
        Integer at = position.get(value);
        if (at != null) {
          row.setNumber(out[at], 1.0);
        } else if (grouped != null && (onUnknown == UnknownPolicy.IGNORE || groupedSet.contains(value))) {
          row.setNumber(out[known.size()], 1.0);
        } else if (onUnknown == UnknownPolicy.ERROR) {
          apply(Table.builder().categorical(column, value).build()); // throws the table form's exact error
        }
      });
    }
    RowKernel[] all = parts.toArray(RowKernel[]::new);
    return Optional.of(row -> {
      for (int i = 0; i < all.length; i++) { // indexed: an iterator would allocate per row
        all[i].apply(row);
      }
    });
  }
}
