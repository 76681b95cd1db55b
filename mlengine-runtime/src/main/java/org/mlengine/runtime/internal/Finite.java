package org.mlengine.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;

/**
 * The one rule for infinite numbers, shared by every path that reads them: a NUMERIC value is a
 * finite number or missing ({@code NaN}); {@code Infinity} and {@code -Infinity} (which is what
 * text such as {@code 1e309} reads as) are refused with the same message on every predict path,
 * and a compiled model whose numbers are not all finite is never scored or written.
 *
 * <pre>{@code
 * Finite.checkInputs(table, fitted.inputSchema());        // InvalidInputException naming column and row
 * Optional<String> bad = Finite.firstNonFinite(model.toJson());   // e.g. "bias[0] = NaN"
 * }</pre>
 */
public final class Finite {
  private Finite() {}

  /** The refusal of one request's value: {@code column 'x' is Infinity; expected a finite number. ...}. */
  public static InvalidInputException infiniteInput(String column, double value) {
    return new InvalidInputException(column, "column '" + column + "' is " + value + "; expected a finite number. Send null or NaN"
        + " for a missing value.");
  }

  /** The refusal of a value in row {@code row} of a batch, in the same words as {@link #infiniteInput(String, double)}. */
  public static InvalidInputException infiniteInput(String column, double value, int row) {
    return new InvalidInputException(column, "column '" + column + "' is " + value + " at row " + row + "; expected a finite"
        + " number. Send null or NaN for a missing value.");
  }

  /**
   * Refuses a row of a table whose NUMERIC input is infinite, naming the row's index in its own
   * table (the first such column in schema order).
   *
   * @throws InvalidInputException naming the column and the row
   */
  public static void checkRow(Row row, Schema inputs) {
    Table table = row.table();
    for (Schema.Field field : inputs.columns()) {
      if (field.type() == ColumnType.NUMERIC && table.hasColumn(field.name()) && table.type(field.name()) == ColumnType.NUMERIC) {
        double x = RuntimeAccess.tables().numericColumnRef(table, field.name())[row.index()];
        if (Double.isInfinite(x)) {
          throw infiniteInput(field.name(), x, row.index());
        }
      }
    }
  }

  /**
   * Refuses the first row (and in it the first column, in schema order) whose NUMERIC input is
   * infinite.
   *
   * @throws InvalidInputException naming the column and the row
   */
  public static void checkInputs(Table table, Schema inputs) {
    int firstRow = Integer.MAX_VALUE;
    String column = null;
    for (Schema.Field field : inputs.columns()) {
      if (field.type() != ColumnType.NUMERIC || !table.hasColumn(field.name()) || table.type(field.name()) != ColumnType.NUMERIC) {
        continue;
      }
      double[] values = RuntimeAccess.tables().numericColumnRef(table, field.name());
      for (int r = 0; r < Math.min(values.length, firstRow); r++) {
        if (Double.isInfinite(values[r])) {
          firstRow = r;
          column = field.name();
          break;
        }
      }
    }
    if (column != null) {
      throw infiniteInput(column, RuntimeAccess.tables().numericColumnRef(table, column)[firstRow], firstRow);
    }
  }

  /**
   * The first number in a JSON tree that is NaN or infinite, as its path and value (e.g.
   * {@code "weights[1][3] = NaN"}); empty when every number is finite. JSON has no such numbers,
   * so a tree holding one writes a file no loader reads.
   */
  public static Optional<String> firstNonFinite(JsonNode node) {
    // Every bundle is checked when it is made and read, so the common case walks the tree
    // without building a path per number; the path is built only once a bad value is known.
    return allFinite(node) ? Optional.empty() : firstNonFinite(node, "");
  }

  private static boolean allFinite(JsonNode node) {
    if (node.isNumber()) {
      return Double.isFinite(node.doubleValue());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (!allFinite(child)) {
          return false;
        }
      }
    }
    return true;
  }

  private static Optional<String> firstNonFinite(JsonNode node, String path) {
    if (node.isNumber()) {
      double v = node.doubleValue();
      return Double.isFinite(v) ? Optional.empty() : Optional.of((path.isEmpty() ? "the value" : path) + " = " + v);
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = firstNonFinite(node.get(i), path + "[" + i + "]");
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Optional<String> found = firstNonFinite(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
