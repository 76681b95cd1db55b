package org.mlengine.eval;

import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic Dₙ, as SciPy
 * 1.10's {@code kstwo} ({@code scipy.stats._ksstats.kolmogn}), following Simard and L'Ecuyer
 * (2011) to choose among: the Ruben–Gambino closed forms at the ends, Durbin's matrix method in
 * the form of Marsaglia, Tsang and Wang (2003), Pomeranz's recursion (1974), the Pelz–Good
 * asymptotic series (1976), and twice the exact one-sided Smirnov tail (Birnbaum and Tingey
 * 1951) in the upper tail. Used for the asymptotic p-value of the two-sample KS test.
 */
final class Kolmogorov {
  private static final double TWO_128 = 0x1p128;
  private static final double TWO_MINUS_128 = 0x1p-128;
  private static final double PI2 = Math.PI * Math.PI;

  private Kolmogorov() {}

  /** P(Dₙ ≥ x) ({@code kstwo.sf(x, n)}). */
  static double sf(int n, double x) {
    return kolmogn(n, x, false);
  }

  /** P(Dₙ ≤ x) ({@code kstwo.cdf(x, n)}). */
  static double cdf(int n, double x) {
    return kolmogn(n, x, true);
  }

  private static double select(double cdfProb, double sfProb, boolean cdf) {
    return clip(cdf ? cdfProb : sfProb);
  }

  private static double clip(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }

