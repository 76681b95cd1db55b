package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

class ImputeTest {

  private static final double NA = Double.NaN;

  private static final Table TRAIN = Table.builder()
      .numeric("Income", 1, NA, 3, 10, 3)
      .categorical("Home", "rent", null, "owner", "owner", "rent")
      .text("Review", "a", "b", "c", "d", "e")
      .numeric("y", 0, 1, 0, 1, 0)
      .build();

  private static Table fitApply(Impute step, Table test) {
    return step.fit(Fixtures.context(TRAIN)).apply(test);
  }

  @Test
  void default_numericMean_categoricalMostFrequent() {
    Table out = fitApply(Features.impute("Income", "Home"), TRAIN);
    assertEquals(TRAIN.columnNames(), out.columnNames());
    assertClose(new double[] {1, 4.25, 3, 10, 3}, out.numericColumn("Income"));
    // owner and rent tie (2 each): the smallest wins
    assertArrayEquals(new String[] {"rent", "owner", "owner", "owner", "rent"}, out.stringColumn("Home"));
    assertEquals(ColumnType.CATEGORICAL, out.type("Home"));
  }

  @Test
  void median_evenCount_averagesTheMiddleTwo() {
    // non-missing [1, 3, 3, 10]: median (3 + 3) / 2 = 3
    assertClose(new double[] {1, 3, 3, 10, 3}, fitApply(Features.impute("Income").median(), TRAIN).numericColumn("Income"));
    Table train = Table.builder().numeric("x", 4, 1, NA, 2, 10).numeric("y", 0, 0, 0, 0, 0).build();
    Table out = Features.impute("x").median().fit(Fixtures.context(train)).apply(train);
    assertClose(new double[] {4, 1, 3, 2, 10}, out.numericColumn("x"));
  }

  @Test
  void mostFrequent_numericTies_takeTheSmallest() {
    Table train = Table.builder().numeric("x", 5, 2, 5, 2, NA, 7).numeric("y", 0, 0, 0, 0, 0, 0).build();
    Table out = Features.impute("x").mostFrequent().fit(Fixtures.context(train)).apply(train);
    assertClose(new double[] {5, 2, 5, 2, 2, 7}, out.numericColumn("x"));
  }

  @Test
  void constant_fillsNumbersAndCategories() {
    assertClose(new double[] {1, -1, 3, 10, 3},
        fitApply(Features.impute("Income").constant(-1), TRAIN).numericColumn("Income"));
    assertArrayEquals(new String[] {"rent", "unknown", "owner", "owner", "rent"},
        fitApply(Features.impute("Home").constant("unknown"), TRAIN).stringColumn("Home"));
  }

  @Test
  void withIndicator_appendsMissingColumnsAfterFilling() {
    Table out = fitApply(Features.impute("Income", "Home").withIndicator(), TRAIN);
    assertEquals(List.of("Income", "Home", "Review", "y", "Income_missing", "Home_missing"), out.columnNames());
    assertClose(new double[] {0, 1, 0, 0, 0}, out.numericColumn("Income_missing"));
    assertClose(new double[] {0, 1, 0, 0, 0}, out.numericColumn("Home_missing"));
  }

  @Test
  void withIndicator_isKeptByLaterStrategyChoice() {
    assertEquals(true, Features.impute("Income").withIndicator().median().spec().get("indicator"));
  }

  @Test
  void apply_usesTrainingValueWhateverTheTestHolds() {
    FittedTransform fitted = Features.impute("Home").fit(Fixtures.context(TRAIN));
    Table test = Table.builder().categorical("Home", null, "castle", "castle").build();
    assertArrayEquals(new String[] {"owner", "castle", "castle"}, fitted.apply(test).stringColumn("Home"));
  }

