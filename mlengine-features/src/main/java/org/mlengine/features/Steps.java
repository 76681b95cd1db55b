package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.Extractor;
import org.mlengine.core.FitContext;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/** Checks and messages shared by the steps: column lists, schema checks, input validation. */
final class Steps {
  private Steps() {}

  /**
   * Copies the column names a factory got, refusing none, null, empty and repeated names.
   *
   * @param factory the factory's name, e.g. {@code "oneHot"}
   * @param example a column name to show in the message, e.g. {@code "Home"}
   */
  static ImmutableList<String> columnList(String factory, String example, String... columns) {
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException(
          "Features." + factory + "() needs at least one column, e.g. Features." + factory + "(\"" + example + "\")");
    }
    Set<String> seen = new HashSet<>();
    for (String c : columns) {
      if (c == null || c.isEmpty()) {
        throw new IllegalArgumentException(
            "Features." + factory + "(...) got " + (c == null ? "a null" : "an empty")
                + " column name; give each column's name as the table spells it");
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException(
            "column '" + c + "' is listed twice in Features." + factory + "(...); list each column once");
      }
    }
    return ImmutableList.copyOf(columns);
  }

  /**
   * Adds a problem for each column that is absent from the schema or of a type the step does not
   * take.
   *
   * @param step the step as messages name it, e.g. {@code "standardize"}
   */
  static void checkColumns(String step, List<String> columns, Schema schema, Set<ColumnType> accepted, List<String> problems) {
    for (String c : columns) {
      Optional<Schema.Field> field = schema.column(c);
      if (field.isEmpty()) {
        problems.add(absent(step, c, schema.names()));
      } else if (!accepted.contains(field.get().type())) {
        problems.add(wrongType(step, c, field.get().type(), accepted));
      }
    }
  }

  /** {@code standardize reads column 'Incme', which is not in the table; ...}. */
  static String absent(String step, String column, List<String> names) {
    return step + " reads column '" + column + "', which is not in the table; the table has " + names
        + ". Check the spelling.";
  }

  /** {@code column 'Review' is TEXT; standardize needs NUMERIC. Declare it with ... or drop it.} */
  static String wrongType(String step, String column, ColumnType actual, Set<ColumnType> accepted) {
    List<String> types = accepted.stream().sorted().map(ColumnType::name).collect(Collectors.toList());
    List<String> declarations = accepted.stream()
        .sorted()
        .map(t -> "CsvOptions." + t.name().toLowerCase(java.util.Locale.ROOT) + "(\"" + column + "\")")
        .collect(Collectors.toList());
    String declare = declarations.size() == 1
        ? declarations.get(0) + " or drop it."
        : String.join(" or ", declarations) + ", or drop it.";
    return "column '" + column + "' is " + actual + "; " + step + " needs " + String.join(" or ", types)
        + ". Declare it with " + declare;
  }

  /**
   * Checks a step against the table it is about to be fitted on and refuses a step that reads
   * the target; throws with every problem at once.
   */
  static void checkFit(Extractor step, FitContext context) {
    List<String> problems = new ArrayList<>();
    step.check(context.table().schema(), problems);
    String target = context.target();
    if (step.columns().contains(target)) {
      problems.add(step.name() + " reads column '" + target + "', which is the target; a feature step must not"
          + " read the target, or the model sees its own answer. Remove '" + target + "' from the step's columns.");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
  }

  // ---- input validation at apply time ----

  /** The values of a NUMERIC input column; a column whose values are all missing counts as NUMERIC. */
  static double[] numbers(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.NUMERIC) {
      return table.numericColumn(column);
    }
    if (allMissing(table, column)) {
      double[] out = new double[table.rowCount()];
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.NUMERIC);
  }

  /**
   * The values of a CATEGORICAL input column ({@code null} for missing); a column whose values
   * are all missing counts as CATEGORICAL, because a request holding only missing values cannot
   * show its type (a map with a {@code null} value becomes a NUMERIC column).
   */
  static String[] strings(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.CATEGORICAL) {
      return table.stringColumn(column);
    }
    if (allMissing(table, column)) {
      return new String[table.rowCount()];
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.CATEGORICAL);
  }

  /**
   * Replaces each CATEGORICAL column named in {@code states} by the number {@code encode} gives
   * each of its values ({@code null} for missing), as the per-category encoders do.
   */
  static <S> Table encodeCategories(String step, Table table, java.util.Map<String, S> states,
      java.util.function.ToDoubleBiFunction<S, String> encode) {
    Table out = table;
    for (java.util.Map.Entry<String, S> e : states.entrySet()) {
      String[] values = strings(step, table, e.getKey());
      double[] encoded = new double[values.length];
      for (int r = 0; r < values.length; r++) {
        encoded[r] = encode.applyAsDouble(e.getValue(), values[r]);
      }
      out = out.withNumeric(e.getKey(), encoded);
    }
    return out;
  }

  /**
   * The values of a TIMESTAMP input column in epoch milliseconds ({@code Long.MIN_VALUE} for
   * missing); a column whose values are all missing counts as TIMESTAMP.
   */
  static long[] timestamps(String step, Table table, String column) {
    requirePresent(step, table, column);
    ColumnType type = table.type(column);
    if (type == ColumnType.TIMESTAMP) {
      return table.timestampColumn(column);
    }
    if (allMissing(table, column)) {
      long[] out = new long[table.rowCount()];
      java.util.Arrays.fill(out, Long.MIN_VALUE);
      return out;
    }
    throw wrongTypeAtApply(step, column, type, ColumnType.TIMESTAMP);
  }

  static void requirePresent(String step, Table table, String column) {
    if (!table.hasColumn(column)) {
      throw new InvalidInputException(
          column,
          step + " reads column '" + column + "', which is not in the input; the input has " + table.columnNames()
              + ". Add the column, with a missing value (NaN or null) where the value is unknown.");
    }
  }

  /** {@code column 'Income' is CATEGORICAL; standardize expects NUMERIC. ...}. */
  static InvalidInputException wrongTypeAtApply(String step, String column, ColumnType actual, ColumnType expected) {
    String hint = expected == ColumnType.NUMERIC
        ? "Send numbers in it, with NaN or null for a missing value."
        : expected == ColumnType.TIMESTAMP
        ? "Send instants in it (java.time.Instant), with null for a missing value."
        : "Send strings in it, with null for a missing value.";
    return new InvalidInputException(
        column, "column '" + column + "' is " + actual + "; " + step + " expects " + expected + ". " + hint);
  }

  /** Refuses to overwrite a column the input already has with a new output column. */
  static void requireFree(String step, Table table, String output, String input) {
    if (table.hasColumn(output)) {
      throw new InvalidInputException(
          output,
          step + " writes column '" + output + "' from column '" + input + "', but the input already has a column"
              + " of that name. Rename or drop that column first.");
    }
  }

  private static boolean allMissing(Table table, String column) {
    for (int r = 0; r < table.rowCount(); r++) {
      if (!table.isMissing(column, r)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The type a column has at this step of a row-form compilation, or null when it is absent;
   * row forms check their columns with it and decline to compile (leaving the table path to
   * report the problem) rather than fail.
   */
  static org.mlengine.runtime.ColumnType typeAt(org.mlengine.runtime.spi.Slots slots, String column) {
    return slots.find(column).orElse(null);
  }
}
