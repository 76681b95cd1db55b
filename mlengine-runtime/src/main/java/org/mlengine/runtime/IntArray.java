package org.mlengine.runtime;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * An immutable sequence of {@code int}s, as a value: what {@link SparseVector} holds instead of an
 * array, and how {@code mlengine-core}'s {@code Partition} gives its row indices. {@code equals},
 * {@code hashCode} and {@code toString} are those of a {@code List<Integer>} with the same
 * elements.
 *
 * <pre>{@code
 * IntArray indices = IntArray.copyOf(new int[] {0, 3, 7});
 * int third = indices.get(2);
 * int largest = indices.stream().max().orElse(-1);
 * }</pre>
 */
public final class IntArray {
  private static final IntArray EMPTY = new IntArray(new int[0]);

  private final int[] values;

  private IntArray(int[] values) {
    this.values = values;
  }

  /** The empty array. */
  public static IntArray of() {
    return EMPTY;
  }

  /** A copy of {@code values}; later changes to {@code values} do not show. */
  public static IntArray copyOf(int[] values) {
    return values.length == 0 ? EMPTY : new IntArray(values.clone());
  }

  /** A copy of {@code values}, in their iteration order. */
  public static IntArray copyOf(Collection<Integer> values) {
    return copyOf(values.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The value at {@code index}. */
  public int get(int index) {
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
  public int[] toArray() {
    return values.clone();
  }

  /** Calls {@code action} on each value in order. */
  public void forEach(IntConsumer action) {
    for (int v : values) {
      action.accept(v);
    }
  }

  /** The values in order, as a stream; the stream cannot change this array. */
  public IntStream stream() {
    return Arrays.stream(values);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof IntArray other && Arrays.equals(values, other.values));
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
