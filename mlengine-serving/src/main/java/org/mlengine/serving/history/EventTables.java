package org.mlengine.serving.history;

import java.util.Arrays;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;

/**
 * The table a query's events make, column for column as the in-memory history builds it: the key
 * column (the query's key on every row), the time column, then the stream's value columns.
 *
 * <pre>{@code
 * Table t = EventTables.of(stream, query, log.slice(query.from(), query.until(), query.last()));
 * }</pre>
 */
final class EventTables {
  private EventTables() {}

  static Table of(Stream stream, EventQuery query, KeyLog.Slice slice) {
    long[] times = slice.times();
    Table.Builder b = Table.builder();
    stream.key.ifPresent(k -> {
      String[] keys = new String[times.length];
      Arrays.fill(keys, query.key().orElse(null));
      b.categorical(k, keys);
    });
    RuntimeAccess.tables().add(b, new Column.Timestamp(stream.time, times));
    for (int c = 0; c < stream.values.size(); c++) {
      Schema.Field f = stream.values.get(c);
      Object[] col = slice.columns()[c];
      switch (f.type()) {
        case NUMERIC -> {
          double[] d = new double[col.length];
          for (int i = 0; i < d.length; i++) {
            d[i] = (Double) col[i];
          }
          b.numeric(f.name(), d);
        }
        case TEXT -> b.text(f.name(), Arrays.copyOf(col, col.length, String[].class));
        default -> b.categorical(f.name(), Arrays.copyOf(col, col.length, String[].class));
      }
    }
    return b.build();
  }
}
