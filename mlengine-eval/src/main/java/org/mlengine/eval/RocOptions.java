package org.mlengine.eval;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The keyword arguments of scikit-learn's {@code roc_auc_score} and {@code roc_curve} for a
 * binary score: sample weights, a largest false positive rate for a partial AUC, and whether the
 * curve drops collinear points. Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * MetricFunctions.rocAuc(y, score, RocOptions.defaults().withSampleWeight(w));   // sample_weight=w
 * MetricFunctions.rocAuc(y, score, RocOptions.defaults().withMaxFpr(0.1));       // max_fpr=0.1
 * MetricFunctions.rocCurve(y, score, RocOptions.defaults().keepIntermediate());  // drop_intermediate=False
 * }</pre>
 *
 * @param sampleWeight each row's weight, finite and ≥ 0 (0 drops the row); empty for unit
 *     weights
 * @param maxFpr the largest false positive rate that counts, in (0, 1], for the standardized
 *     partial AUC; empty for the full area. Only for {@link MetricFunctions#rocAuc(int[],
 *     double[], RocOptions)}, and not together with sample weights
 * @param dropIntermediate sklearn's {@code drop_intermediate}: whether the curve leaves out
 *     collinear points (the area is the same either way)
 */
public record RocOptions(
    List<Double> sampleWeight, OptionalDouble maxFpr, boolean dropIntermediate) {
  private static final String WHAT = "RocOptions";

  /**
   * Copies the weights and checks every option.
   *
   * @throws IllegalArgumentException if a weight is negative, NaN or infinite, maxFpr is not in
   *     (0, 1], or both weights and maxFpr are given
   */
  public RocOptions {
    Check.notNull(sampleWeight, WHAT, "sampleWeight", "a list of weights, or an empty list");
    Check.notNull(maxFpr, WHAT, "maxFpr", "OptionalDouble.of(rate) or OptionalDouble.empty()");
    sampleWeight = List.copyOf(sampleWeight);
    Check.weights(WHAT, "sampleWeight", Lists.toArray(sampleWeight));
    double m = maxFpr.orElse(1.0);
    Check.argument(
        m > 0.0 && m <= 1.0,
        "%s: maxFpr is %s; expected a false positive rate in (0, 1] — e.g. 0.1 for the area "
            + "up to 10%% false positives",
        WHAT, m);
    Check.argument(
        sampleWeight.isEmpty() || maxFpr.isEmpty(),
        "%s: maxFpr %s given with sample weights; expected one or the other — a weighted "
            + "partial AUC is not implemented, drop withMaxFpr or withSampleWeight",
        WHAT, m);
  }

  /**
   * sklearn's defaults: unit weights, the full area, collinear points dropped.
   *
   * @return the default options
   */
  public static RocOptions defaults() {
    return new RocOptions(List.of(), OptionalDouble.empty(), true);
  }

  /**
   * A copy with a weight per row ({@code sample_weight=w}): a pair of rows counts with the
   * product of their weights.
   *
   * @param weights each row's weight, finite and ≥ 0
   * @return the changed copy
   * @throws IllegalArgumentException if a weight is negative, NaN or infinite
   */
  public RocOptions withSampleWeight(double... weights) {
    Check.notNull(weights, WHAT, "sampleWeight", "a double[] with every row's weight");
    Check.argument(
        weights.length > 0,
        "%s: sampleWeight is empty; expected one weight per row — leave withSampleWeight out "
            + "for unit weights",
        WHAT);
    return new RocOptions(Lists.of(weights), maxFpr, dropIntermediate);
  }

  /**
   * A copy for the standardized partial AUC up to a false positive rate ({@code max_fpr=rate}):
   * McClish's correction maps the area so that chance is 0.5 and perfect 1.
   *
   * @param rate the largest false positive rate that counts, in (0, 1]; 1 gives the full AUC
   * @return the changed copy
   * @throws IllegalArgumentException if rate is not in (0, 1]
   */
  public RocOptions withMaxFpr(double rate) {
    return new RocOptions(sampleWeight, OptionalDouble.of(rate), dropIntermediate);
  }

  /**
   * A copy whose curve keeps every distinct threshold ({@code drop_intermediate=False}).
   *
   * @return the changed copy
   */
  public RocOptions keepIntermediate() {
    return new RocOptions(sampleWeight, maxFpr, false);
  }

  /** The weights as an array, or null for unit weights. */
  double[] weightArray() {
    return sampleWeight.isEmpty() ? null : Lists.toArray(sampleWeight);
  }
}
