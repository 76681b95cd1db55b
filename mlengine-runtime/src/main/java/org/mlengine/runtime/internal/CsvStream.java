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

  private CsvStream(InputStream in, CsvScanner scanner, int batchRows, CsvReader.Records template, Table first) {
    this.in = in;
    this.scanner = scanner;
    this.batchRows = batchRows;
    this.template = template;
    this.first = first;
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
    Checks.checkArgument(inferRows >= 1, "inferRows is %s; it must be at least 1", inferRows);
    Checks.checkArgument(batchRows >= 1, "batchRows is %s; it must be at least 1", batchRows);
    String source = path.toString();
    InputStream in = Files.newInputStream(path);
    try {
      CsvScanner scanner = new CsvScanner(CsvInput.decoding(in, options.charset(), source), options.separator());
      CsvReader.Records prefix = new CsvReader.Records(source, options, true, Set.of());
      read(scanner, prefix, inferRows);
      if (prefix.header == null) {
        throw CsvReader.empty(source, options);
      }
      Table first = prefix.toTable();
      CsvOptions fixed = options;
      Set<String> inferred = new LinkedHashSet<>();
      for (String name : first.columnNames()) {
        if (!options.types().containsKey(name)) {
          inferred.add(name);
          fixed = declare(fixed, name, first.type(name));
        }
      }
      CsvReader.Records template = new CsvReader.Records(source, fixed, false, Set.of());
      template.inferred = Set.copyOf(inferred);
      template.inferredRows = prefix.rows;
      template.header = prefix.header;
      return new CsvStream(in, scanner, batchRows, template, first);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
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

  /** Reads records until {@code rows} are in (after the header) or the text ends. */
  private static void read(CsvScanner scanner, CsvReader.Records records, int rows) throws IOException {
    try {
      while (records.rows < rows && scanner.next()) {
        CsvReader.addRecord(records, scanner);
      }
    } catch (CsvScanner.Malformed e) {
      throw CsvReader.malformed(e, scanner.nextLine(), records.source, records.options);
    }
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
    read(scanner, batch, batchRows);
    if (batch.rows < batchRows) {
      done = true;
    }
    return batch.rows == 0 ? null : batch.toTable();
  }

  /** Closes the file. */
  @Override
  public void close() throws IOException {
    done = true;
    first = null;
    in.close();
  }
}
