package org.mlengine.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.internal.Immutables;

/**
 * The summary of one column of the training part: its type, row count, missing values, distinct
 * values and the statistics that fit its type. A {@link Profile} holds one per column; the
 * bundle keeps them as the reference that monitoring compares live data against.
 *
 * <pre>{@code
 * if (result.profile().column("Income").orElseThrow() instanceof ColumnProfile.Numeric income) {
 *   System.out.println(income.quantiles().get(0.5));   // the training median
 * }
 * }</pre>
 */
public sealed interface ColumnProfile {
  /** The quantile levels every NUMERIC profile reports. */
  List<Double> QUANTILE_LEVELS = List.of(0.05, 0.25, 0.5, 0.75, 0.95);
  /** The most frequent values a CATEGORICAL profile keeps. */
  int TOP_VALUES = 10;

  /** The column's name. */
  String name();

  /** The column's type. */
  ColumnType type();

  /** The number of rows profiled. */
  int rows();

  /** The number of rows without a value. */
  int missing();

  /** The number of distinct non-missing values (for VECTOR columns, distinct non-missing vectors are not counted: 0). */
  int distinct();

  /** The share of rows without a value; 0 for a table without rows. */
  default double missingShare() {
    return rows() == 0 ? 0 : (double) missing() / rows();
  }

  /** The profile as JSON-ready values: strings, numbers, null (for NaN or absent), lists and maps of them. */
  default Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name());
    out.put("type", type().name());
    out.put("rows", rows());
    out.put("missing", missing());
    out.put("missingShare", missingShare());
    out.put("distinct", distinct());
    if (this instanceof Numeric n) {
      out.put("min", number(n.min()));
      out.put("max", number(n.max()));
      out.put("mean", number(n.mean()));
      out.put("sd", number(n.sd()));
      Map<String, Object> q = new LinkedHashMap<>();
      n.quantiles().forEach((level, value) -> q.put(level.toString(), number(value)));
      out.put("quantiles", q);
    } else if (this instanceof Categorical c) {
      List<Object> top = new ArrayList<>();
      for (ValueCount v : c.topValues()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("value", v.value());
        e.put("count", v.count());
        top.add(e);
      }
      out.put("topValues", top);
    } else if (this instanceof Text t) {
      out.put("minLength", t.minLength());
      out.put("maxLength", t.maxLength());
      out.put("meanLength", number(t.meanLength()));
    } else if (this instanceof Timestamp t) {
      out.put("min", t.min().map(Instant::toString).orElse(null));
      out.put("max", t.max().map(Instant::toString).orElse(null));
    } else if (this instanceof Vector v) {
      out.put("dimensions", v.dimensions());
    }
    return out;
  }

  private static Double number(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /**
   * A NUMERIC column: range, mean, population standard deviation (numpy's default, ddof = 0)
   * and the quantiles at {@link #QUANTILE_LEVELS} by numpy's default 'linear' method (R-7:
   * position {@code (n - 1) p} in the sorted values, interpolated linearly). Statistics of a
   * column without values are NaN.
   *
   * @param quantiles the quantile at each level, by level
   */
  record Numeric(String name, int rows, int missing, int distinct, double min, double max, double mean, double sd,
      Map<Double, Double> quantiles) implements ColumnProfile {
    /** Copies the quantiles into an immutable map sorted by level. */
    public Numeric {
      Objects.requireNonNull(name, "name");
      quantiles = Immutables.sortedMap(quantiles);
    }

    @Override
    public ColumnType type() {
      return ColumnType.NUMERIC;
    }
  }

  /**
   * A CATEGORICAL column: its {@link #TOP_VALUES} most frequent values with their counts, most
   * frequent first (ties by value).
   */
  record Categorical(String name, int rows, int missing, int distinct, List<ValueCount> topValues) implements ColumnProfile {
    /** Copies the values into an immutable list. */
    public Categorical {
      Objects.requireNonNull(name, "name");
      topValues = List.copyOf(topValues);
    }

    @Override
    public ColumnType type() {
      return ColumnType.CATEGORICAL;
    }
  }

  /** A TEXT column: the shortest, longest and mean length in characters (UTF-16 units) of its values; 0 and NaN without values. */
  record Text(String name, int rows, int missing, int distinct, int minLength, int maxLength, double meanLength) implements ColumnProfile {
    /** Checks the name. */
    public Text {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public ColumnType type() {
      return ColumnType.TEXT;
    }
  }

  /** A TIMESTAMP column: its earliest and latest instant, empty without values. */
  record Timestamp(String name, int rows, int missing, int distinct, Optional<Instant> min, Optional<Instant> max)
      implements ColumnProfile {
    /** Checks the fields. */
    public Timestamp {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
    }

    @Override
    public ColumnType type() {
      return ColumnType.TIMESTAMP;
    }
  }

  /** A sparse VECTOR column: its number of dimensions. */
  record Vector(String name, int rows, int missing, int distinct, int dimensions) implements ColumnProfile {
    /** Checks the name. */
    public Vector {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public ColumnType type() {
      return ColumnType.VECTOR;
    }
  }

  /** One value of a CATEGORICAL column and the number of rows holding it. */
  record ValueCount(String value, int count) {
    /** Checks the value. */
    public ValueCount {
      Objects.requireNonNull(value, "value");
    }
  }
}
