package org.mlengine.core;

import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.Profile;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

/** Invariants of numeric column profiles on random columns. */
class ProfileProperties {

  @Property(tries = 300)
  void quantiles_areOrderedWithinTheRange_andTheMedianSplitsTheValues(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    ColumnProfile.Numeric p = (ColumnProfile.Numeric) Profile.of(Table.builder().numeric("x", v).build()).column("x").orElseThrow();
    double previous = p.min();
    for (double q : p.quantiles().values()) {
      assertTrue(q >= previous && q <= p.max(), p.toString());
      previous = q;
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    assertEquals(sorted[0], p.min());
    assertEquals(sorted[sorted.length - 1], p.max());
    // numpy 'linear': for an odd count the median is the middle value, for an even count the mean of the two middle ones
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] + 0.5 * (sorted[n / 2] - sorted[n / 2 - 1]);
    assertEquals(median, p.quantiles().get(0.5), 1e-9 * Math.max(1, Math.abs(median)));
    assertTrue(p.mean() >= p.min() - 1e-9 && p.mean() <= p.max() + 1e-9, p.toString());
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      distinct += sorted[i] == sorted[i - 1] ? 0 : 1;   // numerically distinct: -0.0 and 0.0 are one value
    }
    assertEquals(distinct, p.distinct());
    assertEquals(0, p.missing());
  }
}
