package org.mlengine.serving;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.CsvScan;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import org.mlengine.runtime.internal.CsvReader;
import org.mlengine.runtime.internal.CsvStream;

/**
 * The engine of {@link Predictor#predictCsv}: reads CSV a batch at a time, scores each batch with
 * {@link Predictor#predictAll} and writes it before reading the next, so memory does not grow with
 * the input.
 *
 * <pre>{@code
 * long rows = CsvScoring.score(predictor, System.in, "stdin", System.out);
 * }</pre>
 *
 * <p>The model's columns are read with the types of its input schema; every other column is read
 * as TEXT and written back as it came. Numbers are written as whole numbers when they are whole
 * (below 10^15), else as {@link Double#toString}; timestamps as ISO-8601 instants; a missing value
 * as an empty field. Fields holding a comma, a double quote or a line break are quoted (RFC
 * 4180), so {@code Table.readCsv} reads the output back to the same values.
 */
final class CsvScoring {
  private CsvScoring() {}

  static long score(Predictor predictor, InputStream in, String source, OutputStream out) throws IOException {
    Map<String, ColumnType> reads;
    try {
      predictor.requireHistory();
      reads = columnTypes(predictor.inputSchema());
    } catch (RuntimeException e) {
      in.close();
      throw e;
    }
    List<String> classes = predictor.bundle().pipeline().task() == Task.REGRESSION
        ? List.of() : predictor.bundle().pipeline().classes();
    List<String> added = new ArrayList<>();
    if (classes.isEmpty()) {
      added.add("value");
    } else {
      added.add("label");
      classes.forEach(c -> added.add("p_" + c));
    }
    try (CsvStream stream = open(in, source, reads, added)) {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      List<String> columns = stream.columnNames();
      StringBuilder line = new StringBuilder();
      header(line, columns, added);
      w.write(line.toString());
      long written = 0;
      while (true) {
        Table batch;
        try {
          batch = stream.next();
        } catch (CsvFormatException e) {
          w.flush();
          throw refused(e, reads, written);
        }
        if (batch == null) {
          break;
        }
        List<Prediction> predictions = predictions(predictor, batch, stream, source, written);
        write(batch, columns, predictions, classes, line, w);
        w.flush();
        written += batch.rowCount();
      }
      w.flush();
      return written;
    }
  }

  /** The model's columns and their types; a VECTOR input, which CSV cannot carry, is refused. */
  private static Map<String, ColumnType> columnTypes(Schema schema) {
    Map<String, ColumnType> reads = new LinkedHashMap<>();
    for (Schema.Field field : schema.columns()) {
      if (field.type() == ColumnType.VECTOR) {
        throw new IllegalArgumentException("the model reads column '" + field.name()
            + "' as a VECTOR, which CSV cannot carry; score such rows with Predictor.predictAll(Table).");
      }
      reads.put(field.name(), field.type());
    }
    return reads;
  }

  /** Opens the input: its header checked, the model's columns typed as the schema says. */
  private static CsvStream open(InputStream in, String source, Map<String, ColumnType> reads, List<String> added)
      throws IOException {
    try {
      return CsvStream.open(in, source, CsvOptions.defaults(), (header, line) -> options(header, line, reads, added, source),
          CsvScan.INFER_ROWS, CsvScan.BATCH_ROWS);
    } catch (HeaderRefused e) {
      throw new CsvScoringException(e.getMessage(), e.line, e.column, 0, null);
    } catch (CsvFormatException e) {
      throw refused(e, reads, 0);
    }
  }

  /** The output's header: the input's columns, then the prediction columns. */
  private static void header(StringBuilder line, List<String> columns, List<String> added) {
    for (String name : columns) {
      field(line, name);
      line.append(',');
    }
    for (int i = 0; i < added.size(); i++) {
      field(line, added.get(i));
      line.append(i + 1 < added.size() ? ',' : '\n');
    }
  }

