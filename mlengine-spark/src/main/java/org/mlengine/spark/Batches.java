package org.mlengine.spark;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.mlengine.runtime.Table;

/**
 * Spark rows into the bundle's table, one column array at a time, with the in-process
 * Predictor's reading of each value: a null (or NaN) is a missing value, a number becomes a
 * double, a category its text (an empty one is missing, as in a request), a whole number or a
 * boolean category its decimal or {@code true}/{@code false} text, a date midnight UTC and a
 * timestamp without a time zone the same wall time in UTC.
 */
final class Batches {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private Batches() {}

  /** The table of {@code rows} (the first {@code count} of them) as {@code plan} lays it out. */
  static Table table(ColumnPlan plan, List<Row> rows, int count) {
    Table.Builder table = Table.builder();
    for (int c = 0; c < plan.names.length; c++) {
      int at = plan.positions[c];
      String name = plan.names[c];
      switch (plan.types[c]) {
        case NUMERIC -> table.numeric(name, numbers(rows, count, at));
        case CATEGORICAL -> table.categorical(name, categories(rows, count, at));
        case TEXT -> table.text(name, texts(rows, count, at));
        case TIMESTAMP -> table.timestamp(name, instants(rows, count, at));
        case VECTOR -> throw new IllegalStateException("column '" + name + "' is VECTOR; the plan refuses it");
      }
    }
    return table.build();
  }

  private static double[] numbers(List<Row> rows, int count, int at) {
    double[] out = new double[count];
    for (int r = 0; r < count; r++) {
      Row row = rows.get(r);
      out[r] = row.isNullAt(at) ? Double.NaN : number(row.get(at));
    }
    return out;
  }

  private static double number(Object value) {
    // BigDecimal's doubleValue is the correctly rounded one, as Double.parseDouble of its text.
    return value instanceof BigDecimal d ? d.doubleValue() : ((Number) value).doubleValue();
  }

  private static String[] categories(List<Row> rows, int count, int at) {
    String[] out = new String[count];
    for (int r = 0; r < count; r++) {
      Row row = rows.get(r);
      if (!row.isNullAt(at)) {
        String text = row.get(at).toString();
        out[r] = text.isEmpty() ? null : text;
      }
    }
    return out;
  }

  private static String[] texts(List<Row> rows, int count, int at) {
    String[] out = new String[count];
    for (int r = 0; r < count; r++) {
      Row row = rows.get(r);
      out[r] = row.isNullAt(at) ? null : row.getString(at);
    }
    return out;
  }

  private static Instant[] instants(List<Row> rows, int count, int at) {
    Instant[] out = new Instant[count];
    for (int r = 0; r < count; r++) {
      Row row = rows.get(r);
      out[r] = row.isNullAt(at) ? null : instant(row.get(at));
    }
    return out;
  }

  /** A timestamp, timestamp_ntz or date value, whether Spark hands it out as java.sql or java.time. */
  static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Date d) {
      return Instant.ofEpochMilli(d.toLocalDate().toEpochDay() * MILLIS_PER_DAY);
    }
    if (value instanceof LocalDate d) {
      return Instant.ofEpochMilli(d.toEpochDay() * MILLIS_PER_DAY);
    }
    throw new IllegalArgumentException("a " + value.getClass().getName() + " where a timestamp or date was expected");
  }

  /** A category's text as the grouping key of its entity ({@code null} for a missing one). */
  static String key(Row row, int at) {
    if (row.isNullAt(at)) {
      return null;
    }
    String text = row.get(at).toString();
    return text.isEmpty() ? null : text;
  }
}
