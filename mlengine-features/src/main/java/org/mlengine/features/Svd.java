package org.mlengine.features;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Random;

/**
 * Truncated SVD of a sparse matrix for {@code lsa}, at fit time only: the top {@code k} right
 * singular vectors (the topics, each a unit vector over the terms) and singular values.
 *
 * <p>The algorithm is randomized range finding with power iterations (Halko, Martinsson and
 * Tropp, "Finding structure with randomness", SIAM Review 2011, algorithms 4.4 and 5.1), as
 * scikit-learn's {@code randomized_svd}: with {@code l = min(k + 10, rows, columns)},
 *
 * <ol>
 *   <li>draw a Gaussian test matrix {@code Ω} (columns × l) from {@code java.util.Random(seed)},
 *       whose output is specified by the JDK, so the same seed gives the same {@code Ω};
 *   <li>{@code Q = orth(X Ω)}, then seven power iterations {@code Q = orth(X orth(Xᵀ Q))}, each
 *       product followed by a QR orthonormalization (the stable form);
 *   <li>{@code Bᵀ = Xᵀ Q} (columns × l), its thin QR {@code Bᵀ = Q_b R_b}, the SVD of the small
 *       {@code R_b = U S Wᵀ}: then {@code B = W S (Q_b U)ᵀ}, so the right singular vectors of
 *       {@code X ≈ Q B} are the columns of {@code Q_b U} with singular values {@code S}.
 * </ol>
 *
 * <p>When {@code l} reaches the smaller side of X (a small training part) the range is found
 * exactly and so are the singular vectors, which then equal scikit-learn's {@code
 * TruncatedSVD(algorithm='arpack')} up to sign. Signs are fixed as scikit-learn's {@code
 * svd_flip(u_based_decision=False)}: each vector's entry of largest magnitude (the first, on a
 * tie) is positive, so the state does not depend on the sign LAPACK happens to return.
 *
 * <p>The sparse products run here in plain Java; the dense QR and SVD run in ND4J ({@link
 * SvdNd4j}, the only class that names ND4J). The same data and seed give the same state on one
 * machine; another CPU or BLAS build may round the last bits differently.
 */
final class Svd {
  /** Extra columns of the test matrix beyond k (scikit-learn's {@code n_oversamples=10}). */
  static final int OVERSAMPLES = 10;

  /** Power iterations (scikit-learn's {@code n_iter='auto'} for a small k). */
  static final int POWER_ITERATIONS = 7;

  /** The ND4J class whose presence says the optional dependency is on the class path. */
  private static final String ND4J_PROBE = "org.nd4j.linalg.factory.Nd4j";

  private Svd() {}

  /**
   * The result: the top singular vectors and values in decreasing order.
   *
   * @param components k rows, each a unit vector over the columns of X
   * @param singularValues the k singular values
   */
  record Result(double[][] components, double[] singularValues) {}

  /**
   * The top {@code k} right singular vectors of the sparse matrix whose row {@code r} has
   * {@code values[r][j]} at column {@code indices[r][j]}.
   *
   * @param step the step, for messages
   */
  static Result truncated(String step, int[][] indices, double[][] values, int columns, int k, long seed) {
    int n = indices.length;
    checkArgument(k >= 1 && k <= Math.min(n, columns), "k is %s; it must be in [1, min(%s, %s)]", k, n, columns);
    requireNd4j(step);
    int l = Math.min(k + OVERSAMPLES, Math.min(n, columns));
    Random random = new Random(seed);
    double[][] omega = new double[columns][l];
    for (double[] row : omega) {
      for (int j = 0; j < l; j++) {
        row[j] = random.nextGaussian();
      }
    }
    try {
      double[][] q = SvdNd4j.qr(times(indices, values, omega, l))[0];
      for (int i = 0; i < POWER_ITERATIONS; i++) {
        double[][] z = SvdNd4j.qr(transposeTimes(indices, values, q, columns, l))[0];
        q = SvdNd4j.qr(times(indices, values, z, l))[0];
      }
      double[][][] qr = SvdNd4j.qr(transposeTimes(indices, values, q, columns, l));
      double[][] qb = qr[0];
      double[][][] svd = SvdNd4j.svd(qr[1]);
      double[][] u = svd[0];
      double[] s = svd[1][0];
      double[][] components = new double[k][columns];
      for (int c = 0; c < columns; c++) {
        double[] qbRow = qb[c];
        for (int j = 0; j < k; j++) {
          double sum = 0;
          for (int m = 0; m < l; m++) {
            sum += qbRow[m] * u[m][j];
          }
          components[j][c] = sum;
        }
      }
      flipSigns(components);
      double[] singular = new double[k];
      System.arraycopy(s, 0, singular, 0, k);
      return new Result(components, singular);
    } catch (LinkageError e) {
      throw new IllegalStateException(step + " found ND4J on the class path, but its native backend could not be"
          + " loaded (" + e + "). Use the ND4J backend for this machine's platform, e.g."
          + " org.nd4j:nd4j-native:1.0.0-M2.1 with classifier linux-x86_64.", e);
    }
  }

  /** Fails with a message that says how to add ND4J when it is not on the class path. */
  static void requireNd4j(String step) {
    try {
      Class.forName(ND4J_PROBE, false, Svd.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(step + " computes its topics with ND4J when it is fitted, but ND4J is not on"
          + " the class path. Add the dependency org.nd4j:nd4j-native:1.0.0-M2.1 (it brings the native backend of"
          + " the platform it is resolved on; avoid nd4j-native-platform, which brings every platform's). Scoring a"
          + " fitted bundle does not need ND4J.", e);
    }
  }

  /** Makes each row's entry of largest magnitude (the first, on a tie) positive. */
  static void flipSigns(double[][] rows) {
    for (double[] row : rows) {
      int at = 0;
      for (int c = 1; c < row.length; c++) {
        if (Math.abs(row[c]) > Math.abs(row[at])) {
          at = c;
        }
      }
      if (row[at] < 0) {
        for (int c = 0; c < row.length; c++) {
          row[c] = -row[c];
        }
      }
    }
  }

  /** {@code X M} for the sparse X (rows × columns) and a dense M (columns × width). */
  static double[][] times(int[][] indices, double[][] values, double[][] m, int width) {
    double[][] out = new double[indices.length][width];
    for (int r = 0; r < indices.length; r++) {
      double[] o = out[r];
      for (int j = 0; j < indices[r].length; j++) {
        double x = values[r][j];
        double[] mRow = m[indices[r][j]];
        for (int c = 0; c < width; c++) {
          o[c] += x * mRow[c];
        }
      }
    }
    return out;
  }

  /** {@code Xᵀ M} for the sparse X (rows × columns) and a dense M (rows × width). */
  static double[][] transposeTimes(int[][] indices, double[][] values, double[][] m, int columns, int width) {
    double[][] out = new double[columns][width];
    for (int r = 0; r < indices.length; r++) {
      double[] mRow = m[r];
      for (int j = 0; j < indices[r].length; j++) {
        double x = values[r][j];
        double[] o = out[indices[r][j]];
        for (int c = 0; c < width; c++) {
          o[c] += x * mRow[c];
        }
      }
    }
    return out;
  }
}
