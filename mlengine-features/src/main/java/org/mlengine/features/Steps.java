package org.mlengine.features;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlengine.runtime.ColumnType;
import org.mlengine.core.spi.Extractor;
import org.mlengine.core.spi.FitContext;
import org.mlengine.runtime.Schema;

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
        problems.add(absent(step, c, schema));
      } else if (!accepted.contains(field.get().type())) {
        problems.add(wrongType(step, c, field.get().type(), accepted));
      }
    }
  }

  /**
   * {@code standardize reads column 'Incme', which is not in the table; ...}, or, for a name
   * {@code Job=clerk} where {@code Job} is a VECTOR column (a sparse one-hot's output), how to get
   * that column as a NUMERIC one.
   */
  static String absent(String step, String column, Schema schema) {
    for (int at = column.indexOf('='); at > 0; at = column.indexOf('=', at + 1)) {
      String vector = column.substring(0, at);
      Optional<Schema.Field> field = schema.column(vector);
      if (field.isPresent() && field.get().type() == ColumnType.VECTOR) {
        return step + " reads column '" + column + "', but '" + vector + "' is a sparse VECTOR column at this step,"
            + " as a one-hot column with more than " + OneHot.SPARSE_ABOVE + " one-hot columns (categories, plus"
            + " " + vector + "=other under minFrequency) or with sparse() is written,"
            + " and '" + column + "' is one of its dimensions, not a column. Write NUMERIC columns with"
            + " Features.oneHot(\"" + vector + "\").dense(), or leave '" + column + "' out of " + step + ".";
      }
    }
    return absent(step, column, schema.names());
  }

  /** {@code standardize reads column 'Incme', which is not in the table; ...}. */
  static String absent(String step, String column, List<String> names) {
    return step + " reads column '" + column + "', which is not in the table; the table has " + names
        + ". Check the spelling.";
  }

  /** {@code column 'Review' is TEXT; standardize needs NUMERIC. Declare it with ... or drop it.} */
  static String wrongType(String step, String column, ColumnType actual, Set<ColumnType> accepted) {
    List<String> types = accepted.stream().sorted().map(ColumnType::name).collect(Collectors.toList());
    if (actual == ColumnType.VECTOR) {
      // The schema does not say where a VECTOR column came from: an earlier step (a sparse
      // one-hot, a bag of words, hashing) or the input table itself (Table.withVector). The
      // message covers both.
      return "column '" + column + "' is VECTOR at this step: either an earlier step wrote it (a sparse one-hot, a"
          + " bag of words or hashing) or the input table has it as a VECTOR column; " + step + " needs "
          + String.join(" or ", types) + ". If a step writes '" + column + "', put " + step + " before that step;"
          + " otherwise leave '" + column + "' out of " + step + ".";
    }
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

  /** Refuses an n-gram range that is not {@code 1 <= min <= max}. */
  static void checkTextRange(String option, int min, int max, String example) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          option + "(" + min + ", " + max + ") needs 1 <= min <= max; e.g. " + example);
    }
  }
}
