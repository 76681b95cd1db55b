package org.mlengine.eval;

/**
 * Platt scaling fitted as scikit-learn 1.2's {@code _sigmoid_calibration}: smoothed targets
 * t₊ = (N₊ + 1)/(N₊ + 2) for positives and t₋ = 1/(N₋ + 2) for negatives (N counts weights),
 * then the cross-entropy Σ wᵢ[ln(1 + e^zᵢ) − (1 − tᵢ)zᵢ] with zᵢ = A·fᵢ + B minimized from
 * A = 0, B = ln((N₋ + 1)/(N₊ + 1)). sklearn stops SciPy's BFGS at a gradient norm of 1e-5;
 * this runs Newton's method with a backtracking line search (Lin, Lin and Weng 2007) to the
 * exact optimum, which differs from sklearn's A and B by about 1e-7 (V9). Inputs are checked by
 * the caller.
 */
final class Platt {
  private Platt() {}

  static PlattCalibrator fit(double[] f, int[] y, double[] w) {
    int n = f.length;
    double[] priors = priors(y, w);
    double prior0 = priors[0];
    double prior1 = priors[1];
    double[] targets = targets(prior1, prior0);
    double hiTarget = targets[0];
    double loTarget = targets[1];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = y[i] > 0 ? hiTarget : loTarget;
    }
    double a = 0.0;
    double b = Math.log((prior0 + 1.0) / (prior1 + 1.0));
    double value = objective(f, t, w, a, b);
    for (int iteration = 0; iteration < 200; iteration++) {
      double[] derivatives = derivatives(f, t, w, a, b);
      double ga = derivatives[0];
      double gb = derivatives[1];
      double haa = derivatives[2];
      double hab = derivatives[3];
      double hbb = derivatives[4];
      double gradNorm = Math.max(Math.abs(ga), Math.abs(gb));
      if (gradNorm <= 1e-13 * Math.max(1.0, Math.abs(value))) {
        break;
      }
      double ridge = 1e-12;
      haa += ridge;
      hbb += ridge;
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(haa * gb - hab * ga) / det;
      double slope = ga * da + gb * db;
      double step = 1.0;
      double next;
      double na;
      double nb;
      while (true) {
        na = a + step * da;
        nb = b + step * db;
        next = objective(f, t, w, na, nb);
        if (next <= value + 1e-4 * step * slope || step < 1e-12) {
          break;
        }
        step /= 2;
      }
      boolean tiny = Math.abs(na - a) <= 1e-16 * Math.max(1.0, Math.abs(a))
          && Math.abs(nb - b) <= 1e-16 * Math.max(1.0, Math.abs(b));
      a = na;
      b = nb;
      value = next;
      if (tiny) {
        break;
      }
    }
    return new PlattCalibrator(a, b);
  }

  /** The total weights {N₋, N₊} of the negatives and the positives. */
  private static double[] priors(int[] y, double[] w) {
    double prior0 = 0.0;
    double prior1 = 0.0;
    for (int i = 0; i < y.length; i++) {
      double wi = w == null ? 1.0 : w[i];
      if (y[i] > 0) {
        prior1 += wi;
      } else {
        prior0 += wi;
      }
    }
    return new double[] {prior0, prior1};
  }

  /** The gradient and Hessian of the objective at (a, b): {∂a, ∂b, ∂aa, ∂ab, ∂bb}. */
  private static double[] derivatives(double[] f, double[] t, double[] w, double a, double b) {
    double ga = 0.0;
    double gb = 0.0;
    double haa = 0.0;
    double hab = 0.0;
    double hbb = 0.0;
    for (int i = 0; i < f.length; i++) {
      double wi = w == null ? 1.0 : w[i];
      double z = a * f[i] + b;
      double p = sigmoidOfMinus(z); // P(y=1) = 1/(1+e^z)
      double d = wi * (t[i] - p);
      ga += d * f[i];
      gb += d;
      double h = wi * p * (1.0 - p);
      haa += h * f[i] * f[i];
      hab += h * f[i];
      hbb += h;
    }
    return new double[] {ga, gb, haa, hab, hbb};
  }

  /** Platt's smoothed targets {t₊, t₋} = {(N₊ + 1)/(N₊ + 2), 1/(N₋ + 2)}. */
  static double[] targets(double positives, double negatives) {
    return new double[] {(positives + 1.0) / (positives + 2.0), 1.0 / (negatives + 2.0)};
  }

  /** 1 / (1 + e^z), without overflow. */
  private static double sigmoidOfMinus(double z) {
    if (z >= 0) {
      double e = Math.exp(-z);
      return e / (1.0 + e);
    }
    return 1.0 / (1.0 + Math.exp(z));
  }

  /** Σ w·[ln(1 + e^z) − (1 − t)·z], the cross-entropy against the smoothed targets. */
  static double objective(double[] f, double[] t, double[] w, double a, double b) {
    double sum = 0.0;
    for (int i = 0; i < f.length; i++) {
      double z = a * f[i] + b;
      double softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += (w == null ? 1.0 : w[i]) * (softplus - (1.0 - t[i]) * z);
    }
    return sum;
  }
}
