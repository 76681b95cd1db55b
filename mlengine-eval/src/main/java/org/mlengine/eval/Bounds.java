package org.mlengine.eval;

import org.mlengine.core.spi.IntervalMethod;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * Confidence intervals: for a proportion (an error rate, a conversion rate) as statsmodels'
 * {@code proportion_confint}, for a mean as SciPy's {@code t.interval}, and seeded bootstrap
 * intervals (percentile and BCa, as {@code scipy.stats.bootstrap}) for any {@link Metric} over
 * held-out {@link Outcomes}.
 *
 * <pre>{@code
 * Interval wilson = Bounds.wilson(87, 1000, 0.95);          // [0.07107, 0.10609]
 * Interval exact = Bounds.clopperPearson(87, 1000, 0.95);   // statsmodels method="beta"
 * Interval mean = Bounds.tInterval(sessionLengths, 0.95);
 * Interval auc = Bounds.bootstrapBca(Metrics.rocAuc(), outcomes, Bootstrap.seeded(42));
 * }</pre>
 *
 * <p>Every function rejects input it cannot use with an {@link IllegalArgumentException} whose
 * message says what was wrong, what was expected and how to fix it.
 */
public final class Bounds {
  private static final String PROPORTION = "proportion_confint";
  private static final String T_INTERVAL = "t_interval";
  private static final String BOOTSTRAP = "bootstrap";

  private Bounds() {}

  /**
   * The normal-approximation (Wald) interval p̂ ± z·√(p̂(1 − p̂)/n), clipped to [0, 1], as
   * statsmodels' {@code proportion_confint(method="normal")} (Burkov's err ± z·√(err(1 − err)/N)).
   * Poor for p̂ near 0 or 1 or small n; prefer {@link #wilson(long, long, double)}.
   *
   * @param successes the count (e.g. errors), 0 ≤ successes ≤ trials
   * @param trials the number of trials, at least 1
   * @param confidence the coverage, in (0, 1), e.g. 0.95
   * @return the interval
   * @throws IllegalArgumentException if the counts or the confidence are out of range
   */
  public static Interval wald(long successes, long trials, double confidence) {
    checkProportion(successes, trials, confidence);
    double q = (double) successes / trials;
    double z = upperZ(confidence);
    double dist = z * Math.sqrt(q * (1 - q) / trials);
    return clipped(q - dist, q + dist);
  }

  /**
   * The Wilson score interval, as statsmodels' {@code proportion_confint(method="wilson")}:
   * (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). Always inside [0, 1] and always
   * contains p̂.
   *
   * @param successes the count, 0 ≤ successes ≤ trials
   * @param trials the number of trials, at least 1
   * @param confidence the coverage, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if the counts or the confidence are out of range
   */
  public static Interval wilson(long successes, long trials, double confidence) {
    checkProportion(successes, trials, confidence);
    double q = (double) successes / trials;
    double crit = upperZ(confidence);
    double crit2 = crit * crit;
    double n = trials;
    double denom = 1 + crit2 / n;
    double center = (q + crit2 / (2 * n)) / denom;
    double dist = crit * Math.sqrt(q * (1.0 - q) / n + crit2 / (4.0 * (n * n)));
    dist /= denom;
    // In exact arithmetic the ends lie in [0, 1]; at 0 or n successes rounding can leave them a hair outside.
    return new Interval(Math.max(0, center - dist), Math.min(1, center + dist));
  }

  /**
   * The Clopper–Pearson ("exact") interval from beta quantiles, as statsmodels'
   * {@code proportion_confint(method="beta")}: [Beta⁻¹(α/2; k, n − k + 1),
   * Beta⁻¹(1 − α/2; k + 1, n − k)], with 0 and 1 at the ends k = 0 and k = n. Conservative.
   *
   * @param successes the count, 0 ≤ successes ≤ trials
   * @param trials the number of trials, at least 1
   * @param confidence the coverage, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if the counts or the confidence are out of range
   */
  public static Interval clopperPearson(long successes, long trials, double confidence) {
    checkProportion(successes, trials, confidence);
    double alpha2 = (1 - confidence) / 2;
    double k = successes;
    double n = trials;
    double lower = successes == 0 ? 0.0 : SpecialFunctions.betaQuantile(alpha2, k, n - k + 1);
    // beta.isf(alpha2, k + 1, n - k) = 1 - beta.ppf(alpha2, n - k, k + 1)
    double upper = successes == trials ? 1.0 : 1.0 - SpecialFunctions.betaQuantile(alpha2, n - k, k + 1);
    return new Interval(lower, upper);
  }

