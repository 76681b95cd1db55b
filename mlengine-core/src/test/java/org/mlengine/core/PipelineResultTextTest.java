package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Audit;
import org.mlengine.runtime.AuditFinding;
import org.mlengine.runtime.MetricEstimate;
import org.mlengine.runtime.Profile;

/** The notebook forms of {@link Partition} and {@link PipelineResult}: sizes and summaries, never row indices. */
class PipelineResultTextTest {

  @Test
  void partitionToString_largeParts_printsSizesNotIndices() {
    Partition p = Partition.of(IntStream.range(0, 8000).toArray(), IntStream.range(8000, 9000).toArray(),
        IntStream.range(9000, 10000).toArray());

    assertEquals("Partition[train 8000 rows, validation 1000 rows, test 1000 rows]", p.toString());
  }

  @Test
  void toString_handBuiltResult_printsMetricsWarningsAndAuditSummary() {
    Map<String, Double> baselines = new LinkedHashMap<>();
    baselines.put("zero_rule", 0.5);
    baselines.put("stratified_random", 0.4924);
    List<MetricEstimate> estimates = List.of(
        new MetricEstimate("roc_auc", 0.82462, 0.79365, 0.85382, "bootstrap percentile (1000 resamples), 95%", baselines),
        new MetricEstimate("log_loss", 0.4321, 0.4, 0.47, "bootstrap percentile (1000 resamples), 95%", Map.of()));
    AuditFinding duplicate = new AuditFinding(AuditFinding.Kind.EXACT_DUPLICATES, AuditFinding.Severity.WARNING, List.of(), 1,
        List.of(1022), "1 held-out row is identical to a row of an earlier part. It counts twice.", "Remove duplicates.");
    PipelineResult result = new PipelineResult(null, null, Partition.of(new int[] {0, 1, 2}, new int[] {3}), Map.of(),
        Map.of(), estimates, List.of("accuracy is not significantly better than zero_rule. Look at the data."), null,
        Optional.empty(), new Audit(List.of(duplicate), List.of()), new Profile(0, List.of()));

    assertEquals("""
        PipelineResult, 3 training, 0 validation and 1 test rows
        held-out metrics:
          roc_auc  0.8246 [0.7937, 0.8538]  baselines: zero_rule 0.5000, stratified_random 0.4924
          log_loss 0.4321 [0.4000, 0.4700]
          intervals: bootstrap percentile (1000 resamples), 95%
        warnings:
        - accuracy is not significantly better than zero_rule.
        steps: none
        leakage audit: 1 finding (result.audit() says what to do)
        - WARNING EXACT_DUPLICATES: 1 held-out row is identical to a row of an earlier part.""", result.toString());
  }

  @Test
  void toString_resultWithTimings_printsTheFitsSecondsAndEachPhaseBeforeTheBundle() {
    Map<String, Duration> timings = new LinkedHashMap<>();
    timings.put("checks", Duration.ofMillis(12));
    timings.put("train", Duration.ofMillis(1500));
    timings.put("evaluate", Duration.ofNanos(250_400_000));
    PipelineResult result = new PipelineResult(null, null, null, Map.of(), Map.of(), List.of(), List.of(), null,
        Optional.empty(), new Audit(List.of(), List.of()), new Profile(0, List.of()), timings);

    assertEquals("""
        PipelineResult
        held-out metrics: none
        warnings: none
        steps: none
        leakage audit: clean (0 fitted steps saw exactly the training part)
        fit took 1.762 s: checks 0.012, train 1.500, evaluate 0.250 (result.timings())""", result.toString());
  }

  @Test
  void toString_manyFindings_showsThreeAndSaysHowManyMore() {
    List<AuditFinding> findings = IntStream.range(0, 5).mapToObj(i -> new AuditFinding(AuditFinding.Kind.ID_LIKE_COLUMN,
        AuditFinding.Severity.INFO, List.of("c" + i), 1, List.of(), "column c" + i + " looks like an id.", "Drop it."))
        .toList();
    PipelineResult result = new PipelineResult(null, null, null, Map.of(), Map.of(), List.of(), List.of(), null,
        Optional.empty(), new Audit(findings, List.of()), new Profile(0, List.of()));

    assertEquals("""
        PipelineResult
        held-out metrics: none
        warnings: none
        steps: none
        leakage audit: 5 findings (result.audit() says what to do)
        - INFO ID_LIKE_COLUMN c0: column c0 looks like an id.
        - INFO ID_LIKE_COLUMN c1: column c1 looks like an id.
        - INFO ID_LIKE_COLUMN c2: column c2 looks like an id.
          ... 2 more findings in result.audit()""", result.toString());
  }
}
