package org.mlengine.eval;

import java.util.Arrays;

/**
 * The precision / recall / F-beta engine behind {@link MetricFunctions} and {@link Metrics}, as
 * scikit-learn 1.2's {@code precision_recall_fscore_support}: which measure comes from a
 * {@link Measure}, how labels are chosen and combined from a {@link ClassAveraging}.
 * Package-private.
 */
final class LabelScoring {
  /** Which of the three per-label rates a call returns. */
  enum Measure {
    /** tp / (tp + fp). */
    PRECISION,
    /** tp / (tp + fn). */
    RECALL,
    /** (1 + β²)·P·R / (β²·P + R). */
    F_BETA,
    /** tp / (tp + fp + fn), sklearn's {@code jaccard_score}. */
    JACCARD
  }

  private LabelScoring() {}

  /** Both arrays present, of one length, not empty. */
  static void checkLabels(String metric, int[] yTrue, int[] yPred) {
    Check.notNull(yTrue, metric, "yTrue", "an int[] with the true label of every row");
    Check.notNull(yPred, metric, "yPred", "an int[] with the predicted label of every row");
    Check.sameLength(metric, "yTrue", yTrue.length, "yPred", yPred.length);
    Check.notEmpty(metric, yTrue.length);
  }

  static void checkBeta(String metric, double beta) {
    Check.argument(
        beta >= 0.0,
        "%s: beta is %s; expected beta >= 0 — 1 weighs precision and recall equally, 2 favours "
            + "recall, 0.5 precision",
        metric, beta);
  }

  /** One averaged measure, checked: the array functions' entry. */
  static double averaged(
      String metric,
      Measure measure,
      double beta,
      int[] yTrue,
      int[] yPred,
      ClassAveraging averaging) {
    return averaged(metric, measure, beta, yTrue, yPred, averaging, null);
  }

  /** One averaged measure with sample weights (null: unit weights), checked. */
  static double averaged(
      String metric,
      Measure measure,
      double beta,
      int[] yTrue,
      int[] yPred,
      ClassAveraging averaging,
      double[] w) {
    checkLabels(metric, yTrue, yPred);
    Weights.checkLength(metric, w, yTrue.length, "row");
    Check.notNull(
        averaging, metric, "averaging", "ClassAveraging.binary(), micro(), macro() or weighted()");
    checkBeta(metric, beta);
    Check.argument(
        averaging.average().isPresent(),
        "%s: ClassAveraging.perClass() gives one score per label but %s returns one number; "
            + "expected binary(), micro(), macro() or weighted() — %s",
        metric, metric,
        measure == Measure.JACCARD
            ? "for one label's Jaccard index pass macro().withLabels(label)"
            : "use MetricFunctions.classScores(yTrue, yPred, beta, averaging) for per-label "
                + "scores");
    int[] labels = labels(metric, yTrue, yPred, averaging);
    return combine(measure, beta, yTrue, yPred, labels, averaging, w);
  }

  /** The labels an averaging scores: its positive label, its chosen labels or the data's. */
  private static int[] labels(String metric, int[] yTrue, int[] yPred, ClassAveraging averaging) {
    int[] labels;
    if (averaging.average().get() == Average.BINARY) {
      checkBinaryLabelSet(metric, Counts.sortedLabels(yTrue, yPred), averaging.positiveLabel());
      labels = new int[] {averaging.positiveLabel()};
    } else {
      int[] chosen = averaging.labelArray();
      labels = chosen == null ? Counts.sortedLabels(yTrue, yPred) : chosen;
    }
    return labels;
  }

