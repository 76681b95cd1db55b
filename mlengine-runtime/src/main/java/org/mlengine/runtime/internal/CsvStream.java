package org.mlengine.runtime.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;

/**
 * The engine of {@code Table.scanCsv}: reads a CSV file as a series of small tables, holding one
 * batch at a time. Column types come from {@link CsvOptions} where declared; the others are
 * inferred, with {@link CsvReader}'s rules, from the first {@code inferRows} records, which make
 * the first batch, and then hold for the rest of the file.
 *
 * <pre>{@code
 * try (CsvStream s = CsvStream.open(path, CsvOptions.defaults(), 10_000, 4_096)) {
 *   for (Table batch = s.next(); batch != null; batch = s.next()) {
 *     // ...
 *   }
 * }
 * }</pre>
 */
public final class CsvStream implements Closeable {
  private final InputStream in;
  private final CsvScanner scanner;
  private final int batchRows;
  private final CsvReader.Records template;
  private final Map<String, ColumnType> types;
  private Table first;
  private boolean done;
  /** The line where each record of the batch last returned starts (quoted fields may span lines). */
  private int[] lines;

  private CsvStream(InputStream in, CsvScanner scanner, int batchRows, CsvReader.Records template, Table first, int[] lines) {
    this.in = in;
    this.scanner = scanner;
    this.batchRows = batchRows;
    this.template = template;
    this.first = first;
    this.lines = lines;
    Map<String, ColumnType> t = new LinkedHashMap<>();
    for (String name : first.columnNames()) {
      t.put(name, first.type(name));
    }
    this.types = Immutables.map(t);
  }

  /**
   * Opens the file and reads its header and first {@code inferRows} records.
   *
   * @throws CsvFormatException for a problem in the header or those records
   */
  public static CsvStream open(Path path, CsvOptions options, int inferRows, int batchRows) throws IOException {
    Objects.requireNonNull(path, "path is null; pass the CSV file's path");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    return open(Files.newInputStream(path), path.toString(), options, (header, line) -> options, inferRows, batchRows);
  }

  /**
   * Reads CSV text from a stream, decoded in {@code options}' charset and split at its separator,
   * with the options chosen once the header is read: {@code forHeader} gets the column names and
   * the header's line number (blank lines before it counted) and gives the options to read the records with (types declared for the columns found), or throws
   * to refuse the header (a column the caller needs is absent) before any record is read. The
   * stream is closed with this, or when opening fails.
   *
   * @throws CsvFormatException for a problem in the header or the first {@code inferRows} records
   */
  public static CsvStream open(InputStream in, String source, CsvOptions options,
      BiFunction<List<String>, Integer, CsvOptions> forHeader, int inferRows, int batchRows) throws IOException {
    Objects.requireNonNull(in, "in is null; pass an open InputStream");
    try {
      Objects.requireNonNull(source, "source is null; pass a name for error messages, such as the file name");
      Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
      Objects.requireNonNull(forHeader, "forHeader is null; pass (header, line) -> options to keep the options");
      Checks.checkArgument(inferRows >= 1, "inferRows is %s; it must be at least 1", inferRows);
      Checks.checkArgument(batchRows >= 1, "batchRows is %s; it must be at least 1", batchRows);
      CsvScanner scanner = new CsvScanner(CsvInput.decoding(in, options.charset(), source), options.separator());
      CsvReader.Records names = new CsvReader.Records(
          source, CsvOptions.defaults().separator(options.separator()).charset(options.charset()), true, Set.of());
      int headerLine = readHeader(scanner, names);
      if (names.header == null) {
        throw CsvReader.empty(source, options);
      }
      CsvOptions chosen = Objects.requireNonNull(forHeader.apply(List.of(names.header), headerLine), "forHeader gave null options");
      CsvReader.Records prefix = new CsvReader.Records(source, chosen, true, Set.of());
      CsvReader.checkHeader(names.header, headerLine, source, chosen);
      prefix.header = names.header;
      prefix.columns = prefix.columns(names.header);
      int[] lines = read(scanner, prefix, inferRows);
      Table first = prefix.toTable();
      CsvOptions fixed = chosen;
      Set<String> inferred = new LinkedHashSet<>();
      for (String name : first.columnNames()) {
        if (!chosen.types().containsKey(name)) {
          inferred.add(name);
          fixed = declare(fixed, name, first.type(name));
        }
      }
      CsvReader.Records template = new CsvReader.Records(source, fixed, false, Set.of());
      template.inferred = Set.copyOf(inferred);
      template.inferredRows = prefix.rows;
      template.header = prefix.header;
      return new CsvStream(in, scanner, batchRows, template, first, lines);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Reads up to the header (blank lines before it are skipped); returns the line it is on. */
  private static int readHeader(CsvScanner scanner, CsvReader.Records records) throws IOException {
    try {
      while (records.header == null && scanner.next()) {
        CsvReader.addRecord(records, scanner);
      }
    } catch (CsvScanner.Malformed e) {
      throw CsvReader.malformed(e, scanner.nextLine(), records.source, records.options);
    }
    return scanner.line();
  }

  private static CsvOptions declare(CsvOptions options, String name, ColumnType type) {
    switch (type) {
      case NUMERIC:
        return options.numeric(name);
      case TIMESTAMP:
        return options.timestamp(name);
      case TEXT:
        return options.text(name);
      default:
        return options.categorical(name);
    }
  }

  /**
   * Reads records until {@code rows} are in (after the header) or the text ends; returns the line
   * where each record read starts.
   */
  private static int[] read(CsvScanner scanner, CsvReader.Records records, int rows) throws IOException {
    int[] lines = new int[Math.min(rows, 1024)];
    try {
      while (records.rows < rows && scanner.next()) {
        int before = records.rows;
        CsvReader.addRecord(records, scanner);
        if (records.rows > before) {
          if (before == lines.length) {
            lines = java.util.Arrays.copyOf(lines, Math.min(rows, 2 * lines.length));
          }
          lines[before] = scanner.line();
        }
      }
    } catch (CsvScanner.Malformed e) {
      throw CsvReader.malformed(e, scanner.nextLine(), records.source, records.options);
    }
    return lines;
  }

  /** The column names, in file order. */
  public List<String> columnNames() {
    return List.copyOf(types.keySet());
  }

  /** Each column's type: declared, or inferred from the first records. */
  public Map<String, ColumnType> types() {
    return types;
  }

  /**
   * The next batch of up to {@code batchRows} records (the first batch: the records types were
   * inferred from), or {@code null} at the end of the file.
   *
   * @throws CsvFormatException for a problem in these records, naming its line
   */
  public Table next() throws IOException {
    if (first != null) {
      Table t = first;
      first = null;
      if (t.rowCount() > 0) {
        return t;
      }
    }
    if (done) {
      return null;
    }
    CsvReader.Records batch = new CsvReader.Records(template.source, template.options, false, Set.of());
    batch.inferred = template.inferred;
    batch.inferredRows = template.inferredRows;
    batch.header = template.header;
    batch.columns = batch.columns(template.header);
    lines = read(scanner, batch, batchRows);
    if (batch.rows < batchRows) {
      done = true;
    }
    return batch.rows == 0 ? null : batch.toTable();
  }

  /**
   * The 1-based line where record {@code row} of the batch {@link #next()} returned last starts
   * (a quoted field may span lines, so it is not the record's index).
   */
  public int line(int row) {
    Checks.checkArgument(row >= 0 && row < lines.length, "row %s is outside the last batch", row);
    return lines[row];
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    done = true;
    first = null;
    in.close();
  }
}
