package org.mlengine.eval;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.Metric;
import org.mlengine.core.spi.Outcomes;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;

/**
 * Error analysis ("focused errors"): a metric on every slice of the held-out rows — per value
 * of each CATEGORICAL column (missing values as a slice of their own) and per quantile bin of
 * each NUMERIC column — with counts and intervals, ranked by how much worse than on all
 * held-out rows, worst first. Immutable: each setter returns a changed copy.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.fit(table);
 * SliceReport slices = ErrorAnalysis.slices(result, table)
 *     .metric(Metrics.accuracy()).bins(4).minRows(30)
 *     .run();
 * slices.worst(5).forEach(System.out::println);
 * // "Home=rent (n=212): accuracy 0.6900 [0.6300, 0.7500] vs 0.7900 overall"
 * }</pre>
 *
 * <p>The bin edges of a numeric column are NumPy's 'linear' quantiles of the column's values in
 * the TRAINING part (as scikit-learn's {@code KBinsDiscretizer(strategy='quantile')}; ties can
 * leave fewer bins), so the held-out rows never pick their own bins; a held-out value outside
 * the training range joins the first or last bin. Bins are closed on the left: {@code
 * "Income in [80, 120)"}.
 *
 * <p>Intervals: Wilson for metrics that are a share of rows (accuracy), otherwise a seeded
 * percentile bootstrap of the slice's rows ({@link Bounds#bootstrapPercentile}). A slice with
 * fewer rows than {@link #minRows(int)} is listed but not ranked; a slice where the metric is
 * undefined (ROC AUC with one class) is listed as undefined with the reason.
 */
public final class ErrorAnalysis {
  private static final String WHAT = "ErrorAnalysis.slices";

  private final PipelineResult result;
  private final Table table;
  private final Metric metric;
  private final int bins;
  private final int minRows;
  private final ImmutableList<String> columns;
  private final double confidence;
  private final int resamples;
  private final long seed;

  private ErrorAnalysis(
      PipelineResult result, Table table, Metric metric, int bins, int minRows, List<String> columns, double confidence,
      int resamples, long seed) {
    this.result = result;
    this.table = table;
    this.metric = metric;
    this.bins = bins;
    this.minRows = minRows;
    this.columns = ImmutableList.copyOf(columns);
    this.confidence = confidence;
    this.resamples = resamples;
    this.seed = seed;
  }

  /**
   * Slices the held-out rows of a fitted pipeline. Defaults: accuracy for classification and
   * RMSE for regression, 4 bins, at least 30 rows to rank, every CATEGORICAL and NUMERIC column
   * but the target, 95% intervals, 1000 bootstrap resamples, seed 0.
   *
   * @param result what {@code pipeline.fit(table)} returned
   * @param table the table given to that {@code fit} (its partition's row indices point into it)
   * @return the analysis, to configure and {@link #run()}
   * @throws IllegalArgumentException if an argument is null
   */
  public static ErrorAnalysis slices(PipelineResult result, Table table) {
    Check.notNull(result, WHAT, "result", "the PipelineResult that pipeline.fit(table) returned");
    Check.notNull(table, WHAT, "table", "the Table given to pipeline.fit(table)");
    return new ErrorAnalysis(result, table, null, 4, 30, List.of(), 0.95, 1000, 0);
  }

  /**
   * The metric to compare slices by, e.g. {@code Metrics.rocAuc()} or {@code Metrics.rmse()};
   * its {@link Metric#greaterIsBetter()} decides what "worse" means.
   *
   * @param m a metric of the result's task
   * @return a changed copy
   * @throws IllegalArgumentException if m is null
   */
  public ErrorAnalysis metric(Metric m) {
    Check.notNull(m, WHAT + ".metric", "metric", "a Metric such as Metrics.accuracy()");
    return new ErrorAnalysis(result, table, m, bins, minRows, columns, confidence, resamples, seed);
  }

