package org.mlengine.serving;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * What one model of a canary deployment served since the last check: requests, refusals and
 * latencies, windowed together: a request's refusal and its latency always land in the same
 * window. The request thread's side is wait-free (HdrHistogram's {@link WriterReaderPhaser}
 * around a record, as its {@code Recorder} does for a histogram alone); the watch's thread takes
 * a window and starts the next.
 */
final class CanaryTraffic {
  /** One check's window: requests, the ones refused, and the 99th percentile of the latency in nanoseconds (0 when none). */
  record Window(long requests, long failures, long p99Nanos) {
    double errorRate() {
      return requests == 0 ? 0 : (double) failures / requests;
    }
  }

  /** The counts of one window, written by request threads inside the phaser's critical section. */
  private static final class Interval {
    final Histogram latencies = new ConcurrentHistogram(2);
    final AtomicLong failures = new AtomicLong();

    void reset() {
      latencies.reset();
      failures.set(0);
    }
  }

  private final WriterReaderPhaser phaser = new WriterReaderPhaser();
  private volatile Interval active = new Interval();
  /** The interval the last take read, reused for the next window; the watch's thread alone touches it. */
  private Interval spare = new Interval();

  /** On the request's thread. */
  void record(boolean failed, long latencyNanos) {
    long stamp = phaser.writerCriticalSectionEnter();
    try {
      Interval now = active;
      now.latencies.recordValue(Math.max(0, latencyNanos));
      if (failed) {
        now.failures.incrementAndGet();
      }
    } finally {
      phaser.writerCriticalSectionExit(stamp);
    }
  }

  /** On the watch's thread: the window since the last call, and a new one begun. */
  Window take() {
    Interval done;
    phaser.readerLock();
    try {
      spare.reset();
      done = active;
      active = spare;
      phaser.flipPhase();   // waits until every record that may have seen the old interval has finished
    } finally {
      phaser.readerUnlock();
    }
    spare = done;
    long n = done.latencies.getTotalCount();
    return new Window(n, done.failures.get(), n == 0 ? 0 : done.latencies.getValueAtPercentile(99));
  }
}
