package org.mlengine.core;

import org.mlengine.core.spi.ReportWriter;
import org.mlengine.runtime.Table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineResult#report(Path)} without mlengine-eval: core's test class path has no
 * {@link ReportWriter}, so the call must say which artifact to add and write nothing. (With eval
 * present, eval's ReportTest checks that the call writes eval's report.)
 */
class PipelineResultReportTest {
  @TempDir Path dir;

  @Test
  void report_withoutEvalOnTheClassPath_namesTheArtifactToAddAndWritesNothing() throws Exception {
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.linearSgd().epochs(2))
        .metrics(TestData.accuracy())
        .bootstrap(0)
        .seed(1)
        .build()
        .fit(TestData.binary(200, 1));
    Path target = dir.resolve("report");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> result.report(target));
    assertEquals("result.report(" + target + ") needs mlengine-eval, which draws the report, and no ReportWriter was found on the"
        + " class path; add the dependency org.mlengine:mlengine-eval (the same version as mlengine-core) to your build",
        e.getMessage());
    assertFalse(Files.exists(target), "nothing is written without a writer");
  }

  @Test
  void reportWithTable_withoutEvalOnTheClassPath_namesTheCallAndTheArtifact() throws Exception {
    Table table = TestData.binary(200, 1);
    PipelineResult result = Pipeline.builder()
        .target("y")
        .split(Split.stratified(0.8))
        .trainer(Trainers.linearSgd().epochs(2))
        .metrics(TestData.accuracy())
        .bootstrap(0)
        .seed(1)
        .build()
        .fit(table);
    Path target = dir.resolve("report");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> result.report(target, table));
    assertEquals("result.report(" + target + ", table) needs mlengine-eval, which draws the report, and no ReportWriter was found"
        + " on the class path; add the dependency org.mlengine:mlengine-eval (the same version as mlengine-core) to your build",
        e.getMessage());
    NullPointerException noTable = assertThrows(NullPointerException.class, () -> result.report(target, null));
    assertEquals("report(directory, table) needs the table given to fit, whose held-out rows it slices; got null. Use"
        + " report(directory) for a report without slices", noTable.getMessage());
    assertFalse(Files.exists(target), "nothing is written without a writer");
  }

  @Test
  void reportInputs_nullParts_sayWhatToPass() {
    NullPointerException table = assertThrows(NullPointerException.class, () -> ReportInputs.none().withTable(null));
    assertEquals("ReportInputs.withTable(table) needs the table given to fit; got null", table.getMessage());
    NullPointerException tuning = assertThrows(NullPointerException.class, () -> ReportInputs.none().withTuning(null));
    assertEquals("ReportInputs.withTuning(tuning) needs the TuningResult that Tuner.fit returned; got null", tuning.getMessage());
    assertEquals(new ReportInputs(java.util.Optional.empty(), java.util.Optional.empty()), ReportInputs.none());
  }
}
