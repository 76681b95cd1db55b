package org.mlengine.features;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlengine.core.InvalidInputException;
import org.mlengine.core.Table;
import org.mlengine.core.FittedTransform;

/**
 * Fitted one-hot encoding: per column, the sorted categories seen in training. Each input column
 * is dropped and one NUMERIC column {@code Column=category} per category is appended, 1.0 where
 * the row has that category and 0.0 elsewhere. A missing value gives all zeros; an unknown
 * category gives all zeros or an error, as the policy says.
 *
 * @param categories the sorted categories of each input column, in column order
 * @param onUnknown what to do with a category not seen in training
 */
record OneHotTransform(Map<String, List<String>> categories, Features.Unknown onUnknown) implements FittedTransform {
  static final String TAG = "one_hot";

  OneHotTransform {
    Objects.requireNonNull(onUnknown, "onUnknown");
    checkArgument(!categories.isEmpty(), "one_hot needs at least one column");
    ImmutableMap.Builder<String, List<String>> copy = ImmutableMap.builder();
    categories.forEach((column, values) -> {
      checkArgument(!values.isEmpty(), "column '%s' has no categories; one_hot needs at least one", column);
      for (int i = 1; i < values.size(); i++) {
        checkArgument(
            values.get(i - 1).compareTo(values.get(i)) < 0,
            "the categories of column '%s' must be sorted and distinct, got %s",
            column,
            values);
      }
      copy.put(column, ImmutableList.copyOf(values));
    });
    categories = copy.buildOrThrow();
  }

  /** Learns the sorted categories of each column from the training rows. */
  static OneHotTransform fit(List<String> columns, Features.Unknown onUnknown, Table train) {
    ImmutableMap.Builder<String, List<String>> categories = ImmutableMap.builder();
    for (String column : columns) {
      List<String> seen = train.categories(column);
      if (seen.isEmpty()) {
        throw new InvalidInputException(
            column,
            "one_hot cannot learn the categories of column '" + column + "': every training row is missing."
                + " Impute it first with Features.impute(\"" + column + "\").constant(\"missing\") or drop it.");
      }
      categories.put(column, seen);
    }
    return new OneHotTransform(categories.buildOrThrow(), onUnknown);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return ImmutableList.copyOf(categories.keySet());
  }

  /** The names of the columns this transform appends, in order. */
  List<String> outputColumns() {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    categories.forEach((column, values) -> values.forEach(v -> out.add(column + "=" + v)));
    return out.build();
  }

  @Override
  public Table apply(Table table) {
    int n = table.rowCount();
    Table out = table;
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      String column = e.getKey();
      List<String> known = e.getValue();
      String[] values = Steps.strings(TAG, table, column);
      double[][] block = new double[known.size()][n];
      for (int r = 0; r < n; r++) {
        if (values[r] == null) {
          continue;
        }
        int at = Collections.binarySearch(known, values[r]);
        if (at >= 0) {
          block[at][r] = 1.0;
        } else if (onUnknown == Features.Unknown.ERROR) {
          throw new InvalidInputException(
              column,
              "column '" + column + "' has unknown category '" + values[r] + "'; known categories are " + known
                  + ". Use Features.oneHot(\"" + column + "\").onUnknown(Unknown.IGNORE) to encode it as all zeros,"
                  + " or retrain with data that has it.");
        }
      }
      out = out.drop(column);
      for (int i = 0; i < known.size(); i++) {
        String name = column + "=" + known.get(i);
        Steps.requireFree(TAG, out, name, column);
        out = out.withNumeric(name, block[i]);
      }
    }
    return out;
  }
}
