package org.mlengine.eval;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.mlengine.core.spi.Metric.AnalyticInterval;
import org.mlengine.core.spi.Metric.PairedComparison;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.SpecialFunctions;

/**
 * A metric's closed-form interval and paired test, chosen by what the metric is: a share of rows
 * (Wilson score interval; paired t test of the per-row 0/1 differences), a mean of per-row values
 * (Student t interval, its lower end clipped at 0 for non-negative values such as losses; paired
 * t test), the square root of such a mean (RMSE: the t interval of
 * the MSE, square-rooted; paired t test of the squared errors) or the binary ROC AUC (DeLong's
 * interval and paired test). The per-row function checks the outcomes as the metric does.
 */
final class Analytic {
  private enum Form { SHARE, MEAN, ROOT_MEAN, DELONG }

  private final String metric;
  private final Form form;
  private final Function<Outcomes, double[]> perRow;

  private Analytic(String metric, Form form, Function<Outcomes, double[]> perRow) {
    this.metric = metric;
    this.form = form;
    this.perRow = perRow;
  }

  /** A share of rows: {@code perRow} gives each row's 0 or 1. */
  static Analytic share(String metric, Function<Outcomes, double[]> perRow) {
    return new Analytic(metric, Form.SHARE, perRow);
  }

  /** A mean of {@code perRow}'s values. */
  static Analytic mean(String metric, Function<Outcomes, double[]> perRow) {
    return new Analytic(metric, Form.MEAN, perRow);
  }

  /** The square root of the mean of {@code perRow}'s values (the squared errors for RMSE). */
  static Analytic rootMean(String metric, Function<Outcomes, double[]> perRow) {
    return new Analytic(metric, Form.ROOT_MEAN, perRow);
  }

  /** The binary ROC AUC of {@code score}, which checks the outcomes and returns the positive class's scores. */
  static Analytic deLong(String metric, Function<Outcomes, double[]> score) {
    return new Analytic(metric, Form.DELONG, score);
  }

  /** The interval at {@code level}, or empty where it is undefined (fewer than 2 rows, or of a class for AUC). */
  Optional<AnalyticInterval> interval(Outcomes outcomes, double level) {
    checkLevel(level);
    if (form == Form.DELONG) {
      return deLongInterval(outcomes, level);
    }
    double[] values = perRow.apply(outcomes);
    if (values.length < 2) {
      return Optional.empty();
    }
    if (form == Form.SHARE) {
      long successes = Math.round(Sums.sum(values));
      Interval i = Bounds.wilson(successes, values.length, level);
      return Optional.of(new AnalyticInterval(i.lower(), i.upper(), "Wilson score"));
    }
    Interval t = Bounds.tInterval(values, level);
    // A mean of losses cannot be negative: clip the lower end there (the t interval can reach below).
    double lower = nonNegative(values) ? Math.max(0.0, t.lower()) : t.lower();
    if (form == Form.MEAN) {
      return Optional.of(new AnalyticInterval(lower, t.upper(), "Student t of per-row values"));
    }
    return Optional.of(new AnalyticInterval(Math.sqrt(lower), Math.sqrt(t.upper()), "Student t of the MSE, square-rooted"));
  }

