package org.mlengine.serving;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Which requests a {@link PredictionLog} keeps: those whose id's {@linkplain Buckets#logging hash
 * bucket} is below its fixed share divided by the stride its {@link RateSample} measures, so that
 * a request is kept under every model that answered it or under none. Counts those of the fixed
 * share the rate left out. The request threads ask {@link #keeps}; the writer's thread {@link
 * #resample}s.
 *
 * <pre>{@code
 * LogSample sample = new LogSample(0.25, 20_000, () -> written + dropped + lost, clock.now());
 * if (sample.keeps(requestId)) { queue it }
 * sample.resample(clock.tick());   // the writer, every turn
 * }</pre>
 */
final class LogSample {
  private final double share;
  /** Records of the fixed share left out past the rate. */
  private final LongAdder sampledOut = new LongAdder();
  /** The rate records come in at, and how sparsely to sample them; the writer's thread only. */
  private final RateSample rate;
  /**
   * The requests whose bucket is below this are kept: the share divided by the rate's stride.
   * Written by the writer only when it changes, so the request threads read it from their own cache.
   */
  private volatile double keepBelow;

  /** {@code handled} counts the records the log wrote, dropped or lost: with those sampled out, every one that arrived. */
  LogSample(double share, long sampleAbove, LongSupplier handled, long nowMillis) {
    this.share = share;
    this.keepBelow = share;
    this.rate = new RateSample(sampleAbove, () -> handled.getAsLong() + sampledOut.sum(), nowMillis);
  }

  /** Whether the log keeps the request's records; counts it sampled out when the rate leaves it. */
  boolean keeps(String requestId) {
    double keep = keepBelow;
    if (keep >= 1) {
      return true;
    }
    double bucket = Buckets.logging(requestId);
    if (bucket < keep) {
      return true;
    }
    if (bucket < share) {
      sampledOut.increment();   // in the fixed share, left out by the rate
    }
    return false;
  }

  /** Every {@value RateSample#PERIOD_MILLIS} ms: the share of request ids to keep, from the rate they came in at. */
  void resample(long nowMillis) {
    double keep = share / rate.stride(nowMillis);
    if (keep != keepBelow) {
      keepBelow = keep;
    }
  }

  /** The log closed: no rate is measured any more, so a later request is dropped, not sampled out. */
  void stop() {
    keepBelow = share;
  }

  long sampledOut() {
    return sampledOut.sum();
  }
}
