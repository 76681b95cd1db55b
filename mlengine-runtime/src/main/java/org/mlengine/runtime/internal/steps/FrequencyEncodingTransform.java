package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import org.mlengine.runtime.internal.Immutables;

/**
 * Fitted frequency encoding: per column, how many training rows have each category. Each column
 * is replaced by a NUMERIC column of the same name holding the count, or the count divided by
 * the number of training rows (the share); a missing or unseen category gets 0.
 *
 * <pre>{@code
 * FrequencyEncodingTransform f = new FrequencyEncodingTransform(false, 3,
 *     Map.of("Job", Map.of("nurse", 2, "clerk", 1)));
 * Table out = f.apply(table);   // Job: 2.0 for nurse, 0.0 for an unseen job
 * }</pre>
 *
 * @param shares whether to divide the counts by {@code rows}
 * @param rows the number of training rows, missing values included
 * @param counts per column, each training category's count
 */
public record FrequencyEncodingTransform(boolean shares, int rows, Map<String, Map<String, Integer>> counts)
    implements FittedTransform {
  public static final String TAG = "frequency_encoding";

  public FrequencyEncodingTransform {
    checkArgument(rows > 0, "frequency_encoding was fitted on %s rows; it needs at least one", rows);
    checkArgument(!counts.isEmpty(), "frequency_encoding needs at least one column");
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    counts.forEach((column, byCategory) -> {
      long total = 0;
      for (Map.Entry<String, Integer> e : byCategory.entrySet()) {
        checkArgument(
            e.getValue() > 0, "category '%s' of column '%s' has count %s; it must be > 0", e.getKey(), column, e.getValue());
        total += e.getValue();
      }
      checkArgument(total <= rows, "the counts of column '%s' add up to %s, more than the %s rows", column, total, rows);
      copy.put(column, Immutables.map(new TreeMap<>(byCategory)));
    });
    counts = Immutables.map(copy);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.copyOf(counts.keySet());
  }

  @Override
  public Table apply(Table table) {
    return Inputs.encodeCategories(TAG, table, counts, this::encode);
  }

  /** A category's value as both forms write it: its count or share, or 0 when missing or unseen. */
  double encode(Map<String, Integer> byCategory, String category) {
    Integer count = category == null ? null : byCategory.get(category);
    double c = count == null ? 0.0 : count;
    return shares ? c / rows : c;
  }

  /**
   * The row form: each column is rebound, in place, to a NUMERIC slot holding its count or
   * share, as {@link #apply} replaces it. Empty (the table path, which reports it) when a column
   * is not CATEGORICAL at this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    for (String column : counts.keySet()) {
      if (Inputs.typeAt(slots, column) != ColumnType.CATEGORICAL) {
        return Optional.empty();
      }
    }
    int n = counts.size();
    int[] in = new int[n];
    int[] out = new int[n];
    List<Map<String, Integer>> byColumn = new java.util.ArrayList<>(n);
    int c = 0;
    for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
      in[c] = slots.string(e.getKey());
      out[c] = slots.newNumber(e.getKey());
      byColumn.add(new HashMap<>(e.getValue()));
      c++;
    }
    return Optional.of(row -> {
      for (int k = 0; k < n; k++) {
        row.setNumber(out[k], encode(byColumn.get(k), row.string(in[k])));
      }
    });
  }
}
