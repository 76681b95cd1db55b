package org.mlengine.eval;

import java.util.List;
import java.util.Optional;

/**
 * How precision, recall and F-scores of several labels become one number, with the keyword
 * arguments scikit-learn passes beside {@code average=}: the positive label of a binary
 * problem ({@code pos_label}), which labels count ({@code labels}) and what replaces a 0/0
 * ({@code zero_division}). Immutable; each {@code with} method returns a changed copy.
 *
 * <pre>{@code
 * MetricFunctions.f1(yTrue, yPred, ClassAveraging.macro());             // f1_score(average="macro")
 * MetricFunctions.precision(yTrue, yPred, ClassAveraging.binary(2));    // pos_label=2
 * MetricFunctions.recall(yTrue, yPred,
 *     ClassAveraging.weighted().withLabels(0, 2).withZeroDivision(1.0)); // labels=[0, 2], zero_division=1
 * MetricFunctions.classScores(yTrue, yPred, 2.0, ClassAveraging.perClass().withLabels(0, 1, 2, 3));
 * }</pre>
 *
 * @param average how the per-label scores combine, or empty for one score per label
 *     (sklearn's {@code average=None}, for {@link MetricFunctions#classScores})
 * @param positiveLabel the label that {@link Average#BINARY} scores ({@code pos_label}); read
 *     only by binary averaging
 * @param labels the labels to score, distinct, in order; empty for the sorted labels of yTrue
 *     and yPred
 * @param zeroDivision the value in [0, 1] that replaces a precision or recall whose
 *     denominator is 0 (sklearn accepts 0 or 1; this accepts any value between)
 */
public record ClassAveraging(
    Optional<Average> average, int positiveLabel, List<Integer> labels, double zeroDivision) {
  private static final String WHAT = "ClassAveraging";

  /**
   * Copies the labels and checks every option.
   *
   * @throws IllegalArgumentException if labels repeat a label or are given with binary
   *     averaging, or zeroDivision is outside [0, 1]
   */
  public ClassAveraging {
    Check.notNull(average, WHAT, "average", "Optional.of(Average.MACRO), ... or Optional.empty()");
    Check.notNull(labels, WHAT, "labels", "a list of labels, or an empty list for every label");
    labels = Lists.distinctLabels(labels, WHAT);
    Check.argument(
        labels.isEmpty() || average.orElse(null) != Average.BINARY,
        "%s: labels %s given with binary(%d), which scores label %d alone; expected no labels "
            + "— or choose micro(), macro() or weighted() to score chosen labels",
        WHAT, labels, positiveLabel, positiveLabel);
    Check.unitInterval(
        WHAT,
        "zeroDivision",
        zeroDivision,
        "it replaces a precision or recall whose denominator is 0 (sklearn accepts 0 or 1)");
  }

  /**
   * Label 1 of a two-label problem alone: sklearn's default {@code average="binary"},
   * {@code pos_label=1}.
   *
   * @return binary averaging with positive label 1
   */
  public static ClassAveraging binary() {
    return binary(1);
  }

  /**
   * One label of a two-label problem alone ({@code average="binary", pos_label=label}).
   *
   * @param positiveLabel the label scored as positive
   * @return binary averaging with that positive label
   */
  public static ClassAveraging binary(int positiveLabel) {
    return new ClassAveraging(Optional.of(Average.BINARY), positiveLabel, List.of(), 0.0);
  }

  /**
   * Counts pooled over labels first ({@code average="micro"}).
   *
   * @return micro averaging over every label
   */
  public static ClassAveraging micro() {
    return of(Average.MICRO);
  }

  /**
   * The unweighted mean of the per-label scores ({@code average="macro"}).
   *
   * @return macro averaging over every label
   */
  public static ClassAveraging macro() {
    return of(Average.MACRO);
  }

  /**
   * The mean of the per-label scores weighted by true support ({@code average="weighted"}).
   *
   * @return weighted averaging over every label
   */
  public static ClassAveraging weighted() {
    return of(Average.WEIGHTED);
  }

  /**
   * One score per label, not averaged ({@code average=None}); what {@link
   * MetricFunctions#classScores(int[], int[], double, ClassAveraging)} takes.
   *
   * @return per-label scoring over every label
   */
  public static ClassAveraging perClass() {
    return new ClassAveraging(Optional.empty(), 1, List.of(), 0.0);
  }

  /**
   * The averaging named by an {@link Average}; {@link Average#BINARY} scores label 1.
   *
   * @param average how per-label scores combine
   * @return that averaging over every label, zero division 0
   */
  public static ClassAveraging of(Average average) {
    Check.notNull(average, WHAT, "average", "Average.BINARY, MICRO, MACRO or WEIGHTED");
    return new ClassAveraging(Optional.of(average), 1, List.of(), 0.0);
  }

  /**
   * A copy that scores the given labels in this order ({@code labels=[...]}); a listed label
   * that never occurs still counts in the average, with the zero-division value.
   *
   * @param chosen the labels, at least one, distinct
   * @return the changed copy
   * @throws IllegalArgumentException if no label is given, one repeats, or the averaging is
   *     binary
   */
  public ClassAveraging withLabels(int... chosen) {
    Check.notNull(chosen, WHAT, "labels", "the labels to score");
    Check.argument(
        chosen.length > 0,
        "%s: labels is empty; expected at least one label — leave withLabels out to score "
            + "the sorted labels of yTrue and yPred",
        WHAT);
    return new ClassAveraging(average, positiveLabel, Lists.ofInts(chosen), zeroDivision);
  }

  /**
   * A copy whose 0/0 precision or recall is {@code value} ({@code zero_division=value}).
   *
   * @param value in [0, 1]
   * @return the changed copy
   * @throws IllegalArgumentException if value is outside [0, 1]
   */
  public ClassAveraging withZeroDivision(double value) {
    return new ClassAveraging(average, positiveLabel, labels, value);
  }

  /** The labels as an array, or null for the sorted labels of the data. */
  int[] labelArray() {
    return Lists.labelsOrNull(labels);
  }
}
