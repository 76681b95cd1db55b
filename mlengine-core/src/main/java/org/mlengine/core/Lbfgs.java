package org.mlengine.core;

/**
 * Limited-memory BFGS for a smooth objective without bounds, as scipy's L-BFGS-B runs it for
 * scikit-learn's {@code LogisticRegression}: the two-loop recursion over the last {@code m}
 * corrections, a line search satisfying the strong Wolfe conditions, and scipy's stopping rules
 * (the largest gradient entry at most {@code gradientTolerance}, or the objective's relative
 * reduction at most {@code relativeReduction}, or {@code maxIterations} iterations).
 *
 * <p>Works in place: besides the vectors allocated once per run, an iteration allocates nothing.
 */
final class Lbfgs {
  /** The objective: its value at {@code x}, with its gradient written into {@code gradient}. */
  interface Objective {
    double evaluate(double[] x, double[] gradient);
  }

  /** Why a run stopped. */
  enum Stop {
    /** The largest gradient entry is at most the gradient tolerance. */
    GRADIENT,
    /** The objective's last relative reduction is at most the relative-reduction tolerance. */
    REDUCTION,
    /** The iterations ran out. */
    MAX_ITERATIONS,
    /** The line search found no step that lowers the objective enough (rounding at the optimum). */
    LINE_SEARCH,
    /**
     * The objective or its gradient overflowed where no step can avoid it (e.g. features near
     * 1e308): the point is all NaN, for the caller's check of finite models to refuse.
     */
    OVERFLOW
  }

  /** The point reached, the objective there, and how the run ended. */
  record Result(double[] x, double value, int iterations, int evaluations, Stop stop) {}

  /** Armijo's sufficient-decrease constant (scipy's ftol of dcsrch). */
  private static final double C1 = 1e-3;
  /** The curvature constant of the strong Wolfe conditions (scipy's gtol of dcsrch). */
  private static final double C2 = 0.9;
  /** Objective evaluations allowed per line search (scipy's L-BFGS-B allows 20). */
  private static final int MAX_LINE_SEARCH_EVALUATIONS = 20;
  /**
   * How far above the start a trial value may be, relative to it, and still count as no higher:
   * at the optimum the objective's differences are rounding noise, and only the slope tells
   * (Hager and Zhang's approximate Wolfe conditions, with a rounding-sized allowance).
   */
  private static final double ROUNDING = 1e-12;
  /** Hager and Zhang's delta: the approximate Wolfe conditions ask for a slope at most (1 - 2 delta) |slope at 0|. */
  private static final double HZ_DELTA = 0.1;
  /** Machine epsilon, for the curvature check of a correction pair. */
  private static final double EPS = Math.ulp(1.0);

  private final int corrections;
  private final double gradientTolerance;
  private final double relativeReduction;
  private final int maxIterations;

  /**
   * @param corrections the correction pairs kept (m)
   * @param gradientTolerance stop when every gradient entry is at most this in absolute value
   * @param relativeReduction stop when (f_old - f_new) / max(|f_old|, |f_new|, 1) is at most this; 0 turns it off
   * @param maxIterations stop after this many iterations
   */
  Lbfgs(int corrections, double gradientTolerance, double relativeReduction, int maxIterations) {
    this.corrections = corrections;
    this.gradientTolerance = gradientTolerance;
    this.relativeReduction = relativeReduction;
    this.maxIterations = maxIterations;
  }

  /** Minimises the objective from {@code start} (left unchanged). */
  Result minimize(Objective objective, double[] start) {
    Run run = new Run(objective, start);
    return run.go();
  }

  /** One run's state: the point, the gradient, the search direction and the corrections. */
  private final class Run {
    private final Objective objective;
    private final int n;
    private double[] x;
    private double[] g;
    private double[] xNext;
    private double[] gNext;
    private final double[] d;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private int stored;
    private int newest = -1;
    private int evaluations;
    private double f;

