package org.mlengine.runtime.internal.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.EventSource;
import org.mlengine.runtime.History;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.spi.EventTransform;

/**
 * Computes a feature view's values: for an entity as of a time t, every window and aggregate of
 * the view over the entity's events strictly before {@code t − gap}, all of them missing when the
 * latest such event is older than {@code t − ttl}. One function ({@link #compute}) reads a block
 * of events sorted by time, whether they come from an events table ({@link #sort}, then {@link
 * #join}) or from a {@link History} ({@link #fromHistory}), so the training set, the pipeline
 * step and the served values agree bit for bit. Immutable and thread-safe.
 *
 * <pre>{@code
 * ViewEngine engine = new ViewEngine("ridership", Optional.empty(), "date", 0, -1, List.of(window));
 * ViewEngine.Joined out = engine.join(labels, Optional.empty(), "date", events);
 * }</pre>
 */
public final class ViewEngine {
  private final String source;
  private final Optional<String> entity;
  private final String time;
  private final long gapMillis;
  /** The time to live in milliseconds; negative for none. */
  private final long ttlMillis;
  private final List<WindowTransform> windows;
  private final List<WindowEngine> windowEngines;
  private final List<AggregateDefinition> aggregates;
  private final List<AggregateValues> aggregateValues;
  /** The events' NUMERIC and CATEGORICAL value columns, in first-use order. */
  private final List<String> numericColumns;
  private final List<String> categoricalColumns;
  /** Per window, the index of its value column among {@link #numericColumns}. */
  private final int[] windowColumn;
  /** Per aggregate, the indexes of its NUMERIC and CATEGORICAL columns, in its own order. */
  private final int[][] aggregateNumbers;
  private final int[][] aggregateStrings;
  private final List<Schema.Field> outputs;
  /** Per output, whether it is CATEGORICAL. */
  private final boolean[] categoricalOutput;
  /** Output position of each value {@link #compute} writes (windows first, then aggregates). */
  private final int[] outputOrder;

  /**
   * An engine for these features; the caller ({@code FeatureView}) has checked that every window
   * and aggregate uses the view's entity, time and gap.
   */
  public ViewEngine(String source, Optional<String> entity, String time, long gapMillis, long ttlMillis,
      List<EventTransform> features) {
    this.source = source;
    this.entity = entity;
    this.time = time;
    this.gapMillis = gapMillis;
    this.ttlMillis = ttlMillis;
    List<WindowTransform> w = new ArrayList<>();
    List<AggregateDefinition> a = new ArrayList<>();
    for (EventTransform f : features) {
      if (f instanceof WindowTransform window) {
        w.add(window);
      } else {
        a.add(((AggregateTransform) f).definition());
      }
    }
    this.windows = List.copyOf(w);
    this.aggregates = List.copyOf(a);
    this.windowEngines = windows.stream().map(WindowEngine::new).toList();
    this.aggregateValues = aggregates.stream().map(AggregateValues::new).toList();
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    List<Schema.Field> out = new ArrayList<>();
    List<Boolean> outCategorical = new ArrayList<>();
    windowColumn = new int[windows.size()];
    aggregateNumbers = new int[aggregates.size()][];
    aggregateStrings = new int[aggregates.size()][];
    // Outputs in the order the features were given.
    int wi = 0;
    int ai = 0;
    for (EventTransform f : features) {
      if (f instanceof WindowTransform window) {
        windowColumn[wi++] = indexOf(numeric, window.value());
        for (String name : window.outputColumns()) {
          out.add(new Schema.Field(name, ColumnType.NUMERIC, List.of()));
          outCategorical.add(false);
        }
      } else {
        AggregateDefinition d = ((AggregateTransform) f).definition();
        aggregateNumbers[ai] = d.valueColumns(ColumnType.NUMERIC).stream().mapToInt(c -> indexOf(numeric, c)).toArray();
        aggregateStrings[ai] = d.valueColumns(ColumnType.CATEGORICAL).stream().mapToInt(c -> indexOf(categorical, c)).toArray();
        List<String> names = d.outputNames();
        for (int s = 0; s < names.size(); s++) {
          boolean cat = d.categoricalOutput(s);
          out.add(new Schema.Field(names.get(s), cat ? ColumnType.CATEGORICAL : ColumnType.NUMERIC, List.of()));
          outCategorical.add(cat);
        }
        ai++;
      }
    }
    this.numericColumns = List.copyOf(numeric);
    this.categoricalColumns = List.copyOf(categorical);
    this.outputs = List.copyOf(out);
    this.categoricalOutput = new boolean[out.size()];
    for (int i = 0; i < out.size(); i++) {
      categoricalOutput[i] = outCategorical.get(i);
    }
    // Aggregates are evaluated after the windows, but their outputs keep the features' order.
    this.outputOrder = outputOrder(features);
  }

