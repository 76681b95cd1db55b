package org.mlengine.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.mlengine.runtime.Table;

/**
 * A deployment's observers: an array replaced whole when one is added or removed (read once per
 * request, never locked on the request's path), and the count of their failures, which never
 * reach the caller.
 *
 * <p>A clock read costs 25-80 ns on a virtual machine (RESULTS.md), a fifth of a predict or more,
 * and timing a request takes two. So a request is timed only when an observer needs its latency:
 * every request when some observer takes a {@link Served} (whose latency is always measured), and
 * one request in {@value #TIMED_EVERY} when all are {@link Direct} (the monitor's latency
 * percentiles are read from that sample; the log writes the latency of those records). The
 * others are told latency {@value #NOT_TIMED} and no clock is read for them on the request's
 * thread.
 */
final class Observers {
  private static final ServingObserver[] NONE = new ServingObserver[0];
  /** With only direct observers, one request in this many is timed (a power of two). */
  static final int TIMED_EVERY = 128;
  /** The latency a request that was not timed is told. */
  static final long NOT_TIMED = -1;
  /** A start that says the request is not timed. */
  private static final long UNTIMED = Long.MIN_VALUE;

  /**
   * An observer of this package (the monitor, the prediction log) told a request's facts as they
   * are, so that no {@link Served} is made for it on the request's thread; {@code latencyNanos} is
   * {@value Observers#NOT_TIMED} for a request that was not timed, and the observer stamps the
   * time itself, from a clock its own thread keeps. The others get a {@link Served}, made once
   * per request. A class (not an interface) so that the method stays package-private on the
   * public observers.
   */
  abstract static class Direct implements ServingObserver {
    abstract void told(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
        RuntimeException failure, long latencyNanos);
  }

  private volatile ServingObserver[] all = NONE;
  /** Which requests are timed: 0 every one, else those whose number has these bits clear. */
  private volatile long timingMask;
  private final LongAdder failures = new LongAdder();

  /** The observers now: a request reads them once and tells those. */
  ServingObserver[] now() {
    return all;
  }

  /**
   * The start of a request that {@link #now()} found observed: a {@code System.nanoTime()} if it
   * is timed, else a mark that it is not. {@code sequence} is the request's number when the
   * deployment made its id (the first of a run is timed), 0 for a caller's id (then a random
   * draw decides).
   */
  long start(long sequence) {
    // Read after the array, so at least as new: an add that needs every request timed writes the mask first. (A
    // request racing the removal of the last observer that takes a Served may tell it an untimed request, -1.)
    long mask = timingMask;
    if (mask != 0 && ((sequence != 0 ? sequence - 1 : ThreadLocalRandom.current().nextLong()) & mask) != 0) {
      return UNTIMED;
    }
    return System.nanoTime();
  }

  synchronized void add(ServingObserver observer) {
    Objects.requireNonNull(observer, "the observer is null; pass the monitor, log or watch that should see each request");
    ServingObserver[] next = Arrays.copyOf(all, all.length + 1);
    next[next.length - 1] = observer;
    long mask = timingMask(next);
    if (mask < timingMask) {
      timingMask = mask;   // before the array: a request that sees the new observer times as it needs
    }
    all = next;
    timingMask = mask;
  }

  /** Every request timed when an observer takes a {@link Served}; else one in {@value #TIMED_EVERY}. */
  private static long timingMask(ServingObserver[] observers) {
    for (ServingObserver o : observers) {
      if (!(o instanceof Direct)) {
        return 0;
      }
    }
    return TIMED_EVERY - 1;
  }

  synchronized boolean remove(ServingObserver observer) {
    ServingObserver[] now = all;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == observer) {
        ServingObserver[] next = new ServingObserver[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        all = next;
        timingMask = timingMask(next);   // after the array: a request that sees the old one still times as it needed
        return true;
      }
    }
    return false;
  }

  long failures() {
    return failures.sum();
  }

  /** Tells {@code watching} of one request, timed from {@code start} (a {@code System.nanoTime()}, or {@link #start}'s untimed mark). */
  void tell(ServingObserver[] watching, String requestId, String key, String model, boolean shadow, Object input,
      Prediction p, RuntimeException failure, long start) {
    if (watching.length == 0) {
      return;
    }
    long latency = start == UNTIMED ? NOT_TIMED : System.nanoTime() - start;
    Served made = null;
    for (ServingObserver o : watching) {
      try {
        if (o instanceof Direct direct) {
          direct.told(requestId, key, model, shadow, input, p, failure, latency);
        } else {
          if (made == null) {
            made = new Served(requestId, key, model, shadow, input, p, failure, latency, System.currentTimeMillis());
          }
          o.served(made);
        }
      } catch (RuntimeException e) {
        failures.increment();
      }
    }
  }

  /** Tells {@code watching} of each row of a batch, which share the batch's time evenly. */
  void tellRows(ServingObserver[] watching, String model, Table table, List<Prediction> out, long start) {
    int rows = out.size();
    long each = rows == 0 ? 0 : (System.nanoTime() - start) / rows;
    long now = System.currentTimeMillis();
    for (int i = 0; i < rows; i++) {
      Prediction p = out.get(i);
      tell(watching, new Served(p.requestId().orElseThrow(), null, model, false, table.row(i), p, null, each, now));
    }
  }

  private void tell(ServingObserver[] watching, Served served) {
    for (ServingObserver o : watching) {
      try {
        o.served(served);
      } catch (RuntimeException e) {
        failures.increment();
      }
    }
  }
}
