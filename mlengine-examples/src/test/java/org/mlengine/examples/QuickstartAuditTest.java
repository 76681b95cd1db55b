package org.mlengine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.ColumnProfile;
import org.mlengine.runtime.ModelBundle;
import org.mlengine.core.PipelineResult;
import org.mlengine.runtime.Table;

/** The leakage audit and the profile of the quickstart pipeline on the shipped credit data. */
class QuickstartAuditTest {
  /**
   * Rows 1021/1022 and 2928/2929 of credit_data.csv are identical in all 14 columns (two
   * applications entered twice); when a pair is split across training and test the audit must
   * say so — that is the only finding the quickstart may have.
   */
  private static final Set<Integer> DUPLICATED_RECORDS = Set.of(1021, 1022, 2928, 2929);

  private static Table credit;
  private static PipelineResult result;

  @BeforeAll
  static void fitOnce() throws IOException {
    credit = Quickstart.creditData();
    result = Quickstart.train(credit);
  }

  private static double[] noisyStatus(double share, long seed) {
    Random random = new Random(seed);
    double[] out = new double[credit.rowCount()];
    for (int r = 0; r < out.length; r++) {
      boolean good = "good".equals(credit.string("Status", r));
      out[r] = (random.nextDouble() < share) != good ? 1 : 0;
    }
    return out;
  }

  @Test
  void quickstart_audit_findsOnlyTheDuplicatedRecords() {
    Audit audit = result.audit();
    for (AuditFinding f : audit.findings()) {
      assertEquals(AuditFinding.Kind.EXACT_DUPLICATES, f.kind(), audit::toString);
      assertTrue(DUPLICATED_RECORDS.containsAll(f.rows()), audit::toString);
      assertTrue(f.count() <= 2, audit::toString);
    }
  }

  @Test
  void quickstart_everyStep_wasFittedOnExactlyTheTrainingPart() {
    List<Audit.FittedOn> fittedOn = result.audit().fittedOn();
    assertEquals(List.of("mean_encoding", "impute", "standardize"), fittedOn.stream().map(Audit.FittedOn::step).toList());
    for (Audit.FittedOn f : fittedOn) {
      assertEquals(result.bundle().trainingRows(), f.rows());
      assertEquals(result.bundle().trainingDataSha256(), f.sha256());
    }
  }

  @Test
  void quickstart_profile_describesTheTrainingPart_andTravelsInTheBundle(@TempDir Path dir) throws IOException {
    assertEquals(result.partition().train().length(), result.profile().rows());
    assertEquals(credit.columnNames(), result.profile().columns().stream().map(ColumnProfile::name).toList());
    ColumnProfile.Categorical status = (ColumnProfile.Categorical) result.profile().column("Status").orElseThrow();
    assertEquals(List.of("good", "bad"), status.topValues().stream().map(ColumnProfile.ValueCount::value).toList());
    Path file = dir.resolve("credit.mlb");
    result.bundle().save(file);
    ModelBundle loaded = ModelBundle.load(file);
    assertEquals(result.bundle().profile(), loaded.profile());
    assertEquals(result.bundle().audit(), loaded.audit());
    assertEquals(result.bundle().id(), loaded.id());
  }

  @Test
  void quickstart_withALeakyCopyAndARowNumber_flagsBoth_andStrictModeRefuses() {
    double[] id = new double[credit.rowCount()];
    for (int r = 0; r < id.length; r++) {
      id[r] = r;
    }
    Table leaky = credit.withNumeric("Approved", noisyStatus(0.02, 1)).withNumeric("Id", id);
    Audit audit = Quickstart.pipeline().toBuilder().build().fit(leaky).audit();
    assertEquals(List.of(AuditFinding.Kind.PREDICTIVE_FEATURE, AuditFinding.Kind.ID_LIKE_COLUMN),
        audit.findings().stream().map(AuditFinding::kind).toList(), audit::toString);
    assertEquals(List.of("Approved"), audit.findings().get(0).columns());
    assertEquals(List.of("Id"), audit.findings().get(1).columns());

    String m = assertThrows(IllegalStateException.class, () -> Quickstart.pipeline().toBuilder().strictAudit().build().fit(leaky))
        .getMessage();
    assertTrue(m.startsWith("strict audit: 2 findings at or above WARNING; no model or bundle was made."), m);
    assertTrue(m.contains("\n- ERROR PREDICTIVE_FEATURE [Approved]: column 'Approved' alone reaches held-out ROC AUC 0.9"), m);
    assertTrue(m.contains("\n- WARNING ID_LIKE_COLUMN [Id]: column 'Id' (NUMERIC, whole numbers) has 4454 distinct values in 4454 rows"), m);
  }
}
