package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mlengine.runtime.internal.Immutables;

/**
 * How {@link Table#readCsv(java.nio.file.Path, CsvOptions)} reads a CSV file: column type
 * overrides, the strings that mean "missing", the separator, the time zone of timestamps written
 * without one and the charset of the file. Immutable; every method returns a changed copy.
 *
 * <pre>{@code
 * CsvOptions options = CsvOptions.defaults()
 *     .categorical("Seniority")          // digits, but a code, not a quantity
 *     .text("Review")
 *     .missingValues("NA", "", "?")
 *     .charset(Charset.forName("windows-1252"));   // saved by Excel on Windows
 * Table t = Table.readCsv(path, options);
 * }</pre>
 *
 * <p>Without an override a column is NUMERIC when every non-missing value parses as a number,
 * TIMESTAMP when every value is an ISO-8601 date or date-time, TEXT when its values are mostly
 * distinct and contain spaces, and CATEGORICAL otherwise. By default {@code NA} and the empty
 * string are missing, and files are read as UTF-8.
 */
public final class CsvOptions {
  private static final CsvOptions DEFAULTS =
      new CsvOptions(Map.of(), Immutables.set(List.of("NA", "")), ',', ZoneOffset.UTC, StandardCharsets.UTF_8);

  private final Map<String, ColumnType> types;
  private final Set<String> missingValues;
  private final char separator;
  private final ZoneId zone;
  private final Charset charset;

  private CsvOptions(
      Map<String, ColumnType> types, Set<String> missingValues, char separator, ZoneId zone, Charset charset) {
    this.types = Immutables.map(types);
    this.missingValues = Immutables.set(missingValues);
    this.separator = separator;
    this.zone = zone;
    this.charset = charset;
  }

  /** Type inference, {@code NA} and empty as missing, comma-separated, UTC, UTF-8. */
  public static CsvOptions defaults() {
    return DEFAULTS;
  }

  /** Reads these columns as NUMERIC; a value that does not parse is an error naming its line. */
  public CsvOptions numeric(String... columns) {
    return withType(ColumnType.NUMERIC, columns);
  }

  /** Reads these columns as CATEGORICAL, even when their values look like numbers. */
  public CsvOptions categorical(String... columns) {
    return withType(ColumnType.CATEGORICAL, columns);
  }

  /** Reads these columns as TEXT. */
  public CsvOptions text(String... columns) {
    return withType(ColumnType.TEXT, columns);
  }

  /**
   * Reads these columns as TIMESTAMP: ISO-8601 dates ({@code 2024-03-01}), local date-times
   * (read in {@link #zone(ZoneId)}), offset date-times or instants.
   */
  public CsvOptions timestamp(String... columns) {
    return withType(ColumnType.TIMESTAMP, columns);
  }

  /** The strings that mean "missing" (replacing the defaults {@code NA} and empty). */
  public CsvOptions missingValues(String... values) {
    return new CsvOptions(types, Immutables.set(java.util.Arrays.asList(values)), separator, zone, charset);
  }

  /** The field separator; comma by default. */
  public CsvOptions separator(char separator) {
    checkArgument(separator != '"' && separator != '\n' && separator != '\r', "'%s' cannot separate fields; use , ; | or tab", separator);
    return new CsvOptions(types, missingValues, separator, zone, charset);
  }

  /** The time zone of timestamps written without an offset; UTC by default. */
  public CsvOptions zone(ZoneId zone) {
    return new CsvOptions(types, missingValues, separator, Objects.requireNonNull(zone, "zone"), charset);
  }

  /**
   * The charset that {@link Table#readCsv(java.nio.file.Path, CsvOptions)} decodes the file with;
   * UTF-8 by default. Bytes that are not valid in it are an error naming their line. A {@link
   * java.io.Reader} passed to {@link Table#readCsv(java.io.Reader, String, CsvOptions)} is already
   * decoded, so it ignores this.
   */
  public CsvOptions charset(Charset charset) {
    Objects.requireNonNull(
        charset, "charset is null; pass the file's charset, such as StandardCharsets.UTF_8 (the default)");
    return new CsvOptions(types, missingValues, separator, zone, charset);
  }

  /** The declared column types. */
  public Map<String, ColumnType> types() {
    return types;
  }

  /** The strings read as missing values. */
  public Set<String> missingMarkers() {
    return missingValues;
  }

  /** The field separator. */
  public char separator() {
    return separator;
  }

  /** The zone of timestamps written without an offset. */
  public ZoneId zone() {
    return zone;
  }

  /** The charset a file is decoded with. */
  public Charset charset() {
    return charset;
  }

  private CsvOptions withType(ColumnType type, String... columns) {
    Map<String, ColumnType> out = new LinkedHashMap<>(types);
    for (String c : columns) {
      Objects.requireNonNull(c, "column name");
      out.put(c, type);
    }
    return new CsvOptions(out, missingValues, separator, zone, charset);
  }
}
