package org.mlengine.runtime;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.internal.CsvReader;
import org.mlengine.runtime.internal.CsvStream;
import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlengine.runtime.internal.Immutables;

/**
 * An immutable, columnar table of typed columns (NUMERIC, CATEGORICAL, TEXT, TIMESTAMP), the
 * data every other part of mlengine reads.
 *
 * <pre>{@code
 * Table credit = Table.readCsv(Path.of("credit_data.csv"));
 * Table small = Table.builder()
 *     .numeric("Income", 120, Double.NaN, 80)
 *     .categorical("Home", "rent", "owner", null)
 *     .build();
 * double income = small.row(0).numeric("Income");
 * }</pre>
 *
 * <p>Missing values are {@code NaN} in NUMERIC columns and {@code null} elsewhere.
 */
public final class Table {

  private final List<Column> columns;
  private final Map<String, Integer> index;
  private final List<String> names;
  private final int rowCount;

  private Table(List<Column> columns, int rowCount) {
    this.columns = List.copyOf(columns);
    Map<String, Integer> b = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      Immutables.putNew(b, columns.get(i).name(), i);
    }
    this.index = Immutables.map(b);
    this.names = List.copyOf(index.keySet());
    this.rowCount = rowCount;
  }

  static {
    RuntimeAccess.register(new RuntimeAccess.Tables() {
      @Override
      public Table of(List<Column> columns) {
        return Table.of(columns);
      }

      @Override
      public Column column(Table table, String name) {
        return table.column(name);
      }

      @Override
      public List<Column> columns(Table table) {
        return table.columns();
      }

      @Override
      public double[] numericColumnRef(Table table, String name) {
        return table.numericColumnRef(name);
      }

      @Override
      public Builder add(Builder builder, Column column) {
        return builder.add(column);
      }
    });
  }

  static Table of(List<Column> columns) {
    int rows = columns.isEmpty() ? 0 : columns.get(0).size();
    for (Column c : columns) {
      checkArgument(
          c.size() == rows,
          "column '%s' has %s values but column '%s' has %s; all columns need the same length",
          c.name(),
          c.size(),
          columns.get(0).name(),
          rows);
    }
    return new Table(columns, rows);
  }

  /** Reads a CSV file with a header row, inferring column types; see {@link CsvOptions}. */
  public static Table readCsv(Path path) throws IOException {
    return readCsv(path, CsvOptions.defaults());
  }

  /**
   * Reads a CSV file with a header row using these options (type overrides, missing markers,
   * separator, charset).
   */
  public static Table readCsv(Path path, CsvOptions options) throws IOException {
    return CsvReader.read(path, options);
  }

  /** Reads CSV text with a header row; {@code source} names the input in error messages. */
  public static Table readCsv(Reader reader, String source, CsvOptions options) throws IOException {
    return CsvReader.read(reader, source, options);
  }

  /**
   * Opens a CSV file to visit its rows (or batches of rows) in memory that does not grow with the
   * file; undeclared column types are inferred from the first {@value CsvScan#INFER_ROWS}
   * records (see {@link CsvScan}).
   *
   * @throws CsvFormatException for a problem in the header or in those first records
   */
  public static CsvScan scanCsv(Path path, CsvOptions options) throws IOException {
    return new CsvScan(CsvStream.open(path, options, CsvScan.INFER_ROWS, CsvScan.BATCH_ROWS));
  }

  /** {@link #scanCsv(Path, CsvOptions)} with {@link CsvOptions#defaults()}. */
  public static CsvScan scanCsv(Path path) throws IOException {
    return scanCsv(path, CsvOptions.defaults());
  }

  /**
   * {@link #scanCsv(Path, CsvOptions)} on a stream, such as standard input, decoded in {@link
   * CsvOptions#charset()}; {@code source} names the input in error messages. Closing the scan
   * closes the stream.
   *
   * <pre>{@code
   * try (CsvScan scan = Table.scanCsv(System.in, "stdin", CsvOptions.defaults())) {
   *   for (Table batch = scan.nextBatch(); batch != null; batch = scan.nextBatch()) {
   *     // ...
   *   }
   * }
   * }</pre>
   *
   * @throws CsvFormatException for a problem in the header or in the first records
   */
  public static CsvScan scanCsv(java.io.InputStream in, String source, CsvOptions options) throws IOException {
    // CsvStream.open checks every argument and closes the stream when it refuses one.
    return new CsvScan(CsvStream.open(in, source, options, (header, line) -> options, CsvScan.INFER_ROWS, CsvScan.BATCH_ROWS));
  }

  /** Starts a table built column by column. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a table from rows given as maps, inferring each column's type from its Java values:
   * numbers become NUMERIC, {@link Instant} and {@link java.util.Date} TIMESTAMP, anything else
   * CATEGORICAL (by {@code toString()}). Every map must
   * have the same keys; {@code null} is a missing value.
   */
  public static Table fromRows(List<? extends Map<String, ?>> rows) {
    checkArgument(!rows.isEmpty(), "no rows given; pass at least one row, or use Table.builder() for an empty table");
    List<String> names = new ArrayList<>(rows.get(0).keySet());
    Builder b = builder();
    for (String name : names) {
      Object[] values = new Object[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        Map<String, ?> row = rows.get(r);
        checkArgument(
            row.containsKey(name) && row.size() == names.size(),
            "row %s has keys %s but row 0 has %s; every row needs the same keys",
            r,
            row.keySet(),
            names);
        values[r] = row.get(name);
      }
      b.column(name, values);
    }
    return b.build();
  }

  /** The number of rows. */
  public int rowCount() {
    return rowCount;
  }

  /** The column names in order. */
  public List<String> columnNames() {
    return names;
  }

  /** Whether the table has a column of that name. */
  public boolean hasColumn(String name) {
    return index.containsKey(name);
  }

  /** The type of a column. */
  public ColumnType type(String column) {
    return column(column).type();
  }

  /** The names, types and known categories of the columns. */
  public Schema schema() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Column c : columns) {
      List<String> categories =
          c instanceof Column.Categorical cat ? cat.categories() : List.of();
      fields.add(new Schema.Field(c.name(), c.type(), categories));
    }
    return new Schema(List.copyOf(fields));
  }

  /** The value of a NUMERIC column at a row; {@code NaN} when missing. */
  public double numeric(String column, int row) {
    return column(column) instanceof Column.Indicator flags ? flags.number(checkRow(row)) : numericColumnRef(column)[checkRow(row)];
  }

  /** The value of a CATEGORICAL or TEXT column at a row; {@code null} when missing. */
  public String string(String column, int row) {
    Column c = column(column);
    checkRow(row);
    if (c instanceof Column.Categorical cat) {
      return cat.string(row);
    }
    if (c instanceof Column.Text text) {
      return text.values()[row];
    }
    throw wrongType(c, "CATEGORICAL or TEXT", "string");
  }

  /** The value of a TIMESTAMP column at a row in epoch milliseconds; fails when missing. */
  public long timestamp(String column, int row) {
    Column c = column(column);
    if (!(c instanceof Column.Timestamp ts)) {
      throw wrongType(c, "TIMESTAMP", "timestamp");
    }
    long millis = ts.millis()[checkRow(row)];
    checkArgument(
        millis != Column.MISSING_TIME,
        "column '%s' has no value at row %s; check isMissing(column, row) first",
        column,
        row);
    return millis;
  }

  /** Whether the value at a row is missing. */
  public boolean isMissing(String column, int row) {
    return column(column).isMissing(checkRow(row));
  }

  /**
   * The value as a Java object: Double, String, Instant, {@link SparseVector}, or {@code null}
   * when missing.
   */
  public Object value(String column, int row) {
    return column(column).value(checkRow(row));
  }

  /** A copy of a NUMERIC column's values ({@code NaN} for missing). */
  public double[] numericColumn(String column) {
    return column(column) instanceof Column.Indicator flags ? flags.doubles() : numericColumnRef(column).clone();
  }

  /** A copy of a CATEGORICAL or TEXT column's values ({@code null} for missing). */
  public String[] stringColumn(String column) {
    Column c = column(column);
    if (c instanceof Column.Text text) {
      return text.values().clone();
    }
    if (c instanceof Column.Categorical cat) {
      String[] out = new String[rowCount];
      for (int r = 0; r < rowCount; r++) {
        out[r] = cat.string(r);
      }
      return out;
    }
    throw wrongType(c, "CATEGORICAL or TEXT", "stringColumn");
  }

  /** A copy of a TIMESTAMP column in epoch milliseconds; {@code Long.MIN_VALUE} for missing. */
  public long[] timestampColumn(String column) {
    Column c = column(column);
    if (!(c instanceof Column.Timestamp ts)) {
      throw wrongType(c, "TIMESTAMP", "timestampColumn");
    }
    return ts.millis().clone();
  }

  /** The sorted distinct non-missing values of a CATEGORICAL column. */
  public List<String> categories(String column) {
    Column c = column(column);
    if (!(c instanceof Column.Categorical cat)) {
      throw wrongType(c, "CATEGORICAL", "categories");
    }
    return cat.categories();
  }

  /** A view of one row. */
  public Row row(int index) {
    return new Row(this, checkRow(index));
  }

  /** A table with only these columns, in this order. */
  public Table select(String... names) {
    List<Column> out = new ArrayList<>();
    var seen = new java.util.HashSet<String>();
    for (String name : names) {
      checkArgument(seen.add(name), "column '%s' is selected twice; name each column once", name);
      out.add(column(name));
    }
    return new Table(out, rowCount);
  }

  /** A table without these columns; names that are absent are an error. */
  public Table drop(String... names) {
    var dropped = new java.util.HashSet<String>();
    for (String name : names) {
      column(name);
      dropped.add(name);
    }
    List<Column> out = new ArrayList<>();
    for (Column c : columns) {
      if (!dropped.contains(c.name())) {
        out.add(c);
      }
    }
    return new Table(out, rowCount);
  }

  /** The rows at these indices, in this order (an index may repeat). */
  public Table rows(int[] indices) {
    for (int i : indices) {
      checkRow(i);
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      out.add(c.rows(indices));
    }
    return new Table(out, indices.length);
  }

  /**
   * This table's rows followed by {@code other}'s. Both tables must have the same column names
   * and types in the same order (and a VECTOR column the same dimensions); a CATEGORICAL
   * column's dictionary is this table's followed by the categories only {@code other} has.
   *
   * <pre>{@code
   * Table both = train.concat(augmented);   // train.rowCount() + augmented.rowCount() rows
   * }</pre>
   */
  public Table concat(Table other) {
    Objects.requireNonNull(other, "concat(null): give the table whose rows to append");
    if (!sameColumns(other)) {
      throw new IllegalArgumentException("concat needs the same columns in the same order, but this table has "
          + describeColumns(this) + " and the other has " + describeColumns(other)
          + ". Select, reorder or retype the other table's columns to match, e.g. other.select(" + columnNames() + ").");
    }
    List<Column> out = new ArrayList<>(columns.size());
    for (int c = 0; c < columns.size(); c++) {
      out.add(concat(columns.get(c), other.columns.get(c)));
    }
    return new Table(out, rowCount + other.rowCount);
  }

  private boolean sameColumns(Table other) {
    if (columns.size() != other.columns.size()) {
      return false;
    }
    for (int c = 0; c < columns.size(); c++) {
      Column a = columns.get(c);
      Column b = other.columns.get(c);
      if (!a.name().equals(b.name()) || a.type() != b.type()) {
        return false;
      }
    }
    return true;
  }

  private static String describeColumns(Table table) {
    List<String> out = new ArrayList<>();
    for (Column c : table.columns) {
      out.add(c.name() + " " + c.type());
    }
    return out.toString();
  }

  /** Two columns of one name and type end to end; 0/1 bytes stay bytes when both hold them. */
  private static Column concat(Column a, Column b) {
    if (a instanceof Column.Indicator x && b instanceof Column.Indicator y) {
      byte[] v = Arrays.copyOf(x.values(), x.size() + y.size());
      System.arraycopy(y.values(), 0, v, x.size(), y.size());
      return new Column.Indicator(a.name(), v);
    }
    return concatPlain(Column.plain(a), Column.plain(b));
  }

  private static Column concatPlain(Column a, Column b) {
    if (a instanceof Column.Numeric x && b instanceof Column.Numeric y) {
      double[] v = Arrays.copyOf(x.values(), x.size() + y.size());
      System.arraycopy(y.values(), 0, v, x.size(), y.size());
      return new Column.Numeric(a.name(), v);
    }
    if (a instanceof Column.Text x && b instanceof Column.Text y) {
      String[] v = Arrays.copyOf(x.values(), x.size() + y.size());
      System.arraycopy(y.values(), 0, v, x.size(), y.size());
      return new Column.Text(a.name(), v);
    }
    if (a instanceof Column.Timestamp x && b instanceof Column.Timestamp y) {
      long[] v = Arrays.copyOf(x.millis(), x.size() + y.size());
      System.arraycopy(y.millis(), 0, v, x.size(), y.size());
      return new Column.Timestamp(a.name(), v);
    }
    if (a instanceof Column.Categorical x && b instanceof Column.Categorical y) {
      List<String> dictionary = new ArrayList<>(x.dictionary());
      Map<String, Integer> index = new LinkedHashMap<>();
      for (int i = 0; i < dictionary.size(); i++) {
        index.putIfAbsent(dictionary.get(i), i);
      }
      int[] remap = new int[y.dictionary().size()];
      for (int i = 0; i < remap.length; i++) {
        String category = y.dictionary().get(i);
        Integer code = index.get(category);
        if (code == null) {
          code = dictionary.size();
          dictionary.add(category);
          index.put(category, code);
        }
        remap[i] = code;
      }
      int[] codes = Arrays.copyOf(x.codes(), x.size() + y.size());
      for (int r = 0; r < y.size(); r++) {
        int code = y.codes()[r];
        codes[x.size() + r] = code < 0 ? code : remap[code];
      }
      return new Column.Categorical(a.name(), codes, List.copyOf(dictionary));
    }
    if (a instanceof Column.Vector x && b instanceof Column.Vector y) {
      checkArgument(
          x.dimensions().equals(y.dimensions()),
          "concat needs VECTOR column '%s' to have the same dimensions in both tables, but this table has %s and the other %s;"
              + " build both with the same dimension names",
          a.name(),
          x.dimensions(),
          y.dimensions());
      int[][] i = Arrays.copyOf(x.indices(), x.size() + y.size());
      double[][] v = Arrays.copyOf(x.values(), x.size() + y.size());
      System.arraycopy(y.indices(), 0, i, x.size(), y.size());
      System.arraycopy(y.values(), 0, v, x.size(), y.size());
      return new Column.Vector(a.name(), x.dimensions(), i, v);
    }
    throw new IllegalStateException("column '" + a.name() + "' is " + a.type() + " in one table and " + b.type() + " in the other");
  }

  /**
   * This table with a NUMERIC column set to these values: replaced in place when the name
   * exists, appended otherwise.
   */
  public Table withNumeric(String name, double[] values) {
    return with(new Column.Numeric(name, values.clone()));
  }

  /** This table with a CATEGORICAL column set to these values (replaced in place or appended). */
  public Table withCategorical(String name, String[] values) {
    return with(Column.Categorical.of(name, values.clone()));
  }

  /** This table with a TEXT column set to these values (replaced in place or appended). */
  public Table withText(String name, String[] values) {
    return with(new Column.Text(name, values.clone()));
  }

  /**
   * This table with a VECTOR column (replaced in place or appended): per row, the indices of the
   * non-zero dimensions (strictly increasing, below {@code dimensions.size()}) and their values.
   */
  public Table withVector(String name, List<String> dimensions, int[][] indices, double[][] values) {
    List<String> dims = List.copyOf(dimensions);
    checkArgument(
        indices.length == values.length,
        "vector column '%s' has %s index rows but %s value rows; give one of each per row",
        name,
        indices.length,
        values.length);
    int[][] i = new int[indices.length][];
    double[][] v = new double[values.length][];
    for (int r = 0; r < indices.length; r++) {
      i[r] = indices[r].clone();
      v[r] = values[r].clone();
      checkArgument(
          i[r].length == v[r].length,
          "vector column '%s' row %s has %s indices but %s values",
          name,
          r,
          i[r].length,
          v[r].length);
      for (int k = 0; k < i[r].length; k++) {
        checkArgument(
            i[r][k] >= 0 && i[r][k] < dims.size() && (k == 0 || i[r][k] > i[r][k - 1]),
            "vector column '%s' row %s: index %s is out of order or outside its %s dimensions; indices must increase strictly",
            name,
            r,
            i[r][k],
            dims.size());
      }
    }
    return with(new Column.Vector(name, dims, i, v));
  }

  /** The dimension names of a VECTOR column, in index order. */
  public List<String> dimensions(String column) {
    Column c = column(column);
    if (!(c instanceof Column.Vector vector)) {
      throw wrongType(c, "VECTOR", "dimensions");
    }
    return vector.dimensions();
  }

  /** The value of a VECTOR column at a row. */
  public SparseVector vector(String column, int row) {
    Column c = column(column);
    if (!(c instanceof Column.Vector)) {
      throw wrongType(c, "VECTOR", "vector");
    }
    return (SparseVector) c.value(checkRow(row));
  }

  /** This table with a TIMESTAMP column set to these epoch milliseconds (replaced or appended). */
  public Table withTimestamp(String name, long[] epochMillis) {
    return with(new Column.Timestamp(name, epochMillis.clone()));
  }

  private Table with(Column column) {
    checkArgument(
        column.size() == rowCount || columns.isEmpty(),
        "column '%s' has %s values but the table has %s rows; give one value per row",
        column.name(),
        column.size(),
        rowCount);
    List<Column> out = new ArrayList<>(columns);
    Integer at = index.get(column.name());
    if (at == null) {
      out.add(column);
    } else {
      out.set(at, column);
    }
    return new Table(out, column.size());
  }

  /**
   * The table as a notebook shows it: column names over their types ({@code <num>}, {@code <cat>},
   * {@code <text>}, {@code <time>}, {@code <vec>}), aligned cells with whole numbers printed
   * without {@code .0} and {@code <NA>} for missing values, long cells cut with an ellipsis, the
   * first and last 5 rows of a longer table (and first and last 10 columns of a wider one), and
   * the shape. Only the rows shown are formatted.
   *
   * <pre>{@code
   *      Status  Seniority  Home   ...
   *      <cat>       <num>  <cat>
   *   0  good            9  rent
   *   ...
   * 4454 rows × 14 columns
   * }</pre>
   */
  @Override
  public String toString() {
    return TableText.of(this);
  }

  Column column(String name) {
    Objects.requireNonNull(name, "column name");
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "no column '" + name + "'; the table has " + columnNames() + ". Check the spelling or the CSV header.");
    }
    return columns.get(i);
  }

  List<Column> columns() {
    return columns;
  }

  /** A NUMERIC column's own array, not to be changed (an indicator column's values as a new array). */
  double[] numericColumnRef(String column) {
    Column c = Column.plain(column(column));
    if (!(c instanceof Column.Numeric n)) {
      throw wrongType(c, "NUMERIC", "numeric");
    }
    return n.values();
  }

  private int checkRow(int row) {
    if (row < 0 || row >= rowCount) {
      throw new IndexOutOfBoundsException("row " + row + " is outside the table's " + rowCount + " rows");
    }
    return row;
  }

  private static IllegalArgumentException wrongType(Column c, String expected, String method) {
    return new IllegalArgumentException(
        "column '" + c.name() + "' is " + c.type() + "; " + method + "() needs " + expected
            + ". Use the accessor for " + c.type() + " or declare the column's type in CsvOptions.");
  }

  /**
   * Builds a table column by column; every column needs the same number of values.
   *
   * <pre>{@code
   * Table t = Table.builder().numeric("x", 1, 2).categorical("c", "a", "b").build();
   * }</pre>
   */
  public static final class Builder {
    private final LinkedHashMap<String, Column> columns = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a NUMERIC column ({@code NaN} = missing). */
    public Builder numeric(String name, double... values) {
      return add(new Column.Numeric(name, values.clone()));
    }

    /** Adds a CATEGORICAL column ({@code null} = missing). */
    public Builder categorical(String name, String... values) {
      return add(Column.Categorical.of(name, values.clone()));
    }

    /** Adds a TEXT column ({@code null} = missing). */
    public Builder text(String name, String... values) {
      return add(new Column.Text(name, values.clone()));
    }

    /** Adds a TIMESTAMP column ({@code null} = missing). */
    public Builder timestamp(String name, Instant... values) {
      long[] millis = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        millis[i] = values[i] == null ? Column.MISSING_TIME : values[i].toEpochMilli();
      }
      return add(new Column.Timestamp(name, millis));
    }

    /**
     * Adds a column typed from its Java values: numbers NUMERIC, {@link Instant} and {@link
     * java.util.Date} TIMESTAMP, anything else CATEGORICAL (by {@code toString()}); {@code null}
     * and {@code NaN} are missing.
     */
    public Builder column(String name, Object... values) {
      ColumnType type = null;
      for (Object v : values) {
        if (isMissing(v)) {
          continue;
        }
        ColumnType t =
            v instanceof Number ? ColumnType.NUMERIC
                : v instanceof Instant || v instanceof Date ? ColumnType.TIMESTAMP
                : ColumnType.CATEGORICAL;
        if (type != null && type != t) {
          throw new IllegalArgumentException(
              "column '" + name + "' mixes " + type + " and " + t + " values (" + v + "); give one type per column");
        }
        type = t;
      }
      if (type == null || type == ColumnType.NUMERIC) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
          out[i] = isMissing(values[i]) ? Double.NaN : ((Number) values[i]).doubleValue();
        }
        return add(new Column.Numeric(name, out));
      }
      if (type == ColumnType.TIMESTAMP) {
        Instant[] out = new Instant[values.length];
        for (int i = 0; i < values.length; i++) {
          Object v = values[i];
          out[i] = isMissing(v) ? null : v instanceof Date d ? d.toInstant() : (Instant) v;
        }
        return timestamp(name, out);
      }
      String[] out = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        out[i] = isMissing(values[i]) ? null : values[i].toString();
      }
      return categorical(name, out);
    }

    private static boolean isMissing(Object v) {
      return v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN());
    }

    Builder add(Column column) {
      Objects.requireNonNull(column.name(), "column name");
      checkArgument(
          !columns.containsKey(column.name()),
          "column '%s' is added twice; give each column a unique name",
          column.name());
      columns.put(column.name(), column);
      return this;
    }

    /** Builds the table; fails when columns differ in length. */
    public Table build() {
      return Table.of(new ArrayList<>(columns.values()));
    }
  }
}
