package org.mlengine.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mlengine.features.Fixtures.assertClose;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.ColumnType;
import org.mlengine.runtime.spi.FittedTransform;
import org.mlengine.runtime.InvalidInputException;
import org.mlengine.runtime.Table;

/**
 * Rare-category grouping, alone ({@code groupRare}) and inside one-hot encoding
 * ({@code oneHot(...).minFrequency}). Expected groups were checked against scikit-learn 1.2.1's
 * {@code OneHotEncoder(min_frequency=..., handle_unknown='infrequent_if_exist')}.
 */
class RareCategoriesTest {

  /** a x4, b x3, c, d, other: with min_frequency=2 scikit-learn groups [c, d, other]. */
  private static final Table TRAIN = Table.builder()
      .categorical("Job", "a", "a", "a", "a", "b", "b", "b", "c", "d", "other")
      .numeric("y", 0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
      .build();

  /** a x4, b x3, c, d, missing: n = 10 rows, the missing one included. */
  private static final Table WITH_MISSING = Table.builder()
      .categorical("Job", "a", "a", "a", "a", "b", "b", "b", "c", "d", null)
      .numeric("y", 0, 1, 0, 1, 0, 1, 0, 1, 0, 1)
      .build();

  private static final Table TEST = Table.builder().categorical("Job", "a", "c", "zzz", "other", "b", null).build();

  private static String[] strings(Table t) {
    return t.stringColumn("Job");
  }

  @Test
  void oneHot_minFrequencyCount_groupsRareAndUnknownIntoOther() {
    FittedTransform fitted = Features.oneHot("Job").minFrequency(2).fit(Fixtures.context(TRAIN));
    Table out = fitted.apply(TEST);
    // scikit-learn: ['x0_a' 'x0_b' 'x0_infrequent_sklearn']; a, c, zzz, other, b -> a, inf, inf, inf, b
    assertEquals(List.of("Job=a", "Job=b", "Job=other"), out.columnNames());
    assertClose(new double[] {1, 0, 0, 0, 0, 0}, out.numericColumn("Job=a"));
    assertClose(new double[] {0, 0, 0, 0, 1, 0}, out.numericColumn("Job=b"));
    assertClose(new double[] {0, 1, 1, 1, 0, 0}, out.numericColumn("Job=other"));
  }

  @Test
  void oneHot_minFrequencyFraction_countsMissingRowsInTheTotal() {
    // n = 10 with the missing row: 0.32 x 10 = 3.2 groups b (3 rows); without it 0.32 x 9 = 2.88 would keep b.
    // scikit-learn 1.2.1 with min_frequency=0.32: ['x0_a' 'x0_infrequent_sklearn']; with 0.29: a, b kept
    assertEquals(List.of("Job=a", "Job=other"),
        Features.oneHot("Job").minFrequency(0.32).fit(Fixtures.context(WITH_MISSING)).apply(TEST).columnNames());
    assertEquals(List.of("Job=a", "Job=b", "Job=other"),
        Features.oneHot("Job").minFrequency(0.29).fit(Fixtures.context(WITH_MISSING)).apply(TEST).columnNames());
  }

  @Test
  void oneHot_minFrequencyNothingRare_hasNoOtherColumnAndUnknownIsAllZeros() {
    Table train = Table.builder().categorical("Job", "a", "a", "b", "b").numeric("y", 0, 1, 0, 1).build();
    Table out = Features.oneHot("Job").minFrequency(2).fit(Fixtures.context(train))
        .apply(Table.builder().categorical("Job", "zzz").build());
    assertEquals(List.of("Job=a", "Job=b"), out.columnNames());
    assertClose(new double[] {0}, out.numericColumn("Job=a"));
    assertClose(new double[] {0}, out.numericColumn("Job=b"));
  }

  @Test
  void oneHot_minFrequencyUnderError_sendsRareToOtherButRefusesUnknown() {
    FittedTransform fitted =
        Features.oneHot("Job").onUnknown(Features.Unknown.ERROR).minFrequency(2).fit(Fixtures.context(TRAIN));
    assertClose(new double[] {1},
        fitted.apply(Table.builder().categorical("Job", "c").build()).numericColumn("Job=other"));
    var e = assertThrows(InvalidInputException.class,
        () -> fitted.apply(Table.builder().categorical("Job", "zzz").build()));
    assertEquals("Job", e.column());
    assertEquals("column 'Job' has unknown category 'zzz' at row 0; known categories are [a, b, c, d, other]. Use"
        + " Features.oneHot(\"Job\").onUnknown(Unknown.IGNORE) to encode it as 'other', or retrain with data that has"
        + " it.", e.getMessage());
  }

  @Test
  void oneHot_minFrequency_keepsThePolicyAndThePolicyKeepsIt() {
    assertEquals(Map.of("columns", List.of("Job"), "onUnknown", "error", "minFrequency", 5),
        Features.oneHot("Job").minFrequency(5).onUnknown(Features.Unknown.ERROR).spec());
    assertEquals(Map.of("columns", List.of("Job"), "onUnknown", "error", "minFrequency", 0.05),
        Features.oneHot("Job").onUnknown(Features.Unknown.ERROR).minFrequency(0.05).spec());
  }

  @Test
  void oneHot_everyCategoryRare_encodesOnlyOther() {
    Table out = Features.oneHot("Job").minFrequency(5).fit(Fixtures.context(TRAIN)).apply(TEST);
    assertEquals(List.of("Job=other"), out.columnNames());
    assertClose(new double[] {1, 1, 1, 1, 1, 0}, out.numericColumn("Job=other"));
  }

  @Test
  void groupRare_replacesRareAndUnseenWithOther_keepsMissing() {
    FittedTransform fitted = Features.groupRare("Job").minFrequency(2).fit(Fixtures.context(TRAIN));
    Table out = fitted.apply(TEST);
    assertEquals(ColumnType.CATEGORICAL, out.type("Job"));
    assertEquals(Arrays.asList("a", "other", "other", "other", "b", null), Arrays.asList(strings(out)));
  }

  @Test
  void groupRare_thenOneHot_equalsOneHotWithMinFrequency() {
    var context = Fixtures.context(TRAIN);
    FittedTransform group = Features.groupRare("Job").minFrequency(2).fit(context);
    Table grouped = group.apply(TRAIN);
    FittedTransform oneHot = Features.oneHot("Job").fit(Fixtures.context(grouped));
    Fixtures.assertSameTable(
        Features.oneHot("Job").minFrequency(2).fit(context).apply(TEST), oneHot.apply(group.apply(TEST)));
  }

  @Test
  void groupRare_withoutThreshold_isAProblemAtCheckAndFit() {
    assertEquals(List.of("group_rare of [Job] has no threshold; add .minFrequency(10) to group categories seen in"
            + " fewer than 10 training rows, or .minFrequency(0.01) for fewer than 1% of them."),
        Fixtures.problems(Features.groupRare("Job"), TRAIN));
    var e = assertThrows(IllegalArgumentException.class,
        () -> Features.groupRare("Job").fit(Fixtures.context(TRAIN)));
    assertEquals("group_rare of [Job] has no threshold; add .minFrequency(10) to group categories seen in fewer than"
        + " 10 training rows, or .minFrequency(0.01) for fewer than 1% of them.", e.getMessage());
  }

  @Test
  void minFrequency_outOfRange_isRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> Features.groupRare("Job").minFrequency(0));
    assertEquals("minFrequency(0) is not a count >= 1; give a whole count such as minFrequency(10) or a fraction of"
        + " the training rows such as minFrequency(0.01)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.oneHot("Job").minFrequency(5.0));
    assertEquals("minFrequency(5.0) is not a fraction of the training rows in (0, 1); give a fraction such as"
        + " minFrequency(0.01) or a whole count such as minFrequency(10)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Features.oneHot("Job").minFrequency(Double.NaN));
    assertEquals("minFrequency(NaN) is not a fraction of the training rows in (0, 1); give a fraction such as"
        + " minFrequency(0.01) or a whole count such as minFrequency(10)", e.getMessage());
  }

  @Test
  void groupRare_wrongType_hasTheHouseMessage() {
    Table table = Table.builder().numeric("Job", 1, 2).numeric("y", 0, 1).build();
    assertEquals(List.of("column 'Job' is NUMERIC; group_rare needs CATEGORICAL. Declare it with"
            + " CsvOptions.categorical(\"Job\") or drop it."),
        Fixtures.problems(Features.groupRare("Job").minFrequency(2), table));
  }

  @Test
  void groupRare_spec_andOptionsLeaveTheStepUntouched() {
    GroupRare base = Features.groupRare("Job");
    GroupRare set = base.minFrequency(0.01);
    assertEquals(Map.of("columns", List.of("Job")), base.spec());
    assertEquals("group_rare{columns=[Job], minFrequency=0.01}", set.toString());
    assertEquals("group_rare", base.name());
  }
}
