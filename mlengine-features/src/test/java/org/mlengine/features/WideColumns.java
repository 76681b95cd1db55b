package org.mlengine.features;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.mlengine.core.Split;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;

/**
 * The child JVM of {@link WideColumnsTest} and the measurement behind issue #14 item 3: fits and
 * applies one-hot, hashing and TF-IDF to a column with {@code levels} distinct values over as
 * many rows (every level once, so the output has one non-zero per row), under whatever {@code -Xmx}
 * the caller gives, and prints one line per step with its time and the heap's peak.
 *
 * <pre>{@code
 * java -Xmx160m -cp <test class path> org.mlengine.features.WideColumns 1000000 onehot hashing tfidf
 * }</pre>
 */
final class WideColumns {
  private WideColumns() {}

  public static void main(String[] args) {
    int levels = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      long start = System.nanoTime();
      String check = run(args[i], levels);
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(Locale.ROOT, "%s levels=%d time_ms=%d peak_heap_mb=%d %s%n",
          args[i], levels, millis, peakHeapMegabytes(), check);
    }
  }

  /** Fits and applies one step on fresh data; returns a summary of the output that the test checks. */
  static String run(String step, int levels) {
    return switch (step) {
      case "onehot" -> fitApply(Features.oneHot("Job"), categorical(levels), "Job");
      case "onehot-dense" -> fitApply(Features.oneHot("Job").dense(), categorical(levels), "Job=c1");
      case "hashing" -> fitApply(Features.hashing("Review").buckets(1 << 18), text(levels), "Review");
      case "tfidf" -> fitApply(Features.tfidf("Review"), text(levels), "Review");
      default -> throw new IllegalArgumentException("unknown step '" + step + "'; give onehot, onehot-dense, hashing or tfidf");
    };
  }

  private static String fitApply(Extractor step, Table train, String output) {
    FitContext context = FitContext.of(train, "y", Split.random(0.8), 42);
    Table out = step.fit(context).apply(train);
    if (out.type(output) != ColumnType.VECTOR) {
      return "type=" + out.type(output);
    }
    long nonZeros = 0;
    for (int r = 0; r < out.rowCount(); r++) {
      nonZeros += out.vector(output, r).size();
    }
    return "type=VECTOR dimensions=" + out.dimensions(output).size() + " non_zeros=" + nonZeros;
  }

  /** {@code Job} with {@code levels} distinct values c0, c1, ..., one per row. */
  static Table categorical(int levels) {
    String[] jobs = new String[levels];
    double[] y = new double[levels];
    for (int r = 0; r < levels; r++) {
      jobs[r] = "c" + r;
      y[r] = r % 2;
    }
    return Table.builder().categorical("Job", jobs).numeric("y", y).build();
  }

  /** {@code Review} with {@code levels} distinct words w0, w1, ..., one per row. */
  static Table text(int levels) {
    String[] docs = new String[levels];
    double[] y = new double[levels];
    for (int r = 0; r < levels; r++) {
      docs[r] = "w" + r;
      y[r] = r % 2;
    }
    return Table.builder().text("Review", docs).numeric("y", y).build();
  }

  /** The largest heap use the collector has seen, over the pools (an upper bound: pools peak apart). */
  static long peakHeapMegabytes() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak >> 20;
  }
}
