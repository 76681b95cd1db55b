package org.mlengine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link Table#toString()}, the notebook form, to the character. */
class TableTextTest {

  @Test
  void toString_smallTableWithMissingValues_alignsEveryRowUnderNamesAndTypes() {
    Table table = Table.builder()
        .numeric("Income", 129, 131.5, Double.NaN)
        .categorical("Home", "rent", null, "owner")
        .text("Note", "paid on time", "a very long note that goes on and on past the cut", null)
        .timestamp("When", Instant.parse("2024-01-01T00:00:00Z"), null, Instant.parse("2024-03-05T12:30:00Z"))
        .build();

    assertEquals("""
           Income  Home   Note                            When
            <num>  <cat>  <text>                          <time>
        0     129  rent   paid on time                    2024-01-01T00:00:00Z
        1   131.5  <NA>   a very long note that goes on…  <NA>
        2    <NA>  owner  <NA>                            2024-03-05T12:30:00Z
        3 rows × 4 columns""", table.toString());
  }

  @Test
  void toString_longTable_printsFirstAndLastFiveRowsAroundAnEllipsis() {
    Table table = Table.builder().numeric("x", IntStream.range(0, 12).mapToDouble(i -> i * 1000.25).toArray()).build();

    assertEquals("""
                   x
               <num>
          0        0
          1  1000.25
          2   2000.5
          3  3000.75
          4     4001
        ...      ...
          7  7001.75
          8     8002
          9  9002.25
         10  10002.5
         11  11002.8
        12 rows × 1 column""", table.toString());
  }

  @Test
  void toString_numbersTextAndVectors_printsEachAsAPersonWritesIt() {
    Table table = Table.builder()
        .numeric("x", 0.1 + 0.2, 1e-7, 1234567.5, -2, 1e20)
        .text("t", "line\none", "tab\there", "", "é", "x")
        .build()
        .withVector("bag", List.of("good", "tasty", "bad"), new int[][] {{0, 1}, {}, {2}, {0, 1, 2}, {1}},
            new double[][] {{1, 0.5}, {}, {2}, {1, 2, 3.25}, {1.5e-9}});

    assertEquals("""
                   x  t          bag
               <num>  <text>     <vec>
        0        0.3  line\\none  {good: 1, tasty: 0.5}
        1      1e-07  tab\\there  {}
        2  1234567.5             {bad: 2}
        3         -2  é          {good: 1, tasty: 2, bad: 3.25}
        4      1e+20  x          {tasty: 1.5e-09}
        5 rows × 3 columns""", table.toString());
  }

  @Test
  void toString_veryLongCellsAndNames_cutsThemAtThirtyCharacters() {
    String longName = "a_column_name_longer_than_thirty_characters";
    Table table = Table.builder()
        .categorical(longName, "x".repeat(100))
        .build()
        .withVector("v", IntStream.range(0, 20).mapToObj(i -> "dimension" + i).toList(),
            new int[][] {IntStream.range(0, 20).toArray()}, new double[][] {new double[20]});

    assertEquals("""
           a_column_name_longer_than_thi…  v
           <cat>                           <vec>
        0  xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…  {dimension0: 0, dimension1: 0…
        1 row × 2 columns""", table.toString());
  }

  @Test
  void toString_wideTable_printsFirstAndLastTenColumnsAroundAnEllipsis() {
    Table.Builder builder = Table.builder();
    IntStream.range(0, 25).forEach(c -> builder.numeric("c" + c, c));

    String header = builder.build().toString().lines().findFirst().orElseThrow();

    assertEquals("      c0     c1     c2     c3     c4     c5     c6     c7     c8     c9  ...    c15    c16    c17    c18    c19    c20    c21    c22    c23    c24", header);
  }

  @Test
  void toString_emptyTables_printTheShape() {
    assertEquals("0 rows × 0 columns", Table.builder().build().toString());
    assertEquals("""
            n
        <num>
        0 rows × 1 column""", Table.builder().numeric("n").build().toString());
  }

  @Test
  void toString_millionRows_formatsOnlyTheRowsShown() {
    Table table = Table.builder().numeric("n", new double[1_000_000]).build();

    List<String> lines = table.toString().lines().toList();

    assertEquals(14, lines.size());
    assertEquals("999999      0", lines.get(12));
    assertEquals("1000000 rows × 1 column", lines.get(13));
  }
}
