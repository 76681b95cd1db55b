package org.mlengine.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SignificantDigits#round} gives the same double as the BigDecimal rounding the
 * near-duplicate check used until 0.2, bit for bit, on every kind of double.
 */
class SignificantDigitsProperties {

  /** The near-duplicate rounding of 0.1 (LeakageAudit.normalized for a Double), the reference. */
  static double reference(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return d;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e6) {
      return d + 0.0;
    }
    return new BigDecimal(d).round(new MathContext(6)).doubleValue() + 0.0;
  }

  private static void assertSame(double d) {
    assertEquals(reference(d), SignificantDigits.round(d), () -> "for " + d + " (bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + ")");
  }

  @Property(tries = 10_000)
  void round_anyBitPattern_equalsBigDecimal(@ForAll long bits) {
    assertSame(Double.longBitsToDouble(bits));
  }

  @Property(tries = 10_000)
  void round_ordinaryNumbers_equalsBigDecimal(@ForAll("ordinary") double d) {
    assertSame(d);
  }

  /** Numbers as tables hold them: a few digits, amounts, rates, scores, at every scale in use. */
  @Provide
  Arbitrary<Double> ordinary() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.doubles().between(-1e7, 1e7),
        Arbitraries.doubles().between(-1, 1),
        Arbitraries.integers().between(-30, 30).flatMap(e -> Arbitraries.doubles().between(1, 10).map(m -> m * Math.pow(10, e))),
        Arbitraries.longs().between(-99_999_999, 99_999_999).flatMap(n -> Arbitraries.integers().between(0, 12).map(k -> n / Math.pow(10, k))));
  }

  /**
   * Half-way cases: a seventh significant digit 5 and nothing after it, at every decimal
   * exponent a double has, as the nearest double (just above or below the half) and its two
   * neighbours.
   */
  @Property(tries = 5_000)
  void round_halfWayCases_equalBigDecimal(@ForAll("halves") double d) {
    assertSame(d);
    assertSame(Math.nextUp(d));
    assertSame(Math.nextDown(d));
    assertSame(-d);
  }

  @Provide
  Arbitrary<Double> halves() {
    return Arbitraries.integers().between(100_000, 999_999).flatMap(m -> Arbitraries.integers().between(-330, 302)
        .map(e -> Double.parseDouble((10L * m + 5) + "E" + e)));
  }

  /** Halves a double holds exactly: whole numbers from 10^6 up ending in 5, and m + 0.5. */
  @Property(tries = 2_000)
  void round_exactHalves_roundAwayFromZero(@ForAll("exactHalves") double d) {
    assertSame(d);
    assertSame(-d);
  }

  @Provide
  Arbitrary<Double> exactHalves() {
    return Arbitraries.integers().between(100_000, 999_999).flatMap(m -> Arbitraries.integers().between(0, 9)
        .map(k -> (m + 0.5) * Math.pow(10, k)));
  }

  /** Powers of ten and their neighbours, where the decimal exponent is easiest to get wrong. */
  @Property(tries = 1_000)
  void round_nextToPowersOfTen_equalsBigDecimal(@ForAll("powers") double d) {
    assertSame(d);
    assertSame(Math.nextUp(d));
    assertSame(Math.nextDown(d));
    assertSame(Math.nextUp(Math.nextUp(d)));
  }

  @Provide
  Arbitrary<Double> powers() {
    return Arbitraries.integers().between(-323, 308).map(e -> Double.parseDouble("1E" + e));
  }

  /** A rounding of the scaled double (Math.round-style) would differ here: the exact binary values lie just below the half. */
  @Example
  void round_decimalHalvesJustBelowInBinary_roundDown() {
    assertEquals(0.123456, SignificantDigits.round(0.1234565));
    assertEquals(1808.97, SignificantDigits.round(1808.975));
    assertEquals(10000.0, SignificantDigits.round(10000.05));
  }

  @Example
  void round_specialValues_equalBigDecimal() {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), 1e-17, 9.999995e-18, 1e28,
        9.999995e27, 999999.5, 999999.4999999999, 1e6, 1234565.0, 0.1234565, 123456.5, 2.5e-320, 4.94065e-324, 1.797693e308, Math.nextDown(Double.MAX_VALUE)};
    for (double d : special) {
      assertSame(d);
    }
    assertEquals(0.0, SignificantDigits.round(-0.0));
    assertEquals(1234570.0, SignificantDigits.round(1234565.0));
    assertEquals(-1234570.0, SignificantDigits.round(-1234565.0));
    assertEquals(1.0, SignificantDigits.round(1.0000001));
  }
}