  @Test
  void fit_allMissingColumn_isRefused() {
    Table train = Table.builder().numeric("x", NA, NA).numeric("y", 0, 1).build();
    var e = assertThrows(InvalidInputException.class, () -> Features.impute("x").fit(Fixtures.context(train)));
    assertEquals("x", e.column());
    assertEquals("impute cannot learn a value for column 'x': every training row is missing. Use"
        + " Features.impute(\"x\").constant(0.0) or drop the column.", e.getMessage());
    Table cat = Table.builder().categorical("c", null, null).numeric("y", 0, 1).build();
    e = assertThrows(InvalidInputException.class, () -> Features.impute("c").fit(Fixtures.context(cat)));
    assertEquals("impute cannot learn a value for column 'c': every training row is missing. Use"
        + " Features.impute(\"c\").constant(\"unknown\") or drop the column.", e.getMessage());
  }

  @Test
  void fit_allMissingColumnWithConstant_works() {
    Table train = Table.builder().numeric("x", NA, NA).numeric("y", 0, 1).build();
    Table out = Features.impute("x").constant(7).fit(Fixtures.context(train)).apply(train);
    assertClose(new double[] {7, 7}, out.numericColumn("x"));
  }

  @Test
  void check_textColumn_isRefusedWithBothDeclarations() {
    assertEquals(
        List.of("column 'Review' is TEXT; impute needs NUMERIC or CATEGORICAL. Declare it with"
            + " CsvOptions.numeric(\"Review\") or CsvOptions.categorical(\"Review\"), or drop it."),
        Fixtures.problems(Features.impute("Review"), TRAIN));
  }

  @Test
  void check_medianOfCategorical_pointsToMostFrequent() {
    assertEquals(
        List.of("column 'Home' is CATEGORICAL; impute with median needs NUMERIC. Use"
            + " Features.impute(\"Home\").mostFrequent() or .constant(\"unknown\") for a categorical column, or"
            + " declare it with CsvOptions.numeric(\"Home\")."),
        Fixtures.problems(Features.impute("Home").median(), TRAIN));
  }

  @Test
  void check_textConstantForNumeric_pointsToNumberConstant() {
    assertEquals(
        List.of("column 'Income' is NUMERIC; impute with constant \"none\" needs CATEGORICAL. Use"
            + " Features.impute(\"Income\").constant(0.0) for a numeric column, or declare it with"
            + " CsvOptions.categorical(\"Income\")."),
        Fixtures.problems(Features.impute("Income").constant("none"), TRAIN));
  }

  @Test
  void check_meanOfText_usesTheStandardMessage() {
    assertEquals(
        List.of("column 'Review' is TEXT; impute with mean needs NUMERIC. Declare it with"
            + " CsvOptions.numeric(\"Review\") or drop it."),
        Fixtures.problems(Features.impute("Review").mean(), TRAIN));
  }

  @Test
  void apply_wrongType_isRefusedNamingTheColumn() {
    FittedTransform fitted = Features.impute("Income").fit(Fixtures.context(TRAIN));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().categorical("Income", "lots").build()));
    assertEquals("Income", e.column());
    assertEquals("column 'Income' is CATEGORICAL; impute expects NUMERIC. Send numbers in it, with NaN or null for"
        + " a missing value.", e.getMessage());
  }

  @Test
  void constant_nonFiniteOrNull_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.impute("x").constant(Double.NaN));
    assertEquals("constant(NaN) would not fill anything a model can use; give a finite number, e.g. constant(0.0)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.impute("x").constant((String) null));
    assertEquals("constant(null) would leave missing values missing; give a category, e.g. constant(\"unknown\")",
        e.getMessage());
  }

  @Test
  void spec_listsStrategyAndConstant() {
    assertEquals(Map.of("columns", List.of("Income"), "strategy", "default", "indicator", false),
        Features.impute("Income").spec());
    assertEquals(Map.of("columns", List.of("Income"), "strategy", "constant", "constant", 0.0, "indicator", true),
        Features.impute("Income").constant(0.0).withIndicator().spec());
    assertEquals(Map.of("columns", List.of("Home"), "strategy", "most_frequent", "indicator", false),
        Features.impute("Home").mostFrequent().spec());
  }
}