  /**
   * The number of quantile bins per NUMERIC column (default 4: quartiles).
   *
   * @param k at least 2
   * @return a changed copy
   * @throws IllegalArgumentException if k is below 2
   */
  public ErrorAnalysis bins(int k) {
    Check.argument(k >= 2, "%s.bins(%d) would not split anything; give at least 2 bins, e.g. bins(4) for quartiles", WHAT, k);
    return new ErrorAnalysis(result, table, metric, k, minRows, columns, confidence, resamples, seed);
  }

  /**
   * The fewest held-out rows a slice needs to be ranked (default 30); smaller slices are listed
   * as too small to rank.
   *
   * @param n at least 1
   * @return a changed copy
   * @throws IllegalArgumentException if n is below 1
   */
  public ErrorAnalysis minRows(int n) {
    Check.argument(n >= 1, "%s.minRows(%d): expected at least 1 row, e.g. minRows(30)", WHAT, n);
    return new ErrorAnalysis(result, table, metric, bins, n, columns, confidence, resamples, seed);
  }

  /**
   * Slices only these columns, in this order (default: every CATEGORICAL and NUMERIC column but
   * the target).
   *
   * @param names one or more column names, each once
   * @return a changed copy
   * @throws IllegalArgumentException if no name is given or a name repeats
   */
  public ErrorAnalysis columns(String... names) {
    Check.argument(
        names != null && names.length > 0,
        "%s.columns(): no column given; name at least one, e.g. columns(\"Home\", \"Income\"), or leave columns(...) out"
            + " to slice every CATEGORICAL and NUMERIC column",
        WHAT);
    Set<String> seen = new LinkedHashSet<>();
    for (String name : names) {
      Check.argument(seen.add(name), "%s.columns(): '%s' is named twice; name each column once", WHAT, name);
    }
    return new ErrorAnalysis(result, table, metric, bins, minRows, new ArrayList<>(seen), confidence, resamples, seed);
  }

  /**
   * The confidence level of the intervals (default 0.95).
   *
   * @param level in (0, 1)
   * @return a changed copy
   * @throws IllegalArgumentException if level is not in (0, 1)
   */
  public ErrorAnalysis confidence(double level) {
    Check.argument(level > 0 && level < 1, "%s.confidence(%s): expected a level in (0, 1), e.g. 0.95", WHAT, level);
    return new ErrorAnalysis(result, table, metric, bins, minRows, columns, level, resamples, seed);
  }

  /**
   * The number of bootstrap resamples for metrics that are not a share of rows (default 1000).
   *
   * @param count at least 100
   * @return a changed copy
   * @throws IllegalArgumentException if count is below 100
   */
  public ErrorAnalysis resamples(int count) {
    Check.argument(count >= 100, "%s.resamples(%d): expected at least 100 resamples, e.g. 1000", WHAT, count);
    return new ErrorAnalysis(result, table, metric, bins, minRows, columns, confidence, count, seed);
  }

  /**
   * The seed of the bootstrap resampling (default 0); the same seed gives the same intervals.
   *
   * @param value any seed
   * @return a changed copy
   */
  public ErrorAnalysis seed(long value) {
    return new ErrorAnalysis(result, table, metric, bins, minRows, columns, confidence, resamples, value);
  }

