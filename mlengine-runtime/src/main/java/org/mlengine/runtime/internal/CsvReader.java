package org.mlengine.runtime.internal;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.CsvFormatException;
import org.mlengine.runtime.CsvOptions;
import org.mlengine.runtime.Table;
import java.io.IOException;
import java.io.Reader;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads CSV into a {@link Table}: {@link CsvScanner} splits the records, each {@link CsvColumn}
 * takes its values straight from the scanner's characters.
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
 *       with a double quote inside it written twice. Lines end with LF, CRLF or a lone CR. {@link
 *       Table#readCsv(Path, CsvOptions)} decodes the file in {@link CsvOptions#charset()}
 *       (UTF-8 by default); bytes not valid in it are an error naming their line, column and byte
 *       offset. A leading byte-order mark is dropped before the header is split, so a quoted
 *       first name ({@code "Status"}) reads without its quotes. A NUL character is an error (it
 *       means a UTF-16 or binary file).
 *   <li><b>Header.</b> The first non-blank record names the columns; every name must be
 *       non-blank and unique, and every column declared in {@link CsvOptions#types()} must be
 *       among them. Names are taken as written (not trimmed).
 *   <li><b>Records.</b> Every record has exactly one field per header column. Blank lines (empty
 *       or only whitespace) are skipped, except in a one-column file, where an empty line is an
 *       empty value as RFC 4180 reads it.
 *   <li><b>Missing values.</b> A field exactly equal to one of {@link CsvOptions#missingMarkers()}
 *       (by default {@code NA} and the empty string; no trimming) is missing: {@code NaN} in a
 *       NUMERIC column, {@code null} otherwise. Quoted and unquoted fields are alike here, so
 *       {@code "NA"} in quotes is missing too (as when Jackson's parser read the file).
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
 * name and 1-based position; for bytes that cannot be decoded and NUL characters, the line and
 * column where they are. The file is read in one pass and each value is stored in its column's
 * final form as it is parsed (see {@link CsvColumn}), so the first problem in file order is the
 * one reported.
 *
 * <p>{@link #read(Path, CsvOptions)} hands a file to {@link CsvFile}, which reads a large one in
 * parallel chunks and keeps no value as written (it reads the file a second time, once however
 * many columns need them, when guessed types break late); the result, the messages included, is
 * the same as reading it through a Reader.
 */
public final class CsvReader {

  /** The longest value quoted whole in an error message. */
  private static final int SHOWN_CHARS = 60;

  public static final String FIX_VALUE =
      "Fix the value, mark it missing with CsvOptions.missingValues(...), or declare the column CATEGORICAL.";

  private CsvReader() {}

  public static Table read(Path path, CsvOptions options) throws IOException {
    Objects.requireNonNull(path, "path is null; pass the CSV file's path");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    return CsvFile.read(path, options);
  }

  public static Table read(Reader reader, String source, CsvOptions options) throws IOException {
    Objects.requireNonNull(reader, "reader is null; pass an open Reader");
    Objects.requireNonNull(source, "source is null; pass a name for error messages, such as the file name");
    Objects.requireNonNull(options, "options is null; pass CsvOptions.defaults() for the defaults");
    return parse(CsvInput.reading(reader, source), source, options);
  }

  /** The header, then each record's values handed to their columns as they are parsed. */
  static final class Records {
    final String source;
    final CsvOptions options;
    final char[][] missing;
    /** Whether columns keep their values as written while their type is a guess. */
    final boolean keepTexts;
    /** Undeclared columns started as categories (see {@link CsvColumn.Restart}). */
    final Set<String> asStrings;
    /** Columns whose declared type {@link CsvStream} inferred from its first records. */
    Set<String> inferred = Set.of();
    int inferredRows;
    String[] header;
    CsvColumn[] columns;
    /** The records read after the header. */
    int rows;

    Records(String source, CsvOptions options, boolean keepTexts, Set<String> asStrings) {
      this.source = source;
      this.options = options;
      this.missing = options.missingMarkers().stream().map(String::toCharArray).toArray(char[][]::new);
      this.keepTexts = keepTexts;
      this.asStrings = asStrings;
    }

    /** Records of the same file read from a later line on, with this header. */
    Records withHeader() {
      Records out = new Records(source, options, keepTexts, asStrings);
      out.inferred = inferred;
      out.inferredRows = inferredRows;
      out.header = header;
      out.columns = columns(header);
      return out;
    }

    CsvColumn[] columns(String[] names) {
      CsvColumn[] out = new CsvColumn[names.length];
      for (int c = 0; c < names.length; c++) {
        out[c] = new CsvColumn(names[c], options.types().get(names[c]), options.zone(), keepTexts,
            asStrings.contains(names[c]));
      }
      return out;
    }

    boolean isMissing(char[] b, int s, int e) {
      for (char[] m : missing) {
        if (m.length == e - s && Arrays.equals(m, 0, m.length, b, s, e)) {
          return true;
        }
      }
      return false;
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
    Records records = new Records(source, options, true, Set.of());
    readAll(reader, records);
    return records.toTable();
  }

  /** Reads every record of {@code reader} into {@code records}, the header first. */
  static void readAll(Reader reader, Records records) throws IOException {
    CsvScanner scanner = new CsvScanner(reader, records.options.separator());
    try {
      while (scanner.next()) {
        addRecord(records, scanner);
      }
    } catch (CsvScanner.Malformed e) {
      throw malformed(e, scanner.nextLine(), records.source, records.options);
    }
    if (records.header == null) {
      throw empty(records.source, records.options);
    }
  }

  static CsvFormatException empty(String source, CsvOptions options) {
    return new CsvFormatException(
        source + " is empty; expected a header row naming the columns, such as Status"
            + options.separator() + "Income" + options.separator()
            + "Home, then one record per line. Check that this is the right file, or add the header row.",
        1,
        null);
  }

  /** A quoting error, at the line where the record being read starts. */
  static CsvFormatException malformed(
      CsvScanner.Malformed e, int recordLine, String source, CsvOptions options) {
    return new CsvFormatException(
        source + " line " + recordLine + ": the CSV is malformed (" + e.getMessage() + ", at line " + e.line
            + ", column " + e.column + "). Expected RFC 4180 quoting: a field that contains the separator "
            + describe(options.separator())
            + ", a double quote or a line break is enclosed in double quotes, and a double quote"
            + " inside it is written twice (\"\"). Fix the quoting in the file, or set"
            + " CsvOptions.separator(...) if the file uses another separator.",
        recordLine,
        null,
        e);
  }

  static void addRecord(Records records, CsvScanner scanner) throws CsvFormatException {
    int n = scanner.fields();
    char[] b = scanner.chars();
    boolean blankLine = n == 1 && isBlank(b, scanner.start(0), scanner.end(0));
    int line = scanner.line();
    if (records.header == null) {
      if (!blankLine) {
        String[] header = new String[n];
        for (int c = 0; c < n; c++) {
          header[c] = new String(b, scanner.start(c), scanner.end(c) - scanner.start(c));
        }
        startColumns(records, header, line);
      }
      return;
    }
    int width = records.header.length;
    if (blankLine && width > 1) {
      return;
    }
    if (n != width) {
      throw wrongWidth(records, n, line);
    }
    CsvColumn[] columns = records.columns;
    records.rows++;
    for (int c = 0; c < width; c++) {
      int s = scanner.start(c);
      int e = scanner.end(c);
      try {
        if (records.isMissing(b, s, e)) {
          columns[c].addMissing();
        } else {
          columns[c].add(b, s, e);
        }
      } catch (CsvColumn.BadValue x) {
        throw badValue(records, line, c, new String(b, s, e - s));
      }
    }
  }

  private static void startColumns(Records records, String[] header, int line) throws CsvFormatException {
    CsvOptions options = records.options;
    checkHeader(header, line, records.source, options);
    records.header = header;
    records.columns = records.columns(header);
  }

  private static CsvFormatException wrongWidth(Records records, int n, int line) {
    int width = records.header.length;
    return new CsvFormatException(
        records.source + " line " + line + " has " + n + (n == 1 ? " field" : " fields")
            + " but the header has " + width + (width == 1 ? " column" : " columns")
            + "; every record needs one field per column. Check for a missing or extra separator "
            + describe(records.options.separator())
            + ", and enclose fields that contain it in double quotes.",
        line,
        null);
  }

  private static boolean isBlank(char[] b, int s, int e) {
    for (int i = s; i < e; i++) {
      if (!Character.isWhitespace(b[i])) {
        return false;
      }
    }
    return true;
  }

  static void checkHeader(String[] header, int line, String source, CsvOptions options)
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

  private static CsvFormatException badValue(Records records, int line, int c, String value) {
    String name = records.header[c];
    ColumnType declared = records.options.types().get(name);
    String problem =
        declared == ColumnType.NUMERIC
            ? "is not a number"
            : "is not an ISO-8601 date or date-time such as 2024-03-01, 2024-03-01T09:30:00 or 2024-03-01T09:30:00Z";
    if (records.inferred.contains(name)) {
      return new CsvFormatException(
          records.source + " line " + line + ", column '" + name + "' (" + (c + 1) + "): '" + shown(value) + "' "
              + problem + "; Table.scanCsv decided the column is " + declared + " from the first "
              + records.inferredRows + " records. Declare its type, such as CsvOptions.categorical(\"" + name
              + "\"), or mark the value missing with CsvOptions.missingValues(...).",
          line,
          name);
    }
    return new CsvFormatException(
        records.source + " line " + line + ", column '" + name + "' (" + (c + 1) + "): '" + shown(value) + "' "
            + problem + "; the column is declared " + declared + ". " + FIX_VALUE,
        line,
        name);
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

  static String describe(char separator) {
    return separator == '\t' ? "(tab)" : "'" + separator + "'";
  }

  /** A value for an error message: line breaks made visible, long values cut. */
  static String shown(String value) {
    String v = value.replace("\r", "\\r").replace("\n", "\\n");
    return v.length() <= SHOWN_CHARS ? v : v.substring(0, SHOWN_CHARS - 3) + "...";
  }

  static String quoted(String[] names) {
    return Arrays.stream(names).map(n -> "'" + n + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  /** "1", "1 and 2", "1, 2 and 3". */
  static String joinAnd(List<?> items) {
    if (items.size() == 1) {
      return String.valueOf(items.get(0));
    }
    String head =
        items.subList(0, items.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "));
    return head + " and " + items.get(items.size() - 1);
  }
}
