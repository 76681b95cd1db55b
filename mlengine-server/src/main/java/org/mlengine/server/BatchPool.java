package org.mlengine.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A few helper threads that share a large batch's pieces with the thread that asks: {@link #run}
 * hands the pieces out one at a time to the asking thread and to whichever helpers are free, so
 * a batch uses every core of a quiet machine and, on a busy one (the helpers taken by another
 * batch), runs on its own thread as before. One helper fewer than the machine has cores, so the
 * asking thread and its helpers never outnumber them; on one core there are none.
 *
 * <pre>{@code
 * try (BatchPool pool = BatchPool.forCores()) {
 *   pool.run(8, piece -> encode(piece));   // returns when all eight are done
 * }
 * }</pre>
 *
 * <p>Thread-safe; closing it stops the helpers (a batch still running finishes on its own thread).
 */
final class BatchPool implements AutoCloseable {
  /** No helpers: every piece runs on the asking thread, in order. */
  static final BatchPool SEQUENTIAL = new BatchPool(0);

  private final int helpers;
  private final ThreadPoolExecutor executor;

  BatchPool(int helpers) {
    if (helpers < 0) {
      throw new IllegalArgumentException("the helper count is " + helpers + "; expected 0 or more (0 runs every piece on the"
          + " asking thread).");
    }
    this.helpers = helpers;
    if (helpers == 0) {
      executor = null;
      return;
    }
    AtomicInteger named = new AtomicInteger();
    // A short queue: a helper's task is a claim on a batch's pieces, worthless once the asking
    // thread has taken them all, so there is no point queueing many.
    executor = new ThreadPoolExecutor(helpers, helpers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(helpers * 2), r -> {
      Thread t = new Thread(r, "mlengine-batch-" + named.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /** A pool with one helper fewer than the processors the JVM may use. */
  static BatchPool forCores() {
    return new BatchPool(Runtime.getRuntime().availableProcessors() - 1);
  }

  /** How many threads can work on one batch at most: the asking one and the helpers. */
  int parallelism() {
    return helpers + 1;
  }

  /**
   * Runs {@code piece.accept(i)} for every {@code i} from 0 to {@code count - 1}, on this thread
   * and on free helpers, and returns when every piece is done. When a piece throws, the pieces not
   * started yet are skipped and, once those started have ended, the first failure is thrown here.
   */
  void run(int count, IntConsumer piece) {
    if (executor == null || count <= 1) {
      for (int i = 0; i < count; i++) {
        piece.accept(i);
      }
      return;
    }
    Job job = new Job(count, piece);
    for (int h = 0; h < Math.min(helpers, count - 1); h++) {
      try {
        executor.execute(job::work);
      } catch (RejectedExecutionException busy) {
        break;   // the helpers are busy or closed: this thread does the rest
      }
    }
    job.work();
    job.await();
    job.piece = null;   // a helper's task may wait in the queue after the batch: it must not keep the batch's data alive
    if (job.failure != null) {
      if (job.failure instanceof RuntimeException e) {
        throw e;
      }
      if (job.failure instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(job.failure);
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdown();
    }
  }

  /** One batch's pieces: handed out by number, each counted down when done (or skipped after a failure). */
  private static final class Job {
    final int count;
    /** The work, until every piece is done; a helper reads it only for a piece it claimed before then. */
    volatile IntConsumer piece;
    final AtomicInteger next = new AtomicInteger();
    final CountDownLatch done;
    volatile Throwable failure;

    Job(int count, IntConsumer piece) {
      this.count = count;
      this.piece = piece;
      this.done = new CountDownLatch(count);
    }

    void work() {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        try {
          IntConsumer work = piece;
          if (failure == null && work != null) {
            work.accept(i);
          }
        } catch (Throwable t) {   // handed to the asking thread, which throws it
          synchronized (this) {
            if (failure == null) {
              failure = t;
            }
          }
        } finally {
          done.countDown();
        }
      }
    }

    /** Waits for the pieces the helpers took; an interrupt is kept for later, as they write into the batch's arrays. */
    void await() {
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
