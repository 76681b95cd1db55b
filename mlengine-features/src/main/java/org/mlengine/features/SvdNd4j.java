package org.mlengine.features;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dense linear algebra of {@link Svd}, in ND4J: thin QR and the SVD of a small square
 * matrix, in double precision. The only class of mlengine that names an ND4J type; it is used
 * while {@code lsa} is fitted and never loaded when a bundle is read or applied, so ND4J and its
 * native libraries stay off the predictor's path (an ArchUnit rule and {@code
 * TopicBundleIsolationTest} in mlengine-examples hold it to that). Arrays go in and out as
 * {@code double[][]}, row by row.
 */
final class SvdNd4j {
  private SvdNd4j() {}

  /**
   * The thin QR decomposition of {@code a} (m × n with m ≥ n) with LAPACK's {@code geqrf}:
   * {@code {Q, R}} with Q (m × n) having orthonormal columns and R (n × n) upper triangular,
   * {@code a = Q R}. LAPACK's Householder QR keeps Q orthonormal when {@code a} is rank deficient
   * (a training row without terms, repeated rows); ND4J's own {@code Qr} op returns NaN there.
   */
  static double[][][] qr(double[][] a) {
    int n = a[0].length;
    INDArray q = fromRows(a);
    INDArray r = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
    Nd4j.getBlasWrapper().lapack().geqrf(q, r);
    return new double[][][] {toRows(q), toRows(r)};
  }

  /**
   * The SVD of a square matrix {@code a = U diag(s) Vᵀ} with LAPACK's {@code gesvd}:
   * {@code {U, {s}}}, the singular values in decreasing order.
   */
  static double[][][] svd(double[][] a) {
    int n = a.length;
    INDArray input = fromRows(a);
    INDArray s = Nd4j.create(DataType.DOUBLE, n);
    INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
    INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
    Nd4j.getBlasWrapper().lapack().gesvd(input, s, u, vt);
    return new double[][][] {toRows(u), {s.dup().data().asDouble()}};
  }

  /**
   * A double matrix in column-major order, LAPACK's layout, from Java rows. Copying the buffer
   * in one piece is much faster than ND4J's element-by-element {@code createFromArray} and
   * {@code toDoubleMatrix} (2 s for 2 million values).
   */
  private static INDArray fromRows(double[][] rows) {
    int m = rows.length;
    int n = rows[0].length;
    double[] flat = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        flat[j * m + i] = rows[i][j];
      }
    }
    return Nd4j.create(flat, new long[] {m, n}, new long[] {1, m}, 'f', DataType.DOUBLE);
  }

  /** Java rows from a double matrix. */
  private static double[][] toRows(INDArray matrix) {
    INDArray f = matrix.dup('f');
    int m = (int) f.size(0);
    int n = (int) f.size(1);
    double[] flat = f.data().asDouble();
    double[][] rows = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        rows[i][j] = flat[j * m + i];
      }
    }
    return rows;
  }
}
