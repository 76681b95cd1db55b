package org.mlengine.flink;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.types.Row;

/**
 * The key a row's history lives under: the value of the windows' key column as text (as the
 * history keeps it), or one key for all rows when the windows read a single series. A row without
 * a key value goes to key {@link #MISSING}, which no key value's text can equal (a real category
 * {@code ""} keeps its own key and state); there it is scored with no past and then refused, since
 * the history records no event without its key.
 *
 * <pre>{@code
 * rows.keyBy(new EntityKey(position, fieldNames), Types.STRING);
 * }</pre>
 */
final class EntityKey implements KeySelector<Row, String> {
  private static final long serialVersionUID = 1L;

  /** The key of rows without a key value: a NUL-led name, as mlengine-spark's entity scoring uses. */
  static final String MISSING = "\u0000missing";

  private final int position;       // -1: a single series
  private final String[] names;

  EntityKey(int position, String[] names) {
    this.position = position;
    this.names = names.clone();
  }

  @Override
  public String getKey(Row row) {
    if (position < 0) {
      return "";
    }
    Object value = row.getFieldNames(false) == null ? row.getField(position) : row.getField(names[position]);
    return value == null ? MISSING : value.toString();
  }
}
