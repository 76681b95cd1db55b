package org.mlengine.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * Group fairness of a classifier for one sensitive column, on its held-out rows: per group the
 * selection rate P(ŷ = positive), the true positive rate and the false positive rate, each with
 * a Wilson interval, and the demographic-parity difference (max − min selection rate over the
 * groups, fairlearn's definition) and equal-opportunity difference (max − min true positive
 * rate over the groups with positive rows), each with a seeded percentile bootstrap interval. Immutable: each setter returns a
 * changed copy.
 *
 * <pre>{@code
 * FairnessReport f = Fairness.of(result, table, "Marital").positive("good").run();
 * f.demographicParityDifference();   // estimate with interval
 * Fairness.of(result, table, "Age").bins(4).positive("bad").threshold(0.3).run();
 * }</pre>
 *
 * <p>The groups are the column's values (missing values as a group of their own) or, for a
 * NUMERIC column, its quantile bins from the training part, as in {@link ErrorAnalysis}. A row
 * is selected when the model's predicted label (its most probable class) is the positive class,
 * or, after {@link #threshold(double)}, when its probability of the positive class is at least
 * the threshold.
 *
 * <p>The bootstrap resamples rows with replacement within each group, so every resample keeps
 * each group's size while its mix of classes and decisions varies; on each resample the
 * differences are computed by the same rule as on the data (a group whose resample has no
 * positive row has no true positive rate and is left out of the equal-opportunity difference).
 * The interval is NumPy 'linear' percentiles of the resampled differences.
 */
public final class Fairness {
  private static final String WHAT = "Fairness";

  private final PipelineResult result;
  private final Table table;
  private final String column;
  private final String positive;
  private final double threshold;
  private final int bins;
  private final double confidence;
  private final int resamples;
  private final long seed;

  private Fairness(
      PipelineResult result, Table table, String column, String positive, double threshold, int bins, double confidence,
      int resamples, long seed) {
    this.result = result;
    this.table = table;
    this.column = column;
    this.positive = positive;
    this.threshold = threshold;
    this.bins = bins;
    this.confidence = confidence;
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * Group fairness of a fitted classifier for a sensitive column. Defaults: the second class is
   * positive when there are two, the predicted label decides, 4 bins for a NUMERIC column, 95%
   * intervals, 1000 bootstrap resamples, seed 0.
   *
   * @param result what {@code pipeline.fit(table)} returned, for a classifier
   * @param table the table given to that {@code fit}
   * @param column the sensitive column, CATEGORICAL or NUMERIC
   * @return the analysis, to configure and {@link #run()}
   * @throws IllegalArgumentException if an argument is null
   */
  public static Fairness of(PipelineResult result, Table table, String column) {
    Check.notNull(result, WHAT, "result", "the PipelineResult that pipeline.fit(table) returned");
    Check.notNull(table, WHAT, "table", "the Table given to pipeline.fit(table)");
    Check.notNull(column, WHAT, "column", "the name of the sensitive column, e.g. \"Marital\"");
    return new Fairness(result, table, column, null, Double.NaN, 4, 0.95, 1000, 0);
  }

  /**
   * The positive class: the favourable (or the flagged) outcome whose rates are compared.
   *
   * @param label one of the result's classes
   * @return a changed copy
   * @throws IllegalArgumentException if label is null
   */
  public Fairness positive(String label) {
    Check.notNull(label, WHAT + ".positive", "label", "one of the result's classes, e.g. \"good\"");
    return new Fairness(result, table, column, label, threshold, bins, confidence, resamples, seed);
  }

  /**
   * Selects a row when its probability of the positive class is at least {@code p}, instead of
   * when the positive class is its predicted label.
   *
   * @param p in [0, 1]
   * @return a changed copy
   * @throws IllegalArgumentException if p is not in [0, 1]
   */
  public Fairness threshold(double p) {
    Check.argument(p >= 0 && p <= 1, "%s.threshold(%s): expected a probability of the positive class in [0, 1], e.g. 0.5",
        WHAT, p);
    return new Fairness(result, table, column, positive, p, bins, confidence, resamples, seed);
  }

  /**
   * The number of quantile bins when the sensitive column is NUMERIC (default 4).
   *
   * @param k at least 2
   * @return a changed copy
   * @throws IllegalArgumentException if k is below 2
   */
  public Fairness bins(int k) {
    Check.argument(k >= 2, "%s.bins(%d) would not split anything; give at least 2 bins, e.g. bins(4) for quartiles", WHAT, k);
    return new Fairness(result, table, column, positive, threshold, k, confidence, resamples, seed);
  }

  /**
   * The confidence level of the intervals (default 0.95).
   *
   * @param level in (0, 1)
   * @return a changed copy
   * @throws IllegalArgumentException if level is not in (0, 1)
   */
  public Fairness confidence(double level) {
    Check.argument(level > 0 && level < 1, "%s.confidence(%s): expected a level in (0, 1), e.g. 0.95", WHAT, level);
    return new Fairness(result, table, column, positive, threshold, bins, level, resamples, seed);
  }

  /**
   * The number of bootstrap resamples for the differences' intervals (default 1000).
   *
   * @param count at least 100
   * @return a changed copy
   * @throws IllegalArgumentException if count is below 100
   */
  public Fairness resamples(int count) {
    Check.argument(count >= 100, "%s.resamples(%d): expected at least 100 resamples, e.g. 1000", WHAT, count);
    return new Fairness(result, table, column, positive, threshold, bins, confidence, count, seed);
  }

  /**
   * The seed of the bootstrap (default 0); the same seed gives the same intervals.
   *
   * @param value any seed
   * @return a changed copy
   */
  public Fairness seed(long value) {
    return new Fairness(result, table, column, positive, threshold, bins, confidence, resamples, value);
  }

  /**
   * Computes the per-group rates and the differences.
   *
   * @return the report
   * @throws IllegalArgumentException listing every problem at once: a regression result, a
   *     positive class that is not a class (or none given for more than two classes), the table
   *     is not the one given to fit, the column is unknown or not CATEGORICAL/NUMERIC
   */
  public FairnessReport run() {
    Outcomes outcomes = result.testOutcomes();
    List<String> problems = new ArrayList<>();
    String target = result.pipeline().target();
    String chosen = positive;
    if (outcomes.task() != Task.CLASSIFICATION) {
      problems.add("group fairness compares predicted classes, but the result is " + outcomes.task() + " (target '" + target
          + "'); for a regressor compare errors across groups with ErrorAnalysis.slices(result, table)"
          + ".metric(Metrics.rmse()).columns(\"" + column + "\")");
    } else {
      List<String> classes = outcomes.classes();
      if (chosen == null && classes.size() == 2) {
        chosen = classes.get(1);
      } else if (chosen == null) {
        problems.add("the result has " + classes.size() + " classes " + classes + "; say which one is positive, e.g. positive(\""
            + classes.get(0) + "\")");
      } else if (!classes.contains(chosen)) {
        problems.add("the positive class '" + chosen + "' is not one of the result's classes " + classes
            + "; give one of them, e.g. positive(\"" + classes.get(classes.size() - 1) + "\")");
      }
    }
    HeldOut.check(result, table, problems);
    HeldOut.checkColumn(table, column, "the sensitive column", "Pick a column of values that name the groups", problems);
    HeldOut.throwIfAny(WHAT, problems);

    int p = outcomes.classes().indexOf(chosen);
    int[] truth = outcomes.trueClasses();
    boolean[] isPositive = new boolean[truth.length];
    boolean[] selected = new boolean[truth.length];
    int[] predicted = outcomes.predictedClasses();
    double[] probability = outcomes.probabilities(p);
    for (int i = 0; i < truth.length; i++) {
      isPositive[i] = truth[i] == p;
      selected[i] = Double.isNaN(threshold) ? predicted[i] == p : probability[i] >= threshold;
    }
    Groups groups = Groups.of(table, column, result.partition().train().toArray(), result.partition().test().toArray(), bins);
    List<GroupRates> rates = new ArrayList<>();
    int[][] members = new int[groups.size()][];
    for (int g = 0; g < groups.size(); g++) {
      members[g] = groups.members(g);
      rates.add(rates(groups.value(g), members[g], isPositive, selected));
    }
    Estimate[] differences = differences(rates, members, isPositive, selected, chosen);
    String decision = Double.isNaN(threshold) ? "predicted label" : "P(" + chosen + ") >= " + threshold;
    String method = String.format(Locale.ROOT,
        "Wilson %d%% for rates; bootstrap percentile %d%% within groups (%d resamples, seed %d) for differences",
        Math.round(confidence * 100), Math.round(confidence * 100), resamples, seed);
    return new FairnessReport(column, chosen, decision, truth.length, rates, differences[0], differences[1], method);
  }

  private GroupRates rates(String group, int[] rows, boolean[] isPositive, boolean[] selected) {
    int positives = 0;
    int tp = 0;
    int fp = 0;
    for (int r : rows) {
      if (isPositive[r]) {
        positives++;
        tp += selected[r] ? 1 : 0;
      } else {
        fp += selected[r] ? 1 : 0;
      }
    }
    int negatives = rows.length - positives;
    return new GroupRates(group, rows.length, tp + fp, positives, tp, fp,
        rate(tp + fp, rows.length, "rows"),
        rate(tp, positives, "rows of the positive class"),
        rate(fp, negatives, "rows of another class"));
  }

  private Estimate rate(int count, int of, String what) {
    return of == 0
        ? Estimate.undefined("the group has no " + what)
        : Estimate.of((double) count / of, Bounds.wilson(count, of, confidence));
  }

  /** The demographic-parity and equal-opportunity differences with their bootstrap intervals. */
  private Estimate[] differences(
      List<GroupRates> rates, int[][] members, boolean[] isPositive, boolean[] selected, String chosen) {
    List<String> withoutPositives = new ArrayList<>();
    for (GroupRates r : rates) {
      if (r.positives() == 0) {
        withoutPositives.add(r.group());
      }
    }
    double[] selection = new double[rates.size()];
    double[] tpr = new double[rates.size()];
    for (int g = 0; g < selection.length; g++) {
      selection[g] = rates.get(g).selectionRate().value();
      tpr[g] = rates.get(g).truePositiveRate().value();
    }
    double dp = spread(selection);
    double eo = spread(tpr);
    SplittableRandom random = new SplittableRandom(seed);
    double[] dpDraws = new double[resamples];
    double[] eoDraws = new double[resamples];
    int eoKept = 0;
    for (int b = 0; b < resamples; b++) {
      for (int g = 0; g < members.length; g++) {
        int[] rows = members[g];
        int picked = 0;
        int positives = 0;
        int tp = 0;
        for (int i = 0; i < rows.length; i++) {
          int r = rows[random.nextInt(rows.length)];
          picked += selected[r] ? 1 : 0;
          positives += isPositive[r] ? 1 : 0;
          tp += isPositive[r] && selected[r] ? 1 : 0;
        }
        selection[g] = (double) picked / rows.length;
        tpr[g] = positives == 0 ? Double.NaN : (double) tp / positives;
      }
      dpDraws[b] = spread(selection);
      double e = spread(tpr);
      if (!Double.isNaN(e)) {
        eoDraws[eoKept++] = e;
      }
    }
    Estimate dpEstimate = Estimate.of(dp, Resampling.percentile(dpDraws, confidence));
    Estimate eoEstimate;
    if (Double.isNaN(eo)) {
      eoEstimate = Estimate.undefined("no group has a row of the positive class '" + chosen
          + "', so no true positive rate is defined");
    } else if (eoKept == 0) {
      eoEstimate = Estimate.withoutInterval(eo, "no interval: no resample kept a row of the positive class '" + chosen + "'");
    } else {
      String note = withoutPositives.isEmpty() ? ""
          : "left out groups without a row of the positive class '" + chosen + "': " + withoutPositives;
      eoEstimate = new Estimate(eo, Optional.of(Resampling.percentile(Arrays.copyOf(eoDraws, eoKept), confidence)), note);
    }
    return new Estimate[] {dpEstimate, eoEstimate};
  }

  /** max − min over the defined (non-NaN) values; NaN when none is defined. */
  static double spread(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
    return max == Double.NEGATIVE_INFINITY ? Double.NaN : max - min;
  }
}
