package org.mlengine.core;

import static com.google.common.base.Preconditions.checkArgument;
import static org.mlengine.core.SplitRows.sorted;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.Table;

/** The time-ordered kind of {@link Split}: hold-out parts and expanding-window folds cut at instants, with a gap. */
final class TimeSplits {
  private final Split split;
  private final String column;
  private final Duration gap;
  private final int folds;
  private final boolean clampFolds;

  TimeSplits(Split split, String column, Duration gap, int folds, boolean clampFolds) {
    this.split = split;
    this.column = column;
    this.gap = gap;
    this.folds = folds;
    this.clampFolds = clampFolds;
  }

  List<Partition> byTime(Table table) {
    long[] time = table.timestampColumn(column);
    int n = time.length;
    for (int r = 0; r < n; r++) {
      checkArgument(
          time[r] != Column.MISSING_TIME,
          "time column '%s' is missing at row %s; every row needs a time. Fill it or drop the row.",
          column,
          r);
    }
    long[] sorted = time.clone();
    Arrays.sort(sorted);
    long[] distinct = Arrays.stream(sorted).distinct().toArray();
    long gapMillis = gapMillis();
    if (folds > 0) {
      return timeFolds(time, sorted, distinct, gapMillis);
    }
    return holdout(time, sorted, distinct, gapMillis);
  }

  /** The one partition of a time-ordered hold-out split, each part cut at an instant. */
  private List<Partition> holdout(long[] time, long[] sorted, long[] distinct, long gapMillis) {
    int n = time.length;
    checkDistinctTimes(distinct, n);
    int nTest = split.testCount(n);
    int nValidation = split.validationCount(n);
    split.checkRoom(n, nTest, nValidation);
    // Boundaries at the times of the rows that start each part; rows tied with a boundary go to
    // the later part. A boundary that would leave an earlier part without an instant of its own
    // moves to the nearest time that leaves it one.
    long testFrom = sorted[n - nTest];
    long validationFrom;
    if (nValidation == 0) {
      testFrom = Math.max(testFrom, distinct[1]);
      validationFrom = testFrom;
    } else {
      checkArgument(
          distinct.length >= 3,
          "time column '%s' has %s distinct times; a time-ordered split with validation needs at least 3,"
              + " one for each part. Drop validation() or give data that spans more time",
          column,
          distinct.length);
      testFrom = Math.max(testFrom, distinct[2]);
      validationFrom = Math.min(Math.max(sorted[n - nTest - nValidation], distinct[1]), previousTime(distinct, testFrom));
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (time[r] >= testFrom) {
        test.add(r);
      } else if (time[r] >= validationFrom) {
        if (plus(time[r], gapMillis) < testFrom) {
          validation.add(r);
        }
      } else if (plus(time[r], gapMillis) < validationFrom) {
        train.add(r);
      }
    }
    checkArgument(!train.isEmpty(), "%s", emptyTrain(validationFrom));
    if (nValidation > 0) {
      checkArgument(
          !validation.isEmpty(),
          "the time-ordered split on '%s' left no rows for validation: none from %s is earlier than %s minus"
              + " the gap %s. Lower the gap, raise the validation share, or drop validation()",
          column,
          Instant.ofEpochMilli(validationFrom),
          Instant.ofEpochMilli(testFrom),
          gap);
    }
    return List.of(Partition.of(sorted(train), sorted(validation), sorted(test)));
  }

