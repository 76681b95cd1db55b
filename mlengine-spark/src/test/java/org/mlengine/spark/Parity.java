package org.mlengine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.mlengine.runtime.Table;
import org.mlengine.serving.Prediction;
import org.mlengine.serving.Predictor;

/** Spark's answers beside the in-process Predictor's, row by row and bit for bit. */
final class Parity {
  private Parity() {}

  /**
   * Asserts that each scored row (matched to its table row by {@link LocalSpark#ID}) carries
   * exactly what {@code expected} holds for that row; returns how many rows were compared.
   */
  static int assertSame(List<Prediction> expected, Dataset<Row> scored, List<String> classes) {
    List<Row> rows = scored.collectAsList();
    assertEquals(expected.size(), rows.size(), "scored rows");
    Map<Integer, Row> byId = new HashMap<>();
    for (Row row : rows) {
      byId.put(row.getInt(row.fieldIndex(LocalSpark.ID)), row);
    }
    assertEquals(expected.size(), byId.size(), "distinct row ids");
    for (int r = 0; r < expected.size(); r++) {
      Prediction p = expected.get(r);
      Row row = byId.get(r);
      if (classes.isEmpty()) {
        assertBits(p.value(), row.getDouble(row.fieldIndex("value")), r, "value");
      } else {
        assertEquals(p.label().orElse(null), row.getString(row.fieldIndex("label")), "label of row " + r);
        for (String c : classes) {
          assertBits(p.probability(c), row.getDouble(row.fieldIndex("p_" + c)), r, "p_" + c);
        }
      }
    }
    return rows.size();
  }

  /** Scores {@code table} both ways and compares them. */
  static int assertSame(Predictor predictor, Table table, Dataset<Row> scored) {
    return assertSame(predictor.predictAll(table), scored, predictor.bundle().pipeline().classes());
  }

  static void assertBits(double expected, double actual, int row, String column) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        () -> column + " of row " + row + ": expected " + expected + ", Spark gave " + actual);
  }
}
