package org.mlengine.core.internal;

import org.mlengine.core.DataChecksTest;
import org.mlengine.core.Partition;
import org.mlengine.core.Pipeline;
import org.mlengine.core.PipelineResult;
import org.mlengine.core.Split;
import org.mlengine.core.TestData;
import org.mlengine.core.Trainers;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.Fingerprint;
import org.mlengine.runtime.Table;
import org.mlengine.runtime.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LeakageAuditTest {
  private static Table credit() throws Exception {
    return Table.readCsv(Path.of(LeakageAuditTest.class.getResource("/credit_data.csv").toURI()));
  }

  private static List<String> features(Table t, String target) {
    List<String> out = new ArrayList<>(t.columnNames());
    out.remove(target);
    return out;
  }

  private static List<AuditFinding> audit(Table t, String target, Task task, Split split, Partition p) {
    return LeakageAudit.ofData(t, t, p, target, task, features(t, target), split, Optional.empty());
  }

  private static List<AuditFinding.Kind> kinds(List<AuditFinding> findings) {
    return findings.stream().map(AuditFinding::kind).toList();
  }

  private static Pipeline.Builder logistic() {
    return Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.logisticRegression()).bootstrap(0).seed(42);
  }

  /** The binary target of {@code table} as 0/1 with a share of the rows flipped. */
  private static double[] noisyCopy(Table table, String target, String positive, double share, long seed) {
    Random random = new Random(seed);
    double[] out = new double[table.rowCount()];
    for (int r = 0; r < out.length; r++) {
      boolean yes = positive.equals(table.string(target, r));
      out[r] = (random.nextDouble() < share) != yes ? 1 : 0;
    }
    return out;
  }

  private static double[] rowNumbers(int n) {
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = r;
    }
    return out;
  }

  // ---- a clean table ----

  @Test
  void fit_cleanTable_raisesNothing() {
    PipelineResult result = logistic().build().fit(TestData.binary(400, 1));
    assertTrue(result.audit().isClean(), result.audit().toString());
    assertEquals("leakage audit: clean (0 fitted steps saw exactly the training part)", result.audit().toString());
    assertEquals(Optional.of(result.audit()), result.bundle().audit());
  }

  @Test
  void fit_cleanRegressionTable_raisesNothing() {
    PipelineResult result = Pipeline.builder().target("y").split(Split.random(0.8)).trainer(Trainers.linearSgd()).bootstrap(0)
        .build().fit(TestData.regression(300, 2));
    assertTrue(result.audit().isClean(), result.audit().toString());
  }

  // ---- duplicates ----

  @Test
  void duplicates_areCountedExactlyByPairOfParts() {
    Table t = Table.builder()
        .categorical("a", "p", "q", "r", "p", "q", "q", "s", "s", "r", "p")
        .categorical("y", "yes", "no", "yes", "yes", "no", "no", "no", "no", "no", "yes")
        .build();
    // train 0 1 2 9; validation 4 6; test 3 5 7 8
    Partition p = Partition.of(new int[] {0, 1, 2, 9}, new int[] {4, 6}, new int[] {3, 5, 7, 8});
    List<AuditFinding> findings = audit(t, "y", Task.CLASSIFICATION, Split.random(0.5), p);
    assertEquals(List.of(new AuditFinding(AuditFinding.Kind.EXACT_DUPLICATES, AuditFinding.Severity.WARNING, List.of(), 4,
        List.of(3, 4, 5, 7), "4 held-out rows are identical, in all 2 columns (features and target), to a row of an earlier part:"
            + " 2 test rows repeat training rows, 1 validation row repeats training rows, 1 test row repeats validation rows.",
        "Identical rows in training and held-out parts make held-out metrics optimistic: remove duplicate rows before fitting"
            + " (keep one of each), or, if repeats are real (one entity seen several times), split by that entity with"
            + " Split.group(column, fraction).")), findings);
  }

  @Test
  void nearDuplicates_afterNormalization_areReportedApartFromExactOnes() {
    Table t = Table.builder()
        .text("t", "Hello World", "other", "  hello   WORLD ", "other", "new")
        .numeric("x", 1.0, 2.0, 1.0000001, 2.0, 3.0)
        .categorical("y", "a", "b", "a", "b", "a")
        .build();
    Partition p = Partition.of(new int[] {0, 1}, new int[] {2, 3, 4});
    List<AuditFinding> findings = audit(t, "y", Task.CLASSIFICATION, Split.random(0.5), p);
    assertEquals(List.of(AuditFinding.Kind.EXACT_DUPLICATES, AuditFinding.Kind.NEAR_DUPLICATES), kinds(findings));
    assertEquals(List.of(3), findings.get(0).rows());
    AuditFinding near = findings.get(1);
    assertEquals(AuditFinding.Severity.INFO, near.severity());
    assertEquals(List.of(2), near.rows());
    assertEquals("1 held-out row equals a row of an earlier part after normalization (text and categories trimmed, lower-cased,"
        + " whitespace collapsed; numbers rounded to 6 significant digits) but are not identical.", near.message());
  }

  @Test
  void fit_rowsDuplicatedAcrossTrainAndTest_areCountedExactly() {
    Table base = TestData.binary(400, 3);
    int[] rows = new int[440];
    for (int r = 0; r < 440; r++) {
      rows[r] = r < 400 ? r : r - 400;   // rows 400..439 copy rows 0..39
    }
    Table table = base.rows(rows);
    PipelineResult result = logistic().build().fit(table);
    int[] part = LeakageAudit.parts(440, result.partition());
    List<Integer> expected = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      if (part[r] == 0 && part[r + 400] == 2) {
        expected.add(r + 400);
      } else if (part[r] == 2 && part[r + 400] == 0) {
        expected.add(r);
      }
    }
    expected.sort(null);
    assertEquals(List.of(AuditFinding.Kind.EXACT_DUPLICATES), kinds(result.audit().findings()), result.audit().toString());
    AuditFinding found = result.audit().findings().get(0);
    assertEquals(expected.size(), found.count());
    assertTrue(expected.size() > 0);
    assertEquals(expected.subList(0, Math.min(5, expected.size())), found.rows());
    assertTrue(found.message().startsWith(expected.size() + " held-out rows are identical, in all 3 columns"), found.message());
  }

  // ---- groups ----

  @Test
  void fit_groupColumnAcrossParts_isFlagged_butNotUnderAGroupSplit() {
    Table base = TestData.binary(300, 4);
    String[] customer = new String[300];
    for (int r = 0; r < 300; r++) {
      customer[r] = "c" + (r / 3);
    }
    Table table = base.withCategorical("Customer", customer);
    PipelineResult random = logistic().drop("Customer").auditGroups("Customer").build().fit(table);
    int[] part = LeakageAudit.parts(300, random.partition());
    int shared = 0;
    for (int c = 0; c < 100; c++) {
      shared += part[3 * c] == part[3 * c + 1] && part[3 * c] == part[3 * c + 2] ? 0 : 1;
    }
    List<AuditFinding> groups = random.audit().of(AuditFinding.Kind.GROUP_OVERLAP);
    assertEquals(1, groups.size(), random.audit().toString());
    assertEquals(AuditFinding.Severity.ERROR, groups.get(0).severity());
    assertEquals(List.of("Customer"), groups.get(0).columns());
    assertEquals(shared, groups.get(0).count());
    assertTrue(groups.get(0).message().startsWith(shared + " values of group column 'Customer' occur in more than one part (e.g. ["),
        groups.get(0).message());
    assertEquals("Rows of one group must stay on one side: split with Split.group(\"Customer\", fraction).", groups.get(0).action());

    PipelineResult grouped = logistic().split(Split.group("Customer", 0.8)).build().fit(table);
    assertTrue(grouped.audit().isClean(), grouped.audit().toString());
  }

  @Test
  void fit_unknownAuditGroupsColumn_isAProblemOfTheSpec() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> logistic().auditGroups("Custmer").build().fit(TestData.binary(50, 1)))
        .getMessage().contains("- auditGroups names column 'Custmer', which is not in the table; the table has [x1, x2, y]. Check the spelling."));
  }

  // ---- time ----

  private static Table timed(int n) {
    long[] when = new long[n];
    for (int r = 0; r < n; r++) {
      when[r] = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() + r * 3_600_000L;
    }
    return TestData.binary(n, 5).withTimestamp("when", when);
  }

  @Test
  void fit_randomSplitOfATimestampedTable_saysTestRowsPrecedeTrainingRows() {
    PipelineResult result = logistic().drop("when").build().fit(timed(200));
    List<AuditFinding> time = result.audit().of(AuditFinding.Kind.TIME_OVERLAP);
    assertEquals(1, time.size(), result.audit().toString());
    AuditFinding f = time.get(0);
    assertEquals(AuditFinding.Severity.WARNING, f.severity());
    assertTrue(f.message().matches("\\d+ of 40 held-out rows have 'when' before the last training row \\(2024-01-09T0\\d:00:00Z\\):"
        + " the random split lets the model learn from the future of the rows it is judged on\\."), f.message());
    assertEquals("If the model will predict rows later than the data it learned from, split with Split.timeOrdered(\"when\","
        + " fraction) (and a gap if labels arrive late).", f.action());
  }

  @Test
  void fit_timeOrderedSplit_hasNoTimeOverlap() {
    PipelineResult result = logistic().split(Split.timeOrdered("when", 0.8)).build().fit(timed(200));
    assertTrue(result.audit().of(AuditFinding.Kind.TIME_OVERLAP).isEmpty(), result.audit().toString());
  }

  @Test
  void timeOrderedSplit_whoseTestStartsBeforeTrainingEnds_isAnError() {
    Table t = timed(20);
    // rows 0..14 train except 3; test 3 and 15..19: row 3 precedes training rows
    int[] train = {0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    Partition p = Partition.of(train, new int[] {3, 15, 16, 17, 18, 19});
    Split split = Split.timeOrdered("when", 0.7).gap(java.time.Duration.ofHours(2));
    List<AuditFinding> time = audit(t.drop("x1", "x2"), "y", Task.CLASSIFICATION, split, p).stream()
        .filter(f -> f.kind() == AuditFinding.Kind.TIME_OVERLAP).toList();
    assertEquals(List.of(new AuditFinding(AuditFinding.Kind.TIME_OVERLAP, AuditFinding.Severity.ERROR, List.of("when"), 3,
        List.of(3, 15, 16), "3 of 6 held-out rows have 'when' at or before 2024-01-01T16:00:00Z (the last training row,"
            + " 2024-01-01T14:00:00Z, plus the gap PT2H); a time-ordered split puts every held-out row after it.",
        "The held-out part starts before the training part ends: make sure the split is Split.timeOrdered(\"when\", fraction)"
            + " on this table, unaltered.")), time);
  }

  // ---- single predictive features ----

  @Test
  void fit_targetCopiedWithTwoPercentNoise_isFlagged_andHonestFeaturesAreNot() {
    Table base = TestData.binary(1000, 6);
    Table table = base.withNumeric("leak", noisyCopy(base, "y", "yes", 0.02, 7));
    PipelineResult result = logistic().build().fit(table);
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE), kinds(result.audit().findings()), result.audit().toString());
    AuditFinding f = result.audit().findings().get(0);
    assertEquals(AuditFinding.Severity.ERROR, f.severity());
    assertEquals(List.of("leak"), f.columns());
    assertEquals(200, f.count());
    assertTrue(f.message().matches("column 'leak' alone reaches held-out ROC AUC 0\\.9\\d{3} against 'y' \\(its values used as"
        + " scores, fitted on 800 training rows, scored on 200 held-out rows\\); the threshold is 0\\.95\\."), f.message());
    assertEquals("A single column this predictive is usually the target in disguise (recorded after the outcome, or derived from"
        + " it): check that 'leak' is known at prediction time, and drop it with .drop(\"leak\") if not.", f.action());
  }

  @Test
  void categoricalCopyOfAMultiClassTarget_isFlaggedThroughTrainingTargetMeans() {
    Random random = new Random(8);
    int n = 600;
    String[] y = new String[n];
    String[] leak = new String[n];
    double[] x = new double[n];
    for (int r = 0; r < n; r++) {
      y[r] = List.of("a", "b", "c").get(random.nextInt(3));
      leak[r] = random.nextDouble() < 0.02 ? "z" + random.nextInt(3) : "k" + y[r];
      x[r] = random.nextGaussian();
    }
    Table t = Table.builder().numeric("x", x).categorical("leak", leak).categorical("y", y).build();
    Split split = Split.random(0.7);
    List<AuditFinding> findings = audit(t, "y", Task.CLASSIFICATION, split, split.partition(t, "y", 1));
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE), kinds(findings));
    assertTrue(findings.get(0).message().matches("column 'leak' alone reaches held-out ROC AUC \\(best one-vs-rest\\) (0\\.9\\d{3}|1\\.0000) against 'y'.*"),
        findings.get(0).message());
    assertTrue(findings.get(0).message().contains("(each category scored by its training-part target mean,"), findings.get(0).message());
  }

  @Test
  void aPartLargerThanTheBound_isScoredOnAnEvenlySpacedSample_andTheFindingSaysSo() {
    // 300,000 rows: 240,000 training and 60,000 held-out, more than the single-column check reads (#15).
    Table t = leakingTable(300_000, 12);
    Split split = Split.random(0.8);
    List<AuditFinding> findings = audit(t, "y", Task.CLASSIFICATION, split, split.partition(t, "y", 1));
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE), kinds(findings));
    assertTrue(findings.get(0).message().matches("column 'leak' alone reaches held-out ROC AUC 0\\.9\\d{3} against 'y' \\(each category scored"
        + " by its training-part target mean, estimated on an evenly spaced sample: fitted on 200000 of the 240000 training rows, scored"
        + " on a sample of 50000 of the 60000 held-out rows, 50000 of them with a value\\); the threshold is 0\\.95\\."), findings.get(0).message());
    assertEquals(50_000, findings.get(0).count());
  }

  @Test
  void onlyTheTrainingPartLargerThanTheBound_isSampled_andTheFindingSaysSoOfThatPartOnly() {
    // 215,000 rows split 95/5: about 204,000 training rows (more than the 200,000 read) and 10,750 held-out ones (all read).
    Table t = leakingTable(215_000, 13);
    Split split = Split.random(0.95);
    Partition partition = split.partition(t, "y", 1);
    int trainRows = partition.train().length();
    int heldOutRows = partition.validation().length() + partition.test().length();
    List<AuditFinding> findings = audit(t, "y", Task.CLASSIFICATION, split, partition);
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE), kinds(findings));
    String message = findings.get(0).message();
    assertTrue(message.contains("(each category scored by its training-part target mean, estimated on an evenly spaced sample: fitted on"
        + " 200000 of the " + trainRows + " training rows, scored on " + heldOutRows + " held-out rows); the threshold"), message);
  }

  /** {@code n} rows of a two-class label {@code y}, a column {@code leak} that carries it (2% noise) and a number {@code x} of its own per row. */
  private static Table leakingTable(int n, long seed) {
    Random random = new Random(seed);
    String[] y = new String[n];
    String[] leak = new String[n];
    double[] x = new double[n];
    for (int r = 0; r < n; r++) {
      y[r] = random.nextBoolean() ? "yes" : "no";
      leak[r] = random.nextDouble() < 0.02 ? "other" : "k" + y[r];
      x[r] = 1.25 * r;   // a value of its own per row, even rounded for near-duplicates
    }
    return Table.builder().numeric("x", x).categorical("leak", leak).categorical("y", y).build();
  }

  @Test
  void evenlySpaced_keepsSmallPartsWhole_andSpreadsASampleOverALargeOne() {
    int[] rows = java.util.stream.IntStream.range(0, 10).map(i -> 3 * i).toArray();
    assertSame(rows, LeakageAudit.evenlySpaced(rows, 10));
    assertArrayEquals(new int[] {0, 6, 12, 18, 24}, LeakageAudit.evenlySpaced(rows, 5));
    assertArrayEquals(new int[] {0, 9, 18}, LeakageAudit.evenlySpaced(rows, 3));
  }

  @Test
  void regressionTargetCopy_isFlaggedByCorrelation() {
    Table base = TestData.regression(400, 9);
    double[] y = base.numericColumn("y");
    Random random = new Random(10);
    double[] leak = new double[y.length];
    for (int r = 0; r < y.length; r++) {
      leak[r] = y[r] + 0.1 * random.nextGaussian();
    }
    Table t = base.withNumeric("leak", leak);
    Split split = Split.random(0.8);
    List<AuditFinding> findings = audit(t, "y", Task.REGRESSION, split, split.partition(t, "y", 1));
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE), kinds(findings));
    assertTrue(findings.get(0).message().matches("column 'leak' alone reaches held-out \\|Pearson correlation\\| 0\\.99\\d\\d against"
        + " 'y' \\(its values used as scores, fitted on 320 training rows, scored on 80 held-out rows\\); the threshold is 0\\.95\\."),
        findings.get(0).message());
  }

  @Test
  void auc_andPearson_matchHandValues() {
    // Counted by hand over the 25 positive/negative pairs: 22 ordered right, 1 tie (0.5 vs 0.5), 2 wrong: 22.5 / 25 = 0.9
    assertEquals(0.9, ColumnScores.auc(new double[] {.1, .4, .35, .8, .2, .9, .5, .5, .7, .3},
        new double[] {0, 0, 1, 1, 0, 1, 0, 1, 1, 0}), 1e-12);
    assertEquals(-1.0, ColumnScores.pearson(new double[] {1, 2, 3}, new double[] {6, 4, 2}), 1e-12);
    assertTrue(Double.isNaN(ColumnScores.auc(new double[] {1, 2, 3}, new double[] {0, 1, 1})));
  }

  /**
   * With 100,000 held-out positives, 0.1's rank sum subtracted {@code positives * (positives + 1)}
   * in int arithmetic, which overflows past 46,340 positives: at 1M rows every column then "reached"
   * a held-out AUC above 1 and was flagged as a leak.
   */
  @Test
  void auc_moreThan46340Positives_staysTheMannWhitneyShare() {
    int n = 200_000;
    double[] scores = new double[n];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      scores[i] = i;
      labels[i] = i % 2;   // a positive at 2k + 1 is above k + 1 negatives: U = P (P + 1) / 2
    }
    double positives = n / 2.0;
    assertEquals((positives + 1) / (2 * positives), ColumnScores.auc(scores, labels), 1e-15);
  }

  // ---- ID-like columns ----

  @Test
  void fit_rowNumberColumn_isIdLike_butMeasurementsAreNot() {
    Table base = TestData.binary(400, 11);
    double[] small = new double[400];
    for (int r = 0; r < 400; r++) {
      small[r] = r % 7;
    }
    Table table = base.withNumeric("RowNumber", rowNumbers(400)).withNumeric("Small", small);
    PipelineResult result = logistic().build().fit(table);
    assertEquals(List.of(new AuditFinding(AuditFinding.Kind.ID_LIKE_COLUMN, AuditFinding.Severity.WARNING, List.of("RowNumber"), 400,
        List.of(), "column 'RowNumber' (NUMERIC, whole numbers) has 400 distinct values in 400 rows (100.0%, the threshold is 95%),"
            + " and they fill 100.0% of the range from 0 to 399 (near-sequential): it identifies rows rather than describing them.",
        "An identifier lets a model memorize rows (and a row number leaks their order): leave it out with .drop(\"RowNumber\"),"
            + " or split by it with Split.group(\"RowNumber\", fraction) if rows of one entity repeat.")), result.audit().findings());
    assertTrue(logistic().drop("RowNumber").build().fit(table).audit().isClean());
  }

  /**
   * Issue #14, item 9, shaped like the IBM HR attrition data (not shipped in the project): 1,470
   * rows, a MonthlyRate of whole dollars with 1,427 distinct values between 2,094 and 26,999, and
   * an EmployeeNumber that counts from 1 to 2,068 with gaps. Before, MonthlyRate was flagged
   * ("column 'MonthlyRate' (NUMERIC, whole numbers) has 1427 distinct values in 1470 rows (97.1%,
   * ...)") and strictAudit() refused the clean table.
   */
  private static Table attritionLike() {
    Random random = new Random(14);
    int n = 1470;
    java.util.LinkedHashSet<Double> rates = new java.util.LinkedHashSet<>(List.of(2094.0, 26999.0));
    while (rates.size() < 1427) {
      rates.add((double) (2094 + random.nextInt(26999 - 2094 + 1)));
    }
    List<Double> distinct = new ArrayList<>(rates);
    double[] monthlyRate = new double[n];
    for (int r = 0; r < n; r++) {
      monthlyRate[r] = r < distinct.size() ? distinct.get(r) : distinct.get(random.nextInt(distinct.size()));
    }
    java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>(List.of(1, 2068));
    while (numbers.size() < n) {
      numbers.add(1 + random.nextInt(2068));
    }
    double[] employeeNumber = numbers.stream().mapToDouble(Integer::doubleValue).toArray();
    return TestData.binary(n, 15).withNumeric("MonthlyRate", monthlyRate).withNumeric("EmployeeNumber", employeeNumber);
  }

  @Test
  void strictAudit_uniqueWholeNumberMeasurement_isNotIdLike_soACleanTableFits() {
    Table table = attritionLike();
    assertEquals(1427, java.util.Arrays.stream(table.numericColumn("MonthlyRate")).distinct().count());
    PipelineResult result = logistic().drop("EmployeeNumber").strictAudit().build().fit(table);
    assertTrue(result.audit().isClean(), result.audit().toString());
  }

  @Test
  void fit_nearSequentialEmployeeNumber_isStillIdLike() {
    PipelineResult result = logistic().build().fit(attritionLike());
    assertEquals(List.of(new AuditFinding(AuditFinding.Kind.ID_LIKE_COLUMN, AuditFinding.Severity.WARNING, List.of("EmployeeNumber"),
        1470, List.of(), "column 'EmployeeNumber' (NUMERIC, whole numbers) has 1470 distinct values in 1470 rows (100.0%, the"
            + " threshold is 95%), and they fill 71.1% of the range from 1 to 2068 (near-sequential): it identifies rows rather than"
            + " describing them.",
        "An identifier lets a model memorize rows (and a row number leaks their order): leave it out with .drop(\"EmployeeNumber\"),"
            + " or split by it with Split.group(\"EmployeeNumber\", fraction) if rows of one entity repeat.")), result.audit().findings());
  }

  // ---- fitted steps ----

  @Test
  void ofFittedSteps_otherRows_isAnError_sameRowsAreFine() {
    Fingerprint training = new Fingerprint(10, "abc").withAugmentedRows(2);
    assertEquals(List.of(), LeakageAudit.ofFittedSteps(List.of(new Audit.FittedOn("impute", 12, "abc")), training, 0));
    List<AuditFinding> findings = LeakageAudit.ofFittedSteps(
        List.of(new Audit.FittedOn("impute", 12, "abc"), new Audit.FittedOn("standardize", 15, "def")), training, 2);
    assertEquals(List.of(new AuditFinding(AuditFinding.Kind.FITTED_ON_OTHER_ROWS, AuditFinding.Severity.ERROR, List.of(), 1, List.of(),
        "step 3 (standardize) was fitted on 15 rows with SHA-256 def; expected the 12 rows of the training part and the rows"
            + " augmenters added, SHA-256 abc.",
        "A step learned from rows other than the training part, so held-out rows may have shaped the features: fit steps only"
            + " through Pipeline.fit, which hands each step the training part.")), findings);
  }

  // ---- strict mode ----

  @Test
  void strictAudit_listsEveryFinding_andFitsNothing() {
    Table base = TestData.binary(500, 12);
    Table table = base.withNumeric("leak", noisyCopy(base, "y", "yes", 0.02, 13)).withNumeric("RowNumber", rowNumbers(500));
    Pipeline strict = logistic().trainer(new DataChecksTest.FailingTrainer()).strictAudit().build();
    String m = assertThrows(IllegalStateException.class, () -> strict.fit(table)).getMessage();
    assertTrue(m.startsWith("strict audit: 2 findings at or above WARNING; no model or bundle was made. Fix each, or relax"
        + " strictAudit(...):\n- ERROR PREDICTIVE_FEATURE [leak]: column 'leak' alone reaches held-out ROC AUC 0.9"), m);
    assertTrue(m.contains("\n- WARNING ID_LIKE_COLUMN [RowNumber]: column 'RowNumber' (NUMERIC, whole numbers) has 500 distinct"), m);
    assertEquals(2, m.split("\n- ").length - 1, m);

    // At ERROR the ID-like warning passes; without the leak the fit goes through and keeps the warning.
    PipelineResult relaxed = logistic().strictAudit(AuditFinding.Severity.ERROR).build().fit(table.drop("leak"));
    assertEquals(List.of(AuditFinding.Kind.ID_LIKE_COLUMN), kinds(relaxed.audit().findings()));
    assertEquals("ERROR", logistic().strictAudit(AuditFinding.Severity.ERROR).build().spec().get("strictAudit"));
  }

  // ---- determinism and the manifest ----

  @Test
  void findings_areDeterministic_andInTheBundleId() {
    Table base = TestData.binary(300, 14);
    Table table = base.withNumeric("RowNumber", rowNumbers(300));
    PipelineResult first = logistic().build().fit(table);
    PipelineResult second = logistic().build().fit(table);
    assertEquals(first.audit(), second.audit());
    assertEquals(first.bundle().id(), second.bundle().id());
    assertTrue(first.bundle().id().length() == 64);
    assertEquals(Map.of("findings", List.of(first.audit().findings().get(0).toMap()), "fittedOn", List.of()), first.audit().toMap());
  }

  // ---- credit_data.csv ----

  @Test
  void credit_allColumns_findOnlyTheTwoDuplicatedRecords() throws Exception {
    Table credit = credit();
    // Rows 1021/1022 and 2928/2929 of credit_data.csv are identical in all 14 columns (found with pandas duplicated()).
    int[][] pairs = {{1021, 1022}, {2928, 2929}};
    for (long seed : new long[] {0, 1, 42}) {
      Split split = Split.stratified(0.8);
      Partition p = split.partition(credit, "Status", seed);
      int[] part = LeakageAudit.parts(credit.rowCount(), p);
      List<Integer> across = new ArrayList<>();
      for (int[] pair : pairs) {
        if (part[pair[0]] != part[pair[1]]) {
          across.add(part[pair[0]] == 2 ? pair[0] : pair[1]);
        }
      }
      List<AuditFinding> findings = audit(credit, "Status", Task.CLASSIFICATION, split, p);
      if (across.isEmpty()) {
        assertEquals(List.of(), findings);
      } else {
        assertEquals(List.of(AuditFinding.Kind.EXACT_DUPLICATES), kinds(findings), findings.toString());
        assertEquals(across.size(), findings.get(0).count());
        assertEquals(across, findings.get(0).rows());
      }
    }
  }

  @Test
  void credit_leakyCopyAndRowNumber_areFlagged_andNothingElse() throws Exception {
    Table credit = credit();
    Table t = credit.withNumeric("Leak", noisyCopy(credit, "Status", "good", 0.02, 15)).withNumeric("Id", rowNumbers(credit.rowCount()));
    Split split = Split.stratified(0.8);
    List<AuditFinding> findings = audit(t, "Status", Task.CLASSIFICATION, split, split.partition(t, "Status", 42));
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE, AuditFinding.Kind.ID_LIKE_COLUMN), kinds(LeakageAudit.ordered(findings)),
        findings.toString());
    assertEquals(List.of("Leak"), LeakageAudit.ordered(findings).get(0).columns());
    assertEquals(List.of("Id"), LeakageAudit.ordered(findings).get(1).columns());
  }
}
