package org.mlengine.serving.history;

import java.time.Duration;
import java.util.Arrays;
import org.mlengine.runtime.Retention;

/**
 * One key's events in time order, as the in-memory history keeps them (the same insertion after
 * equal times and the same trimming, so the same appends leave the same events), in arrays whose
 * live part is {@code [head, size)}. Thread-safe: every method holds the log's lock.
 *
 * <pre>{@code
 * KeyLog log = new KeyLog(2);
 * log.add(time, new Object[] {3.0, "a"}, retention);
 * KeyLog.Slice s = log.slice(from, until, 0);
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
   * Inserts an event after those at the same time, then drops the events that are both older
   * than the retention's age before this key's newest event and not among its latest ones.
   */
  synchronized void add(long time, Object[] row, Retention retention) {
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
    newest = Math.max(newest, time);
    long keepFrom = retention.maxAge().map(a -> saturatedMinus(newest, a)).orElse(Long.MIN_VALUE);
    while (size - head > retention.latestPerKey() && times[head] < keepFrom) {
      for (Object[] column : columns) {
        column[head] = null;
      }
      head++;
    }
  }

  /** The events in {@code [from, until)}, only the latest {@code last} of them unless it is 0. */
  synchronized Slice slice(long from, long until, int last) {
    int hi = firstAtOrAfter(until);
    int lo = Math.max(firstAtOrAfter(from), last == 0 ? head : hi - last);
    lo = Math.min(lo, hi);
    Object[][] out = new Object[columns.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = Arrays.copyOfRange(columns[c], lo, hi);
    }
    return new Slice(Arrays.copyOfRange(times, lo, hi), out);
  }

  /** Every live event. */
  synchronized Slice all() {
    Object[][] out = new Object[columns.length][];
    for (int c = 0; c < out.length; c++) {
      out[c] = Arrays.copyOfRange(columns[c], head, size);
    }
    return new Slice(Arrays.copyOfRange(times, head, size), out);
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
