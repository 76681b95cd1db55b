package org.mlengine.runtime.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.FeatureValues;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Retention;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.EventTransform;

/**
 * A feature view over random event streams (ties, missing values, unknown entities, gaps, time to
 * live): the point-in-time join from an events table, the values from a History holding the same
 * events, and the library's own window and aggregate steps agree bit for bit; and no event at or
 * after a row's cutoff changes its values.
 */
class FeatureViewProperties {
  private static final long UNIT = 3_600_000L;
  private static final WindowTransform.Kind[] KINDS = {WindowTransform.Kind.COUNT, WindowTransform.Kind.SUM,
      WindowTransform.Kind.MEAN, WindowTransform.Kind.MEDIAN, WindowTransform.Kind.STD, WindowTransform.Kind.MIN,
      WindowTransform.Kind.MAX, WindowTransform.Kind.GROWTH, WindowTransform.Kind.SLOPE, WindowTransform.Kind.OUTLIERS};

  record Case(FeatureView view, Table events, Table rows) {}

  static Case randomCase(long seed, boolean keyed) {
    Random random = new Random(seed);
    int n = random.nextInt(50);
    String[] keys = new String[n];
    Instant[] times = new Instant[n];
    double[] values = new double[n];
    double[] other = new double[n];
    String[] kinds = new String[n];
    for (int i = 0; i < n; i++) {
      keys[i] = String.valueOf((char) ('a' + random.nextInt(3)));
      times[i] = Instant.ofEpochMilli(random.nextInt(30) * UNIT + (random.nextBoolean() ? 0 : random.nextInt(1000)));
      values[i] = random.nextInt(8) == 0 ? Double.NaN : random.nextInt(20) - 5 + (random.nextBoolean() ? 0.1 : 0);
      other[i] = random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian() * 1e3;
      kinds[i] = random.nextInt(6) == 0 ? null : String.valueOf((char) ('x' + random.nextInt(3)));
    }
    Table.Builder b = Table.builder().timestamp("t", times).numeric("v", values).numeric("w", other).categorical("c", kinds);
    Table events = (keyed ? b.categorical("k", keys) : b).build();
    Optional<String> entity = keyed ? Optional.of("k") : Optional.empty();
    long gap = new long[] {0, 0, UNIT, 3 * UNIT}[random.nextInt(4)];
    List<EventTransform> features = new ArrayList<>();
    int windows = 1 + random.nextInt(3);
    for (int w = 0; w < windows; w++) {
      features.add(randomWindow(random, entity, gap, "f" + w, random.nextBoolean() ? "v" : "w"));
    }
    if (keyed && random.nextBoolean()) {
      Optional<Duration> lookBack = random.nextBoolean() ? Optional.empty() : Optional.of(Duration.ofMillis((1 + random.nextInt(8)) * UNIT));
      List<AggregateDefinition.Statistic> stats = List.of(
          new AggregateDefinition.Statistic(AggregateDefinition.Kind.COUNT, Optional.empty(), Optional.empty()),
          AggregateDefinition.Statistic.of(AggregateDefinition.Kind.MEAN, "w"),
          AggregateDefinition.Statistic.of(AggregateDefinition.Kind.STD, "v"),
          AggregateDefinition.Statistic.of(AggregateDefinition.Kind.LATEST, "c"),
          AggregateDefinition.Statistic.of(AggregateDefinition.Kind.MODE, "c"),
          new AggregateDefinition.Statistic(AggregateDefinition.Kind.SINCE_LATEST, Optional.empty(), Optional.of(Duration.ofHours(1))));
      features.add(new AggregateTransform(new AggregateDefinition("s", "k", "k", "t", "t", false, lookBack, stats,
          Map.of("w", ColumnType.NUMERIC, "v", ColumnType.NUMERIC, "c", ColumnType.CATEGORICAL)), null));
    }
    Optional<Duration> ttl = random.nextInt(3) == 0 ? Optional.empty() : Optional.of(Duration.ofMillis((1 + random.nextInt(6)) * UNIT));
    FeatureView view = FeatureView.of("v", 1, "s", entity, "t", Duration.ofMillis(gap), ttl, features);
    int m = 1 + random.nextInt(20);
    String[] rowKeys = new String[m];
    Instant[] rowTimes = new Instant[m];
    for (int i = 0; i < m; i++) {
      rowKeys[i] = String.valueOf((char) ('a' + random.nextInt(4)));
      rowTimes[i] = random.nextInt(3) == 0 && n > 0 ? times[random.nextInt(n)]
          : Instant.ofEpochMilli((random.nextInt(36) - 2) * UNIT + random.nextInt(2) * 500);
    }
    Table.Builder rb = Table.builder().timestamp("t", rowTimes);
    Table rows = (keyed ? rb.categorical("k", rowKeys) : rb).build();
    return new Case(view, events, rows);
  }