  private static int indexOf(List<String> columns, String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      columns.add(column);
      i = columns.size() - 1;
    }
    return i;
  }

  private static int[] outputOrder(List<EventTransform> features) {
    List<Integer> windowPositions = new ArrayList<>();
    List<Integer> aggregatePositions = new ArrayList<>();
    int p = 0;
    for (EventTransform f : features) {
      int n = f instanceof WindowTransform w ? w.outputColumns().size() : ((AggregateTransform) f).definition().outputNames().size();
      for (int i = 0; i < n; i++) {
        (f instanceof WindowTransform ? windowPositions : aggregatePositions).add(p++);
      }
    }
    List<Integer> all = new ArrayList<>(windowPositions);
    all.addAll(aggregatePositions);
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The output columns with their types, in the order the features were given. */
  public List<Schema.Field> outputs() {
    return outputs;
  }

  /** The value columns the events carry, with their types, in first-use order. */
  public List<Schema.Field> valueFields() {
    List<Schema.Field> out = new ArrayList<>();
    numericColumns.forEach(c -> out.add(new Schema.Field(c, ColumnType.NUMERIC, List.of())));
    categoricalColumns.forEach(c -> out.add(new Schema.Field(c, ColumnType.CATEGORICAL, List.of())));
    return List.copyOf(out);
  }

  /**
   * What a history must keep for this view: everything, unless every feature reads a bounded
   * time before the cutoff (then that, the gap, and at least the time to live) or, without a gap,
   * a bounded number of the latest events.
   */
  public EventSource eventSource() {
    boolean bounded = true;
    long back = 0;
    int depth = 0;
    for (WindowTransform w : windows) {
      int lag = w.maxLag();
      switch (w.span()) {
        case DURATION -> back = Math.max(back, w.size());
        case ROWS -> depth = (int) Math.max(depth, w.size());
        case EXPANDING -> bounded = false;
        case NONE -> { }
        default -> throw new AssertionError(w.span());
      }
      if (lag > 0 || w.span() == WindowTransform.Span.ROWS) {
        depth = Math.max(depth, lag);
        bounded &= w.span() != WindowTransform.Span.DURATION && gapMillis == 0;
      }
    }
    for (AggregateDefinition d : aggregates) {
      if (d.lookBack().isPresent()) {
        back = Math.max(back, d.lookBack().get().toMillis());
      } else {
        bounded = false;
      }
    }
    Optional<java.time.Duration> horizon = Optional.empty();
    int keep = 0;
    if (bounded && depth == 0) {
      long h = WindowTransform.saturatedMinus(back, -gapMillis);
      horizon = Optional.of(java.time.Duration.ofMillis(ttlMillis >= 0 ? Math.max(h, ttlMillis) : h));
    } else if (bounded) {
      // Only without a gap: the latest events before the cutoff are the latest events.
      horizon = back > 0 ? Optional.of(java.time.Duration.ofMillis(back)) : Optional.empty();
      keep = Math.max(depth, 1);
    }
    return new EventSource(source, entity, time, valueFields(), horizon, keep);
  }

  // ---- one entity's block of sorted events ----

  /**
   * Every output of the entity whose events before the cutoff are {@code [lo, hi)} of the sorted
   * arrays (oldest first) as of time {@code t}; returns whether they are missing because the
   * latest of those events is older than {@code t − ttl} (or there is none, with a time to live).
   */
  boolean compute(long[] times, double[][] numbers, String[][] strings, int lo, int hi, long t, double[] numbersOut,
      String[] stringsOut) {
    long cutoff = WindowTransform.saturatedMinus(t, gapMillis);
    if (ttlMillis >= 0 && (hi == lo || times[hi - 1] < WindowTransform.saturatedMinus(t, ttlMillis))) {
      for (int o = 0; o < numbersOut.length; o++) {
        numbersOut[o] = Double.NaN;
        stringsOut[o] = null;
      }
      return true;
    }
    int p = 0;
    for (int w = 0; w < windows.size(); w++) {
      WindowTransform window = windows.get(w);
      double[] values = numbers[windowColumn[w]];
      int wlo = switch (window.span()) {
        case ROWS -> (int) Math.max(lo, hi - window.size());
        case DURATION -> firstAtOrAfter(times, lo, hi, WindowTransform.saturatedMinus(cutoff, window.size()));
        case EXPANDING -> lo;
        case NONE -> hi;
      };
      double[] out = new double[window.statistics().size()];
      windowEngines.get(w).evaluateRange(times, values, wlo, hi, values, lo, hi, out);
      for (double v : out) {
        numbersOut[outputOrder[p++]] = v;
      }
    }
    for (int a = 0; a < aggregates.size(); a++) {
      AggregateDefinition d = aggregates.get(a);
      int alo = lo;
      if (d.lookBack().isPresent()) {
        alo = firstAtOrAfter(times, lo, hi, d.from(cutoff));
      }
      double[][] nums = new double[aggregateNumbers[a].length][];
      for (int c = 0; c < nums.length; c++) {
        nums[c] = numbers[aggregateNumbers[a][c]];
      }
      String[][] strs = new String[aggregateStrings[a].length][];
      for (int c = 0; c < strs.length; c++) {
        strs[c] = strings[aggregateStrings[a][c]];
      }
      int k = d.statistics().size();
      double[] n = new double[k];
      String[] s = new String[k];
      aggregateValues.get(a).compute(times, nums, strs, alo, hi, cutoff, n, s);
      for (int i = 0; i < k; i++) {
        int o = outputOrder[p++];
        numbersOut[o] = n[i];
        stringsOut[o] = s[i];
      }
    }
    return false;
  }

  /** The first event time a row at {@code t} no longer reads: {@code t − gap}. */
  long cutoff(long t) {
    return WindowTransform.saturatedMinus(t, gapMillis);
  }

  static int firstAtOrAfter(long[] times, int lo, int hi, long time) {
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether output {@code o} is CATEGORICAL. */
  boolean categorical(int o) {
    return categoricalOutput[o];
  }

  // ---- from a history ----

  /** The values of entity {@code key} (null for a view without entity) as of {@code t}, from a history's events. */
  public Values fromHistory(History history, String key, long t) {
    long cutoff = WindowTransform.saturatedMinus(t, gapMillis);
    EventSource need = eventSource();
    long from = need.horizon().isPresent() && need.depth() == 0
        ? WindowTransform.saturatedMinus(t, need.horizon().get().toMillis()) : Long.MIN_VALUE;
    Table found = history.events(new EventQuery(source, entity, Optional.ofNullable(key), time, from, cutoff, 0));
    String step = "feature view over '" + source + "'";
    long[] times = Inputs.timestamps(step, found, time);
    double[][] numbers = new double[numericColumns.size()][];
    for (int c = 0; c < numbers.length; c++) {
      numbers[c] = Inputs.numbers(step, found, numericColumns.get(c));
    }
    String[][] strings = new String[categoricalColumns.size()][];
    for (int c = 0; c < strings.length; c++) {
      strings[c] = Inputs.strings(step, found, categoricalColumns.get(c));
    }
    int k = outputs.size();
    double[] n = new double[k];
    String[] s = new String[k];
    int hi = firstAtOrAfter(times, 0, times.length, cutoff);
    boolean expired = compute(times, numbers, strings, 0, hi, t, n, s);
    Map<String, Object> values = new LinkedHashMap<>();
    for (int o = 0; o < k; o++) {
      values.put(outputs.get(o).name(), categoricalOutput[o] ? s[o] : (Object) n[o]);
    }
    return new Values(values, expired);
  }

  /** One entity's outputs by name (Double, NaN when missing; String, null when missing) and whether they expired. */
  public record Values(Map<String, Object> values, boolean expired) {}

  // ---- from an events table ----

  /** An events table sorted once by (entity, time, row), the block of each entity found by its code. */
  public Events sort(Table events) {
    return ViewEvents.sort(this, events);
  }

  /** The sorted events of a view: primitive arrays, one block per entity. */
  public interface Events {
    /** The number of events. */
    int size();
  }

  /**
   * Every output for each of {@code rows}' entity ({@code keyColumn}, empty for a view without
   * entity) as of its time ({@code timeColumn}), appended to the rows, with how many rows expired.
   */
  public Joined join(Table rows, Optional<String> keyColumn, String timeColumn, Events events) {
    return ViewEvents.join(this, (ViewEvents) events, rows, keyColumn, timeColumn);
  }

  /** The rows with the outputs appended, and the number of rows whose values expired. */
  public record Joined(Table table, int expiredRows) {}

  String source() {
    return source;
  }

  Optional<String> entity() {
    return entity;
  }

  String time() {
    return time;
  }

  List<String> numericColumns() {
    return numericColumns;
  }

  List<String> categoricalColumns() {
    return categoricalColumns;
  }

  static InvalidInputException missing(String column, String what, int row, String source) {
    return new InvalidInputException(column, "feature view over '" + source + "' needs the " + what + " of every row, but column '"
        + column + "' is missing at row " + row + "; fill it in or drop such rows");
  }
}
