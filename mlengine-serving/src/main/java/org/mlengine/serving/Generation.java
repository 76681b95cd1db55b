package org.mlengine.serving;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One model in one slot of a {@link Deployment}, from the moment it is deployed until it is
 * replaced: the predictor (and the caller's, when the one that answers reads what the model it
 * replaced read), the answer it gives, and how many requests are using it now. A swap
 * {@linkplain #retire() retires} it; the predictor is closed once the last request using it
 * {@linkplain #release() releases} it, exactly once.
 *
 * <p>A request calls {@link #acquire()} after reading the route that holds this generation. The
 * increment comes before the retired check, and a swap publishes the new route before it sets
 * retired and reads the count; so either the request sees retired (and reads the new route) or
 * the swap sees the request's count (and leaves closing to the request's release).
 */
final class Generation {
  private final Predictor predictor;
  private final Predictor given;
  private final Answer answer;
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean retired;

  Generation(Predictor predictor, Answer answer) {
    this(predictor, predictor, answer);
  }

  /**
   * {@code served} answers the requests: {@code given}, the caller's predictor, or a predictor of
   * it reading what the model it replaced read; both are closed once drained.
   */
  Generation(Predictor given, Predictor served, Answer answer) {
    this.predictor = served;
    this.given = given;
    this.answer = answer;
  }

  /** The predictor that answers. */
  Predictor predictor() {
    return predictor;
  }

  /** The caller's predictor: the one a deployment compares with others it is given, since the caller may give it again. */
  Predictor given() {
    return given;
  }

  /** Who answers through this generation: the model or arm and its name in the deployment. */
  Answer answer() {
    return answer;
  }

  String bundleId() {
    return predictor.bundle().id();
  }

  /** Takes a reference for one request; false when this generation was retired (read the route again). */
  boolean acquire() {
    inFlight.incrementAndGet();
    if (retired) {
      release();
      return false;
    }
    return true;
  }

  /** Gives a reference back; the last one out of a retired generation closes its predictor. */
  void release() {
    if (inFlight.decrementAndGet() == 0 && retired) {
      closeOnce();
    }
  }

  /** No new requests from now on; closes the predictor now if nothing uses it, else when the last request leaves. */
  void retire() {
    retired = true;
    if (inFlight.get() == 0) {
      closeOnce();
    }
  }

  /** Whether the predictor was closed (retired and drained). */
  boolean isClosed() {
    return closed.get();
  }

  private void closeOnce() {
    if (closed.compareAndSet(false, true)) {
      predictor.close();
      given.close();
    }
  }
}
