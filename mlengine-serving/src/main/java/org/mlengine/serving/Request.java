package org.mlengine.serving;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a {@link Predictor}: column names and their values, in the order given.
 * Immutable; two requests are equal when they hold the same columns with equal values. Built
 * with {@link #builder()}, which reads better than {@code Map.of} for a wide row (and is not
 * limited to ten columns):
 *
 * <pre>{@code
 * Request applicant = Request.builder()
 *     .put("Seniority", 9).put("Home", "rent").put("Time", 60).put("Age", 30)
 *     .put("Marital", "married").put("Records", "no").put("Job", "freelance")
 *     .put("Expenses", 73).put("Income", 129).put("Assets", 0).put("Debt", 0)
 *     .put("Amount", 800).put("Price", 846)
 *     .build();
 * Prediction p = predictor.predict(applicant);
 * }</pre>
 *
 * <p>A value may be {@code null}, a missing value; the predictor checks each value against the
 * bundle's input schema when it scores the request, as it does for a map.
 *
 * @since 0.1
 */
public final class Request {
  private final Map<String, Object> values;

  private Request(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** An empty builder; {@link Builder#put} adds one column at a time. */
  public static Builder builder() {
    return new Builder(new LinkedHashMap<>());
  }

  /**
   * A request holding a map's entries ({@code null} values are missing values).
   *
   * @throws IllegalArgumentException when a name is null or blank
   */
  public static Request copyOf(Map<String, ?> values) {
    Objects.requireNonNull(values, "the map of request values is null; pass a Map from column name to value");
    Builder builder = builder();
    values.forEach(builder::put);
    return builder.build();
  }

  /** A builder holding this request's columns, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(values));
  }

  /** The columns and their values, in the order they were put; unmodifiable, may hold {@code null} values. */
  public Map<String, Object> values() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Request other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Request" + values;
  }

  /**
   * Collects a request's columns; {@link #build()} leaves the builder untouched.
   *
   * <pre>{@code
   * Request.Builder applicant = Request.builder().put("Age", 30).put("Home", "rent");
   * Request first = applicant.build();
   * Request second = applicant.put("Age", 31).build();   // first still says 30
   * }</pre>
   */
  public static final class Builder {
    private final LinkedHashMap<String, Object> values;

    private Builder(LinkedHashMap<String, Object> values) {
      this.values = values;
    }

    /**
     * Adds a column; {@code value} may be {@code null} for a missing value.
     *
     * @throws IllegalArgumentException when the name is null or blank, or already in the request
     */
    public Builder put(String name, Object value) {
      if (name == null) {
        throw new IllegalArgumentException("a request column name is null; name each value with its column, e.g. put(\"Income\", 129)");
      }
      if (name.isBlank()) {
        throw new IllegalArgumentException("a request column name is blank (\"" + name
            + "\"); name each value with its column, e.g. put(\"Income\", 129)");
      }
      if (values.containsKey(name)) {
        throw new IllegalArgumentException("column '" + name + "' is already in the request (value " + values.get(name)
            + "); put each column once, or call replace(\"" + name + "\", value) to change it");
      }
      values.put(name, value);
      return this;
    }

    /**
     * Changes the value of a column already put (for a request derived with {@link
     * Request#toBuilder()}).
     *
     * @throws IllegalArgumentException when the column is not in the request
     */
    public Builder replace(String name, Object value) {
      if (name == null || !values.containsKey(name)) {
        throw new IllegalArgumentException("column '" + name + "' is not in the request, which holds " + values.keySet()
            + "; add it with put(\"" + name + "\", value)");
      }
      values.put(name, value);
      return this;
    }

    /** The request; the builder stays as it is and may go on. */
    public Request build() {
      return new Request(values);
    }
  }
}
