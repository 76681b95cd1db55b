package org.mlengine.runtime;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.DoubleConsumer;

/**
 * An immutable sequence of {@code double}s, as a value: what {@link SparseVector} holds instead
 * of an array. {@code equals}, {@code hashCode} and {@code toString} are those of a {@code
 * List<Double>} with the same elements (so {@code NaN} equals {@code NaN}, {@code 0.0} does not
 * equal {@code -0.0}).
 *
 * <pre>{@code
 * DoubleArray values = DoubleArray.copyOf(new double[] {0.5, 2.0});
 * double first = values.get(0);
 * }</pre>
 */
public final class DoubleArray {
  private static final DoubleArray EMPTY = new DoubleArray(new double[0]);

  private final double[] values;

  private DoubleArray(double[] values) {
    this.values = values;
  }

  /** The empty array. */
  public static DoubleArray of() {
    return EMPTY;
  }

  /** A copy of {@code values}; later changes to {@code values} do not show. */
  public static DoubleArray copyOf(double[] values) {
    return values.length == 0 ? EMPTY : new DoubleArray(values.clone());
  }

  /** A copy of {@code values}, in their iteration order. */
  public static DoubleArray copyOf(Collection<Double> values) {
    return copyOf(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The value at {@code index}. */
  public double get(int index) {
    return values[index];
  }

  /** The number of values. */
  public int length() {
    return values.length;
  }

  /** Whether there are no values. */
  public boolean isEmpty() {
    return values.length == 0;
  }

  /** A fresh array of the values. */
  public double[] toArray() {
    return values.clone();
  }

  /** Calls {@code action} on each value in order. */
  public void forEach(DoubleConsumer action) {
    for (double v : values) {
      action.accept(v);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof DoubleArray other && Arrays.equals(values, other.values));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
