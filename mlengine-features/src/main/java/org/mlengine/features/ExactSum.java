package org.mlengine.features;

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
  private final long[] scratch = new long[LIMBS];
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
    if (++ops >= OPS_BEFORE_CARRY) {
      carry(limbs);
      ops = 0;
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
    java.util.Arrays.fill(limbs, 0);
    ops = 0;
    positiveInfinities = 0;
    negativeInfinities = 0;
  }

  /**
   * The exact sum, or {@code null} when infinite values make it infinite or undefined (see
   * {@link #overflow()}).
   */
  Exact value() {
    if (positiveInfinities != 0 || negativeInfinities != 0) {
      return null;
    }
    carry(limbs);
    ops = 0;
    long[] magnitude = limbs;
    int signum = 1;
    if (limbs[LIMBS - 1] < 0) {
      for (int i = 0; i < LIMBS; i++) {
        scratch[i] = -limbs[i];
      }
      carry(scratch);
      magnitude = scratch;
      signum = -1;
    }
    int high = LIMBS - 1;
    while (high >= 0 && magnitude[high] == 0) {
      high--;
    }
    if (high < 0) {
      return Exact.ZERO;
    }
    int low = 0;
    while (magnitude[low] == 0) {
      low++;
    }
    int trailing = Long.numberOfTrailingZeros(magnitude[low]);
    BigInteger m;
    if (high - low <= 1) {
      long v = high == low ? magnitude[low] : (magnitude[high] << 32) | magnitude[low];
      if (v >= 0) {
        m = BigInteger.valueOf(v >>> trailing);
      } else {
        m = new BigInteger(1, toBytes(magnitude, low, high)).shiftRight(trailing);
      }
    } else {
      m = new BigInteger(1, toBytes(magnitude, low, high)).shiftRight(trailing);
    }
    return new Exact(signum < 0 ? m.negate() : m, 32 * low + trailing - 1074);
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

  private static byte[] toBytes(long[] magnitude, int low, int high) {
    byte[] out = new byte[4 * (high - low + 1)];
    int b = 0;
    for (int i = high; i >= low; i--) {
      long v = magnitude[i];
      out[b++] = (byte) (v >>> 24);
      out[b++] = (byte) (v >>> 16);
      out[b++] = (byte) (v >>> 8);
      out[b++] = (byte) v;
    }
    return out;
  }

  /** Propagates carries so that every limb but the top one lies in [0, 2^32). */
  private static void carry(long[] limbs) {
    for (int i = 0; i < LIMBS - 1; i++) {
      long c = limbs[i] >> 32;
      limbs[i] &= MASK;
      limbs[i + 1] += c;
    }
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