    Run(Objective objective, double[] start) {
      this.objective = objective;
      this.n = start.length;
      this.x = start.clone();
      this.g = new double[n];
      this.xNext = new double[n];
      this.gNext = new double[n];
      this.d = new double[n];
      this.s = new double[corrections][n];
      this.y = new double[corrections][n];
      this.rho = new double[corrections];
      this.alpha = new double[corrections];
    }

    Result go() {
      f = evaluate(x, g);
      if (!Double.isFinite(f) || !Double.isFinite(maxAbs(g))) {
        return overflowed(0);
      }
      if (maxAbs(g) <= gradientTolerance) {
        return new Result(x, f, 0, evaluations, Stop.GRADIENT);
      }
      for (int iteration = 1; ; iteration++) {
        direction();
        double slope = dot(g, d);
        if (!(slope < 0)) {
          // Not a descent direction (lost curvature information): restart from steepest descent.
          stored = 0;
          direction();
          slope = dot(g, d);
        }
        if (!Double.isFinite(slope)) {
          return overflowed(iteration);
        }
        // Without corrections d is the gradient's size: start at a unit-length step, as scipy does.
        double first = stored == 0 ? 1.0 / norm(d) : 1.0;
        double fOld = f;
        if (!lineSearch(first, slope)) {
          if (stored == 0) {
            return new Result(x, f, iteration - 1, evaluations, Stop.LINE_SEARCH);
          }
          // As L-BFGS-B does (lbfgsb.f, after a failed lnsrlb): the corrections may be what
          // misleads, so forget them and search once more from steepest descent before giving up.
          stored = 0;
          direction();
          slope = dot(g, d);
          if (!lineSearch(1.0 / norm(d), slope)) {
            return new Result(x, f, iteration - 1, evaluations, Stop.LINE_SEARCH);
          }
        }
        if (maxAbs(g) <= gradientTolerance) {
          return new Result(x, f, iteration, evaluations, Stop.GRADIENT);
        }
        if (relativeReduction > 0 && (fOld - f) / Math.max(Math.max(Math.abs(fOld), Math.abs(f)), 1.0) <= relativeReduction) {
          return new Result(x, f, iteration, evaluations, Stop.REDUCTION);
        }
        if (iteration >= maxIterations) {
          return new Result(x, f, iteration, evaluations, Stop.MAX_ITERATIONS);
        }
      }
    }

    private Result overflowed(int iterations) {
      java.util.Arrays.fill(x, Double.NaN);
      return new Result(x, Double.NaN, iterations, evaluations, Stop.OVERFLOW);
    }

    private double evaluate(double[] at, double[] gradient) {
      evaluations++;
      return objective.evaluate(at, gradient);
    }

    /** d = -H g by the two-loop recursion, H0 = (s'y / y'y) I from the newest pair. */
    private void direction() {
      for (int i = 0; i < n; i++) {
        d[i] = -g[i];
      }
      int k = newest;
      for (int c = 0; c < stored; c++) {
        alpha[k] = rho[k] * dot(s[k], d);
        axpy(-alpha[k], y[k], d);
        k = (k - 1 + corrections) % corrections;
      }
      if (stored > 0) {
        double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
        for (int i = 0; i < n; i++) {
          d[i] *= gamma;
        }
      }
      k = (newest - stored + 1 + corrections) % corrections;
      for (int c = 0; c < stored; c++) {
        double beta = rho[k] * dot(y[k], d);
        axpy(alpha[k] - beta, s[k], d);
        k = (k + 1) % corrections;
      }
    }