  /** Per-label scores, checked: {@code precision_recall_fscore_support(average=None)}. */
  static ClassScores perLabel(
      String metric, double beta, int[] yTrue, int[] yPred, ClassAveraging averaging) {
    checkLabels(metric, yTrue, yPred);
    Check.notNull(averaging, metric, "averaging", "ClassAveraging.perClass()");
    checkBeta(metric, beta);
    Check.argument(
        averaging.average().isEmpty(),
        "%s: classScores gives one score per label but the averaging is %s; expected "
            + "ClassAveraging.perClass() — use MetricFunctions.fBeta(yTrue, yPred, beta, "
            + "averaging) for one averaged number",
        metric, averaging.average().map(Average::sklearnName).orElse(""));
    int[] chosen = averaging.labelArray();
    int[] labels = chosen == null ? Counts.sortedLabels(yTrue, yPred) : chosen;
    Counts.LabelSums s = Counts.perLabel(yTrue, yPred, labels);
    Counts.Scores sc = Counts.scores(s, beta, averaging.zeroDivision());
    long[] support = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      support[i] = (long) s.actual()[i];
    }
    return new ClassScores(
        Lists.ofInts(labels),
        Lists.of(sc.precision()),
        Lists.of(sc.recall()),
        Lists.of(sc.f()),
        Lists.ofLongs(support));
  }

  /** The measure over {@code labels}, combined as the averaging says; inputs already checked. */
  static double combine(
      Measure measure,
      double beta,
      int[] yTrue,
      int[] yPred,
      int[] labels,
      ClassAveraging averaging) {
    return combine(measure, beta, yTrue, yPred, labels, averaging, null);
  }

  /** {@link #combine} with sample weights; w null for unit weights. */
  static double combine(
      Measure measure,
      double beta,
      int[] yTrue,
      int[] yPred,
      int[] labels,
      ClassAveraging averaging,
      double[] w) {
    Average average = averaging.average().orElseThrow();
    double zeroDivision = averaging.zeroDivision();
    Counts.LabelSums s = Counts.perLabel(yTrue, yPred, labels, w);
    if (average == Average.MICRO) {
      s =
          new Counts.LabelSums(
              new double[] {Sums.sum(s.tp())},
              new double[] {Sums.sum(s.predicted())},
              new double[] {Sums.sum(s.actual())});
    }
    if (measure == Measure.JACCARD) {
      return jaccard(s, average, zeroDivision);
    }
    Counts.Scores sc = Counts.scores(s, beta, zeroDivision);
    double[] values = pick(measure, sc);
    switch (average) {
      case WEIGHTED:
        double support = Sums.sum(s.actual());
        if (support == 0.0) {
          if (Sums.sum(s.predicted()) == 0.0) {
            return zeroDivision;
          }
          return measure == Measure.RECALL ? zeroDivision : 0.0;
        }
        return RocAuc.weightedMean(values, s.actual());
      case MACRO:
        return Sums.mean(values);
      default: // BINARY and MICRO: one entry
        return values[0];
    }
  }

  /**
   * sklearn's {@code jaccard_score} from the (pooled, for micro) sums: tp / (tp + fp + fn) per
   * label, 0/0 replaced by the zero division; weighted by true support unless every support is
   * 0, then unweighted.
   */
  private static double jaccard(Counts.LabelSums s, Average average, double zeroDivision) {
    int n = s.tp().length;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      double denominator = s.predicted()[i] + s.actual()[i] - s.tp()[i];
      values[i] = denominator == 0.0 ? zeroDivision : s.tp()[i] / denominator;
    }
    if (average == Average.WEIGHTED && Sums.sum(s.actual()) != 0.0) {
      return RocAuc.weightedMean(values, s.actual());
    }
    return Sums.mean(values);
  }

  private static double[] pick(Measure measure, Counts.Scores sc) {
    switch (measure) {
      case PRECISION:
        return sc.precision();
      case RECALL:
        return sc.recall();
      default:
        return sc.f();
    }
  }

  private static void checkBinaryLabelSet(String metric, int[] present, int positive) {
    Check.argument(
        present.length <= 2,
        "%s: ClassAveraging.binary(%d) scores label %d of a two-label problem but yTrue and "
            + "yPred hold %d labels %s; expected at most two — choose ClassAveraging.macro(), "
            + "micro() or weighted() for more than two classes",
        metric, positive, positive, present.length, Arrays.toString(present));
    boolean hasPositive = false;
    for (int v : present) {
      hasPositive |= v == positive;
    }
    Check.argument(
        hasPositive || present.length < 2,
        "%s: ClassAveraging.binary(%d) scores label %d but yTrue and yPred hold labels %s; "
            + "expected the positive label among them — name it with "
            + "ClassAveraging.binary(label)",
        metric, positive, positive, Arrays.toString(present));
  }

  /** Cohen's kappa, checked for a chance disagreement of 0. */
  static double kappa(String metric, int[] y1, int[] y2, int[] labels, KappaWeights weights) {
    return kappa(metric, y1, y2, labels, weights, null);
  }

  /** Cohen's kappa with sample weights (null: unit weights), checked for 0/0. */
  static double kappa(
      String metric, int[] y1, int[] y2, int[] labels, KappaWeights weights, double[] w) {
    Check.argument(
        Counts.expectedDisagreement(y1, y2, labels, weights, w) != 0.0,
        "%s is undefined here: the chance disagreement is 0 (both raters use one and the same "
            + "label, or no row has a listed label); expected at least two labels in use — "
            + "evaluate on rows with more than one class",
        metric);
    return Counts.kappa(y1, y2, labels, weights, w);
  }
}
