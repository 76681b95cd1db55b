package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;


/**
 * One row of a VECTOR column: the indices of its non-zero dimensions, strictly increasing, and
 * their values.
 *
 * <pre>{@code
 * SparseVector v = table.vector("review", 0);
 * for (int k = 0; k < v.size(); k++) {
 *   System.out.println(table.dimensions("review").get(v.indices().get(k)) + " = " + v.values().get(k));
 * }
 * }</pre>
 *
 * @param indices the dimensions that have a value, strictly increasing
 * @param values the values, one per index
 */
public record SparseVector(IntArray indices, DoubleArray values) {

  /** Checks that indices increase strictly, are not negative, and match the values. */
  public SparseVector {
    checkArgument(
        indices.length() == values.length(),
        "a sparse vector has %s indices but %s values; give one value per index",
        indices.length(),
        values.length());
    for (int k = 0; k < indices.length(); k++) {
      checkArgument(indices.get(k) >= 0, "index %s of a sparse vector is negative", indices.get(k));
      checkArgument(
          k == 0 || indices.get(k) > indices.get(k - 1),
          "sparse vector indices must increase strictly, but %s follows %s",
          indices.get(k),
          k == 0 ? -1 : indices.get(k - 1));
    }
  }

  /** The number of non-zero entries. */
  public int size() {
    return indices.length();
  }
}
