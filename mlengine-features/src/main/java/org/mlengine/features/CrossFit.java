package org.mlengine.features;

import java.util.Arrays;
import java.util.List;
import org.mlengine.core.Partition;

/**
 * Cross-fitting for the target-aware steps (mean encoding, weight of evidence): the out-of-fold
 * values of the training rows. Each row is encoded by what was learned from the training rows
 * of the fold that holds it out, so its own label never reaches its own value.
 */
final class CrossFit {
  private CrossFit() {}

  /** Learns encodings from the given training rows (never empty). */
  @FunctionalInterface
  interface Learner {
    TargetStatistics.Fit fit(int[] rows);
  }

  /**
   * The out-of-fold values of one column.
   *
   * @param partitions the cross-fitting folds; checked by {@link #checkPartitions}
   * @param categories each training row's category ({@code null} when missing)
   * @param notHeldOut the values of a row that no fold holds out (or whose fold has no
   *     training rows): the encoding of an unseen category under the full training fit
   * @param learner learns encodings from a fold's training rows
   * @return {@code encoded[k][r]}, one array per encoded output
   */
  static double[][] outOfFold(List<Partition> partitions, String[] categories, double[] notHeldOut, Learner learner) {
    int n = categories.length;
    checkPartitions(partitions, n);
    double[][] encoded = new double[notHeldOut.length][n];
    for (int k = 0; k < notHeldOut.length; k++) {
      Arrays.fill(encoded[k], notHeldOut[k]);
    }
    for (Partition p : partitions) {
      int[] fitRows = p.train().toArray();
      if (fitRows.length == 0 || p.test().isEmpty()) {
        continue; // nothing to learn from, or nothing to encode: these rows keep notHeldOut
      }
      TargetStatistics.Fit fit = learner.fit(fitRows);
      p.test().forEach(r -> {
        double[] v = fit.encode(categories[r]);
        for (int k = 0; k < v.length; k++) {
          encoded[k][r] = v[k];
        }
      });
    }
    return encoded;
  }

  /** Refuses folds that would encode a row with its own label or hold a row out twice. */
  static void checkPartitions(List<Partition> partitions, int n) {
    int[] heldOutBy = new int[n];
    Arrays.fill(heldOutBy, -1);
    for (int f = 0; f < partitions.size(); f++) {
      Partition p = partitions.get(f);
      boolean[] fitsOn = new boolean[n];
      for (int r : p.train().toArray()) {
        checkRow(r, n, f);
        fitsOn[r] = true;
      }
      for (int r : p.test().toArray()) {
        checkRow(r, n, f);
        if (fitsOn[r]) {
          throw new IllegalArgumentException(
              "cross-fitting fold " + f + " both learns from row " + r + " and encodes it, so the row would be"
                  + " encoded with its own label; give folds whose train and test rows do not overlap");
        }
        if (heldOutBy[r] >= 0) {
          throw new IllegalArgumentException(
              "row " + r + " is held out by cross-fitting folds " + heldOutBy[r] + " and " + f
                  + "; each row may be held out by at most one fold");
        }
        heldOutBy[r] = f;
      }
    }
  }

  private static void checkRow(int r, int n, int fold) {
    if (r < 0 || r >= n) {
      throw new IllegalArgumentException(
          "cross-fitting fold " + fold + " names row " + r + ", but the training part has " + n + " rows");
    }
  }
}
