package org.mlengine.serving;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one model of a canary deployment served since the last check: requests, refusals and
 * latencies. The request thread's side is wait-free (two atomic adds and HdrHistogram's {@link
 * Recorder}); the watch's thread takes a window and starts the next.
 */
final class CanaryTraffic {
  /** One check's window: requests, the ones refused, and the 99th percentile of the latency in nanoseconds (0 when none). */
  record Window(long requests, long failures, long p99Nanos) {
    double errorRate() {
      return requests == 0 ? 0 : (double) failures / requests;
    }
  }

  private final AtomicLong failures = new AtomicLong();
  private final Recorder latencies = new Recorder(2);
  private Histogram recycled;

  /** On the request's thread. */
  void record(boolean failed, long latencyNanos) {
    latencies.recordValue(Math.max(0, latencyNanos));
    if (failed) {
      failures.incrementAndGet();
    }
  }

  /** On the watch's thread: the window since the last call, and a new one begun. */
  Window take() {
    recycled = latencies.getIntervalHistogram(recycled);
    long n = recycled.getTotalCount();   // every request records its latency, so the histogram counts them
    long failed = Math.min(n, failures.getAndSet(0));
    return new Window(n, failed, n == 0 ? 0 : recycled.getValueAtPercentile(99));
  }
}
