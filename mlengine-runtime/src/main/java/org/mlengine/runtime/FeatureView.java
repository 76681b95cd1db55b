package org.mlengine.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mlengine.runtime.internal.steps.AggregateTransform;
import org.mlengine.runtime.internal.steps.ViewEngine;
import org.mlengine.runtime.internal.steps.ViewJson;
import org.mlengine.runtime.internal.steps.WindowTransform;
import org.mlengine.runtime.spi.EventTransform;

/**
 * A named, versioned definition of features computed from one stream of events: the entity key
 * (none for a single series), the event time, the source the events are appended under, the
 * window and aggregate definitions, a gap and a time to live. Several pipelines use one view by
 * name, and the training set, the pipeline's step and the served values come from this one
 * definition, so they agree bit for bit.
 *
 * <pre>{@code
 * FeatureView view = FeatureView.fromJson(Files.readString(Path.of("ridership_history.v1.json")));
 * FeatureValues now = view.valuesAsOf(history, null, Instant.parse("2016-08-28T00:00:00Z"));
 * FeatureView.Join training = view.join(labelled, "date", events);
 * }</pre>
 *
 * <p><b>Point in time.</b> For an entity as of time t, every feature reads only the entity's
 * events with time strictly before {@code t − gap}: never an event at t itself, never a later
 * one. <b>Time to live.</b> When the latest such event is older than {@code t − ttl} (or there
 * is none), every output is missing (NaN, or null for a CATEGORICAL output: count included), and
 * {@link FeatureValues#expired()} / {@link Join#expiredRows()} say so. Without a time to live
 * nothing expires. <b>Identity.</b> The {@link #fingerprint()} is the SHA-256 of the definition
 * without its version: a changed definition has another fingerprint and needs another version.
 * Bundles record the views they were trained with ({@link ModelBundle#featureViews()}).
 *
 * <p><b>JSON, format 1</b> ({@link #toJson()}): {@code {"format": 1, "name", "version",
 * "source", "entity" (absent for none), "time", "gapMillis", "ttlMillis" (absent for none),
 * "features": [{"tag": "window"|"aggregate", "state": {the step's bundle state}}],
 * "fingerprint"}}. A file of a newer format is refused with the version that reads it.
 */
public final class FeatureView {
  /** The JSON format this library writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private final String name;
  private final int version;
  private final String source;
  private final Optional<String> entity;
  private final String time;
  private final long gapMillis;
  private final Optional<Duration> ttl;
  private final List<EventTransform> features;
  private final ViewEngine engine;
  private final String fingerprint;

  private FeatureView(String name, int version, String source, Optional<String> entity, String time, long gapMillis,
      Optional<Duration> ttl, List<EventTransform> features) {
    this.name = name;
    this.version = version;
    this.source = source;
    this.entity = entity;
    this.time = time;
    this.gapMillis = gapMillis;
    this.ttl = ttl;
    this.features = List.copyOf(features);
    this.engine = new ViewEngine(source, entity, time, gapMillis, ttl.map(Duration::toMillis).orElse(-1L), this.features);
    this.fingerprint = ViewJson.fingerprint(this);
  }

  /**
   * A view of these window and aggregate steps (as {@code Features.featureView(...)} builds them),
   * checked all at once: every window must be by the view's entity, ordered by its time, with the
   * view's gap; every aggregate keyed by the entity on both sides, timed by and cut off at the
   * view's time, not inclusive; no output column twice.
   *
   * @throws IllegalArgumentException listing every problem
   */
  public static FeatureView of(String name, int version, String source, Optional<String> entity, String time, Duration gap,
      Optional<Duration> ttl, List<EventTransform> features) {
    Objects.requireNonNull(entity, "entity is null; give Optional.empty() for a view of a single series");
    Objects.requireNonNull(ttl, "ttl is null; give Optional.empty() for values that never expire");
    Objects.requireNonNull(features, "features is null; give the view's window and aggregate steps");
    List<String> problems = new ArrayList<>();
    String self = "feature view '" + name + "'";
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add("a feature view's name is '" + name + "'; use letters, digits, '_', '.' and '-', starting with a letter or"
          + " digit, e.g. \"ridership_history\"");
    }
    if (version < 1) {
      problems.add(self + " has version " + version + "; versions start at 1");
    }
    if (source == null || source.isBlank()) {
      problems.add(self + " has no source; give the name its events are appended under, e.g. \"ridership\"");
    }
    if (time == null || time.isBlank()) {
      problems.add(self + " has no time column; give the events' TIMESTAMP column, e.g. \"date\"");
    }
    long gapMillis = 0;
    if (gap == null || gap.isNegative() || gap.getNano() % 1_000_000 != 0) {
      problems.add(self + " has gap " + gap + "; give zero or a positive whole number of milliseconds, e.g. Duration.ofDays(1)");
    } else {
      gapMillis = gap.toMillis();
    }
    ttl.ifPresent(t -> {
      if (t.isNegative() || t.isZero() || t.getNano() % 1_000_000 != 0) {
        problems.add(self + " has time to live " + t + "; give a positive whole number of milliseconds, e.g. Duration.ofDays(3),"
            + " or none for values that never expire");
      }
    });
    if (features.isEmpty()) {
      problems.add(self + " has no feature; add a window or an aggregate");
    }
    checkFeatures(self, entity, time, gapMillis, features, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new FeatureView(name, version, source, entity, time, gapMillis, ttl, features);
  }

