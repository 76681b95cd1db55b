package org.mlengine.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

/** Timing and allocation helpers of the benchmark runner: medians and percentiles, never means. */
final class Measure {
  private Measure() {}

  /** Per-call latencies in nanoseconds, sorted, after {@code warmup} untimed calls. */
  static long[] latencies(Runnable call, int warmup, int timed) {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    long[] out = new long[timed];
    for (int i = 0; i < timed; i++) {
      long start = System.nanoTime();
      call.run();
      out[i] = System.nanoTime() - start;
    }
    Arrays.sort(out);
    return out;
  }

  /** The p-th percentile (0..100) of sorted values, nearest rank. */
  static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** The median of {@code runs} timings in nanoseconds of a task, after {@code warmup} runs. */
  static double medianNanos(LongSupplier timedRun, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      timedRun.getAsLong();
    }
    long[] t = new long[runs];
    for (int i = 0; i < runs; i++) {
      t[i] = timedRun.getAsLong();
    }
    Arrays.sort(t);
    return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2.0;
  }

  /** Nanoseconds one run of a task takes. */
  static long time(Runnable task) {
    long start = System.nanoTime();
    task.run();
    return System.nanoTime() - start;
  }

  /** Bytes the current thread allocates per call, over {@code calls} calls after a warm-up. */
  static double allocatedBytesPerCall(Runnable call, int calls) {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < calls; i++) {
      call.run();
    }
    return (threads.getThreadAllocatedBytes(id) - before) / (double) calls;
  }
}
