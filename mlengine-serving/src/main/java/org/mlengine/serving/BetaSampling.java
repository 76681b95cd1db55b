package org.mlengine.serving;

import java.util.SplittableRandom;

/**
 * A Beta variate from a caller's {@link SplittableRandom}, with the algorithms of
 * {@code org.mlengine.eval.Sampling} copied draw for draw (serving must not depend on
 * mlengine-eval at run time): the normal by Marsaglia's polar method, the gamma by Marsaglia
 * and Tsang (2000; shape &lt; 1 boosted by U^(1/a)), the beta as X/(X + Y) of two gammas. The
 * same seed gives the same draws as eval's; {@code BanditPolicyProperties} checks it.
 */
final class BetaSampling {
  private BetaSampling() {}

  static double normal(SplittableRandom random) {
    while (true) {
      double u = 2.0 * random.nextDouble() - 1.0;
      double v = 2.0 * random.nextDouble() - 1.0;
      double s = u * u + v * v;
      if (s > 0.0 && s < 1.0) {
        return u * Math.sqrt(-2.0 * Math.log(s) / s);
      }
    }
  }

  static double gamma(double shape, SplittableRandom random) {
    if (shape < 1.0) {
      double u = random.nextDouble();
      return gamma(shape + 1.0, random) * Math.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = normal(random);
      double v = 1.0 + c * x;
      if (v <= 0.0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  static double beta(double a, double b, SplittableRandom random) {
    double x = gamma(a, random);
    double y = gamma(b, random);
    return x / (x + y);
  }
}
