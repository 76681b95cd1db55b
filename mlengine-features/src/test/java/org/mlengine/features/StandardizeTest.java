package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

class StandardizeTest {

  private static final double NA = Double.NaN;

  @Test
  void apply_missingValues_stayMissingAndAreSkippedWhenFitting() {
    Table train = Table.builder().numeric("x", 1, NA, 3).numeric("y", 0, 1, 0).build();
    Table out = Features.standardize("x").fit(Fixtures.context(train)).apply(train);
    assertClose(new double[] {-1, NA, 1}, out.numericColumn("x"));
  }

  @Test
  void apply_constantColumn_getsScaleOne() {
    Table train = Table.builder().numeric("x", 0.1, 0.1, 0.1).numeric("y", 0, 1, 0).build();
    FittedTransform fitted = Features.standardize("x").fit(Fixtures.context(train));
    assertClose(new double[] {0, 0, 0}, fitted.apply(train).numericColumn("x"));
    assertClose(new double[] {0.9}, fitted.apply(Table.builder().numeric("x", 1.0).build()).numericColumn("x"));
  }

  @Test
  void apply_testRows_useTrainingStatistics() {
    Table train = Table.builder().numeric("x", 1, 2, 3, 4).numeric("y", 0, 1, 0, 1).build();
    FittedTransform fitted = Features.standardize("x").fit(Fixtures.context(train));
    Table test = Table.builder().numeric("x", 2.5, 100).build();
    assertClose(new double[] {0, 97.5 / Math.sqrt(1.25)}, fitted.apply(test).numericColumn("x"));
  }

  @Test
  void apply_keepsColumnOrder() {
    Table train = Table.builder().numeric("a", 1, 2).numeric("b", 3, 5).numeric("y", 0, 1).build();
    Table out = Features.standardize("b", "a").fit(Fixtures.context(train)).apply(train);
    assertEquals(List.of("a", "b", "y"), out.columnNames());
    assertClose(new double[] {-1, 1}, out.numericColumn("a"));
    assertClose(new double[] {-1, 1}, out.numericColumn("b"));
  }

  @Test
  void check_textColumn_hasTheHouseMessage() {
    Table table = Table.builder().numeric("Income", 1).text("Review", "ok").build();
    assertEquals(
        List.of("column 'Review' is TEXT; standardize needs NUMERIC. Declare it with CsvOptions.numeric(\"Review\")"
            + " or drop it."),
        Fixtures.problems(Features.standardize("Review"), table));
  }

  @Test
  void check_absentColumn_hasTheHouseMessage() {
    Table table = Table.builder().numeric("Income", 1).text("Review", "ok").build();
    assertEquals(
        List.of("standardize reads column 'Incme', which is not in the table; the table has [Income, Review]."
            + " Check the spelling."),
        Fixtures.problems(Features.standardize("Incme"), table));
  }

  @Test
  void fit_allMissing_isRefused() {
    Table train = Table.builder().numeric("x", NA, NA).numeric("y", 0, 1).build();
    var e = assertThrows(InvalidInputException.class, () -> Features.standardize("x").fit(Fixtures.context(train)));
    assertEquals("standardize cannot learn the mean of column 'x': every training row is missing. Drop the column,"
        + " or impute it first with Features.impute(\"x\").constant(0.0).", e.getMessage());
  }

  @Test
  void fit_target_isRefused() {
    Table train = Table.builder().numeric("x", 1, 2).numeric("y", 0, 1).build();
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.standardize("x", "y").fit(Fixtures.context(train)));
    assertEquals("standardize reads column 'y', which is the target; a feature step must not read the target, or the"
        + " model sees its own answer. Remove 'y' from the step's columns.", e.getMessage());
  }

  @Test
  void apply_wrongType_isRefused() {
    Table train = Table.builder().numeric("Income", 1, 2).numeric("y", 0, 1).build();
    FittedTransform fitted = Features.standardize("Income").fit(Fixtures.context(train));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().categorical("Income", "lots").build()));
    assertEquals("Income", e.column());
    assertEquals("column 'Income' is CATEGORICAL; standardize expects NUMERIC. Send numbers in it, with NaN or null"
        + " for a missing value.", e.getMessage());
  }

  @Test
  void apply_absentColumn_isRefused() {
    Table train = Table.builder().numeric("Income", 1, 2).numeric("y", 0, 1).build();
    FittedTransform fitted = Features.standardize("Income").fit(Fixtures.context(train));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().numeric("Amount", 1).build()));
    assertEquals("Income", e.column());
    assertEquals("standardize reads column 'Income', which is not in the input; the input has [Amount]. Add the"
        + " column, with a missing value (NaN or null) where the value is unknown.", e.getMessage());
  }

  @Test
  void spec_listsColumns() {
    assertEquals(Map.of("columns", List.of("Income", "Amount")), Features.standardize("Income", "Amount").spec());
    assertEquals("standardize{columns=[Income]}", Features.standardize("Income").toString());
  }
}
