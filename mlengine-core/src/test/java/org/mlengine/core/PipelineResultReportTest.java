package org.mlengine.core;

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
        .trainer(Trainers.logisticRegression().epochs(2))
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
}
