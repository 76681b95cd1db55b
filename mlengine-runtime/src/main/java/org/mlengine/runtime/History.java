package org.mlengine.runtime;

import org.mlengine.runtime.internal.InMemoryHistory;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The recent past a predictor reads for window and aggregate steps: a single request does not
 * carry its history, so the application appends events as they happen and the steps ask for the
 * events before each request's time. The definitions travel in the bundle, so the served values
 * equal the values the steps computed over the training table.
 *
 * <pre>{@code
 * Predictor predictor = Predictor.load(path);
 * History history = predictor.newHistory(Retention.of(Duration.ofDays(120), 0));
 * Predictor live = predictor.withHistory(history);
 * history.append(History.ROWS, Map.of("Date", Instant.parse("2016-08-27T00:00:00Z"), "ridership", 8.3));
 * live.predict(Map.of("Date", Instant.parse("2016-08-28T00:00:00Z"), ...));
 * }</pre>
 *
 * <p>Implementations are thread-safe. The embedded one ({@link #inMemory}) keeps events per
 * source and key in time order; an application with its own store implements {@link #events}
 * over it, answering for the sources {@code predictor.eventSources()} lists.
 */
public interface History {

  /** The source name of the rows the model itself scores, read by window steps. */
  String ROWS = "rows";

  /**
   * Records one event of a source; the event must carry the source's key, time and value
   * columns (further columns are ignored). Events may arrive out of time order; events with the
   * same time keep the order they were appended in.
   *
   * @throws InvalidInputException when the event lacks a column, has a value of the wrong type,
   *     or lacks its key or time
   * @throws IllegalArgumentException when no step reads the source
   */
  void append(String source, Row event);

  /**
   * Records one event given as a map from column name to value (see {@link #append(String,
   * Row)}); times as {@link java.time.Instant}, {@link java.util.Date}, {@link
   * java.time.OffsetDateTime} or {@link java.time.ZonedDateTime}.
   */
  default void append(String source, Map<String, ?> event) {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    event.forEach((column, value) -> values.put(column, value instanceof java.time.OffsetDateTime o ? o.toInstant()
        : value instanceof java.time.ZonedDateTime z ? z.toInstant() : value));
    append(source, Table.fromRows(List.of(values)).row(0));
  }

  /**
   * Records every row of a table as an event of a source, in row order. The in-memory history
   * checks every row first and records none when one is refused, naming its row.
   */
  default void appendAll(String source, Table events) {
    for (int r = 0; r < events.rowCount(); r++) {
      append(source, events.row(r));
    }
  }

  /**
   * The events a query selects, oldest first (events with the same time in the order they were
   * appended), as a table with the source's key, time and value columns.
   */
  Table events(EventQuery query);

  /**
   * An in-memory history for these sources (usually {@code predictor.eventSources()}), keeping
   * what the retention allows.
   *
   * @throws IllegalArgumentException when the retention would drop events a source is read
   *     with, naming the source and what it needs
   */
  static History inMemory(Retention retention, Collection<EventSource> sources) {
    return new InMemoryHistory(retention, sources);
  }
}
