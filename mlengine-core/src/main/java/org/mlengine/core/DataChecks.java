package org.mlengine.core;

import org.mlengine.core.internal.Words;
import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.internal.RuntimeAccess;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The front door for declarative data checks in the spirit of Amazon Deequ: completeness,
 * uniqueness, allowed values, ranges, patterns, row counts and timestamps not in the future.
 * {@link Pipeline.Builder#check(DataCheck...)} runs them on the whole input table before the
 * split and before anything is fitted, beside the checks every pipeline runs (the target has a
 * value in every row and is not constant; no NUMERIC input or target holds Infinity), and reports
 * every failure in one error: what failed, the observed value, what was expected and how to fix
 * it.
 *
 * <pre>{@code
 * Pipeline.builder()
 *     .target("Status")
 *     .check(DataChecks.complete("Status", "Home"),
 *            DataChecks.completeness("Income", 0.95),
 *            DataChecks.unique("Id"),
 *            DataChecks.allowedValues("Home", "rent", "owner", "parents", "priv", "other", "ignore"),
 *            DataChecks.range("Age", 18, 100),
 *            DataChecks.matches("Zip", "\\d{5}"),
 *            DataChecks.rowCount(100, 1_000_000),
 *            DataChecks.noFutureTimestamps("When", Instant.parse("2024-03-01T00:00:00Z")))
 *     ...
 * }</pre>
 *
 * <p>Missing values count only against the completeness checks; the other checks look at the
 * values that are there.
 */
public final class DataChecks {
  /** How many offending values or rows a message names. */
  private static final int EXAMPLES = 3;

  private DataChecks() {}

  /** Every row has a value in each of these columns (Deequ's {@code isComplete}). */
  public static DataCheck complete(String... columns) {
    List<String> names = names("complete", columns);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("columns", names);
    return new DataCheck("complete", spec, (table, failures) -> {
      for (String column : names) {
        if (present(table, column, "complete", failures)) {
          int missing = missing(table, column);
          if (missing > 0) {
            failures.add("complete('" + column + "'): " + missing + " of " + table.rowCount() + " rows have no value (first at row "
                + firstMissing(table, column) + "); expected a value in every row. Fill or drop those rows, or use"
                + " completeness(\"" + column + "\", share) if some gaps are acceptable.");
          }
        }
      }
    });
  }

  /** At least {@code minShare} (in [0, 1]) of the rows have a value in the column (Deequ's {@code hasCompleteness}). */
  public static DataCheck completeness(String column, double minShare) {
    name("completeness", column);
    if (!(minShare >= 0 && minShare <= 1)) {
      throw new IllegalArgumentException("completeness(\"" + column + "\", " + minShare + "): the share is a fraction of rows in [0, 1],"
          + " e.g. 0.95");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", column);
    spec.put("minShare", minShare);
    return new DataCheck("completeness", spec, (table, failures) -> {
      if (present(table, column, "completeness", failures)) {
        int n = table.rowCount();
        int missing = missing(table, column);
        double share = n == 0 ? 1 : (double) (n - missing) / n;
        if (share < minShare) {
          failures.add("completeness('" + column + "'): " + fmt(share) + " of rows have a value (" + missing + " of " + n
              + " missing); expected at least " + fmt(minShare) + ". Find why values are missing upstream, or lower the"
              + " threshold and impute the column (Features.impute).");
        }
      }
    });
  }

  /**
   * No two rows share the same values in these columns together (Deequ's {@code isUnique});
   * a missing value counts as a value.
   */
  public static DataCheck unique(String... columns) {
    List<String> names = names("unique", columns);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("columns", names);
    return new DataCheck("unique", spec, (table, failures) -> {
      boolean all = true;
      for (String column : names) {
        all &= present(table, column, "unique", failures);
      }
      if (!all) {
        return;
      }
      Map<List<Object>, Integer> first = new HashMap<>();
      int duplicates = 0;
      List<String> examples = new ArrayList<>();
      for (int r = 0; r < table.rowCount(); r++) {
        List<Object> key = new ArrayList<>(names.size());
        for (String column : names) {
          key.add(table.value(column, r));
        }
        Integer earlier = first.putIfAbsent(key, r);
        if (earlier != null) {
          duplicates++;
          if (examples.size() < EXAMPLES) {
            examples.add("row " + r + " repeats row " + earlier + " " + key);
          }
        }
      }
      if (duplicates > 0) {
        failures.add("unique(" + quoted(names) + "): " + Words.plural(duplicates, "row repeats", "rows repeat") + " an earlier row's value (" + String.join("; ", examples)
            + "); expected every row to be unique. Remove the duplicate rows, or check " + quoted(names) + " is really a key.");
      }
    });
  }

  /** Every value of a CATEGORICAL or TEXT column is one of {@code allowed} (Deequ's {@code isContainedIn}). */
  public static DataCheck allowedValues(String column, String... allowed) {
    name("allowedValues", column);
    if (allowed.length == 0) {
      throw new IllegalArgumentException("allowedValues(\"" + column + "\") lists no values; list every value the column may hold");
    }
    Set<String> listed = new LinkedHashSet<>();
    for (String a : allowed) {
      listed.add(Objects.requireNonNull(a, "allowedValues(\"" + column + "\", ...) lists null; list values, and check completeness separately"));
    }
    Set<String> values = com.google.common.collect.ImmutableSet.copyOf(listed);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", column);
    spec.put("values", List.copyOf(values));
    return new DataCheck("allowedValues", spec, (table, failures) -> {
      if (present(table, column, "allowedValues", failures) && strings(table, column, "allowedValues", failures)) {
        int bad = 0;
        Set<String> seen = new TreeSet<>();
        for (int r = 0; r < table.rowCount(); r++) {
          String v = table.string(column, r);
          if (v != null && !values.contains(v)) {
            bad++;
            seen.add(v);
          }
        }
        if (bad > 0) {
          failures.add("allowedValues('" + column + "'): " + Words.plural(bad, "row holds a value", "rows hold values") + " outside the allowed set, e.g. "
              + seen.stream().limit(EXAMPLES).map(v -> "'" + v + "'").toList() + " (" + seen.size() + " distinct); expected one of "
              + values + ". Correct those values upstream, or add them to the allowed values if they are legitimate.");
        }
      }
    });
  }

  /** Every value of a NUMERIC column is in {@code [min, max]}. */
  public static DataCheck range(String column, double min, double max) {
    name("range", column);
    if (!(min <= max)) {
      throw new IllegalArgumentException("range(\"" + column + "\", " + min + ", " + max + "): min must be at most max");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", column);
    spec.put("min", min);
    spec.put("max", max);
    return new DataCheck("range", spec, (table, failures) -> {
      if (!present(table, column, "range", failures)) {
        return;
      }
      if (table.type(column) != ColumnType.NUMERIC) {
        failures.add("range('" + column + "'): the column is " + table.type(column) + "; expected NUMERIC. Declare it with"
            + " CsvOptions.defaults().numeric(\"" + column + "\") or check another column.");
        return;
      }
      int bad = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      int firstBad = -1;
      for (int r = 0; r < table.rowCount(); r++) {
        double v = table.numeric(column, r);
        if (Double.isNaN(v)) {
          continue;
        }
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        if (v < min || v > max) {
          bad++;
          firstBad = firstBad < 0 ? r : firstBad;
        }
      }
      if (bad > 0) {
        failures.add("range('" + column + "'): " + Words.plural(bad, "row is", "rows are") + " outside [" + fmt(min) + ", " + fmt(max) + "] (first at row " + firstBad
            + "); observed values from " + fmt(lo) + " to " + fmt(hi) + ". Correct or remove those rows (a sentinel such as"
            + " 99999999 for 'unknown' should be missing instead), or widen the range.");
      }
    });
  }

  /** Every value of a CATEGORICAL or TEXT column matches the regular expression as a whole. */
  public static DataCheck matches(String column, String regex) {
    name("matches", column);
    Pattern pattern;
    try {
      pattern = Pattern.compile(Objects.requireNonNull(regex, "matches(\"" + column + "\", null): give a regular expression"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("matches(\"" + column + "\", \"" + regex + "\"): not a regular expression: " + e.getDescription(), e);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", column);
    spec.put("pattern", regex);
    return new DataCheck("matches", spec, (table, failures) -> {
      if (present(table, column, "matches", failures) && strings(table, column, "matches", failures)) {
        int bad = 0;
        List<String> examples = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
          String v = table.string(column, r);
          if (v != null && !pattern.matcher(v).matches()) {
            bad++;
            if (examples.size() < EXAMPLES) {
              examples.add("'" + v + "' at row " + r);
            }
          }
        }
        if (bad > 0) {
          failures.add("matches('" + column + "'): " + Words.plural(bad, "row does", "rows do") + " not match /" + regex + "/, e.g. " + String.join(", ", examples)
              + "; expected every value to match. Correct those values upstream, or fix the pattern.");
        }
      }
    });
  }

  /** The table has between {@code min} and {@code max} rows, both included. */
  public static DataCheck rowCount(long min, long max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("rowCount(" + min + ", " + max + "): give 0 <= min <= max");
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("min", min);
    spec.put("max", max);
    return new DataCheck("rowCount", spec, (table, failures) -> {
      int n = table.rowCount();
      if (n < min || n > max) {
        failures.add("rowCount: the table has " + n + " rows; expected between " + min + " and " + max + ". Check that the"
            + " extract is complete (too few) or not duplicated (too many), or change the bounds.");
      }
    });
  }

  /**
   * No value of a TIMESTAMP column is after {@code asOf}. The reference instant is a parameter,
   * never a clock read inside the check: pass the time the data were extracted (or
   * {@code clock.instant()} of a {@link java.time.Clock} you hold) — it is part of the pipeline
   * spec, so a fixed instant keeps the bundle id reproducible.
   */
  public static DataCheck noFutureTimestamps(String column, Instant asOf) {
    name("noFutureTimestamps", column);
    Objects.requireNonNull(asOf, "noFutureTimestamps(\"" + column + "\", null): give the instant the data were extracted");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("column", column);
    spec.put("asOf", asOf.toString());
    return new DataCheck("noFutureTimestamps", spec, (table, failures) -> {
      if (!present(table, column, "noFutureTimestamps", failures)) {
        return;
      }
      if (table.type(column) != ColumnType.TIMESTAMP) {
        failures.add("noFutureTimestamps('" + column + "'): the column is " + table.type(column) + "; expected TIMESTAMP. Declare it"
            + " with CsvOptions.defaults().timestamp(\"" + column + "\").");
        return;
      }
      long limit = asOf.toEpochMilli();
      int bad = 0;
      long latest = Long.MIN_VALUE;
      int firstBad = -1;
      long[] values = table.timestampColumn(column);
      for (int r = 0; r < values.length; r++) {
        if (values[r] != Column.MISSING_TIME && values[r] > limit) {
          bad++;
          latest = Math.max(latest, values[r]);
          firstBad = firstBad < 0 ? r : firstBad;
        }
      }
      if (bad > 0) {
        failures.add("noFutureTimestamps('" + column + "'): " + Words.plural(bad, "row is", "rows are") + " after " + asOf + " (first at row " + firstBad
            + ", latest " + Instant.ofEpochMilli(latest) + "); expected none after the reference instant. Check the time zone"
            + " and clock of the source, or drop those rows.");
      }
    });
  }

  /** The checks every pipeline runs: the target has a value in every row and is not constant. */
  static void checkTarget(Table table, String target, List<String> failures) {
    int missing = missing(table, target);
    if (missing > 0) {
      failures.add("target '" + target + "': " + missing + " of " + table.rowCount() + " rows have no value (first at row "
          + firstMissing(table, target) + "); expected a label in every row. Drop the unlabelled rows before fitting.");
    }
    Set<Object> distinct = new LinkedHashSet<>();
    Column targetColumn = RuntimeAccess.tables().column(table, target);
    for (int r = 0; r < table.rowCount() && distinct.size() < 2; r++) {
      Object v = targetColumn.value(r);
      if (v != null) {
        distinct.add(v);
      }
    }
    if (distinct.size() < 2) {
      failures.add("target '" + target + "': " + (distinct.isEmpty() ? "has no value at all" : "every labelled row holds " + distinct.iterator().next())
          + "; expected at least two different values, or there is nothing to learn. Check the extract (a filter may"
          + " have kept one class only).");
    }
  }

  /**
   * A check every pipeline runs: no NUMERIC input column (nor a NUMERIC target) holds
   * {@code Infinity} or {@code -Infinity}, which is what text such as {@code 1e309} reads as. A
   * trainer given one learns NaN weights or fails deep inside, and a predictor refuses such a
   * value in a request, so it is refused here, naming the column, the count and the first rows.
   */
  static void checkFinite(Table table, List<String> inputs, String target, List<String> failures) {
    for (String column : inputs) {
      if (table.type(column) == ColumnType.NUMERIC) {
        infinite(table, column).ifPresent(found -> failures.add("column '" + column + "' holds " + found + "; every number a model"
            + " learns from must be finite (scikit-learn refuses it too: \"Input X contains infinity\"). Before fitting, replace"
            + " them with NaN and add Features.impute(\"" + column + "\") if they stand for unknown values, or with a finite cap if"
            + " they stand for very large ones (Features.clip cannot: a request holding Infinity is refused too), or drop those"
            + " rows."));
      }
    }
    if (table.hasColumn(target) && table.type(target) == ColumnType.NUMERIC) {
      infinite(table, target).ifPresent(found -> failures.add("target '" + target + "' holds " + found + "; a target must be a"
          + " finite number. Correct those rows or drop them before fitting."));
    }
  }

  /** "2 infinite values in 100 rows (Infinity at row 3, -Infinity at row 17)", naming the first few rows; empty when there are none. */
  private static java.util.Optional<String> infinite(Table table, String column) {
    return matchingRows(table.numericColumn(column), Double::isInfinite, "infinite value", "infinite values", true);
  }

  /**
   * "2 of 200 rows (rows 3, 17)", or with values "2 negative weights in 200 rows (-1.0 at row
   * 3, -2.0 at row 17)", naming the first few rows; empty when no value matches.
   */
  static java.util.Optional<String> matchingRows(double[] values, java.util.function.DoublePredicate matches, String one, String many,
      boolean withValues) {
    int count = 0;
    List<String> first = new ArrayList<>();
    for (int r = 0; r < values.length; r++) {
      if (matches.test(values[r])) {
        count++;
        if (first.size() < EXAMPLES) {
          first.add(withValues ? values[r] + " at row " + r : Integer.toString(r));
        }
      }
    }
    if (count == 0) {
      return java.util.Optional.empty();
    }
    String listed = String.join(", ", first) + (count > first.size() ? ", ..." : "");
    return java.util.Optional.of(withValues
        ? Words.plural(count, one, many) + " in " + values.length + " rows (" + listed + ")"
        : count + " of " + values.length + " " + (values.length == 1 ? one : many) + " (" + (count == 1 ? "row " : "rows ")
            + listed + ")");
  }

  // ---- helpers ----

  private static List<String> names(String check, String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException(check + "() names no column; name at least one, e.g. " + check + "(\"Income\")");
    }
    for (String c : columns) {
      name(check, c);
    }
    return List.copyOf(Arrays.asList(columns));
  }

  private static void name(String check, String column) {
    Objects.requireNonNull(column, check + "(...) was given a null column name; give the column's name");
  }

  private static boolean present(Table table, String column, String check, List<String> failures) {
    if (!table.hasColumn(column)) {
      failures.add(check + "('" + column + "'): the table has no column '" + column + "'; it has " + table.columnNames()
          + ". Check the spelling.");
      return false;
    }
    return true;
  }

  private static boolean strings(Table table, String column, String check, List<String> failures) {
    ColumnType type = table.type(column);
    if (type != ColumnType.CATEGORICAL && type != ColumnType.TEXT) {
      failures.add(check + "('" + column + "'): the column is " + type + "; expected CATEGORICAL or TEXT. Declare it with"
          + " CsvOptions.defaults().categorical(\"" + column + "\") or use range() for numbers.");
      return false;
    }
    return true;
  }

  private static int missing(Table table, String column) {
    Column c = RuntimeAccess.tables().column(table, column);   // looked up once, not per row
    int missing = 0;
    for (int r = 0; r < table.rowCount(); r++) {
      missing += c.isMissing(r) ? 1 : 0;
    }
    return missing;
  }

  private static int firstMissing(Table table, String column) {
    Column c = RuntimeAccess.tables().column(table, column);
    for (int r = 0; r < table.rowCount(); r++) {
      if (c.isMissing(r)) {
        return r;
      }
    }
    return -1;
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
  }
}
