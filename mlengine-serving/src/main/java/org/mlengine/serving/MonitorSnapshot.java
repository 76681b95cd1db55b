package org.mlengine.serving;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.mlengine.runtime.ColumnType;

/**
 * What one window of traffic looked like to a {@link Monitor}: for each column its drift against
 * the reference and its data quality, the requests that failed, the latency percentiles and,
 * for a classifier, the accuracy and ROC AUC estimated without labels (CBPE). Immutable; a page
 * or a demo renders it.
 *
 * <pre>{@code
 * MonitorSnapshot last = monitor.lastWindow().orElseThrow();
 * for (MonitorSnapshot.ColumnDrift c : last.columns()) {
 *   System.out.printf("%s %s=%.3f%s%n", c.column(), c.measure(), c.value(), c.drifted() ? " DRIFT" : "");
 * }
 * last.estimatedAccuracy().ifPresent(a -> System.out.println("accuracy ~ " + a));
 * }</pre>
 *
 * @param window the window's index (0 for the first)
 * @param firstRequest the index of its first request (0 for the first the monitor saw)
 * @param requests the requests in the window
 * @param start the time of its first request
 * @param end the time of its last request
 * @param reference whether the window belongs to the reference period (sets thresholds, raises no alerts)
 * @param columns one entry per monitored column, inputs first, then {@code prediction}
 * @param failures requests the model refused (an error instead of an answer)
 * @param latencyP50Millis median latency, in milliseconds, of the window's timed requests (a
 *     deployment times one in 128 when only monitors and logs observe it; NaN without any)
 * @param latencyP90Millis 90th percentile latency
 * @param latencyP99Millis 99th percentile latency
 * @param estimatedAccuracy for a classifier, CBPE's expected accuracy: the mean of the predicted
 *     class's probability, right when the probabilities are calibrated and there is no concept drift
 * @param estimatedRocAuc for a binary classifier, CBPE's expected ROC AUC (on probabilities binned
 *     to 0.01)
 * @param dropped requests the monitor dropped so far because its queue was full
 */
public record MonitorSnapshot(long window, long firstRequest, long requests, Instant start, Instant end, boolean reference,
    List<ColumnDrift> columns, long failures, double latencyP50Millis, double latencyP90Millis, double latencyP99Millis,
    OptionalDouble estimatedAccuracy, OptionalDouble estimatedRocAuc, long dropped) {

  /** Copies the columns into an immutable list. */
  public MonitorSnapshot {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    columns = List.copyOf(columns);
    Objects.requireNonNull(estimatedAccuracy, "estimatedAccuracy");
    Objects.requireNonNull(estimatedRocAuc, "estimatedRocAuc");
  }

  /** The figures of one column, if it is monitored. */
  public Optional<ColumnDrift> column(String name) {
    return columns.stream().filter(c -> c.column().equals(name)).findFirst();
  }

  /**
   * One column in one window: the statistic chosen for it (by type and reference size, as
   * Evidently chooses, unless set), its value against the threshold, every other statistic
   * computed, and the data-quality shares.
   *
   * <pre>{@code
   * ColumnDrift income = snapshot.column("Income").orElseThrow();
   * double psi = income.statistics().get("psi");
   * }</pre>
   *
   * @param column the column's name
   * @param statistic the statistic that decides drift for the column
   * @param measure the figure compared: {@code ks_p} or {@code chi_square_p} (p-values, against
   *     a fixed threshold), {@code ks_d} or {@code chi_square} (with thresholds from a reference
   *     period), {@code wasserstein_normed}, {@code jensen_shannon} or {@code psi}
   * @param value the figure in this window (NaN when the window had no value to compare)
   * @param threshold its threshold (NaN while a reference period sets it)
   * @param drifted whether the figure crossed the threshold in this window
   * @param count the requests of the window that reached the column
   * @param missingShare the share of them without the column or with null
   * @param nanShare the share with NaN or a value that is not a number (NUMERIC columns)
   * @param unseenShare the share of present values the reference never saw (CATEGORICAL columns
   *     whose profile kept every value; NaN when it could not tell; 0 for NUMERIC)
   * @param outOfRangeShare the share of present values outside the reference's [min, max] (NUMERIC)
   * @param statistics every statistic computed, by name: {@code ks_d, ks_p, psi, chi_square,
   *     chi_square_p, jensen_shannon, wasserstein_normed} as the type allows
   * @param unseenValues the most frequent values outside the reference's categories (at most 5)
   * @param type the column's type, NUMERIC or CATEGORICAL
   * @param quantiles for a NUMERIC column, the window's quantiles beside the reference's at the
   *     profile's levels (empty for a CATEGORICAL one)
   * @param shares for a CATEGORICAL column, the window's share of each reference bin beside the
   *     reference's (empty for a NUMERIC one)
   */
  public record ColumnDrift(String column, Monitor.Statistic statistic, String measure, double value, double threshold,
      boolean drifted, long count, double missingShare, double nanShare, double unseenShare, double outOfRangeShare,
      Map<String, Double> statistics, List<String> unseenValues, ColumnType type, List<Quantile> quantiles,
      List<Share> shares) {

    /** Copies the maps and lists into immutable ones. */
    public ColumnDrift {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(statistic, "statistic");
      Objects.requireNonNull(measure, "measure");
      Objects.requireNonNull(type, "type");
      statistics = Map.copyOf(statistics);
      unseenValues = List.copyOf(unseenValues);
      quantiles = List.copyOf(quantiles);
      shares = List.copyOf(shares);
    }

    /** Whether drift means the figure is at or below the threshold (a p-value) rather than at or above it. */
    public boolean driftBelow() {
      return measure.endsWith("_p");
    }
  }

  /**
   * One quantile of a NUMERIC column in a window beside the reference's: at level 0 the minimum,
   * at 1 the maximum, between them the profile's levels (0.05, 0.25, 0.5, 0.75, 0.95). The
   * window's come from its KLL sketch (rank error about 1.3%); NaN where there is no value.
   *
   * <pre>{@code
   * for (MonitorSnapshot.Quantile q : snapshot.column("Income").orElseThrow().quantiles()) {
   *   System.out.printf("q%.2f: %.1f -> %.1f%n", q.level(), q.reference(), q.window());
   * }
   * }</pre>
   *
   * @param level the quantile's level, in [0, 1]
   * @param reference the training profile's quantile at that level
   * @param window the window's quantile at that level
   */
  public record Quantile(double level, double reference, double window) {}

  /**
   * The share of one reference bin of a CATEGORICAL column in a window beside the reference's
   * share: the profile's top values, then {@value #OTHER} (the values the profile counted but did
   * not keep) when it kept only some, or {@value #UNSEEN} (values the training data never had,
   * reference share 0) when it kept them all. Shares are of the present values; NaN without any.
   *
   * <pre>{@code
   * for (MonitorSnapshot.Share s : snapshot.column("Home").orElseThrow().shares()) {
   *   System.out.printf("%s: %.3f -> %.3f%n", s.value(), s.reference(), s.window());
   * }
   * }</pre>
   *
   * @param value the category, or {@value #OTHER} or {@value #UNSEEN}
   * @param reference the share in the training profile
   * @param window the share in the window
   */
  public record Share(String value, double reference, double window) {
    /** The bin of the values a profile counted beyond its top values. */
    public static final String OTHER = "(other)";
    /** The bin of the values the training data never had. */
    public static final String UNSEEN = "(unseen)";

    /** Checks the value. */
    public Share {
      Objects.requireNonNull(value, "value");
    }
  }
}