    /**
     * Finds a step along d meeting the strong Wolfe conditions (Nocedal and Wright, algorithms
     * 3.5 and 3.6, with cubic interpolation in the zoom), or the approximate Wolfe conditions
     * where the objective's differences are rounding noise; on success moves x, g and f there and
     * stores the correction pair.
     */
    private boolean lineSearch(double first, double slope0) {
      double f0 = f;
      double lo = 0;
      double fLo = f0;
      double slopeLo = slope0;
      double hi = Double.NaN;
      double fHi = Double.NaN;
      double slopeHi = Double.NaN;
      double step = first;
      boolean bracketed = false;
      for (int tries = 0; tries < MAX_LINE_SEARCH_EVALUATIONS; tries++) {
        double fStep = trial(step);
        double slope = Double.isFinite(fStep) ? dot(gNext, d) : Double.NaN;
        if (fStep <= f0 + ROUNDING * Math.abs(f0) && slope >= C2 * slope0 && slope <= (2 * HZ_DELTA - 1) * slope0) {
          // Approximately Wolfe: no higher than the start but for rounding, and the slope has flattened.
          accept(step);
          f = fStep;
          return true;
        }
        if (!Double.isFinite(fStep) || fStep > f0 + C1 * step * slope0 || (tries > 0 && fStep >= fLo)) {
          hi = step;
          fHi = fStep;
          slopeHi = slope;
          bracketed = true;
        } else if (Math.abs(slope) <= -C2 * slope0) {
          accept(step);
          f = fStep;
          return true;
        } else if (slope * (bracketed ? hi - lo : 1) >= 0) {
          hi = lo;
          fHi = fLo;
          slopeHi = slopeLo;
          lo = step;
          fLo = fStep;
          slopeLo = slope;
          bracketed = true;
        } else {
          lo = step;
          fLo = fStep;
          slopeLo = slope;
        }
        step = bracketed ? interpolate(lo, fLo, slopeLo, hi, fHi, slopeHi) : step * 4;
      }
      if (lo > 0 && fLo < f0) {
        // No strong Wolfe point within the budget, but a lower one: take it, as scipy does after
        // its own search ends at a point of sufficient decrease.
        trial(lo);
        accept(lo);
        f = fLo;
        return true;
      }
      return false;
    }

    /** The objective at x + step d, with its gradient in gNext. */
    private double trial(double step) {
      for (int i = 0; i < n; i++) {
        xNext[i] = x[i] + step * d[i];
      }
      return evaluate(xNext, gNext);
    }

    /**
     * A step between lo and hi: the minimiser of the cubic through both ends' values and
     * slopes, kept inside the middle 80% of the interval; the midpoint when the cubic has no
     * minimiser there or an end is not finite.
     */
    private double interpolate(double lo, double fLo, double slopeLo, double hi, double fHi, double slopeHi) {
      double a = Math.min(lo, hi);
      double b = Math.max(lo, hi);
      double margin = 0.1 * (b - a);
      double cubic = Double.NaN;
      if (Double.isFinite(fHi) && Double.isFinite(slopeHi)) {
        double d1 = slopeLo + slopeHi - 3 * (fLo - fHi) / (lo - hi);
        double root = d1 * d1 - slopeLo * slopeHi;
        if (root >= 0) {
          double d2 = Math.copySign(Math.sqrt(root), hi - lo);
          cubic = hi - (hi - lo) * (slopeHi + d2 - d1) / (slopeHi - slopeLo + 2 * d2);
        }
      }
      if (cubic >= a && cubic <= b) {
        return Math.min(Math.max(cubic, a + margin), b - margin);
      }
      return (lo + hi) / 2;
    }

    /**
     * Moves to the trial point (already in xNext, gNext) and stores the pair s = step d, y = g_new
     * - g when its curvature s·y is positive enough; a refused pair leaves every stored pair as it
     * was (the slot it would take may hold the oldest pair still in use).
     */
    private void accept(double step) {
      double sy = 0;
      double yy = 0;
      for (int i = 0; i < n; i++) {
        double yi = gNext[i] - g[i];
        sy += step * d[i] * yi;
        yy += yi * yi;
      }
      if (sy > EPS * yy) {
        int slot = (newest + 1) % corrections;
        for (int i = 0; i < n; i++) {
          s[slot][i] = step * d[i];
          y[slot][i] = gNext[i] - g[i];
        }
        rho[slot] = 1 / sy;
        newest = slot;
        stored = Math.min(stored + 1, corrections);
      }
      double[] t = x;
      x = xNext;
      xNext = t;
      t = g;
      g = gNext;
      gNext = t;
    }
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double maxAbs(double[] a) {
    double max = 0;
    for (double v : a) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
