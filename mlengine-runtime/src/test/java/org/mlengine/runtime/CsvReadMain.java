package org.mlengine.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The child JVM of {@link CsvReaderMemoryTest}: reads the CSV named by its argument and prints
 * the row count and the column types.
 *
 * <pre>{@code
 * java -Xmx128m -cp <test classpath> org.mlengine.runtime.CsvReadMain loans.csv
 * }</pre>
 */
public final class CsvReadMain {
  private CsvReadMain() {}

  /** Reads {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Table t = Table.readCsv(Path.of(args[0]));
    String types = t.columnNames().stream().map(n -> t.type(n).toString()).collect(Collectors.joining(", ", "[", "]"));
    System.out.println(t.rowCount() + " rows: " + types);
  }
}
