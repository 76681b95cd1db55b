package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.runtime.internal.steps.AggregateDefinition;
import org.mlengine.runtime.internal.steps.AggregateTransform;
import org.mlengine.runtime.internal.steps.WindowTransform;

/**
 * Defines a {@link FeatureView} (made by {@link Features#featureView(String)}): its entity, event
 * time, source, gap, time to live and version, and the windows and aggregates it computes. The
 * windows and aggregates are the library's own steps; the view's entity, time and gap fill what
 * they leave unset. Each option returns a changed copy; {@link #build()} checks everything at
 * once.
 *
 * <pre>{@code
 * FeatureView ridership = Features.featureView("ridership_history")
 *     .time("date")                                   // no entity: one series
 *     .gap(Duration.ofDays(1))
 *     .ttl(Duration.ofDays(3))
 *     .add(Features.window("ridership").over(Duration.ofDays(7)).mean().std())
 *     .add(Features.window("ridership").lag(1).lag(7))
 *     .build();
 * }</pre>
 */
public final class FeatureViewBuilder {
  private final String name;
  private final int version;
  private final Optional<String> source;
  private final Optional<String> entity;
  private final Optional<String> time;
  private final Duration gap;
  private final Optional<Duration> ttl;
  private final ImmutableList<Object> features;

  private FeatureViewBuilder(String name, int version, Optional<String> source, Optional<String> entity, Optional<String> time,
      Duration gap, Optional<Duration> ttl, List<Object> features) {
    this.name = name;
    this.version = version;
    this.source = source;
    this.entity = entity;
    this.time = time;
    this.gap = gap;
    this.ttl = ttl;
    this.features = ImmutableList.copyOf(features);
  }

  static FeatureViewBuilder of(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Features.featureView(...) needs the view's name, e.g."
          + " Features.featureView(\"ridership_history\")");
    }
    return new FeatureViewBuilder(name, 1, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO, Optional.empty(),
        List.of());
  }

  /** The CATEGORICAL column whose value selects one entity's events (a store, a customer); none for one series. */
  public FeatureViewBuilder entity(String column) {
    return new FeatureViewBuilder(name, version, source, Optional.of(text("entity", column, "Store")), time, gap, ttl, features);
  }

  /** The TIMESTAMP column of the events and of the rows the values are computed for; required. */
  public FeatureViewBuilder time(String column) {
    return new FeatureViewBuilder(name, version, source, entity, Optional.of(text("time", column, "date")), gap, ttl, features);
  }

  /** The source the events are appended under in a History; the view's name by default. */
  public FeatureViewBuilder source(String sourceName) {
    return new FeatureViewBuilder(name, version, Optional.of(text("source", sourceName, "ridership")), entity, time, gap, ttl,
        features);
  }

  /** Ends each row's events {@code gap} before its time (a forecast horizon); zero by default. */
  public FeatureViewBuilder gap(Duration newGap) {
    Objects.requireNonNull(newGap, "gap(...) got null; e.g. gap(Duration.ofDays(1)), or Duration.ZERO for none");
    return new FeatureViewBuilder(name, version, source, entity, time, newGap, ttl, features);
  }

  /** Values expire (all missing) when the entity's latest event before the cutoff is older than this; never by default. */
  public FeatureViewBuilder ttl(Duration timeToLive) {
    Objects.requireNonNull(timeToLive, "ttl(...) got null; e.g. ttl(Duration.ofDays(3)), or leave it out for values that never"
        + " expire");
    return new FeatureViewBuilder(name, version, source, entity, time, gap, Optional.of(timeToLive), features);
  }

  /** The version number, 1 by default; a changed definition needs a new one in a {@link FeatureStore}. */
  public FeatureViewBuilder version(int newVersion) {
    return new FeatureViewBuilder(name, newVersion, source, entity, time, gap, ttl, features);
  }

  /** Adds a window; its {@code by}, {@code orderedBy} and {@code gap} come from the view. */
  public FeatureViewBuilder add(Window window) {
    return with(Objects.requireNonNull(window, "add(...) got a null window; e.g. add(Features.window(\"Sales\").last(7).mean())"));
  }

  /** Adds an aggregate; its keys, time and cutoff come from the view (its rows are not used). */
  public FeatureViewBuilder add(Aggregate aggregate) {
    return with(Objects.requireNonNull(aggregate, "add(...) got a null aggregate; e.g. add(Features.aggregate(\"calls\","
        + " calls).count())"));
  }

  private FeatureViewBuilder with(Object feature) {
    List<Object> more = new ArrayList<>(features);
    more.add(feature);
    return new FeatureViewBuilder(name, version, source, entity, time, gap, ttl, more);
  }

  /**
   * The view, checked at once: a time column, at least one feature, features agreeing with the
   * view's entity, time and gap, and no output column twice.
   *
   * @throws IllegalArgumentException listing every problem
   */
  public FeatureView build() {
    List<String> problems = new ArrayList<>();
    if (time.isEmpty()) {
      problems.add("feature view '" + name + "' has no time column; add .time(\"date\") with the events' TIMESTAMP column");
    }
    if (features.isEmpty()) {
      problems.add("feature view '" + name + "' has no feature; add .add(Features.window(\"value\").last(7).mean()) or an"
          + " aggregate");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    long gapMillis = gap.isNegative() ? 0 : gap.toMillis();
    List<EventTransform> steps = new ArrayList<>();
    for (Object f : features) {
      if (f instanceof Window w) {
        WindowTransform t = w.forView(name, entity, time.get(), gapMillis, problems);
        if (t != null) {
          steps.add(t);
        }
      } else {
        AggregateDefinition d = ((Aggregate) f).forView(name, entity, time.get(), problems);
        if (d != null) {
          steps.add(new AggregateTransform(d, null));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return FeatureView.of(name, version, source.orElse(name), entity, time.get(), gap, ttl, steps);
  }

  private static String text(String option, String value, String example) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + "(...) got " + (value == null ? "null" : "a blank name") + "; e.g. " + option
          + "(\"" + example + "\")");
    }
    return value;
  }

  @Override
  public String toString() {
    return "featureView(" + name + " v" + version + ", " + features.size() + " features)";
  }
}