  private List<Partition> timeFolds(long[] time, long[] sorted, long[] distinct, long gapMillis) {
    int n = time.length;
    int k = foldCount(n, distinct);
    List<Partition> out = new ArrayList<>();
    if (k < 1) {
      return out;
    }
    // Block f+1 starts at the time of row n - (k - f) * testSize in time order. Rows tied with a
    // start go to the later block; where ties would leave a block without an instant of its own,
    // its start moves to the nearest instant that leaves every block one.
    int testSize = n / (k + 1);
    long[] from = new long[k];
    for (int f = 0; f < k; f++) {
      from[f] = Math.min(sorted[n - (k - f) * testSize], distinct[distinct.length - (k - f)]);
      from[f] = Math.max(from[f], f == 0 ? distinct[1] : nextTime(distinct, from[f - 1]));
    }
    for (int f = 0; f < k; f++) {
      long until = f == k - 1 ? Long.MAX_VALUE : from[f + 1];
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        if (time[r] >= from[f] && time[r] < until) {
          test.add(r);
        } else if (plus(time[r], gapMillis) < from[f]) {
          train.add(r);
        }
      }
      if (train.isEmpty()) {
        if (clampFolds) {
          continue;
        }
        throw new IllegalArgumentException(emptyTrain(from[f]));
      }
      out.add(Partition.of(sorted(train), sorted(test)));
    }
    return out;
  }

  /**
   * The number of time folds: clamped to the instants there are for cross-fitting, otherwise
   * checked against the rows and distinct times.
   */
  private int foldCount(int n, long[] distinct) {
    if (clampFolds) {
      return Math.min(folds, distinct.length - 1);
    }
    checkArgument(
        folds < n,
        "timeSeriesKFold(%s) cuts the rows into %s blocks and needs at least %s rows, but the table has %s;"
            + " use k <= %s",
        folds,
        folds + 1,
        folds + 1,
        n,
        n - 1);
    checkDistinctTimes(distinct, n);
    checkArgument(
        folds < distinct.length,
        "timeSeriesKFold(%s) on '%s' needs at least %s distinct times, one per block, but there are %s;"
            + " use k <= %s or data with more distinct times",
        folds,
        column,
        folds + 1,
        distinct.length,
        distinct.length - 1);
    return folds;
  }

  private void checkDistinctTimes(long[] distinct, int n) {
    checkArgument(
        distinct.length >= 2,
        "time column '%s' has the same time %s in all %s rows; a time-ordered split needs at least 2 distinct"
            + " times. Split by a column whose time varies, or use Split.random",
        column,
        Instant.ofEpochMilli(distinct[0]),
        n);
  }

  /** The smallest time after {@code t}; the input has one. */
  private static long nextTime(long[] distinct, long t) {
    for (long d : distinct) {
      if (d > t) {
        return d;
      }
    }
    throw new IllegalStateException("no time after " + Instant.ofEpochMilli(t) + "; this is a bug in Split");
  }

  /** The largest time before {@code t}; the input has one. */
  private static long previousTime(long[] sorted, long t) {
    for (int i = sorted.length - 1; i >= 0; i--) {
      if (sorted[i] < t) {
        return sorted[i];
      }
    }
    throw new IllegalStateException("no time before " + t + "; this is a bug in Split");
  }

  private long gapMillis() {
    try {
      return gap.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /** t + gap, saturating instead of overflowing. */
  private static long plus(long t, long gapMillis) {
    return t > Long.MAX_VALUE - gapMillis ? Long.MAX_VALUE : t + gapMillis;
  }

  private String emptyTrain(long heldOutFrom) {
    return "the time-ordered split on '" + column + "' left no rows to train on: none is earlier than "
        + Instant.ofEpochMilli(heldOutFrom) + " minus the gap " + gap
        + ". Lower the gap, raise the training share, or give data that spans more time.";
  }

  void checkTime(Table table, List<Partition> parts) {
    long[] time = table.timestampColumn(column);
    long gapMillis = gapMillis();
    for (Partition p : parts) {
      checkBefore(p.train().stream(), IntStream.concat(p.validation().stream(), p.test().stream()), time, gapMillis);
      checkBefore(p.validation().stream(), p.test().stream(), time, gapMillis);
    }
  }

  private void checkBefore(IntStream earlier, IntStream later, long[] time, long gapMillis) {
    var last = earlier.mapToLong(r -> time[r]).max();
    var first = later.mapToLong(r -> time[r]).min();
    if (last.isPresent() && first.isPresent() && !(plus(last.getAsLong(), gapMillis) < first.getAsLong())) {
      throw new IllegalStateException("time split invariant broken: the time " + Instant.ofEpochMilli(last.getAsLong())
          + " + gap " + gap + " is not before the later part's time " + Instant.ofEpochMilli(first.getAsLong())
          + "; this is a bug in Split");
    }
  }
}
