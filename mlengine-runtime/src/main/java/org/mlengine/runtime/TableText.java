package org.mlengine.runtime;

import org.mlengine.runtime.internal.Column;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link Table#toString()}: the table as a notebook shows it, like pandas, Tablesaw or an R
 * tibble. Column names over their types, aligned cells (numbers to the right), whole numbers
 * without {@code .0}, {@value #MISSING} for a missing value, cells cut at {@value #MAX_CELL}
 * characters, the first and last {@value #EDGE_ROWS} rows of a longer table around a row of
 * {@code ...}, the first and last {@value #EDGE_COLUMNS} columns of a wider one, and the shape.
 * Only the rows shown are formatted, so a table of any size prints at once.
 */
final class TableText {
  static final String MISSING = "<NA>";
  static final int EDGE_ROWS = 5;
  static final int EDGE_COLUMNS = 10;
  static final int MAX_CELL = 30;
  private static final String GAP = "...";

  private TableText() {}

  /** One printed column: its cells top to bottom (name, type, values) and its alignment. */
  private record Printed(List<String> cells, boolean right) {}

  static String of(Table table) {
    int n = table.rowCount();
    if (table.columns().isEmpty()) {
      return count(n, "row") + " × 0 columns";
    }
    int[] rows = shownRows(n);
    boolean rowGap = rows.length < n;
    List<Printed> printed = new ArrayList<>();
    if (n > 0) {
      printed.add(indexColumn(rows, rowGap));
    }
    List<Column> columns = table.columns();
    boolean columnGap = columns.size() > 2 * EDGE_COLUMNS;
    for (int c = 0; c < columns.size(); c++) {
      if (columnGap && c == EDGE_COLUMNS) {
        printed.add(gapColumn(rows.length + 2 + (rowGap ? 1 : 0)));
        c = columns.size() - EDGE_COLUMNS;
      }
      printed.add(column(columns.get(c), rows, rowGap));
    }
    StringBuilder out = new StringBuilder();
    lines(printed, out);
    return out.append(count(n, "row")).append(" × ").append(count(columns.size(), "column")).toString();
  }

  /** Every row up to twice {@link #EDGE_ROWS}, else the first and last {@link #EDGE_ROWS}. */
  private static int[] shownRows(int n) {
    if (n <= 2 * EDGE_ROWS) {
      return java.util.stream.IntStream.range(0, n).toArray();
    }
    int[] rows = new int[2 * EDGE_ROWS];
    for (int i = 0; i < EDGE_ROWS; i++) {
      rows[i] = i;
      rows[EDGE_ROWS + i] = n - EDGE_ROWS + i;
    }
    return rows;
  }

  private static Printed indexColumn(int[] rows, boolean rowGap) {
    List<String> cells = new ArrayList<>(List.of("", ""));
    for (int i = 0; i < rows.length; i++) {
      if (rowGap && i == EDGE_ROWS) {
        cells.add(GAP);
      }
      cells.add(Integer.toString(rows[i]));
    }
    return new Printed(cells, true);
  }

  private static Printed gapColumn(int height) {
    return new Printed(java.util.Collections.nCopies(height, GAP), false);
  }

  private static Printed column(Column column, int[] rows, boolean rowGap) {
    List<String> cells = new ArrayList<>(List.of(cut(column.name()), type(column.type())));
    for (int i = 0; i < rows.length; i++) {
      if (rowGap && i == EDGE_ROWS) {
        cells.add(GAP);
      }
      cells.add(column.isMissing(rows[i]) ? MISSING : cell(column, rows[i]));
    }
    return new Printed(cells, column.type() == ColumnType.NUMERIC);
  }

  /** The type as a tibble marks it under the name. */
  private static String type(ColumnType type) {
    return switch (type) {
      case NUMERIC -> "<num>";
      case CATEGORICAL -> "<cat>";
      case TEXT -> "<text>";
      case TIMESTAMP -> "<time>";
      case VECTOR -> "<vec>";
    };
  }

  private static String cell(Column column, int row) {
    if (column instanceof Column.Indicator flags) {
      return number(flags.number(row));
    }
    if (column instanceof Column.Numeric numeric) {
      return number(numeric.values()[row]);
    }
    if (column instanceof Column.Timestamp time) {
      return Instant.ofEpochMilli(time.millis()[row]).toString();
    }
    if (column instanceof Column.Vector vector) {
      return vector(vector, row);
    }
    return cut(escape(String.valueOf(column.value(row))));
  }

  /**
   * A number as a person writes it: whole numbers without a fraction, others to six significant
   * digits (more when the whole part has more), very small or large ones in scientific notation.
   */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return MISSING;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return Long.toString((long) v);
    }
    if (a >= 1e-4 && a < 1e15) {
      int digits = Math.max(6, (int) Math.floor(Math.log10(a)) + 2);
      return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.5e", v).replaceFirst("\\.?0+e", "e");
  }

  /** The non-zero entries by dimension name, {@code {good: 1, tasty: 0.5}}, built only as far as shown. */
  private static String vector(Column.Vector vector, int row) {
    int[] indices = vector.indices()[row];
    double[] values = vector.values()[row];
    StringBuilder s = new StringBuilder("{");
    for (int k = 0; k < indices.length && s.length() <= MAX_CELL; k++) {
      s.append(k == 0 ? "" : ", ").append(escape(vector.dimensions().get(indices[k]))).append(": ").append(number(values[k]));
    }
    return cut(s.append('}').toString());
  }

  /** Line breaks and tabs as escapes, so a cell stays on its line. */
  private static String escape(String s) {
    return s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  /** The text, or its first {@code MAX_CELL - 1} characters and an ellipsis. */
  private static String cut(String s) {
    return s.length() <= MAX_CELL ? s : s.substring(0, MAX_CELL - 1) + "…";
  }

  private static void lines(List<Printed> printed, StringBuilder out) {
    int[] widths = printed.stream().mapToInt(p -> p.cells().stream().mapToInt(String::length).max().orElse(0)).toArray();
    int height = printed.get(0).cells().size();
    for (int r = 0; r < height; r++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < printed.size(); c++) {
        String cell = printed.get(c).cells().get(r);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(c == 0 ? "" : "  ").append(printed.get(c).right() ? pad + cell : cell + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
