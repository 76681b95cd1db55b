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
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads CSV through Jackson's CSV module into a {@link Table}.
 *
 * <pre>{@code
 * Table loans = CsvReader.read(Path.of("loans.csv"), CsvOptions.defaults().categorical("Job"));
 * Table small = CsvReader.read(new StringReader("a,b\n1,x\n"), "inline", CsvOptions.defaults());
 * }</pre>
 *
 * <p>The rules, which {@link CsvOptions}' Javadoc summarises:
 *
 * <ul>
 *   <li><b>Syntax.</b> RFC 4180: fields are separated by {@link CsvOptions#separator()}; a field
 *       that contains the separator, a double quote or a line break is enclosed in double quotes,
 *       with a double quote inside it written twice. Lines end with LF or CRLF. {@link
 *       Table#readCsv(Path, CsvOptions)} decodes the file as UTF-8; a leading byte-order mark is
 *       dropped.
 *   <li><b>Header.</b> The first non-blank record names the columns; every name must be
 *       non-blank and unique, and every column declared in {@link CsvOptions#types()} must be
 *       among them. Names are taken as written (not trimmed).
 *   <li><b>Records.</b> Every record has exactly one field per header column. Blank lines (empty
 *       or only whitespace) are skipped, except in a one-column file, where an empty line is an
 *       empty value as RFC 4180 reads it.
 *   <li><b>Missing values.</b> A field exactly equal to one of {@link CsvOptions#missingMarkers()}
 *       (by default {@code NA} and the empty string; no trimming) is missing: {@code NaN} in a
 *       NUMERIC column, {@code null} otherwise. Jackson does not tell quoted from unquoted fields,
 *       so {@code "NA"} in quotes is missing too.
 *   <li><b>Type inference</b>, for each column without a declared type, looking only at its
 *       non-missing values:
 *       <ol>
 *         <li>NUMERIC when every value, trimmed, is a decimal number: an optional sign, digits
 *             with an optional fraction, an optional exponent ({@code 12}, {@code -0.5}, {@code
 *             .5}, {@code 1e-3}). {@code NaN}, {@code Infinity} and {@code -Infinity} are
 *             numbers too; {@code NaN} then reads as missing. Java's hexadecimal and suffixed
 *             forms ({@code 0x1p3}, {@code 1d}) and thousands separators ({@code 1,234}) are not
 *             numbers. A column with no non-missing values (or a file with no records) is
 *             NUMERIC.
 *         <li>TIMESTAMP when every value, trimmed, is an ISO-8601 date ({@code 2024-03-01},
 *             midnight in {@link CsvOptions#zone()}), a local date-time ({@code
 *             2024-03-01T09:30}, {@code 2024-03-01T09:30:15.25}, read in {@link
 *             CsvOptions#zone()}), an offset date-time ({@code 2024-03-01T09:30:00+01:00},
 *             optionally followed by a {@code [region]}) or an instant ({@code
 *             2024-03-01T09:30:00Z}). A space may stand for the {@code T}. Values are kept to the
 *             millisecond.
 *         <li>TEXT when the values are mostly distinct (more distinct values than half the
 *             non-missing values) and more than half of them contain whitespace.
 *         <li>CATEGORICAL otherwise. Category values are kept as written (not trimmed).
 *       </ol>
 *   <li><b>Declared types.</b> A declared NUMERIC or TIMESTAMP column whose value does not
 *       parse by the rules above is an error; CATEGORICAL and TEXT take any value.
 * </ul>
 *
 * <p>Every problem is a {@link CsvFormatException} whose message names the source, the physical
 * line where the record starts (quoted fields may span lines) and, for a bad value, the column's
 * name and 1-based position.
 */
public final class CsvReader {

  /** Reads every record as an array of strings; never closes the caller's reader. */
  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(CsvParser.Feature.WRAP_AS_ARRAY)
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  /** The longest value quoted whole in an error message. */
  private static final int SHOWN_CHARS = 60;

  private static final String FIX_VALUE =
      "Fix the value, mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.";

  private CsvReader() {}

  public static Table read(Path path, CsvOptions options) throws IOException {
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(reader, path.toString(), options);
    }
  }

  public static Table read(Reader reader, String source, CsvOptions options) throws IOException {
    Objects.requireNonNull(reader, "reader is null; pass an open Reader");
    Objects.requireNonNull(source, "source is null; pass a name for error messages, such as the file name");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    Records records = parse(reader, source, options);
    List<Column> columns = new ArrayList<>(records.header.length);
    for (int c = 0; c < records.header.length; c++) {
      columns.add(toColumn(records, c, source, options));
    }
    return RuntimeAccess.tables().of(columns);
  }

  /** The header and the records of a file, missing values already {@code null}. */
  private static final class Records {
    String[] header;
    int headerLine;
    final List<String[]> rows = new ArrayList<>();
    int[] lines = new int[1024];

    void add(String[] row, int line) {
      if (rows.size() == lines.length) {
        lines = Arrays.copyOf(lines, lines.length * 2);
      }
      lines[rows.size()] = line;
      rows.add(row);
    }
  }

  private static Records parse(Reader reader, String source, CsvOptions options) throws IOException {
    Set<String> missing = options.missingMarkers();
    Records records = new Records();
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
              addRecord(records, fields, recordLine, missing, source, options);
            }
          }
        }
      } catch (JsonProcessingException e) {
        throw malformed(e, depth >= 2, recordLine, source, options);
      } catch (CharacterCodingException e) {
        throw undecodable(e, parser.currentLocation().getLineNr(), source);
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
    return records;
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
            + describe(options.separator())
            + ", a double quote or a line break is enclosed in double quotes, and a double quote"
            + " inside it is written twice (\"\"). Fix the quoting in the file, or set"
            + " CsvOptions.separator(...) if the file uses another separator.",
        line,
        null,
        e);
  }

  /** Text that is not UTF-8, at or after {@code line}. */
  private static CsvFormatException undecodable(CharacterCodingException e, int line, String source) {
    return new CsvFormatException(
        source + " line " + line + ": cannot decode the text at or after this line (" + e
            + "); Table.readCsv(Path) expects UTF-8. Re-save the file as UTF-8, or open it with"
            + " its charset and pass the Reader to Table.readCsv(Reader, source, options).",
        line,
        null,
        e);
  }

  private static void addRecord(
      Records records, List<String> fields, int line, Set<String> missing, String source, CsvOptions options)
      throws CsvFormatException {
    if (fields.isEmpty()) {
      return;
    }
    boolean blankLine = fields.size() == 1 && fields.get(0).isBlank();
    if (records.header == null) {
      if (!blankLine) {
        String[] header = fields.toArray(new String[0]);
        if (header[0].startsWith("\uFEFF")) {
          header[0] = header[0].substring(1);
        }
        checkHeader(header, line, source, options);
        records.header = header;
        records.headerLine = line;
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
              + describe(options.separator())
              + ", and enclose fields that contain it in double quotes.",
          line,
          null);
    }
    String[] row = new String[width];
    for (int c = 0; c < width; c++) {
      String v = fields.get(c);
      row[c] = missing.contains(v) ? null : v;
    }
    records.add(row, line);
  }

  private static void checkHeader(String[] header, int line, String source, CsvOptions options)
      throws CsvFormatException {
    List<Integer> unnamed = new ArrayList<>();
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    for (int c = 0; c < header.length; c++) {
      if (header[c].isBlank()) {
        unnamed.add(c + 1);
      } else {
        positions.computeIfAbsent(header[c], k -> new ArrayList<>()).add(c + 1);
      }
    }
    if (!unnamed.isEmpty()) {
      throw new CsvFormatException(
          source + " line " + line + ": the header has no name for "
              + (unnamed.size() == 1 ? "column " : "columns ") + joinAnd(unnamed)
              + "; every column needs a name. Name it in the header (R's write.csv writes an"
              + " unnamed first column of row names unless called with row.names = FALSE).",
          line,
          null);
    }
    List<String> repeats = new ArrayList<>();
    String firstRepeat = null;
    for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
      if (e.getValue().size() > 1) {
        repeats.add("'" + e.getKey() + "' (columns " + joinAnd(e.getValue()) + ")");
        firstRepeat = firstRepeat == null ? e.getKey() : firstRepeat;
      }
    }
    if (!repeats.isEmpty()) {
      throw new CsvFormatException(
          source + " line " + line + ": the header repeats " + (repeats.size() == 1 ? "the name " : "the names ")
              + joinAnd(repeats) + "; every column needs a unique name. Rename the repeats in the header.",
          line,
          firstRepeat);
    }
    List<String> absent =
        options.types().keySet().stream().filter(n -> !positions.containsKey(n)).collect(Collectors.toList());
    if (!absent.isEmpty()) {
      throw new CsvFormatException(
          source + " line " + line + ": CsvOptions declares " + (absent.size() == 1 ? "column " : "columns ")
              + joinAnd(absent.stream().map(n -> "'" + n + "'").collect(Collectors.toList()))
              + " but the header has " + quoted(header)
              + "; names are case-sensitive. Fix the name in CsvOptions or in the header.",
          line,
          absent.size() == 1 ? absent.get(0) : null);
    }
  }

  private static Column toColumn(Records records, int c, String source, CsvOptions options)
      throws CsvFormatException {
    String name = records.header[c];
    int n = records.rows.size();
    String[] values = new String[n];
    for (int r = 0; r < n; r++) {
      values[r] = records.rows.get(r)[c];
    }
    ColumnType declared = options.types().get(name);
    if (declared == null || declared == ColumnType.NUMERIC) {
      double[] numbers = new double[n];
      int bad = parseNumbers(values, numbers);
      if (bad < 0) {
        return new Column.Numeric(name, numbers);
      }
      if (declared == ColumnType.NUMERIC) {
        throw badValue(records, bad, c, values[bad], "is not a number", ColumnType.NUMERIC, source);
      }
    }
    if (declared == null || declared == ColumnType.TIMESTAMP) {
      long[] millis = new long[n];
      int bad = parseTimestamps(values, options.zone(), millis);
      if (bad < 0) {
        return new Column.Timestamp(name, millis);
      }
      if (declared == ColumnType.TIMESTAMP) {
        throw badValue(
            records,
            bad,
            c,
            values[bad],
            "is not an ISO-8601 date or date-time such as 2024-03-01, 2024-03-01T09:30:00 or 2024-03-01T09:30:00Z",
            ColumnType.TIMESTAMP,
            source);
      }
    }
    if (declared == ColumnType.TEXT || (declared == null && looksLikeText(values))) {
      return new Column.Text(name, values);
    }
    return Column.Categorical.of(name, values);
  }

  private static CsvFormatException badValue(
      Records records, int row, int c, String value, String problem, ColumnType declared, String source) {
    int line = records.lines[row];
    String name = records.header[c];
    return new CsvFormatException(
        source + " line " + line + ", column '" + name + "' (" + (c + 1) + "): '" + shown(value) + "' "
            + problem + "; the column is declared " + declared + ". " + FIX_VALUE,
        line,
        name);
  }

  /** Parses the numbers into {@code out} (missing to NaN); the index of the first non-number or -1. */
  private static int parseNumbers(String[] values, double[] out) {
    for (int r = 0; r < values.length; r++) {
      String v = values[r];
      if (v == null) {
        out[r] = Double.NaN;
      } else if (isNumber(v)) {
        out[r] = Double.parseDouble(v);
      } else {
        return r;
      }
    }
    return -1;
  }

  /**
   * Whether the text, trimmed as {@link Double#parseDouble} trims it, is a decimal number, NaN
   * or a signed Infinity. Checked by hand so that non-numbers cost no exception and Java-only
   * forms such as {@code 0x1p3} and {@code 1d} are refused.
   */
  static boolean isNumber(String s) {
    String t = s.trim();
    int n = t.length();
    int i = 0;
    if (t.equals("NaN")) {
      return true;
    }
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      i++;
    }
    if (t.startsWith("Infinity", i)) {
      return i + "Infinity".length() == n;
    }
    int digits = 0;
    while (i < n && isDigit(t.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(t.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Parses the timestamps into {@code out} (missing to MISSING_TIME); the first bad index or -1. */
  private static int parseTimestamps(String[] values, ZoneId zone, long[] out) {
    for (int r = 0; r < values.length; r++) {
      String v = values[r];
      if (v == null) {
        out[r] = Column.MISSING_TIME;
      } else {
        Long millis = parseTimestamp(v, zone);
        if (millis == null) {
          return r;
        }
        out[r] = millis;
      }
    }
    return -1;
  }

  /** Epoch milliseconds of an ISO-8601 date or date-time, or {@code null} when it is not one. */
  static Long parseTimestamp(String s, ZoneId zone) {
    String t = s.trim();
    // Every accepted form starts with a four-digit year and a dash; anything else is refused
    // without the cost of an exception.
    if (t.length() < 10
        || !(isDigit(t.charAt(0)) && isDigit(t.charAt(1)) && isDigit(t.charAt(2)) && isDigit(t.charAt(3)))
        || t.charAt(4) != '-') {
      return null;
    }
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(zone).toInstant().toEpochMilli();
      }
      if (t.charAt(10) == ' ') {
        t = t.substring(0, 10) + 'T' + t.substring(11);
      }
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from, LocalDateTime::from);
      ZonedDateTime at =
          parsed instanceof ZonedDateTime z ? z : ((LocalDateTime) parsed).atZone(zone);
      return at.toInstant().toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /** Mostly distinct values of which more than half contain whitespace. */
  private static boolean looksLikeText(String[] values) {
    int present = 0;
    int withSpace = 0;
    for (String v : values) {
      if (v != null) {
        present++;
        if (containsWhitespace(v)) {
          withSpace++;
        }
      }
    }
    if (withSpace * 2 <= present) {
      return false;
    }
    Set<String> distinct = new HashSet<>();
    for (String v : values) {
      if (v != null) {
        distinct.add(v);
      }
    }
    return distinct.size() * 2 > present;
  }

  private static boolean containsWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static String describe(char separator) {
    return separator == '\t' ? "(tab)" : "'" + separator + "'";
  }

  /** A value for an error message: line breaks made visible, long values cut. */
  private static String shown(String value) {
    String v = value.replace("\r", "\\r").replace("\n", "\\n");
    return v.length() <= SHOWN_CHARS ? v : v.substring(0, SHOWN_CHARS - 3) + "...";
  }

  private static String quoted(String[] names) {
    return Arrays.stream(names).map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  /** "1", "1 and 2", "1, 2 and 3". */
  private static String joinAnd(List<?> items) {
    if (items.size() == 1) {
      return String.valueOf(items.get(0));
    }
    String head =
        items.subList(0, items.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "));
    return head + " and " + items.get(items.size() - 1);
  }
}
