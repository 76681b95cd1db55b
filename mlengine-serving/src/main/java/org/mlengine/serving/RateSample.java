package org.mlengine.serving;

import java.util.function.LongSupplier;

/**
 * How sparsely a consumer (a monitor's thread, a log's writer) samples a deployment's requests
 * so that it takes at most {@code limit} a second: every {@value #PERIOD_MILLIS} ms it measures
 * the rate requests arrived at since the last look and takes one in the smallest power of two
 * that brings that rate under the limit. A period in which no request arrived keeps the sample
 * as it was: traffic that stops and comes back at the same rate (a burst after a pause) is
 * sampled from its first request, instead of filling the consumer's queue for a period first;
 * traffic that comes back slower is measured again within a period. The consumer's thread only.
 *
 * <pre>{@code
 * RateSample rate = new RateSample(50_000, this::arrived, clock.now());
 * int stride = rate.stride(clock.tick());   // 1: take every request; 8: one in 8
 * }</pre>
 */
final class RateSample {
  /** How often the rate is measured, in milliseconds. */
  static final long PERIOD_MILLIS = 100;
  /** The sparsest sample: one request in this many. */
  static final int MAX_STRIDE = 1 << 16;

  private final long limit;
  private final LongSupplier arrived;
  private long atMillis;
  private long arrivedThen;
  private int stride = 1;

  /** {@code arrived} counts every request that reached the consumer's sampling, taken or not. */
  RateSample(long limit, LongSupplier arrived, long nowMillis) {
    this.limit = limit;
    this.arrived = arrived;
    this.atMillis = nowMillis;
  }

  /** One request in how many to take, measured again when {@value #PERIOD_MILLIS} ms have passed since the last time. */
  int stride(long nowMillis) {
    long elapsed = nowMillis - atMillis;
    if (elapsed >= PERIOD_MILLIS) {
      long now = arrived.getAsLong();
      double rate = (now - arrivedThen) * 1000.0 / elapsed;
      atMillis = nowMillis;
      if (now == arrivedThen) {
        return stride;   // silence says nothing about the next requests' rate
      }
      arrivedThen = now;
      int s = 1;
      while (s < MAX_STRIDE && rate / s > limit) {
        s <<= 1;
      }
      stride = s;
    }
    return stride;
  }
}
