package org.mlengine.core;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;
import org.mlengine.core.internal.DaemonThreads;

/**
 * What XGBoost's rounds need between them: the next round's gradients and hessians, from each
 * row's margins (XGBoost's own, {@link XGBoostMargins}), on the grid of
 * {@link XGBoostTraining#roundToGrid}. The rows are cut into chunks of {@link #CHUNK_ROWS}; what a
 * chunk computes depends on its rows only, and the grid's step on the largest value (which any
 * order finds), so the bits do not depend on the threads.
 */
final class XGBoostRounds implements AutoCloseable {
  /** The rows of one chunk of work. */
  static final int CHUNK_ROWS = 4096;
  /**
   * The fewest chunks that are worth worker threads: below 32k rows a round's gradients take
   * less than handing them to threads and waiting for them (at 8k rows, about 0.1 ms a round).
   */
  private static final int PARALLEL_CHUNKS = 8;

  private final Trainer.TrainingSet data;
  private final XGBoostTraining.Objective objective;
  private final int rows;
  private final int outputs;
  private final double totalWeight;
  private final int chunks;
  private final double[] gradient;
  private final double[] hessian;
  private final float[] gridGradient;
  private final float[] gridHessian;
  private final double[] chunkMaxGradient;
  private final double[] chunkMaxHessian;
  /** The worker threads, or null to run the chunks on the caller's thread. */
  private final ExecutorService pool;

  XGBoostRounds(Trainer.TrainingSet data, XGBoostTraining.Objective objective, int threads) {
    this.data = data;
    this.objective = objective;
    int n = data.features().rows;
    this.rows = n;
    this.outputs = objective.outputs(data);
    this.totalWeight = XGBoostTraining.totalWeight(data.weights(), n);
    this.chunks = Math.max(1, (n + CHUNK_ROWS - 1) / CHUNK_ROWS);
    this.gradient = new double[n * outputs];
    this.hessian = new double[n * outputs];
    this.gridGradient = new float[n * outputs];
    this.gridHessian = new float[n * outputs];
    this.chunkMaxGradient = new double[chunks];
    this.chunkMaxHessian = new double[chunks];
    int workers = chunks < PARALLEL_CHUNKS ? 1 : Math.min(threads, chunks);
    this.pool = workers > 1 ? Executors.newFixedThreadPool(workers, DaemonThreads.named("mlengine-xgboost")) : null;
  }

  /** The margins before the first round: XGBoost's base margin, {@code outputs} per row. */
  float[] baseMargins() {
    float[] base = new float[rows * outputs];
    Arrays.fill(base, objective.baseMargin);
    return base;
  }

  /** Computes the next round's gradients and hessians on the grid from {@code margins} ({@code outputs} per row). */
  void advance(float[] margins) {
    run(chunk -> {
      int from = chunk * CHUNK_ROWS;
      int to = Math.min(rows, from + CHUNK_ROWS);
      objective.gradients(margins, data, from, to, gradient, hessian);
      chunkMaxGradient[chunk] = XGBoostTraining.maxAbs(gradient, from * outputs, to * outputs);
      chunkMaxHessian[chunk] = XGBoostTraining.maxAbs(hessian, from * outputs, to * outputs);
    });
    int gradientExponent = XGBoostTraining.gridExponent(max(chunkMaxGradient), totalWeight);
    int hessianExponent = XGBoostTraining.gridExponent(max(chunkMaxHessian), totalWeight);
    run(chunk -> {
      int from = chunk * CHUNK_ROWS * outputs;
      int to = Math.min(rows, (chunk + 1) * CHUNK_ROWS) * outputs;
      XGBoostTraining.toGrid(gradient, data.weights(), outputs, gradientExponent, gridGradient, from, to);
      XGBoostTraining.toGrid(hessian, data.weights(), outputs, hessianExponent, gridHessian, from, to);
    });
  }

  /** The gradients for the next round, weighted and on the grid ({@code outputs} per row). */
  float[] gradient() {
    return gridGradient;
  }

  /** The hessians for the next round, weighted and on the grid. */
  float[] hessian() {
    return gridHessian;
  }

  private static double max(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }

  private void run(IntConsumer chunkTask) {
    if (pool == null) {
      for (int k = 0; k < chunks; k++) {
        chunkTask.accept(k);
      }
      return;
    }
    Parallel.run(pool, chunks, chunkTask, "xgboost was interrupted between rounds; no model was made.",
        "xgboost's gradients failed in a worker thread");
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
