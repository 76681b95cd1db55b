package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of the past an in-memory {@link History} keeps: every event younger than {@code
 * maxAge} (measured back from the newest event of its source), and also the latest {@code
 * latestPerKey} events of each entity whatever their age. A predictor refuses a retention that
 * would drop events its steps read: a 91-day window needs 91 days (plus its gap), a window of the
 * last 14 rows needs the latest 14 events, an expanding window needs everything.
 *
 * <pre>{@code
 * History daily = predictor.newHistory(Retention.of(Duration.ofDays(91), 14));
 * History everything = predictor.newHistory(Retention.unbounded());
 * }</pre>
 *
 * @param maxAge how long an event is kept after the newest event of its source; empty keeps
 *     every event
 * @param latestPerKey how many of each key's latest events are kept whatever their age
 */
public record Retention(Optional<Duration> maxAge, int latestPerKey) {

  /** Checks the limits. */
  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    maxAge.ifPresent(a -> checkArgument(!a.isNegative() && !a.isZero(), "maxAge is %s; keep events for a positive duration", a));
    checkArgument(latestPerKey >= 0, "latestPerKey is %s; give how many latest events per key to keep (0 or more)", latestPerKey);
  }

  /** Keeps every event. */
  public static Retention unbounded() {
    return new Retention(Optional.empty(), 0);
  }

  /** Keeps the events younger than {@code maxAge}. */
  public static Retention of(Duration maxAge) {
    return of(maxAge, 0);
  }

  /** Keeps the events younger than {@code maxAge}, and each key's latest {@code latestPerKey} events. */
  public static Retention of(Duration maxAge, int latestPerKey) {
    return new Retention(Optional.of(Objects.requireNonNull(maxAge, "maxAge")), latestPerKey);
  }

  /**
   * Why this retention would drop events a step reads from {@code source}, or empty when it keeps
   * all of them.
   */
  Optional<String> shortfall(EventSource source) {
    if (maxAge.isEmpty()) {
      return Optional.empty();
    }
    String name = "source '" + source.name() + "'" + source.key().map(k -> " by " + k).orElse("");
    if (source.horizon().isPresent()) {
      return source.horizon().get().compareTo(maxAge.get()) <= 0
          ? Optional.empty()
          : Optional.of(name + " is read " + source.horizon().get() + " back, but the history keeps events for " + maxAge.get());
    }
    if (source.depth() > 0) {
      return source.depth() <= latestPerKey
          ? Optional.empty()
          : Optional.of(name + " is read " + source.depth() + " events deep, but the history keeps the latest " + latestPerKey
              + " per key");
    }
    return Optional.of(name + " is read without a limit (an expanding window, or a gap before a window of rows), but the"
        + " history keeps events for " + maxAge.get());
  }
}
