package org.mlengine.core;

import org.mlengine.runtime.IntArray;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitTest {

  private static final Instant DAY0 = Instant.parse("2024-01-01T00:00:00Z");

  // ---- tables ----

  /** n rows: x = 0..n-1, y alternating a/b, g = five groups of consecutive rows, t = daily. */
  private static Table table(int n) {
    double[] x = new double[n];
    String[] y = new String[n];
    String[] g = new String[n];
    Instant[] t = new Instant[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 2 == 0 ? "a" : "b";
      g[i] = "g" + (i * 5 / n);
      t[i] = DAY0.plus(Duration.ofDays(i));
    }
    return Table.builder().numeric("x", x).categorical("y", y).categorical("g", g).timestamp("t", t).build();
  }

  private static Table daily(int... days) {
    Instant[] t = new Instant[days.length];
    for (int i = 0; i < days.length; i++) {
      t[i] = DAY0.plus(Duration.ofDays(days[i]));
    }
    return Table.builder().numeric("x", new double[days.length]).timestamp("t", t).build();
  }

  private static int[] range(int fromInclusive, int toInclusive) {
    return IntStream.rangeClosed(fromInclusive, toInclusive).toArray();
  }

  private static void assertRows(int[] expected, IntArray actual) {
    assertEquals(Arrays.toString(expected), Arrays.toString(actual.toArray()));
  }

  private static int count(Table table, String column, String value, IntArray rows) {
    return (int) rows.stream().filter(r -> value.equals(table.string(column, r))).count();
  }

  private static void assertCoversAll(Partition p, int n) {
    int[] all = IntStream.concat(IntStream.concat(p.train().stream(), p.validation().stream()), p.test().stream())
        .sorted()
        .toArray();
    assertRows(range(0, n - 1), IntArray.copyOf(all));
  }

  private static String message(Runnable action) {
    return assertThrows(IllegalArgumentException.class, action::run).getMessage();
  }

  // ---- random ----

  @Test
  void random_tenRows_holdsOutTwo() {
    Partition p = Split.random(0.8).partition(table(10), "y", 1);
    assertEquals(8, p.train().length());
    assertEquals(0, p.validation().length());
    assertEquals(2, p.test().length());
    assertCoversAll(p, 10);
  }

  @Test
  void random_withValidation_takesItFromTraining() {
    Partition p = Split.random(0.8).validation(0.1).partition(table(10), "y", 1);
    assertEquals(7, p.train().length());
    assertEquals(1, p.validation().length());
    assertEquals(2, p.test().length());
    assertCoversAll(p, 10);
  }

  @Test
  void random_decimalHalf_roundsHalfUpOnTheFractionAsWritten() {
    // (1 - 0.65) * 10 is 3.4999999999999996 in doubles; the split holds out 3.5 -> 4 rows.
    Partition p = Split.random(0.65).partition(table(10), "y", 1);
    assertEquals(4, p.test().length());
    assertEquals(6, p.train().length());
  }

  @Test
  void random_tinyHeldOutShare_stillHoldsOutOneRow() {
    Partition p = Split.random(0.99).partition(table(10), "y", 1);
    assertEquals(1, p.test().length());
    assertEquals(9, p.train().length());
  }

  @Test
  void random_sameSeed_samePartition() {
    Split split = Split.random(0.7).validation(0.1);
    assertEquals(split.partition(table(100), "y", 42), split.partition(table(100), "y", 42));
  }

  @Test
  void random_differentSeed_differentPartition() {
    Split split = Split.random(0.7);
    assertNotEquals(split.partition(table(100), "y", 1), split.partition(table(100), "y", 2));
  }

  @Test
  void random_noRoomToTrain_saysSo() {
    assertEquals(
        "the random split of 2 rows holds out 1 for test and 1 for validation, which leaves no row to train on;"
            + " raise trainFraction, lower the validation share or give more data",
        message(() -> Split.random(0.5).validation(0.25).partition(table(2), "y", 1)));
    assertEquals(
        "the random split of 5 rows holds out 5 for test, which leaves no row to train on;"
            + " raise trainFraction or give more data",
        message(() -> Split.random(0.1).partition(table(5), "y", 1)));
  }

  @Test
  void random_oneRow_saysSo() {
    assertEquals(
        "the table has 1 row(s); a split needs at least 2 rows",
        message(() -> Split.random(0.8).partition(table(1), "y", 1)));
  }

  // ---- stratified ----

  @Test
  void stratified_tenRowsTwoClasses_keepsShares() {
    Table t = table(10);
    Partition p = Split.stratified(0.8).partition(t, "y", 7);
    assertEquals(1, count(t, "y", "a", p.test()));
    assertEquals(1, count(t, "y", "b", p.test()));
    assertEquals(4, count(t, "y", "a", p.train()));
    assertEquals(4, count(t, "y", "b", p.train()));
    assertCoversAll(p, 10);
  }

  @Test
  void stratified_unevenClasses_keepsSharesInEveryPart() {
    String[] y = new String[20];
    Arrays.setAll(y, i -> i < 15 ? "a" : "b");
    Table t = Table.builder().categorical("y", y).build();
    Partition p = Split.stratified(0.6).validation(0.2).partition(t, "y", 3);
    assertEquals(6, count(t, "y", "a", p.test()));
    assertEquals(2, count(t, "y", "b", p.test()));
    assertEquals(3, count(t, "y", "a", p.validation()));
    assertEquals(1, count(t, "y", "b", p.validation()));
    assertEquals(6, count(t, "y", "a", p.train()));
    assertEquals(2, count(t, "y", "b", p.train()));
    assertCoversAll(p, 20);
  }

  @Test
  void stratified_manySmallClasses_holdsOutTheOverallShare() {
    // Ten classes of three rows: rounding each class's 0.6 up would hold out 10 rows, not 6.
    String[] y = new String[30];
    Arrays.setAll(y, i -> "c" + (i / 3));
    Table t = Table.builder().categorical("y", y).build();
    Partition p = Split.stratified(0.8).partition(t, "y", 5);
    assertEquals(6, p.test().length());
    for (int c = 0; c < 10; c++) {
      int held = count(t, "y", "c" + c, p.test());
      assertTrue(held == 0 || held == 1, "class c" + c + " held out " + held);
    }
  }

  @Test
  void stratified_sameSeed_samePartition_differentSeed_different() {
    Split split = Split.stratified(0.75);
    assertEquals(split.partition(table(100), "y", 9), split.partition(table(100), "y", 9));
    assertNotEquals(split.partition(table(100), "y", 9), split.partition(table(100), "y", 10));
  }

  @Test
  void stratified_nullTarget_saysSo() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Split.stratified(0.8).partition(table(10), null, 1));
    assertEquals(
        "a stratified split reads the target, but the target is null; pass the target column's name", e.getMessage());
  }

  @Test
  void stratifiedKFold_eachFoldKeepsShares() {
    Table t = table(20);
    List<Partition> folds = Split.stratifiedKFold(5).partitions(t, "y", 4);
    assertEquals(5, folds.size());
    for (Partition p : folds) {
      assertEquals(2, count(t, "y", "a", p.test()));
      assertEquals(2, count(t, "y", "b", p.test()));
      assertEquals(16, p.train().length());
    }
  }

  // ---- group ----

  @Test
  void group_tenRowsFiveGroups_holdsOutWholeGroups() {
    Table t = table(10);
    Partition p = Split.group("g", 0.8).validation(0.2).partition(t, "y", 11);
    assertEquals(2, p.test().length());
    assertEquals(2, p.validation().length());
    assertEquals(6, p.train().length());
    assertCoversAll(p, 10);
    Set<String> train = new HashSet<>();
    p.train().forEach(r -> train.add(t.string("g", r)));
    p.test().forEach(r -> assertTrue(!train.contains(t.string("g", r))));
    p.validation().forEach(r -> assertTrue(!train.contains(t.string("g", r))));
  }

  @Test
  void group_oneLargeGroup_keepsTheTestPartNearItsShare() {
    // Groups of 8, 1 and 1 rows: 20% of 10 rows is the two small groups, whatever the seed.
    Table t = Table.builder().categorical("g", "a", "a", "a", "a", "a", "a", "a", "a", "b", "c").build();
    for (long seed = 0; seed < 20; seed++) {
      Partition p = Split.group("g", 0.8).partition(t, "g", seed);
      assertRows(new int[] {8, 9}, p.test());
    }
  }

  @Test
  void group_everyGroupTooLarge_holdsOutTheSmallest() {
    Table t = Table.builder().categorical("g", "a", "a", "a", "a", "a", "a", "b", "b", "b", "b").build();
    Partition p = Split.group("g", 0.9).partition(t, "g", 3);
    assertRows(new int[] {6, 7, 8, 9}, p.test());
  }

  @Test
  void group_twoGroupsWithValidation_saysSo() {
    Table t = Table.builder().categorical("g", "a", "a", "a", "b", "b", "b").build();
    assertEquals(
        "group column 'g' has 2 groups; a group split with validation needs at least 3, one for each part."
            + " Drop validation() or split by a column with more groups",
        message(() -> Split.group("g", 0.8).validation(0.3).partition(t, "g", 1)));
  }

  @Test
  void group_heldOutShareOverHalf_alwaysLeavesAGroupToTrain() {
    // Groups of 1 and 2 rows, 2 rows to hold out: taking both would meet the count but leave no training.
    Table t = Table.builder().categorical("g", "a", "b", "b").build();
    for (long seed = 0; seed < 20; seed++) {
      Partition p = Split.group("g", 0.5).partition(t, "g", seed);
      assertTrue(p.train().length() > 0 && p.test().length() > 0, p.toString());
    }
  }

  @Test
  void group_sameSeed_samePartition_differentSeed_different() {
    String[] g = new String[200];
    Arrays.setAll(g, i -> "g" + (i % 50));
    Table t = Table.builder().categorical("g", g).build();
    Split split = Split.group("g", 0.8);
    assertEquals(split.partition(t, "g", 5), split.partition(t, "g", 5));
    assertNotEquals(split.partition(t, "g", 5), split.partition(t, "g", 6));
  }

  @Test
  void group_oneGroup_saysSo() {
    Table t = Table.builder().categorical("g", "a", "a", "a", "a").build();
    assertEquals(
        "group column 'g' has 1 distinct value(s) in 4 rows; a group split needs at least 2 groups."
            + " Split by a column with more groups, or use Split.random",
        message(() -> Split.group("g", 0.8).partition(t, "g", 1)));
    assertEquals(
        "group column 'g' has 1 distinct value(s) in 4 rows; a group split needs at least 2 groups."
            + " Split by a column with more groups, or use Split.random",
        message(() -> Split.groupKFold("g", 2).partitions(t, "g", 1)));
  }

  @Test
  void group_missingValue_saysWhere() {
    Table t = Table.builder().categorical("g", "a", "b", null, "a").build();
    assertEquals(
        "group column 'g' is missing at row 2; every row needs a group. Fill it or drop the row.",
        message(() -> Split.group("g", 0.5).partition(t, "g", 1)));
  }

  @Test
  void group_unknownColumn_saysSo() {
    assertEquals(
        "split column 'customer' is not in the table; the table has [x, y, g, t]. Check the spelling.",
        message(() -> Split.group("customer", 0.8).partition(table(10), "y", 1)));
  }

  @Test
  void groupKFold_moreFoldsThanGroups_saysSo() {
    Table t = Table.builder().categorical("g", "a", "b", "a", "b").build();
    assertEquals(
        "groupKFold(3) needs at least 3 groups, one per fold, but there are 2; use k <= 2",
        message(() -> Split.groupKFold("g", 3).partitions(t, "g", 1)));
  }

  @Test
  void groupKFold_balancesFoldSizes() {
    // Groups of 4, 3, 3, 2 rows into 2 folds: the largest first, each to the lighter fold: 6 and 6.
    Table t = Table.builder()
        .categorical("g", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d")
        .build();
    List<Partition> folds = Split.groupKFold("g", 2).partitions(t, "g", 1);
    assertEquals(6, folds.get(0).test().length());
    assertEquals(6, folds.get(1).test().length());
  }

  // ---- time ----

  @Test
  void timeOrdered_tenDays_trainsOnTheEarliest() {
    Partition p = Split.timeOrdered("t", 0.8).partition(table(10), "y", 1);
    assertRows(range(0, 7), p.train());
    assertRows(range(8, 9), p.test());
  }

  @Test
  void timeOrdered_withGap_leavesTheGapRowsOut() {
    Partition p = Split.timeOrdered("t", 0.8).gap(Duration.ofDays(1)).partition(table(10), "y", 1);
    assertRows(range(0, 6), p.train());
    assertRows(range(8, 9), p.test());
  }

  @Test
  void timeOrdered_withValidationAndGap_keepsTheGapOnBothSides() {
    Partition p = Split.timeOrdered("t", 0.8).validation(0.2).partition(table(10), "y", 1);
    assertRows(range(0, 5), p.train());
    assertRows(range(6, 7), p.validation());
    assertRows(range(8, 9), p.test());
    Partition gapped =
        Split.timeOrdered("t", 0.8).validation(0.2).gap(Duration.ofDays(1)).partition(table(10), "y", 1);
    assertRows(range(0, 4), gapped.train());
    assertRows(new int[] {6}, gapped.validation());
    assertRows(range(8, 9), gapped.test());
  }

  @Test
  void timeOrdered_rowsOutOfOrder_splitsByTimeNotPosition() {
    Partition p = Split.timeOrdered("t", 0.6).partition(daily(4, 0, 3, 1, 2), "x", 1);
    assertRows(new int[] {1, 3, 4}, p.train());
    assertRows(new int[] {0, 2}, p.test());
  }

  @Test
  void timeOrdered_tieAtTheBoundary_goesToTest() {
    Partition p = Split.timeOrdered("t", 0.8).partition(daily(0, 1, 2, 3, 4, 5, 6, 7, 7, 7), "x", 1);
    assertRows(range(0, 6), p.train());
    assertRows(range(7, 9), p.test());
  }

  @Test
  void timeOrdered_tieThatWouldEmptyTraining_goesToTraining() {
    Partition p = Split.timeOrdered("t", 0.2).partition(daily(0, 0, 0, 0, 1), "x", 1);
    assertRows(range(0, 3), p.train());
    assertRows(new int[] {4}, p.test());
  }

  @Test
  void timeOrdered_sameSeed_samePartition() {
    Split split = Split.timeOrdered("t", 0.7).validation(0.1);
    assertEquals(split.partition(table(50), "y", 1), split.partition(table(50), "y", 2));
  }

  @Test
  void timeOrdered_allIdenticalTimes_saysSo() {
    Table t = daily(3, 3, 3, 3);
    String expected = "time column 't' has the same time 2024-01-04T00:00:00Z in all 4 rows; a time-ordered split"
        + " needs at least 2 distinct times. Split by a column whose time varies, or use Split.random";
    assertEquals(expected, message(() -> Split.timeOrdered("t", 0.8).partition(t, "x", 1)));
    assertEquals(expected, message(() -> Split.timeSeriesKFold("t", 2).partitions(t, "x", 1)));
  }

  @Test
  void timeOrdered_validationWithTwoTimes_saysSo() {
    assertEquals(
        "time column 't' has 2 distinct times; a time-ordered split with validation needs at least 3,"
            + " one for each part. Drop validation() or give data that spans more time",
        message(() -> Split.timeOrdered("t", 0.8).validation(0.1).partition(daily(0, 0, 0, 1, 1), "x", 1)));
  }

  @Test
  void timeOrdered_gapLongerThanTheData_saysSo() {
    assertEquals(
        "the time-ordered split on 't' left no rows to train on: none is earlier than 2024-01-09T00:00:00Z minus"
            + " the gap PT240H. Lower the gap, raise the training share, or give data that spans more time.",
        message(() -> Split.timeOrdered("t", 0.8).gap(Duration.ofDays(10)).partition(table(10), "y", 1)));
  }

  @Test
  void timeOrdered_missingTime_saysWhere() {
    Table t = Table.builder().timestamp("t", DAY0, null, DAY0.plusSeconds(60)).build();
    assertEquals(
        "time column 't' is missing at row 1; every row needs a time. Fill it or drop the row.",
        message(() -> Split.timeOrdered("t", 0.5).partition(t, "t", 1)));
  }

  @Test
  void timeOrdered_onNumericColumn_saysSo() {
    assertEquals(
        "split column 'x' is NUMERIC; a time-ordered split needs TIMESTAMP."
            + " Declare it with CsvOptions.defaults().timestamp(\"x\") or split by another column.",
        message(() -> Split.timeOrdered("x", 0.8).partition(table(10), "y", 1)));
  }

  // ---- time-series folds (reference: features_vectors.md section 13, sklearn TimeSeriesSplit) ----

  @Test
  void timeSeriesKFold_tenRowsThreeFolds_matchesSklearn() {
    // sklearn TimeSeriesSplit(n_splits=3), n=10: test_size = 10 // 4 = 2, test starts 4, 6, 8.
    List<Partition> folds = Split.timeSeriesKFold("t", 3).partitions(table(10), "y", 1);
    assertEquals(3, folds.size());
    assertRows(range(0, 3), folds.get(0).train());
    assertRows(range(4, 5), folds.get(0).test());
    assertRows(range(0, 5), folds.get(1).train());
    assertRows(range(6, 7), folds.get(1).test());
    assertRows(range(0, 7), folds.get(2).train());
    assertRows(range(8, 9), folds.get(2).test());
  }

  @Test
  void timeSeriesKFold_oneDayGapOnDailyRows_matchesSklearnGapOne() {
    // Section 13 (gap=1): train 0-2 / test 4-5, train 0-4 / test 6-7, train 0-6 / test 8-9.
    // Strictly: row 3 is at test start - 1 day, and 3 + 1 day == 4 is not before 4.
    List<Partition> folds =
        Split.timeSeriesKFold("t", 3).gap(Duration.ofDays(1)).partitions(table(10), "y", 1);
    assertEquals(3, folds.size());
    assertRows(range(0, 2), folds.get(0).train());
    assertRows(range(4, 5), folds.get(0).test());
    assertRows(range(0, 4), folds.get(1).train());
    assertRows(range(6, 7), folds.get(1).test());
    assertRows(range(0, 6), folds.get(2).train());
    assertRows(range(8, 9), folds.get(2).test());
  }

  @Test
  void timeSeriesKFold_remainderRows_goToTheFirstBlock() {
    // sklearn, n=11, n_splits=3: test_size = 2, test starts 5, 7, 9.
    List<Partition> folds = Split.timeSeriesKFold("t", 3).partitions(table(11), "y", 1);
    assertRows(range(0, 4), folds.get(0).train());
    assertRows(range(5, 6), folds.get(0).test());
    assertRows(range(0, 8), folds.get(2).train());
    assertRows(range(9, 10), folds.get(2).test());
  }

  @Test
  void timeSeriesKFold_tiesAtTheStart_moveTheBoundary() {
    // Positions would start the first test block at day 0, leaving nothing earlier: it starts at day 1.
    List<Partition> folds = Split.timeSeriesKFold("t", 2).partitions(daily(0, 0, 0, 0, 1, 2), "x", 1);
    assertRows(range(0, 3), folds.get(0).train());
    assertRows(new int[] {4}, folds.get(0).test());
    assertRows(range(0, 4), folds.get(1).train());
    assertRows(new int[] {5}, folds.get(1).test());
  }

  @Test
  void timeSeriesKFold_tooFewRows_saysSo() {
    assertEquals(
        "timeSeriesKFold(3) cuts the rows into 4 blocks and needs at least 4 rows, but the table has 3; use k <= 2",
        message(() -> Split.timeSeriesKFold("t", 3).partitions(table(3), "y", 1)));
  }

  @Test
  void timeSeriesKFold_tooFewDistinctTimes_saysSo() {
    assertEquals(
        "timeSeriesKFold(3) on 't' needs at least 4 distinct times, one per block, but there are 3;"
            + " use k <= 2 or data with more distinct times",
        message(() -> Split.timeSeriesKFold("t", 3).partitions(daily(0, 0, 1, 1, 2, 2), "x", 1)));
  }

  // ---- k-fold ----

  @Test
  void kFold_tenRowsThreeFolds_holdsOutEachRowOnce() {
    List<Partition> folds = Split.kFold(3).partitions(table(10), "y", 1);
    assertEquals(3, folds.size());
    int[] held = new int[10];
    for (Partition p : folds) {
      assertTrue(p.test().length() == 3 || p.test().length() == 4);
      assertEquals(10, p.train().length() + p.test().length());
      p.test().forEach(r -> held[r]++);
    }
    assertEquals("[1, 1, 1, 1, 1, 1, 1, 1, 1, 1]", Arrays.toString(held));
  }

  @Test
  void kFold_moreFoldsThanRows_saysSo() {
    assertEquals(
        "kFold(5) needs at least 5 rows, one per fold, but there are 3; use k <= 3",
        message(() -> Split.kFold(5).partitions(table(3), "y", 1)));
    assertEquals(
        "stratifiedKFold(5) needs at least 5 rows, one per fold, but there are 3; use k <= 3",
        message(() -> Split.stratifiedKFold(5).partitions(table(3), "y", 1)));
  }

  @Test
  void kFold_sameSeed_sameFolds_differentSeed_different() {
    assertEquals(Split.kFold(5).partitions(table(50), "y", 3), Split.kFold(5).partitions(table(50), "y", 3));
    assertNotEquals(Split.kFold(5).partitions(table(50), "y", 3), Split.kFold(5).partitions(table(50), "y", 4));
  }

  // ---- settings ----

  @Test
  void settings_outOfRange_sayWhatToGive() {
    assertEquals(
        "trainFraction 1.0 is outside (0, 1); give the share of rows to train on, e.g. 0.8",
        message(() -> Split.random(1.0)));
    assertEquals(
        "kFold(1): a k-fold split needs k >= 2 folds; use e.g. 5, or a hold-out split for a single test part",
        message(() -> Split.kFold(1)));
    assertEquals(
        "validation fraction 0.8 must be in (0, 0.8), the training share it is taken from; give a smaller share,"
            + " e.g. 0.1",
        message(() -> Split.random(0.8).validation(0.8)));
    assertEquals(
        "validation() applies to hold-out splits; this 5-fold split holds out every fold in turn."
            + " Drop validation() or use a hold-out split",
        message(() -> Split.kFold(5).validation(0.1)));
    assertEquals(
        "gap() applies to time-ordered splits; this split is stratified."
            + " Use Split.timeOrdered or Split.timeSeriesKFold, or drop gap()",
        message(() -> Split.stratified(0.8).gap(Duration.ofDays(1))));
    assertEquals(
        "gap PT-1H is negative; give zero or a positive duration",
        message(() -> Split.timeOrdered("t", 0.8).gap(Duration.ofHours(-1))));
    assertEquals(
        "partition() is for hold-out splits; this is a 5-fold split: use partitions()",
        message(() -> Split.kFold(5).partition(table(10), "y", 1)));
  }

  @Test
  void spec_listsTheSettings() {
    assertEquals(
        "{kind=time-ordered, trainFraction=0.8, validationFraction=0.1, column=t, gap=PT24H}",
        Split.timeOrdered("t", 0.8).validation(0.1).gap(Duration.ofDays(1)).spec().toString());
    assertEquals("{kind=group, folds=5, column=g}", Split.groupKFold("g", 5).spec().toString());
  }

  // ---- cross-fitting folds ----

  @Test
  void crossFitFolds_fewerRowsThanFolds_clampsK() {
    assertEquals(3, Split.random(0.8).crossFitFolds(5).partitions(table(3), "y", 1).size());
    Table twoGroups = Table.builder().categorical("g", "a", "b", "a", "b").build();
    assertEquals(2, Split.group("g", 0.8).crossFitFolds(5).partitions(twoGroups, "g", 1).size());
  }

  @Test
  void crossFitFolds_time_leavesTheFirstBlockOutAndClamps() {
    List<Partition> folds = Split.timeOrdered("t", 0.8).crossFitFolds(5).partitions(table(12), "y", 1);
    assertEquals(5, folds.size());
    assertRows(range(0, 1), folds.get(0).train());
    assertRows(range(2, 3), folds.get(0).test());
    assertEquals(1, Split.timeOrdered("t", 0.8).crossFitFolds(5).partitions(daily(0, 0, 1), "x", 1).size());
    assertEquals(List.of(), Split.timeOrdered("t", 0.8).crossFitFolds(5).partitions(daily(2, 2), "x", 1));
  }

  @Test
  void crossFitFolds_timeWithGap_dropsFoldsWithoutEarlierRows() {
    List<Partition> folds = Split.timeOrdered("t", 0.8)
        .gap(Duration.ofDays(2))
        .crossFitFolds(3)
        .partitions(table(8), "y", 1);
    // Blocks of 2 rows start at days 2, 4, 6; with a 2-day gap the first has nothing early enough.
    assertEquals(2, folds.size());
    assertRows(range(0, 1), folds.get(0).train());
    assertRows(range(4, 5), folds.get(0).test());
  }

  // ---- partition ----

  @Test
  void partition_rowInTwoParts_isRefused() {
    assertEquals(
        "row 2 is in both train and test; a partition's parts must not share rows, or held-out rows leak into"
            + " fitting. Put each row in one part",
        message(() -> Partition.of(new int[] {0, 1, 2}, new int[] {2, 3})));
    assertEquals(
        "test has the negative row index -1; row indices start at 0",
        message(() -> Partition.of(new int[] {0}, new int[] {-1})));
  }

  @Test
  void partition_nullPart_saysToPassAnEmptyIntArray() {
    IntArray none = IntArray.of();
    IntArray rows = IntArray.copyOf(new int[] {0, 1});
    assertEquals("train is null; pass IntArray.of() for an empty part",
        assertThrows(NullPointerException.class, () -> new Partition(null, none, rows)).getMessage());
    assertEquals("validation is null; pass IntArray.of() for an empty part",
        assertThrows(NullPointerException.class, () -> new Partition(rows, null, none)).getMessage());
    assertEquals("test is null; pass IntArray.of() for an empty part",
        assertThrows(NullPointerException.class, () -> new Partition(rows, none, null)).getMessage());
  }

  @Test
  void partition_of_givesEachPartAsAnIntArrayValue() {
    Partition p = Partition.of(new int[] {3, 0}, new int[] {1}, new int[] {2});
    assertEquals(IntArray.copyOf(new int[] {3, 0}), p.train());
    assertEquals(IntArray.copyOf(List.of(1)), p.validation());
    assertEquals("[2]", p.test().toString());
    assertEquals(p, new Partition(IntArray.copyOf(new int[] {3, 0}), IntArray.copyOf(new int[] {1}), IntArray.copyOf(new int[] {2})));
  }
}
