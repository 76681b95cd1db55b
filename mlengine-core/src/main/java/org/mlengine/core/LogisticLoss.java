package org.mlengine.core;

import org.mlengine.runtime.internal.FeatureMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * scikit-learn's logistic regression objective over a feature matrix (sparse rows or dense
 * columns): the log loss summed
 * over the rows (each weighted by its sample weight), plus {@code ||W||² / 2C} with the
 * intercepts unpenalised. Two classes take one sigmoid (the weights of the second class; the
 * first class's are 0), as scikit-learn does; more take the multinomial (softmax) form with a
 * weight row per class.
 *
 * <p>The parameters are one flat vector, a block of {@code features + 1} per output: the weights
 * in feature order, then the intercept. The rows are cut into fixed chunks that depend on the
 * row count only; each chunk sums its rows in order into its own buffer, and the chunks are added
 * in chunk order, so the value and gradient are the same bits for any number of threads. Over
 * dense columns the two-class sums run a block of rows a column at a time, which adds the same
 * terms in the same order to every row's score and every gradient entry as the row-by-row sums
 * over sparse rows: the same bits from either form of the same features.
 */
final class LogisticLoss implements Lbfgs.Objective {
  /** The fewest rows a chunk gets, so that small data do not pay for many buffers. */
  static final int MIN_CHUNK_ROWS = 4096;
  /** The most chunks: with one gradient buffer each, this bounds the memory. */
  static final int MAX_CHUNKS = 16;
  /**
   * The fewest rows for which the loss takes {@link #log1p} (Java) instead of {@code Math.log1p}
   * (the same bits, through JNI): a smaller fit ends while the Java routine still runs
   * interpreted or is being recompiled, and measured slower in a fresh JVM's second fit (train
   * phase 2.20x the peer against 1.74x at 10k rows, 1.33x against 1.13x at 100k); at 1M rows the
   * Java routine gave 0.62x against 0.80x (RESULTS, branch trainers).
   */
  static final int JAVA_LOG1P_ROWS = 250_000;
  /** The rows whose scores a dense two-class chunk computes a column at a time. */
  private static final int BLOCK_ROWS = 256;

  private final FeatureMatrix m;
  private final int[] classOf;
  private final double[] rowWeight;
  private final int features;
  private final int outputs;
  private final boolean sigmoid;
  private final boolean javaLog1p;
  private final double inverseC;
  private final int[] chunkStart;
  private final double[][] chunkGradient;
  private final double[] chunkLoss;
  private final double[][] scratch;
  private final ExecutorService pool;
  private final List<Callable<Void>> tasks = new ArrayList<>();
  private double[] at;

  /**
   * @param classes the number of classes (2 or more; 2 fits one sigmoid)
   * @param weights each row's sample weight, or null for all 1
   * @param pool the threads to evaluate chunks on, or null to evaluate them on the caller's
   */
  LogisticLoss(FeatureMatrix m, int[] classOf, int classes, double[] weights, int features, double c, ExecutorService pool) {
    this.m = m;
    this.classOf = classOf;
    this.rowWeight = weights;
    this.features = features;
    this.sigmoid = classes == 2;
    this.outputs = sigmoid ? 1 : classes;
    this.inverseC = 1 / c;
    this.pool = pool;
    this.javaLog1p = m.rows >= JAVA_LOG1P_ROWS;
    int chunks = chunkCount(m.rows);
    this.chunkStart = new int[chunks + 1];
    for (int k = 0; k <= chunks; k++) {
      chunkStart[k] = (int) ((long) m.rows * k / chunks);
    }
    this.chunkGradient = new double[chunks][dimension()];
    this.chunkLoss = new double[chunks];
    this.scratch = new double[chunks][outputs];
    for (int k = 0; k < chunks; k++) {
      int chunk = k;
      tasks.add(() -> {
        chunk(chunk);
        return null;
      });
    }
  }

  /** The chunks for a row count: rows / 4096 rounded up, at least 1 and at most 16. */
  static int chunkCount(int rows) {
    return Math.max(1, Math.min(MAX_CHUNKS, (rows + MIN_CHUNK_ROWS - 1) / MIN_CHUNK_ROWS));
  }

  /** The parameter count: (features + 1) per output. */
  int dimension() {
    return outputs * (features + 1);
  }

  /** The outputs fitted: 1 for two classes (a sigmoid), else one per class. */
  int outputs() {
    return outputs;
  }

  /**
   * Row r's class probabilities under the parameters x, as this objective computes them (two
   * classes: 1 - p and p from the sigmoid).
   */
  double[] probabilities(double[] x, int r) {
    int stride = features + 1;
    double[] z = new double[outputs];
    for (int o = 0; o < outputs; o++) {
      double s = x[o * stride + features];
      for (int k = 0, entries = m.entries(r); k < entries; k++) {
        s += x[o * stride + m.slot(r, k)] * m.value(r, k);
      }
      z[o] = s;
    }
    if (sigmoid) {
      double p = 1 / (1 + Math.exp(-z[0]));
      return new double[] {1 - p, p};
    }
    org.mlengine.runtime.internal.LinearModel.softmax(z);
    return z;
  }

  @Override
  public double evaluate(double[] x, double[] gradient) {
    at = x;
    if (pool == null) {
      for (int k = 0; k < chunkLoss.length; k++) {
        chunk(k);
      }
    } else {
      runOnPool();
    }
    double loss = 0;
    java.util.Arrays.fill(gradient, 0);
    for (int k = 0; k < chunkLoss.length; k++) {
      loss += chunkLoss[k];
      double[] part = chunkGradient[k];
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] += part[i];
      }
    }
    int stride = features + 1;
    double penalty = 0;
    for (int o = 0; o < outputs; o++) {
      for (int f = o * stride, end = f + features; f < end; f++) {
        penalty += x[f] * x[f];
        gradient[f] += inverseC * x[f];
      }
    }
    return loss + 0.5 * inverseC * penalty;
  }

  private void runOnPool() {
    try {
      for (Future<Void> done : pool.invokeAll(tasks)) {
        done.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("logistic_regression was interrupted while training; no model was made.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException r ? r
          : new IllegalStateException("logistic_regression failed in a worker thread: " + e.getCause() + "; no model was made.", e.getCause());
    }
  }

  /** Chunk k's loss and gradient, from the parameters in {@link #at}, into its own buffers. */
  private void chunk(int k) {
    double[] g = chunkGradient[k];
    java.util.Arrays.fill(g, 0);
    int from = chunkStart[k];
    int to = chunkStart[k + 1];
    chunkLoss[k] = !sigmoid ? softmaxRows(from, to, g, scratch[k]) : m.isDense() ? sigmoidColumns(from, to, g) : sigmoidRows(from, to, g);
  }

  /**
   * {@link #sigmoidRows} over dense columns: each block's scores start at the intercept and add
   * the features in slot order, a column at a time; then each row's loss and the intercept's
   * gradient in row order; then each feature's gradient over the block's rows in row order. A row
   * of weight 0 adds nothing, as there: no loss, and a residual of 0, whose products (0 or -0)
   * leave a sum that started at +0 unchanged.
   */
  private double sigmoidColumns(int from, int to, double[] g) {
    double[] x = at;
    double[][] columns = m.columns;
    double[] z = new double[BLOCK_ROWS];
    double[] residual = new double[BLOCK_ROWS];
    double loss = 0;
    for (int first = from; first < to; first += BLOCK_ROWS) {
      int n = Math.min(BLOCK_ROWS, to - first);
      scores(x, columns, first, n, z);
      for (int i = 0; i < n; i++) {
        int r = first + i;
        double w = rowWeight == null ? 1 : rowWeight[r];
        if (w == 0) {
          residual[i] = 0;
          continue;
        }
        double y = classOf[r] == 1 ? 1 : 0;
        double t = Math.exp(-Math.abs(z[i]));
        loss += w * (Math.max(z[i], 0) + log1pOf(t) - y * z[i]);
        double p = z[i] >= 0 ? 1 / (1 + t) : t / (1 + t);
        residual[i] = w * (p - y);
        g[features] += residual[i];
      }
      addGradient(residual, columns, first, n, g);
    }
    return loss;
  }

  /** The block's scores: z[i] = intercept + x[0] column 0 + x[1] column 1 + ..., a column at a time. */
  private void scores(double[] x, double[][] columns, int first, int n, double[] z) {
    java.util.Arrays.fill(z, 0, n, x[features]);
    for (int j = 0; j < features; j++) {
      double weight = x[j];
      double[] column = columns[j];
      if (column != null) {
        for (int i = 0; i < n; i++) {
          z[i] += weight * column[first + i];
        }
      } else {
        byte[] flags = m.indicators[j];
        for (int i = 0; i < n; i++) {
          z[i] += weight * flags[first + i];
        }
      }
    }
  }

  /** Adds each feature's gradient over the block's rows, in row order. */
  private void addGradient(double[] residual, double[][] columns, int first, int n, double[] g) {
    for (int j = 0; j < features; j++) {
      double[] column = columns[j];
      double sum = g[j];
      if (column != null) {
        for (int i = 0; i < n; i++) {
          sum += residual[i] * column[first + i];
        }
      } else {
        byte[] flags = m.indicators[j];
        for (int i = 0; i < n; i++) {
          sum += residual[i] * flags[first + i];
        }
      }
      g[j] = sum;
    }
  }

  private double sigmoidRows(int from, int to, double[] g) {
    double[] x = at;
    int[] index = m.index;
    double[] value = m.value;
    double loss = 0;
    for (int r = from; r < to; r++) {
      double w = rowWeight == null ? 1 : rowWeight[r];
      if (w == 0) {
        continue;
      }
      int start = m.rowStart[r];
      int end = m.rowStart[r + 1];
      double z = x[features];
      for (int j = start; j < end; j++) {
        z += x[index[j]] * value[j];
      }
      double y = classOf[r] == 1 ? 1 : 0;
      // log(1 + e^z) and the sigmoid from one exponential of -|z|, which cannot overflow.
      double t = Math.exp(-Math.abs(z));
      loss += w * (Math.max(z, 0) + log1pOf(t) - y * z);
      double p = z >= 0 ? 1 / (1 + t) : t / (1 + t);
      double residual = w * (p - y);
      g[features] += residual;
      for (int j = start; j < end; j++) {
        g[index[j]] += residual * value[j];
      }
    }
    return loss;
  }

  private double softmaxRows(int from, int to, double[] g, double[] z) {
    double[] x = at;
    int[] index = m.index;
    double[] value = m.value;
    int stride = features + 1;
    double loss = 0;
    for (int r = from; r < to; r++) {
      double w = rowWeight == null ? 1 : rowWeight[r];
      if (w == 0) {
        continue;
      }
      if (m.isDense()) {
        loss += softmaxDenseRow(r, w, g, z);
        continue;
      }
      int start = m.rowStart[r];
      int end = m.rowStart[r + 1];
      int y = classOf[r];
      double max = Double.NEGATIVE_INFINITY;
      double scoreY = 0;
      for (int o = 0; o < outputs; o++) {
        int base = o * stride;
        double s = x[base + features];
        for (int j = start; j < end; j++) {
          s += x[base + index[j]] * value[j];
        }
        z[o] = s;
        scoreY = o == y ? s : scoreY;
        max = Math.max(max, s);
      }
      double sum = 0;
      for (int o = 0; o < outputs; o++) {
        z[o] = Math.exp(z[o] - max);
        sum += z[o];
      }
      // -log p_y = log(sum of e^score) - score_y, with the max taken out so nothing overflows.
      loss += w * (max + Math.log(sum) - scoreY);
      for (int o = 0; o < outputs; o++) {
        double residual = w * (z[o] / sum - (o == y ? 1 : 0));
        int base = o * stride;
        g[base + features] += residual;
        for (int j = start; j < end; j++) {
          g[base + index[j]] += residual * value[j];
        }
      }
    }
    return loss;
  }

  /** One row's {@link #softmaxRows} over dense columns: the same sums, reading slot j of the row from column j. */
  private double softmaxDenseRow(int r, double w, double[] g, double[] z) {
    double[] x = at;
    int stride = features + 1;
    int y = classOf[r];
    double max = Double.NEGATIVE_INFINITY;
    double scoreY = 0;
    for (int o = 0; o < outputs; o++) {
      int base = o * stride;
      double s = x[base + features];
      for (int j = 0; j < features; j++) {
        s += x[base + j] * m.column(j, r);
      }
      z[o] = s;
      scoreY = o == y ? s : scoreY;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int o = 0; o < outputs; o++) {
      z[o] = Math.exp(z[o] - max);
      sum += z[o];
    }
    double loss = w * (max + Math.log(sum) - scoreY);
    for (int o = 0; o < outputs; o++) {
      double residual = w * (z[o] / sum - (o == y ? 1 : 0));
      int base = o * stride;
      g[base + features] += residual;
      for (int j = 0; j < features; j++) {
        g[base + j] += residual * m.column(j, r);
      }
    }
    return loss;
  }

  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double TWO54 = 1.80143985094819840000e+16;
  private static final double LP1 = 6.666666666666735130e-01;
  private static final double LP2 = 3.999999999940941908e-01;
  private static final double LP3 = 2.857142874366239149e-01;
  private static final double LP4 = 2.222219843214978396e-01;
  private static final double LP5 = 1.818357216161805012e-01;
  private static final double LP6 = 1.531383769920937332e-01;
  private static final double LP7 = 1.479819860511658591e-01;

  /** log(1 + t) by {@link #log1p} or {@code Math.log1p} (the same bits), as {@link #JAVA_LOG1P_ROWS} chooses. */
  private double log1pOf(double t) {
    return javaLog1p ? log1p(t) : Math.log1p(t);
  }

  /**
   * {@code StrictMath.log1p(x)}, the same bits: fdlibm's {@code s_log1p.c} written in Java, as
   * JDK 21 has it. Java 17's {@code StrictMath.log1p} calls the C fdlibm through JNI, with no
   * intrinsic, which took a third of the per-row time of the loss (every row, every evaluation);
   * here the JIT compiles it inline. {@code LogisticEngineProperties} compares the two.
   */
  static double log1p(double x) {
    int hx = high(x);
    int ax = hx & 0x7fffffff;
    int k = 1;
    int hu = 0;
    double f = 0;
    double c = 0;
    if (hx < 0x3fda827a) { // x < 0.41422
      if (ax >= 0x3ff00000) { // x <= -1
        return x == -1.0 ? Double.NEGATIVE_INFINITY : (x - x) / (x - x);
      }
      if (ax < 0x3e200000) { // |x| < 2^-29
        return TWO54 + x > 0 && ax < 0x3c900000 ? x : x - x * x * 0.5;
      }
      if (hx > 0 || hx <= 0xbfd2bec3) { // -0.2929 < x < 0.41422
        k = 0;
        f = x;
        hu = 1;
      }
    }
    if (hx >= 0x7ff00000) {
      return x + x;
    }
    if (k != 0) {
      double u;
      if (hx < 0x43400000) {
        u = 1.0 + x;
        hu = high(u);
        k = (hu >> 20) - 1023;
        c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u; // the rounding of 1 + x
      } else {
        u = x;
        hu = high(u);
        k = (hu >> 20) - 1023;
      }
      hu &= 0x000fffff;
      if (hu < 0x6a09e) {
        u = withHigh(u, hu | 0x3ff00000); // u in [1, sqrt 2)
      } else {
        k += 1;
        u = withHigh(u, hu | 0x3fe00000); // u / 2 in [sqrt 2 / 2, 1)
        hu = (0x00100000 - hu) >> 2;
      }
      f = u - 1.0;
    }
    double hfsq = 0.5 * f * f;
    if (hu == 0) { // |f| < 2^-20
      if (f == 0) {
        return k == 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
      }
      double r = hfsq * (1.0 - 0.66666666666666666 * f);
      return k == 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
    }
    double s = f / (2.0 + f);
    double z = s * s;
    double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
    return k == 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
  }

  private static int high(double x) {
    return (int) (Double.doubleToRawLongBits(x) >> 32);
  }

  private static double withHigh(double x, int high) {
    return Double.longBitsToDouble(((long) high << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
  }
}