  private static double kolmogn(int n, double x, boolean cdf) {
    if (x >= 1.0) {
      return select(1.0, 0.0, cdf);
    }
    if (x <= 0.0) {
      return select(0.0, 1.0, cdf);
    }
    double t = n * x;
    if (t <= 1.0) {
      return lowerEnd(n, t, cdf);
    }
    if (t >= n - 1) {
      double prob = 2 * Math.pow(1.0 - x, n);
      return select(1 - prob, prob, cdf);
    }
    if (x >= 0.5) {
      double prob = 2 * smirnov(n, x);
      return select(1.0 - prob, prob, cdf);
    }
    double nxSquared = t * x;
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        double prob = durbinMatrix(n, x);
        return select(prob, 1.0 - prob, cdf);
      }
      if (nxSquared <= 4) {
        double prob = pomeranz(n, x);
        return select(prob, 1.0 - prob, cdf);
      }
      double prob = 2 * smirnov(n, x);
      return select(1.0 - prob, prob, cdf);
    }
    if (!cdf) {
      if (nxSquared >= 370.0) {
        return 0.0;
      }
      if (nxSquared >= 2.2) {
        return clip(2 * smirnov(n, x));
      }
    }
    double cdfProb;
    if (nxSquared >= 18.0) {
      cdfProb = 1.0;
    } else if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdfProb = durbinMatrix(n, x);
    } else {
      cdfProb = pelzGood(n, x);
    }
    return select(cdfProb, 1.0 - cdfProb, cdf);
  }

  /** The Ruben–Gambino closed form at the lower end, n·x ≤ 1: P(Dₙ ≤ x) = n!/nⁿ·(2nx − 1)ⁿ. */
  private static double lowerEnd(int n, double t, boolean cdf) {
    if (t <= 0.5) {
      return select(0.0, 1.0, cdf);
    }
    double prob;
    if (n <= 140) {
      prob = 1.0;
      for (int i = 1; i <= n; i++) {
        prob *= i * (1.0 / n) * (2 * t - 1);
      }
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return select(prob, 1.0 - prob, cdf);
  }

  /** ln(n! / nⁿ) by Stirling's series. */
  private static double logFactorialOverPower(int n) {
    return 0.5 * Math.log(n) - n + SpecialFunctions.LN_SQRT_2PI + SpecialFunctions.stirlingCorrection(n);
  }

  /**
   * The exact one-sided tail P(Dₙ⁺ ≥ d) by Birnbaum and Tingey's sum
   * d·Σⱼ C(n, j)(d + j/n)^(j−1)(1 − d − j/n)^(n−j), each term in logarithms.
   */
  static double smirnov(int n, double d) {
    if (d <= 0.0) {
      return 1.0;
    }
    if (d >= 1.0) {
      return 0.0;
    }
    int last = (int) Math.floor(n * (1.0 - d));
    double sum = 0.0;
    double lnN1 = Math.log(n + 1.0);
    for (int j = 0; j <= last; j++) {
      double evn = d + (double) j / n;
      double omevn = (double) (n - j) / n - d;
      if (omevn <= 0.0) {
        continue;
      }
      double lnTerm =
          -lnN1 - SpecialFunctions.lnBeta(j + 1.0, n - j + 1.0)
              + (n - j) * Math.log(omevn)
              + (j - 1) * Math.log(evn);
      sum += Math.exp(lnTerm);
    }
    return sum * d;
  }

  /** Durbin's matrix method as Marsaglia, Tsang and Wang: P(Dₙ ≤ d). */
  private static double durbinMatrix(int n, double d) {
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[][] hm = durbinH(h, m);
    double[][] power = new double[m][m];
    for (int i = 0; i < m; i++) {
      power[i][i] = 1.0;
    }
    int nn = n;
    int exponent = 0;
    int hExponent = 0;
    while (nn > 0) {
      if (nn % 2 == 1) {
        power = multiply(power, hm);
        exponent += hExponent;
      }
      hm = multiply(hm, hm);
      hExponent *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > TWO_128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= TWO_128;
          }
        }
        hExponent += 128;
      }
      nn /= 2;
    }
    double p = power[k - 1][k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < TWO_MINUS_128) {
        p *= TWO_128;
        exponent -= 128;
      }
    }
    if (exponent != 0) {
      p = Math.scalb(p, exponent);
    }
    return p;
  }

  /** Durbin's m × m matrix H for h = k − n·d: 1/(i−j+1)! below the diagonal, the edges from v. */
  private static double[][] durbinH(double h, int m) {
    double[][] hm = new double[m][m];
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - (i - 1)];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    return hm;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] out = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l < m; l++) {
        double ail = a[i][l];
        if (ail == 0.0) {
          continue;
        }
        for (int j = 0; j < m; j++) {
          out[i][j] += ail * b[l][j];
        }
      }
    }
    return out;
  }

  /** Pomeranz's recursion: P(Dₙ ≤ x). */
  private static double pomeranz(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[][] powers = pomeranzPowers(n, g, npwrs);
    double[] gpower = powers[0];
    double[] twogpower = powers[1];
    double[] onem2gpower = powers[2];
    int exponent = 0;
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] j12 = pomeranzBounds(0, n, ll, ceilf, roundf);
    int j1 = j12[0];
    int j2;
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j1;
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swapS = v0s;
      v0s = v1s;
      v1s = swapS;
      java.util.Arrays.fill(v1, 0.0);
      j12 = pomeranzBounds(i, n, ll, ceilf, roundf);
      j1 = j12[0];
      j2 = j12[1];
      double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        exponent += pomeranzStep(v0, v0s, v1, pwrs, k1, j1, j2);
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > TWO_128) {
        ans *= TWO_MINUS_128;
        exponent += 128;
      }
      ans *= m;
    }
    if (exponent != 0) {
      ans = Math.scalb(ans, exponent);
    }
    return ans;
  }

  /**
   * The tables (g/n)ᵐ/m!, (2g/n)ᵐ/m! and ((1 − 2g)/n)ᵐ/m! for m below npwrs, built by running
   * products.
   */
  private static double[][] pomeranzPowers(int n, double g, int npwrs) {
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    return new double[][] {gpower, twogpower, onem2gpower};
  }

  /**
   * One step of Pomeranz's recursion: fills v1 (already zeroed) with the part [j1, j2] of v0
   * (offset v0s) convolved with pwrs, then scales v1 up by 2¹²⁸ if its largest entry is tiny.
   * Returns the change of the binary exponent: −128 if it scaled, else 0. Needs j2 − k1 ≥ 0.
   */
  private static int pomeranzStep(double[] v0, int v0s, double[] v1, double[] pwrs, int k1, int j1, int j2) {
    int npwrs = v1.length;
    int ln2 = j2 - k1 + 1;
    int start = k1 - v0s;
    int aLen = Math.max(0, Math.min(start + ln2, npwrs) - start);
    int bLen = Math.min(ln2, npwrs);
    int convLen = aLen + bLen - 1;
    int convStart = j1 - k1;
    int count = j2 - j1 + 1;
    for (int c = 0; c < count; c++) {
      int idx = convStart + c;
      if (idx < 0 || idx >= convLen) {
        continue;
      }
      double s = 0.0;
      int lo = Math.max(0, idx - (bLen - 1));
      int hi = Math.min(idx, aLen - 1);
      for (int a = lo; a <= hi; a++) {
        s += v0[start + a] * pwrs[idx - a];
      }
      v1[c] = s;
    }
    double max = 0.0;
    for (double val : v1) {
      max = Math.max(max, val);
    }
    if (max > 0 && max < TWO_MINUS_128) {
      for (int c = 0; c < npwrs; c++) {
        v1[c] *= TWO_128;
      }
      return -128;
    }
    return 0;
  }

  private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int ip1div2 = (i + 1) / 2;
      int ip1mod2 = (i + 1) % 2;
      if (ip1mod2 == 0) {
        if (ip1div2 == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = ip1div2 - 1 - ll - roundf - 1;
          j2 = ip1div2 + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = ip1div2 - 1 - ll - 1;
        j2 = ip1div2 + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** The Pelz–Good approximation of P(Dₙ ≤ x). */
  private static double pelzGood(int n, double x) {
    double z = Math.sqrt(n) * x;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI2 / 8 / z2;
    if (qlog < -708) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = PI2 * PI2 * (1 - 2 * z2) / 16;
    double k3d = PI2 * PI2 * PI2 * (5 - 30 * z2) / 64;
    double k3c = PI2 * PI2 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double[] k = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int j = maxk; j > 0; j--) {
      double m = 2 * j - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qpower = Math.pow(q, 8 * j);
      double[] coeffs = {
        1.0,
        k1a + k1b * m2,
        k2a + k2b * m2 + k2c * m4,
        k3a + k3b * m2 + k3c * m4 + k3d * m6
      };
      for (int i = 0; i < 4; i++) {
        k[i] = k[i] * qpower + coeffs[i];
      }
    }
    double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k[i] = k[i] * q * SpecialFunctions.SQRT_2PI / divisors[i];
    }
    double[] extra = pelzGoodExtra(z, z2, maxk);
    double k2extra = extra[0];
    double k3extra = extra[1];
    k[2] += k2extra * PI2 * SpecialFunctions.SQRT_2PI / (-36 * z3);
    k[3] += k3extra * PI2 * SpecialFunctions.SQRT_2PI / (216 * z6);
    double sum = 0.0;
    for (int i = 0; i < 4; i++) {
      sum += k[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /**
   * The second theta series of the Pelz–Good terms K₂ and K₃, before their common factors:
   * {Σ j²·q₂^(j²), Σ (3z² − π²j²)·j²·q₂^(j²)} with q₂ = exp(−π²/(2z²)).
   */
  private static double[] pelzGoodExtra(double z, double z2, int maxk) {
    double q2 = Math.exp(-PI2 / 2 / z2);
    double sqrt3z = Math.sqrt(3) * z;
    double k2extra = 0.0;
    double k3extra = 0.0;
    for (int j = maxk; j > 0; j--) {
      double j2 = (double) j * j;
      double qp = Math.pow(q2, j2);
      double kspi = Math.PI * j;
      k2extra += j2 * qp;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * j2 * qp;
    }
    return new double[] {k2extra, k3extra};
  }
}
