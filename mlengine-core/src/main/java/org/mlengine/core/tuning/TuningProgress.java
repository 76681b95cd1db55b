package org.mlengine.core.tuning;

import java.time.Duration;

/**
 * How far a {@link Tuner} has come, passed to {@link Tuner#onProgress} after each trial.
 *
 * <pre>{@code
 * Tuner.grid().param("depth", 2, 4, 8).metric(auc)
 *     .onProgress(p -> log.info(p.done() + "/" + p.total() + " best " + p.best()))
 * }</pre>
 *
 * @param done trials finished
 * @param total trials in the whole search (every halving round included)
 * @param metric the name of the metric candidates are ranked by
 * @param best the best mean score so far (NaN while no trial has one)
 * @param elapsed time since the search started
 * @param remaining the estimated time left: the elapsed time per row fitted so far times the rows
 *     still to fit (trials in later successive-halving rounds fit more rows)
 */
public record TuningProgress(int done, int total, String metric, double best, Duration elapsed, Duration remaining) {

  /** One line for a log or a terminal, e.g. {@code "trial 3/9, best roc_auc 0.8123, about 12 s left"}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "trial %d/%d, best %s %s, about %d s left", done, total, metric,
        Double.isNaN(best) ? "-" : String.format(java.util.Locale.ROOT, "%.4f", best), remaining.toSeconds());
  }
}
