package org.mlengine.serving.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;

/**
 * The streams a store keeps for a set of event sources, grouped by source in the order the
 * sources were given, with the in-memory history's checks: a retention that would drop events a
 * step reads is refused, an event is read for every stream of its source before any is recorded,
 * and a table with a refused row records none.
 *
 * <pre>{@code
 * Streams streams = new Streams(retention, predictor.eventSources());
 * List<Stream.Entry> entries = streams.read("calls", event);
 * }</pre>
 */
final class Streams {
  final Retention retention;
  final List<Stream> all;
  private final Map<String, List<Stream>> bySource = new LinkedHashMap<>();

  Streams(Retention retention, Collection<EventSource> sources) {
    this.retention = Objects.requireNonNull(retention, "retention");
    List<String> problems = new ArrayList<>();
    Map<List<Object>, List<EventSource>> byStream = new LinkedHashMap<>();
    for (EventSource s : sources) {
      retention.shortfall(s).ifPresent(problems::add);
      byStream.computeIfAbsent(List.of(s.name(), s.key(), s.time()), k -> new ArrayList<>()).add(s);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("this retention would drop events the steps read, so served values would differ from"
          + " trained ones:\n- " + String.join("\n- ", problems) + "\nKeep events longer (Retention.of(...)) or use Retention.unbounded()");
    }
    List<Stream> streams = new ArrayList<>();
    for (List<EventSource> readers : byStream.values()) {
      Stream stream = Stream.of(readers, streams.size());
      streams.add(stream);
      bySource.computeIfAbsent(stream.name, n -> new ArrayList<>()).add(stream);
    }
    this.all = List.copyOf(streams);
  }

  /** The source's streams, or the in-memory history's error for a source no step reads. */
  List<Stream> of(String source) {
    List<Stream> streams = bySource.get(source);
    if (streams == null) {
      throw new IllegalArgumentException("no step reads events of source '" + source + "'; the sources are " + bySource.keySet());
    }
    return streams;
  }

  /** The event as each of its source's streams keeps it; nothing when one refuses it. */
  List<Stream.Entry> read(String source, org.mlengine.runtime.Row event) {
    Objects.requireNonNull(event, "event");
    List<Stream> streams = of(source);
    List<Stream.Entry> out = new ArrayList<>(streams.size());
    for (Stream s : streams) {
      out.add(s.read(event));
    }
    return out;
  }

  /** Every row's entries, row by row; a refused row is named and nothing is returned. */
  List<Stream.Entry> readAll(String source, Table events) {
    List<Stream> streams = of(source);
    List<Stream.Entry> out = new ArrayList<>(events.rowCount() * streams.size());
    for (int r = 0; r < events.rowCount(); r++) {
      for (Stream s : streams) {
        try {
          out.add(s.read(events.row(r)));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(e.column(), "row " + r + " of the events: " + e.getMessage() + "; no row was recorded");
        }
      }
    }
    return out;
  }

  /** The stream a query reads, or the in-memory history's error naming what is kept. */
  Stream find(EventQuery query) {
    for (Stream s : bySource.getOrDefault(query.source(), List.of())) {
      if (s.answers(query)) {
        return s;
      }
    }
    throw new IllegalArgumentException("this history keeps no source '" + query.source() + "'"
        + query.keyColumn().map(k -> " by " + k).orElse("") + " ordered by " + query.timeColumn() + "; it keeps "
        + all.stream().map(Stream::describe).toList()
        + ". Make it with predictor.newHistory(...) so it keeps what the bundle's steps read.");
  }
}
