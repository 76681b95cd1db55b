package org.mlengine.runtime.internal.steps;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.EventQuery;
import org.mlengine.runtime.History;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.internal.InMemoryHistory;
import org.mlengine.runtime.internal.steps.WindowTransform.Kind;
import org.mlengine.runtime.internal.steps.WindowTransform.Span;
import org.mlengine.runtime.internal.steps.WindowTransform.Statistic;

/**
 * Computes a window's statistics two ways that agree bit for bit: {@link #slide} over a whole
 * table (sorted by entity, time and row, each entity's events added and removed once by two
 * pointers: exact sums, monotonic deques for min and max, a Fenwick tree for the median and
 * quartiles, first and last in O(1), lags by index), and {@link #fromHistory} for one row from
 * the events a history returns, from scratch. Both end in {@link #evaluate}, and every statistic
 * is a deterministic function of the window's values: the sums are exact, and the order
 * statistics are chosen by rank.
 */
final class WindowEngine {
  private final WindowTransform window;
  private final List<Statistic> statistics;
  private final boolean sums;
  private final boolean squares;
  private final boolean times;
  private final boolean order;
  private final int maxLag;
  private final boolean extremes;
  /** Each thread's sums for {@link #fromHistory}, emptied before each use (a step's kernel serves many threads). */
  private final ThreadLocal<Moments> scratch;

  WindowEngine(WindowTransform window) {
    this.window = window;
    this.statistics = window.statistics();
    this.sums = has(Kind.SUM) || has(Kind.MEAN);
    this.squares = has(Kind.STD);
    this.times = has(Kind.SLOPE);
    this.order = has(Kind.MEDIAN) || has(Kind.OUTLIERS);
    this.maxLag = window.maxLag();
    this.extremes = has(Kind.MIN) || has(Kind.MAX);
    this.scratch = ThreadLocal.withInitial(() -> new Moments(sums, squares, times));
  }

  private boolean has(Kind kind) {
    return statistics.stream().anyMatch(s -> s.kind() == kind);
  }

  /** What {@link #evaluate} reads about one window. */
  private interface Lags {
    /** The value of the k-th latest event before the cutoff (NaN when there are fewer than k). */
    double lag(int k);
  }

  /** Every statistic of one window into {@code out}. */
  private void evaluate(Moments moments, OrderStatistics sorted, double min, double max, double first, double last, Lags lags,
      double[] out) {
    int count = moments.count();
    boolean enough = count >= window.minObservations();
    for (int s = 0; s < out.length; s++) {
      Statistic statistic = statistics.get(s);
      int p = (int) statistic.parameter();
      out[s] = switch (statistic.kind()) {
        case COUNT -> count;
        case LAG -> lags.lag(p);
        default -> !enough ? Double.NaN : switch (statistic.kind()) {
          case SUM -> moments.sum();
          case MEAN -> moments.mean();
          case STD -> Math.sqrt(moments.variance(p));
          case MIN -> min;
          case MAX -> max;
          case MEDIAN -> sorted.median();
          case OUTLIERS -> sorted.outliers();
          case GROWTH -> first == 0 ? Double.NaN : (last - first) / Math.abs(first);
          case SLOPE -> moments.slope(statistic.parameter());
          default -> throw new AssertionError(statistic);
        };
      };
    }
  }

  // ---- one row from a history ----

  /** The statistics of the row of entity {@code key} at {@code time}, from the events {@code history} holds before its cutoff. */
  void fromHistory(History history, String key, long time, double[] out) {
    long cutoff = window.cutoff(time);
    long[] eventTimes = new long[0];
    double[] values = new double[0];
    if (window.span() != Span.NONE) {
      InMemoryHistory.Series events = series(history, window.windowQuery(key, cutoff));
      eventTimes = events.times();
      values = events.values();
    }
    double[] lagValues = values;
    boolean windowHoldsLags = window.span() == Span.EXPANDING || (window.span() == Span.ROWS && window.size() >= maxLag);
    if (maxLag > 0 && !windowHoldsLags) {
      lagValues = series(history, window.lagQuery(key, cutoff)).values();
    }
    evaluateRange(eventTimes, values, 0, values.length, lagValues, 0, lagValues.length, out);
  }

