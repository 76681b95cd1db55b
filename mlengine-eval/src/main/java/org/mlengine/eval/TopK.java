package org.mlengine.eval;

/**
 * Top-k accuracy as scikit-learn 1.2's {@code top_k_accuracy_score(y, score, k=k,
 * labels=range(classes))} for three or more classes: a row is a hit when its true class is among
 * the k columns of highest score, ties broken as NumPy's stable {@code argsort} reversed (among
 * equal scores the higher column ranks first; −0.0 and 0.0 are equal). Inputs are checked by the
 * caller. Package-private engine.
 */
final class TopK {
  static final String TOP_K_ACCURACY = "top_k_accuracy";

  private TopK() {}

  /** Class indices, a finite score matrix of at least 3 columns, and 1 ≤ k &lt; columns. */
  static int check(int[] yTrue, double[][] score, int k) {
    Check.notNull(
        yTrue, TOP_K_ACCURACY, "yTrue", "an int[] with the true class index of every row");
    Check.notNull(
        score, TOP_K_ACCURACY, "score", "a double[][] with one score per class in every row");
    Check.sameLength(TOP_K_ACCURACY, "yTrue", yTrue.length, "score", score.length);
    Check.notEmpty(TOP_K_ACCURACY, yTrue.length);
    int classes =
        Check.probabilityMatrix(
            TOP_K_ACCURACY,
            "score",
            score,
            "top-k accuracy ranks the classes of each row; pass one score column per class",
            false);
    Check.argument(
        classes >= 3,
        "%s: score has %d columns; expected at least 3 classes — with two classes top-1 "
            + "accuracy is MetricFunctions.accuracy(yTrue, yPred) of the predicted labels",
        TOP_K_ACCURACY, classes);
    Check.classIndices(TOP_K_ACCURACY, "yTrue", yTrue, classes, "score");
    Check.argument(
        k >= 1 && k < classes,
        "%s: k is %d but score has %d classes; expected 1 <= k <= %d — with k >= the number of "
            + "classes every row is a hit, so the score would be 1.0 whatever the model",
        TOP_K_ACCURACY, k, classes, classes - 1);
    return classes;
  }

  /** {@code np.average(hits, weights=w)}; w null for the share of hits. */
  static double accuracy(int[] yTrue, double[][] score, int k, double[] w) {
    double[] hits = new double[yTrue.length];
    for (int i = 0; i < yTrue.length; i++) {
      double[] row = score[i];
      int truth = yTrue[i];
      double own = Ties.canonical(row[truth]);
      int ahead = 0;
      for (int c = 0; c < row.length; c++) {
        double v = Ties.canonical(row[c]);
        if (v > own || (v == own && c > truth)) {
          ahead++;
        }
      }
      hits[i] = ahead < k ? 1.0 : 0.0;
    }
    return Weights.mean(hits, w);
  }
}
