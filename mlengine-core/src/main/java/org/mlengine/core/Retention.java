package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of the past an in-memory {@link History} keeps: events no older than {@code maxAge}
 * before the newest event of their source, and at most {@code maxEventsPerKey} events per
 * entity. A predictor refuses a retention that would drop events its steps read.
 *
 * <pre>{@code
 * History history = predictor.newHistory(Retention.of(Duration.ofDays(120), 0)); // 120 days, any count
 * History everything = predictor.newHistory(Retention.unbounded());
 * }</pre>
 *
 * @param maxAge how long an event is kept after the newest event of its source; empty keeps it
 * @param maxEventsPerKey the most events kept per source and key; 0 for no limit
 */
public record Retention(Optional<Duration> maxAge, int maxEventsPerKey) {

  /** Checks the limits. */
  public Retention {
    Objects.requireNonNull(maxAge, "maxAge");
    maxAge.ifPresent(a -> checkArgument(!a.isNegative() && !a.isZero(), "maxAge is %s; keep events for a positive duration", a));
    checkArgument(maxEventsPerKey >= 0, "maxEventsPerKey is %s; give a positive count, or 0 for no limit", maxEventsPerKey);
  }

  /** Keeps every event. */
  public static Retention unbounded() {
    return new Retention(Optional.empty(), 0);
  }

  /** Keeps events for {@code maxAge} and at most {@code maxEventsPerKey} per key (0: no count limit). */
  public static Retention of(Duration maxAge, int maxEventsPerKey) {
    return new Retention(Optional.of(Objects.requireNonNull(maxAge, "maxAge")), maxEventsPerKey);
  }

  /**
   * Why this retention would drop events a step reads from {@code source}, or empty when it keeps
   * all of them.
   */
  Optional<String> shortfall(EventSource source) {
    if (maxAge.isPresent() && (source.horizon().isEmpty() || source.horizon().get().compareTo(maxAge.get()) > 0)) {
      return Optional.of("source '" + source.name() + "' is read " + source.horizon().map(h -> h + " back").orElse("without a time limit")
          + " but the history keeps events for " + maxAge.get());
    }
    if (maxEventsPerKey > 0 && (source.depth() == 0 || source.depth() > maxEventsPerKey)) {
      return Optional.of("source '" + source.name() + "' is read " + (source.depth() == 0 ? "without a count limit" : source.depth() + " events deep")
          + " but the history keeps " + maxEventsPerKey + " events per key");
    }
    return Optional.empty();
  }
}
