package org.mlengine.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mlengine.runtime.Table;

/** Issue #15: {@link PipelineResult#timings()}, the wall time of each phase of a fit, the train phase alone among them. */
class PipelineTimingsTest {
  private static final Table TABLE = TestData.binary(600, 4);

  private static Pipeline.Builder builder() {
    return Pipeline.builder().target("y").split(Split.stratified(0.8)).trainer(Trainers.cart().maxDepth(4))
        .metrics(TestData.accuracy()).bootstrap(100).seed(8);
  }

  @Test
  void fit_plainPipeline_timesEveryPhaseInTheOrderTheyRan_andTheirSumIsWithinTheWallTime() {
    Pipeline pipeline = builder().build();

    long start = System.nanoTime();
    PipelineResult result = pipeline.fit(TABLE);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);

    Map<String, Duration> timings = result.timings();
    assertEquals(List.of("checks", "split", "fingerprint", "profile", "audit", "features", "train", "evaluate", "bundle"),
        new ArrayList<>(timings.keySet()));
    timings.forEach((phase, d) -> assertFalse(d.isNegative(), () -> phase + " took " + d));
    Duration sum = timings.values().stream().reduce(Duration.ZERO, Duration::plus);
    assertTrue(sum.compareTo(wall) <= 0, () -> "phases sum to " + sum + ", more than the fit's wall time " + wall);
    assertTrue(timings.get("train").toNanos() > 0, () -> "the trainer took no time: " + timings);
  }

  @Test
  void fit_refitOnAll_timesTheRefitAsOnePhaseBeforeTheBundle() {
    PipelineResult result = builder().refitOnAll().build().fit(TABLE);

    assertEquals(List.of("checks", "split", "fingerprint", "profile", "audit", "features", "train", "evaluate", "refit", "bundle"),
        new ArrayList<>(result.timings().keySet()));
  }

  @Test
  void fit_twice_sameBundleIdWhateverTheTimes() {
    Pipeline pipeline = builder().build();

    PipelineResult first = pipeline.fit(TABLE);
    PipelineResult second = pipeline.fit(TABLE);

    assertEquals(first.bundle().id(), second.bundle().id());
    assertFalse(first.bundle().spec().contains("timings"), first.bundle().spec());
  }

  @Test
  void timings_resultNotMadeByFit_isEmptyAndCannotBeChanged() {
    PipelineResult fitted = builder().build().fit(TABLE);
    PipelineResult copy = new PipelineResult(fitted.pipeline(), fitted.bundle(), fitted.partition(), fitted.metrics(),
        fitted.validationMetrics(), fitted.estimates(), fitted.warnings(), fitted.testOutcomes(), fitted.validationOutcomes(),
        fitted.audit(), fitted.profile());

    assertEquals(Map.of(), copy.timings());
    assertThrowsUnsupported(() -> fitted.timings().put("train", Duration.ZERO));
  }

  private static void assertThrowsUnsupported(Runnable change) {
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, change::run);
  }
}
