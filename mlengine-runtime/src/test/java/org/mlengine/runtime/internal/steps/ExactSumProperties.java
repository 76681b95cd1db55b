package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.mlengine.runtime.internal.steps.ExactSum.Exact;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The exact accumulator against {@link BigDecimal}: any values (tiny, huge, subnormal, of both
 * signs), added and partly removed again in any order, sum exactly, and the sum rounds to the
 * double nearest the exact value.
 */
class ExactSumProperties {

  @Provide
  Arbitrary<List<Double>> values() {
    Arbitrary<Double> any = Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e6, 1e6),
        Arbitraries.doubles().between(-1e300, 1e300),
        Arbitraries.integers().between(-1074, 1023).map(e -> Math.scalb(1.0, e)),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
        Arbitraries.of(Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, -0.1, 0.0, -0.0));
    return any.list().ofMaxSize(40);
  }

  private static BigDecimal exact(Exact e) {
    BigDecimal m = new BigDecimal(e.mantissa());
    return e.exponent() >= 0 ? m.multiply(new BigDecimal(java.math.BigInteger.TWO.pow(e.exponent())))
        : m.divide(new BigDecimal(java.math.BigInteger.TWO.pow(-e.exponent())));
  }

  @Property(tries = 500)
  void addThenRemoveSome_leavesTheExactSumOfTheRest(@ForAll("values") List<Double> kept, @ForAll("values") List<Double> removed) {
    ExactSum sum = new ExactSum();
    for (int i = 0; i < Math.max(kept.size(), removed.size()); i++) {
      if (i < removed.size()) {
        sum.add(removed.get(i), 1);
      }
      if (i < kept.size()) {
        sum.add(kept.get(i), 1);
      }
    }
    for (int i = removed.size() - 1; i >= 0; i--) {
      sum.add(removed.get(i), -1);
    }
    BigDecimal expected = kept.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
    Exact value = sum.value();
    assertEquals(0, expected.compareTo(exact(value)), kept + " minus nothing of " + removed);
    double nearest = expected.doubleValue();
    if (Math.abs(nearest) >= Double.MIN_NORMAL || nearest == 0) { // a subnormal result may round twice
      assertEquals(nearest, value.toDouble(), kept.toString());
    }
  }

  @Example
  void cancellation_keepsTheSmallTerm() {
    ExactSum sum = new ExactSum();
    sum.add(1e300, 1);
    sum.add(1, 1);
    sum.add(-1e300, 1);
    assertEquals(1.0, sum.value().toDouble());
    sum.add(0.1, 1);
    sum.add(0.2, 1);
    sum.add(1, -1);
    assertEquals(0.30000000000000004, sum.value().toDouble());
    assertEquals(new BigDecimal(0.1).add(new BigDecimal(0.2)).doubleValue(), sum.value().toDouble());
  }
}
