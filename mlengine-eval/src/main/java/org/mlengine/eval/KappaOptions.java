package org.mlengine.eval;

import java.util.List;

/**
 * How Cohen's kappa weighs disagreements and over which labels, as the keyword arguments
 * {@code weights=} and {@code labels=} of scikit-learn's {@code cohen_kappa_score}. Immutable;
 * {@link #withLabels} returns a changed copy.
 *
 * <pre>{@code
 * MetricFunctions.cohenKappa(y1, y2, KappaOptions.quadratic());                  // weights="quadratic"
 * MetricFunctions.cohenKappa(y1, y2, KappaOptions.linear().withLabels(2, 1, 0)); // labels=[2, 1, 0]
 * }</pre>
 *
 * @param weights the disagreement weights, by label position
 * @param labels the labels in the order that sets their positions, distinct; empty for the
 *     sorted labels of both raters
 */
public record KappaOptions(KappaWeights weights, List<Integer> labels) {
  private static final String WHAT = "KappaOptions";

  /**
   * Copies the labels and checks them.
   *
   * @throws IllegalArgumentException if a label repeats
   */
  public KappaOptions {
    Check.notNull(weights, WHAT, "weights", "KappaWeights.NONE, LINEAR or QUADRATIC");
    Check.notNull(labels, WHAT, "labels", "a list of labels, or an empty list for every label");
    labels = Lists.distinctLabels(labels, WHAT);
  }

  /**
   * Plain kappa, (pₒ − pₑ)/(1 − pₑ) ({@code weights=None}).
   *
   * @return unweighted kappa over every label
   */
  public static KappaOptions unweighted() {
    return of(KappaWeights.NONE);
  }

  /**
   * Disagreements weighed by |i − j| ({@code weights="linear"}).
   *
   * @return linear kappa over every label
   */
  public static KappaOptions linear() {
    return of(KappaWeights.LINEAR);
  }

  /**
   * Disagreements weighed by (i − j)² ({@code weights="quadratic"}).
   *
   * @return quadratic kappa over every label
   */
  public static KappaOptions quadratic() {
    return of(KappaWeights.QUADRATIC);
  }

  /**
   * Kappa with the given weights over every label.
   *
   * @param weights the disagreement weights
   * @return the options
   */
  public static KappaOptions of(KappaWeights weights) {
    return new KappaOptions(weights, List.of());
  }

  /**
   * A copy over the given labels, in this order, which sets the positions the weights use; rows
   * with another label are not counted.
   *
   * @param chosen the labels, at least one, distinct, one of them in the first rater's labels
   * @return the changed copy
   * @throws IllegalArgumentException if no label is given or one repeats
   */
  public KappaOptions withLabels(int... chosen) {
    Check.notNull(chosen, WHAT, "labels", "the labels, in the order of their positions");
    Check.argument(
        chosen.length > 0,
        "%s: labels is empty; expected at least one label — leave withLabels out to use the "
            + "sorted labels of both raters",
        WHAT);
    return new KappaOptions(weights, Lists.ofInts(chosen));
  }

  /** The labels as an array, or null for the sorted labels of the data. */
  int[] labelArray() {
    return Lists.labelsOrNull(labels);
  }
}
