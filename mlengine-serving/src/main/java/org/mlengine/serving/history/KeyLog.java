package org.mlengine.serving.history;

import java.time.Duration;
import java.util.Arrays;
import org.mlengine.runtime.Retention;

/**
 * One key's events in time order, as the in-memory history keeps them (the same insertion after
 * equal times and the same trimming, so the same appends leave the same events), in arrays whose
 * live part is {@code [head, size)}; an add can be taken back (last first) when its frame does
 * not reach the log. Thread-safe: every method holds the log's lock.
 *
 * <pre>{@code
 * KeyLog log = new KeyLog(2);
 * KeyLog.Added added = log.add(time, new Object[] {3.0, "a"}, retention);
 * KeyLog.Slice s = log.slice(from, until, 0);
 * added.undo();   // as if never added, the events it dropped back
 * }</pre>
 */
final class KeyLog {
  private long[] times = new long[8];
  private Object[][] columns;
  private int head;
  private int size;
  private long newest = Long.MIN_VALUE;

  KeyLog(int width) {
    columns = new Object[width][8];
  }

  /** A copy of some events: their times and, per value column, their values. */
  record Slice(long[] times, Object[][] columns) {
    static Slice empty(int width) {
      return new Slice(new long[0], new Object[width][0]);
    }
  }

  /**
   * What one {@link #add} changed, for {@link #undo}: where the event went among the live ones,
   * the newest time before it, and the events it dropped (their times, and their values column
   * after column; null when it dropped none).
   */
  record Added(KeyLog log, int index, long newestBefore, long[] droppedTimes, Object[] droppedValues) {
    /** Takes the add back; the adds to this key after it must have been taken back first. */
    void undo() {
      log.undo(this);
    }
  }

  /**
   * Inserts an event after those at the same time, then drops the events that are both older
   * than the retention's age before this key's newest event and not among its latest ones.
   */
  synchronized Added add(long time, Object[] row, Retention retention) {
    if (size == times.length) {
      compactOrGrow();
    }
    int at = firstAtOrAfter(time == Long.MAX_VALUE ? time : time + 1);
    System.arraycopy(times, at, times, at + 1, size - at);
    times[at] = time;
    for (int c = 0; c < columns.length; c++) {
      System.arraycopy(columns[c], at, columns[c], at + 1, size - at);
      columns[c][at] = row[c];
    }
    size++;
    long newestBefore = newest;
    newest = Math.max(newest, time);
    long keepFrom = retention.maxAge().map(a -> saturatedMinus(newest, a)).orElse(Long.MIN_VALUE);
    int first = head;
    while (size - head > retention.latestPerKey() && times[head] < keepFrom) {
      head++;
    }
    int k = head - first;
    long[] droppedTimes = k == 0 ? null : Arrays.copyOfRange(times, first, head);
    Object[] droppedValues = k == 0 ? null : new Object[k * columns.length];
    for (int c = 0; c < columns.length && k > 0; c++) {
      System.arraycopy(columns[c], first, droppedValues, c * k, k);
      Arrays.fill(columns[c], first, head, null);
    }
    return new Added(this, at - first, newestBefore, droppedTimes, droppedValues);
  }

  /**
   * Takes back an {@link #add}: puts back the events it dropped and removes the event it
   * inserted. Exact when every later add to this key was taken back first (last first).
   */
  synchronized void undo(Added added) {
    if (added.droppedTimes != null) {
      int k = added.droppedTimes.length;
      reserveFront(k);
      head -= k;
      System.arraycopy(added.droppedTimes, 0, times, head, k);
      for (int c = 0; c < columns.length; c++) {
        System.arraycopy(added.droppedValues, c * k, columns[c], head, k);
      }
    }
    int at = head + added.index;
    System.arraycopy(times, at + 1, times, at, size - at - 1);
    for (Object[] column : columns) {
      System.arraycopy(column, at + 1, column, at, size - at - 1);
      column[size - 1] = null;
    }
    size--;
    newest = added.newestBefore;
  }

  /** The events in {@code [from, until)}, only the latest {@code last} of them unless it is 0. */
  synchronized Slice slice(long from, long until, int last) {
    int hi = firstAtOrAfter(until);
    int lo = Math.max(firstAtOrAfter(from), last == 0 ? head : hi - last);
    return copy(Math.min(lo, hi), hi);
  }

  /** Every live event. */
  synchronized Slice all() {
    return copy(head, size);
  }

  private Slice copy(int lo, int hi) {
    Object[][] out = new Object[columns.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = Arrays.copyOfRange(columns[c], lo, hi);
    }
    return new Slice(Arrays.copyOfRange(times, lo, hi), out);
  }

  synchronized int liveCount() {
    return size - head;
  }

  /** The latest time of this key. */
  synchronized long newest() {
    return newest;
  }

  static long saturatedMinus(long time, Duration age) {
    long millis;
    try {
      millis = age.toMillis();
    } catch (ArithmeticException e) {
      return Long.MIN_VALUE;
    }
    long r = time - millis;
    return ((time ^ millis) & (time ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  private void compactOrGrow() {
    int live = size - head;
    int capacity = live * 2 < times.length ? times.length : times.length * 2;
    long[] t = new long[capacity];
    System.arraycopy(times, head, t, 0, live);
    times = t;
    for (int c = 0; c < columns.length; c++) {
      Object[] col = new Object[capacity];
      System.arraycopy(columns[c], head, col, 0, live);
      columns[c] = col;
    }
    head = 0;
    size = live;
  }

  /** Moves the live events so that at least {@code k} free slots precede them. */
  private void reserveFront(int k) {
    if (head >= k) {
      return;
    }
    int live = size - head;
    int capacity = Math.max(times.length, live + k);
    long[] t = new long[capacity];
    System.arraycopy(times, head, t, k, live);
    times = t;
    for (int c = 0; c < columns.length; c++) {
      Object[] col = new Object[capacity];
      System.arraycopy(columns[c], head, col, k, live);
      columns[c] = col;
    }
    head = k;
    size = k + live;
  }

  /** The position of the first live event at or after {@code time}. */
  private int firstAtOrAfter(long time) {
    int lo = head;
    int hi = size;
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
}
