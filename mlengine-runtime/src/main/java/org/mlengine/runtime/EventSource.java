package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ArrayList;

/**
 * A stream of past events that a window or aggregate step reads at predict time, and what a
 * {@link History} must keep of it: the source name, the key column that selects one entity's
 * events (none for a single series), the time column, the value columns, and how far back the
 * step looks.
 *
 * <pre>{@code
 * for (EventSource s : predictor.eventSources()) {
 *   System.out.println(s);   // rows by Store, ordered by Date: Sales NUMERIC; 28 days back
 * }
 * }</pre>
 *
 * @param name the source name: {@link History#ROWS} for the rows the model scores, or the name
 *     of a related table such as {@code "calls"}
 * @param key the column whose value selects one entity's events; empty for a single series
 * @param time the TIMESTAMP column that orders the events
 * @param values the columns the step reads from each event, with their types
 * @param horizon how far before the query time the step reads every event (a duration window and
 *     its gap); empty when time does not bound what it reads
 * @param depth how many of each key's latest events the step reads as well (a window of the last
 *     n events, lags); 0 for none. With neither a horizon nor a depth the step may read every
 *     earlier event (an expanding window), and only a history that keeps everything serves it
 */
public record EventSource(String name, Optional<String> key, String time, List<Schema.Field> values, Optional<Duration> horizon,
    int depth) {

  /** Checks the fields and copies the value columns into an immutable list. */
  public EventSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(horizon, "horizon");
    values = List.copyOf(values);
    checkArgument(!name.isBlank(), "an event source needs a name, e.g. \"calls\"");
    checkArgument(depth >= 0, "depth is %s; give the most events per key a step reads, or 0 for no limit", depth);
    horizon.ifPresent(h -> checkArgument(!h.isNegative(), "horizon is %s; it must not be negative", h));
  }

  /** Every column an event of this source must carry: the key (if any), the time and the values. */
  public List<String> columns() {
    List<String> out = new ArrayList<>();
    key.ifPresent(out::add);
    out.add(time);
    values.forEach(f -> {
      if (!f.name().equals(time) && !key.map(f.name()::equals).orElse(false)) {
        out.add(f.name());
      }
    });
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(name);
    key.ifPresent(k -> s.append(" by ").append(k));
    s.append(", ordered by ").append(time).append(':');
    values.forEach(f -> s.append(' ').append(f.name()).append(' ').append(f.type()));
    s.append("; ").append(horizon.map(h -> h + " back").orElse("no time limit"));
    if (depth > 0) {
      s.append(", at most ").append(depth).append(" events per key");
    }
    return s.toString();
  }
}
