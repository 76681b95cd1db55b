package org.mlengine.core.internal;

import java.math.BigInteger;

/**
 * Rounds a number to {@link #DIGITS} significant digits, halves away from zero, in double
 * arithmetic: the same double as {@code new BigDecimal(d).round(new MathContext(6)).doubleValue()}
 * (the near-duplicate check's rounding until 0.2), without an object per number.
 *
 * <p>How it stays exact: the number is scaled to {@code s = |d| / 10^q} with {@code 10^5 <= s <
 * 10^6}; only whether {@code s} lies below the half-way point {@code m + 0.5} after {@code m =
 * floor(s)} decides the result, and that is settled exactly — by the distance when it is clearly
 * larger than the scaling's error, else by one fused multiply-add whose single rounding keeps the
 * sign of {@code |d| - (m + 0.5) * 10^q} (for {@code |q| <= 22}, where {@code 10^|q|} is a
 * double), else (magnitudes below 1e-17 or from 1e28 up) by integer arithmetic on the binary
 * mantissa. The rounded value {@code m * 10^q} is then converted once, correctly rounded, as
 * {@code BigDecimal.doubleValue} does. {@code LeakageAuditProperties} checks the equality on
 * random doubles, halves, -0.0, NaN, infinities and the extremes.
 *
 * <pre>{@code
 * SignificantDigits.round(1234567.5);   // 1234570.0
 * SignificantDigits.round(-0.0);        // 0.0
 * }</pre>
 */
final class SignificantDigits {
  /** The significant digits kept. */
  static final int DIGITS = 6;

  private static final double LOW = 1e5;
  private static final double HIGH = 1e6;
  /** Above the scaled value's error (a few units in the last place of a number below 10^6), below any other gap. */
  private static final double CLEAR = 1e-6;
  private static final int EXACT_POWERS = 22;
  private static final double[] POW10 = new double[EXACT_POWERS + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;   // exact up to 10^22
    }
  }

  private SignificantDigits() {}

  /** {@code d} rounded to six significant digits, halves away from zero; -0.0 becomes 0.0; NaN and infinities unchanged. */
  static double round(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return d;
    }
    if (d == Math.rint(d) && Math.abs(d) < HIGH) {
      return d + 0.0;   // a whole number of at most six digits is already rounded
    }
    double x = Math.abs(d);
    int q = (int) Math.floor(Math.log10(x)) - (DIGITS - 1);
    double s = scaled(x, q);
    // log10 can be one off next to a power of ten; rounding is monotonic, so these tests are safe
    if (s < LOW) {
      q--;
      s = scaled(x, q);
    } else if (s >= HIGH) {
      q++;
      s = scaled(x, q);
    }
    double m = Math.floor(s);
    if (!belowHalf(x, m, q, s)) {
      m += 1;
    }
    double r = value(m, q);
    return d < 0 ? -r : r;
  }

  /** About {@code x / 10^q}: correctly rounded for {@code |q| <= 22}, within a few units in the last place otherwise. */
  private static double scaled(double x, int q) {
    if (q >= 0) {
      return q <= EXACT_POWERS ? x / POW10[q] : x / POW10[EXACT_POWERS] / Math.pow(10, q - EXACT_POWERS);
    }
    return -q <= EXACT_POWERS ? x * POW10[-q] : x * POW10[EXACT_POWERS] * Math.pow(10, -q - EXACT_POWERS);
  }

  /** Whether {@code x < (m + 0.5) * 10^q} exactly; {@code s} is about {@code x / 10^q}. */
  private static boolean belowHalf(double x, double m, int q, double s) {
    double half = m + 0.5;
    if (half - s > CLEAR) {
      return true;
    }
    if (s - half > CLEAR) {
      return false;
    }
    if (q >= 0 && q <= EXACT_POWERS) {
      return Math.fma(-half, POW10[q], x) < 0;   // sign of x - half * 10^q, rounded once
    }
    if (q < 0 && -q <= EXACT_POWERS) {
      return Math.fma(x, POW10[-q], -half) < 0;  // sign of x * 10^-q - half, rounded once
    }
    return belowHalfExactly(x, (long) m, q);
  }

  /** {@code x = M * 2^E} against {@code (2m + 1) * 10^q / 2}, in integers: {@code M * 2^(E+1)} against {@code (2m + 1) * 5^q * 2^q}. */
  private static boolean belowHalfExactly(double x, long m, int q) {
    long bits = Double.doubleToRawLongBits(x);
    int biased = (int) (bits >>> 52) & 0x7ff;
    long mantissa = bits & 0xfffffffffffffL;
    int exponent = biased == 0 ? -1074 : biased - 1075;
    if (biased != 0) {
      mantissa |= 1L << 52;
    }
    BigInteger left = BigInteger.valueOf(mantissa);
    BigInteger right = BigInteger.valueOf(2 * m + 1);
    if (q >= 0) {
      right = right.multiply(BigInteger.valueOf(5).pow(q));
    } else {
      left = left.multiply(BigInteger.valueOf(5).pow(-q));
    }
    int twos = exponent + 1 - q;
    if (twos >= 0) {
      left = left.shiftLeft(twos);
    } else {
      right = right.shiftLeft(-twos);
    }
    return left.compareTo(right) < 0;
  }

  /** {@code m * 10^q} correctly rounded to a double. */
  private static double value(double m, int q) {
    if (q >= 0 && q <= EXACT_POWERS) {
      return m * POW10[q];
    }
    if (q < 0 && -q <= EXACT_POWERS) {
      return m / POW10[-q];
    }
    return Double.parseDouble((long) m + "E" + q);
  }
}
