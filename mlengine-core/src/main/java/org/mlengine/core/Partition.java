package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.BitSet;
import java.util.Objects;
import org.mlengine.runtime.IntArray;

/**
 * The row indices of one split of a table: the part to fit on, an optional validation part and
 * the held-out part. A {@link Split} makes one; its k-fold form makes k. No row is in two parts.
 *
 * <pre>{@code
 * Partition p = Split.stratified(0.8).partition(table, "Status", 42);
 * Table train = table.rows(p.train().toArray());
 * }</pre>
 *
 * @param train rows to fit on
 * @param validation rows for tuning and calibration (empty when the split has none)
 * @param test held-out rows, touched only for the final evaluation
 */
public record Partition(IntArray train, IntArray validation, IntArray test) {

  /** Checks that the indices are not negative and that no row is in two parts. */
  public Partition {
    Objects.requireNonNull(train, "train is null; pass IntArray.of() for an empty part");
    Objects.requireNonNull(validation, "validation is null; pass IntArray.of() for an empty part");
    Objects.requireNonNull(test, "test is null; pass IntArray.of() for an empty part");
    BitSet inTrain = rows(train, "train");
    BitSet inValidation = rows(validation, "validation");
    BitSet inTest = rows(test, "test");
    checkDisjoint(inTrain, "train", inValidation, "validation");
    checkDisjoint(inTrain, "train", inTest, "test");
    checkDisjoint(inValidation, "validation", inTest, "test");
  }

  /** A partition without a validation part. */
  public static Partition of(int[] train, int[] test) {
    return new Partition(IntArray.copyOf(train), IntArray.of(), IntArray.copyOf(test));
  }

  /** A partition with a validation part. */
  public static Partition of(int[] train, int[] validation, int[] test) {
    return new Partition(
        IntArray.copyOf(train), IntArray.copyOf(validation), IntArray.copyOf(test));
  }

  private static BitSet rows(IntArray part, String name) {
    BitSet out = new BitSet();
    for (int i = 0; i < part.length(); i++) {
      int row = part.get(i);
      checkArgument(row >= 0, "%s has the negative row index %s; row indices start at 0", name, row);
      out.set(row);
    }
    return out;
  }

  private static void checkDisjoint(BitSet a, String aName, BitSet b, String bName) {
    BitSet both = (BitSet) a.clone();
    both.and(b);
    checkArgument(
        both.isEmpty(),
        "row %s is in both %s and %s; a partition's parts must not share rows, or held-out rows leak into"
            + " fitting. Put each row in one part",
        both.nextSetBit(0),
        aName,
        bName);
  }

  /** The size of each part, e.g. {@code Partition[train 3563 rows, validation 0 rows, test 891 rows]}; not the indices. */
  @Override
  public String toString() {
    return "Partition[train " + train.length() + " rows, validation " + validation.length() + " rows, test " + test.length()
        + " rows]";
  }
}