  /**
   * The statistics of the window holding events {@code [lo, hi)} of {@code eventTimes} and
   * {@code values}, with the lags read from {@code lagValues[lagLo, lagHi)} (the events before
   * the cutoff, oldest first): the one computation behind {@link #fromHistory} and a feature
   * view's rows, so both give the same doubles.
   */
  void evaluateRange(long[] eventTimes, double[] values, int lo, int hi, double[] lagValues, int lagLo, int lagHi, double[] out) {
    Moments moments = scratch.get();
    moments.clear();
    // Only what a statistic reads: the values in order for the median and outliers, the extremes
    // for min and max, the first and last for growth.
    double[] present = order ? new double[hi - lo] : null;
    int m = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = lo; i < hi; i++) {
      double v = values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      moments.add(eventTimes[i], v, 1);
      if (extremes) {
        if (m == 0) {
          min = v;
          max = v;
        } else {
          min = Double.compare(v, min) < 0 ? v : min;
          max = Double.compare(v, max) > 0 ? v : max;
        }
      }
      if (m == 0) {
        first = v;
      }
      last = v;
      if (present != null) {
        present[m] = v;
      }
      m++;
    }
    OrderStatistics sorted = order ? new OrderStatistics.Sorted(present, m) : null;
    evaluate(moments, sorted, min, max, first, last, k -> k <= lagHi - lagLo ? lagValues[lagHi - k] : Double.NaN, out);
  }

  /**
   * The times and values of the window's column among the events a query selects: straight from
   * the arrays of the embedded history (no table built), from {@link History#events} otherwise.
   */
  private InMemoryHistory.Series series(History history, EventQuery query) {
    if (history instanceof InMemoryHistory embedded) {
      InMemoryHistory.Series s = embedded.series(query, window.value());
      if (s != null) {
        return s;
      }
    }
    Table events = history.events(query);
    return new InMemoryHistory.Series(events.timestampColumn(window.time()), events.numericColumn(window.value()));
  }

  // ---- the whole table ----

  /** Per statistic, every row's value from the table's own earlier rows of its entity. */
  double[][] slide(long[] time, String[] key, double[] value) {
    int n = time.length;
    double[][] out = new double[statistics.size()][n];
    int[] entityId = new int[n];
    Map<String, Integer> ids = new HashMap<>();
    for (int r = 0; r < n; r++) {
      entityId[r] = key == null ? 0 : ids.computeIfAbsent(key[r], k -> ids.size());
    }
    int[] rows = byEntityThenTime(entityId, Math.max(1, ids.size()), time);
    OrderStatistics.Fenwick fenwick = order ? new OrderStatistics.Fenwick(distinct(value)) : null;
    Series series = new Series(n, fenwick);
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && entityId[rows[end]] == entityId[rows[start]]) {
        end++;
      }
      series.run(rows, start, end, time, value, out);
      start = end;
    }
    return out;
  }

  /**
   * The rows sorted by entity, then time, then row: a counting sort by entity (stable), then each
   * entity's rows sorted by time where they are not in time order already (stable, so rows of one
   * time keep their order).
   */
  private static int[] byEntityThenTime(int[] entityId, int entities, long[] time) {
    int n = entityId.length;
    int[] start = new int[entities + 1];
    for (int id : entityId) {
      start[id + 1]++;
    }
    for (int e = 0; e < entities; e++) {
      start[e + 1] += start[e];
    }
    int[] rows = new int[n];
    int[] next = Arrays.copyOf(start, entities);
    for (int r = 0; r < n; r++) {
      rows[next[entityId[r]]++] = r;
    }
    for (int e = 0; e < entities; e++) {
      boolean ordered = true;
      for (int i = start[e] + 1; i < start[e + 1] && ordered; i++) {
        ordered = time[rows[i - 1]] <= time[rows[i]];
      }
      if (!ordered) {
        Integer[] segment = new Integer[start[e + 1] - start[e]];
        for (int i = 0; i < segment.length; i++) {
          segment[i] = rows[start[e] + i];
        }
        Arrays.sort(segment, Comparator.comparingLong(r -> time[r]));
        for (int i = 0; i < segment.length; i++) {
          rows[start[e] + i] = segment[i];
        }
      }
    }
    return rows;
  }

  /** The distinct non-missing values, sorted as {@link Double#compare} orders them. */
  private static double[] distinct(double[] value) {
    double[] v = Arrays.stream(value).filter(d -> !Double.isNaN(d)).toArray();
    Arrays.sort(v);
    int k = 0;
    for (int i = 0; i < v.length; i++) {
      if (i == 0 || Double.compare(v[i], v[k - 1]) != 0) {
        v[k++] = v[i];
      }
    }
    return Arrays.copyOf(v, k);
  }

  /** The sliding state of one entity's window, reused from entity to entity. */
  private final class Series {
    final long[] t;
    final double[] x;
    final int[] rank;
    final int[] minDeque;
    final int[] maxDeque;
    final int[] nextPresent;
    final int[] prevPresent;
    final Moments moments = new Moments(sums, squares, times);
    final OrderStatistics.Fenwick fenwick;
    final double[] current = new double[statistics.size()];
    int minHead;
    int minTail;
    int maxHead;
    int maxTail;

    Series(int capacity, OrderStatistics.Fenwick fenwick) {
      t = new long[capacity];
      x = new double[capacity];
      rank = fenwick == null ? null : new int[capacity];
      minDeque = new int[capacity];
      maxDeque = new int[capacity];
      nextPresent = new int[capacity + 1];
      prevPresent = new int[capacity];
      this.fenwick = fenwick;
    }

    /** Computes the rows {@code rows[start..end)}, one entity's rows in time order. */
    void run(int[] rows, int start, int end, long[] time, double[] value, double[][] out) {
      int g = end - start;
      load(rows, start, g, time, value);
      minHead = minTail = maxHead = maxTail = 0;
      Span span = window.span();
      long size = window.size();
      int lo = 0;
      int hi = 0;
      int doneLo = -1;
      int doneHi = -1;
      for (int p = 0; p < g; p++) {
        long cutoff = window.cutoff(t[p]);
        int lagHi = hi;
        while (lagHi < g && t[lagHi] < cutoff) {
          lagHi++;
        }
        if (span != Span.NONE) {
          while (hi < lagHi) {
            enter(hi++);
          }
          if (span == Span.DURATION) {
            long from = WindowTransform.saturatedMinus(cutoff, size);
            while (lo < hi && t[lo] < from) {
              leave(lo++);
            }
          } else if (span == Span.ROWS) {
            while (hi - lo > size) {
              leave(lo++);
            }
          }
        } else {
          hi = lagHi;
          lo = hi;
        }
        if (lo != doneLo || hi != doneHi) {
          evaluateWindow(lo, hi);
          doneLo = lo;
          doneHi = hi;
        }
        int row = rows[start + p];
        for (int s = 0; s < current.length; s++) {
          out[s][row] = current[s];
        }
      }
      while (lo < hi) {
        leave(lo++);
      }
      moments.clear();
    }

    /** Copies one entity's rows into the buffers and links each row to its present neighbours. */
    private void load(int[] rows, int start, int g, long[] time, double[] value) {
      for (int p = 0; p < g; p++) {
        t[p] = time[rows[start + p]];
        x[p] = value[rows[start + p]];
        if (rank != null && !Double.isNaN(x[p])) {
          rank[p] = fenwick.rank(x[p]);
        }
        prevPresent[p] = !Double.isNaN(x[p]) ? p : p == 0 ? -1 : prevPresent[p - 1];
      }
      nextPresent[g] = g;
      for (int p = g - 1; p >= 0; p--) {
        nextPresent[p] = !Double.isNaN(x[p]) ? p : nextPresent[p + 1];
      }
    }

    /** Evaluates the statistics of the window of rows {@code [lo, hi)} into {@code current}. */
    private void evaluateWindow(int lo, int hi) {
      Lags lags = k -> hi - k >= 0 ? x[hi - k] : Double.NaN;
      int firstAt = nextPresent[lo];
      int lastAt = hi == 0 ? -1 : prevPresent[hi - 1];
      double first = firstAt < hi ? x[firstAt] : Double.NaN;
      double last = lastAt >= lo ? x[lastAt] : Double.NaN;
      double min = minHead < minTail ? x[minDeque[minHead]] : Double.NaN;
      double max = maxHead < maxTail ? x[maxDeque[maxHead]] : Double.NaN;
      evaluate(moments, fenwick, min, max, first, last, lags, current);
    }

    private void enter(int p) {
      double v = x[p];
      if (Double.isNaN(v)) {
        return;
      }
      moments.add(t[p], v, 1);
      if (fenwick != null) {
        fenwick.add(rank[p], 1);
      }
      while (minTail > minHead && Double.compare(x[minDeque[minTail - 1]], v) >= 0) {
        minTail--;
      }
      minDeque[minTail++] = p;
      while (maxTail > maxHead && Double.compare(x[maxDeque[maxTail - 1]], v) <= 0) {
        maxTail--;
      }
      maxDeque[maxTail++] = p;
    }

    private void leave(int p) {
      double v = x[p];
      if (Double.isNaN(v)) {
        return;
      }
      moments.add(t[p], v, -1);
      if (fenwick != null) {
        fenwick.add(rank[p], -1);
      }
      if (minHead < minTail && minDeque[minHead] == p) {
        minHead++;
      }
      if (maxHead < maxTail && maxDeque[maxHead] == p) {
        maxHead++;
      }
    }
  }
}
