package org.mlengine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.mlengine.core.internal.DaemonThreads;

/** Runs independent tasks on a few threads; each task writes only its own results, so the outcome does not depend on the threads. */
final class Parallel {
  private Parallel() {}

  /** Runs {@code task} for {@code 0 <= i < n} on up to {@code threads} threads and waits for all of them. */
  static void forEach(int n, int threads, IntConsumer task) {
    int workers = Math.min(n, threads);
    if (workers <= 1) {
      for (int i = 0; i < n; i++) {
        task.accept(i);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers, DaemonThreads.named("mlengine-trees"));
    try {
      run(pool, n, task, "training was interrupted while its trees were being built; no model was made.",
          "a tree failed in a worker thread");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs {@code task} for {@code 0 <= i < n} on {@code pool} and waits for all of them; a task's
   * runtime exception or error is rethrown as it is, anything else it threw is wrapped as
   * "{@code failed}: cause; no model was made.".
   */
  static void run(ExecutorService pool, int n, IntConsumer task, String interrupted, String failed) {
    List<Future<?>> done = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = i;
      done.add(pool.submit(() -> task.accept(at)));
    }
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(failed + ": " + cause + "; no model was made.", cause);
    }
  }
}
