package org.mlengine.runtime.internal;

/**
 * Numbers read straight from a CSV field's characters, bit for bit what {@link
 * Double#parseDouble} gives for the same text.
 *
 * <pre>{@code
 * char[] b = "-12.25".toCharArray();
 * double v = CsvNumbers.parse(b, 0, b.length);   // -12.25
 * }</pre>
 *
 * <p>The fast path takes a short plain decimal (an optional sign, at most 18 digits with an
 * optional point, no exponent, no blanks) whose digits, read as an integer {@code m}, are at most
 * 2<sup>53</sup> and whose fraction has at most 22 digits. Then {@code m} and 10<sup>f</sup> are
 * both exact doubles, and IEEE 754 division rounds their exact quotient correctly, which is the
 * double nearest to the decimal: exactly what {@code Double.parseDouble} returns. Everything
 * else (exponents, long mantissas, blanks, {@code NaN}, {@code Infinity}) goes through {@link
 * CsvReader#isNumber} and {@code Double.parseDouble} on a String. {@code CsvNumbersProperties}
 * checks the equality on random and edge-case text.
 */
final class CsvNumbers {
  private static final long EXACT = 1L << 53;
  private static final double[] POWERS = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
    1e18, 1e19, 1e20, 1e21, 1e22
  };

  private CsvNumbers() {}

  /**
   * The number written in {@code b[s..e)}, or NaN when the text is not a number by {@link
   * CsvReader#isNumber}'s rules (or is {@code NaN}: tell the two apart with {@link #isNaN}).
   */
  static double parse(char[] b, int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long m = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < e; i++) {
      char c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 18) {
          return slow(b, s, e);
        }
        m = m * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return slow(b, s, e);
      }
    }
    if (digits == 0 || m > EXACT || fraction > 22) {
      return slow(b, s, e);
    }
    double v = fraction <= 0 ? (double) m : m / POWERS[fraction];
    return negative ? -v : v;
  }

  private static double slow(char[] b, int s, int e) {
    String t = new String(b, s, e - s);
    return CsvReader.isNumber(t) ? Double.parseDouble(t) : Double.NaN;
  }

  /** Whether {@code b[s..e)}, trimmed, is {@code NaN}. */
  static boolean isNaN(char[] b, int s, int e) {
    return new String(b, s, e - s).trim().equals("NaN");
  }
}
