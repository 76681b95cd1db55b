package org.mlengine.serving;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ClientLimits#admit} decided for one request: serve it now, serve it after a delay,
 * or refuse it with a reason and the time after which a retry can succeed. Immutable.
 *
 * <pre>{@code
 * Admission a = limits.admit(clientId, request);
 * if (a.refused()) {
 *   return tooManyRequests(a.reason().orElseThrow(), a.retryAfter());   // HTTP 429 with Retry-After
 * }
 * a.awaitDelay();                       // sleeps a.delay() on this thread; nothing when admitted at once
 * return deployment.predict(request);
 * }</pre>
 */
public final class Admission {
  /**
   * The three answers.
   *
   * <pre>{@code
   * switch (limits.admit(clientId, request).decision()) {
   *   case ADMITTED, DELAYED -> serve(request);
   *   case REFUSED -> tooManyRequests();
   * }
   * }</pre>
   */
  public enum Decision {
    /** Serve the request now. */
    ADMITTED,
    /** Serve the request once {@link Admission#delay()} has passed. */
    DELAYED,
    /** Do not serve the request; {@link Admission#reason()} says why. */
    REFUSED
  }

  static final Admission ADMITTED = new Admission(Decision.ADMITTED, Duration.ZERO, null, null);

  private final Decision decision;
  private final Duration delay;
  private final String reason;
  private final Duration retryAfter;

  private Admission(Decision decision, Duration delay, String reason, Duration retryAfter) {
    this.decision = decision;
    this.delay = delay;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  static Admission delayed(long delayNanos, String reason) {
    return new Admission(Decision.DELAYED, Duration.ofNanos(delayNanos), reason, null);
  }

  /** Refused; {@code retryAfterNanos} below 0 when a retry cannot succeed until the application changes its mind. */
  static Admission refused(String reason, long retryAfterNanos) {
    return new Admission(Decision.REFUSED, Duration.ZERO, reason, retryAfterNanos < 0 ? null : Duration.ofNanos(retryAfterNanos));
  }

  /** The decision. */
  public Decision decision() {
    return decision;
  }

  /** True unless refused: the request may be served (after {@link #delay()}). */
  public boolean admitted() {
    return decision != Decision.REFUSED;
  }

  /** True when the request may be served only after {@link #delay()}. */
  public boolean delayed() {
    return decision == Decision.DELAYED;
  }

  /** True when the request must not be served. */
  public boolean refused() {
    return decision == Decision.REFUSED;
  }

  /** How long to wait before serving the request; zero unless {@link #delayed()}. */
  public Duration delay() {
    return delay;
  }

  /** Why the request was delayed or refused; empty when admitted at once. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * For a refused request, how long until a retry can be admitted (the {@code Retry-After} to
   * send); empty when admitted, or when the client is blocked by the application.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Sleeps {@link #delay()} on the calling thread (returns at once unless delayed). The library
   * never sleeps on its own; call this on a thread that may wait, or schedule the request
   * {@code delay()} later instead.
   *
   * @throws IllegalStateException when the request was refused: it must not be served at all
   * @throws InterruptedException when the thread is interrupted while it waits
   */
  public void awaitDelay() throws InterruptedException {
    if (refused()) {
      throw new IllegalStateException("the request was refused (" + reason + "), so there is no delay to wait for;"
          + " check refused() first and answer the client with reason() and retryAfter()");
    }
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Admission a && decision == a.decision && delay.equals(a.delay) && Objects.equals(reason, a.reason)
        && Objects.equals(retryAfter, a.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(decision, delay, reason, retryAfter);
  }

  @Override
  public String toString() {
    return switch (decision) {
      case ADMITTED -> "Admission[ADMITTED]";
      case DELAYED -> "Admission[DELAYED " + delay.toMillis() + " ms: " + reason + "]";
      case REFUSED -> "Admission[REFUSED: " + reason + (retryAfter == null ? "" : "; retry after " + retryAfter.toMillis() + " ms") + "]";
    };
  }
}
