package org.mlengine.eval;

import java.util.List;

/**
 * A reliability (calibration) curve, as scikit-learn's {@code calibration_curve}: for each
 * non-empty bin of predicted probabilities, the observed share of positives and the mean
 * predicted probability, plus the bin's number of predictions. A calibrated model has
 * probTrue ≈ probPred in every bin.
 *
 * <pre>{@code
 * ReliabilityCurve curve = Calibration.reliabilityCurve(y, p, 10, Binning.UNIFORM);
 * curve.probTrue(); curve.probPred(); curve.counts();
 * }</pre>
 *
 * @param probTrue the share of positives per non-empty bin ({@code prob_true})
 * @param probPred the mean predicted probability per non-empty bin ({@code prob_pred})
 * @param counts the number of predictions per non-empty bin
 */
public record ReliabilityCurve(List<Double> probTrue, List<Double> probPred, List<Long> counts) {
  /**
   * Copies the lists into immutable ones.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public ReliabilityCurve {
    probTrue = List.copyOf(probTrue);
    probPred = List.copyOf(probPred);
    counts = List.copyOf(counts);
    Check.argument(
        probTrue.size() == probPred.size() && probPred.size() == counts.size(),
        "ReliabilityCurve: %d probTrue, %d probPred and %d counts; expected one of each per bin",
        probTrue.size(), probPred.size(), counts.size());
  }
}
