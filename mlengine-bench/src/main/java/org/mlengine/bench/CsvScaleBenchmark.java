package org.mlengine.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.mlengine.runtime.Table;

/**
 * One side of the CSV scale benchmark (issue #15): reads one CSV file with {@link
 * Table#readCsv(Path)} and prints {@code name value} lines: the first read in this JVM ({@code
 * cold_s}), the median of the reads after it ({@code warm_s}; a file read in under half a second is
 * first read again for a second, so that the JIT has compiled the reader; with no warm reads
 * asked for, neither), both in seconds, the file's size,
 * the finished table's heap bytes and the heap held at the fullest point of a read. The script
 * beside it, {@code mlengine-bench/csv_scale.py}, writes the files and runs this and pandas'
 * {@code read_csv} alternately.
 *
 * <pre>{@code
 * java -Xmx6g -XX:+UseParallelGC -cp "$(cat mlengine-bench/target/classpath.txt):mlengine-bench/target/classes" \
 *     org.mlengine.bench.CsvScaleBenchmark credit_1000000.csv 3
 * }</pre>
 *
 * <p>The heap figures come from the collector: {@code table_bytes} is the growth of the heap
 * after a full collection with the table held, {@code read_peak_bytes} the largest heap left
 * after any collection during a read, less the heap before it. Live data can only be under
 * that, so the ratio is an upper bound.
 */
public final class CsvScaleBenchmark {
  private CsvScaleBenchmark() {}

  /** {@code args[0]}: the CSV file; {@code args[1]}: how many warm reads (default 3). */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int warm = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    run(file, warm, System.out);
  }

  static void run(Path file, int warm, PrintStream out) throws IOException {
    AtomicLong afterGc = new AtomicLong();
    listen(afterGc);
    long before = fullGc();
    afterGc.set(0);
    long start = System.nanoTime();
    Table table = Table.readCsv(file);
    double cold = (System.nanoTime() - start) / 1e9;
    long peak = Math.max(afterGc.get(), usedHeap()) - before;
    long tableBytes = fullGc() - before;
    int rows = table.rowCount();
    // Small files: keep reading for a second or so first, so the JIT has compiled the reader.
    for (long until = System.nanoTime() + 1_000_000_000L; warm > 0 && cold < 0.5 && System.nanoTime() < until; ) {
      Table.readCsv(file);
    }
    double[] times = new double[warm];
    for (int i = 0; i < warm; i++) {
      table = null;
      fullGc();
      start = System.nanoTime();
      table = Table.readCsv(file);
      times[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(times);
    double mb = Files.size(file) / 1e6;
    print(out, "rows", rows);
    print(out, "file_mb", mb);
    print(out, "cold_s", cold);
    print(out, "warm_s", warm == 0 ? cold : times[warm / 2]);
    print(out, "table_bytes", tableBytes);
    print(out, "read_peak_bytes", peak);
    print(out, "columns", table == null ? 0 : table.columnNames().size());
  }

  static void print(PrintStream out, String name, double value) {
    out.println(name + " " + (value == Math.rint(value) ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.4f", value)));
  }

  /**
   * Keeps in {@code max} the most heap left after any collection since it was last reset (also
   * {@link FitScaleBenchmark}'s peak).
   */
  static void listen(AtomicLong max) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
              .mapToLong(MemoryUsage::getUsed).sum();
          max.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
  }

  static long fullGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return usedHeap();
  }

  static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