  /** The paired test of metric(model) − metric(baseline) at {@code level}, or empty where undefined. */
  Optional<PairedComparison> paired(Outcomes model, Outcomes baseline, double level) {
    checkLevel(level);
    checkSameRows(model, baseline);
    if (form == Form.DELONG) {
      return deLongPaired(model, baseline, level);
    }
    double[] a = perRow.apply(model);
    double[] b = perRow.apply(baseline);
    if (a.length < 2) {
      return Optional.empty();
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    String name = switch (form) {
      case SHARE -> "paired t test of the per-row 0/1 differences";
      case ROOT_MEAN -> "paired t test of the squared errors (the interval is of the MSE difference)";
      default -> "paired t test of the per-row differences";
    };
    return Optional.of(pairedT(d, level, name));
  }

  /** The paired t test of the differences {@code d}: mean ± t·s/√n and 2·P(T > |mean/(s/√n)|), as SciPy's ttest_rel. */
  static PairedComparison pairedT(double[] d, double level, String name) {
    int n = d.length;
    double mean = Sums.mean(d);
    double sem = Math.sqrt(Sums.variance(d, 1)) / Math.sqrt(n);
    double crit = SpecialFunctions.studentTQuantile((1.0 + level) / 2, n - 1);
    double p = sem == 0 ? (mean == 0 ? 1.0 : 0.0) : 2 * SpecialFunctions.studentTSf(Math.abs(mean / sem), n - 1);
    return new PairedComparison(mean - crit * sem, mean + crit * sem, p, name);
  }

  private Optional<AnalyticInterval> deLongInterval(Outcomes outcomes, double level) {
    if (outcomes.classes().size() != 2) {
      return Optional.empty(); // one-vs-rest averages have no DeLong form here
    }
    Optional<DeLong.Components> c = components(outcomes);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    double auc = c.get().auc();
    double half = upperZ(level) * Math.sqrt(DeLong.variance(c.get()));
    return Optional.of(new AnalyticInterval(Math.max(0.0, auc - half), Math.min(1.0, auc + half), "DeLong"));
  }

  private Optional<PairedComparison> deLongPaired(Outcomes model, Outcomes baseline, double level) {
    if (model.classes().size() != 2) {
      return Optional.empty();
    }
    Optional<DeLong.Components> a = components(model);
    Optional<DeLong.Components> b = components(baseline);
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    double diff = a.get().auc() - b.get().auc();
    double se = Math.sqrt(Math.max(0.0, DeLong.differenceVariance(a.get(), b.get())));
    double half = upperZ(level) * se;
    double p = se == 0 ? (diff == 0 ? 1.0 : 0.0) : 2 * SpecialFunctions.normalSf(Math.abs(diff / se));
    return Optional.of(new PairedComparison(diff - half, diff + half, p, "DeLong paired test"));
  }

  /**
   * DeLong's components of the outcomes' scores, or empty when a class has fewer than 2 rows;
   * computed once per outcomes (the model's serve its interval and every paired test).
   */
  Optional<DeLong.Components> components(Outcomes outcomes) {
    return outcomes.derived(this, o -> components(o, perRow.apply(o)));
  }

  /** DeLong's components, or empty when a class has fewer than 2 rows (no sample variance). */
  private static Optional<DeLong.Components> components(Outcomes outcomes, double[] score) {
    int[] y = outcomes.trueClasses();
    boolean[] positive = new boolean[y.length];
    int n1 = 0;
    for (int i = 0; i < y.length; i++) {
      positive[i] = y[i] == 1;
      n1 += positive[i] ? 1 : 0;
    }
    if (n1 < 2 || y.length - n1 < 2) {
      return Optional.empty();
    }
    return Optional.of(DeLong.components(positive, score));
  }

  private void checkLevel(double level) {
    Check.argument(
        level > 0.0 && level < 1.0,
        "%s: level is %s; expected a confidence level in (0, 1) — e.g. 0.95 for a 95%% interval",
        metric, level);
  }

  private void checkSameRows(Outcomes model, Outcomes baseline) {
    Check.argument(
        model.size() == baseline.size() && model.task() == baseline.task(),
        "%s: the model has %d %s outcomes but the baseline %d %s outcomes; expected the same rows in the same "
            + "order — score the baseline on the model's held-out rows",
        metric, model.size(), model.task(), baseline.size(), baseline.task());
    boolean same = model.task() == Task.CLASSIFICATION
        ? Arrays.equals(model.trueClasses(), baseline.trueClasses())
        : Arrays.equals(model.actualValues(), baseline.actualValues());
    Check.argument(
        same,
        "%s: the baseline's true %s differ from the model's; expected the same rows in the same order — score the "
            + "baseline on the model's held-out rows",
        metric, model.task() == Task.CLASSIFICATION ? "classes" : "values");
  }

  private static boolean nonNegative(double[] values) {
    for (double v : values) {
      if (v < 0) {
        return false;
      }
    }
    return true;
  }

  /** z_{1 − α/2} = Φ⁻¹((1 + level)/2). */
  private static double upperZ(double level) {
    return -SpecialFunctions.normalQuantile((1 - level) / 2);
  }
}
