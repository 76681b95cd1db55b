package org.mlengine.runtime;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.mlengine.runtime.internal.CsvStream;

/**
 * A CSV file read a batch of records at a time, in memory that does not grow with the file: from
 * {@link Table#scanCsv(java.nio.file.Path, CsvOptions)}. Iterate its rows, or take it in batches
 * (small {@link Table}s) to use table operations and checked errors.
 *
 * <pre>{@code
 * try (CsvScan scan = Table.scanCsv(Path.of("loans.csv"), CsvOptions.defaults().categorical("Job"))) {
 *   double total = 0;
 *   for (Row row : scan) {
 *     total += row.numeric("Amount");
 *   }
 * }
 * }</pre>
 *
 * <p><b>Types.</b> A column declared in {@link CsvOptions} has that type. Any other column's type
 * is inferred, with {@link Table#readCsv(java.nio.file.Path, CsvOptions)}'s rules, from the first
 * {@value #INFER_ROWS} records only, and then holds for the whole file: a later value that does
 * not fit (a word in a column whose first records were all numbers or all missing) is a {@link
 * CsvFormatException} naming its line and saying how to declare the column. {@link #types()}
 * gives the types as soon as the scan is open. A column that is CATEGORICAL or TEXT has no fixed
 * list of categories across batches: each batch's {@link Table#categories(String)} lists its own.
 *
 * <p><b>Errors.</b> {@link #nextBatch()} throws {@link CsvFormatException}; the rows' iterator,
 * which cannot throw checked exceptions, throws an {@link UncheckedIOException} whose cause is
 * the {@code CsvFormatException}. Problems in the header or in the first records are thrown by
 * {@code scanCsv} itself. The scan is single-use and not thread-safe; close it to close the file.
 */
public final class CsvScan implements Iterable<Row>, Closeable {
  /** How many records column types are inferred from. */
  public static final int INFER_ROWS = 10_000;

  /** How many records a batch after the first holds. */
  public static final int BATCH_ROWS = 4_096;

  private final CsvStream stream;
  private boolean iterated;

  CsvScan(CsvStream stream) {
    this.stream = stream;
  }

  /** The column names, in file order. */
  public List<String> columnNames() {
    return stream.columnNames();
  }

  /** Each column's type: declared in {@link CsvOptions}, or inferred from the first records. */
  public Map<String, ColumnType> types() {
    return stream.types();
  }

  /**
   * The next batch of records as a small table (the first batch holds the records the types were
   * inferred from, up to {@value #INFER_ROWS}; later ones up to {@value #BATCH_ROWS}), or {@code
   * null} after the last record.
   *
   * @throws CsvFormatException for a problem in these records: the message names the line
   */
  public Table nextBatch() throws IOException {
    return stream.next();
  }

  /**
   * The rows not yet read, in file order; once only. A problem in the file is an {@link
   * UncheckedIOException} whose cause is the {@link CsvFormatException}.
   */
  @Override
  public Iterator<Row> iterator() {
    if (iterated) {
      throw new IllegalStateException(
          "this CsvScan has already been iterated; a scan reads the file once. Open another with Table.scanCsv(...).");
    }
    iterated = true;
    return new Iterator<>() {
      private Table batch;
      private int next;

      @Override
      public boolean hasNext() {
        while (batch == null || next == batch.rowCount()) {
          try {
            batch = stream.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          next = 0;
          if (batch == null) {
            return false;
          }
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException("no more rows; check hasNext() before next()");
        }
        return batch.row(next++);
      }
    };
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    stream.close();
  }
}
