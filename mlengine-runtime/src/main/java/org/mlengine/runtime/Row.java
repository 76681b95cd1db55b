package org.mlengine.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A view of one row of a {@link Table}; it copies nothing.
 *
 * <pre>{@code
 * Row applicant = credit.row(0);
 * double income = applicant.numeric("Income");
 * String home = applicant.string("Home");
 * }</pre>
 */
public final class Row {
  private final Table table;
  private final int index;

  Row(Table table, int index) {
    this.table = table;
    this.index = index;
  }

  /** The table this row belongs to. */
  public Table table() {
    return table;
  }

  /** The row's index in its table. */
  public int index() {
    return index;
  }

  /** The value of a NUMERIC column; {@code NaN} when missing. */
  public double numeric(String column) {
    return table.numeric(column, index);
  }

  /** The value of a CATEGORICAL or TEXT column; {@code null} when missing. */
  public String string(String column) {
    return table.string(column, index);
  }

  /** The value of a TIMESTAMP column in epoch milliseconds. */
  public long timestamp(String column) {
    return table.timestamp(column, index);
  }

  /** Whether the value is missing. */
  public boolean isMissing(String column) {
    return table.isMissing(column, index);
  }

  /** The value as a Java object: Double, String, Instant, or {@code null} when missing. */
  public Object value(String column) {
    return table.value(column, index);
  }

  /** This row as a one-row table with the same columns. */
  public Table toTable() {
    return table.rows(new int[] {index});
  }

  /** The row as an ordered map from column name to value ({@code null} for missing). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : table.columnNames()) {
      out.put(c, value(c));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Row " + index + " " + toMap();
  }
}