  private static WindowTransform randomWindow(Random random, Optional<String> entity, long gap, String prefix, String value) {
    WindowTransform.Span span = WindowTransform.Span.values()[random.nextInt(4)];
    long size = switch (span) {
      case ROWS -> 1 + random.nextInt(5);
      case DURATION -> (1 + random.nextInt(10)) * UNIT;
      default -> 0;
    };
    List<WindowTransform.Statistic> stats = new ArrayList<>();
    if (span != WindowTransform.Span.NONE) {
      for (WindowTransform.Kind kind : KINDS) {
        if (random.nextInt(3) == 0) {
          long parameter = kind == WindowTransform.Kind.STD ? random.nextInt(2) : kind == WindowTransform.Kind.SLOPE ? UNIT : 0;
          stats.add(new WindowTransform.Statistic(kind, parameter));
        }
      }
    }
    if (stats.isEmpty() || random.nextBoolean()) {
      stats.add(new WindowTransform.Statistic(WindowTransform.Kind.LAG, 1 + random.nextInt(3)));
    }
    int fewest = span == WindowTransform.Span.ROWS ? 1 + random.nextInt((int) size) : 1 + random.nextInt(2);
    return new WindowTransform(value, entity, "t", span, size, gap, stats, fewest, prefix);
  }

  @Property(tries = 300)
  void join_equalsHistory_keyed(@ForAll long seed) {
    joinEqualsHistory(randomCase(seed, true));
  }

  @Property(tries = 200)
  void join_equalsHistory_singleSeries(@ForAll long seed) {
    joinEqualsHistory(randomCase(seed, false));
  }

  private static void joinEqualsHistory(Case c) {
    FeatureView view = c.view();
    FeatureView.Join join = view.join(c.rows(), "t", c.events());
    History history = History.inMemory(Retention.unbounded(), List.of(view.eventSource()));
    history.appendAll("s", c.events());
    int expired = 0;
    for (int r = 0; r < c.rows().rowCount(); r++) {
      int row = r;
      FeatureValues online = view.valuesAsOf(history, view.entity().map(e -> c.rows().string(e, row)).orElse(null),
          Instant.ofEpochMilli(c.rows().timestamp("t", r)));
      expired += online.expired() ? 1 : 0;
      assertRow(view, join.table(), r, online, "row " + r + " of " + view.toJson());
    }
    assertEquals(expired, join.expiredRows());
  }

  private static void assertRow(FeatureView view, Table table, int r, FeatureValues online, String where) {
    for (var f : view.outputs()) {
      if (f.type() == ColumnType.NUMERIC) {
        assertEquals(Double.doubleToRawLongBits(table.numeric(f.name(), r)), Double.doubleToRawLongBits(online.number(f.name())),
            f.name() + " " + where);
      } else {
        assertEquals(table.isMissing(f.name(), r) ? Optional.empty() : Optional.of(table.string(f.name(), r)),
            online.string(f.name()), f.name() + " " + where);
      }
    }
  }

