package org.mlengine.serving.history;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entity's latest materialised values of one feature view, as an {@link OnlineStore} holds
 * them: the view, the entity's key ({@code ""} for a view without a key), the time the values are
 * as of, and the values by column in the view's column order (a {@link Double} for a NUMERIC
 * column, NaN when missing; a {@link String} or {@code null} for CATEGORICAL and TEXT).
 *
 * <pre>{@code
 * OnlineFeatures f = store.read("trips", "r-17").orElseThrow();
 * double count = f.number("trips_count_7d");
 * Instant asOf = f.asOf();
 * }</pre>
 *
 * @param view the view's name
 * @param key the entity's key value
 * @param asOf the time the values are as of
 * @param values the values by column, in the view's column order (unmodifiable)
 */
public record OnlineFeatures(String view, String key, Instant asOf, Map<String, Object> values) {

  /** Checks the fields and copies the values into an unmodifiable map that keeps their order (and nulls). */
  public OnlineFeatures {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(asOf, "asOf");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The NUMERIC value of a column (NaN when missing). */
  public double number(String column) {
    Object v = value(column);
    if (!(v instanceof Double d)) {
      throw new IllegalArgumentException("column '" + column + "' of view '" + view + "' holds text (" + v + "), not a number;"
          + " read it with string(\"" + column + "\")");
    }
    return d;
  }

  /** The CATEGORICAL or TEXT value of a column ({@code null} when missing). */
  public String string(String column) {
    Object v = value(column);
    if (v instanceof Double) {
      throw new IllegalArgumentException("column '" + column + "' of view '" + view + "' is NUMERIC; read it with number(\""
          + column + "\")");
    }
    return (String) v;
  }

  private Object value(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("view '" + view + "' has no column '" + column + "'; its columns are " + values.keySet());
    }
    return values.get(column);
  }
}
