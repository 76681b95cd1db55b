package org.mlengine.core;

import com.google.common.primitives.ImmutableIntArray;

/**
 * The row indices of one split of a table: the part to fit on, an optional validation part and
 * the held-out part. A {@link Split} makes one; its k-fold form makes k.
 *
 * <pre>{@code
 * Partition p = Split.stratified(0.8).seed(42).partition(table, "Status");
 * Table train = table.rows(p.train().toArray());
 * }</pre>
 *
 * @param train rows to fit on
 * @param validation rows for tuning and calibration (empty when the split has none)
 * @param test held-out rows, touched only for the final evaluation
 */
public record Partition(ImmutableIntArray train, ImmutableIntArray validation, ImmutableIntArray test) {

  /** A partition without a validation part. */
  public static Partition of(int[] train, int[] test) {
    return new Partition(ImmutableIntArray.copyOf(train), ImmutableIntArray.of(), ImmutableIntArray.copyOf(test));
  }

  /** A partition with a validation part. */
  public static Partition of(int[] train, int[] validation, int[] test) {
    return new Partition(
        ImmutableIntArray.copyOf(train), ImmutableIntArray.copyOf(validation), ImmutableIntArray.copyOf(test));
  }
}
