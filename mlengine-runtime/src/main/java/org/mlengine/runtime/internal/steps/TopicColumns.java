package org.mlengine.runtime.internal.steps;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.mlengine.runtime.spi.RowKernel;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import java.util.ArrayList;

/**
 * The output of the topic and embedding steps: the text column is dropped and {@code width}
 * NUMERIC columns {@code column_<prefix>0 ..} are appended, one dense value each, by the table
 * form and the row form alike.
 */
final class TopicColumns {
  private TopicColumns() {}

  /** {@code column_prefix0 .. column_prefix(width-1)}. */
  static List<String> names(String column, String prefix, int width) {
    List<String> names = new ArrayList<>(width);
    for (int j = 0; j < width; j++) {
      names.add(column + "_" + prefix + j);
    }
    return List.copyOf(names);
  }

  /**
   * The table form: reads the TEXT column (missing as {@code null}), maps each document to its
   * values, drops the column and appends the outputs, refusing names the table already has.
   */
  static Table apply(String tag, Table table, String column, List<String> outputs, Function<String, double[]> values) {
    String[] docs = TextAnalyzer.texts(tag, table, column);
    int width = outputs.size();
    double[][] block = new double[width][docs.length];
    for (int r = 0; r < docs.length; r++) {
      double[] v = values.apply(docs[r]);
      for (int j = 0; j < width; j++) {
        block[j][r] = v[j];
      }
    }
    Table out = table.drop(column);
    for (int j = 0; j < width; j++) {
      Inputs.requireFree(tag, out, outputs.get(j), column);
      out = out.withNumeric(outputs.get(j), block[j]);
    }
    return out;
  }

  /**
   * The row form, binding slots as {@link #apply} changes the columns. Empty (the table path,
   * which reports it) when the column is not TEXT at this step or an output name is taken.
   */
  static Optional<RowKernel> compile(Slots slots, String column, List<String> outputs, Function<String, double[]> values) {
    if (!TextVectors.isText(slots, column)) {
      return Optional.empty();
    }
    for (String name : outputs) {
      if (bound(slots, name)) {
        return Optional.empty();
      }
    }
    int in = slots.string(column);
    slots.remove(column);
    int[] out = new int[outputs.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = slots.newNumber(outputs.get(j));
    }
    return Optional.of(row -> {
      double[] v = values.apply(row.string(in));
      for (int j = 0; j < out.length; j++) {
        row.setNumber(out[j], v[j]);
      }
    });
  }

  private static boolean bound(Slots slots, String name) {
    try {
      slots.type(name);
      return true;
    } catch (IllegalStateException absent) {
      return false;
    }
  }
}
