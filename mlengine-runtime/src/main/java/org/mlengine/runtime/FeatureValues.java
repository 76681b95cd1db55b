package org.mlengine.runtime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entity's values of a {@link FeatureView} as of an instant: every output column of the view
 * by name, in the view's order, a {@link Double} for a NUMERIC column ({@code NaN} when missing)
 * and a {@link String} for a CATEGORICAL one ({@code null} when missing), and whether they are
 * all missing because the entity's latest event before the cutoff is older than the view's time
 * to live.
 *
 * <pre>{@code
 * FeatureValues v = view.valuesAsOf(history, "store-7", Instant.parse("2016-08-28T00:00:00Z"));
 * double mean = v.number("Sales_mean_7d");
 * if (v.expired()) { ... }
 * }</pre>
 *
 * @param view the view's name
 * @param version the view's version
 * @param key the entity's key value; empty for a view without entity
 * @param asOf the instant the values hold at (only events strictly before it, less the gap, count)
 * @param values the output columns' values, in the view's order
 * @param expired whether the values are missing because the entity's data is older than the time to live
 */
public record FeatureValues(String view, int version, Optional<String> key, Instant asOf, Map<String, Object> values,
    boolean expired) {

  /** Checks the fields and copies the values into an unmodifiable map (missing categories stay null). */
  public FeatureValues {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(asOf, "asOf");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of a NUMERIC output column ({@code NaN} when missing). */
  public double number(String column) {
    if (!(value(column) instanceof Double d)) {
      throw new IllegalArgumentException("column '" + column + "' of feature view '" + view + "' is CATEGORICAL; read it with"
          + " string(\"" + column + "\")");
    }
    return d;
  }

  /** The value of a CATEGORICAL output column, empty when missing. */
  public Optional<String> string(String column) {
    Object v = value(column);
    if (v instanceof Double) {
      throw new IllegalArgumentException("column '" + column + "' of feature view '" + view + "' is NUMERIC; read it with"
          + " number(\"" + column + "\")");
    }
    return Optional.ofNullable((String) v);
  }

  private Object value(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("feature view '" + view + "' has no column '" + column + "'; its columns are "
          + values.keySet());
    }
    return values.get(column);
  }
}
