package org.mlengine.runtime;

import org.apiguardian.api.API;
import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of the past an in-memory {@link History} keeps: every event younger than {@code
 * maxAge}, measured back from the newest event of the same source and key, and also each key's
 * latest {@code latestPerKey} events whatever their age. A predictor refuses a retention that
 * would drop events its steps read: a 91-day window needs 91 days (plus its gap), a window of the
 * last 14 rows needs the latest 14 events, an expanding window needs everything.
 *
 * <p>The check assumes what serving does: each request comes after the events appended before
 * it (append an event once it happened, after predicting for it). A request earlier than its
 * key's newest event, as when a long past is backfilled at once and earlier snapshots are scored
 * afterwards, may find its window already trimmed; use {@link #unbounded()} for such batches.
 * Events are trimmed when their key receives a new one, so a key that goes quiet keeps its last
 * events.
 *
 * <pre>{@code
 * History daily = predictor.newHistory(Retention.of(Duration.ofDays(91), 14));
 * History everything = predictor.newHistory(Retention.unbounded());
 * }</pre>
 *
 * @param maxAge how long an event is kept after the newest event of its key; empty keeps every
 *     event
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
  @API(status = API.Status.INTERNAL, consumers = "org.mlengine")
  public Optional<String> shortfall(EventSource source) {
    if (maxAge.isEmpty()) {
      return Optional.empty();
    }
    String name = "source '" + source.name() + "'" + source.key().map(k -> " by " + k).orElse("");
    List<String> missing = new ArrayList<>();
    source.horizon().filter(h -> h.compareTo(maxAge.get()) > 0)
        .ifPresent(h -> missing.add(name + " is read " + h + " back, but the history keeps events for " + maxAge.get()));
    if (source.depth() > latestPerKey) {
      missing.add(name + " is read " + source.depth() + " events deep, but the history keeps the latest " + latestPerKey + " per key");
    }
    if (source.horizon().isEmpty() && source.depth() == 0) {
      missing.add(name + " is read without a limit (an expanding window, or a gap before a window of rows or a lag), but the"
          + " history keeps events for " + maxAge.get());
    }
    return missing.isEmpty() ? Optional.empty() : Optional.of(String.join("\n- ", missing));
  }
}
