package org.mlengine.runtime;

/**
 * The type of a {@link Table} column.
 *
 * <pre>{@code
 * if (table.type("Income") == ColumnType.NUMERIC) { ... }
 * }</pre>
 */
public enum ColumnType {
  /** Doubles; {@code NaN} is a missing value. */
  NUMERIC,
  /** Strings from a small set, stored dictionary-encoded; {@code null} is a missing value. */
  CATEGORICAL,
  /** Free text; {@code null} is a missing value. */
  TEXT,
  /** Instants stored as epoch milliseconds (UTC). */
  TIMESTAMP,
  /**
   * A sparse numeric vector with named dimensions, one per row (for example the term weights of
   * a bag of words). Steps produce it; CSV files never do. Each dimension is one model feature;
   * an absent entry is zero, and a vector is never missing.
   */
  VECTOR
}