  /**
   * Serving: events appended in time order, each request scored once the events before it are in
   * (an event at the request's own instant is appended after it, as {@link Retention} assumes), from a history that keeps only what {@link FeatureView#eventSource()} asks
   * for; the values equal the training set's.
   */
  @Property(tries = 300)
  void replay_withTheRetentionTheViewAsksFor_equalsTheJoin(@ForAll long seed) {
    Case c = randomCase(seed, seed % 4 != 0);
    FeatureView view = c.view();
    Table joined = view.join(c.rows(), "t", c.events()).table();
    var source = view.eventSource();
    Retention retention = source.horizon().isEmpty() && source.depth() == 0 ? Retention.unbounded()
        : new Retention(source.horizon(), source.depth());
    History history = History.inMemory(retention, List.of(source));
    long[] eventTimes = c.events().timestampColumn("t");
    Integer[] events = new Integer[eventTimes.length];
    for (int i = 0; i < events.length; i++) {
      events[i] = i;
    }
    java.util.Arrays.sort(events, java.util.Comparator.comparingLong(i -> eventTimes[i]));
    long[] rowTimes = c.rows().timestampColumn("t");
    Integer[] rows = new Integer[rowTimes.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    java.util.Arrays.sort(rows, java.util.Comparator.comparingLong(i -> rowTimes[i]));
    int next = 0;
    for (int r : rows) {
      while (next < events.length && eventTimes[events[next]] < rowTimes[r]) {
        history.append("s", c.events().row(events[next++]));
      }
      FeatureValues online = view.valuesAsOf(history, view.entity().map(e -> c.rows().string(e, r)).orElse(null),
          Instant.ofEpochMilli(rowTimes[r]));
      assertRow(view, joined, r, online, "row " + r + " with " + retention + " of " + view.toJson());
    }
  }

  /** Without a time to live, a view over the rows themselves gives what its window and aggregate steps give. */
  @Property(tries = 300)
  void join_overOwnRows_equalsTheSteps(@ForAll long seed) {
    Case c = randomCase(seed, seed % 2 == 0);
    FeatureView view = c.view().ttl().isPresent()
        ? FeatureView.of("v", 1, "s", c.view().entity(), "t", c.view().gap(), Optional.empty(), c.view().features())
        : c.view();
    Table events = c.events();
    Table joined = view.join(events, "t", events).table();
    long gap = view.gap().toMillis();
    for (EventTransform f : view.features()) {
      Table bySteps;
      if (f instanceof WindowTransform w) {
        bySteps = w.apply(events);
      } else {
        AggregateDefinition d = ((AggregateTransform) f).definition();
        long[] cutoffs = events.timestampColumn("t");
        for (int i = 0; i < cutoffs.length; i++) {
          cutoffs[i] = WindowTransform.saturatedMinus(cutoffs[i], gap);
        }
        Table parents = Table.builder().categorical("k", events.stringColumn("k")).build().withTimestamp("t", cutoffs);
        bySteps = new AggregateTransform(d, new AggregateEvents(d, events)).apply(parents);
      }
      for (int r = 0; r < events.rowCount(); r++) {
        for (var out : view.outputs()) {
          if (!bySteps.hasColumn(out.name())) {
            continue;
          }
          assertEquals(bySteps.value(out.name(), r) instanceof Double d ? Double.doubleToRawLongBits(d) : bySteps.value(out.name(), r),
              joined.value(out.name(), r) instanceof Double d ? Double.doubleToRawLongBits(d) : joined.value(out.name(), r),
              out.name() + " row " + r);
        }
      }
    }
  }

  /** Changing or dropping every event at or after a row's cutoff leaves its values as they were. */
  @Property(tries = 300)
  void values_neverReadEventsAtOrAfterTheCutoff(@ForAll long seed) {
    Case c = randomCase(seed, seed % 3 != 0);
    FeatureView view = c.view();
    Table all = view.join(c.rows(), "t", c.events()).table();
    long gap = view.gap().toMillis();
    for (int r = 0; r < c.rows().rowCount(); r++) {
      long cutoff = WindowTransform.saturatedMinus(c.rows().timestamp("t", r), gap);
      long[] t = c.events().timestampColumn("t");
      List<Integer> before = new ArrayList<>();
      for (int i = 0; i < t.length; i++) {
        if (t[i] < cutoff) {
          before.add(i);
        }
      }
      Table past = c.events().rows(before.stream().mapToInt(Integer::intValue).toArray());
      Table one = c.rows().rows(new int[] {r});
      Table onlyPast = view.join(one, "t", past).table();
      for (var out : view.outputs()) {
        assertEquals(String.valueOf(all.value(out.name(), r)), String.valueOf(onlyPast.value(out.name(), 0)), out.name() + " row " + r);
      }
    }
  }
}
