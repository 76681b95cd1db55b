package org.mlengine.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of {@link ClientLimits}' token bucket and reputation, over random rates, bursts, arrivals and threads. */
class ClientLimitsProperties {

  /** A clock the threads move forward; each read inside {@code admit} is remembered per thread, to know when it decided. */
  static final class Clock {
    final AtomicLong now = new AtomicLong(1L << 40);
    final ThreadLocal<Long> lastRead = new ThreadLocal<>();

    long read() {
      long t = now.get();
      lastRead.set(t);
      return t;
    }
  }

  @Property(tries = 100)
  void bucket_neverServesMoreThanBurstPlusRateTimesT_acrossThreads(@ForAll @IntRange(min = 1, max = 50) int requests,
      @ForAll @IntRange(min = 1, max = 1000) int perMillis, @ForAll @IntRange(min = 1, max = 20) int burst,
      @ForAll @IntRange(min = 0, max = 500) int maxDelayMillis, @ForAll @IntRange(min = 1, max = 3) int threads,
      @ForAll long seed) throws InterruptedException {
    Clock clock = new Clock();
    ClientLimits limits = ClientLimits.builder().rate(requests, Duration.ofMillis(perMillis)).burst(burst)
        .maxDelay(Duration.ofMillis(maxDelayMillis)).ticker(clock::read).build();
    long interval = Duration.ofMillis(perMillis).toNanos() / requests;
    List<Long> served = Collections.synchronizedList(new ArrayList<>());
    List<Thread> workers = new ArrayList<>();
    List<String> tooLong = Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < threads; w++) {
      Random random = new Random(seed + w);
      workers.add(new Thread(() -> {
        for (int i = 0; i < 300; i++) {
          clock.now.addAndGet((long) (random.nextDouble() * random.nextDouble() * 2 * interval));
          Admission a = limits.admit("client");
          if (a.admitted()) {
            served.add(clock.lastRead.get() + a.delay().toNanos());
            if (a.delay().toNanos() > Duration.ofMillis(maxDelayMillis).toNanos()) {
              tooLong.add(a.toString());
            }
          }
        }
      }));
    }
    workers.forEach(Thread::start);
    for (Thread t : workers) {
      t.join();
    }
    assertEquals(List.of(), tooLong, "delays beyond maxDelay");
    List<Long> times = new ArrayList<>(served);
    Collections.sort(times);
    // For every pair i <= j of the sorted times: j - i + 1 <= burst + rate * (t_j - t_i), that is
    // f(j) - f(i) + 1 <= burst with f(k) = k - rate * t_k; one pass keeps the smallest f(i) so far.
    double rate = requests / (double) Duration.ofMillis(perMillis).toNanos();
    double smallest = Double.POSITIVE_INFINITY;
    for (int j = 0; j < times.size(); j++) {
      double f = j - rate * (times.get(j) - times.get(0));
      smallest = Math.min(smallest, f);
      assertTrue(f - smallest + 1 <= burst + 1e-6, "more than burst + rate * t requests served in a span ending at request " + j
          + " of " + times.size());
    }
  }

  @Property(tries = 100)
  void bucket_clientWithinItsRate_isNeverDelayed(@ForAll @IntRange(min = 1, max = 50) int requests,
      @ForAll @IntRange(min = 1, max = 1000) int perMillis, @ForAll @IntRange(min = 1, max = 20) int burst,
      @ForAll long seed) {
    AtomicLong clock = new AtomicLong();
    ClientLimits limits = ClientLimits.builder().rate(requests, Duration.ofMillis(perMillis)).burst(burst)
        .maxDelay(Duration.ZERO).ticker(clock::get).build();
    long interval = -Math.floorDiv(-Duration.ofMillis(perMillis).toNanos(), requests);
    Random random = new Random(seed);
    for (int i = 0; i < 200; i++) {
      assertEquals(Admission.ADMITTED, limits.admit("steady"));
      clock.addAndGet(interval + random.nextInt(1000));
    }
  }

  @Property(tries = 100)
  void reputation_scoreStaysBetween0And1_andRecoversWhileTheClientIsQuiet(@ForAll @IntRange(min = 0, max = 300) int burstOfRequests,
      @ForAll @LongRange(min = 1, max = 10_000_000_000_000L) long quietNanos) {
    AtomicLong clock = new AtomicLong();
    ClientLimits limits = ClientLimits.builder().rate(5, Duration.ofSeconds(1)).burst(2).ticker(clock::get).build();
    for (int i = 0; i < burstOfRequests; i++) {
      limits.admit("noisy");
    }
    Reputation before = limits.reputation("noisy");
    assertTrue(before.score() > 0 && before.score() <= 1, before::toString);
    assertEquals(burstOfRequests, before.requests());
    assertEquals(burstOfRequests, Math.min(burstOfRequests, 2) + before.delayed() + before.refused());
    clock.addAndGet(quietNanos);
    Reputation after = limits.reputation("noisy");
    assertTrue(after.score() >= before.score(), before + " then " + after);
    assertFalse(after.score() > 1);
  }
}
