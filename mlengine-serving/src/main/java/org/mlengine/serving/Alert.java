package org.mlengine.serving;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Monitor}'s alert: a column's figure crossed its threshold in {@code windows}
 * consecutive windows (the monitor's debounce), the last of which is {@code window}. Delivered
 * to the listeners given to {@link Monitor.Builder#onAlert} on the monitor's own thread, once per
 * run of drifted windows.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder(bundle)
 *     .onAlert(alert -> log.warn(alert.message()))
 *     .build();
 * // "column 'Income': wasserstein_normed 0.2314 >= 0.1 in 2 consecutive windows (window 7, requests 3000..3999)"
 * }</pre>
 *
 * @param column the column (an input's name, or {@code prediction} for the model's answers)
 * @param measure what crossed: a statistic ({@code ks_p}, {@code ks_d}, {@code chi_square_p},
 *     {@code chi_square}, {@code psi}, {@code jensen_shannon}, {@code wasserstein_normed}) or a
 *     data-quality share ({@code missing_share}, {@code nan_share}, {@code unseen_share},
 *     {@code out_of_range_share})
 * @param value the measure in the last window
 * @param threshold the threshold it crossed
 * @param below whether the alert is for a value at or below the threshold (a p-value), not above
 * @param window the index of the last window (0 for the first the monitor measured)
 * @param firstRequest the index of the window's first request (0 for the first the monitor saw)
 * @param lastRequest the index of the window's last request
 * @param windows how many consecutive windows crossed
 * @param at when the last window ended (the time of its last request)
 */
public record Alert(String column, String measure, double value, double threshold, boolean below, long window,
    long firstRequest, long lastRequest, int windows, Instant at) {

  /** Checks the names and the instant. */
  public Alert {
    Objects.requireNonNull(column, "the column is null; pass the input's name, or \"prediction\" for the model's answers");
    Objects.requireNonNull(measure, "the measure is null; pass what crossed its threshold, e.g. \"ks_p\" or \"missing_share\"");
    Objects.requireNonNull(at, "the instant is null; pass when the last window ended");
  }

  /** One line for a log: the column, the measure, its value against the threshold, and the window. */
  public String message() {
    return String.format(Locale.ROOT, "column '%s': %s %.4g %s %.4g in %d consecutive window%s (window %d, requests %d..%d)",
        column, measure, value, below ? "<=" : ">=", threshold, windows, windows == 1 ? "" : "s", window, firstRequest,
        lastRequest);
  }
}
