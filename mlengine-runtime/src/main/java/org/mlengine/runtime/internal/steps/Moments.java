package org.mlengine.runtime.internal.steps;

import org.mlengine.runtime.internal.steps.ExactSum.Exact;

/**
 * The exact power sums of a window's non-missing values and of their times (epoch
 * milliseconds): n, Σx, Σx², Σt, Σt², Σtx. Sum, mean, variance and least-squares slope are each
 * one correctly rounded function of these exact sums, so they do not depend on the order values
 * came and went in: a window slid over a table and one summed from scratch agree bit for bit.
 */
final class Moments {
  private final ExactSum x;
  private final ExactSum xx;
  private final ExactSum t;
  private final ExactSum tt;
  private final ExactSum tx;
  private int count;
  private Exact cachedX;
  private Exact cachedT;

  /**
   * The count only, plus: Σx with {@code sums} (sum, mean), Σx² with {@code squares} (variance),
   * Σt, Σt², Σtx with {@code times} (slope); variance and slope need {@code sums} too.
   */
  Moments(boolean sums, boolean squares, boolean times) {
    this.x = sums || squares || times ? new ExactSum() : null;
    this.xx = squares ? new ExactSum() : null;
    this.t = times ? new ExactSum() : null;
    this.tt = times ? new ExactSum() : null;
    this.tx = times ? new ExactSum() : null;
  }

  /** Adds (sign +1) or removes (sign -1) one event; a missing (NaN) value changes nothing. */
  void add(long time, double value, int sign) {
    if (Double.isNaN(value)) {
      return;
    }
    count += sign;
    if (x == null) {
      return;
    }
    x.add(value, sign);
    cachedX = null;
    if (xx != null) {
      xx.addSquare(value, sign);
    }
    if (t != null) {
      double td = time;
      t.add(td, sign);
      tt.addSquare(td, sign);
      tx.addProduct(td, value, sign);
      cachedT = null;
    }
  }

  /** Empties the sums. */
  void clear() {
    count = 0;
    cachedX = null;
    if (x != null) {
      x.clear();
    }
    cachedT = null;
    if (xx != null) {
      xx.clear();
    }
    if (t != null) {
      t.clear();
      tt.clear();
      tx.clear();
    }
  }

  /** The number of non-missing values. */
  int count() {
    return count;
  }

  /** Σx, rounded once. */
  double sum() {
    Exact s = sumX();
    return s == null ? x.overflow() : s.toDouble();
  }

  /** Σx / n, rounded once; NaN when empty. */
  double mean() {
    if (count == 0) {
      return Double.NaN;
    }
    Exact s = sumX();
    return s == null ? x.overflow() : s.dividedBy(Exact.of(count));
  }

  /**
   * {@code (nΣx² − (Σx)²) / (n(n − ddof))}: the numerator exact, the quotient rounded once; NaN
   * when {@code n <= ddof}.
   */
  double variance(int ddof) {
    if (count <= ddof) {
      return Double.NaN;
    }
    Exact s = sumX();
    Exact s2 = xx.value();
    if (s == null || s2 == null) {
      return Double.POSITIVE_INFINITY;
    }
    Exact numerator = s2.times(count).minus(s.times(s));
    if (numerator.signum() <= 0) {
      return 0.0;
    }
    return numerator.dividedBy(Exact.of((long) count * (count - ddof)));
  }

  /**
   * The least-squares slope of value over time, per {@code unitMillis} milliseconds:
   * {@code (nΣtx − ΣtΣx) / (nΣt² − (Σt)²)}, both exact, the quotient rounded once; NaN with fewer
   * than two values or when all values share one time.
   */
  double slope(long unitMillis) {
    if (count < 2) {
      return Double.NaN;
    }
    Exact st = sumT();
    Exact stt = tt.value();
    Exact stx = tx.value();
    Exact sx = sumX();
    if (stt == null || stx == null || sx == null) {
      return Double.NaN;
    }
    Exact denominator = stt.times(count).minus(st.times(st));
    if (denominator.isZero()) {
      return Double.NaN;
    }
    return stx.times(count).minus(st.times(sx)).times(unitMillis).dividedBy(denominator);
  }

  private Exact sumX() {
    if (cachedX == null) {
      cachedX = x.value();
    }
    return cachedX;
  }

  private Exact sumT() {
    if (cachedT == null) {
      cachedT = t.value();
    }
    return cachedT;
  }
}
