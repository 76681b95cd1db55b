package org.mlengine.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Table;

class FeatureMatrixTest {

  @Test
  void scoringMatrix_rowsOutsideTheTable_areRefusedNamingTheRowsAndTheTablesSize() {
    Table table = Table.builder().numeric("x", new double[] {1, 2, 3}).build();
    FeatureMatrix.Layout layout = FeatureMatrix.Layout.of(table);
    for (int[] range : new int[][] {{2, 4}, {-1, 1}, {2, 1}}) {
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> layout.scoringMatrix(table, range[0], range[1]));
      assertEquals("scoringMatrix(table, " + range[0] + ", " + range[1] + "): rows [" + range[0] + ", " + range[1]
          + ") lie outside the table's 3 rows; give 0 <= from <= to <= table.rowCount()", e.getMessage());
    }
    assertEquals(1, layout.scoringMatrix(table, 2, 3).rows);
    assertEquals(0, layout.scoringMatrix(table, 3, 3).rows);
  }

  @Test
  void scoringMatrix_noRowsOfAColumnOfAnotherType_isRefusedAsForAnyRows() {
    FeatureMatrix.Layout layout = FeatureMatrix.Layout.of(Table.builder().numeric("x", new double[] {1}).build());
    Table text = Table.builder().categorical("x", new String[0]).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> layout.scoringMatrix(text, 0, 0));
    assertEquals("feature column 'x' is CATEGORICAL; expected NUMERIC or VECTOR", e.getMessage());
  }
}
