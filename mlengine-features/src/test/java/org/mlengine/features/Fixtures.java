package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.mlengine.core.spi.FitContext;
import org.mlengine.core.Split;
import org.mlengine.runtime.Table;

/** Shared test data and assertions. */
final class Fixtures {
  private Fixtures() {}

  /** features_vectors.md shared data: X=[A,A,A,B,B,C], y=[1,1,0,0,0,1]. */
  static Table shared() {
    return Table.builder()
        .categorical("X", "A", "A", "A", "B", "B", "C")
        .categorical("y", "1", "1", "0", "0", "0", "1")
        .build();
  }

  /** A classification context on {@code table} with target {@code y}. */
  static FitContext classification(Table table) {
    return FitContext.of(table, "y", Split.stratified(0.8), 42);
  }

  /** A context on {@code table} with target {@code y}, the task following the target's type. */
  static FitContext context(Table table) {
    return FitContext.of(table, "y", Split.random(0.8), 42);
  }

  /** Asserts two tables have the same columns, types and values (NaN equal to NaN). */
  static void assertSameTable(Table expected, Table actual) {
    assertEquals(expected.columnNames(), actual.columnNames(), "column names");
    assertEquals(expected.rowCount(), actual.rowCount(), "row count");
    for (String c : expected.columnNames()) {
      assertEquals(expected.type(c), actual.type(c), "type of " + c);
    }
    for (int r = 0; r < expected.rowCount(); r++) {
      assertEquals(expected.row(r).toMap(), actual.row(r).toMap(), "row " + r);
    }
  }

  /** Asserts arrays are equal within 1e-6 element by element, NaN matching NaN. */
  static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      if (Double.isNaN(expected[i])) {
        assertEquals(Double.NaN, actual[i], "at " + i);
      } else {
        assertEquals(expected[i], actual[i], 1e-6, "at " + i);
      }
    }
  }

  static List<String> problems(org.mlengine.core.spi.Extractor step, Table table) {
    List<String> problems = new java.util.ArrayList<>();
    step.check(table.schema(), problems);
    return problems;
  }
}
