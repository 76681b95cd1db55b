package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class RateSampleProperties {
  /** The stride is the smallest power of two that brings the measured rate under the limit (or the sparsest sample). */
  @Property
  void stride_isTheSmallestPowerOfTwoUnderTheLimit(@ForAll @LongRange(min = 1, max = 1_000_000) long limit,
      @ForAll @LongRange(min = 0, max = 100_000_000) long arrivedInPeriod,
      @ForAll @LongRange(min = 100, max = 10_000) long elapsedMillis) {
    AtomicLong arrived = new AtomicLong();
    RateSample rate = new RateSample(limit, arrived::get, 1_000);
    arrived.set(arrivedInPeriod);
    int stride = rate.stride(1_000 + elapsedMillis);
    double perSecond = arrivedInPeriod * 1000.0 / elapsedMillis;
    assertEquals(1, Integer.bitCount(stride), "a power of two: " + stride);
    assertTrue(stride == RateSample.MAX_STRIDE || perSecond / stride <= limit, stride + " leaves " + perSecond / stride);
    assertTrue(stride == 1 || perSecond / (stride / 2) > limit, "half of " + stride + " would do");
  }

  /** Within a period the stride stays; the next period measures only what arrived since the last look. */
  @Property
  void stride_isMeasuredOncePerPeriod_fromTheArrivalsSinceTheLastLook(
      @ForAll @LongRange(min = 1, max = 99) long early) {
    AtomicLong arrived = new AtomicLong();
    RateSample rate = new RateSample(1_000, arrived::get, 0);
    arrived.set(800);                        // 8,000 a second over the first 100 ms
    assertEquals(1, rate.stride(early), "not measured before a period has passed");
    assertEquals(8, rate.stride(100));
    arrived.addAndGet(50);                   // 500 a second over the next 100 ms
    assertEquals(8, rate.stride(100 + early), "kept within the period");
    assertEquals(1, rate.stride(200));
  }

  /** A period with no request keeps the sample: a burst after a pause is sampled from its start. */
  @Property
  void stride_afterAPause_isKeptUntilRequestsArriveAgain(@ForAll @LongRange(min = 100, max = 100_000) long pauseMillis) {
    AtomicLong arrived = new AtomicLong();
    RateSample rate = new RateSample(1_000, arrived::get, 0);
    arrived.set(100_000);                    // a million a second
    assertEquals(1024, rate.stride(100));
    assertEquals(1024, rate.stride(100 + pauseMillis), "nothing arrived");
    arrived.addAndGet(10);                   // then a slow trickle: measured again
    assertEquals(1, rate.stride(200 + pauseMillis));
  }
}