  /**
   * The Agresti–Coull interval, as statsmodels' {@code proportion_confint(method=
   * "agresti_coull")}: the Wald interval of (k + z²/2)/(n + z²) with n + z² trials, clipped.
   *
   * @param successes the count, 0 ≤ successes ≤ trials
   * @param trials the number of trials, at least 1
   * @param confidence the coverage, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if the counts or the confidence are out of range
   */
  public static Interval agrestiCoull(long successes, long trials, double confidence) {
    checkProportion(successes, trials, confidence);
    double z = upperZ(confidence);
    double nc = trials + z * z;
    double qc = (successes + z * z / 2) / nc;
    double dist = z * Math.sqrt(qc * (1 - qc) / nc);
    return clipped(qc - dist, qc + dist);
  }

  /**
   * The Jeffreys interval, the central interval of the Beta(k + ½, n − k + ½) posterior, as
   * statsmodels' {@code proportion_confint(method="jeffreys")}.
   *
   * @param successes the count, 0 ≤ successes ≤ trials
   * @param trials the number of trials, at least 1
   * @param confidence the coverage, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if the counts or the confidence are out of range
   */
  public static Interval jeffreys(long successes, long trials, double confidence) {
    checkProportion(successes, trials, confidence);
    double a = successes + 0.5;
    double b = trials - successes + 0.5;
    double q1 = (1.0 - confidence) / 2;
    double q2 = (1.0 + confidence) / 2;
    return new Interval(SpecialFunctions.betaQuantile(q1, a, b), SpecialFunctions.betaQuantile(q2, a, b));
  }

  /**
   * The t-interval for a mean, mean ± t·s/√n with t the (1 + confidence)/2 quantile of Student's
   * t with n − 1 degrees of freedom and s the sample standard deviation (ddof 1), as SciPy's
   * {@code t.interval(confidence, n - 1, loc=mean, scale=sem)}.
   *
   * @param values the sample, at least two finite values
   * @param confidence the coverage, in (0, 1)
   * @return the interval
   * @throws IllegalArgumentException if values is null, has fewer than two values or a NaN or
   *     infinite one, or the confidence is out of range
   */
  public static Interval tInterval(double[] values, double confidence) {
    Check.notNull(values, T_INTERVAL, "values", "a double[] with the sample");
    Check.argument(
        values.length >= 2,
        "%s: values has %d value%s; expected at least 2 to estimate a spread — collect more "
            + "observations",
        T_INTERVAL, values.length, values.length == 1 ? "" : "s");
    Check.finite(T_INTERVAL, "values", values, "value", "drop the missing observations");
    checkConfidence(T_INTERVAL, confidence);
    int n = values.length;
    double mean = Sums.mean(values);
    double sem = Math.sqrt(Sums.variance(values, 1)) / Math.sqrt(n);
    double lower = SpecialFunctions.studentTQuantile((1.0 - confidence) / 2, n - 1);
    double upper = SpecialFunctions.studentTQuantile((1.0 + confidence) / 2, n - 1);
    return new Interval(mean + sem * lower, mean + sem * upper);
  }

  /**
   * The pipeline's Wilson interval for metrics that are a share of rows (accuracy, ACPER), to
   * be completed with the method for every other metric: round(value × n) successes of n =
   * {@code outcomes.size()} trials, as {@link #wilson(long, long, double)}.
   *
   * <pre>{@code
   * Pipeline.builder()...intervals(Bounds.wilson().otherwise(Bounds.bca(1000)))
   * }</pre>
   *
   * @return the Wilson method for proportions; call {@link ProportionMethod#otherwise} on it
   * @since 0.1
   */
  public static ProportionMethod wilson() {
    return ProportionMethod.wilson();
  }

  /**
   * The pipeline's Clopper–Pearson ("exact", statsmodels {@code method="beta"}) interval for
   * metrics that are a share of rows, to be completed with the method for every other metric,
   * as {@link #wilson()}.
   *
   * <pre>{@code
   * Pipeline.builder()...intervals(Bounds.clopperPearson().otherwise(Bounds.percentile(2000)))
   * }</pre>
   *
   * @return the Clopper–Pearson method for proportions; call {@link ProportionMethod#otherwise}
   *     on it
   * @since 0.1
   */
  public static ProportionMethod clopperPearson() {
    return ProportionMethod.clopperPearson();
  }

  /**
   * The pipeline's interval method: the bootstrap percentile interval over {@code resamples}
   * resamples of the held-out rows, seeded by the pipeline.
   *
   * <pre>{@code
   * Pipeline.builder()...intervals(Bounds.percentile(2000))
   * }</pre>
   */
  public static IntervalMethod percentile(int resamples) {
    return intervalMethod("bootstrap percentile (" + resamples + " resamples)", resamples, false);
  }

  /**
   * The pipeline's interval method: the BCa bootstrap interval over {@code resamples}
   * resamples of the held-out rows, seeded by the pipeline.
   *
   * <pre>{@code
   * Pipeline.builder()...intervals(Bounds.bca(2000))
   * }</pre>
   */
  public static IntervalMethod bca(int resamples) {
    return intervalMethod("bootstrap BCa (" + resamples + " resamples)", resamples, true);
  }

