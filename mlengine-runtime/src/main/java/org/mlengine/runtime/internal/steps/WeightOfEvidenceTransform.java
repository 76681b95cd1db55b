package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Objects;
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
 * Fitted weight of evidence: per column, each training category's log-odds value; a missing or
 * unseen category gets 0 (no evidence either way). Each column is replaced by a NUMERIC column
 * of the same name.
 *
 * <pre>{@code
 * WeightOfEvidenceTransform woe = new WeightOfEvidenceTransform("yes",
 *     Map.of("Job", Map.of("nurse", 0.4, "clerk", -0.2)));
 * Table out = woe.apply(table);   // Job becomes NUMERIC; a missing or unseen job gets 0.0
 * }</pre>
 *
 * @param positive the class whose share is the numerator (the second class in sorted order)
 * @param encodings per column, each category's value
 */
public record WeightOfEvidenceTransform(String positive, Map<String, Map<String, Double>> encodings) implements FittedTransform {
  public static final String TAG = "weight_of_evidence";

  public WeightOfEvidenceTransform {
    Objects.requireNonNull(positive, "positive");
    checkArgument(!encodings.isEmpty(), "weight_of_evidence needs at least one column");
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    encodings.forEach((column, values) -> {
      values.forEach((category, v) -> checkArgument(
          Double.isFinite(v), "category '%s' of column '%s' has the value %s; it must be finite", category, column, v));
      copy.put(column, Immutables.map(new TreeMap<>(values)));
    });
    encodings = Immutables.map(copy);
  }

  @Override
  public String tag() {
    return TAG;
  }

  @Override
  public List<String> inputColumns() {
    return List.copyOf(encodings.keySet());
  }

  @Override
  public Table apply(Table table) {
    return Inputs.encodeCategories(TAG, table, encodings, WeightOfEvidenceTransform::encode);
  }

  /** A category's value as both forms write it: its training value, or 0 when missing or unseen. */
  static double encode(Map<String, Double> values, String category) {
    Double v = category == null ? null : values.get(category);
    return v == null ? 0.0 : v;
  }

  /**
   * The row form: each column is rebound, in place, to a NUMERIC slot holding its value, as
   * {@link #apply} replaces it. Empty (the table path, which reports it) when a column is not
   * CATEGORICAL at this step.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    int n = encodings.size();
    int[] in = new int[n];
    int[] out = new int[n];
    List<Map<String, Double>> values = new java.util.ArrayList<>(n);
    for (String column : encodings.keySet()) {
      if (Inputs.typeAt(slots, column) != ColumnType.CATEGORICAL) {
        return Optional.empty();
      }
    }
    int c = 0;
    for (Map.Entry<String, Map<String, Double>> e : encodings.entrySet()) {
      in[c] = slots.string(e.getKey());
      out[c] = slots.newNumber(e.getKey());
      values.add(new HashMap<>(e.getValue()));
      c++;
    }
    return Optional.of(row -> {
      for (int k = 0; k < n; k++) {
        row.setNumber(out[k], encode(values.get(k), row.string(in[k])));
      }
    });
  }
}
