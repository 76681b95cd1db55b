package org.mlengine.features;

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

class OneHotTest {

  private static final Table TRAIN = Table.builder()
      .categorical("Home", "rent", "owner", "rent", null)
      .numeric("Income", 1, 2, 3, 4)
      .categorical("Purpose", "car", "car", "house", "car")
      .categorical("y", "1", "0", "1", "0")
      .build();

  @Test
  void apply_dropsInputAndAppendsSortedCategories() {
    Table out = Features.oneHot("Home").fit(Fixtures.classification(TRAIN)).apply(TRAIN);
    assertEquals(List.of("Income", "Purpose", "y", "Home=owner", "Home=rent"), out.columnNames());
    assertEquals(ColumnType.NUMERIC, out.type("Home=owner"));
    assertClose(new double[] {0, 1, 0, 0}, out.numericColumn("Home=owner"));
    assertClose(new double[] {1, 0, 1, 0}, out.numericColumn("Home=rent"));
  }

  @Test
  void apply_severalColumns_appendsInColumnOrder() {
    Table out = Features.oneHot("Purpose", "Home").fit(Fixtures.classification(TRAIN)).apply(TRAIN.drop("y"));
    assertEquals(List.of("Income", "Purpose=car", "Purpose=house", "Home=owner", "Home=rent"), out.columnNames());
  }

  @Test
  void apply_missingValue_isAllZeros() {
    FittedTransform fitted = Features.oneHot("Home").fit(Fixtures.classification(TRAIN));
    Table out = fitted.apply(Table.builder().categorical("Home", (String) null).build());
    assertClose(new double[] {0}, out.numericColumn("Home=owner"));
    assertClose(new double[] {0}, out.numericColumn("Home=rent"));
  }

  @Test
  void apply_unknownCategory_isAllZerosByDefault() {
    FittedTransform fitted = Features.oneHot("Home").fit(Fixtures.classification(TRAIN));
    Table out = fitted.apply(Table.builder().categorical("Home", "castle", "owner").build());
    assertClose(new double[] {0, 1}, out.numericColumn("Home=owner"));
    assertClose(new double[] {0, 0}, out.numericColumn("Home=rent"));
  }

  @Test
  void apply_unknownCategoryUnderError_isRefusedWithAHint() {
    FittedTransform fitted =
        Features.oneHot("Home").onUnknown(Features.Unknown.ERROR).fit(Fixtures.classification(TRAIN));
    Table test = Table.builder().categorical("Home", "owner", "castle").build();
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(test));
    assertEquals("Home", e.column());
    assertEquals("column 'Home' has unknown category 'castle' at row 1; known categories are [owner, rent]. Use"
        + " Features.oneHot(\"Home\").onUnknown(Unknown.IGNORE) to encode it as all zeros, or retrain with data that"
        + " has it.", e.getMessage());
  }

  @Test
  void apply_missingUnderError_isStillAllZeros() {
    FittedTransform fitted =
        Features.oneHot("Home").onUnknown(Features.Unknown.ERROR).fit(Fixtures.classification(TRAIN));
    Table out = fitted.apply(Table.builder().categorical("Home", null, "rent").build());
    assertClose(new double[] {0, 1}, out.numericColumn("Home=rent"));
  }

  @Test
  void fit_learnsCategoriesFromTrainingRowsOnly() {
    Table all = Table.builder()
        .categorical("Home", "rent", "owner", "castle")
        .categorical("y", "1", "0", "1")
        .build();
    Table train = all.rows(new int[] {0, 1});
    Table out = Features.oneHot("Home").fit(Fixtures.classification(train)).apply(all);
    assertEquals(List.of("y", "Home=owner", "Home=rent"), out.columnNames());
  }

  @Test
  void fit_allMissing_isRefused() {
    Table train = Table.builder().categorical("Home", null, null).categorical("y", "1", "0").build();
    var e = assertThrows(InvalidInputException.class,
        () -> Features.oneHot("Home").fit(Fixtures.classification(train)));
    assertEquals("one_hot cannot learn the categories of column 'Home': every training row is missing. Impute it"
        + " first with Features.impute(\"Home\").constant(\"missing\") or drop it.", e.getMessage());
  }

  @Test
  void check_textColumn_isRefusedWithAHint() {
    Table table = Table.builder().text("Review", "great", "bad").categorical("y", "1", "0").build();
    assertEquals(
        List.of("column 'Review' is TEXT; one_hot needs CATEGORICAL. Declare it with"
            + " CsvOptions.categorical(\"Review\") or drop it."),
        Fixtures.problems(Features.oneHot("Review"), table));
  }

  @Test
  void check_absentColumn_saysWhatTheTableHas() {
    assertEquals(
        List.of("one_hot reads column 'Hom', which is not in the table; the table has [Home, Income, Purpose, y]."
            + " Check the spelling."),
        Fixtures.problems(Features.oneHot("Hom"), TRAIN));
  }

  @Test
  void fit_checkProblems_areAllReported() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.oneHot("Hom", "Income").fit(Fixtures.classification(TRAIN)));
    assertEquals("one_hot reads column 'Hom', which is not in the table; the table has [Home, Income, Purpose, y]."
        + " Check the spelling.\n"
        + "column 'Income' is NUMERIC; one_hot needs CATEGORICAL. Declare it with CsvOptions.categorical(\"Income\")"
        + " or drop it.", e.getMessage());
  }

  @Test
  void apply_absentColumn_isRefusedNamingIt() {
    FittedTransform fitted = Features.oneHot("Home").fit(Fixtures.classification(TRAIN));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().numeric("Income", 1).build()));
    assertEquals("Home", e.column());
    assertEquals("one_hot reads column 'Home', which is not in the input; the input has [Income]. Add the column,"
        + " with a missing value (NaN or null) where the value is unknown.", e.getMessage());
  }

  @Test
  void apply_outputNameTaken_isRefused() {
    FittedTransform fitted = Features.oneHot("Home").fit(Fixtures.classification(TRAIN));
    Table test = Table.builder().categorical("Home", "rent").numeric("Home=rent", 5).build();
    var e = assertThrows(InvalidInputException.class, () -> fitted.apply(test));
    assertEquals("one_hot writes column 'Home=rent' from column 'Home', but the input already has a column of that"
        + " name. Rename or drop that column first.", e.getMessage());
  }

  @Test
  void apply_row_givesOneRowTable() {
    FittedTransform fitted = Features.oneHot("Home").fit(Fixtures.classification(TRAIN));
    Table out = fitted.apply(TRAIN.row(1));
    assertEquals(1, out.rowCount());
    assertClose(new double[] {1}, out.numericColumn("Home=owner"));
  }

  @Test
  void spec_andToString_showThePolicy() {
    assertEquals(Map.of("columns", List.of("Home"), "onUnknown", "ignore"), Features.oneHot("Home").spec());
    assertEquals("one_hot{columns=[Home], onUnknown=error}",
        Features.oneHot("Home").onUnknown(Features.Unknown.ERROR).toString());
  }

  @Test
  void onUnknown_null_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.oneHot("Home").onUnknown(null));
    assertEquals("onUnknown(null): give Features.Unknown.IGNORE (all zeros) or Features.Unknown.ERROR (refuse the"
        + " row)", e.getMessage());
  }
}
