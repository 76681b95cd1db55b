package org.mlengine.runtime.internal.steps;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.stream.Collectors;
import org.mlengine.runtime.internal.Immutables;

/**
 * Fitted mean encoding: per column, each training category's smoothed target mean, and the
 * prior for a missing or unseen category. With one encoded value (a binary or regression
 * target) the column is replaced by a NUMERIC column of the same name; with one value per class
 * (more than two classes) the column is dropped and {@code Column@class} is appended per class.
 *
 * <pre>{@code
 * MeanEncodingTransform m = new MeanEncodingTransform(Task.REGRESSION, List.of(), List.of(10.0),
 *     Map.of("Job", Map.of("nurse", List.of(12.5), "clerk", List.of(8.0))));
 * Table out = m.apply(table);   // Job becomes NUMERIC; a missing or unseen job gets 10.0
 * }</pre>
 *
 * @param task what the target is
 * @param classes the classes whose probability is encoded: one for a binary target, each class
 *     for more than two, none for regression
 * @param prior the encoding of a missing or unseen category, one value per output
 * @param encodings per column, each category's values, one per output
 */
public record MeanEncodingTransform(
    Task task, List<String> classes, List<Double> prior, Map<String, Map<String, List<Double>>> encodings)
    implements FittedTransform {
  public static final String TAG = "mean_encoding";

  public MeanEncodingTransform {
    Objects.requireNonNull(task, "task");
    classes = List.copyOf(classes);
    prior = List.copyOf(prior);
    if (task == Task.CLASSIFICATION) {
      checkArgument(!classes.isEmpty(), "a CLASSIFICATION mean encoding needs at least one encoded class");
    } else {
      checkArgument(classes.isEmpty(), "a REGRESSION mean encoding encodes no classes, got %s", classes);
    }
    int width = Math.max(1, classes.size());
    checkArgument(prior.size() == width, "the prior has %s values but the encoding has %s outputs", prior.size(), width);
    checkArgument(!encodings.isEmpty(), "mean_encoding needs at least one column");
    Map<String, Map<String, List<Double>>> copy = new LinkedHashMap<>();
    encodings.forEach((column, byCategory) -> {
      Map<String, List<Double>> values = new LinkedHashMap<>();
      new TreeMap<>(byCategory).forEach((category, v) -> {
        checkArgument(
            v.size() == width,
            "category '%s' of column '%s' has %s values but the encoding has %s outputs",
            category,
            column,
            v.size(),
            width);
        values.put(category, List.copyOf(v));
      });
      copy.put(column, Immutables.map(values));
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

  /** Whether each class gets its own output column (more than two classes). */
  boolean perClass() {
    return classes.size() > 1;
  }

  /** The columns one input column becomes. */
  List<String> outputColumns(String column) {
    if (!perClass()) {
      return List.of(column);
    }
    return classes.stream().map(c -> column + "@" + c).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public Table apply(Table table) {
    int n = table.rowCount();
    Table out = table;
    int width = prior.size();
    for (Map.Entry<String, Map<String, List<Double>>> e : encodings.entrySet()) {
      String column = e.getKey();
      String[] values = Inputs.strings(TAG, table, column);
      double[][] encoded = new double[width][n];
      for (int r = 0; r < n; r++) {
        List<Double> v = values[r] == null ? null : e.getValue().get(values[r]);
        if (v == null) {
          v = prior;
        }
        for (int k = 0; k < width; k++) {
          encoded[k][r] = v.get(k);
        }
      }
      out = write(out, column, encoded);
    }
    return out;
  }

  /** Writes one input column's encoded values in place of the column. */
  public Table write(Table table, String column, double[][] encoded) {
    if (!perClass()) {
      return table.withNumeric(column, encoded[0]);
    }
    Table out = table.drop(column);
    List<String> names = outputColumns(column);
    for (int k = 0; k < names.size(); k++) {
      Inputs.requireFree(TAG, out, names.get(k), column);
      out = out.withNumeric(names.get(k), encoded[k]);
    }
    return out;
  }

  /** The prior as an array. */
  public double[] priorValues() {
    return prior.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>();
    for (double v : values) {
      out.add(v);
    }
    return List.copyOf(out);
  }

  /**
   * The row form: the row's category's encoding (or the prior) in place of the column, or in one
   * appended slot per class for a multi-class target, as {@link #apply} does.
   */
  @Override
  public Optional<RowKernel> compile(Slots slots) {
    List<RowKernel> parts = new java.util.ArrayList<>();
    double[] priorValues = priorValues();
    for (Map.Entry<String, Map<String, List<Double>>> e : encodings.entrySet()) {
      String column = e.getKey();
      java.util.HashMap<String, double[]> table = new java.util.HashMap<>();
      e.getValue().forEach((category, values) -> table.put(category, values.stream().mapToDouble(Double::doubleValue).toArray()));
      int in = slots.string(column);
      int[] out;
      if (perClass()) {
        slots.remove(column);
        List<String> names = outputColumns(column);
        out = new int[names.size()];
        for (int k = 0; k < out.length; k++) {
          out[k] = slots.newNumber(names.get(k));
        }
      } else {
        out = new int[] {slots.newNumber(column)};
      }
      parts.add(row -> {
        String value = row.string(in);
        double[] v = value == null ? null : table.get(value);
        if (v == null) {
          v = priorValues;
        }
        for (int k = 0; k < out.length; k++) {
          row.setNumber(out[k], v[k]);
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
