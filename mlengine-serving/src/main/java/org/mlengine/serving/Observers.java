package org.mlengine.serving;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.mlengine.runtime.Table;

/**
 * A deployment's observers: an array replaced whole when one is added or removed (read once per
 * request, never locked on the request's path), and the count of their failures, which never
 * reach the caller.
 */
final class Observers {
  private static final ServingObserver[] NONE = new ServingObserver[0];

  /**
   * An observer of this package (the monitor, the prediction log) told a request's facts as they
   * are, so that no {@link Served} is made for it on the request's thread. {@code endNanos} is the
   * {@code System.nanoTime()} at which the observers are told; the observer turns it into wall
   * time off the request's path. The others get a {@link Served}, made once per request. A class
   * (not an interface) so that the method stays package-private on the public observers.
   */
  abstract static class Direct implements ServingObserver {
    abstract void told(String requestId, String key, String model, boolean shadow, Object input, Prediction prediction,
        RuntimeException failure, long latencyNanos, long endNanos);
  }

  private volatile ServingObserver[] all = NONE;
  private final LongAdder failures = new LongAdder();

  /** The observers now: a request reads them once and tells those. */
  ServingObserver[] now() {
    return all;
  }

  synchronized void add(ServingObserver observer) {
    Objects.requireNonNull(observer, "the observer is null; pass the monitor, log or watch that should see each request");
    ServingObserver[] next = Arrays.copyOf(all, all.length + 1);
    next[next.length - 1] = observer;
    all = next;
  }

  synchronized boolean remove(ServingObserver observer) {
    ServingObserver[] now = all;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == observer) {
        ServingObserver[] next = new ServingObserver[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        all = next;
        return true;
      }
    }
    return false;
  }

  long failures() {
    return failures.sum();
  }

  /** Tells {@code watching} of one request, timed from {@code start} (a {@code System.nanoTime()}). */
  void tell(ServingObserver[] watching, String requestId, String key, String model, boolean shadow, Object input,
      Prediction p, RuntimeException failure, long start) {
    if (watching.length == 0) {
      return;
    }
    long end = System.nanoTime();
    Served made = null;
    for (ServingObserver o : watching) {
      try {
        if (o instanceof Direct direct) {
          direct.told(requestId, key, model, shadow, input, p, failure, end - start, end);
        } else {
          if (made == null) {
            made = new Served(requestId, key, model, shadow, input, p, failure, end - start, System.currentTimeMillis());
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