  private static IntervalMethod intervalMethod(String name, int resamples, boolean bca) {
    Check.argument(resamples >= 100, "bootstrap intervals need at least 100 resamples, got %d; give e.g. 1000", resamples);
    return new IntervalMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double[] interval(Metric metric, Outcomes outcomes, double level, long seed) {
        Bootstrap plan = new Bootstrap(resamples, level, seed);
        Interval i = bca ? bootstrapBca(metric, outcomes, plan) : bootstrapPercentile(metric, outcomes, plan);
        return new double[] {i.lower(), i.upper()};
      }
    };
  }

  /**
   * The bootstrap percentile interval of a metric: the metric on {@code plan.resamples()}
   * resamples of the rows (with replacement; classification rows within their true class), then
   * the α/2 and 1 − α/2 percentiles of those values (NumPy 'linear'), as
   * {@code scipy.stats.bootstrap(method="percentile")}. Deterministic for a given seed.
   *
   * @param metric the metric, e.g. {@code Metrics.rocAuc()}
   * @param outcomes the held-out outcomes, of the metric's task
   * @param plan resamples, confidence and seed
   * @return the interval
   * @throws IllegalArgumentException if an argument is null, the outcomes are empty or of the
   *     wrong task, or the metric fails on a resample (the message names it)
   */
  public static Interval bootstrapPercentile(Metric metric, Outcomes outcomes, Bootstrap plan) {
    checkBootstrap(metric, outcomes, plan);
    return Resampling.percentile(
        Resampling.replicates(metric, outcomes, plan), plan.confidence());
  }

  /**
   * The bias-corrected and accelerated (BCa) bootstrap interval of a metric, as
   * {@code scipy.stats.bootstrap(method="BCa")}: the percentiles of the resampled values are
   * shifted by the bias (the share of values below the full-data estimate) and the
   * acceleration (from the jackknife, the metric with each row left out: n more evaluations).
   * Deterministic for a given seed.
   *
   * @param metric the metric
   * @param outcomes the held-out outcomes, at least two rows
   * @param plan resamples, confidence and seed
   * @return the interval
   * @throws IllegalArgumentException as {@link #bootstrapPercentile(Metric, Outcomes,
   *     Bootstrap)}, or when the estimate lies outside every resampled value (BCa is undefined;
   *     use the percentile interval)
   */
  public static Interval bootstrapBca(Metric metric, Outcomes outcomes, Bootstrap plan) {
    checkBootstrap(metric, outcomes, plan);
    Check.argument(
        outcomes.size() >= 2,
        "%s: BCa needs at least 2 rows for its jackknife but the outcomes have %d; expected "
            + "more rows — or use Bounds.bootstrapPercentile",
        BOOTSTRAP, outcomes.size());
    double estimate = metric.evaluate(outcomes);
    double[] replicates = Resampling.replicates(metric, outcomes, plan);
    double[] jackknife = Resampling.jackknife(metric, outcomes);
    return Resampling.bca(estimate, replicates, jackknife, plan.confidence());
  }

  // ---------------------------------------------------------------- helpers

  /** z_{1 − α/2} = Φ⁻¹((1 + confidence)/2), as {@code norm.isf(alpha / 2)}. */
  private static double upperZ(double confidence) {
    return -SpecialFunctions.normalQuantile((1 - confidence) / 2);
  }

  private static Interval clipped(double lower, double upper) {
    return new Interval(Math.min(Math.max(lower, 0.0), 1.0), Math.min(Math.max(upper, 0.0), 1.0));
  }

  private static void checkConfidence(String what, double confidence) {
    Check.argument(
        confidence > 0.0 && confidence < 1.0,
        "%s: confidence is %s; expected a value in (0, 1) — e.g. 0.95 for a 95%% interval",
        what, confidence);
  }

  private static void checkProportion(long successes, long trials, double confidence) {
    Check.argument(
        trials >= 1,
        "%s: trials is %d; expected at least 1 — count the trials the successes came from",
        PROPORTION, trials);
    Check.argument(
        successes >= 0 && successes <= trials,
        "%s: successes is %d of %d trials; expected 0 <= successes <= trials",
        PROPORTION, successes, trials);
    checkConfidence(PROPORTION, confidence);
  }

  private static void checkBootstrap(Metric metric, Outcomes outcomes, Bootstrap plan) {
    Check.notNull(metric, BOOTSTRAP, "metric", "a Metric such as Metrics.rocAuc()");
    Check.notNull(outcomes, BOOTSTRAP, "outcomes", "the held-out Outcomes to resample");
    Check.notNull(plan, BOOTSTRAP, "plan", "a Bootstrap such as Bootstrap.seeded(42)");
    Check.argument(
        metric.supports(outcomes.task()),
        "%s: %s does not support %s outcomes; expected a metric of the outcomes' task",
        BOOTSTRAP, metric.name(), outcomes.task());
    Check.notEmpty(BOOTSTRAP, outcomes.size());
  }
}