  /** Adds a problem for each feature that is not a window or aggregate of the view's entity, time and gap, or repeats a column. */
  private static void checkFeatures(String self, Optional<String> entity, String time, long gapMillis, List<EventTransform> features,
      List<String> problems) {
    Set<String> outputs = new HashSet<>();
    for (EventTransform f : features) {
      if (f instanceof WindowTransform w) {
        if (!w.entity().equals(entity) || !w.time().equals(time) || w.gapMillis() != gapMillis) {
          problems.add(self + " (by " + entity.orElse("no entity") + ", ordered by '" + time + "', gap " + gapMillis + " ms) has"
              + " a window over '" + w.value() + "' by " + w.entity().orElse("no entity") + ", ordered by '" + w.time() + "', gap "
              + w.gapMillis() + " ms; a view's windows take the view's entity, time and gap");
        }
        w.outputColumns().forEach(c -> checkOutput(self, c, outputs, problems));
      } else if (f instanceof AggregateTransform a) {
        var d = a.definition();
        if (entity.isEmpty() || !d.childKey().equals(entity.get()) || !d.parentKey().equals(entity.get()) || !d.time().equals(time)
            || !d.cutoff().equals(time) || d.inclusive()) {
          problems.add(self + " has aggregate '" + d.source() + "' on " + d.parentKey() + "/" + d.childKey() + ", timed by '"
              + d.time() + "', as of '" + d.cutoff() + "'" + (d.inclusive() ? ", inclusive" : "") + "; a view's aggregates need the"
              + " view's entity (" + entity.orElse("none: a view without entity takes windows only") + ") on both sides, the"
              + " view's time '" + time + "' for timedBy and asOf, and no inclusive()");
        }
        AggregateTransform.outputNames(d).forEach(c -> checkOutput(self, c, outputs, problems));
      } else {
        problems.add(self + " has step " + (f == null ? "null" : f.tag()) + "; a view holds windows and aggregates only");
      }
    }
  }

  private static void checkOutput(String self, String column, Set<String> outputs, List<String> problems) {
    if (!outputs.add(column)) {
      problems.add(self + " writes column '" + column + "' twice; give one of the steps another prefix");
    }
  }

  /** Reads a view from its JSON form ({@link #toJson()}), checking the fingerprint when the file carries one. */
  public static FeatureView fromJson(String json) {
    return ViewJson.read(json);
  }

  /** The JSON form, data only, with the format version and the fingerprint. */
  public String toJson() {
    return ViewJson.write(this, true);
  }

  /** The same definition under another version number (the fingerprint stays). */
  public FeatureView withVersion(int newVersion) {
    return of(name, newVersion, source, entity, time, gap(), ttl, features);
  }

  /** The view's name. */
  public String name() {
    return name;
  }

