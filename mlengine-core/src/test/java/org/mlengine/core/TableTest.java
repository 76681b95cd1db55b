package org.mlengine.core;

import org.mlengine.runtime.internal.Column;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.Row;
import org.mlengine.runtime.Schema;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {

  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2024-03-02T12:30:00Z");

  /** Income (NUMERIC), Home (CATEGORICAL), Note (TEXT), When (TIMESTAMP); row 1 all missing. */
  private static Table sample() {
    return Table.builder()
        .numeric("Income", 120, Double.NaN, 80)
        .categorical("Home", "rent", null, "owner")
        .text("Note", "pays on time", null, "new customer")
        .timestamp("When", T0, null, T1)
        .build();
  }

  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  // ---- builder ----------------------------------------------------------------------------

  @Test
  void builder_columnsOfEveryType_buildsTable() {
    Table t = sample();

    assertEquals(3, t.rowCount());
    assertEquals(List.of("Income", "Home", "Note", "When"), t.columnNames());
    assertEquals(ColumnType.NUMERIC, t.type("Income"));
    assertEquals(ColumnType.CATEGORICAL, t.type("Home"));
    assertEquals(ColumnType.TEXT, t.type("Note"));
    assertEquals(ColumnType.TIMESTAMP, t.type("When"));
    assertEquals(120, t.numeric("Income", 0));
    assertEquals("owner", t.string("Home", 2));
    assertEquals("new customer", t.string("Note", 2));
    assertEquals(T1.toEpochMilli(), t.timestamp("When", 2));
    assertTrue(t.hasColumn("Home"));
    assertFalse(t.hasColumn("home"));
  }

  @Test
  void builder_missingValues_areMissingInEveryType() {
    Table t = sample();

    for (String c : t.columnNames()) {
      assertTrue(t.isMissing(c, 1), c);
      assertFalse(t.isMissing(c, 0), c);
      assertNull(t.value(c, 1), c);
    }
    assertTrue(Double.isNaN(t.numeric("Income", 1)));
    assertNull(t.string("Home", 1));
    assertNull(t.string("Note", 1));
    assertEquals(Column.MISSING_TIME, t.timestampColumn("When")[1]);
  }

  @Test
  void builder_sameNameTwice_throws() {
    Table.Builder b = Table.builder().numeric("x", 1);

    var e = assertThrows(IllegalArgumentException.class, () -> b.categorical("x", "a"));

    assertEquals("column 'x' is added twice; give each column a unique name", e.getMessage());
  }

  @Test
  void builder_columnsOfDifferentLengths_throws() {
    var b = Table.builder().numeric("a", 1, 2, 3).categorical("b", "x", "y");

    var e = assertThrows(IllegalArgumentException.class, b::build);

    assertEquals(
        "column 'b' has 2 values but column 'a' has 3; all columns need the same length", e.getMessage());
  }

  @Test
  void builder_inputArrayChangedAfterwards_tableUnchanged() {
    double[] values = {1, 2};
    Table t = Table.builder().numeric("x", values).build();

    values[0] = 99;

    assertEquals(1, t.numeric("x", 0));
  }

  @Test
  void builder_noColumns_buildsEmptyTable() {
    Table t = Table.builder().build();

    assertEquals(0, t.rowCount());
    assertEquals(List.of(), t.columnNames());
  }

  @Test
  void builder_columnOfJavaValues_infersType() {
    Table t =
        Table.builder()
            .column("n", 1, 2.5, null)
            .column("c", "a", null, "b")
            .column("t", T0, new Date(T1.toEpochMilli()), null)
            .column("empty", null, null, null)
            .build();

    assertEquals(ColumnType.NUMERIC, t.type("n"));
    assertArrayEquals(new double[] {1, 2.5, Double.NaN}, t.numericColumn("n"));
    assertEquals(ColumnType.CATEGORICAL, t.type("c"));
    assertEquals(ColumnType.TIMESTAMP, t.type("t"));
    assertArrayEquals(new long[] {T0.toEpochMilli(), T1.toEpochMilli(), Column.MISSING_TIME}, t.timestampColumn("t"));
    assertEquals(ColumnType.NUMERIC, t.type("empty"));
  }

  // ---- fromRows ---------------------------------------------------------------------------

  @Test
  void fromRows_mapsOfJavaValues_infersTypesInKeyOrder() {
    Table t =
        Table.fromRows(
            List.of(
                row("Income", 120, "Home", "rent", "When", T0),
                row("Income", null, "Home", "owner", "When", null)));

    assertEquals(List.of("Income", "Home", "When"), t.columnNames());
    assertEquals(ColumnType.NUMERIC, t.type("Income"));
    assertEquals(ColumnType.CATEGORICAL, t.type("Home"));
    assertEquals(ColumnType.TIMESTAMP, t.type("When"));
    assertTrue(t.isMissing("Income", 1));
    assertTrue(t.isMissing("When", 1));
    assertEquals(T0, t.value("When", 0));
  }

  @Test
  void fromRows_noRows_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> Table.fromRows(List.of()));

    assertEquals(
        "no rows given; pass at least one row, or use Table.builder() for an empty table", e.getMessage());
  }

  @Test
  void fromRows_rowWithOtherKeys_throws() {
    List<Map<String, Object>> rows = List.of(row("a", 1, "b", 2), row("a", 3, "c", 4));

    var e = assertThrows(IllegalArgumentException.class, () -> Table.fromRows(rows));

    assertEquals("row 1 has keys [a, c] but row 0 has [a, b]; every row needs the same keys", e.getMessage());
  }

  @Test
  void fromRows_rowWithExtraKey_throws() {
    List<Map<String, Object>> rows = List.of(row("a", 1), row("a", 3, "b", 4));

    var e = assertThrows(IllegalArgumentException.class, () -> Table.fromRows(rows));

    assertEquals("row 1 has keys [a, b] but row 0 has [a]; every row needs the same keys", e.getMessage());
  }

  @Test
  void fromRows_columnMixingNumbersAndStrings_throws() {
    List<Map<String, Object>> rows = List.of(row("x", 1), row("x", "two"));

    var e = assertThrows(IllegalArgumentException.class, () -> Table.fromRows(rows));

    assertEquals("column 'x' mixes NUMERIC and CATEGORICAL values (two); give one type per column", e.getMessage());
  }

  // ---- select, drop, rows -------------------------------------------------------------------

  @Test
  void select_names_keepsThoseColumnsInThatOrder() {
    Table t = sample().select("When", "Income");

    assertEquals(List.of("When", "Income"), t.columnNames());
    assertEquals(3, t.rowCount());
    assertEquals(80, t.numeric("Income", 2));
  }

  @Test
  void select_unknownColumn_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().select("Income", "Incme"));

    assertEquals(
        "no column 'Incme'; the table has [Income, Home, Note, When]. Check the spelling or the CSV header.",
        e.getMessage());
  }

  @Test
  void drop_names_removesThoseColumns() {
    Table t = sample().drop("Home", "Note");

    assertEquals(List.of("Income", "When"), t.columnNames());
    assertEquals(3, t.rowCount());
  }

  @Test
  void drop_unknownColumn_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().drop("Home", "home"));

    assertEquals(
        "no column 'home'; the table has [Income, Home, Note, When]. Check the spelling or the CSV header.",
        e.getMessage());
  }

  @Test
  void rows_indices_takesRowsInThatOrderWithRepeats() {
    Table t = sample().rows(new int[] {2, 0, 2});

    assertEquals(3, t.rowCount());
    assertArrayEquals(new double[] {80, 120, 80}, t.numericColumn("Income"));
    assertArrayEquals(new String[] {"owner", "rent", "owner"}, t.stringColumn("Home"));
    assertArrayEquals(new String[] {"new customer", "pays on time", "new customer"}, t.stringColumn("Note"));
    assertArrayEquals(
        new long[] {T1.toEpochMilli(), T0.toEpochMilli(), T1.toEpochMilli()}, t.timestampColumn("When"));
  }

  @Test
  void rows_subset_categoriesAreThoseThatOccur() {
    Table t = sample().rows(new int[] {0, 1});

    assertEquals(List.of("rent"), t.categories("Home"));
    assertEquals(List.of("rent"), t.schema().column("Home").orElseThrow().categories());
  }

  @Test
  void rows_indexOutOfRange_throws() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> sample().rows(new int[] {0, 3}));

    assertEquals("row 3 is outside the table's 3 rows", e.getMessage());
  }

  @Test
  void rows_noIndices_givesEmptyTableWithSameColumns() {
    Table t = sample().rows(new int[0]);

    assertEquals(0, t.rowCount());
    assertEquals(sample().columnNames(), t.columnNames());
  }

  // ---- concat -------------------------------------------------------------------------------

  @Test
  void concat_sameColumns_appendsTheRowsOfEveryType() {
    Table t = sample().concat(sample().rows(new int[] {2, 1}));

    assertEquals(5, t.rowCount());
    assertEquals(sample().schema(), t.rows(new int[] {0, 1, 2}).schema());
    assertArrayEquals(new double[] {120, Double.NaN, 80, 80, Double.NaN}, t.numericColumn("Income"));
    assertArrayEquals(new String[] {"rent", null, "owner", "owner", null}, t.stringColumn("Home"));
    assertArrayEquals(new String[] {"pays on time", null, "new customer", "new customer", null}, t.stringColumn("Note"));
    assertArrayEquals(new long[] {T0.toEpochMilli(), Long.MIN_VALUE, T1.toEpochMilli(), T1.toEpochMilli(), Long.MIN_VALUE},
        t.timestampColumn("When"));
  }

  @Test
  void concat_otherCategories_mergesTheDictionaries() {
    Table a = Table.builder().categorical("Home", "rent", "owner").build();
    Table b = Table.builder().categorical("Home", "other", null, "rent").build();

    Table t = a.concat(b);

    assertArrayEquals(new String[] {"rent", "owner", "other", null, "rent"}, t.stringColumn("Home"));
    assertEquals(List.of("other", "owner", "rent"), t.categories("Home"));
    assertEquals(List.of("rent"), t.rows(new int[] {4}).categories("Home"));
  }

  @Test
  void concat_emptyTables_keepTheColumns() {
    Table empty = sample().rows(new int[0]);

    assertEquals(3, empty.concat(sample()).rowCount());
    assertEquals(3, sample().concat(empty).rowCount());
    assertEquals(sample().columnNames(), empty.concat(empty).columnNames());
  }

  @Test
  void concat_inputsUnchanged() {
    Table a = sample();
    Table b = Table.builder()
        .numeric("Income", 1).categorical("Home", "cave").text("Note", "x").timestamp("When", T0).build();

    a.concat(b);

    assertEquals(3, a.rowCount());
    assertEquals(List.of("owner", "rent"), a.categories("Home"));
    assertEquals(List.of("cave"), b.categories("Home"));
  }

  @Test
  void concat_otherColumnTypeOrOrder_saysWhatDiffers() {
    Table a = Table.builder().numeric("x", 1).text("note", "a b").build();
    Table retyped = Table.builder().numeric("x", 2).categorical("note", "c").build();
    Table reordered = Table.builder().text("note", "c d").numeric("x", 2).build();

    var e1 = assertThrows(IllegalArgumentException.class, () -> a.concat(retyped));
    var e2 = assertThrows(IllegalArgumentException.class, () -> a.concat(reordered));

    assertEquals("concat needs the same columns in the same order, but this table has [x NUMERIC, note TEXT] and the"
        + " other has [x NUMERIC, note CATEGORICAL]. Select, reorder or retype the other table's columns to match,"
        + " e.g. other.select([x, note]).", e1.getMessage());
    assertEquals("concat needs the same columns in the same order, but this table has [x NUMERIC, note TEXT] and the"
        + " other has [note TEXT, x NUMERIC]. Select, reorder or retype the other table's columns to match,"
        + " e.g. other.select([x, note]).", e2.getMessage());
  }

  @Test
  void concat_vectorsWithOtherDimensions_throws() {
    Table a = Table.builder().numeric("x", 1).build()
        .withVector("v", List.of("v:a", "v:b"), new int[][] {{1}}, new double[][] {{2.0}});
    Table same = Table.builder().numeric("x", 2).build()
        .withVector("v", List.of("v:a", "v:b"), new int[][] {{0}}, new double[][] {{3.0}});
    Table other = Table.builder().numeric("x", 2).build()
        .withVector("v", List.of("v:a", "v:c"), new int[][] {{0}}, new double[][] {{3.0}});

    Table both = a.concat(same);
    var e = assertThrows(IllegalArgumentException.class, () -> a.concat(other));

    assertEquals(2, both.rowCount());
    assertEquals(3.0, both.vector("v", 1).values().get(0));
    assertEquals("concat needs VECTOR column 'v' to have the same dimensions in both tables, but this table has"
        + " [v:a, v:b] and the other [v:a, v:c]; build both with the same dimension names", e.getMessage());
  }

  // ---- with* --------------------------------------------------------------------------------

  @Test
  void withNumeric_existingName_replacesInPlace() {
    Table original = sample();

    Table t = original.withNumeric("Home", new double[] {1, 2, 3});

    assertEquals(List.of("Income", "Home", "Note", "When"), t.columnNames());
    assertEquals(ColumnType.NUMERIC, t.type("Home"));
    assertArrayEquals(new double[] {1, 2, 3}, t.numericColumn("Home"));
    assertEquals(ColumnType.CATEGORICAL, original.type("Home"));
  }

  @Test
  void withNumeric_newName_appends() {
    Table t = sample().withNumeric("Score", new double[] {0.5, 0.25, Double.NaN});

    assertEquals(List.of("Income", "Home", "Note", "When", "Score"), t.columnNames());
    assertEquals(0.25, t.numeric("Score", 1));
    assertTrue(t.isMissing("Score", 2));
  }

  @Test
  void withNumeric_wrongLength_throws() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> sample().withNumeric("Score", new double[] {1, 2}));

    assertEquals("column 'Score' has 2 values but the table has 3 rows; give one value per row", e.getMessage());
  }

  @Test
  void withNumeric_inputArrayChangedAfterwards_tableUnchanged() {
    double[] values = {1, 2, 3};
    Table t = sample().withNumeric("Score", values);

    values[0] = 99;

    assertEquals(1, t.numeric("Score", 0));
  }

  @Test
  void withNumeric_tableWithoutColumns_takesTheColumnsLength() {
    Table t = Table.builder().build().withNumeric("x", new double[] {1, 2});

    assertEquals(2, t.rowCount());
  }

  @Test
  void withCategoricalTextAndTimestamp_setColumnsOfThoseTypes() {
    Table t =
        sample()
            .withCategorical("Income", new String[] {"high", "low", null})
            .withText("Comment", new String[] {"a b", null, "c d"})
            .withTimestamp("When", new long[] {5, Column.MISSING_TIME, 7});

    assertEquals(List.of("Income", "Home", "Note", "When", "Comment"), t.columnNames());
    assertEquals(List.of("high", "low"), t.categories("Income"));
    assertEquals(ColumnType.TEXT, t.type("Comment"));
    assertEquals(Instant.ofEpochMilli(7), t.value("When", 2));
    assertTrue(t.isMissing("When", 1));
  }

  // ---- schema and accessors -----------------------------------------------------------------

  @Test
  void schema_categoricalColumn_listsCategoriesSorted() {
    Table t = Table.builder().categorical("c", "pear", "apple", null, "fig", "apple").numeric("n", 1, 2, 3, 4, 5).build();

    Schema schema = t.schema();

    assertEquals(List.of("c", "n"), schema.names());
    assertEquals(new Schema.Field("c", ColumnType.CATEGORICAL, List.of("apple", "fig", "pear")), schema.columns().get(0));
    assertEquals(new Schema.Field("n", ColumnType.NUMERIC, List.of()), schema.columns().get(1));
    assertEquals(List.of("apple", "fig", "pear"), t.categories("c"));
  }

  @Test
  void value_eachType_givesJavaObject() {
    Table t = sample();

    assertEquals(120.0, t.value("Income", 0));
    assertEquals("rent", t.value("Home", 0));
    assertEquals("pays on time", t.value("Note", 0));
    assertEquals(T0, t.value("When", 0));
  }

  @Test
  void columnCopies_changedByCaller_tableUnchanged() {
    Table t = sample();

    t.numericColumn("Income")[0] = -1;
    t.stringColumn("Note")[0] = "changed";
    t.timestampColumn("When")[0] = -1;

    assertEquals(120, t.numeric("Income", 0));
    assertEquals("pays on time", t.string("Note", 0));
    assertEquals(T0.toEpochMilli(), t.timestamp("When", 0));
  }

  @Test
  void numeric_unknownColumn_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().numeric("Incme", 0));

    assertEquals(
        "no column 'Incme'; the table has [Income, Home, Note, When]. Check the spelling or the CSV header.",
        e.getMessage());
  }

  @Test
  void numeric_categoricalColumn_throwsNamingTheType() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().numeric("Home", 0));

    assertEquals(
        "column 'Home' is CATEGORICAL; numeric() needs NUMERIC. Use the accessor for CATEGORICAL or declare the"
            + " column's type in CsvOptions.",
        e.getMessage());
  }

  @Test
  void string_numericColumn_throwsNamingTheType() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().string("Income", 0));

    assertEquals(
        "column 'Income' is NUMERIC; string() needs CATEGORICAL or TEXT. Use the accessor for NUMERIC or declare"
            + " the column's type in CsvOptions.",
        e.getMessage());
  }

  @Test
  void timestamp_textColumn_throwsNamingTheType() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().timestamp("Note", 0));

    assertEquals(
        "column 'Note' is TEXT; timestamp() needs TIMESTAMP. Use the accessor for TEXT or declare the column's"
            + " type in CsvOptions.",
        e.getMessage());
  }

  @Test
  void categories_textColumn_throwsNamingTheType() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().categories("Note"));

    assertEquals(
        "column 'Note' is TEXT; categories() needs CATEGORICAL. Use the accessor for TEXT or declare the column's"
            + " type in CsvOptions.",
        e.getMessage());
  }

  @Test
  void timestamp_missingValue_throws() {
    var e = assertThrows(IllegalArgumentException.class, () -> sample().timestamp("When", 1));

    assertEquals("column 'When' has no value at row 1; check isMissing(column, row) first", e.getMessage());
  }

  @Test
  void numeric_rowOutOfRange_throws() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> sample().numeric("Income", -1));

    assertEquals("row -1 is outside the table's 3 rows", e.getMessage());
  }

  // ---- Row ----------------------------------------------------------------------------------

  @Test
  void row_accessors_readThatRow() {
    Table t = sample();
    Row r = t.row(2);

    assertSame(t, r.table());
    assertEquals(2, r.index());
    assertEquals(80, r.numeric("Income"));
    assertEquals("owner", r.string("Home"));
    assertEquals(T1.toEpochMilli(), r.timestamp("When"));
    assertFalse(r.isMissing("Note"));
    assertTrue(t.row(1).isMissing("Home"));
    assertEquals("new customer", r.value("Note"));
  }

  @Test
  void row_toMap_givesValuesInColumnOrder() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("Income", null);
    expected.put("Home", null);
    expected.put("Note", null);
    expected.put("When", null);

    Map<String, Object> map = sample().row(1).toMap();

    assertEquals(expected, map);
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(map.keySet()));
    assertEquals(
        new HashMap<>(Map.of("Income", 120.0, "Home", "rent", "Note", "pays on time", "When", T0)),
        sample().row(0).toMap());
  }

  @Test
  void row_toTable_givesOneRowTable() {
    Table t = sample().row(2).toTable();

    assertEquals(1, t.rowCount());
    assertEquals(sample().columnNames(), t.columnNames());
    assertEquals(List.of("owner"), t.categories("Home"));
  }

  @Test
  void row_indexOutOfRange_throws() {
    var e = assertThrows(IndexOutOfBoundsException.class, () -> sample().row(3));

    assertEquals("row 3 is outside the table's 3 rows", e.getMessage());
  }

  @Test
  void toString_sample_namesTheColumnsAndEndsWithTheShape() {
    List<String> lines = sample().toString().lines().toList();

    assertEquals(Arrays.asList("Income", "Home", "Note", "When"), Arrays.asList(lines.get(0).trim().split("\\s+")));
    assertEquals("3 rows × 4 columns", lines.get(lines.size() - 1));
  }
}
