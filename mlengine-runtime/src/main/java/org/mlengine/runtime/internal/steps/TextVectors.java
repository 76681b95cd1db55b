package org.mlengine.runtime.internal.steps;

import java.util.ArrayList;
import java.util.List;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.RowBuffer;
import org.mlengine.runtime.spi.Slots;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * The term vectors of the text steps: one sparse row per document (strictly increasing indices
 * and their values), built and normalized sparse and written to the table as one VECTOR column,
 * so a vocabulary of 100,000 terms costs memory only for the terms each document holds.
 *
 * <pre>{@code
 * TextVectors.Entries doc = new TopicTerms(bagOfWords).vector("good food");
 * int[] slots = doc.indices();      // strictly increasing
 * double[] weights = doc.values();
 * }</pre>
 */
public final class TextVectors {
  private final int[][] indices;
  private final double[][] values;

  TextVectors(int rows) {
    this.indices = new int[rows][];
    this.values = new double[rows][];
  }

  /** Sets a row: indices strictly increasing, one value per index. */
  void set(int row, int[] rowIndices, double[] rowValues) {
    indices[row] = rowIndices;
    values[row] = rowValues;
  }

  /**
   * Replaces {@code column} (in place) with a VECTOR column of these rows and dimension names.
   * The rows are handed over, not copied as {@link Table#withVector} copies a caller's arrays:
   * the kernels build each row fresh, in order, and keep no reference to it.
   */
  Table write(Table table, String column, List<String> dimensions) {
    List<Column> columns = new ArrayList<>(RuntimeAccess.tables().columns(table));
    Column vector = new Column.Vector(column, dimensions, indices, values);
    int at = table.columnNames().indexOf(column);
    if (at < 0) {
      columns.add(vector);
    } else {
      columns.set(at, vector);
    }
    return RuntimeAccess.tables().of(columns);
  }

  /**
   * One document's entries.
   *
   * @param indices strictly increasing dimensions
   * @param values one value per index
   */
  public record Entries(int[] indices, double[] values) {}

  /** Writes one document's entries into a vector slot of a row buffer. */
  static void write(RowBuffer row, int slot, Entries entries) {
    row.clearVector(slot);
    for (int k = 0; k < entries.indices().length; k++) {
      row.appendVector(slot, entries.indices()[k], entries.values()[k]);
    }
  }

  /** Whether {@code column} is a TEXT column at this step of a compiled pipeline. */
  static boolean isText(Slots slots, String column) {
    try {
      return slots.type(column) == ColumnType.TEXT;
    } catch (IllegalStateException absent) {
      return false;
    }
  }

  /** Scales the values to unit L1 or L2 norm in place, as scikit-learn's {@code normalize}; zeros stay zero. */
  static void normalize(double[] v, VectorNorm norm) {
    double sum = 0;
    switch (norm) {
      case NONE -> {
        return;
      }
      case L1 -> {
        for (double x : v) {
          sum += Math.abs(x);
        }
      }
      case L2 -> {
        for (double x : v) {
          sum += x * x;
        }
        sum = Math.sqrt(sum);
      }
    }
    if (sum == 0) {
      return;
    }
    for (int k = 0; k < v.length; k++) {
      v[k] /= sum;
    }
  }
}