  /** The view's version, from 1. */
  public int version() {
    return version;
  }

  /** The source name the events are appended under in a {@link History}. */
  public String source() {
    return source;
  }

  /** The CATEGORICAL entity key column; empty for a single series. */
  public Optional<String> entity() {
    return entity;
  }

  /** The TIMESTAMP column of the events (and of the rows the features are computed for). */
  public String time() {
    return time;
  }

  /** How long before a row's time its events end. */
  public Duration gap() {
    return Duration.ofMillis(gapMillis);
  }

  /** How old the latest event may be before the values expire; empty for never. */
  public Optional<Duration> ttl() {
    return ttl;
  }

  /** The window and aggregate steps, in output order. */
  public List<EventTransform> features() {
    return features;
  }

  /** The output columns with their types, in order. */
  public List<Schema.Field> outputs() {
    return engine.outputs();
  }

  /**
   * The columns a row must carry to be given this view's values: the entity key column (when the
   * view has one), then the time column; e.g. {@code [customer, time]}.
   */
  public List<String> inputColumns() {
    List<String> out = new ArrayList<>();
    entity.ifPresent(out::add);
    out.add(time);
    return List.copyOf(out);
  }

  /** The output column names, in order. */
  public List<String> outputColumns() {
    return engine.outputs().stream().map(Schema.Field::name).toList();
  }

  /** What a {@link History} must hold for this view: the source, key, time and value columns, and how far back. */
  public EventSource eventSource() {
    return engine.eventSource();
  }

  /** The SHA-256 (hex) of the definition without its version. */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * The values of one entity as of an instant, from the events a history holds for {@link
   * #source()}.
   *
   * @param key the entity's key value; null for a view without entity
   * @throws IllegalArgumentException when a key is given to a view without entity or missing for one with
   */
  public FeatureValues valuesAsOf(History history, String key, Instant asOf) {
    Objects.requireNonNull(history, "history is null; give the History the events of '" + source + "' are appended to");
    Objects.requireNonNull(asOf, "asOf is null; give the instant the values should hold at");
    if (entity.isPresent() != (key != null)) {
      throw new IllegalArgumentException("feature view '" + name + "' " + (entity.isPresent() ? "is keyed by '" + entity.get()
          + "'; give the entity's key" : "has no entity; give null as the key, not '" + key + "'"));
    }
    ViewEngine.Values v = engine.fromHistory(history, key, asOf.toEpochMilli());
    return new FeatureValues(name, version, Optional.ofNullable(key), asOf, v.values(), v.expired());
  }

  /**
   * The point-in-time join: for each of {@code rows}, the view's values as of its time (column
   * {@code timeColumn}) for its entity (the rows' column named like {@link #entity()}), from
   * {@code events}, appended to the rows. Events are sorted once; each row finds its entity's
   * events before its cutoff by binary search.
   *
   * @throws InvalidInputException when a row or event lacks its key or time, or an output name is taken
   */
  public Join join(Table rows, String timeColumn, Table events) {
    Objects.requireNonNull(rows, "rows is null; give the labelled rows with their entity and time");
    Objects.requireNonNull(events, "events is null; give the events of '" + source + "'");
    ViewEngine.Joined j = engine.join(rows, entity, timeColumn, engine.sort(events));
    return new Join(j.table(), j.expiredRows());
  }

  /**
   * The rows with the view's columns appended, and how many rows' values are missing because the
   * entity's data was older than the time to live.
   *
   * <pre>{@code
   * FeatureView.Join j = view.join(labelled, "date", events);
   * System.out.println(j.expiredRows() + " rows expired");
   * }</pre>
   *
   * @param table the rows with the view's output columns appended
   * @param expiredRows the rows whose values all expired
   */
  public record Join(Table table, int expiredRows) {
    /** Checks the fields. */
    public Join {
      Objects.requireNonNull(table, "table");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureView v && v.name.equals(name) && v.version == version && v.fingerprint.equals(fingerprint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, fingerprint);
  }

  @Override
  public String toString() {
    return "feature view " + name + " v" + version + " (" + fingerprint.substring(0, 12) + "): " + outputColumns();
  }
}
