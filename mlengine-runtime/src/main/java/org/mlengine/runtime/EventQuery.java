package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * What a window or aggregate step asks a {@link History} for: the events of one source (and one
 * entity) whose time lies in {@code [from, until)}, oldest first, of which only the last {@code
 * last} when that is not 0. Times are epoch milliseconds; the upper bound is exclusive so that an
 * event at the query's own instant never counts.
 *
 * <pre>{@code
 * EventQuery q = new EventQuery("calls", Optional.of("Customer"), Optional.of("c-17"), "At",
 *     Long.MIN_VALUE, cutoffMillis, 0);
 * Table events = history.events(q);
 * }</pre>
 *
 * @param source the source name
 * @param keyColumn the column selecting one entity's events, empty for a single series
 * @param key the entity's key value (empty for a single series, or when the key is missing)
 * @param timeColumn the TIMESTAMP column ordering the events
 * @param from the earliest event time included, epoch milliseconds ({@code Long.MIN_VALUE}: no bound)
 * @param until the first event time excluded, epoch milliseconds
 * @param last how many of the latest matching events to return; 0 for all
 */
public record EventQuery(String source, Optional<String> keyColumn, Optional<String> key, String timeColumn, long from,
    long until, int last) {

  /** Checks the bounds. */
  public EventQuery {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(keyColumn, "keyColumn");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(timeColumn, "timeColumn");
    checkArgument(last >= 0, "last is %s; give how many of the latest events to return, or 0 for all", last);
    checkArgument(keyColumn.isPresent() || key.isEmpty(), "a key value %s was given without a key column", key);
  }
}