  /** The header's check: every column the model reads is there; the added columns are not. */
  private static CsvOptions options(List<String> header, int line, Map<String, ColumnType> reads, List<String> added,
      String source) {
    List<String> absent = reads.keySet().stream().filter(c -> !header.contains(c)).toList();
    if (!absent.isEmpty()) {
      List<String> described = absent.stream().map(c -> "'" + c + "' (" + reads.get(c) + ")").toList();
      throw new HeaderRefused(source + ": the header lacks " + (absent.size() == 1 ? "column " : "columns ")
          + String.join(", ", described) + ", which the model reads; it reads " + List.copyOf(reads.keySet())
          + ". Add " + (absent.size() == 1 ? "the column" : "the columns") + " to the header (an empty field is a missing value).",
          line, absent.size() == 1 ? absent.get(0) : null);
    }
    List<String> clashes = added.stream().filter(header::contains).toList();
    if (!clashes.isEmpty()) {
      throw new HeaderRefused(source + ": the header has " + (clashes.size() == 1 ? "column " : "columns ")
          + clashes.stream().map(c -> "'" + c + "'").toList() + ", the name of a prediction column the output adds ("
          + added + "). Rename or drop " + (clashes.size() == 1 ? "it" : "them") + " in the input.", line, clashes.get(0));
    }
    CsvOptions options = CsvOptions.defaults();
    for (String name : header) {
      ColumnType type = reads.getOrDefault(name, ColumnType.TEXT);
      options = switch (type) {
        case NUMERIC -> options.numeric(name);
        case CATEGORICAL -> options.categorical(name);
        case TIMESTAMP -> options.timestamp(name);
        default -> options.text(name);
      };
    }
    return options;
  }

  /** The reader's error, with advice for a scoring user rather than for a caller of {@code CsvOptions}. */
  private static CsvScoringException refused(CsvFormatException e, Map<String, ColumnType> reads, long written) {
    String message = e.getMessage();
    String column = e.column();
    if (column != null && reads.containsKey(column)) {
      String advice = "the column is declared " + reads.get(column) + ". " + CsvReader.FIX_VALUE;
      if (message.endsWith(advice)) {
        message = message.substring(0, message.length() - advice.length()) + "the model reads the column as "
            + reads.get(column) + ". Fix the value, or leave the field empty (or NA) for a missing value.";
      }
    }
    return new CsvScoringException(message, e.line(), column, written, e);
  }

  /** The batch's predictions; a refused row is named by its line and column. */
  private static List<Prediction> predictions(Predictor predictor, Table batch, CsvStream stream, String source, long written)
      throws CsvScoringException {
    try {
      return predictor.predictAll(batch);
    } catch (InvalidInputException e) {
      int row = 0;
      InvalidInputException first = e;
      for (int r = 0; r < batch.rowCount(); r++) {
        try {
          predictor.predict(batch.row(r).toMap());   // the map path's words name no row index
        } catch (InvalidInputException refused) {
          row = r;
          first = refused;
          break;
        }
      }
      int line = stream.line(row);
      throw new CsvScoringException(source + " line " + line + ", column '" + first.column() + "': " + first.getMessage(), line,
          first.column(), written, first);
    }
  }

  private static void write(Table batch, List<String> columns, List<Prediction> predictions, List<String> classes,
      StringBuilder line, Writer w) throws IOException {
    int n = batch.rowCount();
    int width = columns.size();
    ColumnType[] types = new ColumnType[width];
    double[][] numbers = new double[width][];
    String[][] strings = new String[width][];
    long[][] times = new long[width][];
    for (int c = 0; c < width; c++) {
      String name = columns.get(c);
      types[c] = batch.type(name);
      switch (types[c]) {
        case NUMERIC -> numbers[c] = batch.numericColumn(name);
        case TIMESTAMP -> times[c] = batch.timestampColumn(name);
        default -> strings[c] = batch.stringColumn(name);
      }
    }
    for (int r = 0; r < n; r++) {
      line.setLength(0);
      for (int c = 0; c < width; c++) {
        switch (types[c]) {
          case NUMERIC -> number(line, numbers[c][r]);
          case TIMESTAMP -> {
            if (times[c][r] != Long.MIN_VALUE) {
              line.append(Instant.ofEpochMilli(times[c][r]));
            }
          }
          default -> {
            if (strings[c][r] != null) {
              field(line, strings[c][r]);
            }
          }
        }
        line.append(',');
      }
      Prediction p = predictions.get(r);
      if (classes.isEmpty()) {
        line.append(p.value());
      } else {
        field(line, p.label().orElseThrow());
        for (int k = 0; k < classes.size(); k++) {
          line.append(',').append(p.probabilityAt(k));
        }
      }
      w.write(line.append('\n').toString());
    }
  }

  /** A number: whole numbers without a fraction, others as {@link Double#toString}, missing as nothing. */
  static void number(StringBuilder out, double x) {
    if (Double.isNaN(x)) {
      return;
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15 && !(x == 0 && 1 / x < 0)) {
      out.append((long) x);
    } else {
      out.append(x);
    }
  }

  /** A text field, quoted when it holds a comma, a double quote or a line break. */
  static void field(StringBuilder out, String value) {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char ch = value.charAt(i);
      quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
    }
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '"') {
        out.append('"');
      }
      out.append(ch);
    }
    out.append('"');
  }

  /** A header the model cannot score, refused before any record is read. */
  private static final class HeaderRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;
    final transient String column;

    HeaderRefused(String message, int line, String column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }
}
