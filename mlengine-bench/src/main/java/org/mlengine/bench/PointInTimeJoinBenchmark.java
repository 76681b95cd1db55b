package org.mlengine.bench;

import java.util.Arrays;
import java.util.Locale;
import org.mlengine.features.Features;
import org.mlengine.runtime.FeatureView;
import org.mlengine.runtime.Table;

/**
 * Our side of the point-in-time join benchmark (issue #20): labelled rows joined against events,
 * for each row the value of its key's latest event strictly before the row's time ({@code
 * FeatureView.join} of a view with one {@code lag(1)} window: what pandas' {@code merge_asof(...,
 * by="key", allow_exact_matches=False)} computes). Both sides build the same data from the same
 * integer hash ({@link #mix}), events in time order and rows in random order, and time the join
 * alone; prints {@code name value} lines: each join's seconds, their median, and a checksum (sum
 * and count of the values found) that must equal the peer's. The runner {@code
 * mlengine-bench/pit_join.py} alternates this with {@code peers/merge_asof.py}.
 *
 * <pre>{@code
 * java -Xmx6g -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.mlengine.bench.PointInTimeJoinBenchmark 1000000 10000000 10000 5
 * }</pre>
 */
public final class PointInTimeJoinBenchmark {
  private PointInTimeJoinBenchmark() {}

  /** {@code rows events keys reps}: defaults 1,000,000, 10,000,000, 10,000 and 5 (after one warm-up join). */
  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
    int keys = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    String[] names = new String[keys + keys / 100];
    for (int k = 0; k < names.length; k++) {
      names[k] = "k" + k;
    }
    Table eventTable = events(events, keys, names);
    Table rowTable = rows(rows, events, names);
    FeatureView view = Features.featureView("latest").entity("key").time("t")
        .add(Features.window("value").lag(1)).build();
    double[] seconds = new double[reps];
    Table out = null;
    for (int r = -1; r < reps; r++) {
      long start = System.nanoTime();
      out = view.join(rowTable, "t", eventTable).table();
      double s = (System.nanoTime() - start) / 1e9;
      if (r >= 0) {
        seconds[r] = s;
        System.out.printf(Locale.ROOT, "join_s %.4f%n", s);
      }
    }
    double[] values = out.numericColumn("value_lag1");
    double sum = 0;
    long found = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        found++;
      }
    }
    Arrays.sort(seconds);
    System.out.printf(Locale.ROOT, "median_s %.4f%n", seconds[reps / 2]);
    System.out.printf(Locale.ROOT, "checksum %.3f %d%n", sum, found);
  }

  /** Event i: key {@code mix(i) % keys}, time {@code 10·i} ms (in time order), value {@code (mix(i) >>> 20) % 1000 / 8}. */
  static Table events(int n, int keys, String[] names) {
    String[] key = new String[n];
    long[] t = new long[n];
    double[] value = new double[n];
    for (int i = 0; i < n; i++) {
      long h = mix(i);
      key[i] = names[(int) Long.remainderUnsigned(h, keys)];
      t[i] = 10L * i;
      value[i] = Long.remainderUnsigned(h >>> 20, 1000) / 8.0;
    }
    return Table.builder().categorical("key", key).build().withTimestamp("t", t).withNumeric("value", value);
  }

  /** Row j: key {@code mix(j + 2^40) % (keys · 1.01)} (1% of keys without events), time {@code mix(j + 2^41) % (10·events)}. */
  static Table rows(int n, int events, String[] names) {
    String[] key = new String[n];
    long[] t = new long[n];
    for (int j = 0; j < n; j++) {
      key[j] = names[(int) Long.remainderUnsigned(mix(j + (1L << 40)), names.length)];
      t[j] = Long.remainderUnsigned(mix(j + (1L << 41)), 10L * events);
    }
    return Table.builder().categorical("key", key).build().withTimestamp("t", t);
  }

  /** SplitMix64's finaliser: the same bits as the peer's numpy uint64 arithmetic. */
  static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z ^= z >>> 31;
    z *= 0xBF58476D1CE4E5B9L;
    z ^= z >>> 27;
    return z;
  }
}
