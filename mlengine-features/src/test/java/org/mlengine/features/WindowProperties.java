package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.mlengine.runtime.spi.EventTransform;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.History;
import org.mlengine.core.KernelHarness;
import org.mlengine.runtime.Retention;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

/**
 * Window statistics over random event streams (several entities, duplicate timestamps, missing
 * values, every kind of window and gap): the table path, the history path and the row kernel
 * agree bit for bit; rows after a time never change a value at or before it; and a naive O(n·W)
 * recomputation with plain doubles agrees (exactly for count, min, max, median, outliers and
 * lags; within 1e-9 relative for the sums).
 */
class WindowProperties {
  private static final Instant BASE = Instant.parse("2024-03-01T00:00:00Z");
  private static final long HOUR = 3_600_000L;

  /** One event: its entity, its time in whole hours after {@link #BASE}, and its value (NaN: missing). */
  record Event(String entity, int hour, double value) {}

  /**
   * A window to test.
   *
   * @param byEntity whether the window is per entity
   * @param kind 0: last(size) rows, 1: over(size hours), 2: expanding, 3: lags only
   * @param size the rows or hours
   * @param gapMinutes the gap
   * @param minObservations 0 for the default
   */
  record Config(boolean byEntity, int kind, int size, int gapMinutes, int minObservations) {
    Window window() {
      Window w = Features.window("v").orderedBy("at").gap(Duration.ofMinutes(gapMinutes));
      if (byEntity) {
        w = w.by("key");
      }
      if (kind == 3) {
        return w.lag(1).lag(2);
      }
      w = switch (kind) {
        case 0 -> w.last(size);
        case 1 -> w.over(Duration.ofHours(size));
        default -> w.expanding();
      };
      if (minObservations > 0) {
        w = w.minObservations(minObservations);
      }
      return w.count().sum().mean().median().std().std(0).min().max().growth().slope(Duration.ofHours(1)).outlierCount()
          .lag(1).lag(3);
    }

    int effectiveMinObservations() {
      return minObservations > 0 ? minObservations : kind == 0 ? size : 1;
    }
  }

  @Provide
  Arbitrary<List<Event>> events() {
    Arbitrary<String> entity = Arbitraries.of("a", "a", "b", "c");
    Arbitrary<Integer> hour = Arbitraries.integers().between(0, 30);
    Arbitrary<Double> value = Arbitraries.oneOf(
            Arbitraries.doubles().between(-50, 50),
            Arbitraries.integers().between(-3, 3).map(i -> (double) i),
            Arbitraries.just(0.0))
        .injectNull(0.12)
        .map(d -> d == null ? Double.NaN : d);
    return Combinators.combine(entity, hour, value).as(Event::new).list().ofMinSize(1).ofMaxSize(60);
  }

