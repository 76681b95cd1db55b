package org.mlengine.runtime;

import static org.mlengine.runtime.internal.Checks.checkArgument;

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
 * overrides, the strings that mean "missing", the separator and the time zone of timestamps
 * written without one. Immutable; every method returns a changed copy.
 *
 * <pre>{@code
 * CsvOptions options = CsvOptions.defaults()
 *     .categorical("Seniority")          // digits, but a code, not a quantity
 *     .text("Review")
 *     .missingValues("NA", "", "?");
 * Table t = Table.readCsv(path, options);
 * }</pre>
 *
 * <p>Without an override a column is NUMERIC when every non-missing value parses as a number,
 * TIMESTAMP when every value is an ISO-8601 date or date-time, TEXT when its values are mostly
 * distinct and contain spaces, and CATEGORICAL otherwise. By default {@code NA} and the empty
 * string are missing.
 */
public final class CsvOptions {
  private static final CsvOptions DEFAULTS =
      new CsvOptions(Map.of(), Immutables.set(List.of("NA", "")), ',', ZoneOffset.UTC);

  private final Map<String, ColumnType> types;
  private final Set<String> missingValues;
  private final char separator;
  private final ZoneId zone;

  private CsvOptions(Map<String, ColumnType> types, Set<String> missingValues, char separator, ZoneId zone) {
    this.types = Immutables.map(types);
    this.missingValues = Immutables.set(missingValues);
    this.separator = separator;
    this.zone = zone;
  }

  /** Type inference, {@code NA} and empty as missing, comma-separated, UTC. */
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
    return new CsvOptions(types, Immutables.set(java.util.Arrays.asList(values)), separator, zone);
  }

  /** The field separator; comma by default. */
  public CsvOptions separator(char separator) {
    checkArgument(separator != '"' && separator != '\n' && separator != '\r', "'%s' cannot separate fields; use , ; | or tab", separator);
    return new CsvOptions(types, missingValues, separator, zone);
  }

  /** The time zone of timestamps written without an offset; UTC by default. */
  public CsvOptions zone(ZoneId zone) {
    return new CsvOptions(types, missingValues, separator, Objects.requireNonNull(zone, "zone"));
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

  private CsvOptions withType(ColumnType type, String... columns) {
    Map<String, ColumnType> out = new LinkedHashMap<>(types);
    for (String c : columns) {
      Objects.requireNonNull(c, "column name");
      out.put(c, type);
    }
    return new CsvOptions(out, missingValues, separator, zone);
  }
}
