package org.mlengine.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The child JVM of {@link CsvScanTest}'s memory test: scans the CSV named by its argument with
 * {@link Table#scanCsv(Path)} and prints the row count and the sum of its column {@code x}.
 *
 * <pre>{@code
 * java -Xmx16m -cp <test classpath> org.mlengine.runtime.CsvScanMain big.csv
 * }</pre>
 */
public final class CsvScanMain {
  private CsvScanMain() {}

  /** Scans {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    long rows = 0;
    double sum = 0;
    try (CsvScan scan = Table.scanCsv(Path.of(args[0]))) {
      for (Row row : scan) {
        rows++;
        sum += row.numeric("x");
      }
    }
    System.out.println(rows + " rows, x sums to " + (long) sum);
  }
}
