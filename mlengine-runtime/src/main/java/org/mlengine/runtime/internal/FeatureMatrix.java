package org.mlengine.runtime.internal;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's inputs for a batch of rows, in one of two forms. Compressed sparse rows: NUMERIC
 * feature columns give one entry per row (zeros included), VECTOR columns give their non-zero
 * entries. Dense columns ({@link #columns} not null): every feature slot is a NUMERIC column and
 * {@code columns[slot][row]} is its value, the feature table's own arrays shared rather than
 * copied, so a training matrix costs no memory beyond the features; {@link #rowStart}, {@link
 * #index} and {@link #value} are null then. A slot whose column holds 0 or 1 a byte a row (a
 * {@link Column.Indicator}, a one-hot column of the training rows) has {@code columns[slot]} null
 * and {@code indicators[slot][row]} its value; {@link #column} reads either kind. Feature slots follow {@link Layout}; {@link
 * #entries}, {@link #slot} and {@link #value(int, int)} read a row's entries in either form.
 *
 * <pre>{@code
 * FeatureMatrix.Layout layout = FeatureMatrix.Layout.of(features);
 * FeatureMatrix m = layout.scoringMatrix(features);
 * double[] first = model.score(m.index, m.value, m.rowStart[0], m.rowStart[1]);
 * }</pre>
 */
public final class FeatureMatrix {
  public final int rows;
  public final int[] rowStart;
  public final int[] index;
  public final double[] value;
  /**
   * The dense form's columns, {@code columns[slot][row]}, never changed; null in the sparse form,
   * and {@code columns[slot]} null for a slot in {@link #indicators}.
   */
  public final double[][] columns;
  /**
   * The dense form's 0/1 columns, {@code indicators[slot][row]} (a byte, 0 or 1), for the slots
   * whose {@link #columns} entry is null; null in the sparse form.
   */
  public final byte[][] indicators;

  private FeatureMatrix(int rows, int[] rowStart, int[] index, double[] value) {
    this.rows = rows;
    this.rowStart = rowStart;
    this.index = index;
    this.value = value;
    this.columns = null;
    this.indicators = null;
  }

  private FeatureMatrix(int rows, double[][] columns, byte[][] indicators) {
    this.rows = rows;
    this.rowStart = null;
    this.index = null;
    this.value = null;
    this.columns = columns;
    this.indicators = indicators;
  }

  /** Whether this matrix holds dense columns ({@link #columns}) rather than sparse rows. */
  public boolean isDense() {
    return columns != null;
  }

  /** The entries row {@code row} holds: every slot in the dense form, its stored entries in the sparse form. */
  public int entries(int row) {
    return columns != null ? columns.length : rowStart[row + 1] - rowStart[row];
  }

  /** The feature slot of row {@code row}'s entry {@code k} (0 &le; k &lt; {@link #entries}); slots ascend within a row. */
  public int slot(int row, int k) {
    return columns != null ? k : index[rowStart[row] + k];
  }

  /** The value of row {@code row}'s entry {@code k} (0 &le; k &lt; {@link #entries}). */
  public double value(int row, int k) {
    return columns != null ? column(k, row) : value[rowStart[row] + k];
  }

  /** The dense form's value of slot {@code slot} at row {@code row}, from {@link #columns} or {@link #indicators}. */
  public double column(int slot, int row) {
    double[] column = columns[slot];
    return column != null ? column[row] : indicators[slot][row];
  }

  /**
   * Which columns of the final table feed the model, in order, and how many feature slots each
   * takes: one for a NUMERIC column, one per dimension for a VECTOR column.
   *
   * @param columns the feature columns in order
   * @param widths the slots of each column
   * @param names every slot's feature name
   */
  public record Layout(List<String> columns, List<Integer> widths, List<String> names) {
    public Layout {
      columns = List.copyOf(columns);
      widths = List.copyOf(widths);
      names = List.copyOf(names);
    }

    /** The layout of a table whose every column is a feature; refuses anything else. */
    public static Layout of(Table features) {
      List<String> problems = new ArrayList<>();
      List<Integer> widths = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Column c : RuntimeAccess.tables().columns(features)) {
        if (c instanceof Column.Numeric || c instanceof Column.Indicator) {
          widths.add(1);
          names.add(c.name());
        } else if (c instanceof Column.Vector v) {
          widths.add(v.dimensions().size());
          names.addAll(v.dimensions());
        } else {
          problems.add("column '" + c.name() + "' is " + c.type()
              + " after all steps; the model needs numbers. Add a step that encodes it, or drop it.");
        }
      }
      if (RuntimeAccess.tables().columns(features).isEmpty()) {
        problems.add("no features are left after all steps; keep at least one column besides the target.");
      }
      var seen = new java.util.HashSet<String>();
      for (String n : names) {
        if (!seen.add(n)) {
          problems.add("two features are named '" + n + "'; rename a column or a step's output so every feature name is unique.");
          break;
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("the pipeline does not fit this table:\n- " + String.join("\n- ", problems));
      }
      return new Layout(features.columnNames(), widths, names);
    }

    int width() {
      return names.size();
    }

    /**
     * The matrix of the training part, which has these columns; a missing numeric value is an
     * {@link IllegalArgumentException} that counts the feature's missing values and names the fix.
     */
    public FeatureMatrix trainingMatrix(Table table) {
      Column[] cols = new Column[columns.size()];
      for (int c = 0; c < cols.length; c++) {
        cols[c] = RuntimeAccess.tables().column(table, columns.get(c));
        if (!(cols[c] instanceof Column.Numeric || cols[c] instanceof Column.Indicator)) {
          return matrix(table, Rows.TRAINING, 0, table.rowCount());
        }
      }
      return dense(table, cols);
    }

    /**
     * The matrix of rows to score, which have these columns; a missing numeric value is an
     * {@link InvalidInputException} that names the feature, the row and the fix.
     */
    public FeatureMatrix scoringMatrix(Table table) {
      return matrix(table, Rows.SCORED, 0, table.rowCount());
    }

    /**
     * The matrix of rows {@code [from, to)} of a table to score, as {@link #scoringMatrix(Table)}
     * (an error names the row's index in the table): a large table scored a block of rows at a
     * time holds one block's entries, not 12 bytes a feature for every row (issue #15).
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= table.rowCount()}
     */
    public FeatureMatrix scoringMatrix(Table table, int from, int to) {
      if (from < 0 || from > to || to > table.rowCount()) {
        throw new IndexOutOfBoundsException("scoringMatrix(table, " + from + ", " + to + "): rows [" + from + ", " + to
            + ") lie outside the table's " + table.rowCount() + " rows; give 0 <= from <= to <= table.rowCount()");
      }
      return matrix(table, Rows.SCORED, from, to);
    }

    /** Whose rows a matrix holds, which decides how a missing value is reported. */
    private enum Rows {
      TRAINING,
      SCORED
    }

    /**
     * The dense form over NUMERIC columns, sharing their arrays (an indicator column's bytes); refuses
     * the first row (then the first column) holding a value that is not finite, as the sparse form's
     * row-by-row scan would.
     */
    private FeatureMatrix dense(Table table, Column[] cols) {
      double[][] values = new double[cols.length][];
      byte[][] indicators = new byte[cols.length][];
      int firstRow = table.rowCount();
      int firstColumn = -1;
      for (int c = 0; c < cols.length; c++) {
        if (cols[c] instanceof Column.Indicator flags) {
          indicators[c] = flags.values();   // 0 or 1: always finite
          continue;
        }
        values[c] = ((Column.Numeric) cols[c]).values();
        for (int r = 0; r < firstRow; r++) {
          if (!Double.isFinite(values[c][r])) {
            firstRow = r;
            firstColumn = c;
            break;
          }
        }
      }
      if (firstColumn >= 0) {
        double x = values[firstColumn][firstRow];
        String name = cols[firstColumn].name();
        throw Double.isNaN(x) ? missing(name, firstRow, Rows.TRAINING, table) : notFinite(name, x, firstRow, Rows.TRAINING, table);
      }
      return new FeatureMatrix(table.rowCount(), values, indicators);
    }

    private FeatureMatrix matrix(Table table, Rows rows, int from, int to) {
      int n = to - from;
      Column[] cols = new Column[columns.size()];
      int nnz = 0;
      for (int c = 0; c < cols.length; c++) {
        cols[c] = Column.plain(RuntimeAccess.tables().column(table, columns.get(c)));
        if (cols[c] instanceof Column.Numeric) {
          nnz += n;
        } else if (cols[c] instanceof Column.Vector v) {
          if (v.dimensions().size() != widths.get(c)) {
            throw new IllegalStateException("vector column '" + v.name() + "' has " + v.dimensions().size()
                + " dimensions but the model was fitted with " + widths.get(c));
          }
          for (int r = from; r < to; r++) {
            nnz += v.indices()[r].length;
          }
        } else {
          throw new IllegalStateException("feature column '" + cols[c].name() + "' is " + cols[c].type() + "; expected NUMERIC or VECTOR");
        }
      }
      int[] rowStart = new int[n + 1];
      int[] index = new int[nnz];
      double[] value = new double[nnz];
      int k = 0;
      for (int r = from; r < to; r++) {
        rowStart[r - from] = k;
        int offset = 0;
        for (int c = 0; c < cols.length; c++) {
          if (cols[c] instanceof Column.Numeric num) {
            double x = num.values()[r];
            if (!Double.isFinite(x)) {
              throw Double.isNaN(x) ? missing(num.name(), r, rows, table) : notFinite(num.name(), x, r, rows, table);
            }
            index[k] = offset;
            value[k++] = x;
          } else {
            Column.Vector v = (Column.Vector) cols[c];
            int[] idx = v.indices()[r];
            double[] val = v.values()[r];
            for (int j = 0; j < idx.length; j++) {
              if (!Double.isFinite(val[j])) {
                throw notFinite(v.name(), val[j], r, rows, table);
              }
              index[k] = offset + idx[j];
              value[k++] = val[j];
            }
          }
          offset += widths.get(c);
        }
      }
      rowStart[n] = k;
      return new FeatureMatrix(n, rowStart, index, value);
    }

    /**
     * The refusal of a feature that is NaN inside a vector or infinite after all steps in row
     * {@code row} of a batch being scored: a step overflowed (the inputs themselves are checked
     * before the steps run).
     */
    static InvalidInputException notFinite(String name, double value, int row) {
      return new InvalidInputException(name, "feature '" + name + "' is " + value + " after all steps at row " + row
          + "; the model needs finite numbers, and a step overflowed on this row's values. Send values within the range the"
          + " pipeline was trained on, or clip the columns this feature is made from with Features.clip(...) before that step.");
    }

    private static RuntimeException notFinite(String name, double value, int row, Rows rows, Table table) {
      if (rows == Rows.SCORED) {
        return notFinite(name, value, row);
      }
      int count = 0;
      Column column = RuntimeAccess.tables().column(table, name);
      for (int r = 0; r < table.rowCount(); r++) {
        count += column instanceof Column.Numeric n ? (Double.isFinite(n.values()[r]) ? 0 : 1) : nonFinite(((Column.Vector) column).values()[r]);
      }
      return new IllegalArgumentException("feature '" + name + "' is " + value + " in " + count + (count == 1 ? " row" : " rows")
          + " of the training part after all steps (first at training row " + row + "); the trainer needs finite numbers, and a"
          + " step overflowed on these rows' values. Clip the columns this feature is made from with Features.clip(...) before"
          + " that step, or drop those rows.");
    }

    private static int nonFinite(double[] values) {
      for (double x : values) {
        if (!Double.isFinite(x)) {
          return 1;
        }
      }
      return 0;
    }

    private static RuntimeException missing(String name, int row, Rows rows, Table table) {
      if (rows == Rows.TRAINING) {
        int count = 0;
        for (double x : RuntimeAccess.tables().numericColumnRef(table, name)) {
          count += Double.isNaN(x) ? 1 : 0;
        }
        return new IllegalArgumentException("feature '" + name + "' has " + count + " missing values in the training part after all steps;"
            + " the trainer needs numbers. Add Features.impute(\"" + name + "\") before the steps that read it.");
      }
      return new InvalidInputException(name, "feature '" + name + "' is missing (NaN) after all steps at row " + row
          + "; the model cannot score a missing value. Send a value, or add Features.impute(\"" + name + "\") to the pipeline.");
    }
  }
}
