package org.mlengine.runtime.internal.steps;

import java.math.BigInteger;

/**
 * An exact sum of doubles (a superaccumulator): a fixed-point integer with its lowest bit at
 * 2<sup>-1074</sup>, held in 32-bit limbs, so that adding and removing values is exact and the
 * sum does not depend on the order of the operations. Window statistics read their sums from it,
 * which is why a window slid over a table and the same window computed from scratch from a
 * history give bit-identical values.
 *
 * <p>Values whose magnitude overflows (a square beyond {@code Double.MAX_VALUE}) are counted
 * apart and make the sum infinite (or NaN when both signs are present).
 */
final class ExactSum {
  /** Limbs of 32 bits: 2098 bits cover every finite double, the rest is headroom for carries. */
  private static final int LIMBS = 68;

  private static final long MASK = 0xFFFFFFFFL;

  /** Normalise before a limb could overflow: each operation adds less than 2^33 to a limb. */
  private static final int OPS_BEFORE_CARRY = 1 << 28;

  private final long[] limbs = new long[LIMBS];
  /** Every limb outside [low, high] is zero. */
  private int low = LIMBS;
  private int high = -1;
  private int ops;
  private long positiveInfinities;
  private long negativeInfinities;

  /** Adds {@code value} (sign +1) or removes it (sign -1); zeros change nothing. */
  void add(double value, int sign) {
    if (value == 0) {
      return;
    }
    if (Double.isInfinite(value)) {
      if ((value > 0) == (sign > 0)) {
        positiveInfinities += sign > 0 ? 1 : -1;
      } else {
        negativeInfinities += sign > 0 ? 1 : -1;
      }
      return;
    }
    long bits = Double.doubleToRawLongBits(value);
    int exponent = (int) ((bits >>> 52) & 0x7FF);
    long mantissa = bits & 0xFFFFFFFFFFFFFL;
    if (exponent == 0) {
      exponent = 1;
    } else {
      mantissa |= 1L << 52;
    }
    int shift = exponent - 1;
    int at = shift >>> 5;
    int offset = shift & 31;
    long c0 = (mantissa << offset) & MASK;
    long c1 = (mantissa >>> (32 - offset)) & MASK;
    long c2 = offset == 0 ? 0 : mantissa >>> (64 - offset);
    if ((bits < 0) != (sign < 0)) {
      limbs[at] -= c0;
      limbs[at + 1] -= c1;
      limbs[at + 2] -= c2;
    } else {
      limbs[at] += c0;
      limbs[at + 1] += c1;
      limbs[at + 2] += c2;
    }
    low = Math.min(low, at);
    high = Math.max(high, at + 2);
    if (++ops >= OPS_BEFORE_CARRY) {
      normalize();
    }
  }

  /** Adds or removes the exact square of {@code x} (as {@code hi + lo}, Dekker's two-product). */
  void addSquare(double x, int sign) {
    addProduct(x, x, sign);
  }

  /** Adds or removes the exact product {@code a·b} (barring underflow of its low part). */
  void addProduct(double a, double b, int sign) {
    double hi = a * b;
    add(hi, sign);
    if (Double.isFinite(hi)) {
      add(Math.fma(a, b, -hi), sign);
    }
  }

  /** Empties the sum. */
  void clear() {
    if (high >= low) {
      java.util.Arrays.fill(limbs, low, high + 1, 0);
    }
    low = LIMBS;
    high = -1;
    ops = 0;
    positiveInfinities = 0;
    negativeInfinities = 0;
  }

  /**
   * Propagates carries within [low, high] so that the limbs below {@code high} lie in [0, 2^32)
   * and the top one, which carries the sign, in (-2^31, 2^31); then trims zero limbs at both ends.
   */
  private void normalize() {
    ops = 0;
    for (int i = low; i < high; i++) {
      long c = limbs[i] >> 32;
      limbs[i] &= MASK;
      limbs[i + 1] += c;
    }
    while (high >= 0 && high < LIMBS - 1 && (limbs[high] >= (1L << 31) || limbs[high] < -(1L << 31))) {
      long c = limbs[high] >> 32;
      limbs[high] &= MASK;
      limbs[++high] += c;
    }
    while (high >= low && limbs[high] == 0) {
      high--;
    }
    while (low <= high && limbs[low] == 0) {
      low++;
    }
    if (high < low) {
      low = LIMBS;
      high = -1;
    }
  }

