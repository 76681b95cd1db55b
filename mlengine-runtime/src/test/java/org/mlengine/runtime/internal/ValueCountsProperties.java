package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ValueCounts} is the sorted column without its NaNs: each distinct value (as bits, -0.0
 * before 0.0) as often as it occurs, in {@code Arrays.sort} order, so the profile's sums and
 * quantiles over it are the same doubles.
 */
class ValueCountsProperties {

  /** Few distinct values, with -0.0 beside 0.0, NaN (missing) and infinities. */
  @Provide
  Arbitrary<double[]> columns() {
    return Arbitraries.oneOf(
            Arbitraries.of(0.0, -0.0, Double.NaN, 1.5, -2.0, 1e300, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
            Arbitraries.integers().between(-20, 20).map(i -> i / 4.0))
        .list().ofMaxSize(400).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Property(tries = 500)
  void readInOrder_isTheSortedPresentValues_bitForBit(@ForAll("columns") double[] column) {
    ValueCounts counted = ValueCounts.of(column, column.length);
    double[] sorted = Arrays.stream(column).filter(v -> !Double.isNaN(v)).sorted().toArray();
    assertEquals(sorted.length, counted.present());
    double[] expanded = new double[counted.present()];
    int at = 0;
    for (int i = 0; i < counted.size(); i++) {
      for (int k = 0; k < counted.count(i); k++) {
        expanded[at++] = counted.value(i);
      }
    }
    assertArrayEquals(bits(sorted), bits(expanded));
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(Double.doubleToRawLongBits(sorted[i]), Double.doubleToRawLongBits(counted.sorted(i)));
    }
  }

  @Example
  void of_moreDistinctValuesThanTheLimit_isNull() {
    assertNull(ValueCounts.of(new double[] {1, 2, 3, 3}, 2));
    assertEquals(List.of(3.0, 2), List.of(ValueCounts.of(new double[] {3, Double.NaN, 3}, 1).value(0),
        ValueCounts.of(new double[] {3, Double.NaN, 3}, 1).count(0)));
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
