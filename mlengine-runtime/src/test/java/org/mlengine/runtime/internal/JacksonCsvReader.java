package org.mlengine.runtime.internal;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The CSV reader as it was before issue #15, on Jackson's CSV parser: kept in the tests as the
 * reference that {@link CsvScanner} and the new {@link CsvReader} must match, table for table and
 * message for message ({@code CsvScannerProperties}).
 *
 * <pre>{@code
 * Table t = JacksonCsvReader.read(new StringReader("a\n1\n"), "t.csv", CsvOptions.defaults());
 * }</pre>
 */
final class JacksonCsvReader {

  /** Reads every record as an array of strings; never closes the caller's reader. */
  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  /** The longest value quoted whole in an error message. */
  private JacksonCsvReader() {}

  public static Table read(Path path, CsvOptions options) throws IOException {
    Objects.requireNonNull(path, "path is null; pass the CSV file's path");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    try (InputStream in = Files.newInputStream(path)) {
      return parse(CsvInput.decoding(in, options.charset(), path.toString()), path.toString(), options);
    }
  }

  public static Table read(Reader reader, String source, CsvOptions options) throws IOException {
    Objects.requireNonNull(reader, "reader is null; pass an open Reader");
    Objects.requireNonNull(source, "source is null; pass a name for error messages, such as the file name");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    return parse(CsvInput.reading(reader, source), source, options);
  }

  /** The header, then each record's values handed to their columns as they are parsed. */
  private static final class Records {
    final String source;
    final CsvOptions options;
    final Set<String> missing;
    String[] header;
    CsvColumn[] columns;

    Records(String source, CsvOptions options) {
      this.source = source;
      this.options = options;
      this.missing = options.missingMarkers();
    }

    Table toTable() {
      List<Column> out = new ArrayList<>(columns.length);
      for (int c = 0; c < columns.length; c++) {
        out.add(columns[c].toColumn());
        columns[c] = null;
      }
      return RuntimeAccess.tables().of(out);
    }
  }

  private static Table parse(Reader reader, String source, CsvOptions options) throws IOException {
    Records records = new Records(source, options);
    List<String> fields = new ArrayList<>();
    int depth = 0;
    int recordLine = 0;
    try (CsvParser parser = MAPPER.getFactory().createParser(reader)) {
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(options.separator()));
      try {
        for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
          if (t == JsonToken.START_ARRAY) {
            depth++;
            if (depth == 2) {
              fields.clear();
              // Where the record starts; refined by its first value's location below.
              recordLine = parser.currentLocation().getLineNr();
            }
          } else if (t == JsonToken.VALUE_STRING) {
            if (fields.isEmpty()) {
              recordLine = parser.currentTokenLocation().getLineNr();
            }
            fields.add(parser.getText());
          } else if (t == JsonToken.END_ARRAY) {
            depth--;
            if (depth == 1) {
              addRecord(records, fields, recordLine);
            }
          }
        }
      } catch (JsonProcessingException e) {
        throw malformed(e, depth >= 2, recordLine, source, options);
      }
    }
    if (records.header == null) {
      throw new CsvFormatException(
          source + " is empty; expected a header row naming the columns, such as Status"
              + options.separator() + "Income" + options.separator()
              + "Home, then one record per line. Check that this is the right file, or add the header row.",
          1,
          null);
    }
    return records.toTable();
  }

  /** A quoting error: at the record being read when inside one, else where the parser stopped. */
  private static CsvFormatException malformed(
      JsonProcessingException e, boolean inRecord, int recordLine, String source, CsvOptions options) {
    JsonLocation at = e.getLocation();
    int line = inRecord || at == null ? recordLine : at.getLineNr();
    String where = at == null ? "" : ", at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new CsvFormatException(
        source + " line " + line + ": the CSV is malformed (" + e.getOriginalMessage() + where
            + "). Expected RFC 4180 quoting: a field that contains the separator "
            + CsvReader.describe(options.separator())
            + ", a double quote or a line break is enclosed in double quotes, and a double quote"
            + " inside it is written twice (\"\"). Fix the quoting in the file, or set"
            + " CsvOptions.separator(...) if the file uses another separator.",
        line,
        null,
        e);
  }

  private static void addRecord(Records records, List<String> fields, int line) throws CsvFormatException {
    if (fields.isEmpty()) {
      return;
    }
    String source = records.source;
    CsvOptions options = records.options;
    boolean blankLine = fields.size() == 1 && fields.get(0).isBlank();
    if (records.header == null) {
      if (!blankLine) {
        String[] header = fields.toArray(new String[0]);
        CsvReader.checkHeader(header, line, source, options);
        records.header = header;
        records.columns = new CsvColumn[header.length];
        for (int c = 0; c < header.length; c++) {
          records.columns[c] = new CsvColumn(header[c], options.types().get(header[c]), options.zone());
        }
      }
      return;
    }
    int width = records.header.length;
    if (blankLine && width > 1) {
      return;
    }
    if (fields.size() != width) {
      throw new CsvFormatException(
          source + " line " + line + " has " + fields.size() + (fields.size() == 1 ? " field" : " fields")
              + " but the header has " + width + (width == 1 ? " column" : " columns")
              + "; every record needs one field per column. Check for a missing or extra separator "
              + CsvReader.describe(options.separator())
              + ", and enclose fields that contain it in double quotes.",
          line,
          null);
    }
    for (int c = 0; c < width; c++) {
      String v = fields.get(c);
      try {
        records.columns[c].add(records.missing.contains(v) ? null : v);
      } catch (CsvColumn.BadValue e) {
        throw badValue(records, line, c, v);
      }
    }
  }

  private static CsvFormatException badValue(Records records, int line, int c, String value) {
    String name = records.header[c];
    ColumnType declared = records.options.types().get(name);
    String problem =
        declared == ColumnType.NUMERIC
            ? "is not a number"
            : "is not an ISO-8601 date or date-time such as 2024-03-01, 2024-03-01T09:30:00 or 2024-03-01T09:30:00Z";
    return new CsvFormatException(
        records.source + " line " + line + ", column '" + name + "' (" + (c + 1) + "): '" + CsvReader.shown(value) + "' "
            + problem + "; the column is declared " + declared + ". " + CsvReader.FIX_VALUE,
        line,
        name);
  }
}