  @Provide
  Arbitrary<Config> configs() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(1, 8),
            Arbitraries.of(0, 0, 60, 90),
            Arbitraries.integers().between(0, 3))
        .as((by, kind, size, gap, min) -> new Config(by, kind, size, gap, kind == 0 ? Math.min(min, size) : min));
  }

  private static Table table(List<Event> events) {
    int n = events.size();
    String[] keys = new String[n];
    Instant[] at = new Instant[n];
    double[] v = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      keys[i] = events.get(i).entity();
      at[i] = BASE.plusMillis(events.get(i).hour() * HOUR);
      v[i] = events.get(i).value();
      y[i] = i % 2;
    }
    return Table.builder().categorical("key", keys).timestamp("at", at).numeric("v", v).numeric("y", y).build();
  }

  private static EventTransform fit(Config config, Table table) {
    return config.window().fit(FitContext.of(table, "y", Split.timeOrdered("at", 0.8), 3));
  }

  private static List<String> outputs(Table before, Table after) {
    return after.columnNames().stream().filter(c -> !before.hasColumn(c)).toList();
  }

  private static void assertSameBits(double expected, double actual, String where) {
    assertTrue(Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual),
        where + ": expected " + expected + " but was " + actual);
  }

  @Property(tries = 250)
  void table_history_and_rowKernel_agreeBitForBit(@ForAll("events") List<Event> events, @ForAll("configs") Config config) {
    Table table = table(events);
    EventTransform window = fit(config, table);
    Table offline = window.apply(table);
    List<String> outputs = outputs(table, offline);
    String[] inputs = window.inputColumns().toArray(String[]::new);
    KernelHarness kernel = KernelHarness.compile(table.select(inputs).schema(), window);
    int[] outSlots = outputs.stream().mapToInt(kernel::number).toArray();
    kernel.buffer().setHistory(History.inMemory(Retention.unbounded(), window.sources()));
    History history = kernel.buffer().history();
    // The same events appended as maps, read back only through History.events(query): the path a
    // History of the application's own (not the embedded one) takes.
    History viaMaps = History.inMemory(Retention.unbounded(), window.sources());
    History tablesOnly = tablesOnly(viaMaps);

    long[] times = table.timestampColumn("at");
    int[] order = IntStream.range(0, table.rowCount()).boxed()
        .sorted(Comparator.<Integer>comparingLong(r -> times[r])).mapToInt(Integer::intValue).toArray();
    int appended = 0;
    for (int r : order) {
      while (appended < order.length && times[order[appended]] < times[r]) {
        viaMaps.append(History.ROWS, table.row(order[appended]).toMap());
        history.append(History.ROWS, table.row(order[appended++]));
      }
      Table online = window.apply(table.rows(new int[] {r}).select(inputs), history);
      Table throughTables = window.apply(table.rows(new int[] {r}).select(inputs), tablesOnly);
      kernel.buffer().setNumber(kernel.number("at"), times[r]);
      if (config.byEntity()) {
        kernel.buffer().setString(kernel.string("key"), table.string("key", r));
      }
      kernel.run();
      for (int s = 0; s < outputs.size(); s++) {
        String where = config + ", row " + r + ", " + outputs.get(s);
        double expected = offline.numeric(outputs.get(s), r);
        assertSameBits(expected, online.numeric(outputs.get(s), 0), where + " (history)");
        assertSameBits(expected, throughTables.numeric(outputs.get(s), 0), where + " (maps appended, read as tables)");
        assertSameBits(expected, kernel.buffer().number(outSlots[s]), where + " (row kernel)");
      }
    }
    Statistics.label("window kind").collect(config.kind());
  }

  /** A history that answers only through {@link History#events}, as an application's own store does. */
  private static History tablesOnly(History inner) {
    return new History() {
      @Override
      public void append(String source, org.mlengine.runtime.Row event) {
        inner.append(source, event);
      }

      @Override
      public Table events(org.mlengine.runtime.EventQuery query) {
        return inner.events(query);
      }
    };
  }

  @Property(tries = 200)
  void rowsAfterATime_neverChangeValuesAtOrBeforeIt(
      @ForAll("events") List<Event> early, @ForAll("events") List<Event> late, @ForAll("configs") Config config) {
    int last = early.stream().mapToInt(Event::hour).max().orElseThrow();
    List<Event> all = new ArrayList<>(early);
    late.forEach(e -> all.add(new Event(e.entity(), last + 1 + e.hour(), e.value())));
    Table before = table(early);
    Table after = table(all);
    EventTransform window = fit(config, after);
    Table few = window.apply(before);
    Table many = window.apply(after);
    for (String c : outputs(before, few)) {
      for (int r = 0; r < early.size(); r++) {
        assertSameBits(few.numeric(c, r), many.numeric(c, r), config + ", row " + r + ", " + c);
      }
    }
  }

  @Property(tries = 250)
  void slidingWindow_agreesWithANaiveRecomputation(@ForAll("events") List<Event> events, @ForAll("configs") Config config) {
    Table table = table(events);
    EventTransform window = fit(config, table);
    Table out = window.apply(table);
    List<String> outputs = outputs(table, out);
    for (int r = 0; r < events.size(); r++) {
      double[] expected = naive(config, events, r);
      for (int s = 0; s < outputs.size(); s++) {
        String c = outputs.get(s);
        double actual = out.numeric(c, r);
        String where = config + ", row " + r + ", " + c + ": expected " + expected[s] + " but was " + actual;
        boolean exact = c.contains("_count_") || c.contains("_min_") || c.contains("_max_") || c.contains("_median_")
            || c.contains("_outliers_") || c.contains("_lag") || c.contains("_growth_");
        if (exact || Double.isNaN(expected[s])) {
          assertSameBits(expected[s], actual, where);
        } else {
          assertEquals(expected[s], actual, 1e-9 * Math.max(1, Math.abs(expected[s])), where);
        }
      }
    }
  }

  /** The statistics of row {@code r}, in the window's output order, by scanning every row with plain doubles. */
  private static double[] naive(Config config, List<Event> events, int r) {
    Event row = events.get(r);
    long cutoff = row.hour() * HOUR - config.gapMinutes() * 60_000L;
    List<Integer> before = new ArrayList<>();
    for (int j = 0; j < events.size(); j++) {
      Event e = events.get(j);
      if ((!config.byEntity() || e.entity().equals(row.entity())) && e.hour() * HOUR < cutoff) {
        before.add(j);
      }
    }
    before.sort(Comparator.<Integer>comparingInt(j -> events.get(j).hour()).thenComparingInt(j -> j));
    List<Integer> in = switch (config.kind()) {
      case 0 -> before.subList(Math.max(0, before.size() - config.size()), before.size());
      case 1 -> before.stream().filter(j -> events.get(j).hour() * HOUR >= cutoff - config.size() * HOUR).toList();
      case 2 -> before;
      default -> List.of();
    };
    double[] x = in.stream().mapToDouble(j -> events.get(j).value()).filter(v -> !Double.isNaN(v)).toArray();
    double[] t = in.stream().filter(j -> !Double.isNaN(events.get(j).value())).mapToDouble(j -> events.get(j).hour()).toArray();
    int m = x.length;
    double lag1 = before.size() >= 1 ? events.get(before.get(before.size() - 1)).value() : Double.NaN;
    double lag2 = before.size() >= 2 ? events.get(before.get(before.size() - 2)).value() : Double.NaN;
    double lag3 = before.size() >= 3 ? events.get(before.get(before.size() - 3)).value() : Double.NaN;
    if (config.kind() == 3) {
      return new double[] {lag1, lag2};
    }
    double na = Double.NaN;
    if (m < config.effectiveMinObservations()) {
      return new double[] {m, na, na, na, na, na, na, na, na, na, na, lag1, lag3};
    }
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    double mean = sum / m;
    double squares = 0;
    for (double v : x) {
      squares += (v - mean) * (v - mean);
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    double tMean = Arrays.stream(t).sum() / m;
    double stx = 0;
    double stt = 0;
    for (int i = 0; i < m; i++) {
      stx += (t[i] - tMean) * (x[i] - mean);
      stt += (t[i] - tMean) * (t[i] - tMean);
    }
    double q1 = quantile(sorted, 0.25);
    double q3 = quantile(sorted, 0.75);
    double iqr = q3 - q1;
    int outliers = 0;
    for (double v : x) {
      if (v < q1 - 1.5 * iqr || v > q3 + 1.5 * iqr) {
        outliers++;
      }
    }
    return new double[] {
        m,
        sum,
        mean,
        median,
        m > 1 ? Math.sqrt(squares / (m - 1)) : na,
        Math.sqrt(squares / m),
        sorted[0],
        sorted[m - 1],
        x[0] == 0 ? na : (x[m - 1] - x[0]) / Math.abs(x[0]),
        m > 1 && stt > 0 ? stx / stt : na,
        outliers,
        lag1,
        lag3};
  }

  /** numpy's 'linear' quantile of sorted values. */
  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int i = (int) Math.floor(h);
    double t = h - i;
    if (t == 0) {
      return sorted[i];
    }
    double a = sorted[i];
    double b = sorted[Math.min(i + 1, sorted.length - 1)];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }
}