  /**
   * The exact sum, or {@code null} when infinite values make it infinite or undefined (see
   * {@link #overflow()}).
   */
  Exact value() {
    if (positiveInfinities != 0 || negativeInfinities != 0) {
      return null;
    }
    normalize();
    if (high < 0) {
      return Exact.ZERO;
    }
    long top = limbs[high];
    if (high == low || (high - low == 1 && top < (1L << 31) && top >= -(1L << 31))) {
      long v = high == low ? top : (top << 32) + limbs[low];
      int trailing = Long.numberOfTrailingZeros(v);
      return new Exact(BigInteger.valueOf(v >> trailing), 32 * low + trailing - 1074);
    }
    byte[] bytes = new byte[4 * (high - low)];
    int b = 0;
    for (int i = high - 1; i >= low; i--) {
      long v = limbs[i];
      bytes[b++] = (byte) (v >>> 24);
      bytes[b++] = (byte) (v >>> 16);
      bytes[b++] = (byte) (v >>> 8);
      bytes[b++] = (byte) v;
    }
    BigInteger m = BigInteger.valueOf(top).shiftLeft(32 * (high - low)).add(new BigInteger(1, bytes));
    int trailing = m.getLowestSetBit();
    return new Exact(m.shiftRight(trailing), 32 * low + trailing - 1074);
  }

  /**
   * The sum's value when infinite values were added: {@code +Infinity}, {@code -Infinity} or
   * NaN (both signs); 0 when there are none.
   */
  double overflow() {
    if (positiveInfinities != 0 && negativeInfinities != 0) {
      return Double.NaN;
    }
    return positiveInfinities != 0 ? Double.POSITIVE_INFINITY : negativeInfinities != 0 ? Double.NEGATIVE_INFINITY : 0;
  }

  /**
   * An exact binary number {@code mantissa · 2^exponent}, with the arithmetic window statistics
   * need: each result is rounded once, deterministically, so equal exact inputs give equal
   * doubles.
   */
  record Exact(BigInteger mantissa, int exponent) {
    static final Exact ZERO = new Exact(BigInteger.ZERO, 0);

    static Exact of(long value) {
      return new Exact(BigInteger.valueOf(value), 0);
    }

    boolean isZero() {
      return mantissa.signum() == 0;
    }

    int signum() {
      return mantissa.signum();
    }

    Exact times(Exact other) {
      return new Exact(mantissa.multiply(other.mantissa), exponent + other.exponent);
    }

    Exact times(long factor) {
      return new Exact(mantissa.multiply(BigInteger.valueOf(factor)), exponent);
    }

    Exact minus(Exact other) {
      if (other.isZero()) {
        return this;
      }
      if (isZero()) {
        return new Exact(other.mantissa.negate(), other.exponent);
      }
      int e = Math.min(exponent, other.exponent);
      return new Exact(mantissa.shiftLeft(exponent - e).subtract(other.mantissa.shiftLeft(other.exponent - e)), e);
    }

    /** The nearest double (ties to even; a subnormal result may round twice). */
    double toDouble() {
      return round(mantissa.signum(), mantissa.abs(), exponent);
    }

    /** {@code this / divisor}, correctly rounded to a double (barring subnormal results); NaN for 0/0. */
    double dividedBy(Exact divisor) {
      if (divisor.isZero()) {
        return isZero() ? Double.NaN : mantissa.signum() * Double.POSITIVE_INFINITY;
      }
      if (isZero()) {
        return 0.0;
      }
      BigInteger a = mantissa.abs();
      BigInteger b = divisor.mantissa.abs();
      int shift = Math.max(0, b.bitLength() - a.bitLength() + 65);
      BigInteger[] qr = a.shiftLeft(shift).divideAndRemainder(b);
      BigInteger q = qr[0];
      if (qr[1].signum() != 0) {
        q = q.shiftLeft(1).setBit(0);
        shift++;
      }
      return round(mantissa.signum() * divisor.mantissa.signum(), q, exponent - divisor.exponent - shift);
    }

    /** {@code signum · magnitude · 2^exponent} rounded to the nearest double. */
    private static double round(int signum, BigInteger magnitude, int exponent) {
      if (signum == 0) {
        return 0.0;
      }
      int excess = magnitude.bitLength() - 62;
      double d;
      if (excess > 0) {
        boolean sticky = magnitude.getLowestSetBit() < excess;
        long top = magnitude.shiftRight(excess).longValue() | (sticky ? 1 : 0);
        d = Math.scalb((double) top, exponent + excess);
      } else {
        d = Math.scalb((double) magnitude.longValue(), exponent);
      }
      return signum < 0 ? -d : d;
    }
  }
}