  /**
   * Computes the metric on every slice and ranks the slices.
   *
   * @return the report
   * @throws IllegalArgumentException listing every problem at once: the table is not the one
   *     given to fit, a column is unknown or not CATEGORICAL/NUMERIC, the metric does not suit
   *     the task, or the metric is undefined on all held-out rows
   */
  public SliceReport run() {
    Outcomes outcomes = result.testOutcomes();
    Task task = outcomes.task();
    Metric m = metric != null ? metric : task == Task.CLASSIFICATION ? Metrics.accuracy() : Metrics.rmse();
    List<String> sliced = checkedColumns(m, task);

    double overall;
    try {
      overall = m.evaluate(outcomes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(WHAT + " cannot run: " + m.name() + " is undefined on all " + outcomes.size()
          + " held-out rows (" + e.getMessage() + "); pick a metric that is defined there", e);
    }
    boolean proportion = ProportionMethod.isProportion(m);
    int[] train = result.partition().train().toArray();
    int[] test = result.partition().test().toArray();
    List<Slice> ranked = new ArrayList<>();
    List<Slice> undefined = new ArrayList<>();
    List<Slice> tooSmall = new ArrayList<>();
    Map<String, List<Double>> edges = new LinkedHashMap<>();
    for (String column : sliced) {
      Groups groups = Groups.of(table, column, train, test, bins);
      if (table.type(column) == ColumnType.NUMERIC) {
        edges.put(column, groups.edges());
      }
      for (int g = 0; g < groups.size(); g++) {
        int[] rows = groups.members(g);
        Estimate value = estimate(m, proportion, Resampling.subset(outcomes, rows));
        double worseBy = m.greaterIsBetter() ? overall - value.value() : value.value() - overall;
        Slice.Status status = rows.length < minRows
            ? Slice.Status.TOO_SMALL
            : value.defined() ? Slice.Status.RANKED : Slice.Status.UNDEFINED;
        Slice slice = new Slice(column, groups.label(g), rows.length, m.name(), value, overall, worseBy, status);
        (switch (status) {
          case RANKED -> ranked;
          case UNDEFINED -> undefined;
          case TOO_SMALL -> tooSmall;
        }).add(slice);
      }
    }
    ranked.sort(Comparator.comparingDouble(Slice::worseBy).reversed());
    List<Slice> all = new ArrayList<>(ranked);
    all.addAll(undefined);
    all.addAll(tooSmall);
    return new SliceReport(m.name(), m.greaterIsBetter(), test.length, estimate(m, proportion, outcomes), sliced, all, edges,
        minRows, intervalMethod(proportion));
  }

  /**
   * The columns to slice, after checking the table, the metric and the columns; throws with
   * every problem at once.
   */
  private List<String> checkedColumns(Metric m, Task task) {
    String target = result.pipeline().target();
    List<String> problems = new ArrayList<>();
    HeldOut.check(result, table, problems);
    if (!m.supports(task)) {
      problems.add("the metric " + m.name() + " does not support " + task + " results; pick a metric for " + task
          + (task == Task.CLASSIFICATION ? ", e.g. metric(Metrics.accuracy())" : ", e.g. metric(Metrics.rmse())"));
    }
    List<String> sliced = columns.isEmpty() ? defaultColumns(target) : columns;
    for (String c : columns) {
      HeldOut.checkColumn(table, c, "a slice column", "Leave it out of columns(...)", problems);
    }
    if (sliced.isEmpty()) {
      problems.add("the table has no CATEGORICAL or NUMERIC column besides the target '" + target
          + "'; there is nothing to slice by");
    }
    HeldOut.throwIfAny(WHAT, problems);
    return sliced;
  }

  private List<String> defaultColumns(String target) {
    List<String> out = new ArrayList<>();
    for (String c : table.columnNames()) {
      ColumnType type = table.type(c);
      if (!c.equals(target) && (type == ColumnType.CATEGORICAL || type == ColumnType.NUMERIC)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The metric on these outcomes with its interval, or undefined with the metric's reason. */
  private Estimate estimate(Metric m, boolean proportion, Outcomes rows) {
    double value;
    try {
      value = m.evaluate(rows);
    } catch (IllegalArgumentException e) {
      return Estimate.undefined(e.getMessage());
    }
    if (Double.isNaN(value)) {
      return Estimate.undefined(m.name() + " is NaN on these rows");
    }
    if (proportion) {
      return Estimate.of(value, ProportionMethod.wilson().bounds(value, rows.size(), confidence));
    }
    try {
      return Estimate.of(value, Bounds.bootstrapPercentile(m, rows, new Bootstrap(resamples, confidence, seed)));
    } catch (IllegalArgumentException e) {
      return Estimate.withoutInterval(value, "no interval: " + e.getMessage());
    }
  }

  private String intervalMethod(boolean proportion) {
    String level = Math.round(confidence * 100) + "%";
    return proportion
        ? "Wilson " + level
        : String.format(Locale.ROOT, "bootstrap percentile %s (%d resamples, seed %d)", level, resamples, seed);
  }
}
